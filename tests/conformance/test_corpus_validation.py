"""Conformance: every validation-related expectation of the shared corpus manifests.

One test per (case, block, key) of every ``contracts/**/expected.yaml`` (corpus README,
"Manifests"). ``expect`` blocks are upstream facts; ``expect_inferred`` blocks are the curator's
reading of the spec. Keys that belong to other engineers' packages (diff, graph, SBOM) live in
other case lists and are not collected here; inside a validation case every key is either
checked or listed in ``_DESCRIPTIVE_KEYS`` with the reason it carries nothing to check, and an
unknown key fails the run instead of being skipped.

Two documented reconciliations, not skips:

* ``POLICY_REF_NOT_ENFORCED`` (02-validation.md §12 item 2, adopted): local-only validation with a
  bundle file system warns for every ref policy it cannot enforce. The manifests were written
  for the reference behaviour (§7.2, silent), so in the local-only modes those warnings are
  checked separately — exactly one per ref policy, at ``<entry>.ref`` — and then set aside.
* ``r3_only_parser`` blocks describe a parser *without* the compatibility superset of 01 §3.12,
  which this implementation adopts; they are asserted to be the opposite of what we do.

The corpus is never written to: bundles made from single fixture files are built in
``tmp_path``.
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from pacto.contract import (
    Bundle,
    BundleError,
    Contract,
    DirectoryFS,
    Owner,
    ParseError,
    highest_matching,
    load_directory,
    parse,
    parse_dependency_ref,
)
from pacto.validation import (
    ValidationResult,
    resolve_policies_with_resolver,
    validate,
    validate_structural_raw,
    validate_with_resolver,
)

CONTRACTS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "contracts"

_CASE_LISTS = ("cases", "validate_cases")
_DESCRIPTIVE_KEYS = {
    "inferred": "block marker",
    "asserted_by": "provenance",
    "upstream_asserts": "summary of what the keys below assert",
    "basis": "spec sections the curator used",
    "note": "free text",
    "why": "free text",
    "related_upstream_test": "provenance",
    "doc_statement": "quotation of the documentation",
    "usable_as_contract": "checked as: the fixture parses",
}
_NOT_ENFORCED = "POLICY_REF_NOT_ENFORCED"
_LAYER_4_CODES = frozenset(
    {"POLICY_REF_UNRESOLVED", "POLICY_REF_CYCLE", "POLICY_VIOLATION", "POLICY_ENFORCEMENT_ERROR"}
)


@dataclass(frozen=True)
class Item:
    manifest: Path
    case: dict[str, Any]
    block: str
    key: str
    expected: Any

    @property
    def folder(self) -> Path:
        return self.manifest.parent

    @property
    def has_sibling_resolver(self) -> bool:
        return "resolver" in yaml.safe_load(self.manifest.read_text())


def _collect() -> list[Any]:
    if not CONTRACTS.is_dir():
        return [pytest.param(None, id="corpus-missing")]
    params = []
    for manifest in sorted(CONTRACTS.rglob("expected.yaml")):
        data = yaml.safe_load(manifest.read_text())
        folder = manifest.parent.relative_to(CONTRACTS).as_posix()
        for list_name in _CASE_LISTS:
            for case in data.get(list_name) or []:
                for block in ("expect", "expect_inferred"):
                    for key, expected in (case.get(block) or {}).items():
                        item = Item(manifest, case, block, key, expected)
                        params.append(
                            pytest.param(item, id=f"{folder}::{case['id']}::{block}::{key}")
                        )
    return params


# ------------------------------------------------------------------ loading and resolvers


def _fixture_bytes(item: Item) -> bytes:
    fixture: str = item.case["fixture"]
    return (item.folder / fixture).read_bytes()


def _bundle_dir(item: Item, tmp_path: Path) -> Path:
    """The case's bundle directory, or a temporary one holding the fixture as pacto.yaml."""
    if "bundle" in item.case:
        bundle: str = item.case["bundle"]
        return item.folder / bundle
    directory = tmp_path / "bundle"
    directory.mkdir()
    shutil.copyfile(item.folder / item.case["fixture"], directory / "pacto.yaml")
    return directory


