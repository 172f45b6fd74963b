"""Layer 1: YAML to generic document, schema leaves, sorting and short-circuiting (02 §4)."""

from __future__ import annotations

import pytest

from pacto.contract import parse
from pacto.validation import (
    _structural,
    first_structural_error,
    validate,
    validate_structural,
    validate_structural_raw,
)
from tests.unit.validation.helpers import base, dump, pairs


def test_valid_document_has_no_findings() -> None:
    assert validate_structural_raw(dump(base())).errors == []
    assert validate_structural(base()).errors == []


def test_invalid_yaml_is_one_yaml_parse_error_with_its_location() -> None:
    result = validate_structural_raw(b'pactoVersion: "1.0"\nservice: [a\n')
    assert pairs(result.errors) == [("YAML_PARSE_ERROR", "")]
    assert result.errors[0].message.startswith("failed to parse YAML: ")
    location = result.errors[0].location
    assert location is not None and location.file == "pacto.yaml" and location.line >= 2


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan"])
def test_values_json_cannot_represent_are_yaml_parse_errors(value: str) -> None:
    raw = dump(base()) + f"metadata: {{x: {value}}}\n".encode()
    assert pairs(validate_structural_raw(raw).errors) == [("YAML_PARSE_ERROR", "")]


def test_an_empty_text_fails_the_schema_at_the_root() -> None:
    assert pairs(validate_structural_raw(b"").errors) == [("SCHEMA_VIOLATION", "")]


def test_non_string_keys_are_stringified_and_dates_stay_text() -> None:
    raw = dump(base()) + b"metadata:\n  1: one\n  true: yes\n  released: 2024-05-01\n"
    assert validate_structural_raw(raw).errors == []


def test_an_integer_written_as_a_float_with_zero_fraction_is_an_integer() -> None:
    raw = dump(base()).replace(b"port: 8080", b"port: 8080.0")
    assert validate_structural_raw(raw).errors == []


def test_one_violation_per_leaf_sorted_by_path_then_message() -> None:
    document = base()
    document["service"]["name"] = "Bad Name"
    document["interfaces"].append({"name": "x", "type": "ftp", "port": 70000})
    document["pactoVersion"] = "9"
    errors = validate_structural(document).errors
    assert [e.path for e in errors] == [
        "interfaces.1.port",
        "interfaces.1.type",
        "pactoVersion",
        "service.name",
    ]
    assert errors == sorted(errors, key=lambda e: (e.path, e.message))
    assert {e.code for e in errors} == {"SCHEMA_VIOLATION"}


def test_interface_without_type_reports_required_and_every_conditional_leaf() -> None:
    """An `if` on an absent property is true (02 §4.1 notes), so all three `then`s apply."""
    document = base()
    document["interfaces"] = [{"name": "x"}]
    messages = [e.message for e in validate_structural(document).errors]
    assert "'type' is a required property" in messages
    assert messages.count("'port' is a required property") == 2
    assert messages.count("'contract' is a required property") == 2
    assert {e.path for e in validate_structural(document).errors} == {"interfaces.0"}


def test_layer_1_errors_stop_the_pipeline() -> None:
    document = base()
    document["pactoVersion"] = "999"
    document["service"]["version"] = "not-semver"
    raw = dump(document)
    assert pairs(validate(parse(raw), raw, None).errors) == [("SCHEMA_VIOLATION", "pactoVersion")]


def test_an_unexpected_validator_failure_is_a_schema_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(document: object) -> list[object]:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(_structural, "contract_schema_errors", explode)
    document = base()
    document["pactoVersion"] = "2.0"
    result = validate_structural(document)
    assert pairs(result.errors) == [("SCHEMA_ERROR", "")]
    assert "maximum recursion depth" in result.errors[0].message


def test_first_structural_error_is_the_message_overrides_report() -> None:
    assert first_structural_error(dump(base())) is None
    document = base()
    document["interfaces"][0]["port"] = 0
    assert first_structural_error(dump(document)) == "0 is less than the minimum of 1"
    assert first_structural_error(b"a: [b").startswith("failed to parse YAML")  # type: ignore[union-attr]


def test_validate_structural_on_a_document_has_no_locations() -> None:
    document = base()
    document["pactoVersion"] = "2.0"
    assert validate_structural(document).errors[0].location is None
