"""Resolution: sharing, cycles, conflicts, failures, concurrency, determinism (05-graph.md §3-5)."""

from __future__ import annotations

import logging
import random
import threading
import time

import pytest

from pacto.contract import Bundle
from pacto.graph import (
    Edge,
    EdgeType,
    FetchedBundle,
    FetchSource,
    Node,
    ResolveOptions,
    Result,
    VersionConflict,
    render_tree,
    resolve,
)

from .fakes import FakeFetcher, contract, dep, root_at
from .scenarios import (
    CHECKOUT_TREE,
    NOTIFY_100,
    PAYMENTS,
    checkout_fetcher,
    checkout_graph,
    checkout_root_bundle,
)


def edges(node: Node) -> list[Edge]:
    return list(node.dependencies)


def child(edge: Edge) -> Node:
    assert edge.node is not None
    return edge.node


def test_the_worked_example_resolves_to_the_documented_tree() -> None:
    assert render_tree(checkout_graph()) == CHECKOUT_TREE


def test_an_untagged_dependency_gets_the_highest_tag_its_range_allows() -> None:
    payments = edges(checkout_graph().root)[0]
    assert payments.node is not None
    assert (payments.node.name, payments.node.version) == ("payments", "2.3.1")
    # The node keeps the declared ref, not the resolved tag (§2.1).
    assert payments.node.ref == PAYMENTS
    assert payments.node.identity == PAYMENTS + ":2.3.1"


def test_the_first_occurrence_breadth_first_owns_the_full_node() -> None:
    root = checkout_graph().root
    inventory, notify = edges(root)[1], edges(root)[2]
    assert notify.node is not None and not notify.is_shared
    assert inventory.node is not None
    shared = inventory.node.dependencies[0]
    assert shared.is_shared
    assert shared.node == Node(name="notify", version="1.0.0", ref=NOTIFY_100)
    assert shared.node is not None and shared.node.bundle is None


def test_full_nodes_keep_their_bundle_for_dependency_diffs() -> None:
    payments = edges(checkout_graph().root)[0].node
    assert payments is not None and payments.contract is not None
    assert payments.contract.service.name == "payments"


def test_each_dependency_is_fetched_once_however_many_parents_share_it() -> None:
    fetcher = checkout_fetcher()
    resolve(checkout_root_bundle(), fetcher)
    assert fetcher.calls[NOTIFY_100] == 1
    assert max(fetcher.identities.values()) == 1


def test_diamonds_share_the_bottom_node() -> None:
    fetcher = FakeFetcher(
        local={
            "/f/left": contract("left", deps=["../bottom"]),
            "/f/right": contract("right", deps=["../bottom"]),
            "/f/bottom": contract("bottom", deps=["../leaf"]),
            "/f/leaf": contract("leaf"),
        }
    )
    result = resolve(root_at("/f/top", contract("top", deps=["../left", "../right"])), fetcher)
    assert render_tree(result) == (
        "top@1.0.0\n"
        "├─ left@1.0.0 [local]\n"
        "│  └─ bottom@1.0.0 [local]\n"
        "│     └─ leaf@1.0.0 [local]\n"
        "└─ right@1.0.0 [local]\n"
        "   └─ bottom@1.0.0 [local] (shared)\n"
    )
    assert fetcher.calls["../bottom"] == 1
    assert result.stats.local == 4


def test_a_shallower_occurrence_wins_over_an_earlier_deeper_one() -> None:
    # Depth-first, "deep" would see the shared dependency first; breadth-first, the root's
    # own edge (depth 1) owns it.
    fetcher = FakeFetcher(
        local={
            "/f/deep": contract("deep", deps=["../shared"]),
            "/f/shared": contract("shared", deps=["../leaf"]),
            "/f/leaf": contract("leaf"),
        }
    )
    result = resolve(root_at("/f/root", contract("root", deps=["../deep", "../shared"])), fetcher)
    deep, shared = edges(result.root)
    assert deep.node is not None and deep.node.dependencies[0].is_shared
    assert not shared.is_shared and shared.node is not None and shared.node.dependencies


