"""Shared ground of the OpenAPI comparison: :class:`OpenAPIWalk` holds both documents, their
reference resolvers and the request/response schema differs, and emits changes."""

from __future__ import annotations

from typing import Any

from pacto.diff._documents import LoadedDocument
from pacto.diff._draft import Draft, Emitter
from pacto.diff._model import ChangeType, Pointer
from pacto.diff._refs import RefResolver, is_ref
from pacto.diff._rules import rule, schema_rule
from pacto.diff._schema import Node, SchemaDiffer, preview

__all__ = ["ADDED", "METHODS", "MODIFIED", "REMOVED", "OpenAPIWalk", "is_success", "mapping"]

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
ADDED, REMOVED, MODIFIED = ChangeType.ADDED, ChangeType.REMOVED, ChangeType.MODIFIED
_DEFAULT_STYLE = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}


def mapping(node: Node | None, key: str) -> Node | None:
    if node is None or not isinstance(node.value, dict):
        return None
    value = node.value.get(key)
    return node.child(key) if isinstance(value, dict) else None


def is_success(code: str) -> bool:
    return code[:1] in ("1", "2", "3")


def _serialization(parameter: dict[str, Any]) -> str:
    location = parameter.get("in", "")
    style = parameter.get("style") or _DEFAULT_STYLE.get(str(location), "")
    explode = parameter.get("explode")
    if not isinstance(explode, bool):
        explode = style == "form"
    reserved = parameter.get("allowReserved") is True
    return f"style={style} explode={str(explode).lower()} allowReserved={str(reserved).lower()}"


class OpenAPIWalk:
    """State and emission helpers of one OpenAPI comparison."""

    def __init__(self, emit: Emitter, old_doc: LoadedDocument, new_doc: LoadedDocument) -> None:
        self.emit = emit
        diagnostics = emit.diagnostics
        self.old_res = RefResolver(emit.old.store, old_doc.path, diagnostics, "old")
        self.new_res = RefResolver(emit.new.store, new_doc.path, diagnostics, "new")
        self.old_root = Node(old_doc.data, old_doc.path, ())
        self.new_root = Node(new_doc.data, new_doc.path, ())
        self.request = SchemaDiffer("openapi.request", self.old_res, self.new_res, diagnostics)
        self.response = SchemaDiffer("openapi.response", self.old_res, self.new_res, diagnostics)

    def _add(
        self,
        rule_id: str,
        path: str,
        change_type: ChangeType,
        old_value: Any,
        new_value: Any,
        reason: str,
        old_pointer: Pointer | None,
        new_pointer: Pointer | None,
    ) -> None:
        self.emit.drafts.append(
            Draft(
                path=path,
                type=change_type,
                rule=rule(rule_id),
                reason=reason,
                old_value=old_value,
                new_value=new_value,
                old_pointer=old_pointer,
                new_pointer=new_pointer,
            )
        )

    def _descriptions(self, old: Node, new: Node, base: str, owner: str) -> None:
        """Summary and description edits: documentation, reported NON_BREAKING."""
        if not isinstance(old.value, dict) or not isinstance(new.value, dict):
            return
        for key in ("summary", "description"):
            before, after = old.value.get(key), new.value.get(key)
            if before == after:
                continue
            change_type = ADDED if before is None else REMOVED if after is None else MODIFIED
            self._add(
                "openapi.description.changed",
                f"{base}.{key}",
                change_type,
                preview(before),
                preview(after),
                f"{owner} {key} {change_type}",
                old.at(key) if before is not None else old.at(),
                new.at(key) if after is not None else new.at(),
            )

    def _schemas(
        self,
        differ: SchemaDiffer,
        old: Node | None,
        new: Node | None,
        prefix: str,
        owner: str,
        user: str,
        old_parent: Node,
        new_parent: Node,
    ) -> None:
        if old is None and new is None:
            return
        if old is None or new is None:
            kind = "schema.added" if old is None else "schema.removed"
            self._add(
                schema_rule(differ.context, kind).id,
                prefix,
                ADDED if old is None else REMOVED,
                None,
                None,
                f"{owner}: schema {'added' if old is None else 'removed'}",
                old.at() if old is not None else old_parent.at(),
                new.at() if new is not None else new_parent.at(),
            )
            return
        for change in differ.diff(old, new, user):
            self.emit.drafts.append(change.draft(prefix, owner, differ.context))

    def _resolve(self, node: Node | None, resolver: RefResolver) -> Node | None:
        if node is None or not is_ref(node.value):
            return node
        target = resolver.resolve(node.value["$ref"], node.file)
        if target is None:
            return None
        return Node(target.node, target.file, target.pointer)
