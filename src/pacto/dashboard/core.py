"""The dashboard's state and operations, free of any web framework (10-dashboard.md §2.3
steps 7-10, §5.4, §5.5, §9, §12.3).

:class:`Dashboard` owns the shared memory cache, the resolved source, the service index, the
detection reports and the callbacks that keep them current (lazy Kubernetes → OCI enrichment,
Kubernetes context re-detection, cache refresh after discovery). Each public method serves one
endpoint and returns wire data; the ASGI handlers in :mod:`pacto.dashboard.server` only parse
the request and call it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from pacto.contract import Bundle, ContractError, load_yaml
from pacto.dashboard.bundle_view import describe_bundle
from pacto.dashboard.classify import BundleDiffer
from pacto.dashboard.compliance import generate_insights
from pacto.dashboard.errors import ServiceNotFoundError
from pacto.dashboard.graph import build_dependency_graph, cross_references, find_dependents
from pacto.dashboard.index import IndexManager, ServiceIndex, build_index
from pacto.dashboard.model import Ref, SourceInfo
from pacto.dashboard.sources.cache import CacheSource
from pacto.dashboard.sources.caching import MemoryCache, wrap_source
from pacto.dashboard.sources.detect import (
    DetectResult,
    KubeClientFactory,
    active_sources,
    dedupe_source_infos,
    detect_k8s,
    detect_sources,
    enrich_from_k8s,
)
from pacto.dashboard.sources.k8s import KubeSettings
from pacto.dashboard.sources.oci import BundleStore, OCISource
from pacto.dashboard.sources.resolver import ResolvedSource
from pacto.dashboard.versioning import classify_version_policy, mark_current_version
from pacto.dashboard.wire import (
    aggregated_to_wire,
    cross_references_to_wire,
    dependency_graph_to_wire,
    dependent_to_wire,
    diagnostics_to_wire,
    diff_result_to_wire,
    service_details_to_wire,
    service_to_wire,
    source_info_to_wire,
    version_to_wire,
)
from pacto.errors import PactoError

__all__ = ["Dashboard", "DashboardOptions", "RemoteStore", "open_dashboard"]

log = logging.getLogger(__name__)


class RemoteStore(BundleStore, Protocol):
    """The OCI store as the dashboard's resolve and fetch endpoints need it."""

    def resolve(self, reference: str, compatibility: str | None = None) -> str: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class DashboardOptions:
    version: str = ""
    host: str = "127.0.0.1"
    port: int = 3000
    diagnostics: bool = False
    namespace: str = ""
    cache_dir: str = ""
    index_ttl: float = 15.0
    lazy_enrichment_cooldown: float = 10.0
    redetect_interval: float = 30.0

    def display_host(self) -> str:
        return "127.0.0.1" if self.host in ("", "0.0.0.0") else self.host

    def server_url(self) -> str:
        host = "localhost" if self.host in ("", "0.0.0.0") else self.host
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return f"http://{host}:{self.port}"


def _read_current_context(kubeconfig: str) -> str:
    """``current-context`` of the first kubeconfig file that names one."""
    for path in kubeconfig.split(":"):
        try:
            data = Path(path).read_bytes()
            document = load_yaml(data, name=path, empty_ok=True) if len(data) < 4_194_304 else None
        except (OSError, ContractError):
            continue
        if isinstance(document, dict) and isinstance(document.get("current-context"), str):
            return str(document["current-context"])
    return ""


