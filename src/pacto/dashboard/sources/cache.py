"""The internal cache source: bundles materialised in the OCI disk cache (§6.5).

Never a public source: everything it returns is labelled ``oci``. It serves as the offline
stand-in for ``oci`` and, wired into the live OCI source, as its enrichment store (hashes,
materialisation times, classifications). Archives are read with :mod:`pacto.oci`'s defensive
reader (no ``..``, regular files only, size and entry caps) and memoised per file signature,
so a rescan after each discovery event re-reads only what changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pacto.contract import Bundle
from pacto.dashboard.bundle_view import BundleView, describe_bundle
from pacto.dashboard.classify import BundleDiffer, classify_versions, compute_diff
from pacto.dashboard.errors import DiffUnavailableError, ServiceNotFoundError
from pacto.dashboard.model import DiffResult, Ref, Service, ServiceDetails, Version
from pacto.dashboard.naming import strip_tag
from pacto.dashboard.versioning import sort_tags_desc
from pacto.errors import PactoError

__all__ = ["CacheSource", "CachedVersion"]

log = logging.getLogger(__name__)

_BUNDLE_FILE = "bundle.tar.gz"
_METADATA_FILE = "metadata.json"


@dataclass(slots=True)
class CachedVersion:
    tag: str
    repository: str
    path: Path
    bundle: Bundle
    created_at: datetime
    contract_hash: str
    _view: BundleView | None = field(default=None, repr=False)

    @property
    def ref(self) -> str:
        return f"{self.repository}:{self.tag}"

    def view(self) -> BundleView:
        if self._view is None:
            self._view = describe_bundle(self.bundle, "oci")
        return self._view


@dataclass(frozen=True, slots=True)
class _Index:
    by_service: dict[str, list[CachedVersion]]  # latest first

    def version_count(self) -> int:
        return sum(len(v) for v in self.by_service.values())


def _repository_and_tag(root: Path, bundle_path: Path) -> tuple[str, str] | None:
    """From ``metadata.json``'s ``ref`` when present (exact, ports included), else from the
    directory layout ``<registry>/<repo...>/<tag>`` (the reference's rule)."""
    try:
        metadata = json.loads((bundle_path.parent / _METADATA_FILE).read_bytes())
        ref = metadata.get("ref") if isinstance(metadata, dict) else None
    except (OSError, ValueError):
        ref = None
    if isinstance(ref, str) and ref and "@" not in ref:
        repository = strip_tag(ref)
        if repository != ref:
            return repository, ref[len(repository) + 1 :]
    parts = bundle_path.parent.relative_to(root).parts
    if len(parts) < 2:
        return None
    return "/".join(parts[:-1]), parts[-1]


class CacheSource:
    """Reads ``<cache_dir>/<registry>/<repo>/<tag>/bundle.tar.gz``, grouped by service name."""

    source_type = "oci"

    def __init__(self, cache_dir: str | os.PathLike[str], *, differ: BundleDiffer | None = None):
        self.cache_dir = Path(cache_dir)
        self._differ = differ
        self._lock = threading.Lock()
        self._files: dict[Path, tuple[tuple[int, int], CachedVersion | None]] = {}
        self._index = _Index(by_service={})
        self._classified: dict[str, tuple[tuple[tuple[str, int], ...], dict[str, str]]] = {}
        self.rescan()

    def _read(self, path: Path, signature: tuple[int, int]) -> CachedVersion | None:
        located = _repository_and_tag(self.cache_dir, path)
        if located is None:
            return None
        from pacto.oci import bundle_from_archive

        try:
            data = path.read_bytes()
            bundle = bundle_from_archive(data, origin=f"oci://{located[0]}:{located[1]}")
            raw = bundle.raw()
        except (OSError, ValueError, PactoError) as exc:  # a damaged entry is skipped
            log.debug("skipping cached bundle path=%s error=%s", path, exc)
            return None
        return CachedVersion(
            tag=located[1],
            repository=located[0],
            path=path,
            bundle=bundle,
            created_at=datetime.fromtimestamp(signature[0] / 1e9, tz=UTC),
            contract_hash=hashlib.sha256(raw).hexdigest(),
        )

    def rescan(self) -> None:
        """Rebuild the index from disk and swap it in atomically."""
        found: dict[Path, tuple[tuple[int, int], CachedVersion | None]] = {}
        if self.cache_dir.is_dir():
            for directory, _dirs, files in os.walk(self.cache_dir):
                if _BUNDLE_FILE not in files:
                    continue
                path = Path(directory) / _BUNDLE_FILE
                try:
                    st = path.stat()
                except OSError:
                    continue
                signature = (st.st_mtime_ns, st.st_size)
                with self._lock:
                    previous = self._files.get(path)
                if previous is not None and previous[0] == signature:
                    found[path] = previous
                else:
                    found[path] = (signature, self._read(path, signature))
        by_service: dict[str, dict[str, CachedVersion]] = {}
        for _, version in found.values():
            if version is None:
                continue
            name = version.bundle.contract.service.name
            tags = by_service.setdefault(name, {})
            # Two repositories may hold the same service: keep the newest materialisation.
            existing = tags.get(version.tag)
            if existing is None or existing.created_at < version.created_at:
                tags[version.tag] = version
        index: dict[str, list[CachedVersion]] = {}
        for name, tags in by_service.items():
            ordered = sort_tags_desc(tags)
            ordered += sorted((t for t in tags if t not in ordered), reverse=True)
            index[name] = [tags[t] for t in ordered]
        with self._lock:
            self._files = found
            self._index = _Index(by_service=index)

    def service_count(self) -> int:
        return len(self._index.by_service)

    def version_count(self) -> int:
        return self._index.version_count()

    def _versions(self, name: str) -> list[CachedVersion]:
        versions = self._index.by_service.get(name)
        if not versions:
            raise ServiceNotFoundError(f'service "{name}" not found in OCI cache', name=name)
        return versions

    def list_services(self) -> list[Service]:
        index = self._index.by_service
        return [index[name][0].view().service for name in sorted(index)]

    def get_service(self, name: str) -> ServiceDetails:
        return self._versions(name)[0].view().details

    def _classifications(self, name: str, versions: list[CachedVersion]) -> dict[str, str]:
        key = tuple((v.tag, v.path.stat().st_mtime_ns if v.path.exists() else 0) for v in versions)
        with self._lock:
            memo = self._classified.get(name)
        if memo is not None and memo[0] == key:
            return memo[1]
        result = classify_versions([(v.tag, v.bundle) for v in versions], self._differ)
        with self._lock:
            self._classified[name] = (key, result)
        return result

    def get_versions(self, name: str) -> list[Version]:
        versions = self._versions(name)
        classes = self._classifications(name, versions)
        return [
            Version(
                version=v.tag,
                ref=v.ref,
                contract_hash=v.contract_hash,
                created_at=v.created_at,
                source="oci",
                classification=classes.get(v.tag, ""),
            )
            for v in versions
        ]

    def bundle(self, name: str, version: str) -> Bundle:
        for candidate in self._index.by_service.get(name, ()):
            if candidate.tag == version:
                return candidate.bundle
        raise ServiceNotFoundError(
            f'version "{version}" of "{name}" not found in OCI cache', name=name
        )

    def get_diff(self, a: Ref, b: Ref) -> DiffResult:
        if self._differ is None:
            raise DiffUnavailableError("the contract diff engine is not available")
        return compute_diff(
            self._differ, a, b, self.bundle(a.name, a.version), self.bundle(b.name, b.version)
        )
