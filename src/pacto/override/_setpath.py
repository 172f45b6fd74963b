"""``--set`` key paths (06-overrides.md §5) and value coercion (§6).

Coercion follows the reference's strict grammar (Go's ``strconv``), not Python's: ``int()`` and
``float()`` accept surrounding whitespace, ``_`` separators and non-ASCII digits, ``float()``
rejects hexadecimal floats and turns an overflow into ``inf`` instead of failing. Every form is
therefore checked against an explicit ASCII pattern before it is converted.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from pacto.override.errors import OverrideError, quote

__all__ = ["Segment", "coerce_value", "parse_key_path", "set_path"]

_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL_FLOAT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# Go's ParseFloat: a hexadecimal mantissa requires a binary exponent ("0x1p-2", "0x1.8p1").
_HEX_FLOAT = re.compile(
    r"[+-]?0[xX](?:[0-9a-fA-F]+(?:\.[0-9a-fA-F]*)?|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+"
)
# Go's ParseFloat takes a sign before "inf"/"infinity" but not before "nan".
_SPECIAL_FLOATS = {
    "inf": math.inf,
    "+inf": math.inf,
    "-inf": -math.inf,
    "infinity": math.inf,
    "+infinity": math.inf,
    "-infinity": -math.inf,
    "nan": math.nan,
}
# Go's strconv.ParseBool.
_BOOLEANS = {
    "1": True,
    "t": True,
    "T": True,
    "TRUE": True,
    "true": True,
    "True": True,
    "0": False,
    "f": False,
    "F": False,
    "FALSE": False,
    "false": False,
    "False": False,
}


def coerce_value(raw: str) -> int | float | bool | str:
    """The typed value of a ``--set`` value (06-overrides.md §6).

    Tried in order: a base-10 integer that fits in 64 bits (``007`` is 7); a float (decimal or
    scientific notation, ``inf``/``infinity``/``nan`` in any case, hexadecimal with a ``p``
    exponent, an integer too large for 64 bits) that does not overflow; one of Go's boolean
    spellings (``t``, ``True``, ``FALSE``, ...); otherwise the text itself. No whitespace and no
    ``_`` separators are accepted anywhere, so ``" 1"`` and ``1_000`` stay strings, as do
    ``yes``, ``null`` and ``1.0.0``.
    """
    integer = _parse_int64(raw)
    if integer is not None:
        return integer
    number = _parse_float(raw)
    if number is not None:
        return number
    if raw in _BOOLEANS:
        return _BOOLEANS[raw]
    return raw


def _parse_int64(text: str) -> int | None:
    if not _INTEGER.fullmatch(text):
        return None
    # Strip zeros first: int() refuses more than 4300 digits, and "000...01" is a valid 1.
    digits = text.lstrip("+-").lstrip("0") or "0"
    if len(digits) > 19:
        return None
    value = int(digits)
    if text.startswith("-"):
        value = -value
    return value if _INT64_MIN <= value <= _INT64_MAX else None


def _parse_float(text: str) -> float | None:
    special = _SPECIAL_FLOATS.get(text.lower()) if text.isascii() else None
    if special is not None:
        return special
    if _DECIMAL_FLOAT.fullmatch(text):
        value = float(text)
    elif _HEX_FLOAT.fullmatch(text):
        try:
            value = float.fromhex(text)
        except OverflowError:
            return None
    else:
        return None
    # Go reports a value beyond the float64 range as an error (ErrRange): not a float then.
    return value if math.isfinite(value) else None


@dataclass(frozen=True, slots=True)
class Segment:
    """One ``.``-separated part of a key path: ``text`` as written; ``name`` and ``index`` are
    the list name and element index of a ``name[N]`` segment (``index`` is ``None`` for a plain
    mapping key, whose ``name`` is then ``text``)."""

    text: str
    name: str
    index: int | None = None


_INDEX = re.compile(r"[+-]?[0-9]+")


def parse_key_path(key: str) -> list[Segment]:
    """Split ``key`` on every ``.`` (06-overrides.md §5.1).

    ``name[N]`` addresses element ``N`` of a list when the text between the first ``[`` and the
    final ``]`` is a signed base-10 64-bit integer; any other segment (``items[abc]``,
    ``a[0][1]``, ``x[``, the empty string) is a literal mapping key.
    """
    return [_parse_segment(text) for text in key.split(".")]


def _parse_segment(text: str) -> Segment:
    open_at = text.find("[")
    if open_at >= 0 and text.endswith("]"):
        inner = text[open_at + 1 : -1]
        if _INDEX.fullmatch(inner):
            index = _parse_int64(inner)
            if index is not None:
                return Segment(text=text, name=text[:open_at], index=index)
    return Segment(text=text, name=text)


def set_path(root: dict[str, Any], key: str, value: Any) -> None:
    """Assign ``value`` at the key path ``key`` inside ``root`` (06-overrides.md §5.2-5.3).

    Missing intermediate keys become new mappings; so does an intermediate ``null`` (beyond the
    reference, which fails there with ``cannot set key in non-object``: a ``metadata:``
    placeholder is meant to be filled). Lists are never created or grown. Raises
    :class:`OverrideError` with the reference's message (``cannot traverse into non-object at
    "..."``, ``expected array at "..."``, ``index N out of bounds at "..." (length L)``,
    ``cannot set key in non-object``).
    """
    segments = parse_key_path(key)
    current: Any = root
    for position, segment in enumerate(segments[:-1]):
        if not isinstance(current, dict):
            before = ".".join(part.text for part in segments[:position])
            raise OverrideError(f"cannot traverse into non-object at {quote(before)}", key=key)
        if segment.index is not None:
            through = ".".join(part.text for part in segments[: position + 1])
            items = _list_at(current, segment, through, key)
            if items[segment.index] is None:
                items[segment.index] = {}
            current = items[segment.index]
        else:
            child = current.get(segment.name)
            if child is None:  # absent, or an explicit null
                child = current[segment.name] = {}
            current = child
    last = segments[-1]
    if not isinstance(current, dict):
        raise OverrideError("cannot set key in non-object", key=key)
    if last.index is None:
        current[last.name] = value
    else:
        # The reference names only the last segment's list here, not the whole path.
        _list_at(current, last, last.name, key)[last.index] = value


def _list_at(mapping: dict[str, Any], segment: Segment, where: str, key: str) -> list[Any]:
    items = mapping.get(segment.name)
    if not isinstance(items, list):
        raise OverrideError(f"expected array at {quote(where)}", key=key)
    index = segment.index
    if index is None or not 0 <= index < len(items):
        raise OverrideError(
            f"index {index} out of bounds at {quote(where)} (length {len(items)})", key=key
        )
    return items
