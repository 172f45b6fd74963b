"""Relationships between indexed services (10-dashboard.md §8.2-§8.7): ref aliases, blast
radius, the global graph, per-service graphs, dependents and cross-references. Pure."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pacto.dashboard.model import (
    CrossReference,
    CrossReferences,
    DependencyGraph,
    DependentInfo,
    GraphEdge,
    GraphEdgeData,
    GraphNode,
    GraphNodeData,
    Service,
    ServiceDetails,
)
from pacto.dashboard.naming import extract_service_name

__all__ = [
    "NameResolver",
    "blast_radii",
    "build_dependency_graph",
    "build_global_graph",
    "build_ref_aliases",
    "cross_references",
    "find_dependents",
]

_SUFFIX = "-pacto"


def build_ref_aliases(index: Mapping[str, ServiceDetails]) -> dict[str, str]:
    """``alias → service name`` from image and chart refs (``orders-pacto → orders``)."""
    aliases: dict[str, str] = {}
    for name, details in index.items():
        for ref in (details.image_ref, details.chart_ref):
            if ref:
                alias = extract_service_name(ref)
                if alias and alias != name:
                    aliases[alias] = name
    return aliases


@dataclass(frozen=True, slots=True)
class NameResolver:
    """Maps a dependency's extracted name to an indexed service name (§8.2)."""

    names: frozenset[str]
    aliases: Mapping[str, str]

    def resolve(self, name: str) -> str:
        if name in self.names:
            return name
        if name in self.aliases:
            return self.aliases[name]
        stripped = name.removesuffix(_SUFFIX)
        if name.endswith(_SUFFIX) and stripped in self.names:
            return stripped
        return name

    def resolve_ref(self, ref: str) -> str:
        return self.resolve(extract_service_name(ref))

    def ref_matches(self, ref: str, target: str) -> bool:
        """``dep_ref_matches_name``: the extracted name, its alias or its stripped form."""
        name = extract_service_name(ref)
        return (
            name == target
            or self.aliases.get(name) == target
            or (name.endswith(_SUFFIX) and name.removesuffix(_SUFFIX) == target)
        )


def blast_radii(index: Mapping[str, ServiceDetails], names: NameResolver) -> dict[str, int]:
    """For every service, how many services transitively require it (BFS over required
    reverse edges; optional dependencies and config/policy refs do not count)."""
    reverse: dict[str, set[str]] = {}
    for name, details in index.items():
        for dep in details.dependencies:
            if dep.required:
                reverse.setdefault(names.resolve_ref(dep.ref), set()).add(name)
    result: dict[str, int] = {}
    for target in index:
        seen = {target}
        queue = deque([target])
        while queue:
            for dependent in reverse.get(queue.popleft(), ()):
                if dependent not in seen:
                    seen.add(dependent)
                    queue.append(dependent)
        result[target] = len(seen) - 1
    return result


def build_global_graph(
    services: Sequence[Service], index: Mapping[str, ServiceDetails], names: NameResolver
) -> list[GraphNodeData]:
    """One node per service (list order) plus ``external`` nodes for unresolved targets,
    each appended before the node that first mentions it; ids are unique (beyond the
    reference)."""
    nodes: list[GraphNodeData] = []
    ids: set[str] = set()
    listed = {s.name for s in services}

    def external(target: str) -> None:
        if target not in ids and target not in listed:
            ids.add(target)
            nodes.append(GraphNodeData(id=target, service_name=target, status="external"))

    for service in services:
        details = index.get(service.name)
        edges: list[GraphEdgeData] = []
        if details is not None:
            for dep in details.dependencies:
                target = names.resolve_ref(dep.ref)
                resolved = target in index
                edges.append(
                    GraphEdgeData(
                        target_id=target,
                        target_name=target,
                        required=dep.required,
                        compatibility=dep.compatibility,
                        resolved=resolved,
                        type="dependency",
                    )
                )
                if not resolved:
                    external(target)
            for ref in _reference_refs(details):
                target = names.resolve_ref(ref)
                if target == service.name:
                    continue
                resolved = target in index
                edges.append(
                    GraphEdgeData(
                        target_id=target,
                        target_name=target,
                        required=False,
                        resolved=resolved,
                        type="reference",
                    )
                )
                if not resolved:
                    external(target)
        if service.name in ids:
            # Listed services whose node was already emitted as external replace it.
            nodes = [n for n in nodes if n.id != service.name]
        ids.add(service.name)
        nodes.append(
            GraphNodeData(
                id=service.name,
                service_name=service.name,
                status=str(service.contract_status),
                version=service.version,
                source=service.source,
                edges=tuple(edges),
            )
        )
    return nodes


