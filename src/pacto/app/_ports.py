"""The ports the application service is built from (owned here as Protocols so that the app
layer does not import the adapters; the adapters satisfy them structurally)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from pacto.contract import Bundle

__all__ = ["BundleStore"]


@runtime_checkable
class BundleStore(Protocol):
    """Fetches bundles from OCI registries. ``reference`` has no ``oci://`` prefix; a reference
    without tag or digest resolves to the highest semver tag."""

    def pull(self, reference: str) -> Bundle: ...
