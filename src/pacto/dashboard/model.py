"""The dashboard's domain model (10-dashboard.md §3): what sources return and the API serves.

Immutable dataclasses with tuple sequences, shared freely between the request threads and the
background discovery thread. Attribute names are Python's; the wire names live in
:mod:`pacto.dashboard.wire` and nowhere else. Tri-state booleans are ``bool | None``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pacto.sbom import SbomDiff

__all__ = [
    "PUBLIC_SOURCE_TYPES",
    "AggregatedService",
    "CacheDiagnostics",
    "ChecksSummary",
    "ComplianceCounts",
    "ComplianceInfo",
    "ComplianceStatus",
    "Condition",
    "ConfigValue",
    "ConfigurationInfo",
    "ContractStatus",
    "CrossReference",
    "CrossReferences",
    "DependencyGraph",
    "DependencyInfo",
    "DependentInfo",
    "DiffChange",
    "DiffResult",
    "EndpointStatus",
    "GraphEdge",
    "GraphEdgeData",
    "GraphNode",
    "GraphNodeData",
    "Insight",
    "InterfaceEndpoint",
    "InterfaceInfo",
    "K8sDiagnostics",
    "LocalDiagnostics",
    "OCIDiagnostics",
    "ObservedRuntime",
    "PolicyInfo",
    "PortsInfo",
    "Ref",
    "ResourcesInfo",
    "RuntimeDiffRow",
    "RuntimeInfo",
    "ScalingInfo",
    "SchemaProperty",
    "Service",
    "ServiceDetails",
    "ServiceListEntry",
    "ServiceSourceData",
    "SourceDiagnostics",
    "SourceInfo",
    "ValidationInfo",
    "ValidationIssueInfo",
    "Version",
]

PUBLIC_SOURCE_TYPES = ("local", "oci", "k8s")
"""The only source names that ever appear in a response (invariant 1; the cache says ``oci``)."""

_FROZEN: dict[str, Any] = {"frozen": True, "slots": True, "kw_only": True}


class ContractStatus(enum.StrEnum):
    """The contract/compliance state of a service (not its runtime health)."""

    COMPLIANT = "Compliant"
    WARNING = "Warning"
    NON_COMPLIANT = "NonCompliant"
    UNKNOWN = "Unknown"
    REFERENCE = "Reference"

    @classmethod
    def normalize(cls, value: object) -> ContractStatus:
        """Any other value, the empty string included, becomes ``Unknown`` (§3.1)."""
        try:
            return cls(str(value)) if value else cls.UNKNOWN
        except ValueError:
            return cls.UNKNOWN


class ComplianceStatus(enum.StrEnum):
    OK = "OK"
    WARNING = "WARNING"
    ERROR = "ERROR"
    REFERENCE = "REFERENCE"


@dataclass(**_FROZEN)
class Service:
    name: str
    version: str = ""
    owner: str = ""
    contract_status: ContractStatus = ContractStatus.UNKNOWN
    source: str = ""
    sources: tuple[str, ...] = ()


@dataclass(**_FROZEN)
class InterfaceEndpoint:
    method: str
    path: str
    summary: str = ""


@dataclass(**_FROZEN)
class InterfaceInfo:
    name: str
    type: str
    port: int | None = None
    visibility: str = ""
    has_contract_file: bool = False
    contract_file: str = ""
    contract_content: str = ""
    endpoints: tuple[InterfaceEndpoint, ...] = ()


@dataclass(**_FROZEN)
class ConfigValue:
    key: str
    value: str
    type: str


@dataclass(**_FROZEN)
class SchemaProperty:
    """One leaf property of a configuration JSON Schema: the ``{key, value, type}`` of §6.3's
    schema properties (``value`` is the default as text, ``(any)`` without one), plus what
    the schema says about it (beyond the reference). ``required`` means listed in the
    ``required`` of the object that declares it."""

    key: str
    value: str
    type: str
    required: bool = False
    description: str = ""
    enum: tuple[Any, ...] = ()


@dataclass(**_FROZEN)
class ConfigurationInfo:
    has_schema: bool = False
    schema: str = ""
    ref: str = ""
    value_keys: tuple[str, ...] = ()
    secret_keys: tuple[str, ...] = ()
    values: tuple[ConfigValue, ...] = ()
    schema_properties: tuple[SchemaProperty, ...] = ()
    """The schema as a table, also when inline ``values`` exist (beyond the reference)."""


@dataclass(**_FROZEN)
class DependencyInfo:
    name: str
    ref: str
    required: bool = False
    compatibility: str = ""


@dataclass(**_FROZEN)
class RuntimeInfo:
    workload: str = ""
    state_type: str = ""
    persistence_scope: str = ""
    persistence_durability: str = ""
    data_criticality: str = ""
    upgrade_strategy: str = ""
    graceful_shutdown_seconds: int | None = None
    health_interface: str = ""
    health_path: str = ""
    metrics_interface: str = ""
    metrics_path: str = ""


@dataclass(**_FROZEN)
class ScalingInfo:
    replicas: int | None = None
    min: int | None = None
    max: int | None = None


@dataclass(**_FROZEN)
class PolicyInfo:
    has_schema: bool = False
    schema: str = ""
    ref: str = ""
    content: str = ""
    values: tuple[ConfigValue, ...] = ()


@dataclass(**_FROZEN)
class ValidationIssueInfo:
    """A validation finding as the API shows it (wire name ``ValidationIssue``)."""

    code: str
    path: str
    message: str


@dataclass(**_FROZEN)
class ValidationInfo:
    valid: bool
    errors: tuple[ValidationIssueInfo, ...] = ()
    warnings: tuple[ValidationIssueInfo, ...] = ()


@dataclass(**_FROZEN)
class ComplianceCounts:
    total: int = 0
    passed: int = 0
    failed: int = 0
    errors: int = 0
    warnings: int = 0


@dataclass(**_FROZEN)
class ComplianceInfo:
    status: ComplianceStatus
    score: int | None = None
    summary: ComplianceCounts | None = None


@dataclass(**_FROZEN)
class ObservedRuntime:
    workload_kind: str = ""
    deployment_strategy: str = ""
    pod_management_policy: str = ""
    termination_grace_period_seconds: int | None = None
    container_images: tuple[str, ...] = ()
    has_pvc: bool | None = None
    has_empty_dir: bool | None = None
    health_probe_initial_delay_seconds: int | None = None


@dataclass(**_FROZEN)
class RuntimeDiffRow:
    field: str
    contract_path: str = ""
    declared_value: str = ""
    observed_value: str = ""
    status: str = ""


@dataclass(**_FROZEN)
class EndpointStatus:
    interface: str
    type: str = ""
    url: str = ""
    healthy: bool | None = None
    status_code: int | None = None
    latency_ms: int | None = None
    error: str = ""
    message: str = ""


@dataclass(**_FROZEN)
class Condition:
    type: str
    status: str
    reason: str = ""
    message: str = ""
    severity: str = ""
    last_transition_ago: str = ""


@dataclass(**_FROZEN)
class Insight:
    severity: str
    title: str
    description: str = ""


@dataclass(**_FROZEN)
class ChecksSummary:
    total: int = 0
    passed: int = 0
    failed: int = 0


@dataclass(**_FROZEN)
class ResourcesInfo:
    service_exists: bool | None = None
    workload_exists: bool | None = None


@dataclass(**_FROZEN)
class PortsInfo:
    expected: tuple[int, ...] = ()
    observed: tuple[int, ...] = ()
    missing: tuple[int, ...] = ()
    unexpected: tuple[int, ...] = ()


@dataclass(**_FROZEN)
class ServiceDetails:
    """Everything known about one service (§3.4); the Service keys are flattened in."""

    name: str
    version: str = ""
    owner: str = ""
    contract_status: ContractStatus = ContractStatus.UNKNOWN
    source: str = ""
    sources: tuple[str, ...] = ()
    namespace: str = ""
    image_ref: str = ""
    chart_ref: str = ""
    metadata: Mapping[str, str] = field(default_factory=dict)
    resolved_ref: str = ""
    current_revision: str = ""
    version_policy: str = ""
    latest_available: str = ""
    update_available: bool = False
    interfaces: tuple[InterfaceInfo, ...] = ()
    configuration: ConfigurationInfo | None = None
    dependencies: tuple[DependencyInfo, ...] = ()
    runtime: RuntimeInfo | None = None
    scaling: ScalingInfo | None = None
    policy: PolicyInfo | None = None
    validation: ValidationInfo | None = None
    compliance: ComplianceInfo | None = None
    observed_runtime: ObservedRuntime | None = None
    runtime_diff: tuple[RuntimeDiffRow, ...] = ()
    endpoints: tuple[EndpointStatus, ...] = ()
    conditions: tuple[Condition, ...] = ()
    insights: tuple[Insight, ...] = ()
    checks_summary: ChecksSummary | None = None
    resources: ResourcesInfo | None = None
    ports: PortsInfo | None = None
    last_updated: datetime | None = None
    last_reconciled_at: str = ""

    def summary(self) -> Service:
        return Service(
            name=self.name,
            version=self.version,
            owner=self.owner,
            contract_status=self.contract_status,
            source=self.source,
            sources=self.sources,
        )


@dataclass(**_FROZEN)
class ServiceListEntry:
    """An element of ``GET /api/services`` (§3.3)."""

    service: Service
    namespace: str = ""
    blast_radius: int = 0
    dependency_count: int = 0
    checks_passed: int = 0
    checks_total: int = 0
    checks_failed: int = 0
    compliance_status: str = ""
    compliance_score: int | None = None
    compliance_errors: int = 0
    compliance_warnings: int = 0
    top_insight: str = ""
    update_available: bool = False


@dataclass(**_FROZEN)
class Version:
    version: str
    ref: str = ""
    contract_hash: str = ""
    created_at: datetime | None = None
    source: str = ""
    classification: str = ""
    is_current: bool = False


@dataclass(**_FROZEN)
class Ref:
    name: str
    version: str = ""
    source: str = ""


@dataclass(**_FROZEN)
class DiffChange:
    path: str
    type: str
    classification: str
    old_value: Any = None
    new_value: Any = None
    reason: str = ""


@dataclass(**_FROZEN)
class DiffResult:
    from_ref: Ref
    to_ref: Ref
    classification: str
    changes: tuple[DiffChange, ...] = ()
    sbom_diff: SbomDiff | None = None
    """The diff engine's SBOM comparison (04-sbom.md §7); ``None`` when there is none."""


