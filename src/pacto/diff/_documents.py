"""Loading the structured files a diff reads (OpenAPI documents, JSON Schemas) from a bundle.

Each bundle side has one :class:`DocumentStore`; a file is read and decoded once, however many
interfaces or ``$ref`` s name it. JSON takes the stdlib decoder (a 12 MB OpenAPI file decodes in
a tenth of a second), anything else the safe YAML 1.2 loader. Failures are reported as
:class:`LoadProblem` for the caller to turn into a diagnostic or to ignore.
"""

from __future__ import annotations

import contextlib
import gc
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pacto.contract import BundleFS, DocumentError, load_yaml
from pacto.diff._model import Diagnostic

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "Diagnostics",
    "DocumentStore",
    "LoadProblem",
    "LoadedDocument",
    "paused_gc",
]

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
"""Referenced files above this size are not compared (a warning says so)."""


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic collector while building big trees: it dominates the cost of loading
    large documents (ENVIRONMENT.md §2). The previous state is restored on exit."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Diagnostics:
    """Collects warnings in order, without duplicates."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str], Diagnostic] = {}

    def add(self, message: str, file: str = "") -> None:
        self._items.setdefault((file, message), Diagnostic(message=message, file=file))

    def extend(self, other: Diagnostics) -> None:
        for key, value in other._items.items():
            self._items.setdefault(key, value)

    def items(self) -> tuple[Diagnostic, ...]:
        return tuple(self._items.values())


class LoadProblem(Exception):  # noqa: N818 - internal signal, never leaves the package
    """A file could not be loaded; ``message`` says why (missing, too large, not parseable)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(slots=True)
class LoadedDocument:
    """A decoded bundle file with its text (kept for source locations)."""

    path: str
    data: Any
    text: str
    is_json: bool


class DocumentStore:
    """Reads and decodes files of one bundle side, caching successes and failures."""

    def __init__(self, fs: BundleFS | None, side: str) -> None:
        self.fs = fs
        self.side = side
        self._cache: dict[tuple[str, bool], LoadedDocument | LoadProblem] = {}

    def load(self, path: str, *, json_only: bool = False) -> LoadedDocument:
        """The decoded file; raises :class:`LoadProblem`. ``json_only`` refuses YAML syntax
        (the reference reads JSON Schema files as JSON only)."""
        key = (path, json_only)
        cached = self._cache.get(key)
        if cached is None:
            try:
                cached = self._load(path, json_only)
            except LoadProblem as problem:
                cached = problem
            self._cache[key] = cached
        if isinstance(cached, LoadProblem):
            raise cached
        return cached

    def documents(self) -> list[LoadedDocument]:
        return [d for d in self._cache.values() if isinstance(d, LoadedDocument)]

    def _load(self, path: str, json_only: bool) -> LoadedDocument:
        if self.fs is None:
            raise LoadProblem("no bundle files available")
        try:
            data = self.fs.read_bytes(path)
        except FileNotFoundError:
            raise LoadProblem("file not found in the bundle") from None
        except OSError as exc:
            raise LoadProblem(f"cannot read the file: {exc.strerror or exc}") from exc
        if len(data) > MAX_DOCUMENT_BYTES:
            raise LoadProblem(
                f"file is {len(data) / 1_048_576:.0f} MB, above the "
                f"{MAX_DOCUMENT_BYTES // 1_048_576} MB limit for compared documents"
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise LoadProblem(f"not UTF-8 text (invalid byte at offset {exc.start})") from exc
        stripped = text.lstrip()
        looks_json = path.endswith(".json") or stripped.startswith(("{", "["))
        if looks_json or json_only:
            with paused_gc():
                try:
                    return LoadedDocument(path, json.loads(text), text, True)
                except RecursionError:
                    raise LoadProblem("JSON nests too deeply") from None
                except ValueError as exc:
                    if json_only or path.endswith(".json"):
                        raise LoadProblem(f"invalid JSON: {exc}") from exc
        with paused_gc():
            try:
                document = load_yaml(text, name=path, empty_ok=True)
            except DocumentError as exc:
                raise LoadProblem(f"invalid YAML: {exc}") from exc
        return LoadedDocument(path, document, text, False)
