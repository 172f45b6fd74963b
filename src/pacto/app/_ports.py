"""The ports the application service is built from (owned here as Protocols so that the app
layer does not import the adapters; the adapters satisfy them structurally)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from pacto.contract import Bundle

if TYPE_CHECKING:
    from pacto.oci import Progress

__all__ = ["BundleStore", "FetchedBundle", "PushedBundle"]


class FetchedBundle(Protocol):
    """What :meth:`BundleStore.fetch` returns (``pacto.oci.PullResult``)."""

    @property
    def ref(self) -> str:
        """The reference fetched, with its tag (no ``oci://``)."""
        ...

    @property
    def digest(self) -> str:
        """The manifest digest (``sha256:...``)."""
        ...

    @property
    def bundle(self) -> Bundle: ...

    @property
    def source(self) -> str:
        """``registry``, ``memory`` or ``disk``."""
        ...


class PushedBundle(Protocol):
    """What :meth:`BundleStore.push` returns (``pacto.oci.PushResult``)."""

    @property
    def ref(self) -> str: ...

    @property
    def digest(self) -> str: ...

    @property
    def pushed(self) -> bool:
        """False when the tag existed and ``force`` was not given (nothing was uploaded)."""
        ...

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...


@runtime_checkable
class BundleStore(Protocol):
    """Fetches bundles from and publishes them to OCI registries (``pacto.oci.CachedStore``).

    ``reference`` has no ``oci://`` prefix; a reference without tag or digest resolves to the
    highest semver tag. Registry failures raise the typed errors of ``pacto.oci.errors``.
    """

    def pull(self, reference: str) -> Bundle:
        """The bundle at ``reference`` (untagged: the highest semver tag)."""
        ...

    def resolve(self, reference: str, compatibility: str | None = None) -> str:
        """``reference`` unchanged when it has a tag or digest; otherwise with the highest
        semver tag satisfying ``compatibility`` appended (``NoMatchingVersionError`` if none)."""
        ...

    def list_tags(self, repository: str) -> list[str]:
        """Every tag of ``repository`` (no tag or digest), in registry order."""
        ...

    def fetch(self, reference: str, *, progress: Progress | None = None) -> FetchedBundle:
        """Like :meth:`pull`, with the resolved reference, manifest digest and where the bundle
        came from."""
        ...

    def push(
        self,
        reference: str,
        bundle: Bundle,
        *,
        force: bool,
        progress: Progress | None = None,
    ) -> PushedBundle:
        """Publish ``bundle`` under ``reference`` (which carries a tag or digest); without
        ``force`` an existing tag is left alone."""
        ...
