"""Shared JSON decoding for both SBOM formats: size cap, gc pause, typed member access."""

from __future__ import annotations

import gc
import json
from typing import Any

from pacto.sbom.errors import SbomError

__all__ = ["MAX_SBOM_BYTES", "decode", "member_list", "member_object", "member_string"]

MAX_SBOM_BYTES = 128 * 1024 * 1024
"""Larger SBOM files are refused with an error rather than decoded (a 30 MB SBOM is fine)."""


def decode(data: bytes, *, what: str, path: str) -> dict[str, Any]:
    """Decode ``data`` as a JSON object.

    Raises :class:`SbomError` (``parsing <what> JSON: ...``).
    """
    if len(data) > MAX_SBOM_BYTES:
        raise SbomError(
            f"parsing {what} JSON: {path or 'file'} is {len(data) / 1_048_576:.0f} MB, above the "
            f"{MAX_SBOM_BYTES // 1_048_576} MB limit for SBOM files",
            path=path,
        )
    # The collector dominates decoding of large documents (ENVIRONMENT.md §2); pause it.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise SbomError(f"parsing {what} JSON: {exc}", path=path) from exc
    finally:
        if was_enabled:
            gc.enable()
    if not isinstance(document, dict):
        raise SbomError(
            f"parsing {what} JSON: expected a JSON object, found {_kind(document)}", path=path
        )
    return document


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "a string"


def member_string(item: dict[str, Any], key: str, *, what: str, where: str, path: str) -> str:
    """``item[key]`` as a string, ``""`` when absent or null; other types are a parse error."""
    value = item.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise SbomError(
            f"parsing {what} JSON: {where}.{key} must be a string, found {_kind(value)}", path=path
        )
    return value


def member_list(item: dict[str, Any], key: str, *, what: str, where: str, path: str) -> list[Any]:
    value = item.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise SbomError(
            f"parsing {what} JSON: {where}.{key} must be an array, found {_kind(value)}", path=path
        )
    return value


def member_object(
    item: dict[str, Any], key: str, *, what: str, where: str, path: str
) -> dict[str, Any]:
    value = item.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SbomError(
            f"parsing {what} JSON: {where}.{key} must be an object, found {_kind(value)}", path=path
        )
    return value
