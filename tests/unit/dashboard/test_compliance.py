"""Compliance, insights and the runtime comparison (10-dashboard.md §8.8, §8.9, §8.12)."""

from __future__ import annotations

from pacto.dashboard.compliance import (
    compute_compliance,
    compute_runtime_diff,
    generate_insights,
)
from pacto.dashboard.model import (
    ComplianceStatus,
    Condition,
    ContractStatus,
    Insight,
    ObservedRuntime,
    PortsInfo,
    ResourcesInfo,
    RuntimeInfo,
    ServiceDetails,
    ValidationInfo,
    ValidationIssueInfo,
)


def _conditions(*items: tuple[str, str]) -> list[Condition]:
    return [Condition(type=t, status=s) for t, s in items]


def test_compliance_uses_catalogue_severities_when_conditions_carry_none():
    conditions = _conditions(
        ("ContractValid", "True"),
        ("PortsValid", "False"),
        ("UpgradeStrategyMatch", "False"),
        ("ImageMatch", "Unknown"),
    )
    info = compute_compliance(ContractStatus.COMPLIANT, conditions)
    assert info.status == ComplianceStatus.ERROR
    assert info.score == 25
    assert info.summary is not None
    assert (info.summary.total, info.summary.passed, info.summary.failed) == (4, 1, 3)
    assert (info.summary.errors, info.summary.warnings) == (1, 1)


def test_compliance_with_only_warning_failures_is_warning_with_rounded_score():
    conditions = _conditions(
        ("ContractValid", "True"), ("UpgradeStrategyMatch", "False"), ("ImageMatch", "Unknown")
    )
    info = compute_compliance(ContractStatus.COMPLIANT, conditions)
    assert (info.status, info.score) == (ComplianceStatus.WARNING, 33)


def test_compliance_of_a_reference_contract_has_no_score_and_no_summary():
    info = compute_compliance(ContractStatus.REFERENCE, _conditions(("ContractValid", "True")))
    assert (info.status, info.score, info.summary) == (ComplianceStatus.REFERENCE, None, None)


def test_non_compliant_without_conditions_is_error_with_null_score_and_zero_summary():
    info = compute_compliance(ContractStatus.NON_COMPLIANT, [])
    assert (info.status, info.score) == (ComplianceStatus.ERROR, None)
    assert info.summary is not None and info.summary.total == 0


def test_condition_severity_overrides_the_catalogue():
    conditions = [Condition(type="PortsValid", status="False", severity="warning")]
    assert compute_compliance(ContractStatus.COMPLIANT, conditions).status == "WARNING"


def test_warning_status_without_conditions_is_ok():
    assert compute_compliance(ContractStatus.WARNING, []).status == ComplianceStatus.OK


def test_generated_insights_follow_the_table_order_and_plural_rule():
    issue = ValidationIssueInfo(code="C", path="p", message="first error")
    details = ServiceDetails(
        name="orders",
        contract_status=ContractStatus.NON_COMPLIANT,
        validation=ValidationInfo(valid=False, errors=(issue, issue)),
        resources=ResourcesInfo(service_exists=False, workload_exists=False),
        ports=PortsInfo(missing=(8080, 9090), unexpected=(7000,)),
    )
    titles = [(i.severity, i.title) for i in generate_insights(details)]
    assert titles == [
        ("critical", "Contract is non-compliant"),
        ("critical", "2 validation errors"),
        ("critical", "Service resource not found"),
        ("critical", "Workload not found"),
        ("warning", "Missing ports: 8080, 9090"),
        ("info", "Unexpected ports: 7000"),
    ]


def test_operator_insights_are_kept_unchanged():
    given = (Insight(severity="info", title="from the operator"),)
    details = ServiceDetails(name="x", contract_status=ContractStatus.NON_COMPLIANT, insights=given)
    assert generate_insights(details) == given


def test_runtime_diff_has_six_rows_and_maps_strategy_names():
    rows = compute_runtime_diff(
        RuntimeInfo(
            workload="service",
            upgrade_strategy="rolling",
            graceful_shutdown_seconds=30,
            state_type="stateless",
        ),
        ObservedRuntime(
            workload_kind="Deployment",
            deployment_strategy="RollingUpdate",
            termination_grace_period_seconds=45,
            container_images=("ghcr.io/acme/orders:1.0.0",),
        ),
    )
    assert [(r.field, r.status) for r in rows] == [
        ("Workload Type", "match"),
        ("Upgrade Strategy", "match"),
        ("Graceful Shutdown", "mismatch"),
        ("Container Image", "skipped"),
        ("State / Storage", "match"),
        ("Health Probe Delay", "skipped"),
    ]


def test_runtime_diff_is_absent_without_either_side():
    assert compute_runtime_diff(None, None) == ()
