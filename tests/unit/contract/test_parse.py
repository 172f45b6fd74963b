"""Strict decoding into the model (01-contract.md §6)."""

from __future__ import annotations

import pytest

from pacto.contract import Contract, Owner, OwnerInfo, ParseError, parse

BASE = """pactoVersion: "1.0"
service:
  name: svc
  version: 1.0.0
"""


def parse_with(extra: str) -> Contract:
    return parse(BASE + extra)


def test_minimal_contract_parses() -> None:
    contract = parse(BASE)
    assert contract.pacto_version == "1.0"
    assert contract.service.name == "svc"
    assert contract.service.owner == Owner()
    assert contract.interfaces == ()
    assert contract.runtime is None


@pytest.mark.parametrize(
    ("document", "path"),
    [
        ('service: {name: s, version: "1"}\n', "pactoVersion"),
        ('pactoVersion: "1.0"\nservice: {version: "1"}\n', "service.name"),
        ('pactoVersion: "1.0"\nservice: {name: s}\n', "service.version"),
        ('pactoVersion: ""\nservice: {name: s, version: "1"}\n', "pactoVersion"),
        ('pactoVersion: "1.0"\n', "service.name"),
    ],
)
def test_missing_identity_fields_raise_with_their_path(document: str, path: str) -> None:
    with pytest.raises(ParseError) as info:
        parse(document)
    assert info.value.path == path
    assert str(info.value) == f"parse error at {path}: {path} is required"


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ("extra: 1\n", "field extra not found in type contract.Contract"),
        ('interfaces:\n  - {name: a, type: http, port: "8080"}\n', "into int"),
        (
            "interfaces:\n  - {name: a, type: http, port: 80.5}\n",
            "cannot unmarshal !!float `80.5` into int",
        ),
        ("interfaces: {name: a}\n", "cannot unmarshal !!map into []"),
        ("runtime: [1]\n", "cannot unmarshal !!seq into contract.Runtime"),
        ("scaling:\n  replicas: true\n", "cannot unmarshal !!bool `true` into int"),
        ("service2: x\n", "field service2 not found"),
        ("dependencies:\n  - {ref: x, compatibility: '1', required: maybe}\n", "into bool"),
    ],
)
def test_strict_decoding_failures_are_parse_errors_with_a_line(extra: str, fragment: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_with(extra)
    message = str(info.value)
    assert message.startswith("parse error: failed to parse YAML: line ")
    assert fragment in message
    assert info.value.path == ""
    assert info.value.line is not None and info.value.line >= 5


def test_unknown_nested_key_points_at_its_line() -> None:
    with pytest.raises(ParseError) as info:
        parse(BASE + "runtime:\n  workload: service\n  colour: blue\n")
    assert info.value.line == 7
    assert "field colour not found in type contract.Runtime" in str(info.value)


def test_yaml_syntax_error_has_no_path() -> None:
    with pytest.raises(ParseError) as info:
        parse("a: [b\n")
    assert info.value.path == ""
    assert "failed to parse YAML" in str(info.value)


def test_duplicate_keys_are_parse_errors() -> None:
    with pytest.raises(ParseError, match="already defined"):
        parse(BASE + "metadata: {}\nmetadata: {}\n")


def test_scalars_decode_into_string_fields_with_their_digits() -> None:
    contract = parse("pactoVersion: 1.0\nservice: {name: svc, version: 1.10}\n")
    assert contract.pacto_version == "1.0"
    assert contract.service.version == "1.10"


def test_yaml_1_1_boolean_words_decode_into_boolean_fields() -> None:
    contract = parse_with(
        "dependencies:\n  - {name: d, ref: ../d, compatibility: '^1', required: yes}\n"
    )
    assert contract.dependencies[0].required is True
    contract = parse(
        BASE.replace("version: 1.0.0", "version: 1.0.0\n  image: {ref: r/x, private: off}")
    )
    assert contract.service.image is not None
    assert contract.service.image.private is False


def test_null_optional_fields_are_absent() -> None:
    contract = parse_with("runtime: null\nscaling: ~\ninterfaces: null\n")
    assert contract.runtime is None
    assert contract.scaling is None
    assert contract.interfaces == ()


def test_replicas_normalise_min_and_max() -> None:
    contract = parse_with("scaling: {replicas: 3}\n")
    assert contract.scaling is not None
    assert (contract.scaling.replicas, contract.scaling.min, contract.scaling.max) == (3, 3, 3)


def test_integral_floats_decode_into_int_fields() -> None:
    contract = parse_with("interfaces:\n  - {name: a, type: http, port: 8080.0}\n")
    assert contract.interfaces[0].port == 8080


def test_unsupported_pacto_version_still_parses() -> None:
    assert parse(BASE.replace('"1.0"', '"2.0"')).pacto_version == "2.0"


def test_structured_owner_with_contacts() -> None:
    assert parse(BASE).service.owner.is_empty()
    contract = parse(
        BASE.replace(
            "version: 1.0.0",
            "version: 1.0.0\n  owner:\n    team: payments\n    contacts:\n"
            "      - {type: chat, value: '#pay', purpose: oncall}",
        )
    )
    owner = contract.service.owner
    assert owner.is_structured()
    assert owner.team() == "payments"
    assert owner.display() == "payments"
    assert owner.contacts()[0].value == "#pay"
    assert owner.matches("#PA")
    assert not owner.matches("ledger")


def test_owner_helpers_for_string_and_dri_only_forms() -> None:
    text = Owner(text="team/payments")
    assert text.team() == "team/payments"
    assert text.dri() == ""
    assert text.display() == "team/payments"
    assert text.matches("PAYMENTS")
    dri = Owner(info=OwnerInfo(dri="j.doe"))
    assert dri.display() == "j.doe"
    assert Owner(info=OwnerInfo()).display() == "(structured owner)"
    assert not text.equals(Owner(info=OwnerInfo(team="team/payments")))
    assert Owner().equals(Owner())


def test_legacy_shapes_expose_effective_configurations_and_policies() -> None:
    contract = parse_with(
        "configuration:\n  schema: configuration/schema.json\n  values: {A: 1}\n"
        "policy:\n  ref: oci://r.io/p:1\n"
    )
    (config,) = contract.effective_configurations()
    assert (config.name, config.schema, config.path_prefix) == (
        "",
        "configuration/schema.json",
        "configuration",
    )
    (policy,) = contract.effective_policies()
    assert (policy.ref, policy.path_prefix) == ("oci://r.io/p:1", "policy")
    contract = parse_with(
        "configuration:\n  configs:\n    - {name: a, schema: a.json}\n    - {name: b, ref: ../b}\n"
    )
    prefixes = [c.path_prefix for c in contract.effective_configurations()]
    assert prefixes == ["configuration.configs[0]", "configuration.configs[1]"]


def test_r3_configurations_win_over_nothing() -> None:
    contract = parse_with(
        "configurations:\n  - {name: app, schema: c.json}\n"
        "policies:\n  - {name: p, schema: p.json}\n"
    )
    assert [c.path_prefix for c in contract.effective_configurations()] == ["configurations[0]"]
    assert [p.path_prefix for p in contract.effective_policies()] == ["policies[0]"]


@pytest.mark.parametrize(
    ("ref", "name"),
    [
        ("oci://ghcr.io/acme/auth-pacto:1.0.0", "auth-pacto"),
        ("oci://ghcr.io/acme/auth-pacto@sha256:abc", "auth-pacto"),
        ("oci://localhost:5000/auth", "auth"),
        ("../shared-db", "shared-db"),
        ("file://../shared-db/", "shared-db"),
    ],
)
def test_dependency_display_name_is_derived_from_the_ref(ref: str, name: str) -> None:
    contract = parse_with(f"dependencies:\n  - {{ref: '{ref}', compatibility: '^1'}}\n")
    assert contract.dependencies[0].display_name() == name
