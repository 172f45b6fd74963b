"""The typed API edge (10-dashboard.md §3, §12): pydantic models of every request and response
body, used only to validate request bodies and to generate the OpenAPI 3.1 document.

These models never flow into the dashboard core: handlers return the core's own
``*_to_wire`` data, and a test validates that data against these models (``extra="forbid"``
everywhere, so a key the schema does not document is a failure). Field names are snake_case
with camelCase wire aliases.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

__all__ = [
    "AggregatedEntry",
    "AggregatedService",
    "CacheDiagnostics",
    "ChecksSummary",
    "ComplianceCounts",
    "ComplianceInfo",
    "Condition",
    "ConfigValue",
    "ConfigurationInfo",
    "CrossReference",
    "CrossReferences",
    "DebugServicesOutputBody",
    "DebugSourcesOutputBody",
    "DependencyGraph",
    "DependencyInfo",
    "DependentInfo",
    "DiffChange",
    "DiffResult",
    "EndpointStatus",
    "ErrorDetail",
    "ErrorModel",
    "GetSourcesOutputBody",
    "GlobalGraph",
    "GraphEdge",
    "GraphEdgeData",
    "GraphNode",
    "GraphNodeData",
    "HealthOutputBody",
    "Insight",
    "InterfaceEndpoint",
    "InterfaceInfo",
    "K8sDiagnostics",
    "ListRemoteVersionsInputBody",
    "ListRemoteVersionsOutputBody",
    "LiveServices",
    "LocalDiagnostics",
    "MetricsOutputBody",
    "OCIDiagnostics",
    "ObservedRuntime",
    "PerSourceServices",
    "PolicyInfo",
    "PortsInfo",
    "Ref",
    "RefreshOutputBody",
    "ResolveRefInputBody",
    "ResourcesInfo",
    "RuntimeDiffRow",
    "RuntimeInfo",
    "SbomChange",
    "SbomDiff",
    "ScalingInfo",
    "SchemaProperty",
    "Service",
    "ServiceDetails",
    "ServiceListEntry",
    "ServiceSourceData",
    "SourceDiagnostics",
    "SourceInfo",
    "ValidationInfo",
    "ValidationIssue",
    "Version",
]

SourceType = Literal["local", "oci", "k8s"]
ContractStatus = Literal["Compliant", "Warning", "NonCompliant", "Unknown", "Reference"]
ComplianceStatus = Literal["OK", "WARNING", "ERROR", "REFERENCE"]
Classification = Literal["NON_BREAKING", "POTENTIAL_BREAKING", "BREAKING"]
NAME_MAX_LENGTH = 255


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=to_camel, frozen=True)


class ErrorDetail(_Model):
    message: str
    location: str = ""
    value: Any = None


class ErrorModel(_Model):
    """An RFC 9457 problem (``application/problem+json``)."""

    title: str
    status: int
    detail: str = ""
    errors: list[ErrorDetail] | None = None


class Service(_Model):
    """The summary of a service (§3.2)."""

    name: str
    version: str
    owner: str | None = None
    contract_status: ContractStatus
    source: SourceType | Literal[""]
    sources: list[SourceType] | None = None


class ServiceListEntry(Service):
    namespace: str | None = None
    blast_radius: int | None = None
    dependency_count: int | None = None
    checks_passed: int
    checks_total: int
    checks_failed: int
    compliance_status: ComplianceStatus | Literal[""]
    compliance_score: int | None
    compliance_errors: int
    compliance_warnings: int
    top_insight: str | None = None
    update_available: bool | None = None


class InterfaceEndpoint(_Model):
    method: str
    path: str
    summary: str | None = None


class InterfaceInfo(_Model):
    name: str
    type: str
    port: int | None = None
    visibility: str | None = None
    has_contract_file: bool | None = None
    contract_file: str | None = None
    contract_content: str | None = None
    endpoints: list[InterfaceEndpoint] | None = None


class ConfigValue(_Model):
    key: str
    value: str
    type: str


class SchemaProperty(_Model):
    """One leaf property of the configuration JSON Schema (nested keys dot-joined)."""

    key: str
    value: str = Field(description="The schema's default as text; `(any)` without one.")
    type: str = Field(description="The schema's `type`, or empty.")
    required: bool | None = Field(
        default=None, description="Listed in the `required` of the object declaring it."
    )
    description: str | None = None
    enum: list[Any] | None = None


class ConfigurationInfo(_Model):
    has_schema: bool
    schema_: str | None = Field(default=None, alias="schema")
    ref: str | None = None
    value_keys: list[str] | None = None
    secret_keys: list[str] | None = None
    values: list[ConfigValue] | None = None
    schema_properties: list[SchemaProperty] | None = Field(
        default=None,
        description="The properties of the schema file, also when inline values exist.",
    )


class DependencyInfo(_Model):
    name: str
    ref: str
    required: bool
    compatibility: str | None = None


class RuntimeInfo(_Model):
    workload: str
    state_type: str | None = None
    persistence_scope: str | None = None
    persistence_durability: str | None = None
    data_criticality: str | None = None
    upgrade_strategy: str | None = None
    graceful_shutdown_seconds: int | None = None
    health_interface: str | None = None
    health_path: str | None = None
    metrics_interface: str | None = None
    metrics_path: str | None = None


class ScalingInfo(_Model):
    replicas: int | None = None
    min: int | None = None
    max: int | None = None


class PolicyInfo(_Model):
    has_schema: bool
    schema_: str | None = Field(default=None, alias="schema")
    ref: str | None = None
    content: str | None = None
    values: list[ConfigValue] | None = None


class ValidationIssue(_Model):
    code: str
    path: str
    message: str


class ValidationInfo(_Model):
    valid: bool
    errors: list[ValidationIssue] | None = None
    warnings: list[ValidationIssue] | None = None


class ComplianceCounts(_Model):
    total: int
    passed: int
    failed: int
    errors: int
    warnings: int


class ComplianceInfo(_Model):
    status: ComplianceStatus
    score: int | None
    summary: ComplianceCounts | None = None


class ObservedRuntime(_Model):
    workload_kind: str | None = None
    deployment_strategy: str | None = None
    pod_management_policy: str | None = None
    termination_grace_period_seconds: int | None = None
    container_images: list[str] | None = None
    has_pvc: bool | None = Field(default=None, alias="hasPVC")
    has_empty_dir: bool | None = None
    health_probe_initial_delay_seconds: int | None = None


class RuntimeDiffRow(_Model):
    field: str
    contract_path: str | None = None
    declared_value: str
    observed_value: str
    status: Literal["match", "mismatch", "skipped", "not_applicable"]


class EndpointStatus(_Model):
    interface: str
    type: str | None = None
    url: str | None = None
    healthy: bool | None = None
    status_code: int | None = None
    latency_ms: int | None = None
    error: str | None = None
    message: str | None = None


class Condition(_Model):
    type: str
    status: str
    reason: str | None = None
    message: str | None = None
    severity: str | None = None
    last_transition_ago: str | None = None


class Insight(_Model):
    severity: str
    title: str
    description: str | None = None


class ChecksSummary(_Model):
    total: int
    passed: int
    failed: int


class ResourcesInfo(_Model):
    service_exists: bool | None = None
    workload_exists: bool | None = None


class PortsInfo(_Model):
    expected: list[int] | None = None
    observed: list[int] | None = None
    missing: list[int] | None = None
    unexpected: list[int] | None = None


class ServiceDetails(Service):
    namespace: str | None = None
    image_ref: str | None = None
    chart_ref: str | None = None
    metadata: dict[str, str] | None = None
    resolved_ref: str | None = None
    current_revision: str | None = None
    version_policy: Literal["tracking", "pinned-tag", "pinned-digest"] | None = None
    latest_available: str | None = None
    update_available: bool | None = None
    interfaces: list[InterfaceInfo] | None = None
    configuration: ConfigurationInfo | None = None
    dependencies: list[DependencyInfo] | None = None
    runtime: RuntimeInfo | None = None
    scaling: ScalingInfo | None = None
    policy: PolicyInfo | None = None
    validation: ValidationInfo | None = None
    compliance: ComplianceInfo | None = None
    observed_runtime: ObservedRuntime | None = None
    runtime_diff: list[RuntimeDiffRow] | None = None
    endpoints: list[EndpointStatus] | None = None
    conditions: list[Condition] | None = None
    insights: list[Insight] | None = None
    checks_summary: ChecksSummary | None = None
    resources: ResourcesInfo | None = None
    ports: PortsInfo | None = None
    last_updated: str | None = Field(default=None, json_schema_extra={"format": "date-time"})
    last_reconciled_at: str | None = None


class Version(_Model):
    version: str
    ref: str | None = None
    contract_hash: str | None = None
    created_at: str | None = Field(default=None, json_schema_extra={"format": "date-time"})
    source: SourceType | None = None
    classification: Classification | None = None
    is_current: bool | None = None


class Ref(_Model):
    name: str
    version: str
    source: SourceType | None = None


class DiffChange(_Model):
    path: str
    type: str
    old_value: Any = None
    new_value: Any = None
    classification: str
    reason: str | None = None


class SbomChange(_Model):
    """One package-level SBOM difference (04-sbom.md §6.2)."""

    package: str
    type: Literal["added", "removed", "modified"]
    field: Literal["package", "version", "license", "supplier"] | None = None
    old_value: str | None = None
    new_value: str | None = None
    purl: str | None = None


class SbomDiff(_Model):
    """The SBOM comparison of the two bundles (04-sbom.md §6.3); never affects the
    classification."""

    old_format: Literal["spdx", "cyclonedx"] | None = None
    new_format: Literal["spdx", "cyclonedx"] | None = None
    changes: list[SbomChange]


class DiffResult(_Model):
    from_: Ref = Field(alias="from")
    to: Ref
    classification: str
    changes: list[DiffChange]
    sbom_diff: SbomDiff | None = Field(
        default=None, description="Omitted when neither side has an SBOM or they are equal."
    )


class ServiceSourceData(_Model):
    source_type: SourceType
    service: ServiceDetails


class AggregatedService(_Model):
    name: str
    sources: list[ServiceSourceData]
    merged: ServiceDetails


class GraphEdgeData(_Model):
    target_id: str
    target_name: str
    required: bool
    compatibility: str | None = None
    resolved: bool
    type: Literal["dependency", "reference"]


class GraphNodeData(_Model):
    id: str
    service_name: str
    status: ContractStatus | Literal["external"]
    version: str | None = None
    source: SourceType | None = None
    edges: list[GraphEdgeData] | None = None


class GlobalGraph(_Model):
    nodes: list[GraphNodeData]


class GraphEdge(_Model):
    ref: str
    required: bool
    compatibility: str | None = None
    error: str | None = None
    shared: bool | None = None
    node: GraphNode | None = None


class GraphNode(_Model):
    name: str
    version: str
    ref: str | None = None
    dependencies: list[GraphEdge] | None = None


class DependencyGraph(_Model):
    root: GraphNode
    cycles: list[list[str]] | None = None
    conflicts: list[str] | None = None


class DependentInfo(_Model):
    name: str
    version: str | None = None
    contract_status: ContractStatus | None = None
    required: bool
    compatibility: str | None = None


class CrossReference(_Model):
    name: str
    ref_type: Literal["config", "policy"]
    ref: str
    contract_status: ContractStatus | None = None


class CrossReferences(_Model):
    references: list[CrossReference]
    referenced_by: list[CrossReference]


class SourceInfo(_Model):
    type: SourceType
    enabled: bool
    reason: str | None = None
    error: str | None = None


class K8sDiagnostics(_Model):
    client_configured: bool
    kubeconfig_path: str | None = None
    cluster_reachable: bool
    crd_exists: bool
    namespace: str
    all_namespaces: bool
    resource_count: int
    detected_group: str | None = None
    detected_versions: list[str] | None = None
    chosen_version: str | None = None
    resource_name: str | None = None
    error: str | None = None


class OCIDiagnostics(_Model):
    store_configured: bool
    repos: list[str] | None = None
    error: str | None = None


class CacheDiagnostics(_Model):
    cache_dir: str
    exists: bool
    oci_dir_exists: bool
    service_count: int
    version_count: int
    error: str | None = None


class LocalDiagnostics(_Model):
    dir: str
    pacto_yaml_found: bool
    found_in: str | None = None
    error: str | None = None


class SourceDiagnostics(_Model):
    k8s: K8sDiagnostics = Field(alias="k8s")
    oci: OCIDiagnostics
    cache: CacheDiagnostics
    local: LocalDiagnostics


class HealthOutputBody(_Model):
    status: Literal["ok"]
    version: str | None = None


class MetricsOutputBody(_Model):
    service_count: int
    source_count: int
    active_source_count: int


class GetSourcesOutputBody(_Model):
    sources: list[SourceInfo]
    discovering: bool


class RefreshOutputBody(_Model):
    status: Literal["ok"]


class ResolveRefInputBody(_Model):
    ref: str = Field(min_length=1, max_length=1024)
    compatibility: str = Field(default="", max_length=256)


class ListRemoteVersionsInputBody(_Model):
    ref: str = Field(min_length=1, max_length=1024)
    fetch: bool = False


class ListRemoteVersionsOutputBody(_Model):
    versions: list[str]


class LiveServices(_Model):
    service_count: int
    service_names: list[str] | None = None
    error: str | None = None


class DebugSourcesOutputBody(_Model):
    sources: list[SourceInfo]
    diagnostics: SourceDiagnostics | None = None
    live: LiveServices


class PerSourceServices(_Model):
    source_type: SourceType
    count: int
    services: list[Service] | None = None
    error: str | None = None


class AggregatedEntry(_Model):
    name: str
    merged_source: SourceType | Literal[""]
    merged_sources: list[SourceType]
    merged_contract_status: ContractStatus
    merged_version: str
    present_in_sources: list[SourceType]


class DebugServicesOutputBody(_Model):
    per_source: list[PerSourceServices]
    aggregated_list: list[AggregatedEntry]


GraphEdge.model_rebuild()
