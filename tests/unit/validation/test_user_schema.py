"""User-supplied JSON Schemas (configuration and policy schemas): parsing, compiling with the
declared draft without network access, and the fastjsonschema accept-only oracle."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for

from pacto.validation._schema import _is_fast_safe, load_user_schema

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "contracts"


def _load(schema: Any) -> Any:
    return load_user_schema(json.dumps(schema).encode())


def test_text_that_is_not_json_reports_where() -> None:
    schema = load_user_schema(b'{\n  "type": "object",\n  oops\n}')
    assert schema.json_error
    assert (schema.json_line, schema.json_column) == (3, 3)
    assert not schema.is_usable


@pytest.mark.parametrize("text", [b"NaN", b'{"maximum": Infinity}', b"\xff"])
def test_non_standard_json_is_not_json(text: bytes) -> None:
    assert load_user_schema(text).json_error


@pytest.mark.parametrize(
    ("schema", "node"),
    [
        ({"$ref": "nonexistent://bad"}, ("$ref",)),
        (
            {"properties": {"a": {"$ref": "https://example.com/remote.json"}}},
            ("properties", "a", "$ref"),
        ),
        ({"$ref": "#/$defs/missing"}, ("$ref",)),
        ({"$ref": "other.json"}, ("$ref",)),
        ({"$schema": "https://example.com/my-dialect"}, ("$schema",)),
        ({"$schema": 7}, ("$schema",)),
        ({"type": "strin"}, ("type",)),
        ({"minLength": -1}, ("minLength",)),
        ({"pattern": "("}, ("pattern",)),
        ({"items": [{"type": "string"}]}, ("items",)),
        ([], ()),
        (5, ()),
    ],
    ids=[
        "unknown-scheme-ref",
        "remote-ref",
        "dangling-pointer",
        "relative-file-ref",
        "unknown-dialect",
        "dialect-not-a-string",
        "bad-type",
        "negative-count",
        "bad-regex",
        "2020-12-items-array",
        "list",
        "number",
    ],
)
def test_schemas_that_do_not_compile_say_why_and_where(schema: Any, node: tuple[Any, ...]) -> None:
    loaded = _load(schema)
    assert loaded.schema_error
    assert loaded.schema_error_node == node
    assert not loaded.is_usable


@pytest.mark.parametrize(
    "schema",
    [
        True,
        {},
        {"$ref": "https://json-schema.org/draft/2020-12/schema"},
        {"$schema": "http://json-schema.org/draft-07/schema#", "items": [{"type": "string"}]},
        {"$defs": {"port": {"type": "integer"}}, "properties": {"p": {"$ref": "#/$defs/port"}}},
        {
            "$id": "https://example.com/s",
            "properties": {"a": {"$ref": "#/$defs/a"}},
            "$defs": {"a": {}},
        },
        {"$anchor": "x", "prefixItems": [{"type": "string"}], "unevaluatedProperties": False},
    ],
    ids=[
        "true",
        "empty",
        "meta-schema-ref",
        "draft-07-tuple-items",
        "local-ref",
        "root-id",
        "2020-12-only-keywords",
    ],
)
def test_schemas_that_compile_are_usable(schema: Any) -> None:
    assert _load(schema).is_usable


def test_the_declared_draft_is_used() -> None:
    # draft-07 tuple validation: the first item must be a string
    schema = _load(
        {"$schema": "http://json-schema.org/draft-07/schema#", "items": [{"type": "string"}]}
    )
    assert schema.leaf_errors(["a", 1]) == []
    assert [e.message for e in schema.leaf_errors([1])] == ["1 is not of type 'string'"]


def test_2020_12_only_keywords_are_enforced() -> None:
    schema = _load({"prefixItems": [{"type": "string"}], "unevaluatedProperties": False})
    assert schema.fast is None
    assert schema.leaf_errors([1])
    assert schema.leaf_errors({"x": 1})
    assert schema.leaf_errors(["a"]) == []


# ------------------------------------------------------------------ the fast oracle

FAST_SAFE = [
    {"type": "object", "required": ["A"], "properties": {"A": {"type": "integer", "minimum": 1}}},
    {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://x/y",
        "additionalProperties": False,
        "properties": {"a": {"enum": [1, "x", None]}},
    },
    {"properties": {"a": {"const": 0}, "b": {"uniqueItems": True}, "c": {"pattern": "^x$"}}},
    {"oneOf": [{"type": "string"}, {"type": "integer"}], "not": {"const": 3}},
    {"if": {"properties": {"k": {"const": "a"}}}, "then": {"required": ["v"]}, "else": True},
    {"items": {"type": "number", "multipleOf": 2}, "minItems": 1, "contains": {"const": 2}},
    {"propertyNames": {"maxLength": 3}, "patternProperties": {"^x": {"type": "boolean"}}},
    {"definitions": {"a": {"type": "string"}}, "$ref": "#/definitions/a", "description": "d"},
]
NOT_FAST = [
    {"$ref": "#/$defs/a", "required": ["x"], "$defs": {"a": {}}},  # $ref siblings differ by draft
    {"prefixItems": [{"type": "string"}]},
    {"items": [{"type": "string"}]},
    {"dependentRequired": {"a": ["b"]}},
    {"properties": {"a": {"$id": "https://x/a"}}},
    {"$schema": "http://json-schema.org/draft-04/schema#"},
    {"multipleOf": 0.1},
    {"type": ["string", "string"]},
    {"minContains": 1, "contains": {}},
    {"$ref": "https://example.com/x"},
    {"contentMediaType": "application/json"},
    {"required": "a"},
]


@pytest.mark.parametrize("schema", FAST_SAFE)
def test_fast_safe_schemas_pass_the_meta_schema_and_compile_fast(schema: Any) -> None:
    assert _is_fast_safe(schema, root=True)
    validator_for(schema, default=Draft202012Validator).check_schema(schema)
    assert _load(schema).fast is not None


@pytest.mark.parametrize("schema", NOT_FAST)
def test_schemas_outside_the_shared_subset_use_jsonschema_only(schema: Any) -> None:
    assert not _is_fast_safe(schema, root=True)
    assert _load(schema).fast is None


INSTANCES = [
    None,
    True,
    False,
    0,
    1,
    1.0,
    2,
    3,
    2.5,
    -1,
    "",
    "a",
    "x",
    "x\n",
    "xyzw",
    [],
    [1],
    [2, 2],
    ["a"],
    [True, 1],
    {},
    {"A": 0},
    {"A": 1},
    {"A": "1"},
    {"a": 1},
    {"a": "x"},
    {"k": "a"},
    {"k": "a", "v": 1},
    {"xb": True},
    {"xb": 1},
    {"abcd": 1},
    {"a": 0, "b": [1, True], "c": "x"},
    {"c": "x\n"},
]


def _corpus_schema_cases() -> list[Any]:
    cases = []
    for path in sorted(CORPUS.rglob("*.json")):
        if path.parent.name in ("configuration", "policy"):
            cases.append(
                pytest.param(json.loads(path.read_bytes()), id=str(path.relative_to(CORPUS)))
            )
    return cases


NOT_FAST_USABLE = [schema for schema in NOT_FAST if _load(schema).is_usable]


@pytest.mark.parametrize("schema", [*FAST_SAFE, *NOT_FAST_USABLE, *_corpus_schema_cases()])
def test_fast_oracle_agrees_with_jsonschema_on_every_instance(schema: Any) -> None:
    loaded = _load(schema)
    assert loaded.is_usable
    precise = validator_for(schema, default=Draft202012Validator)(schema)
    for instance in INSTANCES:
        assert (loaded.leaf_errors(instance) == []) is precise.is_valid(instance), instance


def test_every_corpus_configuration_and_policy_schema_takes_the_fast_path(
    corpus_contracts: Path,
) -> None:
    schemas = [
        json.loads(path.read_bytes())
        for path in corpus_contracts.rglob("*.json")
        if path.parent.name in ("configuration", "policy")
    ]
    assert len(schemas) >= 10
    assert all(_load(schema).fast is not None for schema in schemas)
