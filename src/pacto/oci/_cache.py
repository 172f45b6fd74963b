"""The on-disk bundle cache (07-oci.md §7.3, §13).

Layout: ``<cache_dir>/<ref with every ":" replaced by "/">/bundle.tar.gz`` — upstream's, so
other tools (and the dashboard's cache scanner) find the files — plus a ``metadata.json``
beside it holding the manifest digest (for revalidation against the registry) and the sha256
of ``bundle.tar.gz`` (checked on every read, so a damaged or half-replaced file is a miss,
never a wrong bundle).

Writes are atomic (temp file in the same directory, ``os.replace``) under an exclusive
``flock`` on ``<dir>/.lock``; reads take the shared lock, so the archive and its metadata are
always seen as a pair, by threads and by other processes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pacto.contract import Bundle
from pacto.oci._artifact import bundle_files
from pacto.oci._codec import bundle_from_archive, pack_files
from pacto.oci.errors import ArchiveError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: atomic replace without the advisory lock
    fcntl = None  # type: ignore[assignment]

__all__ = ["BUNDLE_FILE", "METADATA_FILE", "CacheEntry", "DiskCache"]

logger = logging.getLogger(__name__)

BUNDLE_FILE = "bundle.tar.gz"
METADATA_FILE = "metadata.json"
_LOCK_FILE = ".lock"


@dataclass(frozen=True, slots=True)
class CacheEntry:
    bundle: Bundle
    digest: str
    """The manifest digest the bundle was pulled or pushed as; ``""`` when unknown."""
    path: Path


@contextlib.contextmanager
def _locked(directory: Path, *, exclusive: bool) -> Iterator[None]:
    if fcntl is None:
        yield
        return
    descriptor = os.open(directory / _LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(descriptor)


def _write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).chmod(mode)
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


class DiskCache:
    """Bundles by reference under ``root`` (normally ``~/.cache/pacto/oci``)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_for(self, ref: str) -> Path:
        """``<root>/<ref, ":" → "/">/bundle.tar.gz``; ``<root>/_invalid/bundle.tar.gz`` when the
        joined path would leave the root."""
        parts = ref.replace(":", "/").split("/")
        if any(part in ("", ".", "..") for part in parts) or "\\" in ref or "\x00" in ref:
            return self.root / "_invalid" / BUNDLE_FILE
        candidate = self.root.joinpath(*parts, BUNDLE_FILE)
        root = os.path.normpath(self.root)
        if not os.path.normpath(candidate).startswith(root + os.sep):
            return self.root / "_invalid" / BUNDLE_FILE
        return candidate

    def load(self, ref: str) -> CacheEntry | None:
        """The cached bundle, or ``None`` on any failure (missing, damaged, unparsable)."""
        path = self.path_for(ref)
        directory = path.parent
        if not path.is_file():
            return None
        try:
            with _locked(directory, exclusive=False):
                data = path.read_bytes()
                try:
                    metadata = json.loads((directory / METADATA_FILE).read_bytes())
                except (OSError, ValueError):
                    metadata = {}
            if not isinstance(metadata, dict):
                metadata = {}
            expected = metadata.get("sha256")
            if isinstance(expected, str) and expected != hashlib.sha256(data).hexdigest():
                logger.debug("cache entry does not match its checksum ref=%s", ref)
                return None
            bundle = bundle_from_archive(data, origin=f"oci://{ref}")
        except (OSError, ArchiveError) as exc:
            logger.debug("cache entry unusable ref=%s error=%s", ref, exc)
            return None
        digest = metadata.get("digest")
        return CacheEntry(bundle, digest if isinstance(digest, str) else "", path)

    def store(self, ref: str, bundle: Bundle, digest: str) -> Path:
        """Re-pack ``bundle`` with the §3.3 writer and write it for ``ref``, atomically.

        Raises ``OSError`` or :class:`ArchiveError`; callers treat the cache as best effort.
        """
        path = self.path_for(ref)
        data = pack_files(bundle_files(bundle))
        metadata = {
            "ref": ref,
            "digest": digest,
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
        }
        directory = path.parent
        directory.mkdir(mode=0o755, parents=True, exist_ok=True)
        with _locked(directory, exclusive=True):
            _write_atomic(path, data)
            _write_atomic(directory / METADATA_FILE, json.dumps(metadata, indent=2).encode())
        return path

    def tags(self, repository_ref: str) -> list[str]:
        """Tags cached for ``registry/repository`` (for offline version resolution)."""
        directory = self.path_for(f"{repository_ref}/x").parent.parent
        if directory.name == "_invalid" or not directory.is_dir():
            return []
        found = []
        for child in sorted(directory.iterdir()):
            if (child / BUNDLE_FILE).is_file():
                found.append(child.name)
        return found
