"""The :class:`DataSource` port (10-dashboard.md §4) that every source implements."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from pacto.dashboard.model import DiffResult, Ref, Service, ServiceDetails, Version

__all__ = ["DataSource"]


@runtime_checkable
class DataSource(Protocol):
    """Where services come from. Methods raise :class:`~pacto.dashboard.errors.DashboardError`
    subclasses (not found included); they must be safe to call from several threads."""

    @property
    def source_type(self) -> str:
        """The public type: ``local``, ``oci`` or ``k8s`` (the cache source says ``oci``)."""
        ...

    def list_services(self) -> list[Service]:
        """Services sorted by name."""
        ...

    def get_service(self, name: str) -> ServiceDetails: ...

    def get_versions(self, name: str) -> list[Version]: ...

    def get_diff(self, a: Ref, b: Ref) -> DiffResult: ...
