"""Source locations (file:line:col) for the nodes changes point at.

Locations are computed after the diff, only for the nodes of reported changes, in one pass per
file. YAML files use the contract package's :class:`~pacto.contract.LocationIndex`. For JSON,
composing a node tree of a 12 MB document would cost seconds, so :class:`JsonLocator` scans the
text once, descending only into the containers on the way to a requested node and skipping
every other value with the C decoder.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable
from typing import Any

from pacto.contract import LocationIndex, SourceLocation

__all__ = ["JsonLocator", "Locator"]

PointerPath = tuple[str | int, ...]

_scanstring: Any = json.decoder.scanstring  # type: ignore[attr-defined]  # stub lacks it
_WHITESPACE = re.compile(r"[ \t\n\r]*")


class _Trie:
    __slots__ = ("children", "wanted")

    def __init__(self) -> None:
        self.children: dict[str | int, _Trie] = {}
        self.wanted = False


class _Done(Exception):  # noqa: N818 - control flow: every wanted node was found
    pass


class JsonLocator:
    """Finds the start of JSON values by path, many paths per scan."""

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self._decoder = json.JSONDecoder()
        self._positions: dict[int, tuple[int, int]] = {}
        self._found: dict[PointerPath, int] = {}
        self._remaining = 0

    def _skip_ws(self, index: int) -> int:
        match = _WHITESPACE.match(self.text, index)
        return match.end() if match else index

    def _skip_value(self, index: int) -> int:
        _, end = self._decoder.raw_decode(self.text, index)
        return int(end)

    def _visit(self, index: int, node: _Trie, path: PointerPath) -> int:
        """Record ``path`` at ``index`` and return the index after its value."""
        text = self.text
        self._found[path] = index
        if node.wanted:
            self._remaining -= 1
            if self._remaining == 0:
                raise _Done  # nothing left to find: skip the rest of the document
        if not node.children:
            return self._skip_value(index)
        opener = text[index]
        if opener == "{":
            index = self._skip_ws(index + 1)
            if text[index] == "}":
                return index + 1
            while True:
                key, index = _scanstring(text, index + 1)
                index = self._skip_ws(index)
                index = self._skip_ws(index + 1)  # the colon
                child = node.children.get(key)
                if child is not None:
                    index = self._visit(index, child, (*path, key))
                else:
                    index = self._skip_value(index)
                index = self._skip_ws(index)
                if text[index] == ",":
                    index = self._skip_ws(index + 1)
                    continue
                return index + 1
        if opener == "[":
            index = self._skip_ws(index + 1)
            if text[index] == "]":
                return index + 1
            position = 0
            while True:
                child = node.children.get(position)
                if child is not None:
                    index = self._visit(index, child, (*path, position))
                else:
                    index = self._skip_value(index)
                index = self._skip_ws(index)
                position += 1
                if text[index] == ",":
                    index = self._skip_ws(index + 1)
                    continue
                return index + 1
        return self._skip_value(index)

    def prepare(self, paths: Iterable[PointerPath]) -> None:
        """Scan once for every path (and its ancestors)."""
        root = _Trie()
        self._remaining = 0
        for path in paths:
            if path in self._found:
                continue
            node = root
            for token in path:
                node = node.children.setdefault(token, _Trie())
            if not node.wanted:
                node.wanted = True
                self._remaining += 1
        if not self._remaining:
            return
        # A document that does not scan keeps whatever was found before the problem.
        with contextlib.suppress(ValueError, IndexError, _Done):
            self._visit(self._skip_ws(0), root, ())
        self._number_lines()

    def _line_column(self, offset: int) -> tuple[int, int]:
        position = self._positions.get(offset)
        if position is None:
            line = self.text.count("\n", 0, offset) + 1
            position = (line, offset - self.text.rfind("\n", 0, offset))
            self._positions[offset] = position
        return position

    def _number_lines(self) -> None:
        """Line/column of every found offset with one ordered pass of ``str.count`` (C speed)."""
        line, previous = 1, 0
        for offset in sorted(set(self._found.values())):
            line += self.text.count("\n", previous, offset)
            self._positions[offset] = (line, offset - self.text.rfind("\n", 0, offset))
            previous = offset

    def locate(self, path: PointerPath) -> SourceLocation | None:
        probe = path
        while True:
            offset = self._found.get(probe)
            if offset is not None:
                line, column = self._line_column(offset)
                return SourceLocation(self.file, line, column)
            if not probe:
                return None
            probe = probe[:-1]


class Locator:
    """Locations for one file, JSON or YAML."""

    def __init__(self, text: str, file: str, *, is_json: bool) -> None:
        self._json = JsonLocator(text, file) if is_json else None
        self._yaml = None if is_json else LocationIndex(text, file)

    def prepare(self, paths: Iterable[PointerPath]) -> None:
        if self._json is not None:
            self._json.prepare(paths)

    def locate(self, path: PointerPath) -> SourceLocation | None:
        if self._json is not None:
            return self._json.locate(path)
        assert self._yaml is not None
        return self._yaml.locate(tuple(_yaml_key(t) for t in path))


def _yaml_key(token: Any) -> str | int:
    return token if isinstance(token, int) else str(token)
