"""Rendering a resolved graph: the text tree (05-graph.md §6), Graphviz DOT and Mermaid.

The tree is drawn with an explicit stack rather than recursion, so a long dependency chain
cannot exhaust Python's recursion limit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pacto.graph._depref import short_ref
from pacto.graph._model import Edge, EdgeType, Node, Result

__all__ = ["render_dot", "render_mermaid", "render_tree", "tree_connectors"]

_BOLD, _DIM, _RED, _CYAN, _YELLOW, _RESET = (
    "\x1b[1m",
    "\x1b[2m",
    "\x1b[31m",
    "\x1b[36m",
    "\x1b[33m",
    "\x1b[0m",
)


def tree_connectors(is_last: bool) -> tuple[str, str]:
    """The connector of a child line and the prefix its own children continue with (§6)."""
    return ("└─ ", "   ") if is_last else ("├─ ", "│  ")


class _Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def _wrap(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.color and text else text

    def name(self, text: str) -> str:
        return self._wrap(_BOLD, text)

    def version(self, text: str) -> str:
        return self._wrap(_CYAN, text)

    def marker(self, text: str) -> str:
        return self._wrap(_DIM, text)

    def error(self, text: str) -> str:
        return self._wrap(_RED, text)

    def notice(self, text: str) -> str:
        return self._wrap(_YELLOW, text)

    def node(self, node: Node) -> str:
        if not node.version:
            return self.name(node.name)
        return f"{self.name(node.name)}@{self.version(node.version)}"


def _edge_label(edge: Edge, style: _Style) -> str:
    if edge.type is EdgeType.REFERENCE:
        return f"{short_ref(edge.ref)} {style.marker('[ref]')}"
    if edge.error:
        return f"{short_ref(edge.ref)} {style.error(f'(error: {edge.error})')}"
    if edge.node is None:
        return short_ref(edge.ref)
    label = style.node(edge.node)
    if edge.node.is_local:
        label += " " + style.marker("[local]")
    if edge.is_shared:
        label += " " + style.marker("(shared)")
    return label


def _tree_lines(root: Node, style: _Style) -> Iterator[str]:
    yield style.node(root)
    stack: list[tuple[tuple[Edge, ...], int, str]] = [(root.dependencies, 0, "")]
    while stack:
        edges, index, prefix = stack.pop()
        if index >= len(edges):
            continue
        stack.append((edges, index + 1, prefix))
        edge = edges[index]
        connector, child_prefix = tree_connectors(index == len(edges) - 1)
        yield f"{prefix}{connector}{_edge_label(edge, style)}"
        descends = edge.type is EdgeType.DEPENDENCY and not edge.error and not edge.is_shared
        if descends and edge.node is not None and edge.node.dependencies:
            stack.append((edge.node.dependencies, 0, prefix + child_prefix))


def render_tree(result: Result | None, *, color: bool = False) -> str:
    """The dependency tree as text, newline-terminated; ``""`` without a result.

    Labels, connectors and the ``Cycles``/``Conflicts`` sections are exactly §6; the root has no
    ``@`` when its version is empty (beyond the reference). ``color`` adds ANSI styles (names
    bold, versions cyan, markers dim, errors red, cycles and conflicts yellow); the caller decides
    whether the terminal wants them.
    """
    if result is None:
        return ""
    style = _Style(color)
    lines = list(_tree_lines(result.root, style))
    if result.cycles:
        lines += ["", f"Cycles ({len(result.cycles)}):"]
        lines += [style.notice("  " + " -> ".join(cycle)) for cycle in result.cycles]
    if result.conflicts:
        lines += ["", f"Conflicts ({len(result.conflicts)}):"]
        lines += [
            style.notice(f"  {conflict.name}: [{' '.join(conflict.versions)}]")
            for conflict in result.conflicts
        ]
    return "\n".join(lines) + "\n"


def _walk_edges(root: Node) -> Iterator[tuple[Node, Edge]]:
    """Every (parent, edge) pair of the tree, depth-first in declaration order."""
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        for edge in node.dependencies:
            yield node, edge
        for edge in reversed(node.dependencies):
            if edge.node is not None and not edge.is_shared and not edge.error:
                stack.append(edge.node)


@dataclass(frozen=True, slots=True)
class _Box:
    id: str
    label: str
    kind: str
    """``root``, ``node``, ``local``, ``error``, ``reference`` or ``unresolved``."""


@dataclass(frozen=True, slots=True)
class _Arrow:
    source: str
    target: str
    kind: str
    """``required``, ``optional``, ``cycle``, ``error`` or ``reference``."""


_ROOT_KEY = "\x00root"


def _node_key(node: Node) -> str:
    return node.identity or "node\x00" + node.ref


def _diagram(result: Result) -> tuple[list[_Box], list[_Arrow]]:
    """The graph as boxes and arrows: one box per distinct contract, so a shared dependency
    is one box with several incoming arrows and a cycle is an arrow back to its ancestor."""
    boxes: dict[str, _Box] = {}
    arrows: list[_Arrow] = []

    def box(key: str, label: str, kind: str) -> str:
        found = boxes.get(key)
        if found is None:
            # One line per label: registry error texts may carry newlines.
            label = " ".join(label.splitlines())
            found = boxes[key] = _Box(f"n{len(boxes)}", label, kind)
        return found.id

    box(_ROOT_KEY, result.root.label(), "root")
    for parent, edge in _walk_edges(result.root):
        source = boxes[_ROOT_KEY if parent is result.root else _node_key(parent)].id
        need = "required" if edge.required else "optional"
        if edge.type is EdgeType.REFERENCE:
            target, kind = box("ref\x00" + edge.ref, short_ref(edge.ref), "reference"), "reference"
        elif edge.error and edge.identity and edge.identity in boxes:
            target, kind = boxes[edge.identity].id, "cycle"
        elif edge.error:
            label = f"{short_ref(edge.ref)}: {edge.error}"
            target, kind = box(f"error\x00{edge.ref}\x00{edge.error}", label, "error"), "error"
        elif edge.node is None:
            target, kind = box("ref\x00" + edge.ref, short_ref(edge.ref), "unresolved"), need
        else:
            node = edge.node
            target = box(_node_key(node), node.label(), "local" if node.is_local else "node")
            kind = need
        arrows.append(_Arrow(source, target, kind))
    return list(boxes.values()), arrows


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_DOT_BOX = {
    "root": "shape=box, style=bold",
    "node": "shape=box",
    "local": "shape=box, style=rounded",
    "error": "shape=box, color=red, fontcolor=red",
    "reference": "shape=note, style=dashed",
    "unresolved": "shape=box, style=dotted",
}
_DOT_ARROW = {
    "required": "",
    "optional": " [style=dashed]",
    "cycle": ' [color=red, label="cycle"]',
    "error": " [color=red]",
    "reference": " [style=dotted, arrowhead=empty]",
}


def render_dot(result: Result) -> str:
    """The graph in Graphviz DOT: one box per distinct contract (rounded for local ones),
    dashed arrows for optional dependencies, red for errors and cycles, notes for
    configuration/policy references."""
    boxes, arrows = _diagram(result)
    lines = ["digraph pacto {", "  rankdir=LR;"]
    lines += [f"  {b.id} [label={_dot_quote(b.label)}, {_DOT_BOX[b.kind]}];" for b in boxes]
    lines += [f"  {a.source} -> {a.target}{_DOT_ARROW[a.kind]};" for a in arrows]
    lines.append("}")
    return "\n".join(lines) + "\n"


_MERMAID_SHAPE = {
    "root": ("[[", "]]"),
    "node": ("[", "]"),
    "local": ("(", ")"),
    "error": ("[", "]"),
    "reference": ("[/", "/]"),
    "unresolved": ("[", "]"),
}
_MERMAID_ARROW = {
    "required": "-->",
    "optional": "-.->",
    "cycle": "-. cycle .->",
    "error": "-.->",
    "reference": "-. ref .->",
}


def render_mermaid(result: Result) -> str:
    """The graph as a Mermaid flowchart, same shape as :func:`render_dot`; error boxes get the
    ``error`` class."""
    boxes, arrows = _diagram(result)
    lines = ["flowchart LR"]
    for b in boxes:
        opening, closing = _MERMAID_SHAPE[b.kind]
        label = b.label.replace('"', "#quot;")
        lines.append(f'  {b.id}{opening}"{label}"{closing}')
    lines += [f"  {a.source} {_MERMAID_ARROW[a.kind]} {a.target}" for a in arrows]
    errors = [b.id for b in boxes if b.kind == "error"]
    if errors:
        lines.append("  classDef error stroke:#d00,color:#d00")
        lines.append(f"  class {','.join(errors)} error")
    return "\n".join(lines) + "\n"