def test_relative_local_refs_resolve_against_the_declaring_bundle() -> None:
    fetcher = FakeFetcher(
        local={
            "/f/team/api": contract("api", deps=["./db"]),
            "/f/team/api/db": contract("api-db"),
            "/f/db": contract("root-db"),
        }
    )
    result = resolve(root_at("/f/root", contract("root", deps=["../team/api", "../db"])), fetcher)
    assert render_tree(result) == (
        "root@1.0.0\n├─ api@1.0.0 [local]\n│  └─ api-db@1.0.0 [local]\n└─ root-db@1.0.0 [local]\n"
    )


def test_the_same_relative_ref_from_two_directories_is_two_nodes() -> None:
    fetcher = FakeFetcher(
        local={
            "/f/a": contract("a", deps=["./db"]),
            "/f/b": contract("b", deps=["./db"]),
            "/f/a/db": contract("db", "1.0.0"),
            "/f/b/db": contract("db", "2.0.0"),
        }
    )
    result = resolve(root_at("/f/root", contract("root", deps=["../a", "../b"])), fetcher)
    assert result.conflicts == (VersionConflict(name="db", versions=("db@1.0.0", "db@2.0.0")),)
    assert "(shared)" not in render_tree(result)


def test_different_spellings_of_one_bundle_are_one_node() -> None:
    fetcher = FakeFetcher(
        local={"/f/db": contract("db")},
        registry={"r.io/acme/x": {"1.0.0": contract("x"), "1.1.0": contract("x", "1.1.0")}},
    )
    root = contract(
        "root",
        deps=[
            "../db",
            "file:///f/db",
            dep("oci://r.io/acme/x", "^1.0.0"),
            "oci://r.io/acme/x:1.1.0",
        ],
    )
    result = resolve(root_at("/f/root", root), fetcher)
    assert [e.is_shared for e in edges(result.root)] == [False, True, False, True]
    assert fetcher.identities["oci://r.io/acme/x:1.1.0"] == 2  # two refs, one bundle
    assert result.conflicts == ()


def test_one_repository_under_two_incompatible_ranges_is_a_conflict() -> None:
    versions = {v: contract("auth", v) for v in ("1.4.0", "2.1.0")}
    fetcher = FakeFetcher(
        registry={"r.io/auth": versions},
        local={"/f/legacy": contract("legacy", deps=[dep("oci://r.io/auth", "^1.0.0")])},
    )
    root = contract("root", deps=[dep("oci://r.io/auth", "^2.0.0"), "../legacy"])
    result = resolve(root_at("/f/root", root), fetcher)
    assert result.conflicts == (
        VersionConflict(name="auth", versions=("auth@1.4.0", "auth@2.1.0")),
    )
    assert render_tree(result).endswith("Conflicts (1):\n  auth: [auth@1.4.0 auth@2.1.0]\n")


def test_conflicts_are_sorted_by_name_and_count_shared_copies() -> None:
    fetcher = FakeFetcher(
        local={
            "/f/a1": contract("zeta", "1.0.0"),
            "/f/a2": contract("zeta", "2.0.0"),
            "/f/b1": contract("alpha", "1.0.0"),
            "/f/b2": contract("alpha", "1.0.1"),
            "/f/mid": contract("mid", deps=["../b2", "../a1"]),
        }
    )
    root = contract("root", deps=["../a1", "../a2", "../b1", "../mid"])
    result = resolve(root_at("/f/root", root), fetcher)
    assert [c.name for c in result.conflicts] == ["alpha", "zeta"]


def test_the_root_is_not_part_of_conflicts() -> None:
    fetcher = FakeFetcher(local={"/f/old": contract("root", "0.9.0")})
    result = resolve(root_at("/f/root", contract("root", deps=["../old"])), fetcher)
    assert result.conflicts == ()


