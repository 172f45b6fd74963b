"""Dashboard data sources: ``local``, ``oci``, ``k8s``, the internal cache, the caching
decorator, detection and the resolved (aggregated) view (10-dashboard.md §4-§7)."""

from pacto.dashboard.sources.base import DataSource
from pacto.dashboard.sources.cache import CacheSource
from pacto.dashboard.sources.caching import CachingSource, MemoryCache, wrap_source
from pacto.dashboard.sources.detect import (
    DetectResult,
    active_sources,
    dedupe_source_infos,
    detect_sources,
    enrich_from_k8s,
)
from pacto.dashboard.sources.k8s import K8sSource, KubeClient, KubernetesClient, KubeSettings
from pacto.dashboard.sources.local import LocalSource
from pacto.dashboard.sources.oci import BundleStore, OCISource
from pacto.dashboard.sources.resolver import ResolvedSource, build_resolved_source

__all__ = [
    "BundleStore",
    "CacheSource",
    "CachingSource",
    "DataSource",
    "DetectResult",
    "K8sSource",
    "KubeClient",
    "KubeSettings",
    "KubernetesClient",
    "LocalSource",
    "MemoryCache",
    "OCISource",
    "ResolvedSource",
    "active_sources",
    "build_resolved_source",
    "dedupe_source_infos",
    "detect_sources",
    "enrich_from_k8s",
    "wrap_source",
]
