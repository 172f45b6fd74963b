"""Small text helpers of the Markdown generator: numbering, anchors, ids, cells, Go-style values."""

from __future__ import annotations

import re
from typing import Any

from pacto.contract import format_go_value

__all__ = [
    "Numberer",
    "anchor",
    "capitalize_first",
    "cell",
    "code",
    "go_value",
    "sanitize",
]

_NOT_ALPHANUMERIC = re.compile(r"[^A-Za-z0-9]")
_BACKTICK_RUNS = re.compile(r"`+")


class Numberer:
    """Hierarchical section numbers: ``next(1)`` → ``"2"``, ``next(2)`` → ``"2.1"``.

    ``next(depth)`` increments the counter at ``depth`` (1-based) and forgets deeper ones.
    """

    def __init__(self) -> None:
        self._counters: list[int] = []

    def next(self, depth: int) -> str:
        while len(self._counters) < depth:
            self._counters.append(0)
        del self._counters[depth:]
        self._counters[depth - 1] += 1
        return ".".join(str(n) for n in self._counters)


def anchor(heading: str) -> str:
    """The link target of a Markdown heading: lower-case, spaces → ``-``, no ``:`` or ``.``."""
    return heading.lower().replace(" ", "-").replace(":", "").replace(".", "")


def sanitize(text: str) -> str:
    """A Mermaid/HTML id: every character outside ``[A-Za-z0-9]`` removed."""
    return _NOT_ALPHANUMERIC.sub("", text)


def capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def cell(text: str) -> str:
    """Plain table-cell text: ``|`` escaped and line breaks folded (09 §6 item 4)."""
    return " ".join(text.replace("|", "\\|").split("\n")).replace("\r", "")


def code(text: str) -> str:
    """``text`` as a Markdown code span that stays one table cell whatever it contains."""
    longest = max((len(run) for run in _BACKTICK_RUNS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    body = cell(text)
    if body.startswith("`") or body.endswith("`"):
        body = f" {body} "
    return f"{fence}{body}{fence}"


def go_value(value: Any) -> str:
    """``value`` as Go's ``%v`` prints it (the reference's footer and defaults); see
    :func:`pacto.contract.format_go_value`."""
    return format_go_value(value)
