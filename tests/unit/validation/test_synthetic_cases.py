"""The 36 synthetic cases of 02-validation.md §13.2, as one table over the base document ``B``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from pacto.contract import Bundle, ParseError, parse
from pacto.validation import (
    RuntimeContext,
    ValidationResult,
    validate_runtime,
    validate_structural_raw,
)
from tests.unit.validation.helpers import (
    FakeResolver,
    bundle,
    changed,
    check,
    check_with,
    dump,
    pairs,
    policy_contract,
)


@dataclass(frozen=True)
class Case:
    number: int
    change: Callable[[dict[str, Any]], object]
    errors: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    files: dict[str, str] | None = None
    exact: bool = False
    """``errors``/``warnings`` are the complete lists (else: required subsets)."""
    absent: tuple[str, ...] = ()
    """Codes that must not appear."""
    mode: str = "validate"
    """``validate`` (local policies), ``resolver``, ``runtime``, or ``cli-parse-error``: the CLI
    reports PARSE_ERROR (``parse`` raises); the findings are ``validate_structural_raw``'s."""
    resolver: Callable[[], Any] | None = None
    message: str = ""
    """A substring the first error's message must contain."""


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = document
        for part in parents:
            node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
        if value is _DELETE:
            del node[last]
        else:
            node[last] = value

    return change


_DELETE = object()


