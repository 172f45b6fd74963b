"""Lazy, mode-aware resolution of ``oci://`` references (07-oci.md §9), used by the dashboard.

``LOCAL_ONLY`` answers from the cache alone and never touches the network (the corrected
upstream behaviour: :meth:`CachedStore.pull_cached`); ``REMOTE_ALLOWED`` pulls on a miss. Errors
are classified into the typed errors of :mod:`pacto.oci.errors` as the spec's table says.
"""

from __future__ import annotations

import enum
import logging
from typing import Protocol

from pacto.contract import Bundle
from pacto.oci._reference import filter_semver_tags, has_explicit_tag, strip_scheme
from pacto.oci._store import CachedStore
from pacto.oci.errors import (
    ArchiveError,
    ArtifactNotFoundError,
    AuthenticationError,
    InvalidBundleError,
    InvalidRefError,
    NoMatchingVersionError,
    RegistryError,
    RegistryUnreachableError,
)

__all__ = ["ResolveMode", "Resolver", "ResolverStore"]

logger = logging.getLogger(__name__)


class ResolveMode(enum.Enum):
    LOCAL_ONLY = "local-only"
    REMOTE_ALLOWED = "remote-allowed"


class ResolverStore(Protocol):
    def pull(self, reference: str) -> Bundle: ...

    def list_tags(self, repository: str) -> list[str]: ...

    def resolve(self, reference: str, compatibility: str | None = None) -> str: ...


class Resolver:
    """Resolves references through a store (normally the :class:`CachedStore`)."""

    def __init__(self, store: ResolverStore) -> None:
        self.store = store

    def resolve(self, ref: str, mode: ResolveMode) -> Bundle:
        return self.resolve_constrained(ref, "", mode)

    def resolve_constrained(self, ref: str, constraint: str, mode: ResolveMode) -> Bundle:
        """The bundle for ``ref``; raises :class:`ArtifactNotFoundError`,
        :class:`NoMatchingVersionError`, :class:`InvalidRefError`, :class:`InvalidBundleError`,
        or passes authentication/unreachable errors through."""
        ref = strip_scheme(ref)
        if mode is ResolveMode.LOCAL_ONLY:
            cached = None
            if isinstance(self.store, CachedStore):
                try:
                    cached = self.store.pull_cached(ref)
                except InvalidRefError:
                    cached = None
            if cached is None:
                raise ArtifactNotFoundError(ref, "not found in local cache")
            return cached
        resolved = ref
        if not has_explicit_tag(ref):
            try:
                resolved = self.store.resolve(ref, constraint or None)
            except RegistryError as exc:
                if constraint:
                    raise NoMatchingVersionError(ref, constraint, exc) from exc
                raise ArtifactNotFoundError(ref, exc) from exc
        try:
            return self.store.pull(resolved)
        except (AuthenticationError, ArtifactNotFoundError, RegistryUnreachableError):
            raise
        except (InvalidRefError, InvalidBundleError):
            raise
        except ArchiveError as exc:
            raise InvalidBundleError(resolved, f"failed to extract bundle: {exc}") from exc

    def list_versions(self, ref: str) -> list[str]:
        """Semver tags of the repository, highest first."""
        return filter_semver_tags(self.store.list_tags(strip_scheme(ref)))

    def fetch_all_versions(self, ref: str) -> list[str]:
        """Pull every semver version (filling the cache); a failed pull is logged and skipped.
        Listing errors propagate. Returns the versions, highest first."""
        repository = strip_scheme(ref)
        versions = filter_semver_tags(self.store.list_tags(repository))
        for version in versions:
            try:
                self.store.pull(f"{repository}:{version}")
            except RegistryError as exc:
                logger.warning(
                    "failed to cache version ref=%s:%s error=%s", repository, version, exc
                )
        return versions
