"""Edge cases of the schema walk, references, documents and locations."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pacto.contract import MemoryFS
from pacto.diff import Classification, Diagnostic
from pacto.diff._documents import DocumentStore, LoadProblem
from pacto.diff._locations import JsonLocator, Locator
from pacto.diff._schema import preview
from pacto.diff.wire import diagnostic_to_wire, json_safe
from tests.unit.diff.support import bundle, diff_bundles, diff_config, openapi


def _rules(old_schema: Any, new_schema: Any, where: str = "response", **extra: Any) -> list[str]:
    old = openapi(**{where: old_schema}, extra=extra.get("extra_old") or extra.get("extra"))
    new = openapi(**{where: new_schema}, extra=extra.get("extra_new") or extra.get("extra"))
    result = diff_bundles(bundle(old, {}), bundle(new, {}))
    return [c.rule for c in result.changes]


def test_boolean_schemas_compare_as_one_change() -> None:
    assert _rules(True, {"type": "string"}) == ["openapi.response.keyword.changed"]


def test_recursive_schemas_behind_different_references_terminate() -> None:
    node = {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/A"}}}
    other = {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/B"}}}
    rules = _rules(
        {"$ref": "#/components/schemas/A"},
        {"$ref": "#/components/schemas/B"},
        extra={"components": {"schemas": {"A": node, "B": other}}},
    )
    assert rules == []


def test_exclusive_bounds_mixing_flags_and_numbers_are_other_changes() -> None:
    assert _rules({"maximum": 5, "exclusiveMaximum": True}, {"exclusiveMaximum": 5}) == [
        "openapi.response.maximum.removed",
        "openapi.response.keyword.changed",
    ]
    assert _rules({"maximum": "10"}, {"maximum": "20"}) == ["openapi.response.keyword.changed"]


def test_additional_properties_schemas_are_walked() -> None:
    assert _rules(
        {"type": "object", "additionalProperties": {"type": "string"}},
        {"type": "object", "additionalProperties": {"type": "integer"}},
    ) == ["openapi.response.type.changed"]
    assert _rules(
        {"type": "object", "additionalProperties": False},
        {"type": "object", "additionalProperties": {"type": "string"}},
    ) == ["openapi.response.additional-properties.allowed"]


def test_tuple_items_are_positional() -> None:
    assert _rules(
        {"items": [{"type": "string"}]}, {"items": [{"type": "integer"}, {"type": "string"}]}
    ) == ["openapi.response.type.changed", "openapi.response.prefix-items.item-added"]
    assert _rules({"items": True}, {"items": False}) == ["openapi.response.keyword.changed"]


def test_enum_and_const_values_of_any_json_type() -> None:
    # (true and 1 are told apart by the classifier, but not by the fast equality check that
    # skips unchanged subtrees; see pacto.diff._schema)
    assert _rules({"enum": [{"a": 1}, None, 1]}, {"enum": [{"a": 2}, None, 1]}) == [
        "openapi.response.enum.value-added",
        "openapi.response.enum.value-removed",
    ]
    assert _rules({"const": None}, {"const": 0}) == ["openapi.response.const.changed"]


def test_nested_all_of_is_flattened_against_a_plain_schema() -> None:
    plain = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}}
    composed = {
        "allOf": [
            {"allOf": [{"type": "object", "properties": {"a": {"type": "string"}}}]},
            {"properties": {"b": {"type": "string"}}},
            {"$ref": "#/components/schemas/Missing"},
        ]
    }
    old = openapi(response=plain)
    new = openapi(response=composed)
    result = diff_bundles(bundle(old, {}), bundle(new, {}))
    assert result.changes == ()
    assert "unresolvable $ref" in str(result.diagnostics[0])


def test_removed_all_of_subschema_with_an_unresolvable_sibling() -> None:
    rules = _rules(
        {"allOf": [{"properties": {"a": {"type": "string"}}}, {"required": ["a"]}]},
        {"allOf": [{"properties": {"a": {"type": "string"}}}]},
        where="request",
    )
    assert rules == ["openapi.request.property.became-optional"]


def test_a_wrapper_with_its_own_keywords_is_not_a_composition_shift() -> None:
    rules = _rules(
        {"type": "string"},
        {"oneOf": [{"type": "string"}, {"type": "integer"}], "maxLength": 3},
    )
    assert "openapi.response.max-length.added" in rules


def test_a_read_only_property_becoming_required_does_not_concern_requests() -> None:
    old = {"type": "object", "properties": {"id": {"type": "string", "readOnly": True}}}
    new = {**old, "required": ["id"]}
    assert _rules(old, new, where="request") == []
    assert _rules(old, new, where="response") == ["openapi.response.property.became-required"]


def test_classifications_compare_only_with_classifications() -> None:
    with pytest.raises(TypeError):
        assert Classification.BREAKING >= 1
    assert Classification.BREAKING > Classification.NON_BREAKING
    assert Classification.NON_BREAKING <= Classification.NON_BREAKING


def test_preview_cuts_long_values() -> None:
    assert preview("x" * 300).endswith("…") and len(preview("x" * 300)) == 200
    big = {"k": "v" * 300}
    assert isinstance(preview(big), str) and preview(big).startswith('{"k":')
    assert preview({"a": 1}) == {"a": 1}
    assert str(preview({"s": set(range(100))})).startswith("{'s'")  # not JSON: str() instead


def test_reference_chains_are_followed_and_bounded() -> None:
    schemas: dict[str, dict[str, Any]] = {
        f"S{i}": {"$ref": f"#/components/schemas/S{i + 1}"} for i in range(40)
    }
    schemas["S40"] = {"type": "string"}
    schemas["Bad"] = {"$ref": 7}
    old = openapi(
        response={"$ref": "#/components/schemas/S38"}, extra={"components": {"schemas": schemas}}
    )
    new = openapi(
        response={"$ref": "#/components/schemas/S0"}, extra={"components": {"schemas": schemas}}
    )
    result = diff_bundles(bundle(old, {}), bundle(new, {}))
    assert any("chain longer than 32" in str(d) for d in result.diagnostics)
    old = openapi(
        response={"$ref": "#/components/schemas/S39"}, extra={"components": {"schemas": schemas}}
    )
    new = openapi(
        response={"$ref": "#/components/schemas/Bad"}, extra={"components": {"schemas": schemas}}
    )
    result = diff_bundles(bundle(old, {}), bundle(new, {}))
    assert any("$ref must be a string, found a number" in str(d) for d in result.diagnostics)


class _Broken(MemoryFS):
    def read_bytes(self, path: str) -> bytes:
        raise PermissionError(13, "Permission denied")


def test_document_store_reports_every_failure_once() -> None:
    store = DocumentStore(_Broken({"a.json": b"{}"}), "old")
    with pytest.raises(LoadProblem, match="cannot read the file: Permission denied"):
        store.load("a.json")
    with pytest.raises(LoadProblem):
        store.load("a.json")
    with pytest.raises(LoadProblem, match="no bundle files"):
        DocumentStore(None, "old").load("a.json")
    deep = MemoryFS({"deep.json": b"[" * 100_000 + b"]" * 100_000})
    with pytest.raises(LoadProblem, match="nests too deeply"):
        DocumentStore(deep, "old").load("deep.json")
    yaml_json = MemoryFS({"a.yaml": b"{a: 1}"})
    assert DocumentStore(yaml_json, "old").load("a.yaml").data == {"a": 1}
    assert [d.path for d in DocumentStore(yaml_json, "o").documents()] == []


def test_json_locations_of_arrays_and_broken_documents() -> None:
    locator = JsonLocator('[1, [2, {"a": 3}], []]', "f.json")
    locator.prepare([(1, 1, "a"), (2, 0)])
    assert str(locator.locate((1, 1, "a"))) == "f.json:1:15"
    assert str(locator.locate((2, 0))) == "f.json:1:20"
    broken = JsonLocator('{"a": {"b": [1, 2', "f.json")
    broken.prepare([("a", "b", 5)])
    assert str(broken.locate(("a", "b", 5))) == "f.json:1:13"
    assert JsonLocator("", "f.json").locate(("x",)) is None
    locator.prepare([(1, 1, "a")])  # already known: no second scan
    yaml_locator = Locator("a:\n  - b\n", "f.yaml", is_json=False)
    yaml_locator.prepare([("a", 0)])
    assert str(yaml_locator.locate(("a", 0))) == "f.yaml:2:5"


def test_wire_helpers() -> None:
    assert json_safe((1.0, float("-inf"))) == [1.0, "-inf"]
    assert diagnostic_to_wire(Diagnostic(message="m")) == {"message": "m"}
    assert str(Diagnostic(message="m", file="f")) == "f: m"


def test_config_schema_change_inside_a_reference_to_another_file() -> None:
    old = {"type": "object", "properties": {"db": {"$ref": "db.json"}}}
    result = diff_config(old, old)
    assert result.changes == ()
    assert "configuration/db.json: file not found" in str(result.diagnostics[0])


def test_json_documents_that_are_not_json_fall_back_to_yaml() -> None:
    text = b"{a: [1, 2]}"
    store = DocumentStore(MemoryFS({"x.yml": text}), "new")
    assert store.load("x.yml").is_json is False
    assert json.loads("[]") == []
