"""Every code of the 02-validation.md §10 catalogue is produced by at least one trigger below,
asserting code and path; a second test fails when the catalogue has a code no trigger covers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pacto.validation import (
    RuntimeContext,
    ValidationResult,
    _structural,
    enforce_policies,
    resolve_policies_from_bundle,
    validate_cross_field,
    validate_runtime,
    validate_structural,
    validate_structural_raw,
)
from tests.unit.validation.helpers import (
    FakeResolver,
    base,
    bundle,
    check,
    check_with,
    contract_of,
    files,
    policy_contract,
)

# 02-validation.md §10, plus POLICY_REF_NOT_ENFORCED (adopted from §12 item 2).
CATALOGUE = [
    "PARSE_ERROR",
    "YAML_PARSE_ERROR",
    "SCHEMA_VIOLATION",
    "SCHEMA_ERROR",
    "INVALID_SEMVER",
    "DUPLICATE_INTERFACE_NAME",
    "DUPLICATE_CONFIGURATION_NAME",
    "DUPLICATE_POLICY_NAME",
    "DUPLICATE_DEPENDENCY_NAME",
    "PORT_REQUIRED",
    "PORT_IGNORED",
    "CONTRACT_REQUIRED",
    "HEALTH_INTERFACE_NOT_FOUND",
    "HEALTH_INTERFACE_INVALID",
    "HEALTH_PATH_REQUIRED",
    "HEALTH_PATH_IGNORED",
    "METRICS_INTERFACE_NOT_FOUND",
    "METRICS_INTERFACE_INVALID",
    "METRICS_PATH_REQUIRED",
    "METRICS_PATH_IGNORED",
    "FILE_NOT_FOUND",
    "INVALID_CONTRACT_FILE",
    "INVALID_CONFIG_JSON",
    "INVALID_CONFIG_SCHEMA",
    "INVALID_CONFIG_REF",
    "INVALID_POLICY_JSON",
    "INVALID_POLICY_SCHEMA",
    "INVALID_POLICY_REF",
    "POLICY_EMPTY",
    "INVALID_OCI_REF",
    "TAG_NOT_DIGEST",
    "EMPTY_COMPATIBILITY",
    "INVALID_COMPATIBILITY",
    "INVALID_IMAGE_REF",
    "INVALID_CHART_REF",
    "INVALID_CHART_VERSION",
    "VALUES_WITHOUT_SCHEMA",
    "CONFIG_VALUES_VALIDATION_FAILED",
    "SCALING_MIN_EXCEEDS_MAX",
    "JOB_SCALING_NOT_ALLOWED",
    "STATELESS_PERSISTENT_CONFLICT",
    "UPGRADE_STRATEGY_STATE_MISMATCH",
    "POLICY_REF_UNRESOLVED",
    "POLICY_REF_CYCLE",
    "POLICY_VIOLATION",
    "POLICY_ENFORCEMENT_ERROR",
    "PORT_NOT_OBSERVED",
    "CONFIG_NOT_OBSERVED",
    "POLICY_REF_NOT_ENFORCED",
]
# Emitted by the application's loader, not by a validation layer; covered by the corpus
# conformance test's `cli_validate` emulation.
NOT_EMITTED_BY_LAYERS = {"PARSE_ERROR"}

Trigger = Callable[[pytest.MonkeyPatch], ValidationResult]


def _doc(**sections: Any) -> dict[str, Any]:
    document = base()
    document.update(sections)
    return document


def _edit(path: str, value: Any) -> dict[str, Any]:
    document = base()
    *parents, last = path.split(".")
    node: Any = document
    for part in parents:
        node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
    node[last] = value
    return document


def _cross(document: dict[str, Any], fs: dict[str, str] | None = None) -> ValidationResult:
    return validate_cross_field(contract_of(document), files(fs))


def _schema_error(monkeypatch: pytest.MonkeyPatch) -> ValidationResult:
    def explode(document: object) -> list[object]:
        raise TypeError("validator crashed")

    monkeypatch.setattr(_structural, "contract_schema_errors", explode)
    return validate_structural(_edit("pactoVersion", "2"))


def _enforcement_error(monkeypatch: pytest.MonkeyPatch) -> ValidationResult:
    policies, _ = resolve_policies_from_bundle(
        contract_of(_doc(policies=[{"name": "p", "schema": "p.json"}])), files({"p.json": "{}"})
    )
    return enforce_policies(b"a: [b", policies)


_PROBE = [
    {"name": "e", "type": "event", "contract": "e.json"},
    {"name": "g", "type": "grpc", "port": 1, "contract": "g.proto"},
]
_REF = {"name": "p", "ref": "oci://r.io/p:1"}
_CYCLE_A = bundle(policy_contract("a", [{"name": "b", "ref": "oci://r.io/b:1"}]))
_CYCLE_B = bundle(policy_contract("b", [{"name": "a", "ref": "oci://r.io/p:1"}]))

TRIGGERS: dict[str, tuple[Trigger, str]] = {
    "YAML_PARSE_ERROR": (lambda m: validate_structural_raw(b"a: [b"), ""),
    "SCHEMA_VIOLATION": (lambda m: validate_structural(_edit("pactoVersion", "2")), "pactoVersion"),
    "SCHEMA_ERROR": (_schema_error, ""),
    "INVALID_SEMVER": (lambda m: check(_edit("service.version", "x")), "service.version"),
    "DUPLICATE_INTERFACE_NAME": (
        lambda m: check(_doc(interfaces=[base()["interfaces"][0]] * 2)),
        "interfaces[1].name",
    ),
    "DUPLICATE_CONFIGURATION_NAME": (
        lambda m: check(_doc(configurations=[{"name": "c", "ref": "../c"}] * 2)),
        "configurations[1].name",
    ),
    "DUPLICATE_POLICY_NAME": (
        lambda m: _cross(_doc(policies=[{"name": "p", "ref": "../p"}] * 2)),
        "policies[1].name",
    ),
    "DUPLICATE_DEPENDENCY_NAME": (
        lambda m: check(
            _doc(dependencies=[{"name": "d", "ref": "../d", "compatibility": "^1"}] * 2)
        ),
        "dependencies[1].name",
    ),
    "PORT_REQUIRED": (lambda m: _cross(_edit("interfaces.0.port", None)), "interfaces[0].port"),
    "PORT_IGNORED": (
        lambda m: check(
            _doc(
                interfaces=[
                    *base()["interfaces"],
                    {"name": "e", "type": "event", "contract": "e", "port": 1},
                ]
            )
        ),
        "interfaces[1].port",
    ),
    "CONTRACT_REQUIRED": (
        lambda m: _cross(_edit("interfaces.0.type", "grpc")),
        "interfaces[0].contract",
    ),
    "HEALTH_INTERFACE_NOT_FOUND": (
        lambda m: check(_edit("runtime.health.interface", "x")),
        "runtime.health.interface",
    ),
    "HEALTH_INTERFACE_INVALID": (
        lambda m: check(_edit("runtime.health", {"interface": "e"}) | {"interfaces": _PROBE}),
        "runtime.health.interface",
    ),
    "HEALTH_PATH_REQUIRED": (
        lambda m: check(_edit("runtime.health.path", "")),
        "runtime.health.path",
    ),
    "HEALTH_PATH_IGNORED": (
        lambda m: check(
            _edit("runtime.health", {"interface": "g", "path": "/h"}) | {"interfaces": _PROBE}
        ),
        "runtime.health.path",
    ),
    "METRICS_INTERFACE_NOT_FOUND": (
        lambda m: check(_edit("runtime.metrics", {"interface": "x"})),
        "runtime.metrics.interface",
    ),
    "METRICS_INTERFACE_INVALID": (
        lambda m: check(
            _edit("runtime.metrics", {"interface": "e"})
            | {"interfaces": _PROBE}
            | {
                "runtime": {
                    **base()["runtime"],
                    "health": {"interface": "g"},
                    "metrics": {"interface": "e"},
                }
            }
        ),
        "runtime.metrics.interface",
    ),
    "METRICS_PATH_REQUIRED": (
        lambda m: check(_edit("runtime.metrics", {"interface": "api"})),
        "runtime.metrics.path",
    ),
    "METRICS_PATH_IGNORED": (
        lambda m: check(
            _doc(
                interfaces=_PROBE,
                runtime={
                    **base()["runtime"],
                    "health": {"interface": "g"},
                    "metrics": {"interface": "g", "path": "/m"},
                },
            )
        ),
        "runtime.metrics.path",
    ),
    "FILE_NOT_FOUND": (
        lambda m: check(_edit("interfaces.0.contract", "x.yaml"), {}),
        "interfaces[0].contract",
    ),
    "INVALID_CONTRACT_FILE": (
        lambda m: check(_edit("interfaces.0.contract", "x.yaml"), {"x.yaml": "a: [b"}),
        "interfaces[0].contract",
    ),
    "INVALID_CONFIG_JSON": (
        lambda m: check(_doc(configurations=[{"name": "c", "schema": "c.json"}]), {"c.json": "no"}),
        "configurations[0].schema",
    ),
    "INVALID_CONFIG_SCHEMA": (
        lambda m: check(
            _doc(configurations=[{"name": "c", "schema": "c.json"}]),
            {"c.json": '{"$ref": "nonexistent://bad"}'},
        ),
        "configurations[0].schema",
    ),
    "INVALID_CONFIG_REF": (
        lambda m: check(_doc(configurations=[{"name": "c", "ref": "oci://bad"}])),
        "configurations[0].ref",
    ),
    "INVALID_POLICY_JSON": (
        lambda m: check(_doc(policies=[{"name": "p", "schema": "p.json"}]), {"p.json": "no"}),
        "policies[0].schema",
    ),
    "INVALID_POLICY_SCHEMA": (
        lambda m: check(
            _doc(policies=[{"name": "p", "schema": "p.json"}]), {"p.json": '{"type": 1}'}
        ),
        "policies[0].schema",
    ),
    "INVALID_POLICY_REF": (
        lambda m: check(_doc(policies=[{"name": "p", "ref": "oci://bad"}])),
        "policies[0].ref",
    ),
    "POLICY_EMPTY": (lambda m: _cross(_doc(policy={})), "policy"),
    "INVALID_OCI_REF": (
        lambda m: check(
            _doc(dependencies=[{"name": "d", "ref": "oci://bad", "compatibility": "^1"}])
        ),
        "dependencies[0].ref",
    ),
    "TAG_NOT_DIGEST": (
        lambda m: check(
            _doc(dependencies=[{"name": "d", "ref": "oci://r.io/a/b:1", "compatibility": "^1"}])
        ),
        "dependencies[0].ref",
    ),
    "EMPTY_COMPATIBILITY": (
        lambda m: _cross(_doc(dependencies=[{"name": "d", "ref": "../d", "compatibility": ""}])),
        "dependencies[0].compatibility",
    ),
    "INVALID_COMPATIBILITY": (
        lambda m: check(
            _doc(dependencies=[{"name": "d", "ref": "../d", "compatibility": "not-a-range"}])
        ),
        "dependencies[0].compatibility",
    ),
    "INVALID_IMAGE_REF": (
        lambda m: check(_edit("service.image", {"ref": "nginx:1"})),
        "service.image.ref",
    ),
    "INVALID_CHART_REF": (
        lambda m: check(_edit("service.chart", {"ref": "oci://bad", "version": "1.0.0"})),
        "service.chart.ref",
    ),
    "INVALID_CHART_VERSION": (
        lambda m: check(_edit("service.chart", {"ref": "./c", "version": "x"})),
        "service.chart.version",
    ),
    "VALUES_WITHOUT_SCHEMA": (
        lambda m: _cross(_doc(configurations=[{"name": "c", "values": {"A": 1}}])),
        "configurations[0].values",
    ),
    "CONFIG_VALUES_VALIDATION_FAILED": (
        lambda m: check(
            _doc(configurations=[{"name": "c", "schema": "c.json", "values": {"A": 1}}]),
            {"c.json": '{"properties": {"A": {"type": "string"}}}'},
        ),
        "configurations[0].values",
    ),
    "SCALING_MIN_EXCEEDS_MAX": (lambda m: check(_doc(scaling={"min": 3, "max": 1})), "scaling"),
    "JOB_SCALING_NOT_ALLOWED": (
        lambda m: check(_edit("runtime.workload", "job") | {"scaling": {"replicas": 1}}),
        "scaling",
    ),
    "STATELESS_PERSISTENT_CONFLICT": (
        lambda m: _cross(_edit("runtime.state.persistence.durability", "persistent")),
        "runtime.state.persistence.durability",
    ),
    "UPGRADE_STRATEGY_STATE_MISMATCH": (
        lambda m: check(_edit("runtime.lifecycle", {"upgradeStrategy": "ordered"})),
        "runtime.lifecycle.upgradeStrategy",
    ),
    "POLICY_REF_UNRESOLVED": (lambda m: check_with(_doc(policies=[_REF]), None), ""),
    "POLICY_REF_CYCLE": (
        lambda m: check_with(
            _doc(policies=[_REF]),
            FakeResolver({"oci://r.io/p:1": _CYCLE_A, "oci://r.io/b:1": _CYCLE_B}),
        ),
        "",
    ),
    "POLICY_VIOLATION": (
        lambda m: check(
            _doc(policies=[{"name": "p", "schema": "p.json"}]), {"p.json": '{"required": ["x"]}'}
        ),
        "",
    ),
    "POLICY_ENFORCEMENT_ERROR": (_enforcement_error, ""),
    "POLICY_REF_NOT_ENFORCED": (lambda m: check(_doc(policies=[_REF]), {}), "policies[0].ref"),
    "PORT_NOT_OBSERVED": (
        lambda m: validate_runtime(contract_of(base()), RuntimeContext(ports=[1])),
        "interfaces[0].port",
    ),
    "CONFIG_NOT_OBSERVED": (
        lambda m: validate_runtime(
            contract_of(
                _doc(configurations=[{"name": "c", "schema": "c.json", "values": {"K": 1}}])
            ),
            RuntimeContext(env_vars={"X": "1"}),
        ),
        "configurations[0].values.K",
    ),
}


@pytest.mark.parametrize("code", sorted(TRIGGERS))
def test_code_is_produced_at_its_path(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    trigger, path = TRIGGERS[code]
    result = trigger(monkeypatch)
    assert (code, path) in [(i.code, i.path) for i in result.issues()], result


def test_every_catalogue_code_has_a_trigger() -> None:
    assert set(TRIGGERS) == set(CATALOGUE) - NOT_EMITTED_BY_LAYERS
