"""Bundles: a contract plus the file tree it lives in (01-contract.md §2).

A bundle's files are reached through :class:`BundleFS`, a read-only, slash-separated, rooted
view. Paths that are not *valid rooted paths* (empty, leading or trailing ``/``, empty, ``.`` or
``..`` elements, backslashes) never name a file, so a reference can never escape the bundle
(§2.3). :class:`DirectoryFS` also refuses symbolic links that resolve outside its root.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from pacto._record import Record, field
from pacto.contract.errors import BundleError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from pacto.contract._model import Contract
    from pacto.contract._ports import BundleFS

__all__ = [
    "CONTRACT_FILE",
    "MAX_CONTRACT_BYTES",
    "Bundle",
    "DirectoryFS",
    "MemoryFS",
    "is_valid_rooted_path",
]

CONTRACT_FILE = "pacto.yaml"
MAX_CONTRACT_BYTES = 4 * 1024 * 1024
"""pacto.yaml larger than this is refused before it is read (a contract is a few KB)."""


def is_valid_rooted_path(path: str) -> bool:
    """True when ``path`` is a clean bundle-relative path (Go's ``fs.ValidPath`` plus no ``\\``)."""
    if not path or path.startswith("/") or path.endswith("/") or "\\" in path:
        return False
    return all(part not in ("", ".", "..") for part in path.split("/"))


class DirectoryFS:
    """A bundle rooted at a local directory. Symbolic links are followed only while they stay
    inside the root."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self._real_root = os.path.realpath(self.root)
        self._resolved: dict[str, str | None] = {}

    def __repr__(self) -> str:
        return f"DirectoryFS({str(self.root)!r})"

    def _resolve(self, path: str) -> str | None:
        # realpath costs ~20 lstat calls; a bundle is read as a snapshot, so memoise per path.
        if path in self._resolved:
            return self._resolved[path]
        real: str | None = None
        if is_valid_rooted_path(path):
            real = os.path.realpath(os.path.join(self._real_root, *path.split("/")))
            if real != self._real_root and not real.startswith(self._real_root + os.sep):
                real = None
        if len(self._resolved) < 4096:
            self._resolved[path] = real
        return real

    def is_file(self, path: str) -> bool:
        real = self._resolve(path)
        return real is not None and os.path.isfile(real)

    def read_bytes(self, path: str) -> bytes:
        real = self._resolve(path)
        if real is None or not os.path.isfile(real):
            raise FileNotFoundError(path)
        with open(real, "rb") as handle:
            return handle.read()

    def list_files(self) -> list[str]:
        files: list[str] = []
        for directory, dirnames, filenames in os.walk(self.root):
            dirnames.sort()
            relative_dir = os.path.relpath(directory, self.root)
            for name in filenames:
                relative = name if relative_dir == "." else f"{relative_dir}/{name}"
                relative = relative.replace(os.sep, "/")
                if self.is_file(relative):
                    files.append(relative)
        return sorted(files)


class MemoryFS(Record, kw_only=False):
    """A bundle held in memory (pulled from a registry, or a directory with an override)."""

    files: Mapping[str, bytes] = field(default_factory=dict)

    def is_file(self, path: str) -> bool:
        return is_valid_rooted_path(path) and path in self.files

    def read_bytes(self, path: str) -> bytes:
        if not self.is_file(path):
            raise FileNotFoundError(path)
        return self.files[path]

    def list_files(self) -> list[str]:
        return sorted(self.files)

    def replace(self, path: str, content: bytes) -> MemoryFS:
        """A copy with one file replaced or added."""
        return MemoryFS({**self.files, path: content})

    @classmethod
    def copy_of(cls, fs: BundleFS) -> MemoryFS:
        return cls({path: fs.read_bytes(path) for path in fs.list_files()})

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self.files))


class Bundle(Record, kw_only=False):
    """A parsed contract with the raw ``pacto.yaml`` and the bundle's files (§2.1)."""

    contract: Contract
    raw_yaml: bytes | None = None
    fs: BundleFS | None = None
    origin: str = ""
    """Where the bundle came from (a directory path or an ``oci://`` reference), for messages."""

    def raw(self) -> bytes:
        """``raw_yaml`` when set, else ``pacto.yaml`` read from ``fs``.

        Raises :class:`BundleError` when neither is available.
        """
        if self.raw_yaml:
            return self.raw_yaml
        if self.fs is not None and self.fs.is_file(CONTRACT_FILE):
            return self.fs.read_bytes(CONTRACT_FILE)
        raise BundleError("no raw YAML available for this bundle")
