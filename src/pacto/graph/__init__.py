"""Dependency graphs: resolution, cycles, conflicts, rendering and graph diffs (05-graph.md).

Pure apart from the fetches it delegates to a :class:`ContractFetcher` (the port; the
application layer adapts the OCI store and the local loader to it) and the thread pool those
fetches run on. Must never import click, httpx, the OCI client, the application layer or any
other pacto package above :mod:`pacto.contract`.
"""

from pacto.graph._depref import has_explicit_tag, local_path, request_key, short_ref
from pacto.graph._diff import (
    DependencyPair,
    DiffNode,
    GraphChange,
    GraphChangeType,
    GraphDiff,
    diff_graphs,
    index_nodes_by_name,
    pair_dependencies,
    render_graph_diff_text,
)
from pacto.graph._model import (
    ContractFetcher,
    Edge,
    EdgeType,
    FetchedBundle,
    FetchSource,
    Node,
    ResolutionStats,
    ResolveOptions,
    Result,
    VersionConflict,
)
from pacto.graph._render import render_dot, render_mermaid, render_tree, tree_connectors
from pacto.graph._resolver import detect_conflicts, reference_edges, resolve
from pacto.graph.errors import DependencyFetchError, GraphError
from pacto.graph.wire import edge_to_wire, graph_diff_to_wire, node_to_wire, result_to_wire

__all__ = [
    "ContractFetcher",
    "DependencyFetchError",
    "DependencyPair",
    "DiffNode",
    "Edge",
    "EdgeType",
    "FetchSource",
    "FetchedBundle",
    "GraphChange",
    "GraphChangeType",
    "GraphDiff",
    "GraphError",
    "Node",
    "ResolutionStats",
    "ResolveOptions",
    "Result",
    "VersionConflict",
    "detect_conflicts",
    "diff_graphs",
    "edge_to_wire",
    "graph_diff_to_wire",
    "has_explicit_tag",
    "index_nodes_by_name",
    "local_path",
    "node_to_wire",
    "pair_dependencies",
    "reference_edges",
    "render_diff_tree",
    "render_dot",
    "render_graph_diff_text",
    "render_mermaid",
    "render_tree",
    "request_key",
    "resolve",
    "result_to_wire",
    "short_ref",
    "tree_connectors",
]

render_diff_tree = render_graph_diff_text
"""The spec's name (05-graph.md §8.3) for :func:`render_graph_diff_text`."""
