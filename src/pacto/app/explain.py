"""``pacto explain``: a summary of a contract (08-cli.md §3.8)."""

from __future__ import annotations

from pacto._record import Record, field
from pacto.app._load import load_bundle
from pacto.contract import Contract
from pacto.contract.wire import owner_to_wire, scaling_to_wire
from pacto.override import Overrides

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from typing import Any

    from pacto.app._ports import BundleStore

__all__ = ["ExplainOptions", "ExplainResult", "run"]


class ExplainOptions(Record):
    path: str = "."
    overrides: Overrides = field(default_factory=Overrides)


class ExplainResult(Record):
    contract: Contract

    def to_wire(self) -> dict[str, Any]:
        """camelCase keys in the reference's field order."""
        contract = self.contract
        runtime = contract.runtime
        out: dict[str, Any] = {
            "name": contract.service.name,
            "version": contract.service.version,
            "owner": owner_to_wire(contract.service.owner),
            "pactoVersion": contract.pacto_version,
            "runtime": {
                "workloadType": runtime.workload if runtime else "",
                "stateType": runtime.state.type if runtime else "",
                "scope": runtime.state.persistence.scope if runtime else "",
                "durability": runtime.state.persistence.durability if runtime else "",
                "dataCriticality": runtime.state.data_criticality if runtime else "",
            },
        }
        if contract.interfaces:
            out["interfaces"] = [
                {
                    "name": i.name,
                    "type": i.type,
                    **({"port": i.port} if i.port is not None else {}),
                    **({"visibility": i.visibility} if i.visibility else {}),
                }
                for i in contract.interfaces
            ]
        if contract.dependencies:
            out["dependencies"] = [
                {
                    "name": d.name,
                    "ref": d.ref,
                    "required": d.required,
                    "compatibility": d.compatibility,
                }
                for d in contract.dependencies
            ]
        if contract.scaling is not None:
            scaling = scaling_to_wire(contract.scaling)
            if contract.scaling.replicas is not None:
                scaling = {"replicas": contract.scaling.replicas}
            out["scaling"] = scaling
        if contract.metadata:
            out["metadata"] = contract.metadata
        return out


def run(store: BundleStore | None, options: ExplainOptions) -> ExplainResult:
    bundle = load_bundle(options.path, options.overrides, store)
    return ExplainResult(contract=bundle.contract)
