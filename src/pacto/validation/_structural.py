"""Layer 1: structural validation against the embedded JSON Schema (02-validation.md §4).

The raw text becomes a generic JSON-compatible document (YAML 1.2 resolution, then a JSON round
trip so that numbers are plain JSON numbers and ``.inf``/``.nan`` are refused); a failure there is
one ``YAML_PARSE_ERROR``. The document is then checked against the schema: one
``SCHEMA_VIOLATION`` per leaf error, sorted by (path, message) — beyond the reference (§12 item
1), so that the order does not depend on the JSON Schema library.
"""

from __future__ import annotations

import functools
import json

from pacto.contract import DocumentError, LocationIndex, SourceLocation, load_yaml
from pacto.validation._locate import Node, locate
from pacto.validation._result import ValidationResult
from pacto.validation._schema import contract_schema_accepts, contract_schema_errors

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "CONTRACT_FILE_NAME",
    "DocumentConversionError",
    "first_structural_error",
    "load_generic_document",
    "location_index",
    "structural_from_raw",
    "structural_result",
    "validate_structural",
    "validate_structural_raw",
]


CONTRACT_FILE_NAME = "pacto.yaml"

# What a JSON Schema library can raise besides reporting validation errors (02 §4.1 step 4).
_VALIDATOR_FAILURES = (RecursionError, ValueError, TypeError, LookupError)


class DocumentConversionError(ValueError):
    """The contract text is not loadable YAML or cannot be represented as JSON."""

    def __init__(self, message: str, location: SourceLocation | None = None) -> None:
        super().__init__(message)
        self.location = location


def _logger() -> Any:
    import logging  # only on the rare paths that log: logging costs ~3 ms of a cold start

    return logging.getLogger(__name__)


def load_generic_document(raw_yaml: bytes | str) -> Any:
    """The generic JSON form of ``raw_yaml`` (02 §4.1 step 1), used by layers 1 and 4.

    Raises :class:`DocumentConversionError`. An empty text loads as ``None`` (which the schema
    then rejects), as the reference's YAML library does.

    The conversion is a pure function of the text, so small texts are memoised by content: the
    overrides flow runs layer 1 on the merged text and then validates that same text, and
    long-running hosts (dashboard, MCP) validate the same contracts again and again. The
    returned document is shared: treat it as read-only (no layer writes to it).
    """
    if len(raw_yaml) <= _MAX_CACHED_TEXT:
        return _cached_generic_document(raw_yaml)
    return _convert(raw_yaml)


_MAX_CACHED_TEXT = 256 * 1024


@functools.lru_cache(maxsize=64)
def _cached_generic_document(raw_yaml: bytes | str) -> Any:
    return _convert(raw_yaml)  # exceptions are not cached: a broken text is re-read each time


def location_index(raw_yaml: bytes | str) -> LocationIndex:
    """A lazy :class:`LocationIndex` over ``pacto.yaml``, shared between validations of the
    same text so that warnings on an otherwise valid contract are located only once."""
    if len(raw_yaml) <= _MAX_CACHED_TEXT:
        return _cached_location_index(raw_yaml)
    return LocationIndex(raw_yaml, CONTRACT_FILE_NAME)


@functools.lru_cache(maxsize=64)
def _cached_location_index(raw_yaml: bytes | str) -> LocationIndex:
    return LocationIndex(raw_yaml, CONTRACT_FILE_NAME)


def _convert(raw_yaml: bytes | str) -> Any:
    try:
        loaded = load_yaml(raw_yaml, name=CONTRACT_FILE_NAME, empty_ok=True)
    except DocumentError as exc:
        location = None
        if exc.line is not None:
            location = SourceLocation(CONTRACT_FILE_NAME, exc.line, exc.column or 1)
        raise DocumentConversionError(f"failed to parse YAML: {exc}", location) from exc
    try:
        return json.loads(json.dumps(loaded, allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise DocumentConversionError(f"failed to convert YAML to JSON: {exc}") from exc


def structural_result(document: Any, locations: LocationIndex | None) -> ValidationResult:
    """Layer 1 on a generic document; findings are located through ``locations`` when given."""
    result = ValidationResult()
    try:
        if contract_schema_accepts(document):
            return result
    except _VALIDATOR_FAILURES:
        _logger().debug(
            "fast contract schema validator failed; using the precise one", exc_info=True
        )
    try:
        leaves = contract_schema_errors(document)
    except _VALIDATOR_FAILURES as exc:
        result.add_error("", "SCHEMA_ERROR", f"schema validation failed: {exc}")
        return result
    findings: list[tuple[str, str, Node, bool]] = []
    for leaf in leaves:
        node: Node = tuple(leaf.absolute_path)
        path = ".".join(str(token) for token in node)
        message = leaf.message
        schema = leaf.schema if isinstance(leaf.schema, dict) else {}
        custom = schema.get("x-error-message")
        if isinstance(custom, str):
            message = custom
        on_key = False
        if leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
            # Point at the first unexpected key rather than at the object that holds it.
            allowed = schema.get("properties", {})
            extra = next((key for key in leaf.instance if key not in allowed), None)
            if extra is not None:
                node, on_key = (*node, extra), True
        findings.append((path, message, node, on_key))
    if not findings:
        # The fast validator rejected what the 2020-12 validator accepts: the precise one is
        # normative. A unit test keeps this branch unreachable for every known document.
        _logger().warning("fast and precise contract schema validators disagree; using precise")
        return result
    for path, message, node, on_key in sorted(findings, key=lambda item: (item[0], item[1])):
        result.add_error(
            path, "SCHEMA_VIOLATION", message, location=locate(locations, node, key=on_key)
        )
    return result


def validate_structural(document: Any) -> ValidationResult:
    """Layer 1 on an already converted JSON-compatible ``document`` (no source locations)."""
    return structural_result(document, None)


def validate_structural_raw(raw_yaml: bytes | str) -> ValidationResult:
    """Layer 1 on the contract text: ``YAML_PARSE_ERROR`` or one ``SCHEMA_VIOLATION`` per leaf."""
    return structural_from_raw(raw_yaml, location_index(raw_yaml))[1]


def structural_from_raw(
    raw_yaml: bytes | str, locations: LocationIndex
) -> tuple[Any, ValidationResult]:
    try:
        document = load_generic_document(raw_yaml)
    except DocumentConversionError as exc:
        result = ValidationResult()
        result.add_error("", "YAML_PARSE_ERROR", str(exc), location=exc.location)
        return None, result
    return document, structural_result(document, locations)


def first_structural_error(raw_yaml: bytes | str) -> str | None:
    """The message of the first layer-1 error of ``raw_yaml``, or ``None`` when it passes.

    Used by the overrides code: ``overrides produce an invalid contract: <message>`` (02 §2).
    """
    result = structural_from_raw(raw_yaml, location_index(raw_yaml))[1]
    return result.errors[0].message if result.errors else None
