"""Errors raised by :mod:`pacto.dashboard`.

::

    PactoError
    └── DashboardError                 a dashboard operation failed
        ├── ServiceNotFoundError       no source knows the service (HTTP 404)
        ├── NoSourcesError             detection found nothing to serve (CLI exit 1)
        ├── SourceError                a source could not answer (registry, cluster, disk)
        │   └── KubernetesError        the Kubernetes API failed
        │       ├── KubernetesPermanentError  the Pacto CRD is not installed (404) or RBAC
        │       │                             forbids reading it (401/403): retrying won't help
        │       └── KubernetesUnreachableError  the API server did not answer
        └── DiffUnavailableError       no source can diff these versions (HTTP 500)

The HTTP status of each is decided in one table in :mod:`pacto.dashboard.server`; nothing
here knows about HTTP.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pacto.errors import PactoError

if TYPE_CHECKING:
    from pacto.dashboard.model import SourceInfo

__all__ = [
    "DashboardError",
    "DiffUnavailableError",
    "KubernetesError",
    "KubernetesPermanentError",
    "KubernetesUnreachableError",
    "NoSourcesError",
    "ServiceNotFoundError",
    "SourceError",
]


class DashboardError(PactoError):
    """Base class of the dashboard's failures."""


class ServiceNotFoundError(DashboardError):
    def __init__(self, message: str, *, name: str = "") -> None:
        super().__init__(message)
        self.name = name


class NoSourcesError(DashboardError):
    """Detection found no source; ``infos`` holds each source's reason for the CLI to print."""

    def __init__(self, message: str, *, infos: Sequence[SourceInfo] = ()) -> None:
        super().__init__(message)
        self.infos = tuple(infos)


class SourceError(DashboardError):
    """A source failed to answer; ``source`` is its public type."""

    def __init__(self, message: str, *, source: str = "") -> None:
        super().__init__(message)
        self.source = source


class KubernetesError(SourceError):
    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message, source="k8s")
        self.status = status


class KubernetesPermanentError(KubernetesError):
    """The CRD is missing or access is denied: the source is dropped instead of retried."""


class KubernetesUnreachableError(KubernetesError):
    pass


class DiffUnavailableError(DashboardError):
    pass
