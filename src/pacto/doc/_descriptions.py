"""Field and enum-value descriptions taken from the embedded Pacto JSON Schema (09 §2.1)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

__all__ = ["collect_descriptions", "schema_descriptions"]

_MAX_DEPTH = 16


def collect_descriptions(schema: Mapping[str, Any]) -> dict[str, str]:
    """Walk ``properties`` from the root: ``path`` → ``description`` and ``path.value`` → the
    text under ``x-enum-descriptions``.

    The reference walks inline ``properties`` only; our schema factors its objects into
    ``$defs``, so a local ``$ref`` (``#/...``) is followed too. A description written beside
    the ``$ref`` wins over the target's.
    """
    out: dict[str, str] = {}
    _walk(schema, _properties(schema, schema), "", out, depth=0)
    return out


def _target(root: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    seen: set[str] = set()
    while isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
        ref: str = node["$ref"]
        if ref in seen:
            break
        seen.add(ref)
        target: Any = root
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            target = target.get(part) if isinstance(target, Mapping) else None
        if not isinstance(target, Mapping):
            break
        node = target
    return node


def _properties(root: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    properties = _target(root, node).get("properties")
    return properties if isinstance(properties, Mapping) else {}


def _walk(
    root: Mapping[str, Any],
    properties: Mapping[str, Any],
    prefix: str,
    out: dict[str, str],
    depth: int,
) -> None:
    if depth > _MAX_DEPTH:
        return
    for key, node in properties.items():
        if not isinstance(node, Mapping):
            continue
        path = f"{prefix}.{key}" if prefix else str(key)
        target = _target(root, node)
        description = node.get("description", target.get("description"))
        if isinstance(description, str):
            out[path] = description
        for holder in (target, node):
            enum_descriptions = holder.get("x-enum-descriptions")
            if isinstance(enum_descriptions, Mapping):
                for value, text in enum_descriptions.items():
                    if isinstance(text, str):
                        out[f"{path}.{value}"] = text
        nested = _properties(root, node)
        if nested:
            _walk(root, nested, path, out, depth + 1)


@cache
def schema_descriptions() -> Mapping[str, str]:
    """The descriptions of the contract schema shipped with :mod:`pacto.validation`."""
    from pacto.validation import schema_bytes

    document = json.loads(schema_bytes())
    return collect_descriptions(document if isinstance(document, dict) else {})
