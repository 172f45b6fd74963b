"""Findings, results and their JSON wire form (02-validation.md §3)."""

from __future__ import annotations

import json

from pacto.contract import SourceLocation
from pacto.validation import (
    Severity,
    ValidationIssue,
    ValidationResult,
    issue_to_wire,
    result_to_wire,
)


def test_issue_string_form_is_code_path_message() -> None:
    issue = ValidationIssue(path="runtime.health.interface", code="X", message="boom")
    assert str(issue) == "[X] runtime.health.interface: boom"
    assert issue.severity is Severity.ERROR
    assert issue.location is None


def test_severity_values_are_lowercase_words() -> None:
    assert [s.value for s in Severity] == ["error", "warning"]


def test_add_error_and_add_warning_fill_the_right_lists_in_order() -> None:
    result = ValidationResult()
    result.add_warning("a", "W1", "first warning")
    result.add_error("b", "E1", "first error")
    result.add_error("c", "E2", "second error")
    assert [e.code for e in result.errors] == ["E1", "E2"]
    assert [w.code for w in result.warnings] == ["W1"]
    assert result.warnings[0].severity is Severity.WARNING
    assert not result.is_valid()
    assert [i.code for i in result.issues()] == ["E1", "E2", "W1"]


def test_warnings_alone_keep_a_result_valid() -> None:
    result = ValidationResult()
    result.add_warning("a", "W", "careful")
    assert result.is_valid()


def test_merge_appends_both_lists_preserving_order() -> None:
    first, second = ValidationResult(), ValidationResult()
    first.add_error("a", "E1", "")
    second.add_error("b", "E2", "")
    second.add_warning("c", "W1", "")
    first.merge(second)
    assert [e.code for e in first.errors] == ["E1", "E2"]
    assert [w.code for w in first.warnings] == ["W1"]


def test_parse_error_is_a_single_error_at_the_root() -> None:
    result = ValidationResult.parse_error("failed to parse svc/pacto.yaml: boom")
    assert [(e.code, e.path, e.message) for e in result.errors] == [
        ("PARSE_ERROR", "", "failed to parse svc/pacto.yaml: boom")
    ]


def test_wire_form_uses_capitalised_keys_and_null_for_empty_lists() -> None:
    wire = result_to_wire("./svc", ValidationResult())
    assert wire == {"Path": "./svc", "Valid": True, "Errors": None, "Warnings": None}
    text = json.dumps(wire, indent=2)
    assert '"Valid": true' in text


def test_wire_items_keep_upstream_key_order_and_add_location_last() -> None:
    result = ValidationResult()
    result.add_error(
        "interfaces[2].contract",
        "FILE_NOT_FOUND",
        'interface contract file "interfaces/events.yaml" not found in bundle',
        location=SourceLocation("pacto.yaml", 12, 15),
    )
    result.add_warning("dependencies[0].ref", "TAG_NOT_DIGEST", "pin it")
    wire = result_to_wire("./orders-api", result)
    assert list(wire) == ["Path", "Valid", "Errors", "Warnings"]
    assert wire["Valid"] is False
    error = wire["Errors"][0]
    assert list(error) == ["Path", "Code", "Message", "Location"]
    assert error["Location"] == {"File": "pacto.yaml", "Line": 12, "Column": 15}
    assert wire["Warnings"] == [
        {"Path": "dependencies[0].ref", "Code": "TAG_NOT_DIGEST", "Message": "pin it"}
    ]
    assert issue_to_wire(result.warnings[0]) == wire["Warnings"][0]
