"""The OCI source against a real registry on loopback: deep discovery of the example fleet from
one repository, prefetch into the disk cache, version enrichment and classification by the
real diff engine, the resolve and versions endpoints, and an unreachable registry reported as
a source error."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pacto.contract import DirectoryFS, load_directory
from pacto.dashboard import engine_differ, open_dashboard
from pacto.dashboard.core import DashboardOptions
from tests.integration.fleet import publishable_fleet
from tests.integration.registry import RunningRegistry, free_port

pytestmark = pytest.mark.integration


def _env(home: Path) -> dict[str, str]:
    return {
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "PATH": "/usr/bin:/bin",
    }


@pytest.fixture(scope="module")
def published(registry_noauth: RunningRegistry, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The example fleet pushed under a fresh namespace, plus two later releases of orders."""
    from pacto.contract import Bundle, parse
    from pacto.oci import build_default_store

    namespace = f"dash-{uuid.uuid4().hex[:8]}"
    target = tmp_path_factory.mktemp("fleet")
    store = build_default_store(_env(tmp_path_factory.mktemp("publisher"))).inner
    try:
        for directory in publishable_fleet(target, registry_noauth.host, namespace):
            bundle = load_directory(directory)
            version = bundle.contract.service.version
            ref = f"{registry_noauth.host}/{namespace}/{directory.name}:{version}"
            store.push(ref, bundle, force=True)
        orders = target / "orders"
        raw = (orders / "pacto.yaml").read_bytes()
        for later in ("1.5.0", "2.0.0"):
            text = raw.replace(b"version: 1.4.2", f"version: {later}".encode(), 1)
            if later == "2.0.0":
                text = text.replace(b"port: 8080", b"port: 9090", 1)
            bundle = Bundle(contract=parse(text), raw_yaml=text, fs=DirectoryFS(orders))
            store.push(f"{registry_noauth.host}/{namespace}/orders:{later}", bundle, force=True)
    finally:
        store.close()
    return namespace


@pytest.fixture
def board(registry_noauth: RunningRegistry, published: str, tmp_path: Path) -> Iterator[Any]:
    from pacto.oci import build_default_store

    env = _env(tmp_path)
    store = build_default_store(env)
    dashboard = open_dashboard(
        directory=str(tmp_path / "no-local"),
        repos=[f"oci://{registry_noauth.host}/{published}/api-gateway"],
        store=store,
        options=DashboardOptions(cache_dir=store.cache_dir(), diagnostics=True),
        differ=engine_differ(),
    )
    yield dashboard
    dashboard.close()
    store.close()


def _wait_for_discovery(board: Any, timeout: float = 120) -> None:
    json.loads(board.services_body())
    deadline = time.monotonic() + timeout
    while board.oci.discovering() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not board.oci.discovering(), "discovery did not finish"


def test_deep_discovery_finds_the_fleet_from_one_repository(board, published):
    _wait_for_discovery(board)
    board.refresh()
    names = sorted(e["name"] for e in json.loads(board.services_body()))
    # Everything reachable from api-gateway through oci:// dependency, config and policy refs.
    assert names == sorted(
        [
            "api-gateway",
            "auth",
            "catalog",
            "catalog-cache",
            "fraud-check",
            "inventory",
            "inventory-db",
            "ledger",
            "notifications",
            "order-store",
            "orders",
            "payments",
            "platform-policy",
            "session-cache",
        ]
    )
    assert board.sources()["discovering"] is False
    graph = json.loads(board.graph_body())
    api_gateway = next(n for n in graph["nodes"] if n["id"] == "api-gateway")
    assert {e["targetId"] for e in api_gateway["edges"] if e["type"] == "dependency"} == {
        "orders",
        "catalog",
        "auth",
    }


def test_when_discovery_reports_done_the_service_list_already_shows_it(board):
    # No refresh and no second read: the index was rebuilt by discovery itself before it
    # reported done, so the UI's last poll (discovering: false) gets the complete list.
    _wait_for_discovery(board)
    names = {e["name"] for e in json.loads(board.services_body())}
    assert len(names) == 14 and {"api-gateway", "ledger", "platform-policy"} <= names


def test_prefetched_versions_carry_hash_time_and_classification(board, registry_noauth, published):
    _wait_for_discovery(board)
    versions = board.versions("orders")
    assert [v["version"] for v in versions] == ["2.0.0", "1.5.0", "1.4.2"]
    assert all(v["ref"].startswith(f"{registry_noauth.host}/{published}/orders:") for v in versions)
    assert all(len(v["contractHash"]) == 64 and v["createdAt"] for v in versions)
    assert versions[0]["classification"] == "BREAKING"  # the interface port changed
    assert "classification" not in versions[2]  # the oldest is never classified
    assert versions[0]["isCurrent"] is True
    diff = board.diff("orders", "1.4.2", "orders", "2.0.0")
    assert diff["classification"] == "BREAKING"
    assert any(c["path"].startswith("interfaces") for c in diff["changes"])


def test_resolve_and_remote_versions_reach_the_registry(board, registry_noauth, published):
    ref = f"oci://{registry_noauth.host}/{published}/nightly-reconciliation"
    details = board.resolve(ref, "^1.0.0")
    assert (details["name"], details["source"]) == ("nightly-reconciliation", "oci")
    assert board.remote_versions(f"{registry_noauth.host}/{published}/orders") == {
        "versions": ["2.0.0", "1.5.0", "1.4.2"]
    }


def test_an_unreachable_registry_is_a_reported_source_error(tmp_path):
    from pacto.oci import build_default_store

    store = build_default_store(_env(tmp_path))
    dashboard = open_dashboard(
        directory=str(tmp_path / "none"),
        repos=[f"127.0.0.1:{free_port()}/nobody/home"],
        store=store,
        options=DashboardOptions(cache_dir=store.cache_dir()),
    )
    try:
        assert json.loads(dashboard.services_body()) == []
        oci = {s["type"]: s for s in dashboard.sources()["sources"]}["oci"]
        assert oci["enabled"] is True
        assert "unreachable" in oci["error"]
    finally:
        dashboard.close()
        store.close()