def test_a_deep_chain_resolves_and_renders_without_recursion_limits() -> None:
    depth = 1500
    local = {f"/c/n{i}": contract(f"n{i}", deps=[f"../n{i + 1}"]) for i in range(1, depth)}
    local[f"/c/n{depth}"] = contract(f"n{depth}")
    result = resolve(root_at("/c/n0", contract("n0", deps=["../n1"])), FakeFetcher(local=local))
    lines = render_tree(result).splitlines()
    assert len(lines) == depth + 1
    assert lines[-1] == " " * 3 * (depth - 1) + f"└─ n{depth}@1.0.0 [local]"
    assert result.stats.local == depth


def test_a_two_node_cycle_is_reported_one_level_below_the_root() -> None:
    # 05-graph.md §11.3: the root is identified by name, so its directory is fetched once more.
    fetcher = FakeFetcher(
        local={"/s/a": contract("a", deps=["../b"]), "/s/b": contract("b", deps=["../a"])}
    )
    result = resolve(root_at("/s/a", contract("a", deps=["../b"])), fetcher)
    assert render_tree(result) == (
        "a@1.0.0\n"
        "└─ b@1.0.0 [local]\n"
        "   └─ a@1.0.0 [local]\n"
        "      └─ b (error: cycle detected: ../b)\n"
        "\n"
        "Cycles (1):\n"
        "  a -> ../b -> ../a -> ../b\n"
    )
    assert fetcher.calls == {"../b": 1, "../a": 1}


def test_a_self_dependency_is_a_cycle() -> None:
    fetcher = FakeFetcher(
        registry={"r.io/x": {"1.0.0": contract("x", deps=["oci://r.io/x:1.0.0"])}}
    )
    result = resolve(contract("root", deps=["oci://r.io/x:1.0.0"]), fetcher)
    assert result.cycles == (("root", "oci://r.io/x:1.0.0", "oci://r.io/x:1.0.0"),)


def test_cycles_through_oci_refs_are_cut_without_refetching() -> None:
    fetcher = FakeFetcher(
        registry={
            "r.io/a": {"1.0.0": contract("a", deps=[dep("oci://r.io/b", "^1")])},
            "r.io/b": {"1.2.0": contract("b", deps=["oci://r.io/c:1.0.0"])},
            "r.io/c": {"1.0.0": contract("c", deps=["oci://r.io/a:1.0.0"])},
        }
    )
    result = resolve(contract("root", deps=["oci://r.io/a:1.0.0"]), fetcher)
    assert result.cycles == (
        ("root", "oci://r.io/a:1.0.0", "oci://r.io/b", "oci://r.io/c:1.0.0", "oci://r.io/a:1.0.0"),
    )
    assert (
        render_tree(result).splitlines()[4]
        == "         └─ a:1.0.0 (error: cycle detected: oci://r.io/a:1.0.0)"
    )
    assert all(count == 1 for count in fetcher.calls.values())


def test_a_cycle_mixing_local_and_oci_refs_is_found() -> None:
    fetcher = FakeFetcher(
        local={"/f/a": contract("a", deps=["oci://r.io/b:1.0.0"])},
        registry={"r.io/b": {"1.0.0": contract("b", deps=["/f/a"])}},
    )
    result = resolve(root_at("/f/root", contract("root", deps=["../a"])), fetcher)
    assert result.cycles == (("root", "../a", "oci://r.io/b:1.0.0", "/f/a"),)
    lines = render_tree(result).splitlines()
    assert lines[3] == "      └─ a (error: cycle detected: /f/a)"


