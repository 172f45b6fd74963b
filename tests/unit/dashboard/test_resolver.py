"""Source aggregation rules (10-dashboard.md §7) and invariants 1-4."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pacto.dashboard.errors import DiffUnavailableError, ServiceNotFoundError
from pacto.dashboard.model import (
    PUBLIC_SOURCE_TYPES,
    ChecksSummary,
    ComplianceInfo,
    ComplianceStatus,
    Condition,
    ConfigurationInfo,
    ContractStatus,
    DependencyInfo,
    EndpointStatus,
    InterfaceInfo,
    PolicyInfo,
    Ref,
    ResourcesInfo,
    RuntimeInfo,
    Service,
    ServiceDetails,
    Version,
)
from pacto.dashboard.sources.resolver import (
    RESOLVER_VERSION_SOURCES,
    ResolvedSource,
    enrich_version,
    enrich_with_runtime,
    merge_service_entry,
    merge_versions,
    public_source_type,
)
from pacto.dashboard.wire import encode, list_entry_to_wire
from tests.unit.dashboard.fakes import FakeSource


def _sources() -> dict[str, FakeSource]:
    local = FakeSource("local").add(
        "orders",
        version="1.5.0-dev",
        owner="team-local",
        contract_status=ContractStatus.NON_COMPLIANT,
        interfaces=(InterfaceInfo(name="rest", type="http", port=8080),),
        dependencies=(DependencyInfo(name="payments", ref="../payments", required=True),),
    )
    oci = FakeSource("oci").add(
        "orders", version="1.4.0", owner="team-oci", contract_status=ContractStatus.COMPLIANT
    )
    k8s = FakeSource("k8s").add(
        "orders",
        version="1.4.0",
        owner="k8s-owner",
        contract_status=ContractStatus.COMPLIANT,
        namespace="shop",
        resolved_ref="ghcr.io/acme/orders-pacto:1.4.0",
        runtime=RuntimeInfo(workload="service"),
        resources=ResourcesInfo(service_exists=True, workload_exists=True),
        conditions=(Condition(type="PortsValid", status="True"),),
        endpoints=(EndpointStatus(interface="health", healthy=True),),
        checks_summary=ChecksSummary(total=3, passed=3),
        compliance=ComplianceInfo(status=ComplianceStatus.OK, score=100),
        interfaces=(InterfaceInfo(name="k8s-only", type="grpc"),),
        image_ref="ghcr.io/acme/orders:9.9.9",
        version_policy="tracking",
    )
    return {"local": local, "oci": oci, "k8s": k8s}


def test_merge_takes_version_from_local_and_status_from_k8s():
    entries = ResolvedSource(_sources()).list_services()
    assert entries == [
        Service(
            name="orders",
            version="1.5.0-dev",
            owner="team-local",
            contract_status=ContractStatus.COMPLIANT,
            source="local",
            sources=("k8s", "local", "oci"),
        )
    ]


def test_merge_service_entry_uses_contract_status_without_runtime_and_k8s_source_alone():
    contract = Service(name="a", version="1", contract_status=ContractStatus.WARNING, source="oci")
    assert merge_service_entry("a", {"oci": contract}).contract_status == ContractStatus.WARNING
    runtime = Service(name="a", version="2", contract_status=ContractStatus.UNKNOWN, source="k8s")
    merged = merge_service_entry("a", {"k8s": runtime})
    assert (merged.source, merged.version, merged.contract_status) == ("k8s", "", "Unknown")


def test_unknown_runtime_status_leaves_the_entry_unknown_as_the_reference_does():
    entries = {
        "local": Service(name="a", contract_status=ContractStatus.COMPLIANT, source="local"),
        "k8s": Service(name="a", contract_status=ContractStatus.UNKNOWN, source="k8s"),
    }
    assert merge_service_entry("a", entries).contract_status == ContractStatus.UNKNOWN


def test_runtime_enrichment_keeps_local_contract_content_and_adds_runtime_facts():
    merged = ResolvedSource(_sources()).get_service("orders")
    assert merged.source == "local"
    assert merged.sources == ("k8s", "local", "oci")
    assert [i.name for i in merged.interfaces] == ["rest"]
    assert merged.dependencies[0].ref == "../payments"
    assert merged.runtime == RuntimeInfo(workload="service")
    assert merged.conditions and merged.endpoints and merged.resources
    assert merged.namespace == "shop"
    assert merged.version_policy == "tracking"
    assert merged.contract_status == ContractStatus.COMPLIANT


def test_invariant_1_only_public_source_names_appear():
    assert PUBLIC_SOURCE_TYPES == ("local", "oci", "k8s")
    assert public_source_type("cache") == "oci"
    with pytest.raises(ValueError, match="cache"):
        ResolvedSource({"cache": FakeSource("oci")})
    cache_as_oci = FakeSource("oci").add("a", version="1.0.0")
    resolved = ResolvedSource({"oci": cache_as_oci})
    body = encode([list_entry_to_wire_entry(s) for s in resolved.list_services()]).decode()
    assert "cache" not in body
    assert resolved.get_service("a").sources == ("oci",)


def list_entry_to_wire_entry(service: Service) -> dict[str, object]:
    from pacto.dashboard.model import ServiceListEntry

    return list_entry_to_wire(ServiceListEntry(service=service))


def test_invariant_2_resolver_version_sources_are_k8s_oci_local():
    assert RESOLVER_VERSION_SOURCES == ("k8s", "oci", "local")
    sources = _sources()
    sources["k8s"].versions["orders"] = [Version(version="1.0.0", contract_hash="abc")]
    sources["oci"].versions["orders"] = [
        Version(version="1.0.0", ref="r:1.0.0", contract_hash="ignored"),
        Version(version="1.1.0", ref="r:1.1.0"),
    ]
    sources["local"].versions["orders"] = [Version(version="1.1.0", ref="local-ignored")]
    merged = ResolvedSource(sources).get_versions("orders")
    assert merged == [
        Version(version="1.1.0", ref="r:1.1.0", source="oci"),
        Version(version="1.0.0", ref="r:1.0.0", contract_hash="abc", source="k8s"),
    ]


def test_invariant_3_kubernetes_never_overrides_contract_content():
    contract = ServiceDetails(
        name="orders",
        version="1.0.0",
        owner="team",
        image_ref="img:1",
        chart_ref="chart",
        metadata={"tier": "gold"},
        interfaces=(InterfaceInfo(name="rest", type="http"),),
        configuration=ConfigurationInfo(has_schema=True, schema="s.json"),
        dependencies=(DependencyInfo(name="a", ref="a"),),
        policy=PolicyInfo(has_schema=False, ref="p"),
    )
    runtime = ServiceDetails(
        name="orders",
        version="9.9.9",
        owner="other",
        image_ref="img:9",
        chart_ref="other-chart",
        metadata={"tier": "bronze"},
        interfaces=(InterfaceInfo(name="grpc", type="grpc"),),
        configuration=ConfigurationInfo(has_schema=False, ref="x"),
        dependencies=(DependencyInfo(name="b", ref="b"),),
        policy=PolicyInfo(has_schema=True),
        contract_status=ContractStatus.WARNING,
        runtime=RuntimeInfo(workload="job"),
    )
    merged = enrich_with_runtime(contract, runtime)
    for attribute in (
        "name",
        "version",
        "owner",
        "image_ref",
        "chart_ref",
        "metadata",
        "interfaces",
        "configuration",
        "dependencies",
        "policy",
    ):
        assert getattr(merged, attribute) == getattr(contract, attribute), attribute
    assert merged.contract_status == ContractStatus.WARNING
    assert merged.runtime == RuntimeInfo(workload="job")


def test_invariant_4_exactly_one_contract_snapshot_wins_local_beats_oci():
    local = FakeSource("local").add("svc", version="2.0.0", owner="")  # empty owner
    oci = FakeSource("oci").add(
        "svc",
        version="1.0.0",
        owner="oci-owner",
        image_ref="from-oci",
        interfaces=(InterfaceInfo(name="oci-if", type="http"),),
    )
    merged = ResolvedSource({"oci": oci, "local": local}).get_service("svc")
    # No field-level merging: the empty owner and missing interfaces of local stay empty.
    assert (merged.version, merged.owner, merged.image_ref, merged.interfaces) == (
        "2.0.0",
        "",
        "",
        (),
    )
    assert merged.source == "local"
    assert merged.sources == ("local", "oci")


def test_a_failing_source_is_skipped_and_its_error_reported():
    sources = _sources()
    sources["k8s"].fail = "cluster gone"
    resolved = ResolvedSource(sources)
    entries = resolved.list_services()
    assert entries[0].sources == ("local", "oci")
    assert resolved.source_errors() == {"k8s": "cluster gone"}
    sources["k8s"].fail = ""
    resolved.list_services()
    assert resolved.source_errors() == {}


def test_unknown_service_is_not_found_in_any_source():
    with pytest.raises(ServiceNotFoundError, match='service "x" not found in any source'):
        ResolvedSource(_sources()).get_service("x")


def test_versions_without_history_raise_not_found():
    with pytest.raises(ServiceNotFoundError, match="no version history"):
        ResolvedSource(_sources()).get_versions("orders")


def test_enrich_version_fills_only_empty_fields():
    when = datetime(2026, 1, 1, tzinfo=UTC)
    existing = Version(version="1.0.0", contract_hash="keep")
    new = Version(
        version="1.0.0", contract_hash="x", created_at=when, classification="BREAKING", ref="r"
    )
    assert enrich_version(existing, new) == Version(
        version="1.0.0", contract_hash="keep", created_at=when, classification="BREAKING", ref="r"
    )


def test_merge_versions_labels_the_first_source_that_reported_each_version():
    merged = merge_versions(
        [("oci", [Version(version="1.0.0")]), ("local", [Version(version="2.0.0")])]
    )
    assert [(v.version, v.source) for v in merged] == [("2.0.0", "local"), ("1.0.0", "oci")]


def test_diff_prefers_oci_then_local_and_not_found_when_nobody_has_it():
    sources = _sources()
    resolved = ResolvedSource(sources)
    resolved.get_diff(Ref(name="orders"), Ref(name="orders"))
    assert "diff" in sources["oci"].calls and "diff" not in sources["local"].calls
    with pytest.raises(ServiceNotFoundError, match="diff requires contract bundle data"):
        resolved.get_diff(Ref(name="nope"), Ref(name="nope"))
    sources["oci"].fail = "registry down"
    sources["local"].fail = "disk gone"
    with pytest.raises(DiffUnavailableError, match="registry down"):
        resolved.get_diff(Ref(name="orders"), Ref(name="orders"))


def test_aggregated_view_lists_each_source_in_priority_order():
    aggregated = ResolvedSource(_sources()).get_aggregated("orders")
    assert [s.source_type for s in aggregated.sources] == ["local", "oci", "k8s"]
    assert aggregated.merged.version == "1.5.0-dev"


def test_runtime_source_can_be_swapped_and_contract_sources_added():
    sources = _sources()
    resolved = ResolvedSource({"local": sources["local"]})
    resolved.add_contract_source("oci", sources["oci"])
    resolved.set_runtime_source(sources["k8s"])
    assert sorted(resolved.sources()) == ["k8s", "local", "oci"]
    resolved.set_runtime_source(None)
    assert sorted(resolved.sources()) == ["local", "oci"]
