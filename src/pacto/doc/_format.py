"""Small text helpers of the Markdown generator: numbering, anchors, ids, cells, Go-style values."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

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
    """``value`` as Go's ``%v`` prints a decoded YAML/JSON value (the reference's footer and
    defaults): strings raw, ``true``/``false``, ``<nil>``, ``map[k:v …]`` with sorted keys,
    ``[a b]`` lists, floats in Go's shortest ``%g`` form."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _go_float(value)
    if isinstance(value, dict):
        items = " ".join(f"{k}:{go_value(value[k])}" for k in sorted(value, key=str))
        return f"map[{items}]"
    if isinstance(value, list | tuple):
        return "[" + " ".join(go_value(v) for v in value) + "]"
    return str(value)


def _go_float(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    sign, digit_tuple, exponent = Decimal(repr(value)).as_tuple()
    assert isinstance(exponent, int)
    digits = "".join(str(d) for d in digit_tuple).rstrip("0") or "0"
    point = len(digit_tuple) + exponent  # position of the decimal point within the digits
    precision = 6
    if precision > len(digits) >= point:
        precision = len(digits)
    power = point - 1
    prefix = "-" if sign else ""
    if power < -4 or power >= precision:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{prefix}{mantissa}e{'-' if power < 0 else '+'}{abs(power):02d}"
    if point <= 0:
        return f"{prefix}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return prefix + digits + "0" * (point - len(digits))
    return f"{prefix}{digits[:point]}.{digits[point:]}"
