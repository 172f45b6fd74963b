"""JSON shapes of the graph package (05-graph.md §2, §8.2), key for key as the reference.

Keys are spelled out here, never derived from attribute names; optional keys are omitted when
empty exactly where the reference's ``omitempty`` omits them.
"""

from __future__ import annotations

from typing import Any

from pacto.graph._diff import DiffNode, GraphChange, GraphDiff
from pacto.graph._model import Edge, Node, Result

__all__ = ["edge_to_wire", "graph_diff_to_wire", "node_to_wire", "result_to_wire"]


def node_to_wire(node: Node) -> dict[str, Any]:
    """``{name, version, ref?, local?, dependencies?}``; bundle and identity stay in memory."""
    out: dict[str, Any] = {"name": node.name, "version": node.version}
    if node.ref:
        out["ref"] = node.ref
    if node.is_local:
        out["local"] = True
    if node.dependencies:
        out["dependencies"] = [edge_to_wire(edge) for edge in node.dependencies]
    return out


def edge_to_wire(edge: Edge) -> dict[str, Any]:
    """``{ref, required, compatibility, type, node?, error?, shared?, local?}``."""
    out: dict[str, Any] = {
        "ref": edge.ref,
        "required": edge.required,
        "compatibility": edge.compatibility,
        "type": str(edge.type),
    }
    if edge.node is not None:
        out["node"] = node_to_wire(edge.node)
    if edge.error:
        out["error"] = edge.error
    if edge.is_shared:
        out["shared"] = True
    if edge.is_local:
        out["local"] = True
    return out


def result_to_wire(result: Result) -> dict[str, Any]:
    """``{root, cycles?, conflicts?}``: what ``pacto graph --output-format json`` prints."""
    out: dict[str, Any] = {"root": node_to_wire(result.root)}
    if result.cycles:
        out["cycles"] = [list(cycle) for cycle in result.cycles]
    if result.conflicts:
        out["conflicts"] = [
            {"name": conflict.name, "versions": list(conflict.versions)}
            for conflict in result.conflicts
        ]
    return out


def _change_to_wire(change: GraphChange) -> dict[str, Any]:
    out: dict[str, Any] = {"name": change.name, "changeType": str(change.change_type)}
    if change.old_version:
        out["oldVersion"] = change.old_version
    if change.new_version:
        out["newVersion"] = change.new_version
    return out


def _diff_node_to_wire(node: DiffNode) -> dict[str, Any]:
    out: dict[str, Any] = {"name": node.name}
    if node.version:
        out["version"] = node.version
    if node.change is not None:
        out["change"] = _change_to_wire(node.change)
    if node.children:
        out["children"] = [_diff_node_to_wire(child) for child in node.children]
    return out


def graph_diff_to_wire(graph_diff: GraphDiff) -> dict[str, Any]:
    """``{root, changes?}``: ``graphDiff`` in ``pacto diff``'s JSON (03-diff.md §10.1)."""
    out: dict[str, Any] = {"root": _diff_node_to_wire(graph_diff.root)}
    if graph_diff.changes:
        out["changes"] = [_change_to_wire(change) for change in graph_diff.changes]
    return out
