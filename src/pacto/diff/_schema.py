"""Direction-aware JSON Schema comparison (the ``pacto`` ruleset).

A schema is either *read* by the service (request bodies, parameters, configuration, policies:
direction INPUT) or *written* by it (responses: OUTPUT). Each difference is named by a change
kind of :data:`~pacto.diff._rules.SCHEMA_KINDS` whose class depends on the direction: a new
required property breaks senders, a removed property breaks readers, an enum value removed
from a request or added to a response breaks, the opposite changes do not.

``$ref`` s are followed. A reference that names the same target on both sides (``#/components/
schemas/Pet``) is an *anchor*: its target is compared once per direction, whatever the number of
places using it, and its changes are reported once, under the anchor's own path, with the number
of operations that reach it. Everything else is compared in place. Recursive schemas terminate:
an anchor is compared once, and an inline comparison never re-enters a pair it is inside of.

Unchanged subtrees are skipped with Python's ``==`` (C speed, what keeps a 12 MB document
fast). It equates ``true`` with ``1`` and ``1`` with ``1.0``; inside a subtree that differs
elsewhere, enum and const values are told apart strictly.
"""

from __future__ import annotations

from pacto.diff._refs import is_ref
from pacto.diff._schema_base import (
    _COMPOSITIONS,
    MAX_SCHEMA_DEPTH,
    MODIFIED,
    Anchor,
    Node,
    Owner,
    RelChange,
    preview,
)
from pacto.diff._schema_composition import CompositionRules
from pacto.diff._schema_shapes import ShapeRules
from pacto.diff._schema_values import ValueRules

__all__ = ["MAX_SCHEMA_DEPTH", "Node", "RelChange", "SchemaDiffer", "preview"]


class SchemaDiffer(ShapeRules, ValueRules, CompositionRules):
    """Compares schemas in one rule context (``openapi.request``, ``openapi.response`` or
    ``schema``); one instance per OpenAPI comparison or schema file pair."""

    def diff(self, old: Node, new: Node, user: str) -> list[RelChange]:
        """Changes between two schemas; anchors reached are compared too (see
        :meth:`anchor_results`)."""
        out: list[RelChange] = []
        self._compare(old, new, "", out, 0, ("use", user))
        self._drain()
        return out

    def anchor_results(self) -> list[Anchor]:
        """Anchors with changes, sorted by key."""
        self._drain()
        return [a for key, a in sorted(self.anchors.items()) if a.changes]

    def users_of(self, anchor: Anchor) -> set[str]:
        """Every top-level user that reaches ``anchor``, directly or through other anchors."""
        seen = {anchor.key}
        users = set(anchor.users)
        stack = list(anchor.parents)
        while stack:
            key = stack.pop()
            if key in seen:
                continue
            seen.add(key)
            parent = self.anchors[key]
            users |= parent.users
            stack.extend(parent.parents)
        return users

    def _drain(self) -> None:
        while self._queue:
            anchor = self._queue.popleft()
            old = Node(anchor.old.node, anchor.old.file, anchor.old.pointer)
            new = Node(anchor.new.node, anchor.new.file, anchor.new.pointer)
            self._compare(old, new, "", anchor.changes, 0, ("anchor", anchor.key))

    def _compare(
        self, old: Node, new: Node, rel: str, out: list[RelChange], depth: int, owner: Owner
    ) -> None:
        if depth > MAX_SCHEMA_DEPTH:
            self.diagnostics.add(
                f"schema nests deeper than {MAX_SCHEMA_DEPTH} levels at {rel or 'the root'}; "
                "deeper changes are not compared",
                new.file,
            )
            return
        old_value, new_value = old.value, new.value
        if (
            isinstance(old_value, dict)
            and isinstance(new_value, dict)
            and self._composition_shift(old, new, rel, out, depth, owner)
        ):
            return
        if is_ref(old_value) and is_ref(new_value) and len(old_value) == 1 and len(new_value) == 1:
            old_target = self.old.resolve(old_value["$ref"], old.file)
            new_target = self.new.resolve(new_value["$ref"], new.file)
            if old_target is None or new_target is None:
                return
            if old_target.key == new_target.key:
                self._visit_anchor(old_target, new_target, owner)
                return
        if is_ref(old_value) or is_ref(new_value):
            resolved_old = self._deref(old, self.old)
            resolved_new = self._deref(new, self.new)
            if resolved_old is None or resolved_new is None:
                return
            pair = (id(resolved_old.value), id(resolved_new.value))
            if pair in self._active:
                return  # a recursive schema met again inside its own comparison
            self._active.add(pair)
            try:
                self._compare_resolved(resolved_old, resolved_new, rel, out, depth, owner)
            finally:
                self._active.discard(pair)
            return
        self._compare_resolved(old, new, rel, out, depth, owner)

    def _compare_resolved(
        self, old: Node, new: Node, rel: str, out: list[RelChange], depth: int, owner: Owner
    ) -> None:
        o, n = old.value, new.value
        if o == n:
            self._visit_equal(old, new, owner)
            return
        if not isinstance(o, dict) or not isinstance(n, dict):
            self._add(
                out,
                "keyword.changed",
                rel or "schema",
                MODIFIED,
                preview(o),
                preview(n),
                old.at(),
                new.at(),
                "schema changed",
                rel,
            )
            return
        if self._composition_shift(old, new, rel, out, depth, owner):
            return
        if ("allOf" in o) != ("allOf" in n):
            # One side composes with allOf, the other is plain: compare what each allows.
            if "allOf" in o:
                old = self._flatten(old, self.old, 0)
            else:
                new = self._flatten(new, self.new, 0)
            if old.value == new.value:
                self._visit_equal(old, new, owner)
                return
        self._types(old, new, rel, out)
        self._properties(old, new, rel, out, depth, owner)
        self._enum(old, new, rel, out)
        self._const(old, new, rel, out)
        self._bounds(old, new, rel, out)
        self._valued(old, new, rel, out)
        self._additional_properties(old, new, rel, out, depth, owner)
        self._items(old, new, rel, out, depth, owner)
        for keyword, stem in _COMPOSITIONS:
            self._composition(old, new, keyword, stem, rel, out, depth, owner)
        self._flags(old, new, rel, out)
        self._simple_modified(old, new, "discriminator", "discriminator.changed", rel, out)
        self._default(old, new, rel, out)
        self._annotations(old, new, rel, out, owner)
