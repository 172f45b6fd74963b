"""Diffing two resolved dependency graphs (05-graph.md §8).

Nodes are matched by service **name** level by level; the walk expands each name once. The
result is a tree of :class:`DiffNode` (rendered as the "Dependency graph changes" tree of
``pacto diff``) plus the flat, name-sorted list of changes.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass

from pacto.contract import Bundle
from pacto.graph._model import Node, Result
from pacto.graph._render import tree_connectors

__all__ = [
    "DependencyPair",
    "DiffNode",
    "GraphChange",
    "GraphChangeType",
    "GraphDiff",
    "diff_graphs",
    "index_nodes_by_name",
    "pair_dependencies",
    "render_graph_diff_text",
]


class GraphChangeType(enum.StrEnum):
    """The kind of a graph change; values are the wire strings."""

    ADDED = "added"
    REMOVED = "removed"
    VERSION_CHANGED = "version_changed"


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphChange:
    """One dependency added, removed or moved to another version."""

    name: str
    change_type: GraphChangeType
    old_version: str = ""
    new_version: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class DiffNode:
    """A node of the diff tree, named and versioned after the new side (old for removals)."""

    name: str
    version: str = ""
    change: GraphChange | None = None
    children: tuple[DiffNode, ...] = ()

    def has_changes(self) -> bool:
        """True when this node or any descendant carries a change."""
        return self.change is not None or any(child.has_changes() for child in self.children)


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphDiff:
    """The diff tree and its changes (first change per name, sorted by name)."""

    root: DiffNode
    changes: tuple[GraphChange, ...] = ()


def diff_graphs(old: Result | None, new: Result | None) -> GraphDiff:
    """Compare two graphs (§8.1). A missing side marks the whole other tree added/removed.

    Edges without a node (errors, references) are ignored on both sides.
    """
    if old is None and new is None:
        return GraphDiff(root=DiffNode(name=""))
    if old is None:
        assert new is not None
        root = _mark_all(new.root, GraphChangeType.ADDED, set())
    elif new is None:
        root = _mark_all(old.root, GraphChangeType.REMOVED, set())
    else:
        root = _diff_node(old.root, new.root, _full_node_index(old.root), set())
    return GraphDiff(root=root, changes=_collect_changes(root))


def _change(node: Node, change_type: GraphChangeType) -> GraphChange:
    if change_type is GraphChangeType.ADDED:
        return GraphChange(name=node.name, change_type=change_type, new_version=node.version)
    return GraphChange(name=node.name, change_type=change_type, old_version=node.version)


def _mark_all(node: Node, change_type: GraphChangeType, visited: set[str]) -> DiffNode:
    children = []
    for edge in node.dependencies:
        child = edge.node
        if child is None:
            continue
        grandchildren: tuple[DiffNode, ...] = ()
        if not edge.is_shared and child.name not in visited:
            visited.add(child.name)
            grandchildren = _mark_all(child, change_type, visited).children
        children.append(
            DiffNode(
                name=child.name,
                version=child.version,
                change=_change(child, change_type),
                children=grandchildren,
            )
        )
    return DiffNode(name=node.name, version=node.version, children=tuple(children))


def _full_node_index(root: Node) -> dict[str, Node]:
    """Name → old node, depth-first, a node with dependencies replacing a bare earlier entry
    (shared copies have none), so recursion compares against the fully resolved node."""
    index: dict[str, Node] = {}
    pending = [root]
    while pending:
        node = pending.pop()
        previous = index.get(node.name)
        if previous is not None and previous.dependencies:
            continue
        index[node.name] = node
        pending.extend(e.node for e in reversed(node.dependencies) if e.node is not None)
    return index


def _children_by_name(node: Node) -> dict[str, Node]:
    return {e.node.name: e.node for e in node.dependencies if e.node is not None}


def _diff_node(old: Node, new: Node, old_full: dict[str, Node], visited: set[str]) -> DiffNode:
    old_children = _children_by_name(old)
    new_names = _children_by_name(new)
    children: list[DiffNode] = []
    for edge in new.dependencies:
        child = edge.node
        if child is None:
            continue
        matched = old_children.get(child.name)
        if matched is None:
            children.append(
                DiffNode(
                    name=child.name,
                    version=child.version,
                    change=_change(child, GraphChangeType.ADDED),
                )
            )
            continue
        change = None
        if matched.version != child.version:
            change = GraphChange(
                name=child.name,
                change_type=GraphChangeType.VERSION_CHANGED,
                old_version=matched.version,
                new_version=child.version,
            )
        grandchildren: tuple[DiffNode, ...] = ()
        if not edge.is_shared and child.name not in visited:
            visited.add(child.name)
            old_child = old_full.get(child.name, matched)
            grandchildren = _diff_node(old_child, child, old_full, visited).children
        children.append(
            DiffNode(name=child.name, version=child.version, change=change, children=grandchildren)
        )
    for edge in old.dependencies:
        child = edge.node
        if child is not None and child.name not in new_names:
            children.append(
                DiffNode(
                    name=child.name,
                    version=child.version,
                    change=_change(child, GraphChangeType.REMOVED),
                )
            )
    return DiffNode(name=new.name, version=new.version, children=tuple(children))


def _preorder(root: DiffNode) -> Iterator[DiffNode]:
    pending = [root]
    while pending:
        node = pending.pop()
        yield node
        pending.extend(reversed(node.children))


def _collect_changes(root: DiffNode) -> tuple[GraphChange, ...]:
    first: dict[str, GraphChange] = {}
    for node in _preorder(root):
        if node.change is not None and node.name not in first:
            first[node.name] = node.change
    return tuple(sorted(first.values(), key=lambda change: change.name))


_NAME_WIDTH = 14


def _diff_label(node: DiffNode) -> str:
    change = node.change
    if change is None:
        return node.name
    # Go's %-14s, plus at least one space after a long name (beyond the reference, §8.3).
    name = node.name.ljust(_NAME_WIDTH) if len(node.name) < _NAME_WIDTH else node.name + " "
    if change.change_type is GraphChangeType.VERSION_CHANGED:
        return f"{name}{change.old_version} → {change.new_version}"
    if change.change_type is GraphChangeType.ADDED:
        return f"{name}+{change.new_version}"
    return f"{name}-{change.old_version}"


def render_graph_diff_text(graph_diff: GraphDiff | None) -> str:
    """The diff tree of §8.3, newline-terminated; ``""`` when there are no changes.

    Only branches that contain a change are drawn; connectors are those of the graph tree.
    """
    if graph_diff is None or not graph_diff.changes:
        return ""
    lines = [graph_diff.root.name]
    stack: list[tuple[list[DiffNode], int, str]] = [
        ([c for c in graph_diff.root.children if c.has_changes()], 0, "")
    ]
    while stack:
        children, index, prefix = stack.pop()
        if index >= len(children):
            continue
        stack.append((children, index + 1, prefix))
        child = children[index]
        connector, child_prefix = tree_connectors(index == len(children) - 1)
        lines.append(f"{prefix}{connector}{_diff_label(child)}")
        relevant = [c for c in child.children if c.has_changes()]
        if relevant:
            stack.append((relevant, 0, prefix + child_prefix))
    return "\n".join(lines) + "\n"


def index_nodes_by_name(result: Result) -> dict[str, Node]:
    """Every node of a graph by service name, root included (03-diff.md §10 step 6).

    Depth-first in declaration order, first occurrence wins, except that a node carrying a
    contract always beats a shared copy that does not (beyond the reference, normative for us).
    """
    index: dict[str, Node] = {}
    pending = [result.root]
    while pending:
        node = pending.pop()
        previous = index.get(node.name)
        if previous is None or (previous.bundle is None and node.bundle is not None):
            index[node.name] = node
        pending.extend(e.node for e in reversed(node.dependencies) if e.node is not None)
    return index


@dataclass(frozen=True, slots=True, kw_only=True)
class DependencyPair:
    """The old and new node of one dependency, with the bundles to compare."""

    name: str
    old: Node
    new: Node
    old_bundle: Bundle
    new_bundle: Bundle


def pair_dependencies(old: Result, new: Result) -> tuple[DependencyPair, ...]:
    """The dependencies whose contracts ``pacto diff`` compares (03-diff.md §10 step 6).

    Every name of the new graph except the old root's, present in both graphs with a resolved
    contract on both sides; sorted by name.
    """
    old_index = index_nodes_by_name(old)
    new_index = index_nodes_by_name(new)
    pairs = []
    for name in sorted(new_index):
        if name == old.root.name or name not in old_index:
            continue
        old_node, new_node = old_index[name], new_index[name]
        if old_node.bundle is not None and new_node.bundle is not None:
            pairs.append(
                DependencyPair(
                    name=name,
                    old=old_node,
                    new=new_node,
                    old_bundle=old_node.bundle,
                    new_bundle=new_node.bundle,
                )
            )
    return tuple(pairs)