class SiblingResolver:
    """The manifests' ``resolver: sibling``: ``oci://ghcr.io/trianalab/pacto-demo/<name>`` is the
    sibling directory ``<name>/`` (versions in ``vX.Y.Z/``; tagless = highest); any other ref is
    a directory relative to the declaring bundle."""

    PREFIX = "oci://ghcr.io/trianalab/pacto-demo/"

    def __init__(self, folder: Path, base: Path | None = None) -> None:
        self.folder = folder
        self.base = base
        self.calls: list[str] = []

    def resolve_bundle(self, ref: str) -> Bundle:
        self.calls.append(ref)
        if ref.startswith(self.PREFIX):
            name, tag = ref[len(self.PREFIX) :].split("@", 1)[0], ""
            if ":" in name:
                name, tag = name.split(":", 1)
            directory = self.folder / name
            if not (directory / "pacto.yaml").is_file():
                tags = [p.name[1:] for p in directory.iterdir() if p.name.startswith("v")]
                chosen = tag or highest_matching(tags, None)
                if chosen is None:
                    raise LookupError(f"no versions of {name}")
                directory = directory / f"v{chosen}"
            return load_directory(directory)
        if parse_dependency_ref(ref).is_oci():
            raise LookupError(f"{ref} is not in the corpus")
        location = Path(parse_dependency_ref(ref).location)
        if self.base is not None and not location.is_absolute():
            location = self.base / location
        return load_directory(location)

    def relative_to(self, bundle: Bundle) -> SiblingResolver:
        base = (
            Path(bundle.origin)
            if bundle.origin and not bundle.origin.startswith("oci://")
            else None
        )
        return SiblingResolver(self.folder, base)


def _cli_validate(item: Item, tmp_path: Path) -> ValidationResult:
    """``pacto validate <dir>`` as the application does it: load (a load or parse failure is one
    ``PARSE_ERROR``), then all four layers with a resolver."""
    directory = _bundle_dir(item, tmp_path)
    try:
        bundle = load_directory(directory)
    except BundleError as exc:
        return ValidationResult.parse_error(str(exc))
    resolver = SiblingResolver(item.folder, directory)
    return validate_with_resolver(
        bundle.contract, bundle.raw(), bundle.fs, resolver, origin=str(directory)
    )


# ------------------------------------------------------------------ comparing findings


def _pairs(issues: Any) -> list[tuple[str, str]]:
    return [(issue.code, issue.path) for issue in issues]


def _expected_pairs(findings: list[dict[str, str]] | None) -> list[tuple[str, str]]:
    return [(finding["code"], finding["path"]) for finding in findings or []]


def _set_aside_not_enforced(contract: Contract, result: ValidationResult) -> ValidationResult:
    """Check and remove the §12 item 2 warnings (see the module docstring). Layer 4 only runs
    when layers 1 and 2 found no error (02 §1.2)."""
    reached_layer_4 = all(issue.code in _LAYER_4_CODES for issue in result.errors)
    expected = [
        (_NOT_ENFORCED, f"{policy.path_prefix}.ref")
        for policy in contract.effective_policies()
        if policy.ref and not policy.schema and reached_layer_4
    ]
    got = [pair for pair in _pairs(result.warnings) if pair[0] == _NOT_ENFORCED]
    assert got == expected, "POLICY_REF_NOT_ENFORCED must be reported once per ref policy"
    return ValidationResult(
        errors=list(result.errors),
        warnings=[issue for issue in result.warnings if issue.code != _NOT_ENFORCED],
    )


