"""Bundle stores: :class:`RegistryStore` over the client, :class:`CachedStore` over any store
(07-oci.md §5, §7, §11).

References never carry ``oci://`` (it is stripped if present). A reference without tag or
digest resolves to the highest semver tag of its repository (§8); non-semver tags such as
``latest`` are ignored by that resolution.

:class:`CachedStore` keeps bundles in memory (LRU) and on disk. A cached *tag* is revalidated
with one quick ``HEAD`` of the manifest when it is served from disk (and, in memory, once it is
older than ``revalidate_after`` seconds): a tag re-pushed elsewhere is pulled again, never served
stale, while an unreachable registry leaves the cached copy in service (offline use). Digest
references are immutable and never revalidated. ``disable_cache()`` (``--no-cache``) skips disk
reads only; pulled bundles are still written, so later runs start warm.

Tag *lists* are what version resolution (untagged refs, ``compatibility`` ranges) reads. They
are kept in memory for the life of the process and on disk for ``tags_ttl`` seconds (default
60, ``PACTO_TAG_CACHE_TTL``; 0 turns the disk copy off), so a warm run in a new process does not
list every repository again. The trade-off is bounded and only about *new* versions: a version
published elsewhere is picked by ranges once the stored list is older than ``tags_ttl``.
It never makes a re-pushed tag stale: the tag a range picks is still revalidated by its
``HEAD``. A tag that has disappeared from the registry drops the stored list (it is listed again
next time), and an untagged fetch then resolves again at once; a push through the store drops
the list of the repository pushed to.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pacto.contract import Bundle, MemoryFS
from pacto.oci._artifact import (
    MANIFEST_MEDIA_TYPE,
    ArtifactError,
    build_artifact,
    bundle_files,
    single_layer,
)
from pacto.oci._cache import DiskCache
from pacto.oci._codec import MAX_INFLATED_BYTES, ArchiveLimits, bundle_from_archive
from pacto.oci._progress import Progress
from pacto.oci._reference import (
    Reference,
    best_tag,
    has_explicit_tag,
    parse_reference,
    parse_repository,
    strip_scheme,
)
from pacto.oci.errors import (
    ArchiveError,
    ArtifactNotFoundError,
    AuthenticationError,
    InvalidBundleError,
    RegistryUnreachableError,
)

if TYPE_CHECKING:
    from pacto.oci._client import RegistryClient

__all__ = ["DEFAULT_TAGS_TTL", "CachedStore", "PullResult", "PushResult", "RegistryStore"]

logger = logging.getLogger(__name__)

DEFAULT_TAGS_TTL = 60.0
"""Seconds a tag list stored on disk serves version resolution in later processes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PushResult:
    """What :meth:`RegistryStore.push` did. ``pushed`` is false when the tag existed and
    ``force`` was not given; ``digest`` is then the existing manifest's."""

    ref: str
    digest: str
    pushed: bool
    name: str
    version: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PullResult:
    """A fetched bundle with the reference it was fetched as and its manifest digest.
    ``source`` is ``registry``, ``memory`` or ``disk``."""

    ref: str
    digest: str
    bundle: Bundle
    source: str = "registry"


def _resolve_with(
    lister: Callable[[str], list[str]], reference: str, constraint: str | None
) -> str:
    reference = strip_scheme(reference)
    if has_explicit_tag(reference):
        logger.debug("reference has explicit tag ref=%s", reference)
        return reference
    logger.debug("resolving best tag for reference ref=%s constraint=%s", reference, constraint)
    parse_repository(reference)
    tag = best_tag(lister(reference), constraint, ref=reference)
    logger.debug("resolved tag ref=%s tag=%s", reference, tag)
    return f"{reference}:{tag}"