def _append(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        document.setdefault(path, []).append(value)

    return change


def _both(*changes: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        for one in changes:
            one(document)

    return change


def _policy_bundle() -> Bundle:
    return bundle(
        policy_contract("rules"), {"policy/schema.json": '{"required":["scaling"]}'}, "r.io/p"
    )


def _cycle() -> FakeResolver:
    a = bundle(policy_contract("a", [{"name": "b", "ref": "oci://r.io/b:1"}]), origin="r.io/a")
    b = bundle(policy_contract("b", [{"name": "a", "ref": "oci://r.io/a:1"}]), origin="r.io/b")
    return FakeResolver({"oci://r.io/a:1": a, "oci://r.io/b:1": b})


_REF_POLICY = _set("policies", [{"name": "p", "ref": "oci://r.io/p:1"}])

SV = "SCHEMA_VIOLATION"

CASES = [
    # a float fails both `type: string` and the enum: two leaves, same path
    Case(1, _set("pactoVersion", 1.0), [(SV, "pactoVersion"), (SV, "pactoVersion")], exact=True),
    Case(2, _set("pactoVersion", "2.0"), [(SV, "pactoVersion")], exact=True),
    Case(3, _set("extra", 1), [(SV, "")], exact=True, mode="cli-parse-error"),
    Case(4, _set("service.version", "banana"), [("INVALID_SEMVER", "service.version")], exact=True),
    Case(5, _set("service.version", "v1.2"), exact=True),
    Case(6, _set("service.name", "Svc"), [(SV, "service.name")], exact=True),
    Case(7, _set("service.owner", ""), [(SV, "service.owner"), (SV, "service.owner")], exact=True),
    Case(8, _set("service.owner", {}), [(SV, "service.owner"), (SV, "service.owner")], exact=True),
    Case(
        9,
        _set("service.image", {"ref": "nginx:1.25"}),
        [("INVALID_IMAGE_REF", "service.image.ref")],
    ),
    Case(
        10,
        _set("service.chart", {"ref": "./chart", "version": "1.x"}),
        [("INVALID_CHART_VERSION", "service.chart.version")],
        exact=True,
    ),
    Case(
        11,
        _append("interfaces", {"name": "api", "type": "http", "port": 9090}),
        [("DUPLICATE_INTERFACE_NAME", "interfaces[1].name")],
        exact=True,
    ),
    Case(
        12,
        _append("interfaces", {"name": "ev", "type": "event", "contract": "e.yaml", "port": 1}),
        warnings=[("PORT_IGNORED", "interfaces[1].port")],
        exact=True,
    ),
    Case(13, _set("interfaces.0.port", 0), [(SV, "interfaces.0.port")], exact=True),
    Case(
        14,
        _set("interfaces.0.port", "8080"),
        [(SV, "interfaces.0.port")],
        exact=True,
        mode="cli-parse-error",
    ),
    Case(
        15,
        _set("runtime.health.interface", "web"),
        [("HEALTH_INTERFACE_NOT_FOUND", "runtime.health.interface")],
        exact=True,
    ),
    Case(
        16,
        _set("runtime.health.path", _DELETE),
        [("HEALTH_PATH_REQUIRED", "runtime.health.path")],
        exact=True,
    ),
    Case(
        17,
        _set("runtime.metrics", {"interface": "api"}),
        [("METRICS_PATH_REQUIRED", "runtime.metrics.path")],
        exact=True,
    ),
    Case(
        18,
        _set("runtime.state.persistence.durability", "persistent"),
        [(SV, "runtime.state.persistence.durability")],
        exact=True,
        absent=("STATELESS_PERSISTENT_CONFLICT",),
    ),
    Case(
        19,
        _set("runtime.lifecycle", {"upgradeStrategy": "ordered"}),
        warnings=[("UPGRADE_STRATEGY_STATE_MISMATCH", "runtime.lifecycle.upgradeStrategy")],
        exact=True,
    ),
    Case(
        20,
        _set("scaling", {"min": 5, "max": 2}),
        [("SCALING_MIN_EXCEEDS_MAX", "scaling")],
        exact=True,
    ),
    Case(
        21, _set("scaling", {"replicas": 2, "min": 1, "max": 3}), [(SV, "scaling"), (SV, "scaling")]
    ),
    Case(
        22,
        _both(_set("runtime.workload", "job"), _set("scaling", {"replicas": 1})),
        [("JOB_SCALING_NOT_ALLOWED", "scaling")],
        exact=True,
    ),
    Case(
        23,
        _set("dependencies", [{"name": "d", "ref": "oci://ghcr.io", "compatibility": "^1"}]),
        [("INVALID_OCI_REF", "dependencies[0].ref")],
        exact=True,
    ),
    Case(
        24,
        _set("dependencies", [{"name": "d", "ref": "oci://r.io/a/b:1.0.0", "compatibility": "^1"}]),
        warnings=[("TAG_NOT_DIGEST", "dependencies[0].ref")],
        exact=True,
    ),
    Case(
        25,
        _set("dependencies", [{"name": "d", "ref": "../d", "compatibility": "1.2.3 - "}]),
        [("INVALID_COMPATIBILITY", "dependencies[0].compatibility")],
        exact=True,
    ),
    Case(
        26,
        _set(
            "dependencies",
            [
                {"name": "d", "ref": "../d", "compatibility": "^1"},
                {"name": "d", "ref": "../e", "compatibility": "^1"},
            ],
        ),
        [("DUPLICATE_DEPENDENCY_NAME", "dependencies[1].name")],
        exact=True,
    ),
    Case(
        27,
        _set("configurations", [{"name": "c", "ref": "oci://r.io/x", "values": {"A": 1}}]),
        [(SV, "configurations.0")],
    ),
    Case(
        28,
        _set("configurations", [{"name": "c", "schema": "cfg.json", "values": {"PORT": "x"}}]),
        [("CONFIG_VALUES_VALIDATION_FAILED", "configurations[0].values")],
        files={"cfg.json": '{"properties":{"PORT":{"type":"integer"}}}'},
        exact=True,
    ),
    Case(
        29,
        _set("configurations", [{"name": "c", "schema": "cfg.json", "values": {"PORT": "x"}}]),
        [("INVALID_CONFIG_JSON", "configurations[0].schema")],
        files={"cfg.json": "not json"},
        exact=True,
    ),
    Case(30, _set("policies", []), [(SV, "policies")], exact=True),
    Case(
        31,
        _REF_POLICY,
        [("POLICY_VIOLATION", "")],
        exact=True,
        mode="resolver",
        resolver=lambda: FakeResolver({"oci://r.io/p:1": _policy_bundle()}),
        message='policy policies["p"]: ',
    ),
    Case(
        32,
        _REF_POLICY,
        [("POLICY_REF_UNRESOLVED", "")],
        exact=True,
        mode="resolver",
        resolver=lambda: None,
    ),
    Case(
        33,
        _set("policies", [{"name": "p", "ref": "oci://r.io/a:1"}]),
        [("POLICY_REF_CYCLE", "")],
        exact=True,
        mode="resolver",
        resolver=_cycle,
        message="(chain: [oci://r.io/a:1 oci://r.io/b:1 oci://r.io/a:1])",
    ),
    Case(
        34,
        _set("interfaces.0.contract", "./openapi.yaml"),
        [("FILE_NOT_FOUND", "interfaces[0].contract")],
        files={"openapi.yaml": "openapi: 3.1.0\n"},
        exact=True,
    ),
    Case(
        35,
        _set("interfaces.0.contract", "api.yml"),
        [("INVALID_CONTRACT_FILE", "interfaces[0].contract")],
        files={"api.yml": "a: [b"},
        exact=True,
    ),
    Case(
        36,
        lambda document: None,
        [("PORT_NOT_OBSERVED", "interfaces[0].port")],
        exact=True,
        mode="runtime",
    ),
]


def _assert_findings(result: ValidationResult, case: Case) -> None:
    errors, warnings = pairs(result.errors), pairs(result.warnings)
    if case.exact:
        assert errors == case.errors
        assert warnings == case.warnings
    else:
        for expected in case.errors:
            assert expected in errors
        for expected in case.warnings:
            assert expected in warnings
        assert (not case.errors) == result.is_valid()
    for code in case.absent:
        assert code not in {c for c, _ in errors + warnings}


def _run(case: Case) -> ValidationResult:
    document = changed(case.change)
    if case.mode == "cli-parse-error":
        raw = dump(document)
        with pytest.raises(ParseError):
            parse(raw)  # the CLI loads (parses) first: PARSE_ERROR (02 §2)
        return validate_structural_raw(raw)
    if case.mode == "resolver":
        assert case.resolver is not None
        return check_with(document, case.resolver())
    if case.mode == "runtime":
        return validate_runtime(parse(dump(document)), RuntimeContext(ports=[9090]))
    return check(document, case.files)


def test_the_table_has_every_case_once() -> None:
    assert [case.number for case in CASES] == list(range(1, 37))


@pytest.mark.parametrize("case", CASES, ids=[f"case{c.number}" for c in CASES])
def test_synthetic_case_yields_the_specified_findings(case: Case) -> None:
    result = _run(case)
    _assert_findings(result, case)
    if case.message:
        assert case.message in result.errors[0].message
