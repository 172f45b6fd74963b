"""The on-disk bundle cache (07-oci.md §7.3, §13).

Layout: ``<cache_dir>/<ref with every ":" replaced by "/">/bundle.tar.gz`` — upstream's, so
other tools (and the dashboard's cache scanner) find the files — plus a ``metadata.json``
beside it holding the manifest digest (for revalidation against the registry) and the sha256
of ``bundle.tar.gz`` (checked on every read, so a damaged or half-replaced file is a miss,
never a wrong bundle).

Writes are atomic (temp file in the same directory, ``os.replace``) under an exclusive
``flock`` on ``<dir>/.lock``. Reads check the pair against the checksum and take the shared
lock only when it does not match, so the archive and its metadata are always seen as a pair, by
threads and by other processes. Writes are not ``fsync``-ed (about 1.5 ms per bundle): after
a crash a file may be lost or damaged, and the checksum turns that into a cache miss, never
into a wrong bundle (an archive that lost its metadata has no digest, so it is revalidated as
moved and pulled again).

A repository directory may also hold ``.tags.json``: the repository's tag list and when it was
listed, so that version resolution in a new process need not list the tags again while the
list is fresh (the store decides what fresh means). The name cannot clash with a tag or a
nested repository: neither may start with ``.``. It is one file replaced atomically, so it
needs no lock.
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

__all__ = ["BUNDLE_FILE", "METADATA_FILE", "TAGS_FILE", "CacheEntry", "DiskCache"]

logger = logging.getLogger(__name__)

BUNDLE_FILE = "bundle.tar.gz"
METADATA_FILE = "metadata.json"
TAGS_FILE = ".tags.json"
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
    """Replace ``path`` with ``data`` in one step (no fsync: see the module docstring)."""
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        Path(temporary).chmod(mode)
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


def _read_pair(path: Path) -> tuple[bytes, dict[str, object]]:
    """``bundle.tar.gz`` and its metadata (``{}`` when missing or unreadable)."""
    data = path.read_bytes()
    try:
        metadata = json.loads((path.parent / METADATA_FILE).read_bytes())
    except (OSError, ValueError):
        metadata = {}
    return data, metadata if isinstance(metadata, dict) else {}


def _verified(data: bytes, metadata: dict[str, object]) -> bool:
    expected = metadata.get("sha256")
    return isinstance(expected, str) and expected == hashlib.sha256(data).hexdigest()


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
        """The cached bundle, or ``None`` on any failure (missing, damaged, unparsable).

        The archive and its metadata are read without the lock first: the checksum in the
        metadata tells whether the two belong together. Only a pair that does not match (a
        writer replaced one file between the two reads) or that has no checksum is read again
        under the shared lock.
        """
        path = self.path_for(ref)
        try:
            data, metadata = _read_pair(path)
            if not _verified(data, metadata):
                with _locked(path.parent, exclusive=False):
                    data, metadata = _read_pair(path)
                if "sha256" in metadata and not _verified(data, metadata):
                    logger.debug("cache entry does not match its checksum ref=%s", ref)
                    return None
            bundle = bundle_from_archive(data, origin=f"oci://{ref}")
        except FileNotFoundError:
            return None
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

    def _repository_dir(self, repository_ref: str) -> Path | None:
        """``<root>/<registry, ":" → "/">/<repository>``; ``None`` when that leaves the root."""
        bundle = self.path_for(f"{repository_ref}/x")
        if bundle.parent.name == "_invalid" and bundle.parent.parent == self.root:
            return None
        return bundle.parent.parent

    def tags(self, repository_ref: str) -> list[str]:
        """Tags cached for ``registry/repository`` (for offline version resolution)."""
        directory = self._repository_dir(repository_ref)
        if directory is None or not directory.is_dir():
            return []
        found = []
        for child in sorted(directory.iterdir()):
            if (child / BUNDLE_FILE).is_file():
                found.append(child.name)
        return found

    def load_tags(self, repository_ref: str) -> tuple[list[str], float] | None:
        """The tag list stored for ``registry/repository`` and when it was listed (Unix time);
        ``None`` when there is none or it cannot be read."""
        directory = self._repository_dir(repository_ref)
        if directory is None:
            return None
        try:
            document = json.loads((directory / TAGS_FILE).read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(document, dict) or document.get("repository") != repository_ref:
            return None
        tags, listed_at = document.get("tags"), document.get("listedAt")
        if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
            return None
        if not isinstance(listed_at, int | float) or isinstance(listed_at, bool):
            return None
        return list(tags), float(listed_at)

    def store_tags(self, repository_ref: str, tags: list[str], listed_at: float) -> None:
        """Write the tag list of ``registry/repository``, atomically. Raises ``OSError``."""
        directory = self._repository_dir(repository_ref)
        if directory is None:
            return
        document = {"repository": repository_ref, "listedAt": listed_at, "tags": list(tags)}
        directory.mkdir(mode=0o755, parents=True, exist_ok=True)
        _write_atomic(directory / TAGS_FILE, json.dumps(document).encode())

    def forget_tags(self, repository_ref: str) -> None:
        """Drop the stored tag list of ``registry/repository`` (best effort)."""
        directory = self._repository_dir(repository_ref)
        if directory is not None:
            with contextlib.suppress(OSError):
                (directory / TAGS_FILE).unlink()
