"""Layer 4: policy resolution (local and through a resolver) and enforcement (02 §7)."""

from __future__ import annotations

from typing import Any

import pytest

from pacto.contract import Bundle, parse
from pacto.validation import (
    enforce_policies,
    resolve_policies_from_bundle,
    resolve_policies_with_resolver,
)
from tests.unit.validation.helpers import (
    FakeResolver,
    ScopedFakeResolver,
    base,
    bundle,
    check,
    check_with,
    contract_of,
    files,
    pairs,
    policy_contract,
    text_of,
)

REQUIRE_SCALING = '{"required": ["scaling"]}'
REQUIRE_OWNER = '{"properties": {"service": {"required": ["owner"]}}}'
ARROW = " \u2192 "


def _with_policies(*policies: dict[str, str]) -> dict[str, Any]:
    document = base()
    document["policies"] = list(policies)
    return document


# ------------------------------------------------------------------ local policies


def test_a_satisfied_local_policy_keeps_the_contract_valid() -> None:
    document = _with_policies({"name": "owner", "schema": "policy/schema.json"})
    document["service"]["owner"] = "team/x"
    assert check(document, {"policy/schema.json": REQUIRE_OWNER}).is_valid()


def test_violations_are_one_per_leaf_sorted_with_the_origin_prefix() -> None:
    document = _with_policies({"name": "baseline", "schema": "policy/schema.json"})
    del document["runtime"]
    schema = (
        '{"type": "object", "required": ["runtime"], '
        '"properties": {"service": {"type": "object", "required": ["owner"]}}}'
    )
    result = check(document, {"policy/schema.json": schema})
    assert pairs(result.errors) == [("POLICY_VIOLATION", ""), ("POLICY_VIOLATION", "")]
    messages = [e.message for e in result.errors]
    assert messages == sorted(messages)
    assert messages == [
        "policy policies[\"baseline\"]: 'runtime' is a required property",
        "policy policies[\"baseline\"]: at '/service': 'owner' is a required property",
    ]


def test_all_policies_apply_with_and_semantics_in_declaration_order() -> None:
    document = _with_policies({"name": "b", "schema": "b.json"}, {"name": "a", "schema": "a.json"})
    fs = {"a.json": REQUIRE_SCALING, "b.json": '{"required": ["metadata"]}'}
    messages = [e.message for e in check(document, fs).errors]
    assert messages == [
        "policy policies[\"b\"]: 'metadata' is a required property",
        "policy policies[\"a\"]: 'scaling' is a required property",
    ]


@pytest.mark.parametrize(
    ("sections", "origin"),
    [
        ({"policies": [{"schema": "p.json"}]}, "policies[0]"),
        ({"policy": {"schema": "p.json"}}, "policy"),
        ({"policies": [{"name": 'we"ird', "schema": "p.json"}]}, 'policies["we\\"ird"]'),
    ],
    ids=["unnamed", "legacy-singular", "escaped-name"],
)
def test_origins_name_the_entry(sections: dict[str, Any], origin: str) -> None:
    document = base()
    document.update(sections)
    result = check(document, {"p.json": REQUIRE_SCALING})
    assert [e.message for e in result.errors] == [
        f"policy {origin}: 'scaling' is a required property"
    ]


def test_local_only_resolution_warns_for_ref_policies_and_enforces_the_rest() -> None:
    document = _with_policies(
        {"name": "remote", "ref": "oci://r.io/rules:1"}, {"name": "local", "schema": "p.json"}
    )
    result = check(document, {"p.json": REQUIRE_SCALING})
    assert pairs(result.warnings) == [("POLICY_REF_NOT_ENFORCED", "policies[0].ref")]
    assert pairs(result.errors) == [("POLICY_VIOLATION", "")]


def test_local_only_resolution_is_silent_without_a_file_system() -> None:
    document = _with_policies({"name": "remote", "ref": "oci://r.io/rules:1"})
    policies, result = resolve_policies_from_bundle(contract_of(document), None)
    assert policies == [] and result.errors == [] and result.warnings == []
    assert check(document).warnings == []


