"""Mapping a contract bundle to the dashboard model (10-dashboard.md §6.3).

:func:`describe_bundle` validates once and returns both the list entry and the details, so a
source can memoise the pair per bundle instead of validating on every request.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pacto.contract import (
    Bundle,
    BundleFS,
    Contract,
    ContractError,
    format_go_float,
    load_yaml,
)
from pacto.dashboard.model import (
    ConfigurationInfo,
    ConfigValue,
    ContractStatus,
    DependencyInfo,
    InterfaceEndpoint,
    InterfaceInfo,
    PolicyInfo,
    RuntimeInfo,
    ScalingInfo,
    SchemaProperty,
    Service,
    ServiceDetails,
    ValidationInfo,
    ValidationIssueInfo,
)
from pacto.dashboard.naming import extract_service_name

__all__ = [
    "MAX_CONTENT_BYTES",
    "BundleView",
    "describe_bundle",
    "extract_schema_properties",
    "flatten_values",
    "format_value",
    "schema_properties",
    "service_from_contract",
    "validate_bundle",
]

log = logging.getLogger(__name__)

MAX_CONTENT_BYTES = 10_240
_TRUNCATED = "\n... (truncated)"
_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True, slots=True)
class BundleView:
    """What one bundle looks like to the dashboard: list entry and details (same status)."""

    service: Service
    details: ServiceDetails


def service_from_contract(contract: Contract, source: str) -> Service:
    identity = contract.service
    return Service(
        name=identity.name,
        version=identity.version,
        owner=identity.owner.display(),
        contract_status=ContractStatus.UNKNOWN,
        source=source,
    )


def validate_bundle(bundle: Bundle) -> ValidationInfo | None:
    """All four validation layers; ``None`` when the bundle has no raw YAML to validate."""
    if not bundle.raw_yaml:
        return None
    from pacto.validation import validate

    try:
        result = validate(bundle.contract, bundle.raw_yaml, bundle.fs)
    except Exception as exc:  # validation must never take the dashboard down
        log.warning("validation failed unexpectedly name=%s error=%s", bundle.origin, exc)
        issue = ValidationIssueInfo(code="VALIDATION_FAILED", path="", message=str(exc))
        return ValidationInfo(valid=False, errors=(issue,))

    def issues(items: Any) -> tuple[ValidationIssueInfo, ...]:
        return tuple(
            ValidationIssueInfo(code=i.code, path=i.path, message=i.message) for i in items
        )

    return ValidationInfo(
        valid=result.is_valid(), errors=issues(result.errors), warnings=issues(result.warnings)
    )


def describe_bundle(bundle: Bundle, source: str) -> BundleView:
    """The list entry and the details of ``bundle`` as seen by ``source``."""
    validation = validate_bundle(bundle)
    details = _details(bundle, source, validation)
    return BundleView(service=details.summary(), details=details)


def _read(fs: BundleFS | None, path: str) -> bytes | None:
    if fs is None or not path:
        return None
    try:
        return fs.read_bytes(path) if fs.is_file(path) else None
    except (OSError, ValueError):
        return None


def _truncate(data: bytes) -> str:
    if len(data) > MAX_CONTENT_BYTES:
        return data[:MAX_CONTENT_BYTES].decode("utf-8", errors="ignore") + _TRUNCATED
    return data.decode("utf-8", errors="replace")


def _parse_document(data: bytes, path: str) -> Any:
    try:
        if path.endswith(".json"):
            return json.loads(data)
        return load_yaml(data, name=path, empty_ok=True)
    except (ValueError, ContractError, RecursionError):
        return None


def _openapi_endpoints(document: Any) -> tuple[InterfaceEndpoint, ...]:
    if not isinstance(document, dict):
        return ()
    if "openapi" not in document and "swagger" not in document:
        return ()
    paths = document.get("paths")
    if not isinstance(paths, dict):
        return ()
    endpoints = []
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for method in _HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                summary = operation.get("summary")
                endpoints.append(
                    InterfaceEndpoint(
                        method=method.upper(),
                        path=str(path),
                        summary=summary if isinstance(summary, str) else "",
                    )
                )
    return tuple(endpoints)


def _interfaces(contract: Contract, fs: BundleFS | None) -> tuple[InterfaceInfo, ...]:
    out = []
    for interface in contract.interfaces:
        endpoints: tuple[InterfaceEndpoint, ...] = ()
        content = ""
        data = _read(fs, interface.contract)
        if data is not None:
            endpoints = _openapi_endpoints(_parse_document(data, interface.contract))
            if not endpoints:
                content = _truncate(data)
        out.append(
            InterfaceInfo(
                name=interface.name,
                type=interface.type,
                port=interface.port,
                visibility=interface.visibility,
                has_contract_file=interface.contract != "",
                contract_file=interface.contract,
                contract_content=content,
                endpoints=endpoints,
            )
        )
    return tuple(out)


def format_value(value: Any) -> tuple[str, str]:
    """``(value text, type)`` of one configuration value (§6.3 flattening table)."""
    if value is None:
        return "(any)", "any"
    if isinstance(value, bool):
        return ("true" if value else "false"), "boolean"
    if isinstance(value, int):
        return str(value), "number"
    if isinstance(value, float):
        return format_go_float(value), "number"
    if isinstance(value, str):
        return value, "string"
    # Beyond the reference: lists and maps as compact JSON, not Go's map[a:1].
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str), "object"


def flatten_values(values: Mapping[str, Any]) -> tuple[ConfigValue, ...]:
    out = []
    for key in sorted(values):
        text, kind = format_value(values[key])
        out.append(ConfigValue(key=str(key), value=text, type=kind))
    return tuple(out)


def _walk_properties(
    properties: Any, required: Any, prefix: str, out: list[SchemaProperty], depth: int
) -> None:
    if not isinstance(properties, dict) or depth > 32:
        return
    names = {str(r) for r in required} if isinstance(required, list) else set()
    for key in sorted(properties, key=str):
        prop = properties[key]
        if not isinstance(prop, dict):
            continue
        full = f"{prefix}{key}"
        kind = prop.get("type")
        if kind == "object" and isinstance(prop.get("properties"), dict):
            _walk_properties(prop["properties"], prop.get("required"), f"{full}.", out, depth + 1)
            continue
        value = format_value(prop["default"])[0] if "default" in prop else "(any)"
        description = prop.get("description")
        enum = prop.get("enum")
        out.append(
            SchemaProperty(
                key=full,
                value=value,
                type=kind if isinstance(kind, str) else "",
                required=str(key) in names,
                description=description if isinstance(description, str) else "",
                enum=tuple(enum) if isinstance(enum, list) else (),
            )
        )


def schema_properties(fs: BundleFS | None, path: str) -> tuple[SchemaProperty, ...]:
    """Leaf properties of a JSON Schema file, dot-joined in sorted key order, with their
    defaults (§6.3), and whether they are required, their description and their ``enum``."""
    data = _read(fs, path)
    if data is None:
        return ()
    document = _parse_document(data, path)
    if not isinstance(document, dict):
        return ()
    out: list[SchemaProperty] = []
    _walk_properties(document.get("properties"), document.get("required"), "", out, 0)
    return tuple(out)


def extract_schema_properties(fs: BundleFS | None, path: str) -> tuple[ConfigValue, ...]:
    """Leaf properties of a JSON Schema file as ``{key, value, type}`` rows (§6.3)."""
    return tuple(
        ConfigValue(key=p.key, value=p.value, type=p.type) for p in schema_properties(fs, path)
    )


def _configuration(contract: Contract, fs: BundleFS | None) -> ConfigurationInfo | None:
    configurations = contract.effective_configurations()
    if not configurations:
        return None
    config = configurations[0]
    values: tuple[ConfigValue, ...] = ()
    keys: tuple[str, ...] = ()
    properties = schema_properties(fs, config.schema) if config.schema else ()
    if config.values:
        values = flatten_values(config.values)
        keys = tuple(sorted(str(k) for k in config.values))
    else:
        values = tuple(ConfigValue(key=p.key, value=p.value, type=p.type) for p in properties)
    return ConfigurationInfo(
        has_schema=config.schema != "",
        schema=config.schema,
        ref=config.ref,
        value_keys=keys,
        values=values,
        schema_properties=properties,
    )


def _policy(contract: Contract, fs: BundleFS | None) -> PolicyInfo | None:
    policies = contract.effective_policies()
    if not policies:
        return None
    policy = policies[0]
    content = ""
    values: tuple[ConfigValue, ...] = ()
    data = _read(fs, policy.ref)
    if data is not None:
        content = _truncate(data)
        values = extract_schema_properties(fs, policy.ref)
        if not values:
            document = _parse_document(data, policy.ref)
            if isinstance(document, dict):
                values = flatten_values({str(k): v for k, v in document.items()})
    if not values and policy.schema:
        values = extract_schema_properties(fs, policy.schema)
    return PolicyInfo(
        has_schema=policy.schema != "",
        schema=policy.schema,
        ref=policy.ref,
        content=content,
        values=values,
    )


def _runtime(contract: Contract) -> RuntimeInfo | None:
    runtime = contract.runtime
    if runtime is None:
        return None
    lifecycle, health, metrics = runtime.lifecycle, runtime.health, runtime.metrics
    return RuntimeInfo(
        workload=runtime.workload,
        state_type=runtime.state.type,
        persistence_scope=runtime.state.persistence.scope,
        persistence_durability=runtime.state.persistence.durability,
        data_criticality=runtime.state.data_criticality,
        upgrade_strategy=lifecycle.upgrade_strategy if lifecycle else "",
        graceful_shutdown_seconds=lifecycle.graceful_shutdown_seconds if lifecycle else None,
        health_interface=health.interface if health else "",
        health_path=health.path if health else "",
        metrics_interface=metrics.interface if metrics else "",
        metrics_path=metrics.path if metrics else "",
    )


def _scaling(contract: Contract) -> ScalingInfo | None:
    scaling = contract.scaling
    if scaling is None:
        return None
    return ScalingInfo(
        replicas=scaling.replicas,
        min=scaling.min if scaling.min > 0 else None,
        max=scaling.max if scaling.max > 0 else None,
    )


def _details(bundle: Bundle, source: str, validation: ValidationInfo | None) -> ServiceDetails:
    contract, fs = bundle.contract, bundle.fs
    identity = contract.service
    status = ContractStatus.UNKNOWN
    if validation is not None:
        status = ContractStatus.COMPLIANT if validation.valid else ContractStatus.NON_COMPLIANT
    metadata = {str(k): v for k, v in (contract.metadata or {}).items() if isinstance(v, str)}
    return ServiceDetails(
        name=identity.name,
        version=identity.version,
        owner=identity.owner.display(),
        contract_status=status,
        source=source,
        image_ref=identity.image.ref if identity.image else "",
        chart_ref=identity.chart.ref if identity.chart else "",
        metadata=metadata,
        interfaces=_interfaces(contract, fs),
        configuration=_configuration(contract, fs),
        dependencies=tuple(
            DependencyInfo(
                name=extract_service_name(d.ref),
                ref=d.ref,
                required=d.required,
                compatibility=d.compatibility,
            )
            for d in contract.dependencies
        ),
        runtime=_runtime(contract),
        scaling=_scaling(contract),
        policy=_policy(contract, fs),
        validation=validation,
    )