def test_a_cycle_hidden_behind_shared_edges_is_still_found() -> None:
    # x and y are siblings, so each one's edge to the other is "shared" and no ancestor
    # check sees the loop; the depth-first pass does.
    fetcher = FakeFetcher(
        local={"/f/x": contract("x", deps=["../y"]), "/f/y": contract("y", deps=["../x"])}
    )
    result = resolve(root_at("/f/root", contract("root", deps=["../x", "../y"])), fetcher)
    assert result.cycles == (("root", "../x", "../y", "../x"),)
    assert render_tree(result).splitlines() == [
        "root@1.0.0",
        "├─ x@1.0.0 [local]",
        "│  └─ y@1.0.0 [local] (shared)",
        "└─ y@1.0.0 [local]",
        "   └─ x (error: cycle detected: ../x)",
        "",
        "Cycles (1):",
        "  root -> ../x -> ../y -> ../x",
    ]
    y_to_x = child(edges(result.root)[1]).dependencies[0]
    assert y_to_x.is_shared and y_to_x.node is not None


def test_cycles_are_sorted() -> None:
    fetcher = FakeFetcher(
        local={
            "/f/b": contract("b", deps=["../b"]),
            "/f/a": contract("a", deps=["../a"]),
        }
    )
    result = resolve(root_at("/f/root", contract("root", deps=["../b", "../a"])), fetcher)
    assert result.cycles == (("root", "../a", "../a"), ("root", "../b", "../b"))


def test_missing_dependencies_are_reported_and_the_rest_still_resolves() -> None:
    fetcher = FakeFetcher(
        local={"/f/ok": contract("ok", deps=["../gone"])},
        registry={"r.io/x": {"1.0.0": contract("x")}},
        failures={"oci://r.io/down:1.0.0": "registry unreachable for r.io/down:1.0.0: refused"},
    )
    root = contract(
        "root",
        deps=[
            "oci://r.io/down:1.0.0",
            "../ok",
            dep("oci://r.io/x", "^2.0.0"),
            "oci://r.io/x:1.0.0",
        ],
    )
    result = resolve(root_at("/f/root", root), fetcher)
    assert render_tree(result) == (
        "root@1.0.0\n"
        "├─ down:1.0.0 (error: registry unreachable for r.io/down:1.0.0: refused)\n"
        "├─ ok@1.0.0 [local]\n"
        "│  └─ gone (error: failed to access /f/gone: no such directory)\n"
        '├─ x (error: no tags satisfy constraint "^2.0.0")\n'
        "└─ x@1.0.0\n"
    )
    assert result.stats.failed == 3 and result.stats.fetched == 1 and result.stats.local == 1


def test_a_repeated_failure_is_marked_shared_after_its_first_occurrence() -> None:
    fetcher = FakeFetcher(local={"/f/a": contract("a", deps=["../missing"])})
    root = contract("root", deps=["../missing", "../a"])
    result = resolve(root_at("/f/root", root), fetcher)
    first = edges(result.root)[0]
    again = child(edges(result.root)[1]).dependencies[0]
    assert (first.is_shared, again.is_shared) == (False, True)
    assert first.error == again.error != ""
    assert fetcher.calls["../missing"] == 1


def test_a_fetcher_returning_no_bundle_is_an_edge_error() -> None:
    class Empty:
        def fetch(self, ref: str, *, compatibility: str, base_dir: str | None) -> FetchedBundle:
            return FetchedBundle(bundle=None)

    result = resolve(contract("root", deps=["oci://r.io/x:1"]), Empty())
    assert edges(result.root)[0].error == "fetcher returned nil bundle for oci://r.io/x:1"


def test_a_relative_ref_inside_an_oci_bundle_is_an_error() -> None:
    fetcher = FakeFetcher(registry={"r.io/x": {"1.0.0": contract("x", deps=["../y"])}})
    result = resolve(contract("root", deps=["oci://r.io/x:1.0.0"]), fetcher)
    inner = child(edges(result.root)[0]).dependencies[0]
    assert inner.error == "relative local ref ../y inside an OCI bundle"


def test_a_broken_fetcher_is_a_bug_and_propagates() -> None:
    class Broken:
        def fetch(self, ref: str, *, compatibility: str, base_dir: str | None) -> FetchedBundle:
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        resolve(contract("root", deps=["a", "b"]), Broken())


