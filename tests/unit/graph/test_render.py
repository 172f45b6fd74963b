"""Text tree, DOT and Mermaid renderings (05-graph.md §6 and beyond)."""

from __future__ import annotations

import re

from pacto.graph import (
    Edge,
    EdgeType,
    Node,
    Result,
    VersionConflict,
    render_dot,
    render_mermaid,
    render_tree,
    resolve,
    tree_connectors,
)

from .fakes import FakeFetcher, contract, root_at
from .scenarios import LEDGER, checkout_graph


def test_connectors_are_box_characters_and_three_column_prefixes() -> None:
    assert tree_connectors(False) == ("├─ ", "│  ")
    assert tree_connectors(True) == ("└─ ", "   ")


def test_no_result_renders_nothing() -> None:
    assert render_tree(None) == ""


def test_a_root_without_version_has_no_at_sign() -> None:
    assert render_tree(Result(root=Node(name="solo", version=""))) == "solo\n"


def test_labels_follow_the_precedence_of_the_spec() -> None:
    node = Node(name="x", version="1.0.0", is_local=True)
    root = Node(
        name="root",
        version="2.0.0",
        dependencies=(
            Edge(ref="oci://r.io/acme/cfg:1.0.0", type=EdgeType.REFERENCE, error="ignored"),
            Edge(ref="../x", error="boom", node=node, is_shared=True),
            Edge(ref="../x", node=node, is_shared=True),
            Edge(ref="oci://r.io/acme/y:3"),
        ),
    )
    assert render_tree(Result(root=root)) == (
        "root@2.0.0\n├─ cfg:1.0.0 [ref]\n├─ x (error: boom)\n├─ x@1.0.0 [local] (shared)\n└─ y:3\n"
    )


def test_an_unreachable_digest_ref_is_cut_to_seven_characters() -> None:
    fetcher = FakeFetcher(failures={LEDGER: "registry unreachable for x: timeout"})
    result = resolve(contract("root", deps=[LEDGER]), fetcher)
    assert render_tree(result).splitlines()[1] == (
        "└─ ledger-pacto@sha256:1a2b3c4 (error: registry unreachable for x: timeout)"
    )


def test_cycles_and_conflicts_follow_the_tree() -> None:
    result = Result(
        root=Node(name="a", version="1"),
        cycles=(("a", "../b", "../a"), ("a", "../c", "../a")),
        conflicts=(VersionConflict(name="n", versions=("n@1", "n@2", "n@3")),),
    )
    assert render_tree(result) == (
        "a@1\n"
        "\n"
        "Cycles (2):\n"
        "  a -> ../b -> ../a\n"
        "  a -> ../c -> ../a\n"
        "\n"
        "Conflicts (1):\n"
        "  n: [n@1 n@2 n@3]\n"
    )


def test_colour_styles_names_versions_markers_errors_and_notices() -> None:
    fetcher = FakeFetcher(local={"/f/a": contract("a")}, failures={"../bad": "nope"})
    result = resolve(root_at("/f/root", contract("root", deps=["../a", "../bad"])), fetcher)
    result = Result(root=result.root, cycles=(("root", "../a"),))
    coloured = render_tree(result, color=True)
    assert "\x1b[1mroot\x1b[0m@\x1b[36m1.0.0\x1b[0m" in coloured
    assert "\x1b[2m[local]\x1b[0m" in coloured
    assert "\x1b[31m(error: nope)\x1b[0m" in coloured
    assert "\x1b[33m  root -> ../a\x1b[0m" in coloured
    assert "\x1b" not in render_tree(result)


def test_dot_draws_one_box_per_contract_and_marks_errors() -> None:
    dot = render_dot(checkout_graph())
    assert dot.startswith("digraph pacto {\n  rankdir=LR;\n")
    assert dot.endswith("}\n")
    # notify 1.0.0 is one box with two incoming arrows (root and inventory).
    notify_box = next(line for line in dot.splitlines() if 'label="notify@1.0.0"' in line)
    box_id = notify_box.split()[0]
    arrows_in = [line for line in dot.splitlines() if re.search(rf"-> {box_id}\b", line)]
    assert len(arrows_in) == 2
    assert 'label="inventory@0.9.0", shape=box, style=rounded' in dot
    assert "n0 -> n2 [style=dashed];" in dot  # inventory is optional
    assert "n0 -> n1;" in dot  # payments is required


def test_dot_draws_a_cycle_back_to_its_ancestor() -> None:
    fetcher = FakeFetcher(
        local={"/s/a": contract("a", deps=["../b"]), "/s/b": contract("b", deps=["../a"])}
    )
    dot = render_dot(resolve(root_at("/s/a", contract("a", deps=["../b"])), fetcher))
    assert dot.splitlines()[2:] == [
        '  n0 [label="a@1.0.0", shape=box, style=bold];',
        '  n1 [label="b@1.0.0", shape=box, style=rounded];',
        '  n2 [label="a@1.0.0", shape=box, style=rounded];',
        "  n0 -> n1 [style=dashed];",
        "  n1 -> n2 [style=dashed];",
        '  n2 -> n1 [color=red, label="cycle"];',
        "}",
    ]


def test_diagram_labels_stay_on_one_line() -> None:
    root = Node(name="r", version="1", dependencies=(Edge(ref="oci://r/x:1", error="a\nb"),))
    assert '  n1["x:1: a b"]' in render_mermaid(Result(root=root))


def test_dot_and_mermaid_escape_quotes() -> None:
    result = Result(root=Node(name='we"ird', version="1"))
    assert 'label="we\\"ird@1"' in render_dot(result)
    assert 'n0[["we#quot;ird@1"]]' in render_mermaid(result)


def test_mermaid_draws_the_same_graph() -> None:
    fetcher = FakeFetcher(local={"/f/a": contract("a")}, failures={"oci://r.io/x:1": "down"})
    root = contract("root", deps=["../a", "oci://r.io/x:1"], configurations=["oci://r.io/cfg:1"])
    from pacto.graph import ResolveOptions

    result = resolve(root_at("/f/root", root), fetcher, ResolveOptions(include_references=True))
    assert render_mermaid(result) == (
        "flowchart LR\n"
        '  n0[["root@1.0.0"]]\n'
        '  n1("a@1.0.0")\n'
        '  n2["x:1: down"]\n'
        '  n3[/"cfg:1"/]\n'
        "  n0 -.-> n1\n"
        "  n0 -.-> n2\n"
        "  n0 -. ref .-> n3\n"
        "  classDef error stroke:#d00,color:#d00\n"
        "  class n2 error\n"
    )
