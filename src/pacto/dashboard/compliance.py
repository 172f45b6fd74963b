"""Compliance, insights and the contract-vs-runtime comparison (10-dashboard.md §8.8, §8.9,
§8.12). Pure functions over the model."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from pacto.dashboard.model import (
    ComplianceCounts,
    ComplianceInfo,
    ComplianceStatus,
    Condition,
    ContractStatus,
    Insight,
    ObservedRuntime,
    RuntimeDiffRow,
    RuntimeInfo,
    ServiceDetails,
)

__all__ = [
    "CATALOGUE",
    "CatalogueEntry",
    "catalogue_entry",
    "compute_compliance",
    "compute_runtime_diff",
    "generate_insights",
]


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    category: str
    label: str
    severity: str


CATALOGUE: dict[str, CatalogueEntry] = {
    "ContractValid": CatalogueEntry("contract", "Contract Structure", "error"),
    "ServiceExists": CatalogueEntry("infrastructure", "Service Exists", "error"),
    "WorkloadExists": CatalogueEntry("infrastructure", "Workload Exists", "error"),
    "PortsValid": CatalogueEntry("networking", "Port Alignment", "error"),
    "HealthEndpointValid": CatalogueEntry("networking", "Health Endpoint", "error"),
    "MetricsEndpointValid": CatalogueEntry("networking", "Metrics Endpoint", "error"),
    "WorkloadTypeMatch": CatalogueEntry("workload", "Workload Type", "error"),
    "StateModelMatch": CatalogueEntry("state", "State Model", "error"),
    "UpgradeStrategyMatch": CatalogueEntry("lifecycle", "Upgrade Strategy", "warning"),
    "GracefulShutdownMatch": CatalogueEntry("lifecycle", "Graceful Shutdown", "warning"),
    "ImageMatch": CatalogueEntry("image", "Container Image", "error"),
    "HealthTimingMatch": CatalogueEntry("health", "Health Probe Timing", "warning"),
}


def catalogue_entry(condition_type: str) -> CatalogueEntry:
    return CATALOGUE.get(condition_type, CatalogueEntry("other", condition_type, "error"))


def _round_half_away(value: float) -> int:
    """Go's ``math.Round`` for the non-negative scores computed here."""
    return math.floor(value + 0.5)


def compute_compliance(status: ContractStatus, conditions: Sequence[Condition]) -> ComplianceInfo:
    """The compliance of a service from its contract status and conditions (§8.8)."""
    if status == ContractStatus.REFERENCE:
        return ComplianceInfo(status=ComplianceStatus.REFERENCE, score=None)
    result: ComplianceStatus | None = (
        ComplianceStatus.ERROR if status == ContractStatus.NON_COMPLIANT else None
    )
    total = len(conditions)
    passed = errors = warnings = 0
    for condition in conditions:
        if condition.status == "True":
            passed += 1
        elif condition.status == "False":
            severity = condition.severity or catalogue_entry(condition.type).severity
            if severity == "warning":
                warnings += 1
            else:
                errors += 1
    score = _round_half_away(passed / total * 100) if total else None
    if result is None:
        if errors:
            result = ComplianceStatus.ERROR
        elif warnings:
            result = ComplianceStatus.WARNING
        else:
            result = ComplianceStatus.OK
    summary = ComplianceCounts(
        total=total, passed=passed, failed=total - passed, errors=errors, warnings=warnings
    )
    return ComplianceInfo(status=result, score=score, summary=summary)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def generate_insights(details: ServiceDetails) -> tuple[Insight, ...]:
    """Operator-provided insights unchanged; otherwise the §8.9 table, in order."""
    if details.insights:
        return details.insights
    out: list[Insight] = []
    if details.contract_status == ContractStatus.NON_COMPLIANT:
        out.append(
            Insight(
                severity="critical",
                title="Contract is non-compliant",
                description="One or more critical validation checks have failed.",
            )
        )
    elif details.contract_status == ContractStatus.WARNING:
        out.append(
            Insight(
                severity="warning",
                title="Contract has warnings",
                description="Some validation checks are failing.",
            )
        )
    validation = details.validation
    if validation is not None and validation.errors:
        out.append(
            Insight(
                severity="critical",
                title=_plural(len(validation.errors), "validation error"),
                description=validation.errors[0].message,
            )
        )
    if validation is not None and validation.warnings:
        out.append(
            Insight(
                severity="warning",
                title=_plural(len(validation.warnings), "validation warning"),
                description=validation.warnings[0].message,
            )
        )
    resources = details.resources
    if resources is not None and resources.service_exists is False:
        out.append(
            Insight(
                severity="critical",
                title="Service resource not found",
                description="The Kubernetes Service resource does not exist.",
            )
        )
    if resources is not None and resources.workload_exists is False:
        out.append(
            Insight(
                severity="critical",
                title="Workload not found",
                description="The target workload does not exist.",
            )
        )
    ports = details.ports
    if ports is not None and ports.missing:
        out.append(
            Insight(
                severity="warning",
                title="Missing ports: " + ", ".join(str(p) for p in ports.missing),
                description="Ports declared in contract but not found on the service.",
            )
        )
    if ports is not None and ports.unexpected:
        out.append(
            Insight(
                severity="info",
                title="Unexpected ports: " + ", ".join(str(p) for p in ports.unexpected),
                description="Ports found on the service but not declared in contract.",
            )
        )
    return tuple(out)