def test_without_a_fetcher_dependencies_are_plain_edges() -> None:
    root = contract("root", deps=[dep("oci://r.io/x:1", "^1", required=True), "../y"])
    result = resolve(root, None)
    assert edges(result.root) == [
        Edge(ref="oci://r.io/x:1", required=True, compatibility="^1"),
        Edge(ref="../y", is_local=True),
    ]
    assert render_tree(result) == "root@1.0.0\n├─ x:1\n└─ y\n"


def test_reference_edges_follow_dependency_edges() -> None:
    root = contract(
        "checkout",
        "1.2.0",
        ["../inventory"],
        configurations=[
            "oci://ghcr.io/acme/platform-config:1.0.0",
            "",
            "oci://ghcr.io/acme/platform-config:1.0.0",
        ],
        policies=["oci://ghcr.io/acme/platform-policy:2.0.0"],
    )
    fetcher = FakeFetcher(local={"/w/inventory": contract("inventory", "0.9.0")})
    with_refs = resolve(
        root_at("/w/checkout", root), fetcher, ResolveOptions(include_references=True)
    )
    assert [(e.type, e.ref) for e in edges(with_refs.root)] == [
        (EdgeType.DEPENDENCY, "../inventory"),
        (EdgeType.REFERENCE, "oci://ghcr.io/acme/platform-config:1.0.0"),
        (EdgeType.REFERENCE, "oci://ghcr.io/acme/platform-policy:2.0.0"),
    ]


def test_only_references_resolves_no_dependency() -> None:
    root = contract(
        "checkout",
        "1.2.0",
        ["../inventory"],
        configurations=["oci://ghcr.io/acme/platform-config:1.0.0"],
        policies=["oci://ghcr.io/acme/platform-policy:2.0.0"],
    )
    fetcher = FakeFetcher()
    options = ResolveOptions(include_references=True, only_references=True)
    result = resolve(root_at("/w/checkout", root), fetcher, options)
    assert render_tree(result) == (
        "checkout@1.2.0\n├─ platform-config:1.0.0 [ref]\n└─ platform-policy:2.0.0 [ref]\n"
    )
    assert not fetcher.calls


def test_reference_edges_are_never_followed_or_counted() -> None:
    fetcher = FakeFetcher(local={"/f/a": contract("a", configurations=["oci://r.io/cfg:1"])})
    root = contract("root", deps=["../a"], configurations=["oci://r.io/cfg:1"])
    result = resolve(root_at("/f/root", root), fetcher, ResolveOptions(include_references=True))
    child = edges(result.root)[0].node
    assert child is not None and child.dependencies == ()
    assert list(fetcher.calls) == ["../a"]


def test_legacy_configuration_refs_become_reference_edges() -> None:
    from pacto.contract import Contract, LegacyConfiguration, LegacyPolicy, ServiceIdentity

    legacy = Contract(
        pacto_version="1.0",
        service=ServiceIdentity(name="old", version="1.0.0"),
        configuration=LegacyConfiguration(ref="oci://r.io/cfg:1"),
        policy=LegacyPolicy(ref="oci://r.io/pol:1"),
    )
    result = resolve(legacy, None, ResolveOptions(only_references=True))
    assert [e.ref for e in edges(result.root)] == ["oci://r.io/cfg:1", "oci://r.io/pol:1"]


def _fleet(width: int = 6, depth: int = 4) -> tuple[FakeFetcher, FetchedBundle]:
    """A layered fleet where every node depends on three nodes of the next layer."""
    registry = {}
    for level in range(depth):
        for index in range(width):
            deps = []
            if level + 1 < depth:
                deps = [
                    dep(f"oci://r.io/s{level + 1}-{(index + k) % width}", "^1.0.0")
                    for k in range(3)
                ]
            registry[f"r.io/s{level}-{index}"] = {"1.0.0": contract(f"s{level}-{index}", deps=deps)}
    root = contract("root", deps=[dep(f"oci://r.io/s0-{i}", "^1") for i in range(width)])
    return FakeFetcher(registry=registry), root_at("/f/root", root)


