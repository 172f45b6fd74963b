"""``pacto-plugin-schema-infer`` without processes or files (09-plugins-doc-mcp.md §1.6)."""

from __future__ import annotations

import io
import json

import pytest

from pacto.plugin.schema_infer import SCHEMA_DIALECT, infer, infer_document, parse_dotenv, run


def test_inference_rules_for_every_kind_of_value() -> None:
    assert infer("x") == {"type": "string"}
    assert infer(8080) == {"type": "integer"}
    assert infer(8080, json_numbers=True) == {"type": "number"}
    assert infer(0.5) == {"type": "number"}
    assert infer(True) == {"type": "boolean"}
    assert infer(None) == {"type": "null"}
    assert infer([]) == {"type": "array", "items": {}}
    assert infer([{"a": 1}, "ignored"]) == {
        "type": "array",
        "items": {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]},
    }
    assert infer(object()) == {}


def test_spec_example_from_a_json_sample_in_compatibility_mode() -> None:
    sample = {"port": 8080, "db": {"host": "x", "tls": True}, "tags": []}
    schema = infer_document(sample, service_name="orders", json_numbers=True)
    assert schema == {
        "$schema": SCHEMA_DIALECT,
        "additionalProperties": False,
        "properties": {
            "db": {
                "properties": {"host": {"type": "string"}, "tls": {"type": "boolean"}},
                "required": ["host", "tls"],
                "type": "object",
            },
            "port": {"type": "number"},
            "tags": {"items": {}, "type": "array"},
        },
        "required": ["db", "port", "tags"],
        "title": "orders configuration",
        "type": "object",
    }
    assert "additionalProperties" not in schema["properties"]["db"]


def test_dotenv_lines_become_string_keys() -> None:
    text = (
        '# comment\n\nexport PORT=8080\nNAME=\'orders svc\'\nQUOTED="a \\"b\\""\n'
        "URL=http://x # trailing comment\nEMPTY=\n"
    )
    assert parse_dotenv(text) == {
        "PORT": "8080",
        "NAME": "orders svc",
        "QUOTED": 'a "b"',
        "URL": "http://x",
        "EMPTY": "",
    }
    with pytest.raises(ValueError, match="line 1: expected KEY=VALUE"):
        parse_dotenv("no equals sign\n")


def _run(stdin: bytes) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(io.BytesIO(stdin), stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def test_undecodable_input_fails_with_exit_1_and_no_trailing_newline() -> None:
    code, out, err = _run(b"{not json")
    assert code == 1 and out == ""
    assert err.startswith("failed to decode input: ")
    assert not err.endswith("\n")


def test_missing_file_option_is_explained() -> None:
    request = {"protocolVersion": "1", "contract": {}, "bundleDir": ".", "outputDir": "o"}
    code, _, err = _run(json.dumps(request).encode())
    assert (code, err) == (1, "missing required option: file (e.g. --option file=config.yaml)")


def test_unsupported_extension_is_refused_before_reading() -> None:
    request = {"bundleDir": ".", "options": {"file": "config.ini"}}
    code, _, err = _run(json.dumps(request).encode())
    assert (code, err) == (1, "failed to parse config.ini: unsupported file extension: .ini")
