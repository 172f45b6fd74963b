"""Messages of an operation: parameters (path-item and operation level merged, header names
case-insensitive), request bodies, responses, response headers and media types."""

from __future__ import annotations

from pacto.diff._openapi_base import (
    ADDED,
    MODIFIED,
    REMOVED,
    OpenAPIWalk,
    _serialization,
    is_success,
    mapping,
)
from pacto.diff._refs import RefResolver
from pacto.diff._rules import Direction
from pacto.diff._schema import Node, SchemaDiffer

__all__ = ["MessageRules"]


class MessageRules(OpenAPIWalk):
    """What a client sends and what it gets back."""

    def _collect(
        self, item: Node, operation: Node, resolver: RefResolver
    ) -> dict[str, tuple[str, Node]]:
        found: dict[str, tuple[str, Node]] = {}
        for owner in (item, operation):
            params = owner.value.get("parameters")
            if not isinstance(params, list):
                continue
            for index in range(len(params)):
                node = self._resolve(owner.child("parameters", index), resolver)
                if node is None or not isinstance(node.value, dict):
                    continue
                name, location = node.value.get("name"), node.value.get("in")
                if not isinstance(name, str) or not isinstance(location, str):
                    continue
                # Header names are case-insensitive (RFC 9110): X-Case and x-case are one header.
                key = f"{name.lower() if location == 'header' else name}:{location}"
                found[key] = (f"{name}:{location}", node)  # operation level overrides path level
        return found

    def _parameters(
        self, label: str, base: str, old_item: Node, new_item: Node, old_op: Node, new_op: Node
    ) -> None:
        old_params = self._collect(old_item, old_op, self.old_res)
        new_params = self._collect(new_item, new_op, self.new_res)
        for key, (shown, old_param) in sorted(old_params.items(), key=lambda kv: kv[1][0]):
            p = old_param.value
            text = f"{label} {p['in']} param '{p['name']}'"
            path = f"{base}.parameters[{shown}]"
            if key not in new_params:
                deprecated = p.get("deprecated") is True
                self._add(
                    "openapi.parameter.removed-deprecated"
                    if deprecated
                    else "openapi.parameter.removed",
                    path,
                    REMOVED,
                    text,
                    None,
                    f"{text} {'(deprecated) ' if deprecated else ''}removed",
                    old_param.at(),
                    new_op.at(),
                )
                continue
            new_shown, new_param = new_params[key]
            self._parameter(text, f"{base}.parameters[{new_shown}]", label, old_param, new_param)
        for key, (shown, new_param) in sorted(new_params.items(), key=lambda kv: kv[1][0]):
            if key in old_params:
                continue
            p = new_param.value
            text = f"{label} {p['in']} param '{p['name']}'"
            required = p.get("required") is True or p["in"] == "path"
            self._add(
                "openapi.parameter.added-required"
                if required
                else "openapi.parameter.added-optional",
                f"{base}.parameters[{shown}]",
                ADDED,
                None,
                text,
                f"{text} added{' (required)' if required else ''}",
                old_op.at(),
                new_param.at(),
            )

    def _parameter(self, text: str, path: str, user: str, old: Node, new: Node) -> None:
        o, n = old.value, new.value
        self._descriptions(old, new, path, text)
        old_required = o.get("required") is True or o.get("in") == "path"
        new_required = n.get("required") is True or n.get("in") == "path"
        if old_required != new_required:
            self._add(
                "openapi.parameter.became-required"
                if new_required
                else "openapi.parameter.became-optional",
                f"{path}.required",
                MODIFIED,
                old_required,
                new_required,
                f"{text} became {'required' if new_required else 'optional'}",
                old.at("required"),
                new.at("required"),
            )
        old_encoding, new_encoding = _serialization(o), _serialization(n)
        if old_encoding != new_encoding:
            self._add(
                "openapi.parameter.serialization-changed",
                f"{path}.style",
                MODIFIED,
                old_encoding,
                new_encoding,
                f"{text} serialization changed",
                old.at("style"),
                new.at("style"),
            )
        if o.get("deprecated") is not True and n.get("deprecated") is True:
            self._add(
                "openapi.parameter.deprecated",
                f"{path}.deprecated",
                MODIFIED,
                False,
                True,
                f"{text} deprecated",
                old.at(),
                new.at("deprecated"),
            )
        self._schemas(
            self.request,
            old.child("schema") if isinstance(o.get("schema"), dict) else None,
            new.child("schema") if isinstance(n.get("schema"), dict) else None,
            f"{path}.schema",
            text,
            user,
            old,
            new,
        )
        if "content" in o or "content" in n:
            self._content(self.request, text, path, user, old, new)

    def _content(
        self, differ: SchemaDiffer, owner: str, base: str, user: str, old: Node, new: Node
    ) -> None:
        old_content = mapping(old, "content")
        new_content = mapping(new, "content")
        o = old_content.value if old_content else {}
        n = new_content.value if new_content else {}
        side = "request" if differ.direction == Direction.INPUT else "response"
        for media in sorted(o):
            path = f"{base}.content[{media}]"
            if media not in n:
                self._add(
                    f"openapi.{side}.media-type.removed",
                    path,
                    REMOVED,
                    media,
                    None,
                    f"{owner} media type {media} removed",
                    old.at("content", media),
                    new.at("content") if new_content else new.at(),
                )
                continue
            assert old_content is not None and new_content is not None
            old_media = old_content.child(media)
            new_media = new_content.child(media)
            if not isinstance(old_media.value, dict) or not isinstance(new_media.value, dict):
                continue
            self._schemas(
                differ,
                old_media.child("schema") if "schema" in old_media.value else None,
                new_media.child("schema") if "schema" in new_media.value else None,
                f"{path}.schema",
                f"{owner} {media}",
                user,
                old_media,
                new_media,
            )
        for media in sorted(set(n) - set(o)):
            self._add(
                f"openapi.{side}.media-type.added",
                f"{base}.content[{media}]",
                ADDED,
                None,
                media,
                f"{owner} media type {media} added",
                old.at("content") if old_content else old.at(),
                new.at("content", media),
            )

    def _request_body(self, label: str, base: str, old_op: Node, new_op: Node) -> None:
        path = f"{base}.request-body"
        old_body = self._resolve(
            old_op.child("requestBody") if "requestBody" in old_op.value else None, self.old_res
        )
        new_body = self._resolve(
            new_op.child("requestBody") if "requestBody" in new_op.value else None, self.new_res
        )
        if old_body is None and new_body is None:
            return
        if new_body is None:
            assert old_body is not None
            self._add(
                "openapi.request-body.removed",
                path,
                REMOVED,
                label,
                None,
                f"{label} request body removed",
                old_body.at(),
                new_op.at(),
            )
            return
        new_required = isinstance(new_body.value, dict) and new_body.value.get("required") is True
        if old_body is None:
            self._add(
                "openapi.request-body.added-required"
                if new_required
                else "openapi.request-body.added-optional",
                path,
                ADDED,
                None,
                label,
                f"{label} {'required ' if new_required else ''}request body added",
                old_op.at(),
                new_body.at(),
            )
            return
        if not isinstance(old_body.value, dict) or not isinstance(new_body.value, dict):
            return
        self._descriptions(old_body, new_body, path, f"{label} request body")
        old_required = old_body.value.get("required") is True
        if old_required != new_required:
            self._add(
                "openapi.request-body.became-required"
                if new_required
                else "openapi.request-body.became-optional",
                f"{path}.required",
                MODIFIED,
                old_required,
                new_required,
                f"{label} request body became {'required' if new_required else 'optional'}",
                old_body.at("required"),
                new_body.at("required"),
            )
        self._content(self.request, f"{label} request body", path, label, old_body, new_body)

    def _responses(self, label: str, base: str, old_op: Node, new_op: Node) -> None:
        old_responses = mapping(old_op, "responses")
        new_responses = mapping(new_op, "responses")
        o = old_responses.value if old_responses else {}
        n = new_responses.value if new_responses else {}
        for code in sorted(o):
            path = f"{base}.responses[{code}]"
            text = f"{label} {code}"
            assert old_responses is not None
            if code not in n:
                self._add(
                    "openapi.response.status.removed"
                    if is_success(code)
                    else "openapi.response.error-status.removed",
                    path,
                    REMOVED,
                    text,
                    None,
                    f"{label} response {code} removed",
                    old_responses.at(code),
                    new_responses.at() if new_responses else new_op.at(),
                )
                continue
            assert new_responses is not None
            old_response = self._resolve(old_responses.child(code), self.old_res)
            new_response = self._resolve(new_responses.child(code), self.new_res)
            if old_response is None or new_response is None:
                continue
            if not isinstance(old_response.value, dict) or not isinstance(new_response.value, dict):
                continue
            owner = f"{label} response {code}"
            self._descriptions(old_response, new_response, path, owner)
            self._headers(owner, path, label, old_response, new_response)
            self._content(self.response, owner, path, label, old_response, new_response)
        for code in sorted(set(n) - set(o)):
            assert new_responses is not None
            self._add(
                "openapi.response.status.added"
                if is_success(code)
                else "openapi.response.error-status.added",
                f"{base}.responses[{code}]",
                ADDED,
                None,
                f"{label} {code}",
                f"{label} response {code} added",
                old_responses.at() if old_responses else old_op.at(),
                new_responses.at(code),
            )

    def _headers(self, owner: str, base: str, user: str, old: Node, new: Node) -> None:
        def collect(node: Node, resolver: RefResolver) -> dict[str, tuple[str, Node]]:
            headers = mapping(node, "headers")
            found: dict[str, tuple[str, Node]] = {}
            if headers is None:
                return found
            for name in headers.value:
                resolved = self._resolve(headers.child(name), resolver)
                if resolved is not None and isinstance(resolved.value, dict):
                    found[name.lower()] = (name, resolved)
            return found

        old_headers = collect(old, self.old_res)
        new_headers = collect(new, self.new_res)
        for key in sorted(old_headers):
            name, old_header = old_headers[key]
            path = f"{base}.headers[{name}]"
            required = old_header.value.get("required") is True
            if key not in new_headers:
                self._add(
                    "openapi.response.header.removed-required"
                    if required
                    else "openapi.response.header.removed",
                    path,
                    REMOVED,
                    name,
                    None,
                    f"{owner} header {name} removed",
                    old_header.at(),
                    new.at("headers") if "headers" in new.value else new.at(),
                )
                continue
            new_name, new_header = new_headers[key]
            new_required = new_header.value.get("required") is True
            path = f"{base}.headers[{new_name}]"
            self._descriptions(old_header, new_header, path, f"{owner} header {new_name}")
            if required != new_required:
                self._add(
                    "openapi.response.header.became-required"
                    if new_required
                    else "openapi.response.header.became-optional",
                    f"{path}.required",
                    MODIFIED,
                    required,
                    new_required,
                    f"{owner} header {new_name} became "
                    f"{'required' if new_required else 'optional'}",
                    old_header.at("required"),
                    new_header.at("required"),
                )
            self._schemas(
                self.response,
                old_header.child("schema")
                if isinstance(old_header.value.get("schema"), dict)
                else None,
                new_header.child("schema")
                if isinstance(new_header.value.get("schema"), dict)
                else None,
                f"{path}.schema",
                f"{owner} header {new_name}",
                user,
                old_header,
                new_header,
            )
        for key in sorted(set(new_headers) - set(old_headers)):
            name, new_header = new_headers[key]
            self._add(
                "openapi.response.header.added",
                f"{base}.headers[{name}]",
                ADDED,
                None,
                name,
                f"{owner} header {name} added",
                old.at("headers") if "headers" in old.value else old.at(),
                new_header.at(),
            )