class _Jitter:
    """Sleeps a random (seeded) moment before each fetch, so completions come in any order."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)
        self._lock = threading.Lock()

    def __call__(self, ref: str) -> None:
        with self._lock:
            pause = self._random.random() / 500
        time.sleep(pause)


def test_the_result_does_not_depend_on_fetch_timing() -> None:
    fetcher, root = _fleet()
    expected = resolve(root, fetcher, ResolveOptions(max_workers=1))
    for seed in range(5):
        fetcher, root = _fleet()
        fetcher.before_fetch = _Jitter(seed)
        result = resolve(root, fetcher, ResolveOptions(max_workers=8))
        assert result == expected
        assert render_tree(result) == render_tree(expected)


def test_siblings_are_fetched_concurrently() -> None:
    barrier = threading.Barrier(3, timeout=5)
    fetcher = FakeFetcher(
        registry={f"r.io/{n}": {"1.0.0": contract(n)} for n in "abc"},
        before_fetch=lambda ref: barrier.wait(),
    )
    root = contract("root", deps=[f"oci://r.io/{n}:1.0.0" for n in "abc"])
    # Three fetches meet at the barrier only if they run at the same time.
    result = resolve(root, fetcher, ResolveOptions(max_workers=3))
    assert [e.node.name for e in edges(result.root) if e.node] == ["a", "b", "c"]


def test_max_workers_one_fetches_one_at_a_time() -> None:
    active = 0
    peak = 0
    lock = threading.Lock()

    def track(ref: str) -> None:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.001)
        with lock:
            active -= 1

    fetcher, root = _fleet()
    fetcher.before_fetch = track
    resolve(root, fetcher, ResolveOptions(max_workers=1))
    assert peak == 1


def test_stats_count_each_distinct_fetch_by_source() -> None:
    fetcher = checkout_fetcher(cached={"oci://ghcr.io/acme/notify-pacto:1.0.0"})
    stats = resolve(checkout_root_bundle(), fetcher).stats
    # payments, notify 1.0.0 (cache), inventory (local), notify 1.1.0, ledger.
    assert (stats.fetched, stats.from_cache, stats.local, stats.failed) == (3, 1, 1, 0)
    assert stats.total == 5


def test_a_plain_bundle_can_be_the_root() -> None:
    result = resolve(Bundle(contract=contract("solo")), FakeFetcher())
    assert result == Result(root=Node(name="solo", version="1.0.0"))


def test_a_root_without_a_bundle_is_refused() -> None:
    with pytest.raises(ValueError, match="needs a bundle"):
        resolve(FetchedBundle(bundle=None), None)


def test_fetch_sources_are_the_summary_vocabulary() -> None:
    assert [s.value for s in FetchSource] == ["registry", "cache", "local"]


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_a_pinned_tag_outside_its_range_is_noted_in_the_verbose_log() -> None:
    fetcher = FakeFetcher(
        registry={"r.io/x": {"1.0.0": contract("x"), "2.0.0": contract("x", "2.0.0")}}
    )
    root = contract(
        "root", deps=[dep("oci://r.io/x:1.0.0", "^2.0.0"), dep("oci://r.io/x:2.0.0", "^2")]
    )
    # A handler on the module's own logger: the CLI may have stopped "pacto" propagating.
    logger = logging.getLogger("pacto.graph._resolver")
    records, level = _Records(), logger.level
    logger.addHandler(records)
    logger.setLevel(logging.DEBUG)
    try:
        result = resolve(root, fetcher)
    finally:
        logger.removeHandler(records)
        logger.setLevel(level)
    assert [child(e).version for e in edges(result.root)] == ["1.0.0", "2.0.0"]
    assert [m for m in records.messages if "outside its compatibility" in m] == [
        "dependency version outside its compatibility range ref=oci://r.io/x:1.0.0 "
        "version=1.0.0 compatibility=^2.0.0"
    ]
