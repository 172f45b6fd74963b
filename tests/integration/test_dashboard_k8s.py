"""The Kubernetes source against a loopback API server, through a real kubeconfig and the real
``kubernetes`` client; the fake itself is checked with ``kubectl`` as an independent client."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pacto.dashboard import Dashboard, KubeSettings, open_dashboard
from pacto.dashboard.core import DashboardOptions
from pacto.dashboard.errors import KubernetesPermanentError, KubernetesUnreachableError
from pacto.dashboard.sources.detect import DetectResult, dedupe_source_infos, detect_k8s
from pacto.dashboard.sources.k8s import KubernetesClient
from tests.integration.fake_apiserver import FakeAPIServer, pacto, revision
from tests.unit.dashboard.fakes import FakeStore

pytestmark = pytest.mark.integration

ORDERS_STATUS = {
    "contractStatus": "Warning",
    "contractVersion": "1.4.2",
    "contract": {
        "serviceName": "orders",
        "version": "1.4.2",
        "owner": "team/checkout",
        "resolvedRef": "ghcr.io/acme-shop/orders-pacto:1.4.2",
        "currentRevision": "orders-1-4-2",
        "resolutionPolicy": "Latest",
    },
    "summary": {"total": 3, "passed": 2, "failed": 1},
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
            "type": "ContractValid",
            "status": "True",
            "reason": "Parsed",
            "lastTransitionTime": "2026-04-01T10:00:00Z",
        },
        {
            "type": "PortsValid",
            "status": "False",
            "reason": "MissingPorts",
            "severity": "error",
            "lastTransitionTime": "2026-04-01T10:00:00Z",
        },
    ],
    "runtime": {
        "workload": "service",
        "upgradeStrategy": "rolling",
        "gracefulShutdownSeconds": 45,
        "stateType": "stateless",
    },
    "observedRuntime": {
        "workloadKind": "Deployment",
        "deploymentStrategy": "RollingUpdate",
        "terminationGracePeriodSeconds": 30,
        "containerImages": ["ghcr.io/x:1"],
    },
    "resources": {
        "service": {"exists": True, "name": "orders"},
        "workload": {"exists": True, "name": "orders", "kind": "Deployment"},
    },
    "lastReconciledAt": "2026-04-01T10:05:00Z",
    "observedGeneration": 1,
}


@pytest.fixture
def apiserver() -> Iterator[FakeAPIServer]:
    server = FakeAPIServer().start()
    server.add(
        "pactos",
        pacto("orders", "shop", status=ORDERS_STATUS, oci="ghcr.io/acme-shop/orders-pacto"),
    )
    server.add(
        "pactos",
        pacto(
            "payments",
            "shop",
            status={
                "contractStatus": "Compliant",
                "contract": {"serviceName": "payments", "version": "2.0.1"},
            },
        ),
    )
    server.add(
        "pactos",
        pacto(
            "shared-config",
            "platform",
            status={"contractStatus": "Reference", "contract": {"serviceName": "shared-config"}},
        ),
    )
    server.add(
        "pactorevisions",
        revision(
            "orders",
            "1.4.2",
            oci="ghcr.io/acme-shop/orders-pacto:1.4.2",
            contractHash="a" * 64,
            createdAt="2026-03-01T00:00:00Z",
        ),
    )
    server.add(
        "pactorevisions",
        revision(
            "orders", "1.4.0", oci="ghcr.io/acme-shop/orders-pacto:1.4.0", contractHash="b" * 64
        ),
    )
    yield server
    server.stop()


@pytest.fixture
def kubeconfig(apiserver: FakeAPIServer, tmp_path: Path) -> Path:
    return apiserver.write_kubeconfig(tmp_path / "kube" / "config")


def kubectl(kubeconfig: Path, *args: str) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("kubectl")
    if binary is None:
        pytest.fail("kubectl is not installed (it ships with the image's google-cloud-cli)")
    env = {**os.environ, "KUBECONFIG": str(kubeconfig), "HOME": str(kubeconfig.parent)}
    return subprocess.run(
        [binary, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


# -- the fake, checked by kubectl --------------------------------------------------------------


def test_kubectl_lists_the_fake_resources_in_the_real_list_format(apiserver, kubeconfig):
    result = kubectl(kubeconfig, "get", "pactos", "-A", "-o", "json")
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    assert [(i["metadata"]["namespace"], i["metadata"]["name"]) for i in listed["items"]] == [
        ("shop", "orders"),
        ("shop", "payments"),
        ("platform", "shared-config"),
    ]
    assert listed["items"][0]["status"] == ORDERS_STATUS
    result = kubectl(kubeconfig, "get", "pactorevisions", "-n", "shop", "-o", "json")
    assert [i["spec"]["version"] for i in json.loads(result.stdout)["items"]] == ["1.4.2", "1.4.0"]


def test_kubectl_gets_one_resource_and_discovers_the_crd(apiserver, kubeconfig):
    result = kubectl(
        kubeconfig,
        "get",
        "pacto",
        "orders",
        "-n",
        "shop",
        "-o",
        "jsonpath={.status.contract.resolvedRef}",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ghcr.io/acme-shop/orders-pacto:1.4.2"
    result = kubectl(kubeconfig, "api-resources", "--api-group=pacto.trianalab.io", "-o", "name")
    assert result.stdout.split() == [
        "pactorevisions.pacto.trianalab.io",
        "pactos.pacto.trianalab.io",
    ]
    result = kubectl(kubeconfig, "get", "pacto", "ghost", "-n", "shop")
    assert result.returncode != 0 and 'pactos.pacto.trianalab.io "ghost" not found' in result.stderr


def test_kubectl_sees_a_missing_crd_and_rbac_denials(apiserver, kubeconfig):
    apiserver.forbidden.add("pactos")
    result = kubectl(kubeconfig, "get", "pactos", "-A")
    assert result.returncode != 0
    assert "is forbidden" in result.stderr and 'cannot list resource "pactos"' in result.stderr
    apiserver.forbidden.clear()
    apiserver.crd_installed = False
    result = kubectl(kubeconfig, "get", "pactos.pacto.trianalab.io", "-A")
    assert result.returncode != 0
    assert "the server doesn't have a resource type" in result.stderr


# -- the real kubernetes client -----------------------------------------------------------


def test_the_kubernetes_client_reads_version_discovery_lists_and_objects(apiserver, kubeconfig):
    client = KubernetesClient(KubeSettings(kubeconfig=str(kubeconfig)))
    assert client.server_version() == "v1.30.13"
    crd = client.discover()
    assert crd is not None
    assert (crd.chosen_version, crd.resource, crd.versions) == ("v1alpha1", "pactos", ("v1alpha1",))
    assert len(client.list_objects("v1alpha1", "pactos", "")) == 3
    assert len(client.list_objects("v1alpha1", "pactos", "shop")) == 2
    assert client.get_object("v1alpha1", "pactos", "shop", "orders")["status"] == ORDERS_STATUS
    assert client.current_context() == "fake"
    assert "/version/" in apiserver.requests or "/version" in apiserver.requests


def test_the_kubernetes_client_errors_are_translated(apiserver, kubeconfig):
    client = KubernetesClient(KubeSettings(kubeconfig=str(kubeconfig)))
    apiserver.forbidden.add("pactos")
    with pytest.raises(KubernetesPermanentError, match="403") as forbidden:
        client.list_objects("v1alpha1", "pactos", "")
    assert forbidden.value.status == 403
    apiserver.forbidden.clear()
    apiserver.crd_installed = False
    assert client.discover() is None
    with pytest.raises(KubernetesPermanentError, match="could not find the requested resource"):
        client.list_objects("v1alpha1", "pactos", "")
    apiserver.stop()
    with pytest.raises(KubernetesUnreachableError):
        client.server_version()


def test_detection_through_a_real_kubeconfig(apiserver, kubeconfig):
    result = DetectResult()
    detect_k8s(KubeSettings(kubeconfig=str(kubeconfig)), "shop", result)
    (info,) = result.sources
    assert (info.enabled, info.reason) == (
        True,
        "cluster reachable, CRD found (pactos), 2 resources",
    )
    assert result.diagnostics.k8s.kubeconfig_path == str(kubeconfig)
    source = result.k8s
    assert source is not None
    details = source.get_service("orders")
    assert (details.namespace, details.version_policy, details.contract_status) == (
        "shop",
        "tracking",
        "Warning",
    )
    assert [e.interface for e in details.endpoints] == ["health"]
    assert [r.status for r in details.runtime_diff][:2] == ["match", "match"]
    assert [v.version for v in source.get_versions("orders")] == ["1.4.2", "1.4.0"]


def test_an_unreachable_cluster_is_disabled(tmp_path):
    server = FakeAPIServer().start()
    kubeconfig = server.write_kubeconfig(tmp_path / "config")
    server.stop()
    result = DetectResult()
    detect_k8s(KubeSettings(kubeconfig=str(kubeconfig)), "", result)
    assert (result.sources[0].enabled, result.sources[0].reason) == (False, "cluster not reachable")


# -- the whole dashboard ------------------------------------------------------------------------


def _open(kubeconfig: Path, directory: str, **kwargs: Any) -> Dashboard:
    return open_dashboard(
        directory=directory,
        kube=KubeSettings(kubeconfig=str(kubeconfig)),
        options=DashboardOptions(diagnostics=True),
        **kwargs,
    )


def test_runtime_from_kubernetes_merges_with_local_contracts(apiserver, kubeconfig, examples_dir):
    from anyio.from_thread import start_blocking_portal

    from pacto.dashboard.server import create_app
    from tests.unit.dashboard.conftest import ApiClient

    board = _open(kubeconfig, str(examples_dir))
    try:
        with start_blocking_portal() as portal:
            client = ApiClient(create_app(board), portal)
            entries = {e["name"]: e for e in client.get("/api/services").json()}
            orders = entries["orders"]
            assert (orders["source"], orders["sources"], orders["contractStatus"]) == (
                "local",
                ["k8s", "local"],
                "Warning",
            )
            assert (orders["namespace"], orders["checksFailed"]) == ("shop", 1)
            assert entries["shared-config"]["complianceStatus"] == "REFERENCE"
            details = client.get("/api/services/orders").json()
            assert details["version"] == "1.4.2" and details["interfaces"][0]["name"] == "rest"
            assert details["resolvedRef"] == "ghcr.io/acme-shop/orders-pacto:1.4.2"
            versions = client.get("/api/services/orders/versions").json()
            assert versions[0] == {
                "version": "1.4.2",
                "ref": "ghcr.io/acme-shop/orders-pacto:1.4.2",
                "contractHash": "a" * 64,
                "createdAt": "2026-03-01T00:00:00Z",
                "source": "k8s",
                "isCurrent": True,
            }
            client.close()
    finally:
        board.close()


def test_a_missing_crd_drops_the_source_with_no_retry_loop(apiserver, kubeconfig, examples_dir):
    apiserver.crd_installed = False
    board = _open(kubeconfig, str(examples_dir), store=FakeStore())
    try:
        assert board.detection.k8s is None
        assert "k8s" not in board.resolved.sources()
        infos = {i.type: i for i in dedupe_source_infos(board.detection.sources)}
        assert not infos["k8s"].enabled
        assert "could not find the requested resource" in infos["k8s"].reason
        before = len(apiserver.requests)
        for _ in range(3):
            board.services_body()
            board.refresh()
            board.services_body()
        assert len(apiserver.requests) == before  # nothing polls the cluster again
    finally:
        board.close()


def test_rbac_denial_disables_the_source_and_says_why(apiserver, kubeconfig, examples_dir):
    apiserver.forbidden.add("pactos")
    board = _open(kubeconfig, str(examples_dir))
    try:
        sources = {s["type"]: s for s in board.sources()["sources"]}
        assert sources["k8s"]["enabled"] is False
        assert "forbidden" in sources["k8s"]["reason"]
        assert json.loads(board.services_body())  # local still serves
    finally:
        board.close()


def test_a_cluster_that_goes_away_is_reported_not_silently_empty(apiserver, kubeconfig, tmp_path):
    board = _open(kubeconfig, str(tmp_path))
    try:
        assert len(json.loads(board.services_body())) == 3
        apiserver.stop()
        board.memory.invalidate_all()
        assert board.detection.k8s is not None
        board.detection.k8s._pactos._at = -1e18  # expire the 3 s list
        board.index.drop()
        board.services_body()
        sources = {s["type"]: s for s in board.sources()["sources"]}
        assert sources["k8s"]["enabled"] is True and sources["k8s"]["error"]
    finally:
        board.close()


def test_a_context_switch_swaps_the_runtime_source(apiserver, kubeconfig, tmp_path):
    other = FakeAPIServer().start()
    try:
        other.add(
            "pactos",
            pacto(
                "billing",
                "finance",
                status={"contractStatus": "Compliant", "contract": {"serviceName": "billing"}},
            ),
        )
        board = _open(kubeconfig, str(tmp_path))
        try:
            assert "orders" in board.services_body().decode()
            config = json.loads(kubeconfig.read_text())
            config["clusters"].append({"name": "other", "cluster": {"server": other.url}})
            config["contexts"].append(
                {"name": "other", "context": {"cluster": "other", "user": "fake"}}
            )
            config["current-context"] = "other"
            kubeconfig.write_text(json.dumps(config))
            board.refresh()
            names = [e["name"] for e in json.loads(board.services_body())]
            assert names == ["billing"]
        finally:
            board.close()
    finally:
        other.stop()


def test_the_kubernetes_library_is_imported_only_when_a_cluster_is_configured(examples_dir):
    code = (
        "import sys\n"
        "from pacto.dashboard import open_dashboard\n"
        f"board = open_dashboard(directory={str(examples_dir)!r})\n"
        "board.services_body()\n"
        "assert 'kubernetes' not in sys.modules, 'kubernetes imported'\n"
        "board.close()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