class RegistryStore:
    """The registry side of the ``BundleStore`` port: push, pull, digest, tags."""

    def __init__(self, client: RegistryClient, *, limits: ArchiveLimits | None = None) -> None:
        self.client = client
        self.limits = limits or ArchiveLimits()

    def close(self) -> None:
        self.client.close()

    def list_tags(self, repository: str) -> list[str]:
        """Every tag of ``repository`` (no tag or digest), in registry order."""
        parsed = parse_repository(repository)
        logger.debug("listing tags repo=%s", repository)
        tags = self.client.list_tags(parsed)
        logger.debug("tags listed repo=%s count=%d", repository, len(tags))
        return tags

    def resolve(self, reference: str, compatibility: str | None = None) -> str:
        """``reference`` unchanged when it has a tag or digest; otherwise with the highest
        semver tag that satisfies ``compatibility`` appended. Raises
        :class:`NoMatchingVersionError` when there is none."""
        return _resolve_with(self.list_tags, reference, compatibility)

    def digest(self, reference: str, *, quick: bool = False) -> str:
        """The manifest digest ``reference`` points at (a ``HEAD``); raises
        :class:`ArtifactNotFoundError` when it does not exist."""
        parsed = parse_reference(reference)
        logger.debug("resolving digest ref=%s", reference)
        found = self.client.head_manifest(parsed, quick=quick)
        logger.debug("resolved digest ref=%s digest=%s", reference, found)
        return found

    def fetch(self, reference: str, *, progress: Progress | None = None) -> PullResult:
        """Fetch and unpack ``reference`` as given (no tag means ``latest``)."""
        reference = strip_scheme(reference)
        parsed = parse_reference(reference)
        logger.debug("fetching image from registry ref=%s", reference)
        manifest = self.client.get_manifest(parsed)
        try:
            layer_digest, size = single_layer(manifest.content, manifest.media_type)
        except ArtifactError as exc:
            raise InvalidBundleError(reference, f"failed to extract bundle: {exc}") from exc
        layer = self.client.get_blob(
            parsed,
            layer_digest,
            size=size,
            max_bytes=MAX_INFLATED_BYTES,
            progress=progress,
            description=f"pull {parsed.repository}",
        )
        logger.debug("extracting bundle from image ref=%s", reference)
        try:
            bundle = bundle_from_archive(layer, origin=f"oci://{reference}", limits=self.limits)
        except ArchiveError as exc:
            raise InvalidBundleError(
                reference, f"failed to extract bundle: failed to extract layer: {exc}"
            ) from exc
        return PullResult(ref=reference, digest=manifest.digest, bundle=bundle)

    def pull(self, reference: str) -> Bundle:
        """The bundle at ``reference``; an untagged reference resolves to the highest semver
        tag first."""
        return self.fetch(self.resolve(reference)).bundle

    def push(
        self,
        reference: str,
        bundle: Bundle,
        *,
        force: bool,
        progress: Progress | None = None,
    ) -> PushResult:
        """Build the artifact of ``bundle`` and upload it under ``reference`` (which must carry
        a tag or digest). Without ``force`` an existing tag is left alone and the result says
        ``pushed=False``. Blobs the registry already holds are not uploaded again."""
        reference = strip_scheme(reference)
        parsed = parse_reference(reference)
        contract = bundle.contract
        if not force:
            try:
                existing = self.digest(reference)
            except ArtifactNotFoundError:
                pass
            else:
                return PushResult(
                    ref=reference,
                    digest=existing,
                    pushed=False,
                    name=contract.service.name,
                    version=contract.service.version,
                )
        logger.debug("building OCI image from bundle ref=%s", reference)
        try:
            artifact = build_artifact(bundle)
        except (ArtifactError, ArchiveError) as exc:
            raise InvalidBundleError(reference, f"failed to build OCI image: {exc}") from exc
        logger.debug("writing image to registry ref=%s", reference)
        self.client.push_blob(parsed, artifact.config, digest=artifact.config_digest, progress=None)
        self.client.push_blob(
            parsed,
            artifact.layer,
            digest=artifact.layer_digest,
            progress=progress,
            description=f"push {parsed.repository}",
        )
        digest = self.client.put_manifest(parsed, artifact.manifest, MANIFEST_MEDIA_TYPE)
        logger.debug("image pushed successfully ref=%s digest=%s", reference, digest)
        return PushResult(
            ref=reference,
            digest=digest,
            pushed=True,
            name=contract.service.name,
            version=contract.service.version,
        )


@dataclass(slots=True)
class _MemoryEntry:
    result: PullResult
    checked: float