def test_local_resolution_fails_closed_on_an_unusable_schema_when_called_directly() -> None:
    """02 §12 item 3; through validate() layer 2 reports these first and stops."""
    document = _with_policies(
        {"name": "gone", "schema": "gone.json"},
        {"name": "text", "schema": "text.json"},
        {"name": "bad", "schema": "bad.json"},
    )
    policies, result = resolve_policies_from_bundle(
        contract_of(document), files({"text.json": "{", "bad.json": '{"type": 7}'})
    )
    assert policies == []
    assert pairs(result.errors) == [("POLICY_REF_UNRESOLVED", "")] * 3
    assert [e.message.split(": ", 1)[1] for e in result.errors] == [
        'cannot read schema "gone.json"',
        'schema "text.json" is not valid JSON',
        'schema "bad.json" failed to compile: 7 is not valid under any of the given schemas',
    ]


# ------------------------------------------------------------------ ref policies


def _policy_bundle(schema: str = REQUIRE_SCALING, origin: str = "r.io/rules") -> Bundle:
    return bundle(policy_contract("rules"), {"policy/schema.json": schema}, origin)


def test_ref_policy_falls_back_to_the_fixed_path_and_is_enforced() -> None:
    document = _with_policies({"name": "p", "ref": "oci://r.io/rules:1"})
    resolver = FakeResolver({"oci://r.io/rules:1": _policy_bundle()})
    result = check_with(document, resolver)
    assert pairs(result.errors) == [("POLICY_VIOLATION", "")]
    assert result.errors[0].message == "policy policies[\"p\"]: 'scaling' is a required property"
    assert resolver.calls == ["oci://r.io/rules:1"]


def test_ref_policy_satisfied() -> None:
    document = _with_policies({"name": "p", "ref": "oci://r.io/rules:1"})
    document["scaling"] = {"replicas": 2}
    assert check_with(document, FakeResolver({"oci://r.io/rules:1": _policy_bundle()})).is_valid()


def test_the_resolver_receives_the_ref_exactly_as_written() -> None:
    document = _with_policies({"name": "p", "ref": "file://../rules"})
    resolver = FakeResolver({"file://../rules": _policy_bundle()})
    check_with(document, resolver)
    assert resolver.calls == ["file://../rules"]


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (
            LookupError("registry says no"),
            'failed to resolve ref "oci://r.io/rules:1": registry says no',
        ),
        (None, 'ref "oci://r.io/rules:1" resolved to empty bundle'),
        (
            Bundle(contract=parse(b'pactoVersion: "1.0"\nservice: {name: r, version: 1.0.0}\n')),
            'ref "oci://r.io/rules:1" resolved to empty bundle',
        ),
        (
            bundle(policy_contract("rules"), {}),
            'ref "oci://r.io/rules:1" bundle does not contain policy/schema.json',
        ),
        (_policy_bundle("nope"), 'ref "oci://r.io/rules:1" policy/schema.json is not valid JSON'),
        (
            _policy_bundle('{"type": 3}'),
            'ref "oci://r.io/rules:1" policy/schema.json failed to compile: ',
        ),
    ],
    ids=["raises", "none", "no-fs", "no-fixed-path", "not-json", "not-compilable"],
)
def test_unresolvable_refs_fail_closed(answer: Any, message: str) -> None:
    document = _with_policies({"name": "p", "ref": "oci://r.io/rules:1"})
    result = check_with(document, FakeResolver({"oci://r.io/rules:1": answer}))
    assert pairs(result.errors) == [("POLICY_REF_UNRESOLVED", "")]
    assert result.errors[0].message.startswith(f'policy policies["p"]: {message}')


def test_no_resolver_fails_closed() -> None:
    document = _with_policies({"name": "p", "ref": "oci://r.io/rules:1"})
    result = check_with(document, None)
    assert [e.message for e in result.errors] == [
        'policy policies["p"]: ref "oci://r.io/rules:1" cannot be resolved (no resolver configured)'
    ]