def _reference_refs(details: ServiceDetails) -> list[str]:
    refs = []
    if details.configuration is not None and details.configuration.ref:
        refs.append(details.configuration.ref)
    if details.policy is not None and details.policy.ref:
        refs.append(details.policy.ref)
    return refs


def build_dependency_graph(
    root: ServiceDetails, index: Mapping[str, ServiceDetails], names: NameResolver
) -> DependencyGraph:
    """Depth-first from ``root`` with one visited set: revisited nodes come back without
    edges, which ends cycles and collapses shared subtrees (§8.5)."""
    visited: set[str] = set()

    def build(details: ServiceDetails, depth: int) -> GraphNode:
        if details.name in visited or depth > 256:
            return GraphNode(name=details.name, version=details.version)
        visited.add(details.name)
        edges = []
        for dep in details.dependencies:
            target = index.get(names.resolve_ref(dep.ref))
            edges.append(
                GraphEdge(
                    ref=dep.ref,
                    required=dep.required,
                    compatibility=dep.compatibility,
                    error="" if target is not None else "not resolved",
                    node=build(target, depth + 1) if target is not None else None,
                )
            )
        return GraphNode(name=details.name, version=details.version, dependencies=tuple(edges))

    return DependencyGraph(root=build(root, 0))


def find_dependents(
    target: str, index: Mapping[str, ServiceDetails], names: NameResolver
) -> list[DependentInfo]:
    """Services with a dependency on ``target``, by name (first matching dependency)."""
    out = []
    for name in sorted(index):
        details = index[name]
        dep = next((d for d in details.dependencies if names.ref_matches(d.ref, target)), None)
        if dep is not None:
            out.append(
                DependentInfo(
                    name=name,
                    version=details.version,
                    contract_status=str(details.contract_status),
                    required=dep.required,
                    compatibility=dep.compatibility,
                )
            )
    return out


def _typed_refs(details: ServiceDetails) -> list[tuple[str, str]]:
    refs = []
    if details.configuration is not None and details.configuration.ref:
        refs.append(("config", details.configuration.ref))
    if details.policy is not None and details.policy.ref:
        refs.append(("policy", details.policy.ref))
    return refs


def cross_references(
    target: str, index: Mapping[str, ServiceDetails], names: NameResolver
) -> CrossReferences:
    """Configuration/policy references from and to ``target`` (§8.7), sorted."""
    details = index.get(target)
    if details is None:
        return CrossReferences()
    references = []
    for ref_type, ref in _typed_refs(details):
        name = names.resolve_ref(ref)
        referenced = index.get(name)
        references.append(
            CrossReference(
                name=name,
                ref_type=ref_type,
                ref=ref,
                contract_status=str(referenced.contract_status) if referenced else "",
            )
        )
    referenced_by = []
    for name in sorted(index):
        if name == target:
            continue
        other = index[name]
        for ref_type, ref in _typed_refs(other):
            if names.resolve_ref(ref) == target:
                referenced_by.append(
                    CrossReference(
                        name=name,
                        ref_type=ref_type,
                        ref=ref,
                        contract_status=str(other.contract_status),
                    )
                )
    return CrossReferences(references=tuple(references), referenced_by=tuple(referenced_by))