_WORKLOAD_KINDS = {"service": "Deployment", "job": "Job", "scheduled": "CronJob"}
# Beyond the reference (§8.12): the contract's strategy names and Kubernetes' mean the same.
_STRATEGIES = {"rolling": "RollingUpdate", "recreate": "Recreate", "ordered": "OrderedReady"}


def _row(field: str, path: str, declared: str, observed: str) -> RuntimeDiffRow:
    if not declared or not observed:
        status = "skipped"
    elif declared.lower() == observed.lower():
        status = "match"
    else:
        status = "mismatch"
    return RuntimeDiffRow(
        field=field,
        contract_path=path,
        declared_value=declared,
        observed_value=observed,
        status=status,
    )


def _int_text(value: int | None) -> str:
    return "" if value is None else str(value)


def compute_runtime_diff(
    runtime: RuntimeInfo | None, observed: ObservedRuntime | None
) -> tuple[RuntimeDiffRow, ...]:
    """Six rows comparing the declared runtime with what the operator observed (§8.12)."""
    if runtime is None and observed is None:
        return ()
    declared = runtime or RuntimeInfo()
    seen = observed or ObservedRuntime()
    workload = _WORKLOAD_KINDS.get(declared.workload.lower(), declared.workload)
    strategy = declared.upgrade_strategy
    strategy = _STRATEGIES.get(strategy.lower(), strategy) if strategy else ""
    storage: list[str] = []
    if seen.has_pvc:
        storage.append("PVC")
    if seen.has_empty_dir:
        storage.append("emptyDir")
    observed_storage = ", ".join(storage) if storage else ("stateless" if observed else "")
    return (
        _row("Workload Type", "runtime.workload", workload, seen.workload_kind),
        _row(
            "Upgrade Strategy",
            "runtime.lifecycle.upgradeStrategy",
            strategy,
            seen.deployment_strategy or seen.pod_management_policy,
        ),
        _row(
            "Graceful Shutdown",
            "runtime.lifecycle.gracefulShutdownSeconds",
            _int_text(declared.graceful_shutdown_seconds),
            _int_text(seen.termination_grace_period_seconds),
        ),
        _row("Container Image", "service.image", "", ", ".join(seen.container_images)),
        _row("State / Storage", "runtime.state.type", declared.state_type, observed_storage),
        _row(
            "Health Probe Delay",
            "runtime.health",
            "",
            _int_text(seen.health_probe_initial_delay_seconds),
        ),
    )