def test_one_unresolved_policy_blocks_enforcement_of_every_policy() -> None:
    document = _with_policies(
        {"name": "local", "schema": "p.json"}, {"name": "remote", "ref": "oci://r.io/gone:1"}
    )
    result = check_with(document, FakeResolver({}), {"p.json": REQUIRE_SCALING})
    assert pairs(result.errors) == [("POLICY_REF_UNRESOLVED", "")]


def test_cross_field_errors_skip_layer_4_entirely() -> None:
    document = _with_policies({"name": "p", "ref": "oci://r.io/rules:1"})
    document["service"]["version"] = "nope"
    resolver = FakeResolver({"oci://r.io/rules:1": _policy_bundle()})
    assert pairs(check_with(document, resolver).errors) == [("INVALID_SEMVER", "service.version")]
    assert resolver.calls == []


def test_referenced_bundles_own_policies_are_used_recursively() -> None:
    platform = bundle(
        policy_contract(
            "platform",
            [
                {"name": "base", "schema": "rules/base.json"},
                {"name": "sec", "ref": "oci://r.io/sec:1"},
            ],
        ),
        {"rules/base.json": REQUIRE_SCALING, "policy/schema.json": '{"required": ["never-used"]}'},
        "r.io/platform",
    )
    security = _policy_bundle('{"required": ["metadata"]}', "r.io/sec")
    document = _with_policies({"name": "p", "ref": "oci://r.io/platform:1"})
    resolver = FakeResolver({"oci://r.io/platform:1": platform, "oci://r.io/sec:1": security})
    result = check_with(document, resolver)
    assert [e.message for e in result.errors] == [
        f"policy oci://r.io/platform:1{ARROW}policies[\"base\"]: 'scaling' is a required property",
        # the fixed-path policy of a referenced bundle keeps the origin of the entry that led
        # there (02 §7.1, §7.3 step 6)
        f"policy oci://r.io/platform:1{ARROW}policies[\"sec\"]: 'metadata' is a required property",
    ]
    assert resolver.calls == ["oci://r.io/platform:1", "oci://r.io/sec:1"]


def test_a_broken_schema_inside_a_referenced_bundle_fails_closed() -> None:
    """02 §12 item 3: no silent 'enforces nothing'."""
    platform = bundle(
        policy_contract("platform", [{"name": "base", "schema": "rules/base.json"}]),
        {"rules/base.json": "{"},
        "r.io/platform",
    )
    document = _with_policies({"name": "p", "ref": "oci://r.io/platform:1"})
    result = check_with(document, FakeResolver({"oci://r.io/platform:1": platform}))
    assert [e.message for e in result.errors] == [
        f'policy oci://r.io/platform:1{ARROW}policies["base"]: '
        'schema "rules/base.json" is not valid JSON'
    ]


def test_a_ref_that_recurs_in_its_own_chain_is_a_cycle() -> None:
    a = bundle(policy_contract("a", [{"name": "to-b", "ref": "oci://r.io/b:1"}]), origin="a")
    b = bundle(policy_contract("b", [{"name": "to-a", "ref": "oci://r.io/a:1"}]), origin="b")
    document = _with_policies({"name": "p", "ref": "oci://r.io/a:1"})
    result = check_with(document, FakeResolver({"oci://r.io/a:1": a, "oci://r.io/b:1": b}))
    assert pairs(result.errors) == [("POLICY_REF_CYCLE", "")]
    assert result.errors[0].message == (
        f'policy oci://r.io/b:1{ARROW}policies["to-a"]: cycle detected resolving ref '
        '"oci://r.io/a:1" (chain: [oci://r.io/a:1 oci://r.io/b:1 oci://r.io/a:1])'
    )


def test_a_bundle_referencing_itself_is_a_cycle() -> None:
    a = bundle(policy_contract("a", [{"name": "self", "ref": "oci://r.io/a:1"}]), origin="a")
    document = _with_policies({"name": "p", "ref": "oci://r.io/a:1"})
    result = check_with(document, FakeResolver({"oci://r.io/a:1": a}))
    assert pairs(result.errors) == [("POLICY_REF_CYCLE", "")]


