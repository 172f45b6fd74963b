"""Deep, direction-aware OpenAPI comparison (the ``pacto`` ruleset; 03-diff.md §6 extended).

Walks paths, operations, parameters (path-item and operation level, merged), request bodies,
responses, response headers, security requirements, security schemes and servers, following
``$ref`` s inside the bundle, and hands every schema to a :class:`~pacto.diff._schema.
SchemaDiffer` that knows whether the service reads it (requests) or writes it (responses).
Change paths extend the reference's (``openapi.paths[/p].methods[GET].parameters[k:query]``)
down to the schema keyword that changed.
"""

from __future__ import annotations

from typing import Any

from pacto.diff._documents import LoadedDocument
from pacto.diff._draft import Emitter
from pacto.diff._openapi_base import ADDED, METHODS, MODIFIED, REMOVED, mapping
from pacto.diff._openapi_messages import MessageRules
from pacto.diff._openapi_security import SecurityRules
from pacto.diff._rules import Direction
from pacto.diff._schema import Node

__all__ = ["METHODS", "compare_openapi"]


def compare_openapi(emit: Emitter, old_doc: LoadedDocument, new_doc: LoadedDocument) -> None:
    """Emit the changes between two OpenAPI documents of one interface."""
    _Comparison(emit, old_doc, new_doc).run()


class _Comparison(MessageRules, SecurityRules):
    def _anchors(self) -> None:
        for differ in (self.request, self.response):
            side = "request" if differ.direction == Direction.INPUT else "response"
            for anchor in differ.anchor_results():
                users = differ.users_of(anchor)
                count = len(users)
                base, name = _anchor_path(anchor.key)
                owner = (
                    f"{name} ({side} schema, used by {count} operation{'s' if count != 1 else ''})"
                )
                for change in anchor.changes:
                    self.emit.drafts.append(change.draft(base, owner, differ.context))

    def run(self) -> None:
        old_paths = mapping(self.old_root, "paths")
        new_paths = mapping(self.new_root, "paths")
        empty = Node({}, self.new_root.file, ("paths",))
        old_paths = old_paths or Node({}, self.old_root.file, ("paths",))
        new_paths = new_paths or empty
        old_keys, new_keys = old_paths.value, new_paths.value
        for path in sorted(old_keys):
            if path not in new_keys:
                item = self._resolve(old_paths.child(path), self.old_res)
                deprecated = item is not None and _all_deprecated(item.value)
                self._add(
                    "openapi.path.removed-deprecated" if deprecated else "openapi.path.removed",
                    f"openapi.paths[{path}]",
                    REMOVED,
                    path,
                    None,
                    f"API path {path} {'(deprecated) ' if deprecated else ''}removed",
                    old_paths.at(path),
                    new_paths.at(),
                )
                continue
            old_item = self._resolve(old_paths.child(path), self.old_res)
            new_item = self._resolve(new_paths.child(path), self.new_res)
            if (
                old_item is not None
                and new_item is not None
                and isinstance(old_item.value, dict)
                and isinstance(new_item.value, dict)
            ):
                self._path_item(path, old_item, new_item)
        for path in sorted(set(new_keys) - set(old_keys)):
            self._add(
                "openapi.path.added",
                f"openapi.paths[{path}]",
                ADDED,
                None,
                path,
                f"API path {path} added",
                old_paths.at(),
                new_paths.at(path),
            )
        self._anchors()
        self._security_schemes()
        self._servers()

    def _path_item(self, path: str, old_item: Node, new_item: Node) -> None:
        base = f"openapi.paths[{path}]"
        self._descriptions(old_item, new_item, base, f"path {path}")
        old_methods = [m for m in METHODS if m in old_item.value]
        new_methods = [m for m in METHODS if m in new_item.value]
        for method in sorted(old_methods):
            upper = method.upper()
            label = f"{upper} {path}"
            where = f"{base}.methods[{upper}]"
            if method not in new_item.value:
                operation = old_item.value[method]
                deprecated = isinstance(operation, dict) and operation.get("deprecated") is True
                self._add(
                    "openapi.operation.removed-deprecated"
                    if deprecated
                    else "openapi.operation.removed",
                    where,
                    REMOVED,
                    label,
                    None,
                    f"{label} {'(deprecated) ' if deprecated else ''}method removed",
                    old_item.at(method),
                    new_item.at(),
                )
                continue
            old_op = old_item.child(method)
            new_op = new_item.child(method)
            if not isinstance(old_op.value, dict):
                old_op = Node({}, old_op.file, old_op.pointer)
            if not isinstance(new_op.value, dict):
                new_op = Node({}, new_op.file, new_op.pointer)
            self._operation(label, where, old_item, new_item, old_op, new_op)
        for method in sorted(set(new_methods) - set(old_methods)):
            upper = method.upper()
            self._add(
                "openapi.operation.added",
                f"{base}.methods[{upper}]",
                ADDED,
                None,
                f"{upper} {path}",
                f"{upper} {path} method added",
                old_item.at(),
                new_item.at(method),
            )

    def _operation(
        self, label: str, base: str, old_item: Node, new_item: Node, old_op: Node, new_op: Node
    ) -> None:
        o, n = old_op.value, new_op.value
        self._descriptions(old_op, new_op, base, label)
        old_id, new_id = o.get("operationId"), n.get("operationId")
        if old_id and new_id and old_id != new_id:
            self._add(
                "openapi.operation.id-changed",
                f"{base}.operationId",
                MODIFIED,
                old_id,
                new_id,
                f"{label} operationId changed",
                old_op.at("operationId"),
                new_op.at("operationId"),
            )
        if o.get("deprecated") is not True and n.get("deprecated") is True:
            self._add(
                "openapi.operation.deprecated",
                f"{base}.deprecated",
                MODIFIED,
                False,
                True,
                f"{label} deprecated",
                old_op.at(),
                new_op.at("deprecated"),
            )
        self._parameters(label, base, old_item, new_item, old_op, new_op)
        self._request_body(label, base, old_op, new_op)
        self._responses(label, base, old_op, new_op)
        self._security(label, base, old_op, new_op)


def _all_deprecated(item: Any) -> bool:
    if not isinstance(item, dict):
        return False
    operations = [item[m] for m in METHODS if m in item]
    return bool(operations) and all(
        isinstance(op, dict) and op.get("deprecated") is True for op in operations
    )


def _anchor_path(key: str) -> tuple[str, str]:
    """``#/components/schemas/Pet`` -> (``openapi.components.schemas[Pet]``, ``schema Pet``)."""
    file, _, pointer = key.partition("#")
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    if not file and len(tokens) == 3 and tokens[0] == "components":
        kind = tokens[1]
        noun = "schema" if kind == "schemas" else kind.rstrip("s")
        return f"openapi.components.{kind}[{tokens[2]}]", f"{noun} {tokens[2]}"
    return f"openapi.ref[{key}]", f"schema {key}"
