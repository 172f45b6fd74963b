"""Graph diffs and their tree (05-graph.md §8, example §11.4; 03-diff.md §10)."""

from __future__ import annotations

from pacto.graph import (
    DiffNode,
    GraphChange,
    GraphChangeType,
    GraphDiff,
    diff_graphs,
    graph_diff_to_wire,
    index_nodes_by_name,
    pair_dependencies,
    render_diff_tree,
    render_graph_diff_text,
    resolve,
)

from .fakes import FakeFetcher, contract, dep, root_at
from .scenarios import checkout_graph, checkout_v130_graph


def test_the_worked_example_lists_its_changes_sorted_by_name() -> None:
    graph_diff = diff_graphs(checkout_graph(), checkout_v130_graph())
    assert graph_diff_to_wire(graph_diff)["changes"] == [
        {"name": "inventory", "changeType": "removed", "oldVersion": "0.9.0"},
        {"name": "ledger", "changeType": "removed", "oldVersion": "4.0.0"},
        {
            "name": "payments",
            "changeType": "version_changed",
            "oldVersion": "2.3.1",
            "newVersion": "3.0.0",
        },
        {"name": "search", "changeType": "added", "newVersion": "0.4.0"},
    ]


def test_the_worked_example_renders_the_documented_tree() -> None:
    graph_diff = diff_graphs(checkout_graph(), checkout_v130_graph())
    assert render_graph_diff_text(graph_diff) == (
        "checkout\n"
        "├─ payments      2.3.1 → 3.0.0\n"
        "│  └─ ledger        -4.0.0\n"
        "├─ search        +0.4.0\n"
        "└─ inventory     -0.9.0\n"
    )
    assert render_diff_tree is render_graph_diff_text


def test_the_diff_tree_is_named_after_the_new_side() -> None:
    root = diff_graphs(checkout_graph(), checkout_v130_graph()).root
    assert (root.name, root.version) == ("checkout", "1.3.0")
    assert [c.name for c in root.children] == ["payments", "notify", "search", "inventory"]
    notify = root.children[1]
    assert notify.change is None and not notify.has_changes()


def test_identical_graphs_have_a_root_and_no_changes() -> None:
    graph_diff = diff_graphs(checkout_graph(), checkout_graph())
    assert graph_diff.changes == ()
    assert render_graph_diff_text(graph_diff) == ""
    assert list(graph_diff_to_wire(graph_diff)) == ["root"]


def test_missing_sides() -> None:
    assert diff_graphs(None, None) == GraphDiff(root=DiffNode(name=""))
    assert render_graph_diff_text(None) == ""
    added = diff_graphs(None, checkout_graph())
    assert {c.name: c.change_type for c in added.changes} == {
        "inventory": GraphChangeType.ADDED,
        "ledger": GraphChangeType.ADDED,
        "notify": GraphChangeType.ADDED,
        "payments": GraphChangeType.ADDED,
    }
    assert added.root.change is None
    removed = diff_graphs(checkout_graph(), None)
    assert all(c.change_type is GraphChangeType.REMOVED and c.old_version for c in removed.changes)
    # The first change per name wins: notify 1.1.0 under payments comes first in pre-order.
    assert (
        GraphChange(name="notify", change_type=GraphChangeType.REMOVED, old_version="1.1.0")
        in removed.changes
    )


def test_a_shared_old_node_is_compared_with_its_full_version() -> None:
    # In the old graph "db" is shared under api (the full node hangs under the root); in the
    # new graph api's db is the full one. Only the root's own edge to db is a change: api's
    # db subtree (disk) must not show up as added.
    db = contract("db", deps=["../disk"])
    old_fetcher = FakeFetcher(
        local={"/f/api": contract("api", deps=["../db"]), "/f/db": db, "/f/disk": contract("disk")}
    )
    old = resolve(root_at("/f/root", contract("root", deps=["../db", "../api"])), old_fetcher)
    new = resolve(root_at("/f/root", contract("root", deps=["../api"])), old_fetcher)
    graph_diff = diff_graphs(old, new)
    assert graph_diff.changes == (
        GraphChange(name="db", change_type=GraphChangeType.REMOVED, old_version="1.0.0"),
    )
    api = graph_diff.root.children[0]
    assert api.name == "api" and not api.has_changes()


def test_labels_pad_names_and_keep_a_space_after_long_ones() -> None:
    root = DiffNode(
        name="r",
        children=(
            DiffNode(
                name="exactly-14-chr",
                change=GraphChange(
                    name="exactly-14-chr",
                    change_type=GraphChangeType.ADDED,
                    new_version="1",
                ),
            ),
            DiffNode(
                name="a-much-longer-service-name",
                change=GraphChange(
                    name="a-much-longer-service-name",
                    change_type=GraphChangeType.REMOVED,
                    old_version="2",
                ),
            ),
            DiffNode(name="quiet"),
        ),
    )
    changes = tuple(c.change for c in root.children if c.change is not None)
    assert render_graph_diff_text(GraphDiff(root=root, changes=changes)) == (
        "r\n├─ exactly-14-chr +1\n└─ a-much-longer-service-name -2\n"
    )


def test_index_prefers_nodes_with_a_contract_over_shared_copies() -> None:
    graph = checkout_graph()
    index = index_nodes_by_name(graph)
    assert set(index) == {"checkout", "payments", "notify", "ledger", "inventory"}
    # notify is first reached as a full node under payments (1.1.0, depth-first).
    assert index["notify"].version == "1.1.0" and index["notify"].bundle is not None


def test_index_replaces_a_first_seen_shared_copy() -> None:
    fetcher = FakeFetcher(local={"/f/a": contract("a", deps=["../db"]), "/f/db": contract("db")})
    graph = resolve(root_at("/f/root", contract("root", deps=["../a", "../db"])), fetcher)
    first = graph.root.dependencies[0].node
    assert first is not None
    shared = first.dependencies[0]
    assert shared.is_shared
    assert index_nodes_by_name(graph)["db"].bundle is not None


def test_dependency_pairs_are_sorted_and_need_a_contract_on_both_sides() -> None:
    pairs = pair_dependencies(checkout_graph(), checkout_v130_graph())
    assert [(p.name, p.old.version, p.new.version) for p in pairs] == [
        ("notify", "1.1.0", "1.1.0"),
        ("payments", "2.3.1", "3.0.0"),
    ]


def test_the_old_root_name_is_never_paired() -> None:
    fetcher = FakeFetcher(local={"/f/x": contract("root", "0.1.0")})
    graph = resolve(root_at("/f/r", contract("root", deps=[dep("../x")])), fetcher)
    assert pair_dependencies(graph, graph) == ()