@dataclass(**_FROZEN)
class ServiceSourceData:
    source_type: str
    service: ServiceDetails


@dataclass(**_FROZEN)
class AggregatedService:
    name: str
    sources: tuple[ServiceSourceData, ...]
    merged: ServiceDetails


@dataclass(**_FROZEN)
class GraphEdgeData:
    target_id: str
    target_name: str
    required: bool
    resolved: bool
    type: str
    compatibility: str = ""


@dataclass(**_FROZEN)
class GraphNodeData:
    id: str
    service_name: str
    status: str
    version: str = ""
    source: str = ""
    edges: tuple[GraphEdgeData, ...] = ()


@dataclass(**_FROZEN)
class GraphNode:
    name: str
    version: str = ""
    ref: str = ""
    dependencies: tuple[GraphEdge, ...] = ()


@dataclass(**_FROZEN)
class GraphEdge:
    ref: str
    required: bool = False
    compatibility: str = ""
    error: str = ""
    shared: bool = False
    node: GraphNode | None = None


@dataclass(**_FROZEN)
class DependencyGraph:
    root: GraphNode
    cycles: tuple[tuple[str, ...], ...] = ()
    conflicts: tuple[str, ...] = ()


@dataclass(**_FROZEN)
class DependentInfo:
    name: str
    required: bool
    version: str = ""
    contract_status: str = ""
    compatibility: str = ""