class CachedStore:
    """Memory (LRU) and disk cache in front of a :class:`RegistryStore`; thread-safe."""

    def __init__(
        self,
        inner: RegistryStore,
        *,
        cache_dir: Path | str | None,
        skip_disk_reads: bool = False,
        memory_size: int = 512,
        revalidate_after: float = 5.0,
        tags_ttl: float = DEFAULT_TAGS_TTL,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.inner = inner
        self._disk = DiskCache(Path(cache_dir)) if cache_dir else None
        self.skip_disk_reads = skip_disk_reads
        self._memory_size = memory_size
        self._revalidate_after = revalidate_after
        self._tags_ttl = tags_ttl
        self._clock = clock
        self._wall_clock = wall_clock
        self._lock = threading.Lock()
        self._memory: OrderedDict[str, _MemoryEntry] = OrderedDict()
        self._tags: dict[str, list[str]] = {}

    # ----------------------------------------------------------------- cache state

    def cache_dir(self) -> str:
        """The disk cache directory (``""`` when there is none)."""
        return str(self._disk.root) if self._disk is not None else ""

    def disable_cache(self) -> None:
        """Cold start (``--no-cache``): skip disk reads from now on and forget what memory
        holds; disk writes continue (07-oci.md §7.4)."""
        with self._lock:
            self.skip_disk_reads = True
            self._memory.clear()
            self._tags.clear()

    def close(self) -> None:
        self.inner.close()

    def _remember(self, key: str, result: PullResult) -> None:
        with self._lock:
            self._memory[key] = _MemoryEntry(result, self._clock())
            self._memory.move_to_end(key)
            while len(self._memory) > self._memory_size:
                self._memory.popitem(last=False)

    def _forget(self, key: str) -> None:
        with self._lock:
            self._memory.pop(key, None)

    def _write_disk(self, key: str, result: PullResult) -> None:
        if self._disk is None:
            return
        try:
            self._disk.store(key, result.bundle, result.digest)
        except (OSError, ArchiveError) as exc:
            logger.debug("cache write failed ref=%s error=%s", key, exc)

    # ----------------------------------------------------------------- port

    def list_tags(self, repository: str) -> list[str]:
        """Tags of ``repository``: remembered for the life of the process, and read from the
        disk cache while the stored list is younger than ``tags_ttl`` seconds."""
        key = str(parse_repository(repository))
        with self._lock:
            cached = self._tags.get(key)
        if cached is not None:
            logger.debug("tags cache hit repo=%s", key)
            return list(cached)
        stored = self._fresh_disk_tags(key)
        if stored is not None:
            logger.debug("tags cache hit (disk) repo=%s", key)
            with self._lock:
                self._tags[key] = list(stored)
            return stored
        listed_at = self._wall_clock()
        tags = self.inner.list_tags(repository)
        with self._lock:
            self._tags[key] = list(tags)
        if self._disk is not None and self._tags_ttl > 0:
            try:
                self._disk.store_tags(key, tags, listed_at)
            except OSError as exc:
                logger.debug("tags cache write failed repo=%s error=%s", key, exc)
        return tags

    def _fresh_disk_tags(self, key: str) -> list[str] | None:
        if self._disk is None or self.skip_disk_reads or self._tags_ttl <= 0:
            return None
        stored = self._disk.load_tags(key)
        if stored is None:
            return None
        tags, listed_at = stored
        age = self._wall_clock() - listed_at
        if not 0 <= age < self._tags_ttl:  # too old, or listed "in the future" (clock change)
            return None
        return tags

    def _forget_tags(self, repository_ref: str) -> None:
        with self._lock:
            self._tags.pop(repository_ref, None)
        if self._disk is not None:
            self._disk.forget_tags(repository_ref)

    def _list_tags_or_cached(self, repository: str) -> list[str]:
        try:
            return self.list_tags(repository)
        except RegistryUnreachableError:
            if self._disk is None or self.skip_disk_reads:
                raise
            cached = self._disk.tags(str(parse_repository(repository)))
            if not cached:
                raise
            logger.warning("registry unreachable; resolving %s from cached tags", repository)
            return cached

    def resolve(self, reference: str, compatibility: str | None = None) -> str:
        """Like :meth:`RegistryStore.resolve`; offline, falls back to the cached tags."""
        return _resolve_with(self._list_tags_or_cached, reference, compatibility)

    def digest(self, reference: str, *, quick: bool = False) -> str:
        """Never cached."""
        return self.inner.digest(reference, quick=quick)

    def pull(self, reference: str) -> Bundle:
        return self.fetch(reference).bundle

    def pull_cached(self, reference: str) -> Bundle | None:
        """Memory, then disk (unless disk reads are off); never the network (§9.1)."""
        key = str(parse_reference(strip_scheme(reference)))
        with self._lock:
            entry = self._memory.get(key)
        if entry is not None:
            return entry.result.bundle
        if self._disk is None or self.skip_disk_reads:
            return None
        found = self._disk.load(key)
        if found is None:
            return None
        self._remember(
            key, PullResult(ref=key, digest=found.digest, bundle=found.bundle, source="disk")
        )
        return found.bundle

    def fetch(self, reference: str, *, progress: Progress | None = None) -> PullResult:
        """The bundle at ``reference`` (untagged → highest semver tag), from memory, disk or
        the registry, with its manifest digest."""
        resolved = self.resolve(reference)
        try:
            return self._fetch_resolved(resolved, progress)
        except ArtifactNotFoundError:
            if has_explicit_tag(reference):
                raise
            # The tag was picked from a stored list that the registry no longer agrees with
            # (the list is dropped by now): resolve once more from a fresh listing.
            again = self.resolve(reference)
            if again == resolved:
                raise
            return self._fetch_resolved(again, progress)

    def _fetch_resolved(self, resolved: str, progress: Progress | None) -> PullResult:
        parsed = parse_reference(resolved)
        key = str(parsed)
        now = self._clock()
        with self._lock:
            entry = self._memory.get(key)
            if entry is not None:
                self._memory.move_to_end(key)
        if entry is not None and (parsed.is_pinned or now - entry.checked < self._revalidate_after):
            logger.debug("cache hit (memory) ref=%s", key)
            return PullResult(
                ref=resolved,
                digest=entry.result.digest,
                bundle=entry.result.bundle,
                source="memory",
            )
        candidate: PullResult | None = entry.result if entry is not None else None
        if candidate is None and self._disk is not None and not self.skip_disk_reads:
            found = self._disk.load(key)
            if found is not None:
                candidate = PullResult(
                    ref=resolved, digest=found.digest, bundle=found.bundle, source="disk"
                )
        if candidate is not None:
            fresh = self._revalidate(parsed, candidate)
            if fresh is not None:
                logger.debug("cache hit (%s) ref=%s", fresh.source, key)
                self._remember(key, fresh)
                return fresh
        logger.debug("cache miss, pulling from registry ref=%s", key)
        try:
            result = self.inner.fetch(resolved, progress=progress)
        except ArtifactNotFoundError:
            self._tag_not_found(parsed)
            raise
        self._remember(key, result)
        self._write_disk(key, result)
        return result

    def _revalidate(self, parsed: Reference, candidate: PullResult) -> PullResult | None:
        """``candidate`` if it is still what the registry serves (or the registry cannot be
        asked); ``None`` when the tag moved."""
        if parsed.is_pinned:
            return candidate
        try:
            current = self.inner.digest(str(parsed), quick=True)
        except (RegistryUnreachableError, AuthenticationError) as exc:
            logger.debug("cannot revalidate, serving cached copy ref=%s error=%s", parsed, exc)
            return candidate
        except ArtifactNotFoundError:
            self._forget(str(parsed))
            self._tag_not_found(parsed)
            raise
        if candidate.digest and current == candidate.digest:
            return candidate
        logger.debug(
            "cached tag moved ref=%s cached=%s current=%s", parsed, candidate.digest, current
        )
        return None

    def _tag_not_found(self, parsed: Reference) -> None:
        """A tag of the repository is gone: its stored tag list may name it, drop that."""
        if not parsed.is_pinned:
            self._forget_tags(parsed.repository_ref)

    def push(
        self,
        reference: str,
        bundle: Bundle,
        *,
        force: bool,
        progress: Progress | None = None,
    ) -> PushResult:
        """Delegate; after a real push the pushed bundle replaces the cached copy of the ref,
        so a ``--force`` re-push is never shadowed by a stale copy (07-oci.md §14.9), and the
        repository's tag list is dropped, so the new tag takes part in resolution at once."""
        result = self.inner.push(reference, bundle, force=force, progress=progress)
        if result.pushed:
            parsed_ref = parse_reference(strip_scheme(reference))
            self._forget_tags(parsed_ref.repository_ref)
            key = str(parsed_ref)
            snapshot = Bundle(
                contract=bundle.contract,
                raw_yaml=bundle.raw(),
                fs=MemoryFS(bundle_files(bundle)),
                origin=f"oci://{key}",
            )
            pulled = PullResult(ref=key, digest=result.digest, bundle=snapshot, source="memory")
            self._remember(key, pulled)
            self._write_disk(key, pulled)
        return result
