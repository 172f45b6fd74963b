"""Shared ground of the JSON Schema comparison: the node and change types, the value helpers,
and :class:`SchemaWalk`, the state and machinery (anchors, references, emission) that the
keyword and composition rules build on. See :mod:`pacto.diff._schema`."""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from pacto.diff._documents import Diagnostics
from pacto.diff._draft import Draft
from pacto.diff._model import ChangeType, Pointer
from pacto.diff._refs import RefResolver, Target, is_ref
from pacto.diff._rules import _BOUNDS, SCHEMA_CONTEXTS, schema_rule

__all__ = [
    "ADDED",
    "MAX_SCHEMA_DEPTH",
    "MODIFIED",
    "REMOVED",
    "Anchor",
    "Node",
    "Owner",
    "RelChange",
    "SchemaWalk",
    "preview",
]

ADDED, REMOVED, MODIFIED = ChangeType.ADDED, ChangeType.REMOVED, ChangeType.MODIFIED
_MISSING: Any = object()

MAX_SCHEMA_DEPTH = 64
"""Nesting levels compared below one schema root (references restart the count)."""


_ANNOTATIONS = frozenset(
    {
        "description",
        "title",
        "example",
        "examples",
        "$comment",
        "externalDocs",
        "xml",
        "$schema",
        "$id",
        "$anchor",
        "contentMediaType",
        "contentEncoding",
    }
)
_FLAGS = (
    ("readOnly", "read-only"),
    ("writeOnly", "write-only"),
    ("uniqueItems", "unique-items"),
    ("deprecated", "deprecated"),
)
_COMPOSITIONS = (("oneOf", "one-of"), ("anyOf", "any-of"), ("allOf", "all-of"))
_VALUED = (("multipleOf", "multiple-of"), ("pattern", "pattern"), ("format", "format"))
_HANDLED = frozenset(
    {
        "$ref",
        "$defs",
        "definitions",
        "type",
        "nullable",
        "properties",
        "required",
        "enum",
        "const",
        "additionalProperties",
        "items",
        "prefixItems",
        "discriminator",
        "default",
        *(keyword for _, keyword, _ in _BOUNDS),
        *(keyword for keyword, _ in _FLAGS),
        *(keyword for keyword, _ in _COMPOSITIONS),
        *(keyword for keyword, _ in _VALUED),
        *_ANNOTATIONS,
    }
)
_PREVIEW_LIMIT = 200