@dataclass(**_FROZEN)
class CrossReference:
    name: str
    ref_type: str
    ref: str
    contract_status: str = ""


@dataclass(**_FROZEN)
class CrossReferences:
    references: tuple[CrossReference, ...] = ()
    referenced_by: tuple[CrossReference, ...] = ()


@dataclass(**_FROZEN)
class SourceInfo:
    """One detection report (§3.10). ``error`` (beyond the reference) is the source's last
    runtime failure, so a source that stops answering is reported, not silently empty."""

    type: str
    enabled: bool
    reason: str = ""
    error: str = ""


# Diagnostics are filled in step by step during detection, hence mutable.


@dataclass(slots=True, kw_only=True)
class K8sDiagnostics:
    client_configured: bool = False
    kubeconfig_path: str = ""
    cluster_reachable: bool = False
    crd_exists: bool = False
    namespace: str = ""
    all_namespaces: bool = True
    resource_count: int = 0
    detected_group: str = ""
    detected_versions: list[str] = field(default_factory=list)
    chosen_version: str = ""
    resource_name: str = ""
    error: str = ""


@dataclass(slots=True, kw_only=True)
class OCIDiagnostics:
    store_configured: bool = False
    repos: list[str] = field(default_factory=list)
    error: str = ""


@dataclass(slots=True, kw_only=True)
class CacheDiagnostics:
    cache_dir: str = ""
    exists: bool = False
    oci_dir_exists: bool = False
    service_count: int = 0
    version_count: int = 0
    error: str = ""


@dataclass(slots=True, kw_only=True)
class LocalDiagnostics:
    dir: str = ""
    pacto_yaml_found: bool = False
    found_in: str = ""
    error: str = ""


@dataclass(slots=True, kw_only=True)
class SourceDiagnostics:
    k8s: K8sDiagnostics = field(default_factory=K8sDiagnostics)
    oci: OCIDiagnostics = field(default_factory=OCIDiagnostics)
    cache: CacheDiagnostics = field(default_factory=CacheDiagnostics)
    local: LocalDiagnostics = field(default_factory=LocalDiagnostics)
