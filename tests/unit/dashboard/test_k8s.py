"""Decoding ``Pacto``/``PactoRevision`` objects (§11.4-§11.5) and the k8s source (§6.6)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pacto.dashboard.errors import (
    DiffUnavailableError,
    KubernetesPermanentError,
    KubernetesUnreachableError,
    ServiceNotFoundError,
)
from pacto.dashboard.model import ContractStatus, Ref
from pacto.dashboard.sources.k8s import K8sSource, _translate
from pacto.dashboard.sources.k8s_mapping import (
    service_details_from_k8s,
    service_from_k8s,
    version_from_revision,
)
from tests.unit.dashboard.fakes import FakeKubeClient, pacto_object, revision_object

NOW = datetime(2026, 4, 1, 10, 10, tzinfo=UTC)

SPEC_EXAMPLE = {
    "apiVersion": "pacto.trianalab.io/v1alpha1",
    "kind": "Pacto",
    "metadata": {"name": "orders", "namespace": "shop"},
    "spec": {
        "contractRef": {"oci": "ghcr.io/acme/orders-pacto"},
        "target": {"serviceName": "orders"},
    },
    "status": {
        "contractStatus": "Warning",
        "contractVersion": "1.4.0",
        "contract": {
            "serviceName": "orders",
            "version": "1.4.0",
            "owner": "team-commerce",
            "resolvedRef": "ghcr.io/acme/orders-pacto:1.4.0",
            "currentRevision": "orders-1-4-0",
            "resolutionPolicy": "Latest",
        },
        "summary": {"total": 10, "passed": 9, "failed": 1},
        "ports": {"expected": [8080, 9090], "observed": [8080], "missing": [9090]},
        "endpoints": {
            "health": {
                "url": "http://orders.shop:8080/healthz",
                "reachable": True,
                "statusCode": 200,
                "latencyMs": 12,
            }
        },
        "conditions": [
            {
                "type": "PortsValid",
                "status": "False",
                "reason": "MissingPorts",
                "severity": "error",
                "lastTransitionTime": "2026-04-01T10:00:00Z",
            }
        ],
        "lastReconciledAt": "2026-04-01T10:05:00Z",
    },
}


def test_the_spec_example_maps_as_documented():
    details = service_details_from_k8s(SPEC_EXAMPLE, NOW)
    assert (details.name, details.version, details.namespace) == ("orders", "1.4.0", "shop")
    assert details.contract_status == ContractStatus.WARNING
    assert details.version_policy == "tracking"
    assert details.resolved_ref == "ghcr.io/acme/orders-pacto:1.4.0"
    assert details.current_revision == "orders-1-4-0"
    assert details.checks_summary is not None and details.checks_summary.total == 10
    assert details.ports is not None and details.ports.missing == (9090,)
    (endpoint,) = details.endpoints
    assert (endpoint.interface, endpoint.type, endpoint.healthy, endpoint.latency_ms) == (
        "health",
        "health",
        True,
        12,
    )
    assert details.conditions[0].last_transition_ago == "10m ago"
    assert details.last_reconciled_at == "5m ago"
    assert details.compliance is not None
    assert (details.compliance.status, details.compliance.score) == ("ERROR", 0)
    assert details.source == "k8s"


@pytest.mark.parametrize(
    "endpoints",
    [
        {"health": {"url": "u", "reachable": False}},
        {"interface": "health", "type": "health", "url": "u", "healthy": False},
        [{"interface": "health", "type": "health", "url": "u", "healthy": False}],
    ],
    ids=["map", "single-object", "array"],
)
def test_endpoints_decode_from_map_single_object_and_array(endpoints):
    resource = pacto_object("a", status={"endpoints": endpoints})
    (endpoint,) = service_details_from_k8s(resource, NOW).endpoints
    assert (endpoint.interface, endpoint.url, endpoint.healthy) == ("health", "u", False)


def test_list_fields_accept_single_objects_and_null():
    resource = pacto_object(
        "a",
        status={
            "interfaces": {"name": "rest", "type": "http", "port": 8080},
            "dependencies": None,
            "conditions": None,
            "insights": {"severity": "info", "title": "t"},
        },
    )
    details = service_details_from_k8s(resource, NOW)
    assert [i.name for i in details.interfaces] == ["rest"]
    assert details.dependencies == () and details.conditions == ()
    assert [i.title for i in details.insights] == ["t"]


def test_unknown_contract_status_becomes_unknown():
    assert service_from_k8s(pacto_object("a", contract_status="Bogus")).contract_status == "Unknown"
    assert service_from_k8s(pacto_object("a", contract_status="")).contract_status == "Unknown"


def test_service_name_falls_back_to_the_resource_name_when_empty():
    resource = pacto_object("orders-resource", service_name="")
    resource["status"]["contract"]["serviceName"] = ""
    assert service_from_k8s(resource).name == "orders-resource"


def test_revision_maps_to_a_version_and_ignores_bad_timestamps():
    version = version_from_revision(
        revision_object("orders", "1.0.0", contractHash="abc", createdAt="nope", oci="r:1.0.0")
    )
    assert (version.version, version.contract_hash, version.ref, version.created_at) == (
        "1.0.0",
        "abc",
        "r:1.0.0",
        None,
    )


def _source(client: FakeKubeClient, **kwargs) -> tuple[K8sSource, list[float]]:
    now = [0.0]
    return K8sSource(client, clock=lambda: now[0], now=lambda: NOW, **kwargs), now


def test_the_pacto_list_is_cached_for_three_seconds():
    client = FakeKubeClient([pacto_object("a"), pacto_object("b")])
    source, now = _source(client)
    assert [s.name for s in source.list_services()] == ["a", "b"]
    source.get_service("a")
    assert client.list_calls == 1
    now[0] = 3.5
    source.list_services()
    assert client.list_calls == 2


def test_errors_are_cached_too():
    client = FakeKubeClient()
    client.errors["pactos"] = KubernetesUnreachableError("gone")
    source, _now = _source(client)
    for _ in range(3):
        with pytest.raises(KubernetesUnreachableError):
            source.list_services()
    assert client.list_calls == 1


def test_get_service_resolves_through_the_list_in_namespaced_mode():
    client = FakeKubeClient([pacto_object("orders-res", service_name="orders")])
    source, _ = _source(client, namespace="shop")
    assert source.get_service("orders").name == "orders"
    assert source.get_service("orders-res").name == "orders"
    with pytest.raises(ServiceNotFoundError, match='pacto resource "x" not found'):
        source.get_service("x")


def test_same_name_in_several_namespaces_prefers_the_configured_one():
    client = FakeKubeClient(
        [
            pacto_object("a", namespace="other", version="1"),
            pacto_object("a", namespace="shop", version="2"),
        ]
    )
    source, _ = _source(client, namespace="shop")
    client.objects["pactos"][0]["metadata"]["namespace"] = "shop"  # both visible
    assert source.list_services()[0].version == "2"


def test_versions_come_from_revisions_sorted_latest_first():
    client = FakeKubeClient(
        revisions=[
            revision_object("orders", "1.0.0", contractHash="a"),
            revision_object("orders", "1.10.0"),
            revision_object("other", "9.0.0"),
        ]
    )
    source, _ = _source(client)
    assert [v.version for v in source.get_versions("orders")] == ["1.10.0", "1.0.0"]


def test_k8s_source_cannot_diff():
    source, _ = _source(FakeKubeClient())
    with pytest.raises(DiffUnavailableError, match="diff not yet supported for k8s source"):
        source.get_diff(Ref(name="a"), Ref(name="a"))


class _ApiError(Exception):
    def __init__(self, status: int, reason: str = "") -> None:
        self.status = status
        self.reason = reason


@pytest.mark.parametrize("status", [401, 403, 404])
def test_not_found_and_access_denied_are_permanent(status):
    error = _translate(_ApiError(status, "Forbidden"), "listing pactos")
    assert isinstance(error, KubernetesPermanentError)
    assert error.status == status


def test_connection_failures_are_unreachable():
    assert isinstance(
        _translate(ConnectionRefusedError("refused"), "x"), KubernetesUnreachableError
    )
    not_found = _translate(_ApiError(404), "listing pactos")
    assert "the server could not find the requested resource" in str(not_found)
