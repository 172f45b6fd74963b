"""Bad input never crashes the engine: it becomes a warning (a diagnostic) and no changes for the
part that could not be compared (03-diff.md §8)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from pacto.diff import Result
from tests.unit.diff.support import PACTO, bundle, diff_bundles, openapi


def _response_ref(ref: Any) -> dict[str, Any]:
    document = openapi()
    document["paths"]["/items"]["post"]["responses"]["200"]["content"]["application/json"] = {
        "schema": {"$ref": ref}
    }
    return document


def _messages(result: Result) -> list[str]:
    return [str(d) for d in result.diagnostics]


def _diff_docs(old: Any, new: Any, **files: Any) -> Result:
    return diff_bundles(bundle(old, {}, extra_files=files), bundle(new, {}, extra_files=files))


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        (42, "$ref must be a string"),
        ("#/components/schemas/Missing", "unresolvable $ref '#/components/schemas/Missing'"),
        (
            "schemas/missing.yaml",
            "schemas/missing.yaml': interfaces/schemas/missing.yaml: file not found",
        ),
        ("https://example.com/pet.json", "remote $ref 'https://example.com/pet.json' not followed"),
        ("../../../etc/passwd", "points outside the bundle"),
        ("/etc/passwd", "is an absolute path"),
        ("#anchor", "plain-name fragments are not supported"),
    ],
)
def test_bad_references_are_warnings(ref: Any, message: str) -> None:
    old = _response_ref(ref)
    new = copy.deepcopy(old)
    new["paths"]["/items"]["post"]["responses"]["200"]["description"] = "changed"
    new["paths"]["/items"]["post"]["responses"]["201"] = {"description": "created"}
    result = _diff_docs(old, new)
    assert any(message in m for m in _messages(result)), _messages(result)
    assert [c.rule for c in result.changes] == [
        "openapi.description.changed",
        "openapi.response.status.added",
    ]


def test_cyclic_reference_chains_are_reported_and_terminate() -> None:
    old = _response_ref("#/components/schemas/A")
    old["components"] = {
        "schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"$ref": "#/components/schemas/A"},
        }
    }
    new = copy.deepcopy(old)
    new["paths"]["/items"]["post"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/B"
    }
    result = _diff_docs(old, new)
    assert any("cyclic $ref" in m for m in _messages(result)), _messages(result)


def test_mutually_recursive_components_terminate() -> None:
    schemas = {
        "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
        "B": {
            "type": "object",
            "properties": {"a": {"$ref": "#/components/schemas/A"}, "n": {"type": "string"}},
        },
    }
    old = _response_ref("#/components/schemas/A")
    old["components"] = {"schemas": schemas}
    new = copy.deepcopy(old)
    new["components"]["schemas"]["B"]["properties"]["n"] = {"type": "integer"}
    new["paths"]["/items"]["post"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "type": "object",
        "properties": {"b": {"$ref": "#/components/schemas/B"}},
    }
    result = _diff_docs(old, new)
    assert [c.path for c in result.changes] == ["openapi.components.schemas[B].properties.n.type"]
    assert "used by 1 operation)" in result.changes[0].reason


def test_an_interface_file_that_is_not_openapi_is_a_warning() -> None:
    result = _diff_docs({"hello": "world"}, {"hello": "there"})
    assert result.changes == ()
    assert _messages(result) == [
        "interfaces/openapi.yaml: interface api: is not an OpenAPI document (no openapi version "
        "field) (old side)"
    ]


def test_an_unparseable_interface_file_is_a_warning() -> None:
    result = _diff_docs("openapi: 3.0.3\npaths: [unclosed", openapi())
    assert result.changes == ()
    assert "invalid YAML" in _messages(result)[0]


def test_a_missing_interface_file_is_a_warning() -> None:
    old = bundle(None, {})
    result = diff_bundles(old, bundle(openapi(), {}))
    assert "file not found in the bundle (old side)" in _messages(result)[0]


def test_a_binary_interface_file_is_a_warning() -> None:
    result = _diff_docs(b"\xff\xfe\x00garbage", openapi())
    assert "not UTF-8 text" in _messages(result)[0]


def test_non_openapi_files_of_non_http_interfaces_are_silently_skipped() -> None:
    pacto = PACTO.replace("type: http", "type: grpc").replace("openapi.yaml", "api.proto")
    old = bundle(None, {}, pacto=pacto, extra_files={"interfaces/api.proto": b"syntax = 'proto3';"})
    new = bundle(
        None, {}, pacto=pacto, extra_files={"interfaces/api.proto": b"syntax = 'proto3'; "}
    )
    result = diff_bundles(old, new)
    assert result.changes == () and result.diagnostics == ()


def test_asyncapi_files_of_event_interfaces_are_silently_skipped() -> None:
    pacto = PACTO.replace("type: http", "type: event")
    result = diff_bundles(
        bundle({"asyncapi": "2.6.0"}, {}, pacto=pacto),
        bundle({"asyncapi": "3.0.0"}, {}, pacto=pacto),
    )
    assert result.changes == () and result.diagnostics == ()


def test_swagger_2_is_compared_with_a_warning() -> None:
    old = {
        "swagger": "2.0",
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}},
    }
    new = {"swagger": "2.0", "paths": {}}
    result = _diff_docs(old, new)
    assert [c.rule for c in result.changes] == ["openapi.path.removed"]
    assert "Swagger 2.0" in _messages(result)[0]


def test_a_paths_member_that_is_not_a_mapping_is_a_warning() -> None:
    result = _diff_docs({"openapi": "3.0.3", "paths": ["/a"]}, openapi())
    assert result.changes == ()
    assert "paths member that is not a mapping" in _messages(result)[0]


def test_a_document_without_paths_compares_as_empty() -> None:
    result = _diff_docs({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}}, openapi())
    assert [c.rule for c in result.changes] == ["openapi.path.added"]


def test_schemas_nested_beyond_the_depth_limit_stop_with_a_warning() -> None:
    def nested(depth: int, leaf: str) -> dict[str, Any]:
        node: dict[str, Any] = {"type": leaf}
        for _ in range(depth):
            node = {"type": "object", "properties": {"x": node}}
        return node

    old = json.dumps(openapi(response=nested(90, "string"))).encode()
    new = json.dumps(openapi(response=nested(90, "integer"))).encode()
    result = _diff_docs(old, new)  # JSON: the YAML loader would refuse this nesting earlier
    assert result.changes == ()
    assert "nests deeper than 64 levels" in _messages(result)[0]


def test_invalid_configuration_schema_is_a_warning() -> None:
    result = diff_bundles(bundle(openapi(), b"{not json"), bundle(openapi(), {"type": "object"}))
    assert result.changes == ()
    assert "configuration app: invalid JSON" in _messages(result)[0]


def test_oversized_documents_are_refused_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    from pacto.diff import _documents

    monkeypatch.setattr(_documents, "MAX_DOCUMENT_BYTES", 100)
    result = _diff_docs(openapi(), openapi(response={"type": "integer"}))
    assert result.changes == ()
    assert "above the 0 MB limit" in _messages(result)[0]


def test_engine_without_file_systems_compares_contracts_only() -> None:
    from pacto.contract import parse
    from pacto.diff import compare

    contract = parse(PACTO.encode())
    result = compare(contract, contract)
    assert result.changes == () and result.diagnostics == () and result.sbom_diff is None
