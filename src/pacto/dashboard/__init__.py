"""The fleet dashboard: source detection and aggregation, the service index, the JSON API
and the packaged single-page UI (10-dashboard.md).

Importing this package costs no web framework: the ASGI app (:func:`create_app`) and the
server helpers load FastAPI and uvicorn on first access, and the Kubernetes client is imported
only when a Kubernetes source is built. Must never import :mod:`pacto.app`, :mod:`pacto.cli`
or :mod:`pacto.mcp`; the CLI composes it (store, settings) and hands everything in.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pacto.dashboard.classify import BundleDiffer, engine_differ
from pacto.dashboard.core import Dashboard, DashboardOptions, RemoteStore, open_dashboard
from pacto.dashboard.errors import (
    DashboardError,
    DiffUnavailableError,
    KubernetesError,
    KubernetesPermanentError,
    KubernetesUnreachableError,
    NoSourcesError,
    ServiceNotFoundError,
    SourceError,
)
from pacto.dashboard.model import ContractStatus, ServiceDetails, SourceInfo
from pacto.dashboard.sources import (
    CacheSource,
    DataSource,
    K8sSource,
    KubeSettings,
    LocalSource,
    OCISource,
    ResolvedSource,
    detect_sources,
)

if TYPE_CHECKING:
    from pacto.dashboard.server import bind_socket, create_app, export_openapi, run_server

__all__ = [
    "BundleDiffer",
    "CacheSource",
    "ContractStatus",
    "Dashboard",
    "DashboardError",
    "DashboardOptions",
    "DataSource",
    "DiffUnavailableError",
    "K8sSource",
    "KubeSettings",
    "KubernetesError",
    "KubernetesPermanentError",
    "KubernetesUnreachableError",
    "LocalSource",
    "NoSourcesError",
    "OCISource",
    "RemoteStore",
    "ResolvedSource",
    "ServiceDetails",
    "ServiceNotFoundError",
    "SourceError",
    "SourceInfo",
    "bind_socket",
    "create_app",
    "detect_sources",
    "engine_differ",
    "export_openapi",
    "open_dashboard",
    "run_server",
]

_LAZY = {"bind_socket", "create_app", "export_openapi", "run_server"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'pacto.dashboard' has no attribute {name!r}")
    value = getattr(importlib.import_module("pacto.dashboard.server"), name)
    globals()[name] = value
    return value
