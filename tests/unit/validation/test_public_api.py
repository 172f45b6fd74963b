"""The package facade: names, docstring promises and import cost (STYLE.md §1, §2)."""

from __future__ import annotations

import subprocess
import sys

import pacto.validation as validation


def test_all_is_sorted_and_every_name_exists() -> None:
    assert list(validation.__all__) == sorted(validation.__all__)
    for name in validation.__all__:
        assert hasattr(validation, name), name


def test_spec_entry_points_are_exported() -> None:
    expected = {
        "validate",
        "validate_with_resolver",
        "validate_structural_raw",
        "validate_structural",
        "validate_cross_field",
        "validate_semantic",
        "resolve_policies_from_bundle",
        "resolve_policies_with_resolver",
        "enforce_policies",
        "validate_runtime",
        "schema_bytes",
        "schema_document",
        "BundleResolver",
        "ValidationIssue",
        "ValidationResult",
        "Severity",
        "result_to_wire",
        "first_structural_error",
        "RuntimeContext",
    }
    assert expected <= set(validation.__all__)


def test_docstring_states_what_the_package_must_never_import() -> None:
    doc = validation.__doc__ or ""
    for name in ("click", "httpx", "web frameworks", "pacto.oci", "pacto.app"):
        assert name in doc


def test_importing_the_package_loads_no_json_schema_library() -> None:
    code = (
        "import sys, pacto.validation\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in "
        "('jsonschema', 'fastjsonschema', 'referencing', 'jsonschema_specifications', "
        "'click', 'httpx')]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_validating_a_simple_bundle_never_imports_jsonschema() -> None:
    """The fast paths (contract schema, simple configuration schemas) keep the common valid
    case on fastjsonschema; jsonschema is only needed to describe failures."""
    code = (
        "import sys\n"
        "from pacto.contract import MemoryFS, parse\n"
        "from pacto.validation import validate\n"
        'raw = b\'pactoVersion: "1.0"\\nservice: {name: s, version: 1.0.0}\\n'
        "configurations: [{name: c, schema: c.json, values: {A: 1}}]\\n'\n"
        'fs = MemoryFS({\'c.json\': b\'{"type": "object", "properties": '
        '{"A": {"type": "integer"}}}\'})\n'
        "assert validate(parse(raw), raw, fs).is_valid()\n"
        "print('jsonschema' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "False"
