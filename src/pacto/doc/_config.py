"""Configuration tables from a JSON Schema in the bundle (09 §2.2, "3. Configuration").

``$ref`` is followed within the document (``#/$defs/…``, ``#/definitions/…``, chained refs, a
``$ref`` at the root) and to other files of the same bundle (``common.json#/$defs/x``). Remote
refs are not fetched: such a property shows no type.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from pacto.contract import BundleFS, load_yaml

__all__ = ["ConfigSchemaError", "Property", "read_properties"]

_MAX_REF_HOPS = 32


class ConfigSchemaError(Exception):
    """The schema cannot be read, parsed or resolved; ``str()`` is shown in the document."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Property:
    name: str
    """Dotted path for nested objects (``postgres.host``)."""
    types: tuple[str, ...] = ()
    description: str = ""
    default: Any = None
    has_default: bool = False
    required: bool = False


def _load(fs: BundleFS, file: str) -> Any:
    try:
        data = fs.read_bytes(file)
    except FileNotFoundError as exc:
        raise ConfigSchemaError(f"reading schema {file}: file does not exist") from exc
    except OSError as exc:
        raise ConfigSchemaError(f"reading schema {file}: {exc.strerror or exc}") from exc
    try:
        if file.endswith((".yaml", ".yml")):
            return load_yaml(data, name=file)
        return json.loads(data.decode("utf-8"))
    except Exception as exc:  # JSON, UTF-8 and YAML errors alike become one message
        raise ConfigSchemaError(f"parsing schema {file}: {exc}") from exc


class _Resolver:
    def __init__(self, fs: BundleFS) -> None:
        self._fs = fs
        self._documents: dict[str, Any] = {}

    def document(self, file: str) -> Any:
        if file not in self._documents:
            self._documents[file] = _load(self._fs, file)
        return self._documents[file]

    def resolve(self, node: Any, file: str) -> tuple[Any, str]:
        """Follow ``$ref`` chains from ``node`` (declared in ``file``)."""
        hops = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            hops += 1
            if hops > _MAX_REF_HOPS:
                raise ConfigSchemaError(f"resolving $ref in {file}: too many hops (cycle?)")
            node, file = self._follow(node["$ref"], file)
        return node, file

    def _follow(self, ref: str, file: str) -> tuple[Any, str]:
        target, _, fragment = ref.partition("#")
        if target:
            if "://" in target or target.startswith("/"):
                return {}, file  # remote or absolute refs are not fetched
            target = posixpath.normpath(posixpath.join(posixpath.dirname(file), target))
            file = target
        node = self.document(file)
        if fragment:
            for part in fragment.lstrip("/").split("/"):
                key = unquote(part).replace("~1", "/").replace("~0", "~")
                if isinstance(node, dict) and key in node:
                    node = node[key]
                elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                    node = node[int(key)]
                else:
                    raise ConfigSchemaError(f"resolving $ref {ref} in {file}: not found")
        return node, file


def read_properties(fs: BundleFS | None, file: str) -> list[Property]:
    """The flattened property list of the schema at ``file``: names sorted, objects with
    ``properties`` recursed into with a ``<name>.`` prefix. Raises :class:`ConfigSchemaError`."""
    if fs is None:
        raise ConfigSchemaError(f"reading schema {file}: no bundle files available")
    resolver = _Resolver(fs)
    root, where = resolver.resolve(resolver.document(file), file)
    out: list[Property] = []
    _flatten(resolver, root, where, "", out, depth=0)
    return out


def _flatten(
    resolver: _Resolver, node: Any, file: str, prefix: str, out: list[Property], depth: int
) -> None:
    if not isinstance(node, dict) or depth > _MAX_REF_HOPS:
        return
    properties = node.get("properties")
    if not isinstance(properties, dict):
        return
    required = node.get("required")
    required_names = set(required) if isinstance(required, list) else set()
    for name in sorted(properties, key=str):
        child, child_file = resolver.resolve(properties[name], file)
        if not isinstance(child, dict):
            child = {}
        if isinstance(child.get("properties"), dict):
            _flatten(resolver, child, child_file, f"{prefix}{name}.", out, depth + 1)
            continue
        kind = child.get("type")
        if isinstance(kind, str):
            types: tuple[str, ...] = (kind,)
        elif isinstance(kind, list):
            types = tuple(t for t in kind if isinstance(t, str))
        else:
            types = ()
        description = child.get("description")
        out.append(
            Property(
                name=f"{prefix}{name}",
                types=types,
                description=description if isinstance(description, str) else "",
                default=child.get("default"),
                has_default="default" in child and child["default"] is not None,
                required=name in required_names,
            )
        )
