"""Mapping a bundle's configuration to ConfigurationInfo (§6.3): inline values, schema
properties, and the schema as a table (``schemaProperties``) next to the values."""

from __future__ import annotations

import json

from pydantic import TypeAdapter

from pacto.dashboard import api
from pacto.dashboard.bundle_view import (
    describe_bundle,
    extract_schema_properties,
    schema_properties,
)
from pacto.dashboard.model import ConfigValue, SchemaProperty
from pacto.dashboard.wire import service_details_to_wire
from tests.unit.dashboard.fakes import contract_yaml, make_bundle

SCHEMA = {
    "type": "object",
    "required": ["database", "logLevel"],
    "properties": {
        "logLevel": {
            "type": "string",
            "enum": ["debug", "info"],
            "default": "info",
            "description": "Minimum log level.",
        },
        "database": {
            "type": "object",
            "required": ["url"],
            "properties": {
                "url": {"type": "string", "description": "Connection URL."},
                "maxConnections": {"type": "integer", "default": 20},
            },
        },
        "flags": {"type": "object", "additionalProperties": {"type": "boolean"}},
        "untyped": {"description": 7, "enum": "not-a-list"},
    },
}


def _bundle(values: str = ""):
    config = "configurations:\n  - name: main\n    schema: configuration/schema.json\n" + values
    return make_bundle(
        contract_yaml("svc", extra=config),
        {"configuration/schema.json": json.dumps(SCHEMA).encode()},
    )


def test_schema_properties_are_leaves_in_key_order_with_required_description_and_enum():
    fs = _bundle().fs
    assert schema_properties(fs, "configuration/schema.json") == (
        SchemaProperty(key="database.maxConnections", value="20", type="integer", required=False),
        SchemaProperty(
            key="database.url",
            value="(any)",
            type="string",
            required=True,
            description="Connection URL.",
        ),
        SchemaProperty(key="flags", value="(any)", type="object"),
        SchemaProperty(
            key="logLevel",
            value="info",
            type="string",
            required=True,
            description="Minimum log level.",
            enum=("debug", "info"),
        ),
        SchemaProperty(key="untyped", value="(any)", type=""),
    )
    # §6.3's {key, value, type} rows are the same walk.
    assert extract_schema_properties(fs, "configuration/schema.json")[0] == ConfigValue(
        key="database.maxConnections", value="20", type="integer"
    )
    assert schema_properties(fs, "missing.json") == ()
    assert schema_properties(None, "configuration/schema.json") == ()


def test_schema_properties_are_listed_even_when_inline_values_exist():
    bundle = _bundle("    values:\n      logLevel: debug\n      database:\n        url: x\n")
    configuration = describe_bundle(bundle, "local").details.configuration
    assert configuration is not None
    assert configuration.value_keys == ("database", "logLevel")
    assert [v.key for v in configuration.values] == ["database", "logLevel"]
    assert [p.key for p in configuration.schema_properties] == [
        "database.maxConnections",
        "database.url",
        "flags",
        "logLevel",
        "untyped",
    ]
    wire = service_details_to_wire(describe_bundle(bundle, "local").details)["configuration"]
    assert list(wire) == ["hasSchema", "schema", "valueKeys", "values", "schemaProperties"]
    assert wire["schemaProperties"][3] == {
        "key": "logLevel",
        "value": "info",
        "type": "string",
        "required": True,
        "description": "Minimum log level.",
        "enum": ["debug", "info"],
    }
    assert wire["schemaProperties"][2] == {"key": "flags", "value": "(any)", "type": "object"}
    TypeAdapter(api.ConfigurationInfo).validate_python(wire)


def test_without_inline_values_the_values_are_the_schema_properties():
    configuration = describe_bundle(_bundle(), "local").details.configuration
    assert configuration is not None and configuration.value_keys == ()
    assert configuration.values == tuple(
        ConfigValue(key=p.key, value=p.value, type=p.type) for p in configuration.schema_properties
    )


def test_no_schema_file_means_no_schema_properties():
    bundle = make_bundle(
        contract_yaml("svc", extra="configurations:\n  - name: main\n    values:\n      a: 1\n")
    )
    configuration = describe_bundle(bundle, "local").details.configuration
    assert configuration is not None and configuration.schema_properties == ()
    wire = service_details_to_wire(describe_bundle(bundle, "local").details)["configuration"]
    assert "schemaProperties" not in wire