def _assert_result(result: ValidationResult, expected: dict[str, Any]) -> None:
    errors, warnings = _pairs(result.errors), _pairs(result.warnings)
    if "valid" in expected:
        assert result.is_valid() is expected["valid"], f"errors: {result.errors}"
    if "errors" in expected:
        want = _expected_pairs(expected["errors"])
        if expected.get("errors_exact") or not want:
            assert errors == want, f"errors: {result.errors}"
        else:
            assert not Counter(want) - Counter(errors), f"errors: {result.errors}"
    if "warnings" in expected:
        # No `warnings_exact` exists; a listed warning set (empty included) is the whole set.
        assert warnings == _expected_pairs(expected["warnings"]), f"warnings: {result.warnings}"
    unknown = set(expected) - {
        "valid",
        "errors",
        "errors_exact",
        "warnings",
        "mode",
        "related_upstream_test",
    }
    assert not unknown, f"unhandled keys in a validation expectation: {unknown}"


# ------------------------------------------------------------------ model expectations


def _camel_to_snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def _model_value(contract: Contract, path: str) -> Any:
    if path.startswith("len(") and path.endswith(")"):
        return len(_model_value(contract, path[4:-1]))
    value: Any = contract
    for part in path.replace("]", "").split("."):
        name, _, index = part.partition("[")
        attribute = getattr(value, _camel_to_snake(name))
        value = attribute() if callable(attribute) else attribute
        if index:
            value = value[int(index)]
    return value


def _assert_model(contract: Contract, expected: dict[str, Any]) -> None:
    for path, want in expected.items():
        got = _model_value(contract, path)
        if isinstance(got, Owner):
            # e.g. "team/payments (string form, not structured)"
            text, _, remark = str(want).partition(" (")
            assert got.text == text
            if "not structured" in remark:
                assert not got.is_structured()
        else:
            assert got == want, path


def _assert_parse(item: Item, expected: dict[str, Any]) -> None:
    raw = _fixture_bytes(item)
    if expected.get("ok", True) and "error_path" not in expected:
        parse(raw)
        return
    with pytest.raises(ParseError) as caught:
        parse(raw)
    if "error_path" in expected:
        assert caught.value.path == expected["error_path"]
    if "error_type" in expected:
        assert type(caught.value).__name__ == expected["error_type"]


# ------------------------------------------------------------------ the test


def _local_only(bundle: Bundle) -> ValidationResult:
    result = validate(bundle.contract, bundle.raw(), bundle.fs)
    return _set_aside_not_enforced(bundle.contract, result)


def _check(item: Item, tmp_path: Path) -> None:
    key, expected = item.key, item.expected
    if key in _DESCRIPTIVE_KEYS:
        if key == "usable_as_contract":
            parse(_fixture_bytes(item))
        return
    if key == "parse":
        _assert_parse(item, expected)
    elif key == "model":
        _assert_model(parse(_fixture_bytes(item)), expected)
    elif key == "owner_display":
        assert parse(_fixture_bytes(item)).service.owner.display() == expected
    elif key in ("validate", "validate_no_fs") and expected.get("mode", "no-fs") == "no-fs":
        raw = _fixture_bytes(item)
        _assert_result(validate(parse(raw), raw, None), expected)
    elif key in ("validate_bundle", "validate_bundle_local_only"):
        _assert_result(_local_only(load_directory(_bundle_dir(item, tmp_path))), expected)
    elif key == "validate_bundle_with_sibling_resolver":
        directory = _bundle_dir(item, tmp_path)
        bundle = load_directory(directory)
        resolver = SiblingResolver(item.folder, directory)
        result = validate_with_resolver(bundle.contract, bundle.raw(), bundle.fs, resolver)
        _assert_result(result, expected)
    elif key == "validate_with_resolver_none":
        bundle = load_directory(_bundle_dir(item, tmp_path))
        _assert_result(
            validate_with_resolver(bundle.contract, bundle.raw(), bundle.fs, None), expected
        )
    elif key == "validate_with_resolver_none_no_fs":
        raw = _fixture_bytes(item)
        _assert_result(validate_with_resolver(parse(raw), raw, None, None), expected)
    elif key == "validate_structural_raw":
        _assert_result(validate_structural_raw(_fixture_bytes(item)), expected)
    elif key in ("cli_validate", "valid"):
        want = expected if isinstance(expected, dict) else {"valid": expected}
        _assert_result(_cli_validate(item, tmp_path), want)
    elif key == "superset":
        _check_superset(item, expected, tmp_path)
    elif key == "r3_only_parser":
        # Our parser implements the 01 §3.12 superset: the R3-only expectations must NOT hold.
        assert expected["parse"]["ok"] is False
        parse(_fixture_bytes(item))
    elif key == "policy_resolution":
        _check_policy_fallback(item, tmp_path)
    elif key == "as_referenced_policy":
        _check_as_referenced_policy(item, tmp_path)
    else:
        pytest.fail(f"unhandled manifest key {key!r}: teach this test what it means")


