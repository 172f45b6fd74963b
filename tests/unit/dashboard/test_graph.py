"""Aliases, blast radius, graphs, dependents and cross-references (§8.2-§8.7)."""

from __future__ import annotations

from pacto.dashboard.graph import (
    NameResolver,
    blast_radii,
    build_dependency_graph,
    build_global_graph,
    build_ref_aliases,
    cross_references,
    find_dependents,
)
from pacto.dashboard.model import (
    ConfigurationInfo,
    ContractStatus,
    DependencyInfo,
    PolicyInfo,
    ServiceDetails,
)


def _svc(name: str, *deps: tuple[str, bool], **fields: object) -> ServiceDetails:
    dependencies = tuple(DependencyInfo(name=r, ref=r, required=req) for r, req in deps)
    return ServiceDetails(name=name, dependencies=dependencies, **fields)  # type: ignore[arg-type]


def _index(*services: ServiceDetails) -> dict[str, ServiceDetails]:
    return {s.name: s for s in services}


def _names(index: dict[str, ServiceDetails]) -> NameResolver:
    return NameResolver(frozenset(index), build_ref_aliases(index))


def test_blast_radius_counts_transitive_required_dependents_only():
    index = _index(
        _svc("auth"),
        _svc("api", ("auth", True)),
        _svc("web", ("api", True)),
        _svc("batch", ("auth", False)),
    )
    radii = blast_radii(index, _names(index))
    assert radii == {"auth": 2, "api": 1, "web": 0, "batch": 0}


def test_blast_radius_terminates_on_cycles():
    index = _index(_svc("a", ("b", True)), _svc("b", ("a", True)))
    assert blast_radii(index, _names(index)) == {"a": 1, "b": 1}


def test_image_ref_aliases_and_pacto_suffix_resolve_to_indexed_names():
    index = _index(
        _svc("orders", image_ref="ghcr.io/acme/orders-pacto:1.0.0"),
        _svc("payments"),
        _svc("web", ("oci://ghcr.io/acme/orders-pacto:1.0.0", True), ("payments-pacto", True)),
    )
    names = _names(index)
    assert build_ref_aliases(index) == {"orders-pacto": "orders"}
    assert names.resolve("orders-pacto") == "orders"
    assert names.resolve("payments-pacto") == "payments"
    assert names.resolve("unknown-pacto") == "unknown-pacto"
    assert blast_radii(index, names)["orders"] == 1
    assert [d.name for d in find_dependents("payments", index, names)] == ["web"]


def test_global_graph_has_external_nodes_reference_edges_and_skips_self_references():
    index = _index(
        _svc(
            "api",
            ("auth", True),
            ("missing", False),
            configuration=ConfigurationInfo(ref="oci://r/platform:1.0.0"),
            policy=PolicyInfo(ref="api"),
        ),
        _svc("auth"),
        _svc("platform"),
    )
    services = [s.summary() for s in index.values()]
    nodes = build_global_graph(services, index, _names(index))
    assert [n.id for n in nodes] == ["missing", "api", "auth", "platform"]
    missing, api = nodes[0], nodes[1]
    assert missing.status == "external" and not missing.edges
    assert [(e.target_id, e.type, e.resolved, e.required) for e in api.edges] == [
        ("auth", "dependency", True, True),
        ("missing", "dependency", False, False),
        ("platform", "reference", True, False),
    ]


def test_global_graph_ids_are_unique_when_a_listed_service_was_external_first():
    index = _index(_svc("a", ("b", True)))
    services = [index["a"].summary(), ServiceDetails(name="b").summary()]
    nodes = build_global_graph(services, index, _names(index))
    assert [n.id for n in nodes] == ["a", "b"]
    assert nodes[1].status == "Unknown"


def test_per_service_graph_collapses_cycles_and_marks_unresolved_edges():
    index = _index(_svc("a", ("b", True), ("ghost", False)), _svc("b", ("a", True)))
    graph = build_dependency_graph(index["a"], index, _names(index))
    b_edge, ghost_edge = graph.root.dependencies
    assert b_edge.node is not None and b_edge.node.name == "b"
    back = b_edge.node.dependencies[0].node
    assert back is not None and back.name == "a" and back.dependencies == ()
    assert ghost_edge.error == "not resolved" and ghost_edge.node is None


def test_dependents_are_sorted_and_take_the_first_matching_dependency():
    index = _index(
        _svc("auth"),
        _svc("web", ("auth", False), ("auth", True)),
        _svc("api", ("auth", True), contract_status=ContractStatus.WARNING),
    )
    found = find_dependents("auth", index, _names(index))
    assert [(d.name, d.required, d.contract_status) for d in found] == [
        ("api", True, "Warning"),
        ("web", False, "Unknown"),
    ]
    assert find_dependents("nobody", index, _names(index)) == []


def test_cross_references_in_both_directions():
    index = _index(
        _svc("platform", contract_status=ContractStatus.COMPLIANT),
        _svc(
            "api",
            configuration=ConfigurationInfo(ref="../platform"),
            policy=PolicyInfo(ref="oci://r/platform-pacto:1.0.0"),
        ),
    )
    names = _names(index)
    outgoing = cross_references("api", index, names)
    assert [(r.name, r.ref_type, r.contract_status) for r in outgoing.references] == [
        ("platform", "config", "Compliant"),
        ("platform", "policy", "Compliant"),
    ]
    incoming = cross_references("platform", index, names)
    assert [(r.name, r.ref_type) for r in incoming.referenced_by] == [
        ("api", "config"),
        ("api", "policy"),
    ]
    assert cross_references("unknown", index, names).references == ()
