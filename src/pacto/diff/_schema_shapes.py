"""Shape rules of the JSON Schema comparison: properties and required (with readOnly and
writeOnly properties left out where they do not apply), additional properties, items and
tuple positions."""

from __future__ import annotations

from typing import Any

from pacto.diff._refs import RefResolver
from pacto.diff._rules import Direction
from pacto.diff._schema_base import (
    _MISSING,
    ADDED,
    MODIFIED,
    REMOVED,
    Node,
    Owner,
    RelChange,
    SchemaWalk,
    _join,
    _string_set,
    preview,
)

__all__ = ["ShapeRules"]


class ShapeRules(SchemaWalk):
    """Object and array structure; recurses into subschemas through :meth:`_compare`."""

    def _irrelevant(self, node: Node | None, resolver: RefResolver) -> bool:
        """readOnly properties do not exist for senders, writeOnly ones not for readers."""
        if node is None:
            return False
        resolved = self._deref(node, resolver)
        value = resolved.value if resolved is not None else node.value
        if not isinstance(value, dict):
            return False
        if self.direction == Direction.INPUT:
            return value.get("readOnly") is True
        return value.get("writeOnly") is True

    def _flag(self, node: Node, resolver: RefResolver, keyword: str) -> bool:
        resolved = self._deref(node, resolver)
        value = resolved.value if resolved is not None else node.value
        return isinstance(value, dict) and value.get(keyword) is True

    def _properties(
        self, old: Node, new: Node, rel: str, out: list[RelChange], depth: int, owner: Owner
    ) -> None:
        o, n = old.value, new.value
        old_props = o.get("properties") if isinstance(o.get("properties"), dict) else {}
        new_props = n.get("properties") if isinstance(n.get("properties"), dict) else {}
        old_required = _string_set(o.get("required"))
        new_required = _string_set(n.get("required"))
        if old_props == new_props and old_required == new_required:
            if old_props:
                self._visit_equal(old.child("properties"), new.child("properties"), owner)
            return
        assert old_props is not None and new_props is not None
        for name in sorted(set(old_props) | set(new_props)):
            path = _join(rel, f"properties.{name}")
            if name not in old_props:
                node = new.child("properties", name)
                if self._irrelevant(node, self.new):
                    continue
                required = name in new_required
                self._add(
                    out,
                    "property.required-added" if required else "property.added",
                    path,
                    ADDED,
                    None,
                    name,
                    old.at("properties"),
                    node.at(),
                    f"{'required' if required else 'optional'} property '{name}' added",
                    rel,
                )
            elif name not in new_props:
                node = old.child("properties", name)
                if self._irrelevant(node, self.old):
                    continue
                deprecated = self._flag(node, self.old, "deprecated")
                self._add(
                    out,
                    "property.removed-deprecated" if deprecated else "property.removed",
                    path,
                    REMOVED,
                    name,
                    None,
                    node.at(),
                    new.at("properties"),
                    f"{'deprecated ' if deprecated else ''}property '{name}' removed",
                    rel,
                )
            else:
                old_child = old.child("properties", name)
                new_child = new.child("properties", name)
                if self._irrelevant(old_child, self.old) and self._irrelevant(new_child, self.new):
                    continue
                self._compare(old_child, new_child, path, out, depth + 1, owner)
        for name in sorted(new_required - old_required):
            if name in new_props and name not in old_props:
                continue  # reported as a new required property
            if name in new_props and self._irrelevant(new.child("properties", name), self.new):
                continue
            self._add(
                out,
                "property.became-required",
                _join(rel, f"required[{name}]"),
                ADDED,
                None,
                name,
                old.at("required"),
                new.at("required"),
                f"property '{name}' became required",
                rel,
            )
        for name in sorted(old_required - new_required):
            if name in old_props and name not in new_props:
                continue  # reported as a removed property
            if name in old_props and self._irrelevant(old.child("properties", name), self.old):
                continue
            self._add(
                out,
                "property.became-optional",
                _join(rel, f"required[{name}]"),
                REMOVED,
                name,
                None,
                old.at("required"),
                new.at("required"),
                f"property '{name}' became optional",
                rel,
            )

    def _additional_properties(
        self, old: Node, new: Node, rel: str, out: list[RelChange], depth: int, owner: Owner
    ) -> None:
        keyword = "additionalProperties"
        o = old.value.get(keyword, _MISSING)
        n = new.value.get(keyword, _MISSING)
        if o is _MISSING and n is _MISSING:
            return
        if isinstance(o, dict) and isinstance(n, dict) and o and n:
            self._compare(
                old.child(keyword), new.child(keyword), _join(rel, keyword), out, depth + 1, owner
            )
            return
        if o == n:
            return

        def openness(value: Any) -> int:  # 2 anything, 1 constrained by a schema, 0 nothing
            if value is _MISSING or value is True or value == {}:
                return 2
            return 0 if value is False else 1

        before, after = openness(o), openness(n)
        if before == after:
            return
        path = _join(rel, keyword)
        shown_old = None if o is _MISSING else preview(o)
        shown_new = None if n is _MISSING else preview(n)
        if after < before:
            self._add(
                out,
                "additional-properties.restricted",
                path,
                MODIFIED,
                shown_old,
                shown_new,
                old.at(keyword),
                new.at(keyword),
                "additional properties restricted",
                rel,
            )
        else:
            self._add(
                out,
                "additional-properties.allowed",
                path,
                MODIFIED,
                shown_old,
                shown_new,
                old.at(keyword),
                new.at(keyword),
                "additional properties allowed",
                rel,
            )

    def _items(
        self, old: Node, new: Node, rel: str, out: list[RelChange], depth: int, owner: Owner
    ) -> None:
        o = old.value.get("items", _MISSING)
        n = new.value.get("items", _MISSING)
        path = _join(rel, "items")
        if isinstance(o, dict) and isinstance(n, dict):
            self._compare(old.child("items"), new.child("items"), path, out, depth + 1, owner)
        elif isinstance(o, list) and isinstance(n, list):
            self._positional(old, new, "items", rel, out, depth, owner)
        elif o is _MISSING and isinstance(n, dict) and n:
            self._add(
                out,
                "items.added",
                path,
                ADDED,
                None,
                preview(n),
                old.at(),
                new.at("items"),
                "array items constrained",
                rel,
            )
        elif isinstance(o, dict) and o and n is _MISSING:
            self._add(
                out,
                "items.removed",
                path,
                REMOVED,
                preview(o),
                None,
                old.at("items"),
                new.at(),
                "array items no longer constrained",
                rel,
            )
        elif o != n and not (o is _MISSING or n is _MISSING):
            self._other(out, "items", o, n, old, new, rel)
        o = old.value.get("prefixItems")
        n = new.value.get("prefixItems")
        if o != n and (isinstance(o, list) or isinstance(n, list)):
            self._positional(old, new, "prefixItems", rel, out, depth, owner)

    def _positional(
        self,
        old: Node,
        new: Node,
        keyword: str,
        rel: str,
        out: list[RelChange],
        depth: int,
        owner: Owner,
    ) -> None:
        o = old.value.get(keyword)
        n = new.value.get(keyword)
        o_list = o if isinstance(o, list) else []
        n_list = n if isinstance(n, list) else []
        for index in range(max(len(o_list), len(n_list))):
            path = f"{_join(rel, keyword)}[{index}]"
            if index >= len(o_list):
                self._add(
                    out,
                    "prefix-items.item-added",
                    path,
                    ADDED,
                    None,
                    preview(n_list[index]),
                    old.at(),
                    new.at(keyword, index),
                    f"tuple position {index} constrained",
                    rel,
                )
            elif index >= len(n_list):
                self._add(
                    out,
                    "prefix-items.item-removed",
                    path,
                    REMOVED,
                    preview(o_list[index]),
                    None,
                    old.at(keyword, index),
                    new.at(),
                    f"tuple position {index} no longer constrained",
                    rel,
                )
            else:
                self._compare(
                    old.child(keyword, index),
                    new.child(keyword, index),
                    path,
                    out,
                    depth + 1,
                    owner,
                )