def _check_superset(item: Item, expected: dict[str, Any], tmp_path: Path) -> None:
    raw = _fixture_bytes(item)
    contract = parse(raw)
    for key, want in expected.items():
        if key == "validate_no_fs":
            _assert_result(validate(contract, raw, None), want)
        elif key == "validate_bundle_dir_with_only_pacto_yaml":
            directory = _bundle_dir(item, tmp_path)
            assert sorted(p.name for p in directory.iterdir()) == ["pacto.yaml"]
            result = validate(contract, raw, DirectoryFS(directory))
            _assert_result(_set_aside_not_enforced(contract, result), want)
        elif key == "effective_configurations":
            got = contract.effective_configurations()
            assert len(got) == len(want)
            for entry, fields in zip(got, want, strict=True):
                for name, value in fields.items():
                    assert getattr(entry, name) == value
        else:
            pytest.fail(f"unhandled superset key {key!r}")


def _check_policy_fallback(item: Item, tmp_path: Path) -> None:
    """ "policies[0].ref -> <bundle without policies[]> -> fallback to its policy/schema.json":
    exactly one policy resolves, under the entry's own origin (no `→` hop)."""
    bundle = load_directory(_bundle_dir(item, tmp_path))
    resolver = SiblingResolver(item.folder)
    policies, result = resolve_policies_with_resolver(bundle.contract, bundle.fs, resolver)
    assert result.is_valid() and not result.warnings
    assert [p.origin for p in policies] == ['policies["http-security"]']
    referenced = resolver.resolve_bundle(resolver.calls[0])
    assert not referenced.contract.effective_policies()
    assert referenced.fs is not None and referenced.fs.is_file("policy/schema.json")


def _check_as_referenced_policy(item: Item, tmp_path: Path) -> None:
    """A consumer adopting this policy contract by ref is held to its policy/schema.json."""
    policy_bundle = load_directory(_bundle_dir(item, tmp_path))

    class OneBundle:
        def resolve_bundle(self, ref: str) -> Bundle:
            assert ref == "oci://example.com/platform-policy:1.0.0"
            return policy_bundle

    consumer = (
        b'pactoVersion: "1.0"\nservice: {name: consumer, version: 1.0.0}\n'
        b"interfaces: [{name: api, type: http, port: 8080}]\n"
        b"policies: [{name: x, ref: 'oci://example.com/platform-policy:1.0.0'}]\n"
    )
    result = validate_with_resolver(parse(consumer), consumer, None, OneBundle())
    assert _pairs(result.errors) == [("POLICY_VIOLATION", "")]
    assert result.errors[0].message.startswith(
        'policy oci://example.com/platform-policy:1.0.0 \u2192 policies["platform-policy"]: '
    )
    healthy = consumer + (
        b"runtime:\n  workload: service\n  state: {type: stateless, persistence: "
        b"{scope: local, durability: ephemeral}, dataCriticality: low}\n"
        b"  health: {interface: api, path: /health}\n"
    )
    assert validate_with_resolver(parse(healthy), healthy, None, OneBundle()).is_valid()


@pytest.mark.parametrize("item", _collect())
def test_corpus_expectation_holds(item: Item | None, tmp_path: Path) -> None:
    if item is None:
        pytest.fail(f"the shared corpus is missing at {CONTRACTS}")
    _check(item, tmp_path)
