"""Source detection (10-dashboard.md §5): which sources exist, with the reasons the CLI
prints, plus the Kubernetes → OCI enrichment that turns ``resolvedRef``s into repositories."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pacto.dashboard.classify import BundleDiffer
from pacto.dashboard.errors import KubernetesError, KubernetesPermanentError
from pacto.dashboard.model import SourceDiagnostics, SourceInfo
from pacto.dashboard.naming import strip_oci_scheme, strip_tag
from pacto.dashboard.sources.base import DataSource
from pacto.dashboard.sources.cache import CacheSource
from pacto.dashboard.sources.k8s import K8sSource, KubeClient, KubernetesClient, KubeSettings
from pacto.dashboard.sources.local import LocalSource
from pacto.dashboard.sources.oci import BundleStore, OCISource
from pacto.errors import PactoError

__all__ = [
    "DetectResult",
    "KubeClientFactory",
    "active_sources",
    "dedupe_source_infos",
    "detect_k8s",
    "detect_sources",
    "enrich_from_k8s",
]

log = logging.getLogger(__name__)

KubeClientFactory = Callable[[KubeSettings], KubeClient]


@dataclass(slots=True, kw_only=True)
class DetectResult:
    """What detection found. ``sources`` may repeat a type: the last report wins."""

    sources: list[SourceInfo] = field(default_factory=list)
    local: LocalSource | None = None
    oci: OCISource | None = None
    k8s: K8sSource | None = None
    cache: CacheSource | None = None
    diagnostics: SourceDiagnostics = field(default_factory=SourceDiagnostics)


def dedupe_source_infos(infos: list[SourceInfo]) -> list[SourceInfo]:
    """One report per type: the last occurrence, at the first occurrence's position."""
    last = {info.type: info for info in infos}
    seen: set[str] = set()
    out = []
    for info in infos:
        if info.type not in seen:
            seen.add(info.type)
            out.append(last[info.type])
    return out


def active_sources(result: DetectResult) -> dict[str, DataSource]:
    """``local``, ``k8s`` and ``oci`` (the live source, else the cache as offline fallback)."""
    out: dict[str, DataSource] = {}
    if result.local is not None:
        out["local"] = result.local
    if result.k8s is not None:
        out["k8s"] = result.k8s
    if result.oci is not None:
        out["oci"] = result.oci
    elif result.cache is not None:
        out["oci"] = result.cache
    return out


def _detect_local(directory: str, result: DetectResult, differ: BundleDiffer | None) -> None:
    diagnostics = result.diagnostics.local
    diagnostics.dir = directory
    root = Path(directory)
    if (root / "pacto.yaml").is_file():
        diagnostics.pacto_yaml_found = True
        diagnostics.found_in = directory
        reason = f"pacto.yaml found in {directory}"
    else:
        try:
            children = sorted(p for p in root.iterdir() if p.is_dir())
        except OSError as exc:
            diagnostics.error = str(exc)
            result.sources.append(
                SourceInfo(type="local", enabled=False, reason=f"cannot read directory: {exc}")
            )
            return
        found = next((p for p in children if (p / "pacto.yaml").is_file()), None)
        if found is None:
            result.sources.append(
                SourceInfo(
                    type="local", enabled=False, reason=f"no pacto.yaml found in {directory}"
                )
            )
            return
        diagnostics.pacto_yaml_found = True
        diagnostics.found_in = str(Path(directory) / found.name)
        reason = f"pacto.yaml found in subdirectory {found.name}"
    result.local = LocalSource(root, differ=differ)
    result.sources.append(SourceInfo(type="local", enabled=True, reason=reason))


