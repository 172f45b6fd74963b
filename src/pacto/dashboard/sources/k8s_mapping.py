"""Mapping ``Pacto`` and ``PactoRevision`` objects to the dashboard model (§11.4, §11.5).

Pure and tolerant: every list-typed field accepts an array, a single object or ``null``;
``endpoints`` also accepts the operator's map keyed by probe name. Unknown contract statuses
become ``Unknown``. ``now`` is passed in for the relative ``…ago`` texts.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pacto.dashboard.compliance import compute_compliance, compute_runtime_diff
from pacto.dashboard.model import (
    ChecksSummary,
    Condition,
    ConfigurationInfo,
    ContractStatus,
    DependencyInfo,
    EndpointStatus,
    Insight,
    InterfaceInfo,
    ObservedRuntime,
    PolicyInfo,
    PortsInfo,
    ResourcesInfo,
    RuntimeInfo,
    ScalingInfo,
    Service,
    ServiceDetails,
    ValidationInfo,
    ValidationIssueInfo,
    Version,
)
from pacto.dashboard.naming import extract_service_name, parse_timestamp, time_ago
from pacto.dashboard.versioning import normalize_resolution_policy

__all__ = [
    "resource_service_name",
    "service_details_from_k8s",
    "service_from_k8s",
    "version_from_revision",
]


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, Mapping):
        return [value]
    return []


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _ints(value: Any) -> tuple[int, ...]:
    return tuple(i for i in (_int(v) for v in _list_scalar(value)) if i is not None)


def _list_scalar(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return [] if value is None or isinstance(value, Mapping) else [value]


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(v for v in _list_scalar(value) if isinstance(v, str))


def resource_service_name(resource: Mapping[str, Any]) -> str:
    """``status.contract.serviceName`` when non-empty, else ``metadata.name``."""
    status = _map(resource.get("status"))
    contract = status.get("contract")
    name = _str(_map(contract).get("serviceName")) if isinstance(contract, Mapping) else ""
    return name or _str(_map(resource.get("metadata")).get("name"))


def service_from_k8s(resource: Mapping[str, Any]) -> Service:
    status = _map(resource.get("status"))
    contract = _map(status.get("contract"))
    version = _str(status.get("contractVersion")) or _str(contract.get("version"))
    return Service(
        name=resource_service_name(resource),
        version=version,
        owner=_str(contract.get("owner")),
        contract_status=ContractStatus.normalize(status.get("contractStatus")),
        source="k8s",
    )


def _issues(value: Any) -> tuple[ValidationIssueInfo, ...]:
    return tuple(
        ValidationIssueInfo(
            code=_str(_map(i).get("code")),
            path=_str(_map(i).get("path")),
            message=_str(_map(i).get("message")),
        )
        for i in _list(value)
    )


def _endpoints(value: Any) -> tuple[EndpointStatus, ...]:
    if isinstance(value, Mapping) and value and all(isinstance(v, Mapping) for v in value.values()):
        # The operator's native shape: {"health": {url, reachable, ...}, "metrics": {...}}.
        return tuple(
            EndpointStatus(
                interface=str(key),
                type=str(key),
                url=_str(item.get("url")),
                healthy=_bool(item.get("reachable")),
                status_code=_int(item.get("statusCode")),
                latency_ms=_int(item.get("latencyMs")),
                error=_str(item.get("error")),
                message=_str(item.get("message")),
            )
            for key, item in sorted(value.items())
        )
    out = []
    for raw in _list(value):
        item = _map(raw)
        healthy = _bool(item.get("healthy"))
        out.append(
            EndpointStatus(
                interface=_str(item.get("interface")),
                type=_str(item.get("type")),
                url=_str(item.get("url")),
                healthy=healthy if healthy is not None else _bool(item.get("reachable")),
                status_code=_int(item.get("statusCode")),
                latency_ms=_int(item.get("latencyMs")),
                error=_str(item.get("error")),
                message=_str(item.get("message")),
            )
        )
    return tuple(out)


def _runtime(value: Any) -> RuntimeInfo | None:
    if not isinstance(value, Mapping):
        return None
    return RuntimeInfo(
        workload=_str(value.get("workload")),
        state_type=_str(value.get("stateType")),
        persistence_scope=_str(value.get("persistenceScope")),
        persistence_durability=_str(value.get("persistenceDurability")),
        data_criticality=_str(value.get("dataCriticality")),
        upgrade_strategy=_str(value.get("upgradeStrategy")),
        graceful_shutdown_seconds=_int(value.get("gracefulShutdownSeconds")),
        health_interface=_str(value.get("healthInterface")),
        health_path=_str(value.get("healthPath")),
        metrics_interface=_str(value.get("metricsInterface")),
        metrics_path=_str(value.get("metricsPath")),
    )


def _observed(value: Any) -> ObservedRuntime | None:
    if not isinstance(value, Mapping):
        return None
    return ObservedRuntime(
        workload_kind=_str(value.get("workloadKind")),
        deployment_strategy=_str(value.get("deploymentStrategy")),
        pod_management_policy=_str(value.get("podManagementPolicy")),
        termination_grace_period_seconds=_int(value.get("terminationGracePeriodSeconds")),
        container_images=_strings(value.get("containerImages")),
        has_pvc=_bool(value.get("hasPVC")),
        has_empty_dir=_bool(value.get("hasEmptyDir")),
        health_probe_initial_delay_seconds=_int(value.get("healthProbeInitialDelaySeconds")),
    )


def _configuration(value: Any) -> ConfigurationInfo | None:
    if not isinstance(value, Mapping):
        return None
    return ConfigurationInfo(
        has_schema=value.get("hasSchema") is True,
        schema=_str(value.get("schema")),
        ref=_str(value.get("ref")),
        value_keys=tuple(sorted(_strings(value.get("valueKeys")))),
        secret_keys=tuple(sorted(_strings(value.get("secretKeys")))),
    )


def _policy(value: Any) -> PolicyInfo | None:
    if not isinstance(value, Mapping):
        return None
    return PolicyInfo(
        has_schema=value.get("hasSchema") is True,
        schema=_str(value.get("schema")),
        ref=_str(value.get("ref")),
    )


def service_details_from_k8s(resource: Mapping[str, Any], now: datetime) -> ServiceDetails:
    """Everything the operator reported about one ``Pacto`` (compliance and runtime diff
    included)."""
    summary = service_from_k8s(resource)
    status = _map(resource.get("status"))
    contract = _map(status.get("contract"))
    metadata = _map(resource.get("metadata"))
    policy = _str(contract.get("resolutionPolicy")) or _str(status.get("resolutionPolicy"))
    validation_raw = status.get("validation")
    validation = None
    if isinstance(validation_raw, Mapping):
        validation = ValidationInfo(
            valid=validation_raw.get("valid") is True,
            errors=_issues(validation_raw.get("errors")),
            warnings=_issues(validation_raw.get("warnings")),
        )
    scaling_raw = status.get("scaling")
    scaling = None
    if isinstance(scaling_raw, Mapping):
        scaling = ScalingInfo(
            replicas=_int(scaling_raw.get("replicas")),
            min=_int(scaling_raw.get("min")),
            max=_int(scaling_raw.get("max")),
        )
    resources_raw = status.get("resources")
    resources = None
    if isinstance(resources_raw, Mapping):
        resources = ResourcesInfo(
            service_exists=_bool(_map(resources_raw.get("service")).get("exists")),
            workload_exists=_bool(_map(resources_raw.get("workload")).get("exists")),
        )
    ports_raw = status.get("ports")
    ports = None
    if isinstance(ports_raw, Mapping):
        ports = PortsInfo(
            expected=_ints(ports_raw.get("expected")),
            observed=_ints(ports_raw.get("observed")),
            missing=_ints(ports_raw.get("missing")),
            unexpected=_ints(ports_raw.get("unexpected")),
        )
    checks_raw = status.get("summary")
    checks = None
    if isinstance(checks_raw, Mapping):
        checks = ChecksSummary(
            total=_int(checks_raw.get("total")) or 0,
            passed=_int(checks_raw.get("passed")) or 0,
            failed=_int(checks_raw.get("failed")) or 0,
        )
    conditions = tuple(
        Condition(
            type=_str(_map(c).get("type")),
            status=_str(_map(c).get("status")),
            reason=_str(_map(c).get("reason")),
            message=_str(_map(c).get("message")),
            severity=_str(_map(c).get("severity")),
            last_transition_ago=time_ago(_str(_map(c).get("lastTransitionTime")), now),
        )
        for c in _list(status.get("conditions"))
    )
    runtime = _runtime(status.get("runtime"))
    observed = _observed(status.get("observedRuntime"))
    return ServiceDetails(
        name=summary.name,
        version=summary.version,
        owner=summary.owner,
        contract_status=summary.contract_status,
        source="k8s",
        namespace=_str(metadata.get("namespace")),
        image_ref=_str(contract.get("imageRef")),
        metadata={str(k): v for k, v in _map(status.get("metadata")).items() if isinstance(v, str)},
        resolved_ref=_str(contract.get("resolvedRef")),
        current_revision=_str(contract.get("currentRevision")),
        version_policy=normalize_resolution_policy(policy),
        interfaces=tuple(
            InterfaceInfo(
                name=_str(_map(i).get("name")),
                type=_str(_map(i).get("type")),
                port=_int(_map(i).get("port")),
                visibility=_str(_map(i).get("visibility")),
                has_contract_file=_map(i).get("hasContractFile") is True,
            )
            for i in _list(status.get("interfaces"))
        ),
        configuration=_configuration(status.get("configuration")),
        dependencies=tuple(
            DependencyInfo(
                name=extract_service_name(_str(_map(d).get("ref"))),
                ref=_str(_map(d).get("ref")),
                required=_map(d).get("required") is True,
                compatibility=_str(_map(d).get("compatibility")),
            )
            for d in _list(status.get("dependencies"))
        ),
        runtime=runtime,
        scaling=scaling,
        policy=_policy(status.get("policy")),
        validation=validation,
        compliance=compute_compliance(summary.contract_status, conditions),
        observed_runtime=observed,
        runtime_diff=compute_runtime_diff(runtime, observed),
        endpoints=_endpoints(status.get("endpoints")),
        conditions=conditions,
        insights=tuple(
            Insight(
                severity=_str(_map(i).get("severity")),
                title=_str(_map(i).get("title")),
                description=_str(_map(i).get("description")),
            )
            for i in _list(status.get("insights"))
        ),
        checks_summary=checks,
        resources=resources,
        ports=ports,
        last_reconciled_at=time_ago(_str(status.get("lastReconciledAt")), now),
    )


def version_from_revision(revision: Mapping[str, Any]) -> Version:
    spec = _map(revision.get("spec"))
    status = _map(revision.get("status"))
    return Version(
        version=_str(spec.get("version")),
        ref=_str(_map(spec.get("source")).get("oci")),
        contract_hash=_str(status.get("contractHash")),
        created_at=parse_timestamp(_str(status.get("createdAt"))),
        source="k8s",
    )
