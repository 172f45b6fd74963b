"""The "Architecture" Mermaid diagram (09 §2.2, "1. Architecture")."""

from __future__ import annotations

from pacto.contract import Contract, Interface
from pacto.doc._format import sanitize
from pacto.doc._graph import DocGraph, all_contracts, resolved_edges

__all__ = ["dependency_name", "mermaid_diagram", "node_id"]

# Words Mermaid's flowchart grammar reserves; an id equal to one would break the diagram.
_RESERVED = frozenset({"end", "graph", "flowchart", "subgraph", "direction", "style", "class"})


def node_id(name: str) -> str:
    """``sanitize(name)``, suffixed with ``_`` when that is a Mermaid keyword or empty."""
    ident = sanitize(name)
    if not ident or ident.lower() in _RESERVED:
        ident += "_"
    return ident


def dependency_name(ref: str) -> str:
    """The last path segment of ``ref`` with its tag or digest removed."""
    name = ref.rsplit("@", 1)[0] if "@" in ref else ref
    last_slash = name.rfind("/")
    last_colon = name.rfind(":")
    if last_colon > last_slash:
        name = name[:last_colon]
    return name.rsplit("/", 1)[-1]


def mermaid_diagram(contract: Contract, graph: DocGraph | None) -> list[str]:
    """The fenced ``mermaid`` block's lines, fences included."""
    contracts = all_contracts(contract, graph)
    has_external = any(i.visibility == "public" for c in contracts for i in c.interfaces)
    lines = ["```mermaid", "graph TB"]
    if has_external:
        lines += ['  external(["External User"])', ""]
    for item in contracts:
        lines += _subgraph(item, has_external)
    if graph is not None and graph.root.dependencies:
        edges = resolved_edges(graph)
        if edges:
            lines.append("")
            lines += [f"  {node_id(a)} --> {node_id(b)}" for a, b in edges]
    elif contract.dependencies:
        lines.append("")
        source = node_id(contract.service.name)
        for dependency in contract.dependencies:
            name = dependency_name(dependency.ref)
            target = f'dep_{sanitize(name)}["{name}"]'
            if dependency.required:
                lines.append(f'  {source} -->|"required · {dependency.compatibility}"| {target}')
            else:
                lines.append(f'  {source} -.->|"optional · {dependency.compatibility}"| {target}')
    lines.append("```")
    return lines


def _subgraph(contract: Contract, has_external: bool) -> list[str]:
    service = contract.service
    ident = node_id(service.name)
    lines = [f'  subgraph {ident}["{service.name} v{service.version}"]', "    direction TB"]
    if contract.runtime is not None:
        lines.append(f'    {ident}_state[("{_state_label(contract)}")]')
    for interface in contract.interfaces:
        label = _interface_label(interface, contract)
        lines.append(f'    {ident}_iface_{sanitize(interface.name)}["{label}"]')
    if contract.runtime is None and not contract.interfaces:
        lines.append(f'    {ident}_info["{service.name}"]')
    lines += ["  end", ""]
    if has_external:
        lines += [
            f"  external --> {ident}_iface_{sanitize(i.name)}"
            for i in contract.interfaces
            if i.visibility == "public"
        ]
    return lines


def _state_label(contract: Contract) -> str:
    assert contract.runtime is not None
    state = contract.runtime.state
    label = f"{state.type} · {state.data_criticality} criticality"
    if state.persistence.scope:
        label += f" · {state.persistence.scope} {state.persistence.durability}"
    scaling = contract.scaling
    if scaling is not None:
        if scaling.replicas is not None:
            label += f" · {scaling.replicas} replicas"
        else:
            label += f" · {scaling.min}\u2013{scaling.max} replicas"
    return label


def _interface_label(interface: Interface, contract: Contract) -> str:
    label = f"{interface.name}<br/>{interface.type}"
    if interface.port is not None:
        label += f" :{interface.port}"
    if interface.visibility:
        label += f"<br/>{interface.visibility}"
    runtime = contract.runtime
    health = runtime.health if runtime is not None else None
    if health is not None and health.interface == interface.name:
        label += "<br/>\u2665 health"
    metrics = runtime.metrics if runtime is not None else None
    if metrics is not None and metrics.interface == interface.name:
        label += "<br/>\U0001f4ca metrics"
    return label
