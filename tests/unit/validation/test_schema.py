"""The embedded contract schema: identity, documentation, legacy superset, model parity, and
agreement of the fast and precise validators (02-validation.md §4)."""

from __future__ import annotations

import copy
import importlib.resources
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from pacto.contract import MODEL_KEYS
from pacto.validation import schema_bytes, schema_document, validate_structural
from pacto.validation._schema import contract_schema_accepts, contract_schema_errors
from pacto.validation._structural import DocumentConversionError, load_generic_document
from tests.unit.validation.helpers import base

SCHEMA = schema_document()


def test_schema_is_read_from_package_resources() -> None:
    resource = importlib.resources.files("pacto.validation.schema") / "pacto-v1.0.schema.json"
    assert schema_bytes() == resource.read_bytes()
    assert schema_document() is schema_document()
    assert json.loads(schema_bytes()) == SCHEMA


def test_schema_identity_is_draft_2020_12_pacto_1_0() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"] == "https://pacto.trianalab.com/schema/v1.0"
    assert SCHEMA["title"] == "Pacto Service Contract v1.0"
    Draft202012Validator.check_schema(SCHEMA)


def _subschemas(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _subschemas(value)
    elif isinstance(node, list):
        for value in node:
            yield from _subschemas(value)


_CONSTRAINTS = ("if", "then", "else", "not", "allOf", "anyOf")


def _declarations(node: Any) -> Iterator[dict[str, Any]]:
    """Subschemas that declare properties (conditionals and combinators only constrain)."""
    if isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key not in _CONSTRAINTS:
                yield from _declarations(value)
    elif isinstance(node, list):
        for value in node:
            yield from _declarations(value)


def test_every_property_has_a_description() -> None:
    declared = [
        (name, prop)
        for schema in _declarations(SCHEMA)
        for name, prop in (schema.get("properties") or {}).items()
        if isinstance(prop, dict)
    ]
    assert len(declared) > 60
    assert [name for name, prop in declared if not prop.get("description")] == []


def test_every_enum_has_a_description_per_value() -> None:
    enums = [schema for schema in _subschemas(SCHEMA) if "enum" in schema]
    assert len(enums) == 11
    for schema in enums:
        assert set(schema["x-enum-descriptions"]) == set(schema["enum"])
        assert all(
            isinstance(text, str) and text for text in schema["x-enum-descriptions"].values()
        )


def test_every_object_with_properties_rejects_unknown_keys() -> None:
    for schema in _subschemas(SCHEMA):
        if isinstance(schema.get("properties"), dict) and schema.get("type") == "object":
            assert schema.get("additionalProperties") is False, schema.get("description")


def _deref(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = SCHEMA["$defs"][node["$ref"].rsplit("/", 1)[1]]
    if "properties" not in node and "oneOf" in node:
        objects = [_deref(branch) for branch in node["oneOf"] if "$ref" in branch]
        assert len(objects) == 1
        node = objects[0]
    return node


def _level(path: str) -> dict[str, Any]:
    node = SCHEMA
    for segment in filter(None, path.split(".")):
        name = segment.removesuffix("[]")
        node = _deref(node["properties"][name])
        if segment.endswith("[]"):
            node = _deref(node["items"])
    return node


@pytest.mark.parametrize("level", sorted(MODEL_KEYS))
def test_model_keys_equal_schema_properties_per_level(level: str) -> None:
    assert set(_level(level)["properties"]) == set(MODEL_KEYS[level])


def test_legacy_configs_entries_share_the_configuration_source_definition() -> None:
    assert _level("configuration.configs[]") is _level("configurations[]")


# ------------------------------------------------------------------ the compatibility superset


def _with(**sections: Any) -> dict[str, Any]:
    document = base()
    document.update(sections)
    return document


@pytest.mark.parametrize(
    "sections",
    [
        {"configuration": {"schema": "configuration/schema.json"}},  # R0
        {"configuration": {"schema": "c.json", "values": {"A": 1}}},  # R1
        {"configuration": {"ref": "oci://r.io/cfg:1.0.0"}},  # R1
        {"configuration": {"configs": [{"name": "a", "schema": "a.json"}]}},  # R2
        {"policy": {"schema": "policy/schema.json"}},  # R1
        {"policy": {"ref": "oci://r.io/p:1"}},  # R1
        {"policies": [{"schema": "p.json"}, {"ref": "../rules"}]},  # R2, unnamed
        {"dependencies": [{"ref": "../db", "compatibility": "^1"}]},  # unnamed
    ],
    ids=[
        "r0-config",
        "r1-config-values",
        "r1-config-ref",
        "r2-configs",
        "r1-policy-schema",
        "r1-policy-ref",
        "r2-unnamed-policies",
        "unnamed-dependency",
    ],
)
def test_legacy_shapes_are_structurally_valid(sections: dict[str, Any]) -> None:
    assert validate_structural(_with(**sections)).errors == []


@pytest.mark.parametrize(
    ("sections", "path"),
    [
        (
            {
                "configuration": {"schema": "a.json"},
                "configurations": [{"name": "a", "schema": "a.json"}],
            },
            "",
        ),
        ({"policy": {"schema": "a.json"}, "policies": [{"name": "a", "schema": "a.json"}]}, ""),
        ({"configuration": {"schema": "a.json", "ref": "../b"}}, "configuration"),
        ({"configuration": {"ref": "../b", "values": {"A": 1}}}, "configuration"),
        ({"configuration": {"values": {"A": 1}}}, "configuration"),
        ({"configuration": {}}, "configuration"),
        ({"configuration": {"schema": "a.json", "extra": 1}}, "configuration"),
        ({"policy": {}}, "policy"),
        ({"policy": {"schema": "a.json", "ref": "../b"}}, "policy"),
        ({"configurations": [{"schema": "a.json"}]}, "configurations.0"),
    ],
    ids=[
        "configuration-and-configurations",
        "policy-and-policies",
        "config-schema-and-ref",
        "config-ref-with-values",
        "config-values-only",
        "config-empty",
        "config-unknown-key",
        "policy-empty",
        "policy-schema-and-ref",
        "configurations-name-required",
    ],
)
def test_invalid_legacy_shapes_are_rejected_at_their_path(
    sections: dict[str, Any], path: str
) -> None:
    errors = validate_structural(_with(**sections)).errors
    assert errors
    assert {e.path for e in errors} == {path}
    assert {e.code for e in errors} == {"SCHEMA_VIOLATION"}


def test_mutual_exclusion_messages_are_readable() -> None:
    document = _with(
        configuration={"schema": "a.json"},
        configurations=[{"name": "a", "schema": "a.json"}],
        policy={"schema": "a.json"},
        policies=[{"name": "a", "schema": "a.json"}],
    )
    messages = [e.message for e in validate_structural(document).errors]
    assert messages == [
        "configuration and configurations are mutually exclusive",
        "policy and policies are mutually exclusive",
    ]


# ------------------------------------------------------------------ fast vs precise agreement

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "contracts"


def _corpus_documents() -> list[Any]:
    documents = []
    for path in sorted(CORPUS.rglob("*.yaml")):
        if path.name == "expected.yaml" or "_sources" in path.parts:
            continue
        try:
            documents.append(
                pytest.param(
                    load_generic_document(path.read_bytes()), id=str(path.relative_to(CORPUS))
                )
            )
        except DocumentConversionError:
            continue
    return documents


def _edit(change: Any) -> dict[str, Any]:
    document = base()
    change(document)
    return document


SYNTHETIC: list[object] = [
    base(),
    None,
    [],
    "text",
    {},
    _edit(lambda d: d["service"].update(name="svc\n")),
    _edit(lambda d: d["service"].update(name="Svc")),
    _edit(lambda d: d["interfaces"][0].update(port=8080.0)),
    _edit(lambda d: d["interfaces"][0].update(port=8080.5)),
    _edit(lambda d: d["interfaces"][0].update(port=True)),
    _edit(lambda d: d["interfaces"][0].update(port=0)),
    _edit(lambda d: d["interfaces"][0].pop("type")),
    _edit(lambda d: d["interfaces"].append({"name": "g", "type": "grpc", "port": 1})),
    _edit(lambda d: d["interfaces"].append({"name": "e", "type": "event"})),
    _edit(
        lambda d: d["interfaces"].append(
            {"name": "e", "type": "event", "contract": "e.yaml", "port": 9}
        )
    ),
    _edit(lambda d: d.update(pactoVersion=1.0)),
    _edit(lambda d: d.update(pactoVersion="2.0")),
    _edit(lambda d: d.update(extra=1)),
    _edit(lambda d: d["service"].update(owner="")),
    _edit(lambda d: d["service"].update(owner={})),
    _edit(lambda d: d["service"].update(owner={"team": "a b"})),
    _edit(
        lambda d: d["service"].update(
            owner={"dri": "x@y", "contacts": [{"type": "chat", "value": "#c", "purpose": "oncall"}]}
        )
    ),
    _edit(lambda d: d["service"].update(owner={"contacts": []})),
    _edit(lambda d: d["service"].update(image={"ref": "r.io/a:1", "private": "yes"})),
    _edit(lambda d: d["runtime"]["state"]["persistence"].update(durability="persistent")),
    _edit(lambda d: d["runtime"]["state"].update(type="hybrid")),
    _edit(lambda d: d["runtime"]["state"].pop("type")),
    _edit(lambda d: d.update(scaling={})),
    _edit(lambda d: d.update(scaling={"min": 2})),
    _edit(lambda d: d.update(scaling={"replicas": 2, "min": 1, "max": 3})),
    _edit(lambda d: d.update(scaling={"min": 1, "max": 3})),
    _edit(lambda d: d.update(policies=[])),
    _edit(lambda d: d.update(policies=[{"name": "p"}])),
    _edit(lambda d: d.update(policies=[{"name": "p", "schema": "a", "ref": "b"}])),
    _edit(lambda d: d.update(configurations=[{"name": "c", "ref": "x", "values": {}}])),
    _edit(lambda d: d.update(configurations=[{"name": "c", "values": {}}])),
    _edit(lambda d: d.update(dependencies=[{"name": "d", "ref": "x", "compatibility": ""}])),
    _edit(lambda d: d.update(metadata=[1])),
    _edit(lambda d: d["runtime"].update(health={"interface": "", "path": ""})),
    _edit(lambda d: d["runtime"].update(lifecycle={"gracefulShutdownSeconds": -1})),
    _edit(lambda d: d.update(configuration={"schema": "a"}, configurations=[])),
]


@pytest.mark.parametrize("document", [*_corpus_documents(), *SYNTHETIC])
def test_fast_and_precise_validators_agree(document: Any) -> None:
    precise = Draft202012Validator(copy.deepcopy(SCHEMA)).is_valid(document)
    assert contract_schema_accepts(document) is precise or document == _edit(
        lambda d: d["service"].update(name="svc\n")
    )
    assert (contract_schema_errors(document) == []) is contract_schema_accepts(document)


def test_a_trailing_newline_does_not_satisfy_an_anchored_pattern() -> None:
    """Go's RE2 and ECMA-262 anchor `$` at the very end; both our validators do too."""
    document = _edit(lambda d: d["service"].update(name="svc\n"))
    assert not contract_schema_accepts(document)
    assert [e.path for e in validate_structural(document).errors] == ["service.name"]


def test_the_fast_validator_never_writes_defaults_into_the_document() -> None:
    document = base()
    snapshot = copy.deepcopy(document)
    assert contract_schema_accepts(document)
    assert document == snapshot  # no `visibility: internal` added
