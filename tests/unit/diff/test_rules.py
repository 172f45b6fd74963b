"""The rule catalogue: written as data, complete, documented, and every rule fires."""

from __future__ import annotations

import copy
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from pacto.diff import (
    RULES,
    ChangeType,
    Classification,
    Rule,
    Ruleset,
    catalogue_markdown,
    classify,
    rules_for,
)
from pacto.diff._rules import _BOUNDS, OPENAPI_ONLY_KINDS, SCHEMA_CONTEXTS, SCHEMA_KINDS
from tests.unit.diff import test_contract, test_reference
from tests.unit.diff.support import (
    bundle,
    diff_bundles,
    diff_config,
    diff_openapi,
    load_cases,
    openapi,
    run_case,
)

DOCS = Path(__file__).resolve().parents[3] / "docs" / "diff-rules.md"
NB, PB, B = "NON_BREAKING", "POTENTIAL_BREAKING", "BREAKING"


def test_rule_ids_are_unique_sorted_and_explained() -> None:
    ids = list(RULES)
    assert ids == sorted(ids)
    for rule in RULES.values():
        assert rule.summary and "\n" not in rule.summary
        assert rule.rulesets


def test_the_catalogue_has_at_least_eighty_openapi_and_json_schema_rules() -> None:
    families = Counter(rule.family for rule in RULES.values())
    assert families["openapi"] + families["openapi-schema"] + families["json-schema"] >= 80


# 03-diff.md §4, transcribed independently of the implementation.
SPEC_TABLE = {
    "service.name": (None, None, B),
    "service.version": (None, None, NB),
    "service.owner": (NB, NB, NB),
    "service.image": (NB, NB, NB),
    "service.chart": (NB, NB, NB),
    "interfaces": (NB, B, None),
    "interfaces.type": (None, None, B),
    "interfaces.port": (PB, B, B),
    "interfaces.visibility": (None, None, PB),
    "interfaces.contract": (None, None, PB),
    "configurations": (NB, B, None),
    "configurations.schema": (NB, B, PB),
    "configurations.ref": (NB, B, PB),
    "policies": (NB, PB, None),
    "policies.schema": (None, None, PB),
    "policies.ref": (NB, PB, PB),
    "runtime.workload": (None, None, B),
    "runtime.state.type": (None, None, B),
    "runtime.state.persistence.scope": (None, None, B),
    "runtime.state.persistence.durability": (None, None, B),
    "runtime.state.dataCriticality": (None, None, PB),
    "runtime.lifecycle.upgradeStrategy": (NB, PB, PB),
    "runtime.lifecycle.gracefulShutdownSeconds": (None, None, NB),
    "runtime.health.interface": (None, None, PB),
    "runtime.health.path": (None, None, PB),
    "runtime.health.initialDelaySeconds": (None, None, NB),
    "runtime.metrics.interface": (None, None, PB),
    "runtime.metrics.path": (None, None, PB),
    "scaling": (NB, PB, None),
    "scaling.min": (None, None, PB),
    "scaling.max": (None, None, NB),
    "dependencies": (NB, B, None),
    "dependencies.ref": (None, None, PB),
    "dependencies.compatibility": (None, None, PB),
    "dependencies.required": (None, None, PB),
    "openapi.paths": (NB, B, None),
    "openapi.methods": (NB, B, None),
    "openapi.parameters": (PB, B, PB),
    "openapi.request-body": (PB, PB, PB),
    "openapi.responses": (NB, B, PB),
    "schema.properties": (NB, B, None),
}


@pytest.mark.parametrize("rule_path", sorted(SPEC_TABLE))
def test_the_lookup_table_is_the_reference_table(rule_path: str) -> None:
    for change_type, expected in zip(ChangeType, SPEC_TABLE[rule_path], strict=True):
        wanted = Classification(expected) if expected else Classification.POTENTIAL_BREAKING
        assert classify(rule_path, change_type) is wanted, (rule_path, change_type)


def test_the_lookup_strips_numeric_indices_and_defaults_to_potential() -> None:
    assert classify("configurations[3].ref", ChangeType.REMOVED) is Classification.BREAKING
    assert classify("something.unknown", ChangeType.ADDED) is Classification.POTENTIAL_BREAKING


