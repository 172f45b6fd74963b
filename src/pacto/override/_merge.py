"""Deep merge of a values file into the document tree (06-overrides.md §4)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["merge"]


def merge(destination: dict[str, Any], source: Mapping[str, Any]) -> None:
    """Merge ``source`` into ``destination`` in place.

    Mappings merge key by key, recursively; anything else in ``source`` (a scalar, a list,
    ``null``) replaces the value in ``destination`` wholesale. Nothing is ever removed, and keys
    already in ``destination`` keep their position (new keys are appended), so the document's key
    order survives.
    """
    for key, value in source.items():
        current = destination.get(key)
        if isinstance(current, dict) and isinstance(value, Mapping):
            merge(current, value)
        else:
            destination[key] = value
