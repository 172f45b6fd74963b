"""Value rules of the JSON Schema comparison: types and nullability, enums, const, numeric
and size bounds, multipleOf/pattern/format, flags, defaults, annotations and extensions."""

from __future__ import annotations

from typing import Any

from pacto.diff._rules import _BOUNDS
from pacto.diff._schema_base import (
    _ANNOTATIONS,
    _FLAGS,
    _HANDLED,
    _MISSING,
    _VALUED,
    ADDED,
    MODIFIED,
    REMOVED,
    Node,
    Owner,
    RelChange,
    SchemaWalk,
    _canonical,
    _covers,
    _join,
    _label,
    _number,
    preview,
)

__all__ = ["ValueRules"]


class ValueRules(SchemaWalk):
    """Keywords that constrain values; each appends :class:`RelChange` s to ``out``."""

    @staticmethod
    def _type_info(value: dict[str, Any]) -> tuple[frozenset[str], bool]:
        raw = value.get("type")
        if isinstance(raw, str):
            types = {raw}
        elif isinstance(raw, list):
            types = {t for t in raw if isinstance(t, str)}
        else:
            types = set()
        nullable = "null" in types or value.get("nullable") is True
        types.discard("null")
        return frozenset(types), nullable

    @staticmethod
    def _implied_types(value: dict[str, Any]) -> frozenset[str]:
        if any(k in value for k in ("properties", "additionalProperties", "required")):
            return frozenset({"object"})
        if "items" in value or "prefixItems" in value:
            return frozenset({"array"})
        return frozenset()

    def _types(self, old: Node, new: Node, rel: str, out: list[RelChange]) -> None:
        o, n = old.value, new.value
        old_types, old_null = self._type_info(o)
        new_types, new_null = self._type_info(n)
        if old_types != new_types:
            kind = ""
            if not old_types:
                if new_types != self._implied_types(o):
                    kind = "type.narrowed"
            elif not new_types:
                if old_types != self._implied_types(n):
                    kind = "type.widened"
            else:
                wider = _covers(new_types, old_types)
                narrower = _covers(old_types, new_types)
                kind = "type.widened" if wider else "type.narrowed" if narrower else "type.changed"
            if kind:
                before, after = o.get("type"), n.get("type")
                self._add(
                    out,
                    kind,
                    _join(rel, "type"),
                    MODIFIED,
                    preview(before),
                    preview(after),
                    old.at("type"),
                    new.at("type"),
                    f"type changed from {_label(before)} to {_label(after)}",
                    rel,
                )
        if old_null != new_null:
            keyword = "nullable" if "nullable" in o or "nullable" in n else "type"
            self._add(
                out,
                "nullable.added" if new_null else "nullable.removed",
                _join(rel, keyword),
                MODIFIED,
                old_null,
                new_null,
                old.at(keyword),
                new.at(keyword),
                "null became allowed" if new_null else "null is no longer allowed",
                rel,
            )

    def _enum(self, old: Node, new: Node, rel: str, out: list[RelChange]) -> None:
        o, n = old.value.get("enum"), new.value.get("enum")
        if o == n:
            return
        path = _join(rel, "enum")
        if not isinstance(o, list) and isinstance(n, list):
            self._add(
                out,
                "enum.added",
                path,
                ADDED,
                None,
                preview(n),
                old.at(),
                new.at("enum"),
                "values restricted to an enum",
                rel,
            )
            return
        if isinstance(o, list) and not isinstance(n, list):
            self._add(
                out,
                "enum.removed",
                path,
                REMOVED,
                preview(o),
                None,
                old.at("enum"),
                new.at(),
                "enum restriction dropped",
                rel,
            )
            return
        if not isinstance(o, list) or not isinstance(n, list):
            return
        old_keys = {_canonical(v) for v in o}
        new_keys = {_canonical(v) for v in n}
        for index, value in enumerate(n):
            if _canonical(value) not in old_keys:
                self._add(
                    out,
                    "enum.value-added",
                    f"{path}[{_label(value)}]",
                    ADDED,
                    None,
                    preview(value),
                    old.at("enum"),
                    new.at("enum", index),
                    f"enum value {_label(value)} added",
                    rel,
                )
        for index, value in enumerate(o):
            if _canonical(value) not in new_keys:
                self._add(
                    out,
                    "enum.value-removed",
                    f"{path}[{_label(value)}]",
                    REMOVED,
                    preview(value),
                    None,
                    old.at("enum", index),
                    new.at("enum"),
                    f"enum value {_label(value)} removed",
                    rel,
                )

    def _const(self, old: Node, new: Node, rel: str, out: list[RelChange]) -> None:
        o = old.value.get("const", _MISSING)
        n = new.value.get("const", _MISSING)
        if o is _MISSING and n is _MISSING:
            return
        if o is not _MISSING and n is not _MISSING and _canonical(o) == _canonical(n):
            return
        self._presence(out, "const", o, n, old, new, rel, "const")

    def _presence(
        self,
        out: list[RelChange],
        stem: str,
        o: Any,
        n: Any,
        old: Node,
        new: Node,
        rel: str,
        keyword: str,
    ) -> None:
        path = _join(rel, keyword)
        if o is _MISSING:
            self._add(
                out,
                f"{stem}.added",
                path,
                ADDED,
                None,
                preview(n),
                old.at(),
                new.at(keyword),
                f"{keyword} {_label(n)} introduced",
                rel,
            )
        elif n is _MISSING:
            self._add(
                out,
                f"{stem}.removed",
                path,
                REMOVED,
                preview(o),
                None,
                old.at(keyword),
                new.at(),
                f"{keyword} {_label(o)} dropped",
                rel,
            )
        else:
            self._add(
                out,
                f"{stem}.changed",
                path,
                MODIFIED,
                preview(o),
                preview(n),
                old.at(keyword),
                new.at(keyword),
                f"{keyword} changed from {_label(o)} to {_label(n)}",
                rel,
            )

    def _bounds(self, old: Node, new: Node, rel: str, out: list[RelChange]) -> None:
        o_value, n_value = old.value, new.value
        for stem, keyword, is_upper in _BOUNDS:
            o = o_value.get(keyword)
            n = n_value.get(keyword)
            if o == n and type(o) is type(n):
                continue
            path = _join(rel, keyword)
            if isinstance(o, bool) or isinstance(n, bool):
                # OpenAPI 3.0 / draft 4: exclusiveMaximum is a flag on maximum.
                o_on, n_on = o is True, n is True
                if (o is None or isinstance(o, bool)) and (n is None or isinstance(n, bool)):
                    if o_on != n_on:
                        self._add(
                            out,
                            f"{stem}.added" if n_on else f"{stem}.removed",
                            path,
                            MODIFIED,
                            o,
                            n,
                            old.at(keyword),
                            new.at(keyword),
                            f"{keyword} {'set' if n_on else 'cleared'}",
                            rel,
                        )
                    continue
                self._add(
                    out,
                    "keyword.changed",
                    path,
                    MODIFIED,
                    o,
                    n,
                    old.at(keyword),
                    new.at(keyword),
                    f"{keyword} changed from {o} to {n}",
                    rel,
                )
                continue
            if _number(o) and _number(n):
                if o == n:
                    continue
                tighter = n < o if is_upper else n > o
                verb = "decreased" if n < o else "increased"
                self._add(
                    out,
                    f"{stem}.{verb}",
                    path,
                    MODIFIED,
                    o,
                    n,
                    old.at(keyword),
                    new.at(keyword),
                    f"{keyword} {'tightened' if tighter else 'relaxed'} from {o} to {n}",
                    rel,
                )
            elif o is None and _number(n):
                self._add(
                    out,
                    f"{stem}.added",
                    path,
                    ADDED,
                    None,
                    n,
                    old.at(),
                    new.at(keyword),
                    f"{keyword} {n} introduced",
                    rel,
                )
            elif _number(o) and n is None:
                self._add(
                    out,
                    f"{stem}.removed",
                    path,
                    REMOVED,
                    o,
                    None,
                    old.at(keyword),
                    new.at(),
                    f"{keyword} {o} dropped",
                    rel,
                )
            else:
                self._other(out, keyword, o, n, old, new, rel)

    def _valued(self, old: Node, new: Node, rel: str, out: list[RelChange]) -> None:
        for keyword, stem in _VALUED:
            o = old.value.get(keyword, _MISSING)
            n = new.value.get(keyword, _MISSING)
            if o is _MISSING and n is _MISSING:
                continue
            if o is not _MISSING and n is not _MISSING and o == n and type(o) is type(n):
                continue
            self._presence(out, stem, o, n, old, new, rel, keyword)

    def _flags(self, old: Node, new: Node, rel: str, out: list[RelChange]) -> None:
        for keyword, stem in _FLAGS:
            o_on = old.value.get(keyword) is True
            n_on = new.value.get(keyword) is True
            if o_on == n_on:
                continue
            self._add(
                out,
                f"{stem}.added" if n_on else f"{stem}.removed",
                _join(rel, keyword),
                MODIFIED,
                o_on,
                n_on,
                old.at(keyword),
                new.at(keyword),
                f"{keyword} {'set' if n_on else 'cleared'}",
                rel,
            )

    def _simple_modified(
        self, old: Node, new: Node, keyword: str, kind: str, rel: str, out: list[RelChange]
    ) -> None:
        o = old.value.get(keyword)
        n = new.value.get(keyword)
        if o != n:
            self._add(
                out,
                kind,
                _join(rel, keyword),
                MODIFIED,
                preview(o),
                preview(n),
                old.at(keyword),
                new.at(keyword),
                f"{keyword} changed",
                rel,
            )

    def _default(self, old: Node, new: Node, rel: str, out: list[RelChange]) -> None:
        o = old.value.get("default", _MISSING)
        n = new.value.get("default", _MISSING)
        if o is _MISSING and n is _MISSING:
            return
        if o is not _MISSING and n is not _MISSING and _canonical(o) == _canonical(n):
            return
        self._presence(out, "default", o, n, old, new, rel, "default")

    def _annotations(
        self, old: Node, new: Node, rel: str, out: list[RelChange], owner: Owner
    ) -> None:
        o, n = old.value, new.value
        for keyword in sorted(set(o) | set(n)):
            if keyword in _HANDLED and keyword not in _ANNOTATIONS:
                continue
            before = o.get(keyword, _MISSING)
            after = n.get(keyword, _MISSING)
            if before is not _MISSING and after is not _MISSING and before == after:
                if isinstance(before, dict | list) and keyword not in _ANNOTATIONS:
                    self._visit_equal(old.child(keyword), new.child(keyword), owner)
                continue
            path = _join(rel, keyword)
            change_type = (
                ADDED if before is _MISSING else REMOVED if after is _MISSING else MODIFIED
            )
            shown_old = None if before is _MISSING else preview(before)
            shown_new = None if after is _MISSING else preview(after)
            if keyword in _ANNOTATIONS or keyword.startswith("x-"):
                kind = "annotation.changed" if keyword in _ANNOTATIONS else "extension.changed"
                self._add(
                    out,
                    kind,
                    path,
                    change_type,
                    shown_old,
                    shown_new,
                    old.at(keyword) if before is not _MISSING else old.at(),
                    new.at(keyword) if after is not _MISSING else new.at(),
                    f"{keyword} {change_type}",
                    rel,
                )
            else:
                self._other(out, keyword, before, after, old, new, rel)
