"""Canonical JSON form of a contract (01-contract.md §6.5), key for key as the reference."""

from __future__ import annotations

from pacto.contract._model import Contract, Owner, Runtime, Scaling

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["contract_to_wire", "owner_to_wire", "runtime_to_wire", "scaling_to_wire"]


def owner_to_wire(owner: Owner) -> Any:
    """``null`` when absent, the string, or the object with its non-empty keys."""
    if owner.info is None:
        return owner.text or None
    info = owner.info
    out: dict[str, Any] = {}
    if info.team:
        out["team"] = info.team
    if info.dri:
        out["dri"] = info.dri
    if info.contacts:
        out["contacts"] = [
            {"type": c.type, "value": c.value, **({"purpose": c.purpose} if c.purpose else {})}
            for c in info.contacts
        ]
    return out


def runtime_to_wire(runtime: Runtime) -> dict[str, Any]:
    state = runtime.state
    out: dict[str, Any] = {
        "workload": runtime.workload,
        "state": {
            "type": state.type,
            "persistence": {
                "scope": state.persistence.scope,
                "durability": state.persistence.durability,
            },
            "dataCriticality": state.data_criticality,
        },
    }
    if runtime.lifecycle is not None:
        lifecycle: dict[str, Any] = {}
        if runtime.lifecycle.upgrade_strategy:
            lifecycle["upgradeStrategy"] = runtime.lifecycle.upgrade_strategy
        if runtime.lifecycle.graceful_shutdown_seconds is not None:
            lifecycle["gracefulShutdownSeconds"] = runtime.lifecycle.graceful_shutdown_seconds
        out["lifecycle"] = lifecycle
    if runtime.health is not None:
        health: dict[str, Any] = {"interface": runtime.health.interface}
        if runtime.health.path:
            health["path"] = runtime.health.path
        if runtime.health.initial_delay_seconds is not None:
            health["initialDelaySeconds"] = runtime.health.initial_delay_seconds
        out["health"] = health
    if runtime.metrics is not None:
        metrics: dict[str, Any] = {"interface": runtime.metrics.interface}
        if runtime.metrics.path:
            metrics["path"] = runtime.metrics.path
        out["metrics"] = metrics
    return out


def scaling_to_wire(scaling: Scaling) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if scaling.replicas is not None:
        out["replicas"] = scaling.replicas
    if scaling.min:
        out["min"] = scaling.min
    if scaling.max:
        out["max"] = scaling.max
    return out


def contract_to_wire(contract: Contract) -> dict[str, Any]:
    """The contract as the reference serialises it (omission rules of §6.5)."""
    service = contract.service
    service_out: dict[str, Any] = {
        "name": service.name,
        "version": service.version,
        "owner": owner_to_wire(service.owner),
    }
    if service.image is not None:
        image: dict[str, Any] = {"ref": service.image.ref}
        if service.image.private:
            image["private"] = True
        service_out["image"] = image
    if service.chart is not None:
        service_out["chart"] = {"ref": service.chart.ref, "version": service.chart.version}
    out: dict[str, Any] = {"pactoVersion": contract.pacto_version, "service": service_out}
    if contract.interfaces:
        out["interfaces"] = [
            {
                "name": i.name,
                "type": i.type,
                **({"port": i.port} if i.port is not None else {}),
                **({"visibility": i.visibility} if i.visibility else {}),
                **({"contract": i.contract} if i.contract else {}),
            }
            for i in contract.interfaces
        ]
    if contract.configurations:
        out["configurations"] = [
            {
                "name": c.name,
                **({"schema": c.schema} if c.schema else {}),
                **({"ref": c.ref} if c.ref else {}),
                **({"values": c.values} if c.values else {}),
            }
            for c in contract.configurations
        ]
    if contract.policies:
        out["policies"] = [
            {
                "name": p.name,
                **({"schema": p.schema} if p.schema else {}),
                **({"ref": p.ref} if p.ref else {}),
            }
            for p in contract.policies
        ]
    if contract.dependencies:
        out["dependencies"] = [
            {
                "name": d.name,
                "ref": d.ref,
                **({"required": True} if d.required else {}),
                "compatibility": d.compatibility,
            }
            for d in contract.dependencies
        ]
    if contract.runtime is not None:
        out["runtime"] = runtime_to_wire(contract.runtime)
    if contract.scaling is not None:
        out["scaling"] = scaling_to_wire(contract.scaling)
    if contract.metadata is not None:
        out["metadata"] = contract.metadata
    if contract.configuration is not None:
        legacy = contract.configuration
        out["configuration"] = {
            **({"schema": legacy.schema} if legacy.schema else {}),
            **({"ref": legacy.ref} if legacy.ref else {}),
            **({"values": legacy.values} if legacy.values else {}),
            **(
                {
                    "configs": [
                        {"name": c.name, "schema": c.schema, "ref": c.ref} for c in legacy.configs
                    ]
                }
                if legacy.configs
                else {}
            ),
        }
    if contract.policy is not None:
        out["policy"] = {
            **({"schema": contract.policy.schema} if contract.policy.schema else {}),
            **({"ref": contract.policy.ref} if contract.policy.ref else {}),
        }
    return out