def detect_k8s(
    settings: KubeSettings,
    namespace: str,
    result: DetectResult,
    factory: KubeClientFactory | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> None:
    """§5.2 k8s detection: build a client, probe, discover the CRD, count resources."""
    diagnostics = result.diagnostics.k8s
    diagnostics.namespace = namespace
    diagnostics.all_namespaces = namespace == ""
    diagnostics.kubeconfig_path = settings.kubeconfig

    def report(enabled: bool, reason: str) -> None:
        result.sources.append(SourceInfo(type="k8s", enabled=enabled, reason=reason))

    if not settings.is_configured():
        # Not even the library is imported when there is no cluster to talk to.
        report(False, "Kubernetes client not available: no kubeconfig found and not in a cluster")
        return
    try:
        client = (factory or KubernetesClient)(settings)
    except KubernetesError as exc:
        report(False, f"Kubernetes client not available: {exc}")
        return
    diagnostics.client_configured = True
    try:
        client.server_version()
    except KubernetesError as exc:
        diagnostics.error = str(exc)
        report(False, "cluster not reachable")
        return
    diagnostics.cluster_reachable = True
    try:
        crd = client.discover()
    except KubernetesError as exc:
        diagnostics.error = str(exc)
        crd = None
    version, resource = "v1alpha1", "pactos"
    if crd is not None:
        diagnostics.crd_exists = True
        diagnostics.detected_group = crd.group
        diagnostics.detected_versions = list(crd.versions)
        diagnostics.chosen_version = crd.chosen_version
        diagnostics.resource_name = crd.resource
        version, resource = crd.chosen_version, crd.resource
        try:
            count = len(client.list_objects(crd.chosen_version, crd.resource, namespace))
        except KubernetesPermanentError as exc:
            # RBAC denies the list: a permanent condition, so the source is not registered
            # (and nothing retries it) rather than answering errors forever.
            diagnostics.error = str(exc)
            report(False, f"cluster reachable, but {exc}")
            return
        except KubernetesError as exc:
            diagnostics.error = str(exc)
            count = 0
        diagnostics.resource_count = count
        reason = f"cluster reachable, CRD found ({crd.resource}), {count} resources"
    else:
        reason = "cluster reachable (CRD not detected, may still work)"
    result.k8s = K8sSource(
        client, namespace=namespace, version=version, resource=resource, clock=clock
    )
    report(True, reason)


def _detect_oci(
    repos: list[str], store: BundleStore | None, result: DetectResult, differ: BundleDiffer | None
) -> None:
    diagnostics = result.diagnostics.oci
    diagnostics.store_configured = store is not None
    if store is None:
        result.sources.append(
            SourceInfo(type="oci", enabled=False, reason="OCI registry client not configured")
        )
        return
    cleaned = [strip_oci_scheme(r) for r in repos if strip_oci_scheme(r)]
    if not cleaned:
        result.sources.append(
            SourceInfo(
                type="oci",
                enabled=False,
                reason="no OCI repositories specified (pass oci://registry/repo as argument)",
            )
        )
        return
    diagnostics.repos = cleaned
    result.oci = OCISource(store, cleaned, differ=differ)
    result.sources.append(
        SourceInfo(
            type="oci",
            enabled=True,
            reason=f"OCI client configured with {len(cleaned)} repositories",
        )
    )


def _detect_cache(cache_dir: str, result: DetectResult, differ: BundleDiffer | None) -> None:
    diagnostics = result.diagnostics.cache
    diagnostics.cache_dir = cache_dir
    if not cache_dir or not Path(cache_dir).is_dir():
        return
    diagnostics.exists = diagnostics.oci_dir_exists = True
    cache = CacheSource(cache_dir, differ=differ)
    diagnostics.service_count = cache.service_count()
    diagnostics.version_count = cache.version_count()
    if cache.service_count():
        result.cache = cache


def detect_sources(
    *,
    directory: str = ".",
    namespace: str = "",
    repos: list[str] | None = None,
    store: BundleStore | None = None,
    cache_dir: str = "",
    no_cache: bool = False,
    kube: KubeSettings | None = None,
    kube_client_factory: KubeClientFactory | None = None,
    differ: BundleDiffer | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> DetectResult:
    """``DetectSources``: local, k8s, oci, then the cache (skipped under ``no_cache``)."""
    result = DetectResult()
    _detect_local(directory, result, differ)
    detect_k8s(kube or KubeSettings(), namespace, result, kube_client_factory, clock)
    _detect_oci(list(repos or ()), store, result, differ)
    result.diagnostics.cache.cache_dir = cache_dir
    if not no_cache:
        _detect_cache(cache_dir, result, differ)
    if result.oci is None and result.cache is not None:
        # Beyond the reference: say so when the cache stands in for the registry.
        result.sources.append(
            SourceInfo(
                type="oci",
                enabled=True,
                reason=f"{result.cache.service_count()} services from local OCI cache",
            )
        )
    return result


def enrich_from_k8s(
    result: DetectResult,
    store: BundleStore | None,
    cache_dir: str,
    differ: BundleDiffer | None = None,
) -> bool:
    """``EnrichFromK8s`` (§5.4): OCI repositories from the operator's ``resolvedRef``s.

    Returns True when an OCI source was created. A failing Kubernetes list (the CRD is not
    installed, access denied, the API server gone) discards the k8s source so that nothing
    retries it (invariant 8).
    """
    k8s = result.k8s
    if k8s is None or result.oci is not None or store is None:
        return False
    try:
        services = k8s.list_services()
    except KubernetesError as exc:
        log.warning("discarding the Kubernetes source error=%s", exc)
        result.k8s = None
        result.diagnostics.k8s.error = str(exc)
        result.sources.append(
            SourceInfo(type="k8s", enabled=False, reason=f"Pacto resources unavailable: {exc}")
        )
        return False
    repos: list[str] = []
    for service in services:
        try:
            details = k8s.get_service(service.name)
        except PactoError:
            continue
        if details.resolved_ref:
            repo = strip_tag(strip_oci_scheme(details.resolved_ref))
            if repo not in repos:
                repos.append(repo)
    if not repos:
        return False
    _detect_oci(repos, store, result, differ)
    if result.cache is None and cache_dir:
        try:
            Path(cache_dir).mkdir(mode=0o755, parents=True, exist_ok=True)
        except OSError as exc:
            result.diagnostics.cache.error = str(exc)
        else:
            result.cache = CacheSource(cache_dir, differ=differ)
            result.diagnostics.cache.exists = result.diagnostics.cache.oci_dir_exists = True
    return result.oci is not None
