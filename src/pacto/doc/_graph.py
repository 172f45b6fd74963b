"""The dependency graph as the generator sees it, and the walks it needs (09 §2.2).

The generator takes a :class:`DocGraph` (a read-only view) rather than :mod:`pacto.graph`'s
result type directly, so that it works from the contract alone when no graph was resolved, and
so that the dashboard can hand in graphs from its own sources. :func:`graph_from_result` builds
the view from a :func:`pacto.graph.resolve` result.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from pacto.contract import BundleFS, Contract
from pacto.graph import Node, Result

__all__ = [
    "DocEdge",
    "DocGraph",
    "DocNode",
    "all_contracts",
    "flat_dependency_nodes",
    "graph_from_result",
    "resolved_edges",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class DocNode:
    name: str
    version: str = ""
    contract: Contract | None = None
    fs: BundleFS | None = None
    dependencies: tuple[DocEdge, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DocEdge:
    ref: str
    node: DocNode | None = None
    """``None`` when the dependency could not be resolved."""
    shared: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class DocGraph:
    root: DocNode


def graph_from_result(result: Result) -> DocGraph:
    """The view of a :func:`pacto.graph.resolve` result."""
    return DocGraph(root=_node(result.root))


def _node(node: Node) -> DocNode:
    bundle = node.bundle
    return DocNode(
        name=node.name,
        version=node.version,
        contract=bundle.contract if bundle is not None else None,
        fs=bundle.fs if bundle is not None else None,
        dependencies=tuple(
            DocEdge(
                ref=edge.ref,
                node=_node(edge.node) if edge.node is not None else None,
                shared=edge.is_shared,
            )
            for edge in node.dependencies
        ),
    )


def all_contracts(contract: Contract, graph: DocGraph | None) -> list[Contract]:
    """The root contract and every resolved dependency, breadth-first, each service name once,
    not through shared edges. Without a graph: the root contract only."""
    if graph is None:
        return [contract]
    out: list[Contract] = []
    seen = {graph.root.name}
    queue: deque[DocNode] = deque([graph.root])
    while queue:
        node = queue.popleft()
        if node is graph.root:
            out.append(node.contract or contract)
        elif node.contract is not None:
            out.append(node.contract)
        for edge in node.dependencies:
            if edge.node is None or edge.shared or edge.node.name in seen:
                continue
            seen.add(edge.node.name)
            queue.append(edge.node)
    return out


def resolved_edges(graph: DocGraph) -> list[tuple[str, str]]:
    """(from, to) service names, depth first, each pair once, not descending shared edges."""
    pairs: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()

    def walk(node: DocNode) -> None:
        for edge in node.dependencies:
            if edge.node is None:
                continue
            pair = (node.name, edge.node.name)
            if pair in seen:
                continue
            seen.add(pair)
            pairs.append(pair)
            if not edge.shared:
                walk(edge.node)

    walk(graph.root)
    return pairs


def flat_dependency_nodes(graph: DocGraph | None) -> list[DocNode]:
    """Every resolved dependency node with a contract, depth-first discovery order, each
    service name once."""
    if graph is None:
        return []
    nodes: list[DocNode] = []
    seen: set[str] = set()

    def walk(edges: tuple[DocEdge, ...]) -> None:
        for edge in edges:
            node = edge.node
            if node is None or node.contract is None or node.name in seen:
                continue
            seen.add(node.name)
            nodes.append(node)
            walk(node.dependencies)

    walk(graph.root.dependencies)
    return nodes
