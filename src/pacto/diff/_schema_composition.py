"""Composition rules of the JSON Schema comparison: oneOf/anyOf alternatives, allOf
subschemas (judged by what they add), and a schema wrapped into or unwrapped from a
composition."""

from __future__ import annotations

from typing import Any

from pacto.diff._model import ChangeType
from pacto.diff._refs import RefResolver, Target, is_ref
from pacto.diff._schema_base import (
    _COMPOSITIONS,
    ADDED,
    REMOVED,
    Node,
    Owner,
    RelChange,
    SchemaWalk,
    _join,
    _merge,
    preview,
)

__all__ = ["CompositionRules"]


class CompositionRules(SchemaWalk):
    """Alternatives matched by reference target, else by position among inline ones."""

    def _alternative_key(self, node: Node, resolver: RefResolver, position: int) -> Any:
        value = node.value
        if is_ref(value) and len(value) == 1:
            target = resolver.resolve(value["$ref"], node.file)
            if target is not None:
                return ("ref", target.key)
        return ("inline", position)

    def _composition(
        self,
        old: Node,
        new: Node,
        keyword: str,
        stem: str,
        rel: str,
        out: list[RelChange],
        depth: int,
        owner: Owner,
    ) -> None:
        o = old.value.get(keyword)
        n = new.value.get(keyword)
        if o == n and o is not None:
            self._visit_equal(old.child(keyword), new.child(keyword), owner)
            return
        if o == n:
            return
        o_list = o if isinstance(o, list) else []
        n_list = n if isinstance(n, list) else []
        self._match_alternatives(old, new, keyword, stem, o_list, n_list, rel, out, depth, owner)

    def _match_alternatives(
        self,
        old: Node,
        new: Node,
        keyword: str,
        stem: str,
        o_list: list[Any],
        n_list: list[Any],
        rel: str,
        out: list[RelChange],
        depth: int,
        owner: Owner,
    ) -> None:
        def keyed(node: Node, items: list[Any], resolver: RefResolver) -> dict[Any, int]:
            keys: dict[Any, int] = {}
            inline = 0
            for index in range(len(items)):
                key = self._alternative_key(node.child(keyword, index), resolver, inline)
                if key[0] == "inline":
                    inline += 1
                keys.setdefault(key, index)
            return keys

        old_keys = keyed(old, o_list, self.old) if o_list else {}
        new_keys = keyed(new, n_list, self.new) if n_list else {}
        base = _join(rel, keyword)
        for key, index in old_keys.items():
            if key in new_keys:
                new_index = new_keys[key]
                self._compare(
                    old.child(keyword, index),
                    new.child(keyword, new_index),
                    f"{base}[{new_index}]",
                    out,
                    depth + 1,
                    owner,
                )
        for key, index in old_keys.items():
            if key not in new_keys:
                self._one_sided(keyword, stem, REMOVED, old, new, index, rel, out, depth, owner)
        for key, index in new_keys.items():
            if key not in old_keys:
                self._one_sided(keyword, stem, ADDED, old, new, index, rel, out, depth, owner)

    def _one_sided(
        self,
        keyword: str,
        stem: str,
        change_type: ChangeType,
        old: Node,
        new: Node,
        index: int,
        rel: str,
        out: list[RelChange],
        depth: int,
        owner: Owner,
    ) -> None:
        """An alternative (oneOf/anyOf) or a subschema (allOf) present on one side only.

        An added ``{type: "null"}`` alternative is reported as null becoming allowed. An allOf
        subschema is judged by what it adds to the other subschemas: it is compared as
        "the rest" against "the rest and it", so a subschema repeating constraints that already
        apply changes nothing (oasdiff documents the opposite as a false positive).
        """
        side = new if change_type is ADDED else old
        item = side.value[keyword][index]
        path = f"{_join(rel, keyword)}[{index}]"
        if keyword == "allOf":
            self._all_of_entry(change_type, side, index, path, out, depth, owner)
            return
        at_old = old.at(keyword, index) if change_type is REMOVED else old.at()
        at_new = new.at(keyword, index) if change_type is ADDED else new.at()
        if isinstance(item, dict) and item.get("type") in ("null", ["null"]) and len(item) == 1:
            kind = "nullable.added" if change_type is ADDED else "nullable.removed"
            phrase = "null became allowed" if change_type is ADDED else "null is no longer allowed"
        else:
            kind = f"{stem}.subschema-{change_type}"
            phrase = f"{keyword} alternative {index} {change_type}"
        self._add(
            out,
            kind,
            path,
            change_type,
            None if change_type is ADDED else preview(item),
            preview(item) if change_type is ADDED else None,
            at_old,
            at_new,
            phrase,
            rel,
        )

    def _flatten(self, node: Node, resolver: RefResolver, level: int) -> Node:
        """The allOf subschemas merged into their parent (nested allOf too, a few levels)."""
        items = node.value.get("allOf")
        if not isinstance(items, list) or level > 8:
            return node
        merged = {k: v for k, v in node.value.items() if k != "allOf"}
        for index in range(len(items)):
            entry = self._deref(node.child("allOf", index), resolver)
            if entry is None or not isinstance(entry.value, dict):
                continue
            if "allOf" in entry.value:
                entry = self._flatten(entry, resolver, level + 1)
            merged = _merge(merged, entry.value)
        return Node(merged, node.file, node.pointer)

    def _all_of_entry(
        self,
        change_type: ChangeType,
        side: Node,
        index: int,
        path: str,
        out: list[RelChange],
        depth: int,
        owner: Owner,
    ) -> None:
        resolver = self.new if change_type is ADDED else self.old
        entry = self._deref(side.child("allOf", index), resolver)
        if entry is None or not isinstance(entry.value, dict):
            return
        rest = {k: v for k, v in side.value.items() if k != "allOf"}
        for other, _ in enumerate(side.value["allOf"]):
            if other == index:
                continue
            resolved = self._deref(side.child("allOf", other), resolver)
            if resolved is not None and isinstance(resolved.value, dict):
                rest = _merge(rest, resolved.value)
        with_entry = _merge(rest, entry.value)
        rest_node = Node(rest, side.file, side.pointer)
        entry_node = Node(with_entry, entry.file, entry.pointer)
        if change_type is ADDED:
            self._compare(rest_node, entry_node, path, out, depth + 1, owner)
        else:
            self._compare(entry_node, rest_node, path, out, depth + 1, owner)

    def _composition_shift(
        self, old: Node, new: Node, rel: str, out: list[RelChange], depth: int, owner: Owner
    ) -> bool:
        """``X`` -> ``{oneOf: [X, Y]}`` (or back): report only the alternative added (removed)
        instead of comparing ``X`` with the wrapper keyword by keyword."""
        for keyword, stem in _COMPOSITIONS:
            o_has = isinstance(old.value.get(keyword), list)
            n_has = isinstance(new.value.get(keyword), list)
            if o_has == n_has:
                continue
            wrapper, plain = (new, old) if n_has else (old, new)
            if set(wrapper.value) - {keyword, "description", "title", "nullable", "type"}:
                return False
            items = wrapper.value[keyword]
            plain_resolver = self.old if plain is old else self.new
            wrapper_resolver = self.new if wrapper is new else self.old
            plain_key = self._alternative_key(plain, plain_resolver, -1)
            if plain_key[0] != "ref":
                # A plain node that a reference was resolved to keeps its identity.
                plain_key = ("ref", plain_resolver.key_for(plain.file, plain.pointer))
            for index, item in enumerate(items):
                child = wrapper.child(keyword, index)
                same = item == plain.value and not is_ref(item)
                child_key = self._alternative_key(child, wrapper_resolver, -1)
                same = same or child_key == plain_key
                if not same:
                    continue
                base = _join(rel, keyword)
                if child_key == plain_key and not is_ref(plain.value):
                    target = wrapper_resolver.resolve(item["$ref"], child.file)
                    here = Target(plain.value, plain.file, plain.pointer, str(plain_key[1]))
                    if target is not None:
                        pair = (here, target) if wrapper is new else (target, here)
                        self._visit_anchor(pair[0], pair[1], owner)
                elif wrapper is new:
                    self._compare(plain, child, f"{base}[{index}]", out, depth + 1, owner)
                else:
                    self._compare(child, plain, f"{base}[{index}]", out, depth + 1, owner)
                for other in range(len(items)):
                    if other == index:
                        continue
                    change_type = ADDED if wrapper is new else REMOVED
                    self._one_sided(
                        keyword, stem, change_type, old, new, other, rel, out, depth, owner
                    )
                return True
            return False
        return False