def preview(value: Any) -> Any:
    """A change value small enough for a report: scalars as they are (long strings cut),
    containers as they are when short, else their compact JSON cut to a string."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return value if len(value) <= _PREVIEW_LIMIT else value[: _PREVIEW_LIMIT - 1] + "…"
    try:
        text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):
        text = str(value)
    if len(text) <= _PREVIEW_LIMIT:
        return value
    return text[: _PREVIEW_LIMIT - 1] + "…"


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _canonical(value: Any) -> Any:
    """A hashable identity for enum/const values: ``1`` and ``true`` differ, ``1`` and ``1.0``
    do not (JSON semantics)."""
    if isinstance(value, bool):
        return ("bool", value)
    if _number(value):
        return ("number", value)
    if isinstance(value, str):
        return ("string", value)
    if value is None:
        return ("null",)
    return ("json", json.dumps(value, sort_keys=True, default=str))


def _label(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, default=str)


def _join(rel: str, key: str) -> str:
    return f"{rel}.{key}" if rel else key


@dataclass(frozen=True, slots=True)
class Node:
    """A schema value on one side, with where it lives (for locations and relative refs)."""

    value: Any
    file: str
    pointer: tuple[str | int, ...]

    def child(self, *tokens: str | int) -> Node:
        value = self.value
        for token in tokens:
            value = value[token]
        return Node(value, self.file, (*self.pointer, *tokens))

    def at(self, *tokens: str | int) -> Pointer:
        return (self.file, (*self.pointer, *tokens))


@dataclass(slots=True)
class RelChange:
    """A change relative to the compared schema root (``rel`` is appended to the caller's
    path); ``node_rel`` is the schema node it belongs to, for the reason text."""

    kind: str
    rel: str
    type: ChangeType
    old_value: Any
    new_value: Any
    old_pointer: Pointer | None
    new_pointer: Pointer | None
    phrase: str
    node_rel: str

    def draft(self, base: str, owner: str, context: str) -> Draft:
        """This change reported at ``base`` (its ``rel`` appended) for ``owner``, under the rule
        of its kind in the schema ``context`` (request, response, configuration ...)."""
        where = f" {self.node_rel}" if self.node_rel else ""
        return Draft(
            path=f"{base}.{self.rel}" if self.rel else base,
            type=self.type,
            rule=schema_rule(context, self.kind),
            reason=f"{owner}{where}: {self.phrase}",
            old_value=self.old_value,
            new_value=self.new_value,
            old_pointer=self.old_pointer,
            new_pointer=self.new_pointer,
        )


@dataclass(slots=True)
class Anchor:
    """A shared target compared once: its changes and who uses it."""

    key: str
    old: Target
    new: Target
    changes: list[RelChange] = field(default_factory=list)
    users: set[str] = field(default_factory=set)
    parents: set[str] = field(default_factory=set)


Owner = tuple[str, str]  # ("use", label) or ("anchor", key)


class SchemaWalk:
    """State and machinery of one schema comparison context (see :class:`SchemaDiffer`)."""

    def __init__(
        self,
        context: str,
        old: RefResolver,
        new: RefResolver,
        diagnostics: Diagnostics,
    ) -> None:
        self.context = context
        self.direction = SCHEMA_CONTEXTS[context][0]
        self.old = old
        self.new = new
        self.diagnostics = diagnostics
        self.anchors: dict[str, Anchor] = {}
        self._queue: deque[Anchor] = deque()
        self._active: set[tuple[int, int]] = set()
        self._refs_memo: dict[int, tuple[Any, frozenset[str]]] = {}

    def _visit_anchor(self, old: Target, new: Target, owner: Owner) -> None:
        anchor = self.anchors.get(old.key)
        if anchor is None:
            anchor = Anchor(key=old.key, old=old, new=new)
            self.anchors[old.key] = anchor
            self._queue.append(anchor)
        if owner[0] == "use":
            anchor.users.add(owner[1])
        elif owner[1] != anchor.key:
            anchor.parents.add(owner[1])

    def _refs_in(self, value: Any) -> frozenset[str]:
        memo = self._refs_memo.get(id(value))
        if memo is not None and memo[0] is value:
            return memo[1]
        refs: set[str] = set()
        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                ref = item.get("$ref")
                if isinstance(ref, str):
                    refs.add(ref)
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
        result = frozenset(refs)
        self._refs_memo[id(value)] = (value, result)  # keep value alive: ids stay unique
        return result

    def _visit_equal(self, old: Node, new: Node, owner: Owner) -> None:
        for ref in sorted(self._refs_in(old.value)):
            old_target = self.old.resolve(ref, old.file)
            new_target = self.new.resolve(ref, new.file)
            if (
                old_target is not None
                and new_target is not None
                and old_target.key == new_target.key
            ):
                self._visit_anchor(old_target, new_target, owner)

    def _deref(self, node: Node, resolver: RefResolver) -> Node | None:
        value = node.value
        if not is_ref(value):
            return node
        target = resolver.resolve(value["$ref"], node.file)
        if target is None:
            return None
        siblings = {k: v for k, v in value.items() if k != "$ref"}
        if siblings and isinstance(target.node, dict):
            return Node({**target.node, **siblings}, target.file, target.pointer)
        return Node(target.node, target.file, target.pointer)

    def _add(
        self,
        out: list[RelChange],
        kind: str,
        rel: str,
        change_type: ChangeType,
        old_value: Any,
        new_value: Any,
        old_pointer: Pointer | None,
        new_pointer: Pointer | None,
        phrase: str,
        node_rel: str,
    ) -> None:
        out.append(
            RelChange(
                kind=kind,
                rel=rel,
                type=change_type,
                old_value=old_value,
                new_value=new_value,
                old_pointer=old_pointer,
                new_pointer=new_pointer,
                phrase=phrase,
                node_rel=node_rel,
            )
        )

    def _other(
        self, out: list[RelChange], keyword: str, o: Any, n: Any, old: Node, new: Node, rel: str
    ) -> None:
        missing_old = o is _MISSING or o is None
        missing_new = n is _MISSING or n is None
        if missing_old and missing_new:
            return
        kind = (
            "keyword.added"
            if missing_old
            else "keyword.removed"
            if missing_new
            else "keyword.changed"
        )
        change_type = ADDED if missing_old else REMOVED if missing_new else MODIFIED
        self._add(
            out,
            kind,
            _join(rel, keyword),
            change_type,
            None if missing_old else preview(o),
            None if missing_new else preview(n),
            old.at(keyword) if not missing_old else old.at(),
            new.at(keyword) if not missing_new else new.at(),
            f"{keyword} {change_type}",
            rel,
        )

    def _compare(
        self, old: Node, new: Node, rel: str, out: list[RelChange], depth: int, owner: Owner
    ) -> None:
        raise NotImplementedError  # pragma: no cover - SchemaDiffer implements it


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Both schemas at once, as far as the classifier needs: properties united (``extra`` wins
    for a property both define), required united, any other keyword of ``extra`` added."""
    merged = dict(base)
    base_props: dict[str, Any] = _mapping_of(base, "properties")
    extra_props: dict[str, Any] = _mapping_of(extra, "properties")
    if base_props or extra_props:
        merged["properties"] = {**base_props, **extra_props}
    required = [*_string_list(base.get("required")), *_string_list(extra.get("required"))]
    if required:
        merged["required"] = list(dict.fromkeys(required))
    for key, value in extra.items():
        if key not in ("properties", "required", "allOf"):
            merged.setdefault(key, value)
    return merged


def _mapping_of(value: dict[str, Any], key: str) -> dict[str, Any]:
    member = value.get(key)
    return member if isinstance(member, dict) else {}


def _string_list(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _covers(wide: frozenset[str], narrow: frozenset[str]) -> bool:
    """Does ``wide`` allow every value ``narrow`` allows (integer is a kind of number)?"""
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _string_set(value: Any) -> set[str]:
    if isinstance(value, list):
        return {item for item in value if isinstance(item, str)}
    return set()
