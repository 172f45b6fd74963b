"""Wire names of the dashboard API (10-dashboard.md §3), spelled out key by key.

Every ``*_to_wire`` returns plain JSON data in the reference's key order. "Omitted when empty"
keys are left out when the value is the zero value; "always present" keys are always written.
Lists that the reference writes as ``null`` when nothing was found are written as ``[]``
(§3.11 "beyond the reference"; clients treat both alike). :func:`encode` is the one encoder.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from pacto.dashboard.model import (
    AggregatedService,
    CacheDiagnostics,
    ComplianceInfo,
    Condition,
    ConfigurationInfo,
    ConfigValue,
    CrossReference,
    CrossReferences,
    DependencyGraph,
    DependencyInfo,
    DependentInfo,
    DiffChange,
    DiffResult,
    EndpointStatus,
    GraphEdge,
    GraphEdgeData,
    GraphNode,
    GraphNodeData,
    Insight,
    InterfaceInfo,
    K8sDiagnostics,
    LocalDiagnostics,
    ObservedRuntime,
    OCIDiagnostics,
    PolicyInfo,
    Ref,
    RuntimeDiffRow,
    RuntimeInfo,
    SchemaProperty,
    Service,
    ServiceDetails,
    ServiceListEntry,
    SourceDiagnostics,
    SourceInfo,
    ValidationIssueInfo,
    Version,
)
from pacto.sbom.wire import sbom_diff_to_wire

__all__ = [
    "aggregated_to_wire",
    "cross_references_to_wire",
    "dependency_graph_to_wire",
    "dependent_to_wire",
    "diagnostics_to_wire",
    "diff_result_to_wire",
    "encode",
    "format_timestamp",
    "global_graph_to_wire",
    "list_entry_to_wire",
    "service_details_to_wire",
    "service_to_wire",
    "source_info_to_wire",
    "version_to_wire",
]


def encode(data: Any) -> bytes:
    """Compact JSON followed by a newline, UTF-8 (the reference's API encoding, §3.11)."""
    # ``default=str``: diff values come from user documents and may hold dates or other
    # scalars JSON has no type for; they are shown as text rather than failing the request.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return (text + "\n").encode()


def format_timestamp(value: datetime) -> str:
    """RFC 3339; UTC is written with ``Z``."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    """Set ``key`` unless ``value`` is the zero value (omitted-when-empty keys)."""
    if value is None or value is False or value == "" or value == () or value == []:
        return
    if isinstance(value, dict) and not value:
        return
    if isinstance(value, int) and not isinstance(value, bool) and value == 0:
        return
    out[key] = value


def _list(items: Iterable[Any], convert: Any) -> list[Any]:
    return [convert(item) for item in items]


def service_to_wire(service: Service) -> dict[str, Any]:
    out: dict[str, Any] = {"name": service.name, "version": service.version}
    _put(out, "owner", service.owner)
    out["contractStatus"] = str(service.contract_status)
    out["source"] = service.source
    _put(out, "sources", list(service.sources))
    return out


def list_entry_to_wire(entry: ServiceListEntry) -> dict[str, Any]:
    out = service_to_wire(entry.service)
    _put(out, "namespace", entry.namespace)
    _put(out, "blastRadius", entry.blast_radius)
    _put(out, "dependencyCount", entry.dependency_count)
    out["checksPassed"] = entry.checks_passed
    out["checksTotal"] = entry.checks_total
    out["checksFailed"] = entry.checks_failed
    out["complianceStatus"] = entry.compliance_status
    out["complianceScore"] = entry.compliance_score
    out["complianceErrors"] = entry.compliance_errors
    out["complianceWarnings"] = entry.compliance_warnings
    _put(out, "topInsight", entry.top_insight)
    _put(out, "updateAvailable", entry.update_available)
    return out


def _config_value(value: ConfigValue) -> dict[str, Any]:
    return {"key": value.key, "value": value.value, "type": value.type}


def _schema_property(prop: SchemaProperty) -> dict[str, Any]:
    """``key, value, type`` (as a ConfigValue), then ``required?, description?, enum?``."""
    out: dict[str, Any] = {"key": prop.key, "value": prop.value, "type": prop.type}
    _put(out, "required", prop.required)
    _put(out, "description", prop.description)
    _put(out, "enum", list(prop.enum))
    return out


def _interface(info: InterfaceInfo) -> dict[str, Any]:
    out: dict[str, Any] = {"name": info.name, "type": info.type}
    if info.port is not None:
        out["port"] = info.port
    _put(out, "visibility", info.visibility)
    _put(out, "hasContractFile", info.has_contract_file)
    _put(out, "contractFile", info.contract_file)
    _put(out, "contractContent", info.contract_content)
    endpoints = []
    for endpoint in info.endpoints:
        item = {"method": endpoint.method, "path": endpoint.path}
        _put(item, "summary", endpoint.summary)
        endpoints.append(item)
    _put(out, "endpoints", endpoints)
    return out


def _configuration(info: ConfigurationInfo) -> dict[str, Any]:
    out: dict[str, Any] = {"hasSchema": info.has_schema}
    _put(out, "schema", info.schema)
    _put(out, "ref", info.ref)
    _put(out, "valueKeys", list(info.value_keys))
    _put(out, "secretKeys", list(info.secret_keys))
    _put(out, "values", _list(info.values, _config_value))
    _put(out, "schemaProperties", _list(info.schema_properties, _schema_property))
    return out


def _dependency(info: DependencyInfo) -> dict[str, Any]:
    out: dict[str, Any] = {"name": info.name, "ref": info.ref, "required": info.required}
    _put(out, "compatibility", info.compatibility)
    return out


def _runtime(info: RuntimeInfo) -> dict[str, Any]:
    out: dict[str, Any] = {"workload": info.workload}
    _put(out, "stateType", info.state_type)
    _put(out, "persistenceScope", info.persistence_scope)
    _put(out, "persistenceDurability", info.persistence_durability)
    _put(out, "dataCriticality", info.data_criticality)
    _put(out, "upgradeStrategy", info.upgrade_strategy)
    if info.graceful_shutdown_seconds is not None:
        out["gracefulShutdownSeconds"] = info.graceful_shutdown_seconds
    _put(out, "healthInterface", info.health_interface)
    _put(out, "healthPath", info.health_path)
    _put(out, "metricsInterface", info.metrics_interface)
    _put(out, "metricsPath", info.metrics_path)
    return out


def _policy(info: PolicyInfo) -> dict[str, Any]:
    out: dict[str, Any] = {"hasSchema": info.has_schema}
    _put(out, "schema", info.schema)
    _put(out, "ref", info.ref)
    _put(out, "content", info.content)
    _put(out, "values", _list(info.values, _config_value))
    return out


def _issue(issue: ValidationIssueInfo) -> dict[str, Any]:
    return {"code": issue.code, "path": issue.path, "message": issue.message}


def compliance_to_wire(info: ComplianceInfo) -> dict[str, Any]:
    out: dict[str, Any] = {"status": str(info.status), "score": info.score}
    if info.summary is not None:
        s = info.summary
        out["summary"] = {
            "total": s.total,
            "passed": s.passed,
            "failed": s.failed,
            "errors": s.errors,
            "warnings": s.warnings,
        }
    return out


def _observed(info: ObservedRuntime) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _put(out, "workloadKind", info.workload_kind)
    _put(out, "deploymentStrategy", info.deployment_strategy)
    _put(out, "podManagementPolicy", info.pod_management_policy)
    if info.termination_grace_period_seconds is not None:
        out["terminationGracePeriodSeconds"] = info.termination_grace_period_seconds
    _put(out, "containerImages", list(info.container_images))
    if info.has_pvc is not None:
        out["hasPVC"] = info.has_pvc
    if info.has_empty_dir is not None:
        out["hasEmptyDir"] = info.has_empty_dir
    if info.health_probe_initial_delay_seconds is not None:
        out["healthProbeInitialDelaySeconds"] = info.health_probe_initial_delay_seconds
    return out


def _runtime_diff(row: RuntimeDiffRow) -> dict[str, Any]:
    out: dict[str, Any] = {"field": row.field}
    _put(out, "contractPath", row.contract_path)
    out["declaredValue"] = row.declared_value
    out["observedValue"] = row.observed_value
    out["status"] = row.status
    return out


def _endpoint(info: EndpointStatus) -> dict[str, Any]:
    out: dict[str, Any] = {"interface": info.interface}
    _put(out, "type", info.type)
    _put(out, "url", info.url)
    if info.healthy is not None:
        out["healthy"] = info.healthy
    if info.status_code is not None:
        out["statusCode"] = info.status_code
    if info.latency_ms is not None:
        out["latencyMs"] = info.latency_ms
    _put(out, "error", info.error)
    _put(out, "message", info.message)
    return out


def _condition(info: Condition) -> dict[str, Any]:
    out: dict[str, Any] = {"type": info.type, "status": info.status}
    _put(out, "reason", info.reason)
    _put(out, "message", info.message)
    _put(out, "severity", info.severity)
    _put(out, "lastTransitionAgo", info.last_transition_ago)
    return out


def _insight(info: Insight) -> dict[str, Any]:
    out: dict[str, Any] = {"severity": info.severity, "title": info.title}
    _put(out, "description", info.description)
    return out


def service_details_to_wire(details: ServiceDetails) -> dict[str, Any]:
    out = service_to_wire(details.summary())
    _put(out, "namespace", details.namespace)
    _put(out, "imageRef", details.image_ref)
    _put(out, "chartRef", details.chart_ref)
    _put(out, "metadata", dict(details.metadata))
    _put(out, "resolvedRef", details.resolved_ref)
    _put(out, "currentRevision", details.current_revision)
    _put(out, "versionPolicy", details.version_policy)
    _put(out, "latestAvailable", details.latest_available)
    _put(out, "updateAvailable", details.update_available)
    _put(out, "interfaces", _list(details.interfaces, _interface))
    if details.configuration is not None:
        out["configuration"] = _configuration(details.configuration)
    _put(out, "dependencies", _list(details.dependencies, _dependency))
    if details.runtime is not None:
        out["runtime"] = _runtime(details.runtime)
    if details.scaling is not None:
        scaling: dict[str, Any] = {}
        for key, value in (
            ("replicas", details.scaling.replicas),
            ("min", details.scaling.min),
            ("max", details.scaling.max),
        ):
            if value is not None:
                scaling[key] = value
        out["scaling"] = scaling
    if details.policy is not None:
        out["policy"] = _policy(details.policy)
    if details.validation is not None:
        validation: dict[str, Any] = {"valid": details.validation.valid}
        _put(validation, "errors", _list(details.validation.errors, _issue))
        _put(validation, "warnings", _list(details.validation.warnings, _issue))
        out["validation"] = validation
    if details.compliance is not None:
        out["compliance"] = compliance_to_wire(details.compliance)
    if details.observed_runtime is not None:
        out["observedRuntime"] = _observed(details.observed_runtime)
    _put(out, "runtimeDiff", _list(details.runtime_diff, _runtime_diff))
    _put(out, "endpoints", _list(details.endpoints, _endpoint))
    _put(out, "conditions", _list(details.conditions, _condition))
    _put(out, "insights", _list(details.insights, _insight))
    if details.checks_summary is not None:
        c = details.checks_summary
        out["checksSummary"] = {"total": c.total, "passed": c.passed, "failed": c.failed}
    if details.resources is not None:
        resources: dict[str, Any] = {}
        if details.resources.service_exists is not None:
            resources["serviceExists"] = details.resources.service_exists
        if details.resources.workload_exists is not None:
            resources["workloadExists"] = details.resources.workload_exists
        out["resources"] = resources
    if details.ports is not None:
        ports: dict[str, Any] = {}
        _put(ports, "expected", list(details.ports.expected))
        _put(ports, "observed", list(details.ports.observed))
        _put(ports, "missing", list(details.ports.missing))
        _put(ports, "unexpected", list(details.ports.unexpected))
        out["ports"] = ports
    if details.last_updated is not None:
        out["lastUpdated"] = format_timestamp(details.last_updated)
    _put(out, "lastReconciledAt", details.last_reconciled_at)
    return out


def version_to_wire(version: Version) -> dict[str, Any]:
    out: dict[str, Any] = {"version": version.version}
    _put(out, "ref", version.ref)
    _put(out, "contractHash", version.contract_hash)
    if version.created_at is not None:
        out["createdAt"] = format_timestamp(version.created_at)
    _put(out, "source", version.source)
    _put(out, "classification", version.classification)
    _put(out, "isCurrent", version.is_current)
    return out


def ref_to_wire(ref: Ref) -> dict[str, Any]:
    out: dict[str, Any] = {"name": ref.name, "version": ref.version}
    _put(out, "source", ref.source)
    return out


def _change(change: DiffChange) -> dict[str, Any]:
    out: dict[str, Any] = {"path": change.path, "type": change.type}
    if change.old_value is not None:
        out["oldValue"] = change.old_value
    if change.new_value is not None:
        out["newValue"] = change.new_value
    out["classification"] = change.classification
    _put(out, "reason", change.reason)
    return out


def diff_result_to_wire(result: DiffResult) -> dict[str, Any]:
    """``from, to, classification, changes, sbomDiff?`` (``sbomDiff`` as in ``pacto diff``'s
    JSON, 04-sbom.md §6.3; omitted when there is no SBOM change)."""
    out: dict[str, Any] = {
        "from": ref_to_wire(result.from_ref),
        "to": ref_to_wire(result.to_ref),
        "classification": result.classification,
        "changes": _list(result.changes, _change),
    }
    if result.sbom_diff is not None and result.sbom_diff.changes:
        out["sbomDiff"] = sbom_diff_to_wire(result.sbom_diff)
    return out


def aggregated_to_wire(aggregated: AggregatedService) -> dict[str, Any]:
    return {
        "name": aggregated.name,
        "sources": [
            {"sourceType": item.source_type, "service": service_details_to_wire(item.service)}
            for item in aggregated.sources
        ],
        "merged": service_details_to_wire(aggregated.merged),
    }


def _edge_data(edge: GraphEdgeData) -> dict[str, Any]:
    out: dict[str, Any] = {
        "targetId": edge.target_id,
        "targetName": edge.target_name,
        "required": edge.required,
    }
    _put(out, "compatibility", edge.compatibility)
    out["resolved"] = edge.resolved
    out["type"] = edge.type
    return out


def _node_data(node: GraphNodeData) -> dict[str, Any]:
    out: dict[str, Any] = {"id": node.id, "serviceName": node.service_name, "status": node.status}
    _put(out, "version", node.version)
    _put(out, "source", node.source)
    _put(out, "edges", _list(node.edges, _edge_data))
    return out


def global_graph_to_wire(nodes: Iterable[GraphNodeData]) -> dict[str, Any]:
    return {"nodes": _list(nodes, _node_data)}


def _graph_node(node: GraphNode) -> dict[str, Any]:
    out: dict[str, Any] = {"name": node.name, "version": node.version}
    _put(out, "ref", node.ref)
    _put(out, "dependencies", _list(node.dependencies, _graph_edge))
    return out


def _graph_edge(edge: GraphEdge) -> dict[str, Any]:
    out: dict[str, Any] = {"ref": edge.ref, "required": edge.required}
    _put(out, "compatibility", edge.compatibility)
    _put(out, "error", edge.error)
    _put(out, "shared", edge.shared)
    if edge.node is not None:
        out["node"] = _graph_node(edge.node)
    return out


def dependency_graph_to_wire(graph: DependencyGraph) -> dict[str, Any]:
    out: dict[str, Any] = {"root": _graph_node(graph.root)}
    _put(out, "cycles", [list(cycle) for cycle in graph.cycles])
    _put(out, "conflicts", list(graph.conflicts))
    return out


def dependent_to_wire(info: DependentInfo) -> dict[str, Any]:
    out: dict[str, Any] = {"name": info.name}
    _put(out, "version", info.version)
    _put(out, "contractStatus", info.contract_status)
    out["required"] = info.required
    _put(out, "compatibility", info.compatibility)
    return out


def _cross_reference(info: CrossReference) -> dict[str, Any]:
    out: dict[str, Any] = {"name": info.name, "refType": info.ref_type, "ref": info.ref}
    _put(out, "contractStatus", info.contract_status)
    return out


def cross_references_to_wire(refs: CrossReferences) -> dict[str, Any]:
    return {
        "references": _list(refs.references, _cross_reference),
        "referencedBy": _list(refs.referenced_by, _cross_reference),
    }


def source_info_to_wire(info: SourceInfo) -> dict[str, Any]:
    out: dict[str, Any] = {"type": info.type, "enabled": info.enabled}
    _put(out, "reason", info.reason)
    _put(out, "error", info.error)
    return out


def _k8s_diagnostics(d: K8sDiagnostics) -> dict[str, Any]:
    out: dict[str, Any] = {"clientConfigured": d.client_configured}
    _put(out, "kubeconfigPath", d.kubeconfig_path)
    out["clusterReachable"] = d.cluster_reachable
    out["crdExists"] = d.crd_exists
    out["namespace"] = d.namespace
    out["allNamespaces"] = d.all_namespaces
    out["resourceCount"] = d.resource_count
    _put(out, "detectedGroup", d.detected_group)
    _put(out, "detectedVersions", list(d.detected_versions))
    _put(out, "chosenVersion", d.chosen_version)
    _put(out, "resourceName", d.resource_name)
    _put(out, "error", d.error)
    return out


def _oci_diagnostics(d: OCIDiagnostics) -> dict[str, Any]:
    out: dict[str, Any] = {"storeConfigured": d.store_configured}
    _put(out, "repos", list(d.repos))
    _put(out, "error", d.error)
    return out


def _cache_diagnostics(d: CacheDiagnostics) -> dict[str, Any]:
    out: dict[str, Any] = {
        "cacheDir": d.cache_dir,
        "exists": d.exists,
        "ociDirExists": d.oci_dir_exists,
        "serviceCount": d.service_count,
        "versionCount": d.version_count,
    }
    _put(out, "error", d.error)
    return out


def _local_diagnostics(d: LocalDiagnostics) -> dict[str, Any]:
    out: dict[str, Any] = {"dir": d.dir, "pactoYamlFound": d.pacto_yaml_found}
    _put(out, "foundIn", d.found_in)
    _put(out, "error", d.error)
    return out


def diagnostics_to_wire(d: SourceDiagnostics) -> dict[str, Any]:
    return {
        "k8s": _k8s_diagnostics(d.k8s),
        "oci": _oci_diagnostics(d.oci),
        "cache": _cache_diagnostics(d.cache),
        "local": _local_diagnostics(d.local),
    }
