"""The validation package's port: :class:`BundleResolver`, how policy references reach other
bundles.

A module of its own so that ``typing`` (which ``Protocol`` needs) is imported only by code that
uses the class at run time, never on a cold ``validate``: the package exports it lazily.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from pacto.contract import Bundle

__all__ = ["BundleResolver"]


@runtime_checkable
class BundleResolver(Protocol):
    """Turns a ``policies[].ref`` into a bundle. Owned by the validation layer (a port)."""

    def resolve_bundle(self, ref: str) -> Bundle:
        """The bundle ``ref`` designates, given exactly as written in the contract (``oci://``
        prefix included, or a local path). Raises on any failure; the engine fails closed."""
        ...