class Dashboard:
    """Everything a running dashboard holds; see the module docstring."""

    def __init__(
        self,
        detection: DetectResult,
        *,
        store: RemoteStore | None = None,
        options: DashboardOptions | None = None,
        differ: BundleDiffer | None = None,
        kube: KubeSettings | None = None,
        kube_client_factory: KubeClientFactory | None = None,
        lazy_enrichment: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.options = options or DashboardOptions()
        self.detection = detection
        self.store = store
        self.differ = differ
        self.kube = kube or KubeSettings()
        self._kube_factory = kube_client_factory
        self._clock = clock
        self.memory = MemoryCache(clock)
        self._lock = threading.RLock()
        self._infos = dedupe_source_infos(detection.sources)
        self.resolved = ResolvedSource(
            {kind: wrap_source(s, self.memory) for kind, s in active_sources(detection).items()}
        )
        self.oci: OCISource | None = None
        self.cache: CacheSource | None = detection.cache
        if detection.oci is not None:
            self._attach_oci(detection.oci)
        self._lazy_needed = lazy_enrichment
        self._lazy_lock = threading.Lock()
        self._lazy_last = -1e18
        self._redetect_last = clock()
        self._last_context = (
            _read_current_context(self.kube.kubeconfig) if self._redetect_enabled() else ""
        )
        self.index = IndexManager(self._build_index, ttl=self.options.index_ttl, clock=clock)

    # -- wiring and refresh (§5.4, §5.5, §9) -------------------------------------------------

    def _attach_oci(self, oci: OCISource) -> None:
        self.oci = oci
        if self.cache is not None:
            oci.set_cache(self.cache)
        oci.set_on_discover(lambda: self.refresh_cache_sources(hard=False))

    def refresh_cache_sources(self, *, hard: bool = True) -> None:
        """``RefreshCacheSources``: pick up bundles materialised in this session."""
        with self._lock:
            if self.cache is None and self.options.cache_dir:
                cache = CacheSource(self.options.cache_dir, differ=self.differ)
                if cache.service_count():
                    self.cache = cache
                    if self.oci is not None:
                        self.oci.set_cache(cache)
            current = self.cache
        if current is not None:
            current.rescan()
        self.memory.invalidate_all()
        if hard:
            self.index.drop()
        else:
            # Called by OCI discovery on its own thread: rebuild there, so the index already
            # shows what was discovered when discovery reports done (a request then would get
            # the old index while a rebuild competed with it for the interpreter).
            self.index.rebuild_now()

    def _maybe_lazy_enrich(self) -> None:
        if not self._lazy_needed:
            return
        now = self._clock()
        if now - self._lazy_last < self.options.lazy_enrichment_cooldown:
            return
        if not self._lazy_lock.acquire(blocking=False):
            return
        try:
            self._lazy_last = now
            created = enrich_from_k8s(
                self.detection, self.store, self.options.cache_dir, self.differ
            )
            if self.detection.k8s is None:
                # A permanent error dropped the cluster: stop trying (invariant 8).
                self._lazy_needed = False
                self.resolved.set_runtime_source(None)
            elif created and self.detection.oci is not None:
                self._lazy_needed = False
                with self._lock:
                    if self.cache is None:
                        self.cache = self.detection.cache
                self.resolved.add_contract_source(
                    "oci", wrap_source(self.detection.oci, self.memory)
                )
                self._attach_oci(self.detection.oci)
            with self._lock:
                self._infos = dedupe_source_infos(self.detection.sources)
            if not self._lazy_needed:
                self.memory.invalidate_all()
        finally:
            self._lazy_lock.release()

    def _redetect_enabled(self) -> bool:
        # Beyond the reference: a pinned --context never switches.
        return bool(self.kube.kubeconfig) and not self.kube.in_cluster and not self.kube.context

    def _maybe_redetect(self, *, force: bool = False) -> None:
        """§5.5: swap in a new k8s source when the kubeconfig's current context changed."""
        if not self._redetect_enabled():
            return
        now = self._clock()
        if not force and now - self._redetect_last < self.options.redetect_interval:
            return
        self._redetect_last = now
        context = _read_current_context(self.kube.kubeconfig)
        if context == self._last_context:
            return
        self._last_context = context
        probe = DetectResult()
        detect_k8s(self.kube, self.options.namespace, probe, self._kube_factory, self._clock)
        with self._lock:
            self._infos = dedupe_source_infos([*self._infos, *probe.sources])
        if probe.k8s is None:
            return
        log.info("kubernetes context changed context=%s", context)
        self.detection.k8s = probe.k8s
        self.resolved.set_runtime_source(wrap_source(probe.k8s, self.memory))
        self.memory.invalidate_all()
        self.index.drop()

    def _before_read(self) -> None:
        self._maybe_lazy_enrich()

    # -- index ---------------------------------------------------------------------------------

    def _build_index(self) -> ServiceIndex:
        self._maybe_lazy_enrich()
        self._maybe_redetect()
        services = self.resolved.list_services()
        return build_index(
            services, self.resolved.get_service, self.resolved.get_versions, self._clock()
        )

    # -- endpoints -------------------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": "ok"}
        if self.options.version:
            out["version"] = self.options.version
        return out

    def metrics(self) -> dict[str, Any]:
        try:
            count = len(self.resolved.list_services())
        except PactoError:
            count = 0
        return {
            "serviceCount": count,
            "sourceCount": len(self._infos),
            "activeSourceCount": len(self.resolved.sources()),
        }

    def services_body(self) -> bytes:
        self._before_read()
        return self.index.get().list_body

    def service(self, name: str) -> dict[str, Any]:
        self._before_read()
        details = self.resolved.get_service(name)
        details = replace(details, insights=generate_insights(details))
        indexed = self.index.get().details.get(name)
        if indexed is not None:
            details = replace(
                details,
                version_policy=details.version_policy or indexed.version_policy,
                latest_available=indexed.latest_available,
                update_available=indexed.update_available,
            )
        if not details.version_policy:
            details = replace(details, version_policy=classify_version_policy(details.resolved_ref))
        return service_details_to_wire(details)

    def versions(self, name: str) -> list[dict[str, Any]]:
        self._before_read()
        try:
            versions = self.resolved.get_versions(name)
        except PactoError:
            return []
        try:
            current = self.resolved.get_service(name).version
        except PactoError:
            current = ""
        return [version_to_wire(v) for v in mark_current_version(versions, current)]

    def service_sources(self, name: str) -> dict[str, Any]:
        self._before_read()
        return aggregated_to_wire(self.resolved.get_aggregated(name))

    def graph_body(self) -> bytes:
        self._before_read()
        return self.index.get().graph_body

    def service_graph(self, name: str) -> dict[str, Any]:
        self._before_read()
        index = self.index.get()
        details = index.details.get(name)
        if details is None:
            raise ServiceNotFoundError(f"service not found: {name}", name=name)
        return dependency_graph_to_wire(build_dependency_graph(details, index.details, index.names))

    def dependents(self, name: str) -> list[dict[str, Any]]:
        self._before_read()
        index = self.index.get()
        return [dependent_to_wire(d) for d in find_dependents(name, index.details, index.names)]

    def refs(self, name: str) -> dict[str, Any]:
        self._before_read()
        index = self.index.get()
        return cross_references_to_wire(cross_references(name, index.details, index.names))

    def diff(self, from_name: str, from_version: str, to_name: str, to_version: str) -> Any:
        self._before_read()
        result = self.resolved.get_diff(
            Ref(name=from_name, version=from_version), Ref(name=to_name, version=to_version)
        )
        return diff_result_to_wire(result)

    def source_infos(self) -> list[SourceInfo]:
        """The detection reports with each active source's current error (if any)."""
        errors = self.resolved.source_errors()
        oci = self.oci
        if oci is not None and oci.error() and "oci" not in errors:
            errors["oci"] = oci.error()
        with self._lock:
            infos = list(self._infos)
        return [
            replace(info, error=errors[info.type]) if info.enabled and info.type in errors else info
            for info in infos
        ]

    def sources(self) -> dict[str, Any]:
        oci = self.oci
        return {
            "sources": [source_info_to_wire(i) for i in self.source_infos()],
            "discovering": oci.discovering() if oci is not None else False,
        }

    def refresh(self) -> dict[str, Any]:
        self._maybe_redetect(force=True)
        self.memory.invalidate_all()
        self.index.drop()
        return {"status": "ok"}

    def _resolver(self) -> Any:
        if self.store is None:
            raise ServiceNotFoundError("OCI registry client not configured")
        from pacto.oci import Resolver

        return Resolver(self.store)

    def resolve(self, ref: str, compatibility: str = "") -> dict[str, Any]:
        """Fetch a remote contract (registry errors propagate, typed, for the HTTP table)."""
        from pacto.oci import ResolveMode

        bundle: Bundle = self._resolver().resolve_constrained(
            ref, compatibility, ResolveMode.REMOTE_ALLOWED
        )
        details = describe_bundle(bundle, "oci").details
        self.refresh_cache_sources()
        return service_details_to_wire(details)

    def remote_versions(self, ref: str, fetch: bool = False) -> dict[str, Any]:
        resolver = self._resolver()
        versions = resolver.fetch_all_versions(ref) if fetch else resolver.list_versions(ref)
        if fetch:
            self.refresh_cache_sources()
        return {"versions": list(versions)}

    def debug_sources(self) -> dict[str, Any]:
        live: dict[str, Any]
        try:
            names = [s.name for s in self.resolved.list_services()]
            live = {"serviceCount": len(names)}
            if names:
                live["serviceNames"] = names
        except PactoError as exc:
            live = {"serviceCount": 0, "error": str(exc)}
        return {
            "sources": [source_info_to_wire(i) for i in self.source_infos()],
            "diagnostics": diagnostics_to_wire(self.detection.diagnostics),
            "live": live,
        }

    def debug_services(self) -> dict[str, Any]:
        per_source = []
        present: dict[str, list[str]] = {}
        for kind, listed in self.resolved.list_per_source().items():
            item: dict[str, Any] = {"sourceType": kind}
            if isinstance(listed, str):
                item["count"] = 0
                item["error"] = listed
            else:
                item["count"] = len(listed)
                if listed:
                    item["services"] = [service_to_wire(s) for s in listed]
                for service in listed:
                    present.setdefault(service.name, []).append(kind)
            per_source.append(item)
        aggregated = [
            {
                "name": s.name,
                "mergedSource": s.source,
                "mergedSources": list(s.sources),
                "mergedContractStatus": str(s.contract_status),
                "mergedVersion": s.version,
                "presentInSources": sorted(present.get(s.name, [])),
            }
            for s in self.resolved.list_services()
        ]
        return {"perSource": per_source, "aggregatedList": aggregated}

    def close(self) -> None:
        if self.oci is not None:
            self.oci.close()
        self.resolved.close()


def open_dashboard(
    *,
    directory: str = ".",
    repos: list[str] | None = None,
    store: RemoteStore | None = None,
    options: DashboardOptions | None = None,
    no_cache: bool = False,
    kube: KubeSettings | None = None,
    kube_client_factory: KubeClientFactory | None = None,
    differ: BundleDiffer | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Dashboard:
    """Detect the sources and build the dashboard (§2.3 steps 3-10).

    Raises :class:`~pacto.dashboard.errors.NoSourcesError` (listing each source's reason)
    when nothing at all is available.
    """
    from pacto.dashboard.errors import NoSourcesError

    options = options or DashboardOptions()
    detection = detect_sources(
        directory=directory,
        namespace=options.namespace,
        repos=repos,
        store=store,
        cache_dir=options.cache_dir,
        no_cache=no_cache,
        kube=kube,
        kube_client_factory=kube_client_factory,
        differ=differ,
        clock=clock,
    )
    lazy = False
    if not repos and store is not None:
        enrich_from_k8s(detection, store, options.cache_dir, differ)
        lazy = detection.oci is None and detection.k8s is not None
    if not active_sources(detection):
        raise NoSourcesError(
            "at least one data source must be available",
            infos=dedupe_source_infos(detection.sources),
        )
    return Dashboard(
        detection,
        store=store,
        options=options,
        differ=differ,
        kube=kube,
        kube_client_factory=kube_client_factory,
        lazy_enrichment=lazy,
        clock=clock,
    )
