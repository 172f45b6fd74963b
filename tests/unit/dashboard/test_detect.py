"""Source detection, Kubernetes → OCI enrichment and start-up (§5, §2.3) — invariants 6, 8."""

from __future__ import annotations

from pathlib import Path

import pytest

from pacto.dashboard import NoSourcesError, open_dashboard
from pacto.dashboard.core import DashboardOptions
from pacto.dashboard.errors import KubernetesPermanentError
from pacto.dashboard.model import SourceInfo
from pacto.dashboard.sources.detect import (
    DetectResult,
    active_sources,
    dedupe_source_infos,
    detect_k8s,
    detect_sources,
    enrich_from_k8s,
)
from pacto.dashboard.sources.k8s import KubeSettings
from tests.unit.dashboard.fakes import FakeKubeClient, FakeStore, contract_yaml, pacto_object
from tests.unit.dashboard.test_sources import materialise, write_bundle

KUBE = KubeSettings(kubeconfig="/fake/kubeconfig")


def _reasons(result: DetectResult) -> dict[str, tuple[bool, str]]:
    return {i.type: (i.enabled, i.reason) for i in dedupe_source_infos(result.sources)}


def test_local_detection_reasons(tmp_path):
    write_bundle(tmp_path / "svc", contract_yaml("svc"))
    assert _reasons(detect_sources(directory=str(tmp_path)))["local"] == (
        True,
        "pacto.yaml found in subdirectory svc",
    )
    assert _reasons(detect_sources(directory=str(tmp_path / "svc")))["local"] == (
        True,
        f"pacto.yaml found in {tmp_path / 'svc'}",
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _reasons(detect_sources(directory=str(empty)))["local"] == (
        False,
        f"no pacto.yaml found in {empty}",
    )
    enabled, reason = _reasons(detect_sources(directory=str(tmp_path / "nope")))["local"]
    assert not enabled and reason.startswith("cannot read directory:")


def test_oci_detection_reasons():
    assert _reasons(detect_sources(directory="/nonexistent"))["oci"] == (
        False,
        "OCI registry client not configured",
    )
    result = detect_sources(directory="/nonexistent", store=FakeStore())
    assert _reasons(result)["oci"] == (
        False,
        "no OCI repositories specified (pass oci://registry/repo as argument)",
    )
    result = detect_sources(directory="/nonexistent", store=FakeStore(), repos=["oci://r/a", "r/b"])
    assert _reasons(result)["oci"] == (True, "OCI client configured with 2 repositories")
    assert result.oci is not None and result.oci.repositories == ["r/a", "r/b"]
    assert result.diagnostics.oci.repos == ["r/a", "r/b"]


def test_k8s_detection_without_kubeconfig_does_not_build_a_client():
    result = DetectResult()
    detect_k8s(KubeSettings(), "", result, factory=lambda s: pytest.fail("client built"))
    assert result.k8s is None
    assert result.sources[0].reason.startswith("Kubernetes client not available")


def test_k8s_detection_reports_reachability_and_the_crd():
    result = DetectResult()
    detect_k8s(KUBE, "", result, lambda s: FakeKubeClient([pacto_object("a")]))
    assert _reasons(result)["k8s"] == (True, "cluster reachable, CRD found (pactos), 1 resources")
    assert result.diagnostics.k8s.detected_versions == ["v1alpha1"]
    result = DetectResult()
    detect_k8s(KUBE, "", result, lambda s: FakeKubeClient(reachable=False))
    assert _reasons(result)["k8s"] == (False, "cluster not reachable")
    result = DetectResult()
    detect_k8s(KUBE, "shop", result, lambda s: FakeKubeClient(crd=False))
    assert _reasons(result)["k8s"] == (True, "cluster reachable (CRD not detected, may still work)")
    assert not result.diagnostics.k8s.all_namespaces


def test_k8s_detection_drops_a_cluster_whose_rbac_forbids_listing():
    client = FakeKubeClient()
    client.errors["pactos"] = KubernetesPermanentError("listing pactos: 403 Forbidden", status=403)
    result = DetectResult()
    detect_k8s(KUBE, "", result, lambda s: client)
    assert result.k8s is None
    enabled, reason = _reasons(result)["k8s"]
    assert not enabled and "403 Forbidden" in reason


def test_dedupe_keeps_the_last_report_at_the_first_position():
    infos = [
        SourceInfo(type="local", enabled=True),
        SourceInfo(type="oci", enabled=False, reason="first"),
        SourceInfo(type="k8s", enabled=False),
        SourceInfo(type="oci", enabled=True, reason="last"),
    ]
    assert [(i.type, i.reason) for i in dedupe_source_infos(infos)] == [
        ("local", ""),
        ("oci", "last"),
        ("k8s", ""),
    ]


def test_invariant_8_permanent_kubernetes_error_removes_the_k8s_source():
    client = FakeKubeClient([pacto_object("a")])
    result = DetectResult()
    detect_k8s(KUBE, "", result, lambda s: client)
    client.errors["pactos"] = KubernetesPermanentError(
        "listing pactos: the server could not find the requested resource", status=404
    )
    assert not enrich_from_k8s(result, FakeStore(), "")
    assert result.k8s is None
    assert "k8s" not in active_sources(result)
    assert _reasons(result)["k8s"][0] is False
    calls = client.list_calls
    assert not enrich_from_k8s(result, FakeStore(), "")  # no further attempts
    assert client.list_calls == calls


def test_enrichment_turns_resolved_refs_into_oci_repositories(tmp_path):
    client = FakeKubeClient(
        [
            pacto_object("a", resolved_ref="r.io/acme/a-pacto:1.0.0"),
            pacto_object("b", resolved_ref="r.io/acme/b-pacto@sha256:abc"),
            pacto_object("c", resolved_ref="r.io/acme/a-pacto:0.9.0"),
            pacto_object("d"),
        ]
    )
    result = DetectResult()
    detect_k8s(KUBE, "", result, lambda s: client)
    cache_dir = tmp_path / "cache" / "oci"
    assert enrich_from_k8s(result, FakeStore(), str(cache_dir))
    assert result.oci is not None and result.oci.repositories == [
        "r.io/acme/a-pacto",
        "r.io/acme/b-pacto",
    ]
    assert result.cache is not None and cache_dir.is_dir()
    assert result.diagnostics.cache.exists and result.diagnostics.cache.oci_dir_exists


def test_no_sources_lists_every_reason(tmp_path):
    with pytest.raises(NoSourcesError, match="at least one data source must be available") as info:
        open_dashboard(directory=str(tmp_path))
    assert [i.type for i in info.value.infos] == ["local", "k8s", "oci"]


def test_invariant_6_no_cache_skips_the_startup_scan_but_keeps_the_cache_dir(tmp_path):
    cache_dir = tmp_path / "oci"
    materialise(cache_dir, "r.io/acme/svc:1.0.0", contract_yaml("svc"))
    warm = detect_sources(directory=str(tmp_path / "none"), cache_dir=str(cache_dir))
    assert warm.cache is not None and "oci" in active_sources(warm)
    assert _reasons(warm)["oci"] == (True, "1 services from local OCI cache")
    cold = detect_sources(directory=str(tmp_path / "none"), cache_dir=str(cache_dir), no_cache=True)
    assert cold.cache is None and active_sources(cold) == {}
    assert cold.diagnostics.cache.cache_dir == str(cache_dir)


def test_lazy_enrichment_retries_after_the_cooldown_until_it_succeeds(tmp_path):
    write_bundle(tmp_path / "local", contract_yaml("local-svc"))
    client = FakeKubeClient([pacto_object("a")])
    now = [100.0]
    store = FakeStore()
    dashboard = open_dashboard(
        directory=str(tmp_path),
        store=store,
        kube=KUBE,
        kube_client_factory=lambda s: client,
        options=DashboardOptions(cache_dir=str(tmp_path / "cache")),
        clock=lambda: now[0],
    )
    try:
        assert dashboard.oci is None
        dashboard.services_body()
        calls = client.list_calls
        # resolvedRefs appear, but the 10 s cooldown has not passed: no new attempt.
        client.objects["pactos"] = [pacto_object("a", resolved_ref="r.io/acme/a:1.0.0")]
        now[0] += 5
        dashboard._maybe_lazy_enrich()
        assert dashboard.oci is None and client.list_calls == calls
        now[0] += 6
        dashboard._maybe_lazy_enrich()
        assert dashboard.oci is not None
        assert "oci" in dashboard.resolved.sources()
        assert dict((i.type, i.enabled) for i in dashboard.source_infos())["oci"] is True
    finally:
        dashboard.close()


def test_open_dashboard_makes_one_startup_enrichment_attempt(tmp_path: Path):
    client = FakeKubeClient([pacto_object("a", resolved_ref="r.io/acme/a:1.0.0")])
    dashboard = open_dashboard(
        directory=str(tmp_path),
        store=FakeStore(),
        kube=KUBE,
        kube_client_factory=lambda s: client,
    )
    try:
        assert dashboard.oci is not None and dashboard.oci.repositories == ["r.io/acme/a"]
    finally:
        dashboard.close()