def test_each_schema_kind_has_a_class_per_direction_matching_the_principle() -> None:
    for stem, _, is_upper in _BOUNDS:
        narrowing = f"{stem}.decreased" if is_upper else f"{stem}.increased"
        assert SCHEMA_KINDS[narrowing][:2] == (Classification.BREAKING, Classification.NON_BREAKING)
    for kind, (read, written, _) in SCHEMA_KINDS.items():
        if read is Classification.BREAKING and kind.endswith((".added", "-added")):
            assert written is not Classification.BREAKING or kind == "const.changed", kind


# Minimal (old, new) schema pairs that produce each change kind.
KIND_FIXTURES: dict[str, tuple[Any, Any]] = {
    "type.changed": ({"type": "string"}, {"type": "integer"}),
    "type.widened": ({"type": "integer"}, {"type": "number"}),
    "type.narrowed": ({"type": "number"}, {"type": "integer"}),
    "nullable.added": ({"type": "string"}, {"type": "string", "nullable": True}),
    "nullable.removed": ({"type": ["string", "null"]}, {"type": "string"}),
    "property.added": ({"properties": {"a": {}}}, {"properties": {"a": {}, "b": {}}}),
    "property.required-added": (
        {"properties": {"a": {}}},
        {"properties": {"a": {}, "b": {}}, "required": ["b"]},
    ),
    "property.removed": ({"properties": {"a": {}, "b": {}}}, {"properties": {"a": {}}}),
    "property.removed-deprecated": (
        {"properties": {"a": {}, "b": {"deprecated": True}}},
        {"properties": {"a": {}}},
    ),
    "property.became-required": (
        {"properties": {"a": {}}},
        {"properties": {"a": {}}, "required": ["a"]},
    ),
    "property.became-optional": (
        {"properties": {"a": {}}, "required": ["a"]},
        {"properties": {"a": {}}},
    ),
    "enum.value-added": ({"enum": ["a"]}, {"enum": ["a", "b"]}),
    "enum.value-removed": ({"enum": ["a", "b"]}, {"enum": ["a"]}),
    "enum.added": ({"type": "string"}, {"type": "string", "enum": ["a"]}),
    "enum.removed": ({"type": "string", "enum": ["a"]}, {"type": "string"}),
    "const.added": ({"type": "string"}, {"type": "string", "const": "a"}),
    "const.removed": ({"type": "string", "const": "a"}, {"type": "string"}),
    "const.changed": ({"const": "a"}, {"const": "b"}),
    "multiple-of.added": ({"type": "integer"}, {"type": "integer", "multipleOf": 2}),
    "multiple-of.removed": ({"type": "integer", "multipleOf": 2}, {"type": "integer"}),
    "multiple-of.changed": ({"multipleOf": 2}, {"multipleOf": 3}),
    "pattern.added": ({"type": "string"}, {"type": "string", "pattern": "^a"}),
    "pattern.removed": ({"type": "string", "pattern": "^a"}, {"type": "string"}),
    "pattern.changed": ({"pattern": "^a"}, {"pattern": "^b"}),
    "format.added": ({"type": "string"}, {"type": "string", "format": "uuid"}),
    "format.removed": ({"type": "string", "format": "uuid"}, {"type": "string"}),
    "format.changed": ({"format": "date"}, {"format": "date-time"}),
    "additional-properties.restricted": (
        {"type": "object"},
        {"type": "object", "additionalProperties": False},
    ),
    "additional-properties.allowed": (
        {"type": "object", "additionalProperties": False},
        {"type": "object"},
    ),
    "items.added": ({"type": "array"}, {"type": "array", "items": {"type": "string"}}),
    "items.removed": ({"type": "array", "items": {"type": "string"}}, {"type": "array"}),
    "prefix-items.item-added": ({"prefixItems": [{}]}, {"prefixItems": [{}, {"type": "string"}]}),
    "prefix-items.item-removed": ({"prefixItems": [{}, {"type": "string"}]}, {"prefixItems": [{}]}),
    "unique-items.added": ({"type": "array"}, {"type": "array", "uniqueItems": True}),
    "unique-items.removed": ({"type": "array", "uniqueItems": True}, {"type": "array"}),
    "one-of.subschema-added": (
        {"oneOf": [{"type": "string"}]},
        {"oneOf": [{"type": "string"}, {"type": "integer"}]},
    ),
    "one-of.subschema-removed": (
        {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        {"oneOf": [{"type": "string"}]},
    ),
    "any-of.subschema-added": (
        {"anyOf": [{"type": "string"}]},
        {"anyOf": [{"type": "string"}, {"type": "integer"}]},
    ),
    "any-of.subschema-removed": (
        {"anyOf": [{"type": "string"}, {"type": "integer"}]},
        {"anyOf": [{"type": "string"}]},
    ),
    "discriminator.changed": (
        {"discriminator": {"propertyName": "a"}},
        {"discriminator": {"propertyName": "b"}},
    ),
    "default.added": ({"type": "integer"}, {"type": "integer", "default": 1}),
    "default.removed": ({"type": "integer", "default": 1}, {"type": "integer"}),
    "default.changed": ({"type": "integer", "default": 1}, {"type": "integer", "default": 2}),
    "read-only.added": ({"type": "string"}, {"type": "string", "readOnly": True}),
    "read-only.removed": ({"type": "string", "readOnly": True}, {"type": "string"}),
    "write-only.added": ({"type": "string"}, {"type": "string", "writeOnly": True}),
    "write-only.removed": ({"type": "string", "writeOnly": True}, {"type": "string"}),
    "deprecated.added": ({"type": "string"}, {"type": "string", "deprecated": True}),
    "deprecated.removed": ({"type": "string", "deprecated": True}, {"type": "string"}),
    "annotation.changed": ({"type": "string", "title": "A"}, {"type": "string", "title": "B"}),
    "extension.changed": ({"type": "string"}, {"type": "string", "x-go-type": "string"}),
    "keyword.added": ({"type": "string"}, {"type": "string", "not": {"const": "x"}}),
    "keyword.removed": ({"type": "string", "not": {"const": "x"}}, {"type": "string"}),
    "keyword.changed": ({"not": {"const": "x"}}, {"not": {"const": "y"}}),
}
for _stem, _keyword, _is_upper in _BOUNDS:
    KIND_FIXTURES[f"{_stem}.decreased"] = ({_keyword: 10}, {_keyword: 5})
    KIND_FIXTURES[f"{_stem}.increased"] = ({_keyword: 5}, {_keyword: 10})
    KIND_FIXTURES[f"{_stem}.added"] = ({}, {_keyword: 5})
    KIND_FIXTURES[f"{_stem}.removed"] = ({_keyword: 5}, {})


def _media_schema_pair(kind: str, side: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Documents where a request or response media type gains or loses its schema."""
    with_schema: dict[str, Any] = {"application/json": {"schema": {"type": "object"}}}
    without: dict[str, Any] = {"application/json": {}}
    old_content, new_content = (
        (without, with_schema) if kind == "schema.added" else (with_schema, without)
    )

    def document(content: dict[str, Any]) -> dict[str, Any]:
        doc = openapi()
        operation = doc["paths"]["/items"]["post"]
        if side == "request":
            operation["requestBody"]["content"] = copy.deepcopy(content)
        else:
            operation["responses"]["200"]["content"] = copy.deepcopy(content)
        return doc

    return document(old_content), document(new_content)


def _fire_kind(context: str, kind: str) -> list[str]:
    if kind in OPENAPI_ONLY_KINDS:
        side = "request" if context == "openapi.request" else "response"
        old_doc, new_doc = _media_schema_pair(kind, side)
        result = diff_bundles(bundle(old_doc, {}), bundle(new_doc, {}))
    else:
        old, new = KIND_FIXTURES[kind]
        if context == "schema":
            result = diff_config(old, new)
        elif context == "openapi.request":
            result = diff_bundles(
                bundle(openapi(request=old), {}), bundle(openapi(request=new), {})
            )
        else:
            result = diff_bundles(
                bundle(openapi(response=old), {}), bundle(openapi(response=new), {})
            )
    return [change.rule for change in result.changes]


def _split(rule_id: str) -> tuple[str, str]:
    for context in sorted(SCHEMA_CONTEXTS, key=len, reverse=True):
        if rule_id.startswith(context + ".") and rule_id[len(context) + 1 :] in SCHEMA_KINDS:
            return context, rule_id[len(context) + 1 :]
    raise KeyError(rule_id)


KIND_RULES = [
    rule_id
    for rule_id, rule in RULES.items()
    if rule.family in ("openapi-schema", "json-schema") and not rule_id.startswith("schema.path")
]


@pytest.mark.parametrize("rule_id", KIND_RULES)
def test_each_schema_kind_fires_in_each_context(rule_id: str) -> None:
    context, kind = _split(rule_id)
    fired = _fire_kind(context, kind)
    assert fired == [rule_id]


def _fired_rules() -> set[str]:
    fired: set[str] = set()
    for case in load_cases("openapi.yaml"):
        fired.update(c.rule for c in run_case(case).changes)
    for rule_id in KIND_RULES:
        context, kind = _split(rule_id)
        fired.update(_fire_kind(context, kind))
    for _, old_change, new_change, _expected in test_contract.CONTRACT_CASES:
        old = test_contract.mutate(old_change) if old_change else copy.deepcopy(test_contract.BASE)
        new = test_contract.mutate(new_change)
        fired.update(_contract_rules(old, new))
    provider = copy.deepcopy(test_contract.BASE)
    provider.pop("policies")
    fired.update(_contract_rules(provider, provider, new={"policy/schema.json": b"{}"}))
    fired.update(_contract_rules(provider, provider, old={"policy/schema.json": b"{}"}))
    reference_results = [
        diff_openapi(test_reference.OLD_12_3, test_reference.NEW_12_3, "reference"),
        diff_config(test_reference.OLD_12_4, test_reference.NEW_12_4, "reference"),
        diff_openapi(
            {"paths": {"/a": {"get": {}, "put": {"requestBody": {"a": 1}}}, "/b": {"post": {}}}},
            {
                "paths": {
                    "/a": {"put": {"requestBody": {"a": 2}}},
                    "/b": {"post": {"requestBody": {}}},
                }
            },
            "reference",
        ),
    ]
    for result in reference_results:
        fired.update(c.rule for c in result.changes)
    return fired


def _contract_rules(
    old_doc: dict[str, Any], new_doc: dict[str, Any], **extra: dict[str, bytes]
) -> set[str]:
    from pacto.contract import parse
    from pacto.diff import compare

    old_fs = test_contract._files(old_doc, extra.get("old"))
    new_fs = test_contract._files(new_doc, extra.get("new"))
    result = compare(
        parse(old_fs.read_bytes("pacto.yaml")),
        parse(new_fs.read_bytes("pacto.yaml")),
        old_fs,
        new_fs,
    )
    return {c.rule for c in result.changes}


def test_every_rule_of_the_catalogue_fires() -> None:
    missing = set(RULES) - _fired_rules()
    assert not missing, sorted(missing)


def test_rules_for_a_ruleset() -> None:
    pacto_rules = {r.id for r in rules_for(ruleset=None) if "pacto" in r.rulesets}
    assert "openapi.path.removed" in pacto_rules
    reference = {r.id for r in rules_for(ruleset=None) if "reference" in r.rulesets}
    assert "openapi.paths.removed" in reference and "openapi.path.removed" not in reference
    assert "openapi.request-body.removed" in pacto_rules & reference


def test_docs_catalogue_is_current() -> None:
    """docs/diff-rules.md is generated; regenerate with UPDATE_GOLDEN=1."""
    expected = catalogue_markdown(RULES.values())
    if os.environ.get("UPDATE_GOLDEN") == "1":
        DOCS.parent.mkdir(parents=True, exist_ok=True)
        DOCS.write_text(expected, encoding="utf-8")
    assert DOCS.read_text(encoding="utf-8") == expected, (
        "docs/diff-rules.md is out of date: run `pacto rules --output-format markdown > "
        "docs/diff-rules.md` (or UPDATE_GOLDEN=1 pytest tests/unit/diff/test_rules.py)"
    )


def test_catalogue_markdown_escapes_pipes() -> None:
    text = catalogue_markdown(RULES.values())
    assert "| `openapi.path.removed` | BREAKING | pacto |" in text
    odd = Rule(
        id="x.y",
        classification=Classification.BREAKING,
        summary="a | b",
        family="openapi",
        rulesets=(Ruleset.PACTO,),
    )
    assert "| `x.y` | BREAKING | pacto | a \\| b |" in catalogue_markdown([odd])
