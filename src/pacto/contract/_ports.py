"""The contract package's port: :class:`BundleFS`, how a bundle's files are read.

A module of its own so that ``typing`` (which ``Protocol`` needs) is imported only by code that
uses the class at run time (``isinstance`` checks, subclasses), never on a cold ``validate``:
the package exports it lazily.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["BundleFS"]


@runtime_checkable
class BundleFS(Protocol):
    """Read-only access to a bundle's files by bundle-relative, ``/``-separated path."""

    def read_bytes(self, path: str) -> bytes:
        """The file's content; raises ``FileNotFoundError`` when it is not a regular file."""
        ...

    def is_file(self, path: str) -> bool:
        """True when ``path`` names a regular file of the bundle (directories are not files)."""
        ...

    def list_files(self) -> list[str]:
        """Every regular file of the bundle, sorted, as bundle-relative paths."""
        ...