def test_the_same_ref_on_two_branches_is_not_a_cycle() -> None:
    """Per-chain detection (02 §7.3): siblings and diamonds resolve independently."""
    shared = _policy_bundle(REQUIRE_SCALING, "r.io/shared")
    left = bundle(policy_contract("l", [{"name": "s", "ref": "oci://r.io/shared:1"}]), origin="l")
    right = bundle(policy_contract("r", [{"name": "s", "ref": "oci://r.io/shared:1"}]), origin="r")
    document = _with_policies(
        {"name": "left", "ref": "oci://r.io/left:1"},
        {"name": "right", "ref": "oci://r.io/right:1"},
        {"name": "direct", "ref": "oci://r.io/shared:1"},
    )
    document["scaling"] = {"replicas": 1}
    resolver = FakeResolver(
        {"oci://r.io/shared:1": shared, "oci://r.io/left:1": left, "oci://r.io/right:1": right}
    )
    policies, result = resolve_policies_with_resolver(contract_of(document), None, resolver)
    assert result.errors == []
    assert [p.origin for p in policies] == [
        f'oci://r.io/left:1{ARROW}policies["s"]',
        f'oci://r.io/right:1{ARROW}policies["s"]',
        'policies["direct"]',
    ]


def test_relative_refs_are_keyed_by_their_declaring_bundle() -> None:
    """The same relative text in two directories is two links, not a cycle (02 §11, §12 item
    5); the scoped resolver resolves it against the declaring bundle's directory."""
    leaf = _policy_bundle(REQUIRE_SCALING, "/w/x/rules")
    x = bundle(policy_contract("x", [{"name": "r", "ref": "rules"}]), origin="/w/x")
    root_rules = bundle(
        policy_contract("y", [{"name": "x", "ref": "../x"}]), origin="/w/root/rules"
    )
    document = _with_policies({"name": "p", "ref": "rules"})
    resolver = ScopedFakeResolver(
        {"/w/root/rules": root_rules, "/w/root/rules/../x": x, "/w/x/rules": leaf},
        base="/w/root",
    )
    policies, result = resolve_policies_with_resolver(
        contract_of(document), None, resolver, origin="/w/root"
    )
    assert result.errors == []
    assert [p.origin for p in policies] == [f'../x{ARROW}policies["r"]']
    assert resolver.calls == ["/w/root/rules", "/w/root/rules/../x", "/w/x/rules"]
    assert resolver.scopes == ["/w/root/rules", "/w/x"]


def test_a_relative_ref_back_to_the_same_directory_is_still_a_cycle() -> None:
    a = bundle(policy_contract("a", [{"name": "again", "ref": "./a"}]), origin="/w/a")
    document = _with_policies({"name": "p", "ref": "./a"})
    # root -> ./a (declared at /w) -> ./a (declared at /w/a) -> ./a (declared at /w/a): cycle
    resolver = ScopedFakeResolver({"/w/./a": a, "/w/a/./a": a}, base="/w")
    result = check_with(document, resolver)
    assert pairs(result.errors) == [("POLICY_REF_CYCLE", "")]


# ------------------------------------------------------------------ enforcement


def test_enforcement_without_policies_is_empty() -> None:
    assert enforce_policies(b"not: [valid", []).errors == []


def test_enforcement_of_unconvertible_text_is_an_enforcement_error() -> None:
    policies, _ = resolve_policies_from_bundle(
        contract_of(_with_policies({"name": "p", "schema": "p.json"})), files({"p.json": "{}"})
    )
    result = enforce_policies(b"a: [b", policies)
    assert pairs(result.errors) == [("POLICY_ENFORCEMENT_ERROR", "")]
    assert result.errors[0].message.startswith("failed to parse contract for policy enforcement: ")


def test_policy_violations_point_at_the_declaring_entry() -> None:
    document = _with_policies({"name": "p", "schema": "p.json"})
    result = check(document, {"p.json": REQUIRE_SCALING})
    location = result.errors[0].location
    assert location is not None and location.file == "pacto.yaml"
    raw = text_of(document).decode().splitlines()
    assert raw[location.line - 1].lstrip().startswith("- name: p")
