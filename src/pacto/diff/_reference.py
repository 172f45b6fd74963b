"""The ``reference`` ruleset: the reference implementation's coarse OpenAPI diff (03-diff.md
§6) and its recursive JSON Schema walk with the path-shape rule (§7), reproduced exactly.

Only ``paths`` is read; operation-level parameters, request bodies and responses are compared
as whole objects and summarised as *delta summaries* (§6.4). ``$ref`` s are not followed.
"""

from __future__ import annotations

from typing import Any

from pacto.diff._documents import LoadedDocument
from pacto.diff._draft import Draft, Emitter
from pacto.diff._model import ChangeType, Pointer
from pacto.diff._openapi import METHODS
from pacto.diff._rules import rule
from pacto.diff._values import render_value

__all__ = ["compare_openapi_reference", "delta_summaries", "walk_schema"]

ADDED, REMOVED, MODIFIED = ChangeType.ADDED, ChangeType.REMOVED, ChangeType.MODIFIED
PointerPath = tuple[str | int, ...]


def _strict_equal(a: Any, b: Any) -> bool:
    """Equality of canonical YAML serialisations: ``1`` != ``1.0`` != ``"1"`` != ``true``."""
    if type(a) is not type(b):
        if isinstance(a, bool) or isinstance(b, bool):
            return False
        if isinstance(a, int) and isinstance(b, int):
            return int(a) == int(b)
        if isinstance(a, float) and isinstance(b, float):
            return float(a) == float(b)
        if isinstance(a, str) and isinstance(b, str):
            return str(a) == str(b)
        if (isinstance(a, dict) and isinstance(b, dict)) or (
            isinstance(a, list) and isinstance(b, list)
        ):
            pass
        else:
            return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_strict_equal(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_strict_equal(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _json_equal(a: Any, b: Any) -> bool:
    """JSON equality: object key order irrelevant, numbers by value, booleans are not numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and bool(a == b)


def _flatten(value: Any, prefix: str, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _flatten(child, f"{prefix}.{key}" if prefix else str(key), out)
    else:
        out[prefix] = render_value(value)


def delta_summaries(old: Any, new: Any, exclude: frozenset[str] = frozenset()) -> tuple[str, str]:
    """The old/new values of a modified parameter, body or response (03-diff.md §6.4)."""
    old_flat: dict[str, str] = {}
    new_flat: dict[str, str] = {}
    if isinstance(old, dict):
        _flatten(old, "", old_flat)
    if isinstance(new, dict):
        _flatten(new, "", new_flat)
    before: list[str] = []
    after: list[str] = []
    for key in sorted(set(old_flat) | set(new_flat)):
        if key in exclude:
            continue
        if key in old_flat and key in new_flat and old_flat[key] == new_flat[key]:
            continue
        if key in old_flat:
            before.append(f"{key}={old_flat[key]}")
        if key in new_flat:
            after.append(f"{key}={new_flat[key]}")
    return ", ".join(before), ", ".join(after)


class _Reference:
    def __init__(self, emit: Emitter, old_doc: LoadedDocument, new_doc: LoadedDocument) -> None:
        self.emit = emit
        self.old_file = old_doc.path
        self.new_file = new_doc.path
        self.old = old_doc.data
        self.new = new_doc.data

    def _add(
        self,
        rule_id: str,
        path: str,
        change_type: ChangeType,
        old_value: Any,
        new_value: Any,
        reason: str,
        old_at: PointerPath,
        new_at: PointerPath,
    ) -> None:
        self.emit.drafts.append(
            Draft(
                path=path,
                type=change_type,
                rule=rule(rule_id),
                reason=reason,
                old_value=old_value,
                new_value=new_value,
                old_pointer=(self.old_file, old_at),
                new_pointer=(self.new_file, new_at),
            )
        )

    def run(self) -> None:
        old_paths = self.old.get("paths") if isinstance(self.old, dict) else None
        new_paths = self.new.get("paths") if isinstance(self.new, dict) else None
        if not isinstance(old_paths, dict) or not isinstance(new_paths, dict):
            return
        for path in sorted(old_paths):
            where = ("paths", path)
            if path not in new_paths:
                self._add(
                    "openapi.paths.removed",
                    f"openapi.paths[{path}]",
                    REMOVED,
                    path,
                    None,
                    f"API path {path} removed",
                    where,
                    ("paths",),
                )
                continue
            self._path_item(path, old_paths[path], new_paths[path])
        for path in sorted(set(new_paths) - set(old_paths)):
            self._add(
                "openapi.paths.added",
                f"openapi.paths[{path}]",
                ADDED,
                None,
                path,
                f"API path {path} added",
                ("paths",),
                ("paths", path),
            )

    def _path_item(self, path: str, old_item: Any, new_item: Any) -> None:
        old_item = old_item if isinstance(old_item, dict) else {}
        new_item = new_item if isinstance(new_item, dict) else {}
        old_methods = sorted(m for m in old_item if m in METHODS)
        new_methods = sorted(m for m in new_item if m in METHODS)
        for method in old_methods:
            upper = method.upper()
            where: PointerPath = ("paths", path, method)
            change_path = f"openapi.paths[{path}].methods[{upper}]"
            if method not in new_item:
                self._add(
                    "openapi.methods.removed",
                    change_path,
                    REMOVED,
                    f"{upper} {path}",
                    None,
                    f"{upper} {path} method removed",
                    where,
                    ("paths", path),
                )
                continue
            old_op = old_item[method] if isinstance(old_item[method], dict) else {}
            new_op = new_item[method] if isinstance(new_item[method], dict) else {}
            self._operation(path, upper, where, old_op, new_op)
        for method in new_methods:
            if method in old_item:
                continue
            upper = method.upper()
            self._add(
                "openapi.methods.added",
                f"openapi.paths[{path}].methods[{upper}]",
                ADDED,
                None,
                f"{upper} {path}",
                f"{upper} {path} method added",
                ("paths", path),
                ("paths", path, method),
            )

    @staticmethod
    def _parameters(operation: dict[str, Any]) -> dict[str, tuple[int, dict[str, Any]]]:
        found: dict[str, tuple[int, dict[str, Any]]] = {}
        params = operation.get("parameters")
        if not isinstance(params, list):
            return found
        for index, param in enumerate(params):
            if not isinstance(param, dict):
                continue
            key = f"{_text(param.get('name'))}:{_text(param.get('in'))}"
            if key == ":":
                continue
            found[key] = (index, param)
        return found

    def _operation(
        self,
        path: str,
        method: str,
        where: PointerPath,
        old_op: dict[str, Any],
        new_op: dict[str, Any],
    ) -> None:
        base = f"openapi.paths[{path}].methods[{method}]"
        subject = f"{method} {path}"
        old_params, new_params = self._parameters(old_op), self._parameters(new_op)
        for key in sorted(old_params):
            index, param = old_params[key]
            label = f"{_text(param.get('in'))} param '{_text(param.get('name'))}'"
            change_path = f"{base}.parameters[{key}]"
            if key not in new_params:
                self._add(
                    "openapi.parameters.removed",
                    change_path,
                    REMOVED,
                    f"{subject} {label}",
                    None,
                    f"{subject} {label} removed",
                    (*where, "parameters", index),
                    (*where, "parameters"),
                )
                continue
            new_index, new_param = new_params[key]
            if not _strict_equal(param, new_param):
                before, after = delta_summaries(param, new_param, frozenset({"name", "in"}))
                self._add(
                    "openapi.parameters.modified",
                    change_path,
                    MODIFIED,
                    before,
                    after,
                    f"{subject} {label} modified",
                    (*where, "parameters", index),
                    (*where, "parameters", new_index),
                )
        for key in sorted(set(new_params) - set(old_params)):
            index, param = new_params[key]
            label = f"{_text(param.get('in'))} param '{_text(param.get('name'))}'"
            self._add(
                "openapi.parameters.added",
                f"{base}.parameters[{key}]",
                ADDED,
                None,
                f"{subject} {label}",
                f"{subject} {label} added",
                (*where, "parameters"),
                (*where, "parameters", index),
            )
        old_body, new_body = old_op.get("requestBody"), new_op.get("requestBody")
        body_path = f"{base}.request-body"
        body_at: PointerPath = (*where, "requestBody")
        if old_body is not None and new_body is None:
            self._add(
                "openapi.request-body.removed",
                body_path,
                REMOVED,
                subject,
                None,
                f"{subject} request body removed",
                body_at,
                where,
            )
        elif old_body is None and new_body is not None:
            self._add(
                "openapi.request-body.added",
                body_path,
                ADDED,
                None,
                subject,
                f"{subject} request body added",
                where,
                body_at,
            )
        elif old_body is not None and not _strict_equal(old_body, new_body):
            before, after = delta_summaries(old_body, new_body)
            self._add(
                "openapi.request-body.modified",
                body_path,
                MODIFIED,
                before,
                after,
                f"{subject} request body modified",
                body_at,
                body_at,
            )
        old_responses = old_op.get("responses")
        new_responses = new_op.get("responses")
        old_responses = old_responses if isinstance(old_responses, dict) else {}
        new_responses = new_responses if isinstance(new_responses, dict) else {}
        for code in sorted(old_responses):
            change_path = f"{base}.responses[{code}]"
            at: PointerPath = (*where, "responses", code)
            if code not in new_responses:
                self._add(
                    "openapi.responses.removed",
                    change_path,
                    REMOVED,
                    f"{subject} {code}",
                    None,
                    f"{subject} response {code} removed",
                    at,
                    (*where, "responses"),
                )
            elif not _strict_equal(old_responses[code], new_responses[code]):
                before, after = delta_summaries(old_responses[code], new_responses[code])
                self._add(
                    "openapi.responses.modified",
                    change_path,
                    MODIFIED,
                    before,
                    after,
                    f"{subject} response {code} modified",
                    at,
                    at,
                )
        for code in sorted(set(new_responses) - set(old_responses)):
            self._add(
                "openapi.responses.added",
                f"{base}.responses[{code}]",
                ADDED,
                None,
                f"{subject} {code}",
                f"{subject} response {code} added",
                (*where, "responses"),
                (*where, "responses", code),
            )


def _text(value: Any) -> str:
    return "" if value is None else value if isinstance(value, str) else render_value(value)


def compare_openapi_reference(
    emit: Emitter, old_doc: LoadedDocument, new_doc: LoadedDocument
) -> None:
    """Emit the reference's coarse OpenAPI changes (03-diff.md §6)."""
    _Reference(emit, old_doc, new_doc).run()


def walk_schema(
    emit: Emitter, old_file: str, new_file: str, old: Any, new: Any, prefix: str = "schema"
) -> None:
    """Emit the reference's JSON Schema walk (03-diff.md §7.2) classified by path shape."""

    def add(
        path: str,
        rule_path: str,
        change_type: ChangeType,
        old_value: Any,
        new_value: Any,
        reason: str,
        old_at: PointerPath,
        new_at: PointerPath,
    ) -> None:
        rule_id = (
            "schema.path-shape.required"
            if rule_path.endswith(".required")
            else "schema.path-shape.other"
        )
        old_pointer: Pointer = (old_file, old_at)
        new_pointer: Pointer = (new_file, new_at)
        emit.drafts.append(
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

    def walk(path: str, o: Any, n: Any, at: PointerPath) -> None:
        if _json_equal(o, n):
            return
        if isinstance(o, dict) and isinstance(n, dict):
            for key in sorted(set(o) | set(n)):
                child = f"{path}.{key}"
                if key not in o:
                    add(child, child, ADDED, None, n[key], f"{child} added", at, (*at, key))
                elif key not in n:
                    add(child, child, REMOVED, o[key], None, f"{child} removed", (*at, key), at)
                else:
                    walk(child, o[key], n[key], (*at, key))
            return
        if isinstance(o, list) and isinstance(n, list):
            if all(isinstance(x, str) for x in o) and all(isinstance(x, str) for x in n):
                old_set, new_set = set(o), set(n)
                seen: set[str] = set()
                for index, item in enumerate(n):
                    if item not in old_set and item not in seen:
                        seen.add(item)
                        add(
                            f"{path}[{item}]",
                            path,
                            ADDED,
                            None,
                            item,
                            f"{path} {item} added",
                            at,
                            (*at, index),
                        )
                seen = set()
                for index, item in enumerate(o):
                    if item not in new_set and item not in seen:
                        seen.add(item)
                        add(
                            f"{path}[{item}]",
                            path,
                            REMOVED,
                            item,
                            None,
                            f"{path} {item} removed",
                            (*at, index),
                            at,
                        )
                return
            for index in range(max(len(o), len(n))):
                child = f"{path}[{index}]"
                if index >= len(o):
                    add(child, path, ADDED, None, n[index], f"{child} added", at, (*at, index))
                elif index >= len(n):
                    add(child, path, REMOVED, o[index], None, f"{child} removed", (*at, index), at)
                else:
                    walk(child, o[index], n[index], (*at, index))
            return
        add(path, path, MODIFIED, o, n, f"{path} changed", at, at)

    walk(prefix, old, new, ())
