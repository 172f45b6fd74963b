"""The ``k8s`` source: ``Pacto`` and ``PactoRevision`` objects of the Pacto operator (§6.6,
§11).

:class:`KubeClient` is the port; :class:`KubernetesClient` adapts the official ``kubernetes``
library, imported only when a Kubernetes source is actually being built. Every library
exception is translated here, in :func:`_translate`, into :mod:`pacto.dashboard.errors`:
404 (the CRD is not installed) and 401/403 (RBAC) are *permanent*, connection failures are
*unreachable*.

Queries are made on demand; the raw ``Pacto`` list (and, beyond the reference, the revision
list) is cached for 3 seconds, successes and errors alike. No watches, no polling.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from pacto.dashboard.errors import (
    DiffUnavailableError,
    KubernetesError,
    KubernetesPermanentError,
    KubernetesUnreachableError,
    ServiceNotFoundError,
)
from pacto.dashboard.model import DiffResult, Ref, Service, ServiceDetails, Version
from pacto.dashboard.sources.k8s_mapping import (
    resource_service_name,
    service_details_from_k8s,
    service_from_k8s,
    version_from_revision,
)
from pacto.dashboard.versioning import sort_semver_desc

__all__ = [
    "GROUP",
    "REVISIONS",
    "CRDInfo",
    "K8sSource",
    "KubeClient",
    "KubeSettings",
    "KubernetesClient",
]

log = logging.getLogger(__name__)

GROUP = "pacto.trianalab.io"
DEFAULT_VERSION = "v1alpha1"
DEFAULT_RESOURCE = "pactos"
REVISIONS = "pactorevisions"
REQUEST_TIMEOUT = 5.0
LIST_TTL = 3.0

T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class KubeSettings:
    """How to reach the cluster, computed by the CLI from the environment and flags.

    ``kubeconfig`` is the kubeconfig path (or ``:``-separated list, like ``KUBECONFIG``);
    ``context`` a context to pin (``""`` = the kubeconfig's current context); ``in_cluster``
    whether the in-cluster service account is available.
    """

    kubeconfig: str = ""
    context: str = ""
    in_cluster: bool = False

    def is_configured(self) -> bool:
        return self.in_cluster or bool(self.kubeconfig)


@dataclass(frozen=True, slots=True)
class CRDInfo:
    group: str
    versions: tuple[str, ...]
    chosen_version: str
    resource: str


class KubeClient(Protocol):
    """The read-only Kubernetes surface the dashboard uses (the reference's client-go set)."""

    def server_version(self) -> str: ...

    def discover(self) -> CRDInfo | None: ...

    def list_objects(self, version: str, plural: str, namespace: str) -> list[dict[str, Any]]: ...

    def get_object(
        self, version: str, plural: str, namespace: str, name: str
    ) -> dict[str, Any]: ...

    def current_context(self) -> str: ...


def _status_message(exc: BaseException) -> str:
    """The ``message`` of the API's ``Status`` body, when the error carries one."""
    body = getattr(exc, "body", None)
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    if not isinstance(body, str) or not body.startswith("{"):
        return ""
    try:
        message = json.loads(body).get("message")
    except (ValueError, AttributeError):
        return ""
    return message if isinstance(message, str) else ""


def _translate(exc: BaseException, what: str) -> KubernetesError:
    status = getattr(exc, "status", None)
    if isinstance(status, int) and status:
        message = _status_message(exc) or str(getattr(exc, "reason", "") or "")
        if status == 404:
            return KubernetesPermanentError(
                f"{what}: the server could not find the requested resource", status=404
            )
        if status in (401, 403):
            return KubernetesPermanentError(
                f"{what}: {status} {message or 'Forbidden'}", status=status
            )
        return KubernetesError(f"{what}: {status} {message}", status=status)
    return KubernetesUnreachableError(f"{what}: {exc}")


class KubernetesClient:
    """:class:`KubeClient` over the official ``kubernetes`` library (lazily imported)."""

    def __init__(self, settings: KubeSettings, *, timeout: float = REQUEST_TIMEOUT) -> None:
        try:
            import urllib3
            import yaml
            from kubernetes import client, config
            from kubernetes.client.exceptions import ApiException
            from kubernetes.config.config_exception import ConfigException
        except ImportError as exc:  # pragma: no cover - the library is a dependency
            raise KubernetesError(f"the kubernetes library is not installed: {exc}") from exc
        self._errors: tuple[type[BaseException], ...] = (
            ApiException,
            urllib3.exceptions.HTTPError,
            OSError,
            ValueError,
        )
        self._settings = settings
        self._timeout = timeout
        configuration = client.Configuration()
        try:
            # The library's loaders are untyped.
            load_incluster: Any = config.load_incluster_config
            load_kubeconfig: Any = config.load_kube_config
            if settings.in_cluster:
                load_incluster(client_configuration=configuration)
            else:
                load_kubeconfig(
                    config_file=settings.kubeconfig or None,
                    context=settings.context or None,
                    client_configuration=configuration,
                    persist_config=False,
                )
        except (ConfigException, OSError, ValueError, TypeError, yaml.YAMLError) as exc:
            raise KubernetesError(str(exc)) from exc
        configuration.retries = 0  # urllib3 would retry a refused connection three times
        self._api = client.ApiClient(configuration)
        self._client = client

    def _call(self, what: str, function: Callable[..., T], *args: Any) -> T:
        try:
            return function(*args, _request_timeout=self._timeout)
        except self._errors as exc:  # ApiException, urllib3, sockets, malformed answers
            raise _translate(exc, what) from exc

    def server_version(self) -> str:
        info = self._call("server version", self._client.VersionApi(self._api).get_code)
        return str(info.git_version)

    def discover(self) -> CRDInfo | None:
        groups = self._call("api groups", self._client.ApisApi(self._api).get_api_versions)
        for group in groups.groups or ():
            if group.name != GROUP:
                continue
            versions = tuple(v.version for v in group.versions or ())
            preferred = group.preferred_version.version if group.preferred_version else ""
            chosen = preferred or (versions[0] if versions else DEFAULT_VERSION)
            custom = self._client.CustomObjectsApi(self._api)
            resources = self._call(
                f"resources of {GROUP}/{chosen}", custom.get_api_resources, GROUP, chosen
            )
            resource = next(
                (r.name for r in resources.resources or () if str(r.kind).lower() == "pacto"),
                DEFAULT_RESOURCE,
            )
            return CRDInfo(group=GROUP, versions=versions, chosen_version=chosen, resource=resource)
        return None

    def list_objects(self, version: str, plural: str, namespace: str) -> list[dict[str, Any]]:
        custom = self._client.CustomObjectsApi(self._api)
        what = f"listing {plural}"
        if namespace:
            result = self._call(
                what, custom.list_namespaced_custom_object, GROUP, version, namespace, plural
            )
        else:
            result = self._call(what, custom.list_cluster_custom_object, GROUP, version, plural)
        items = result.get("items") if isinstance(result, Mapping) else None
        return [i for i in items or () if isinstance(i, dict)]

    def get_object(self, version: str, plural: str, namespace: str, name: str) -> dict[str, Any]:
        custom = self._client.CustomObjectsApi(self._api)
        result = self._call(
            f"getting {plural} {name}",
            custom.get_namespaced_custom_object,
            GROUP,
            version,
            namespace,
            plural,
            name,
        )
        return dict(result) if isinstance(result, Mapping) else {}

    def current_context(self) -> str:
        if self._settings.in_cluster:
            return ""
        from kubernetes import config
        from kubernetes.config.config_exception import ConfigException

        try:
            list_contexts: Any = config.list_kube_config_contexts
            _, active = list_contexts(config_file=self._settings.kubeconfig)
        except (ConfigException, OSError, ValueError, TypeError):
            return ""
        return str(active.get("name", "")) if isinstance(active, Mapping) else ""


class _TTLValue:
    """One cached call result (value or error) for ``ttl`` seconds."""

    def __init__(self, ttl: float, clock: Callable[[], float]) -> None:
        self._ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._at = -1e18
        self._value: Any = None
        self._error: KubernetesError | None = None

    def get(self, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if self._clock() - self._at < self._ttl:
                if self._error is not None:
                    raise self._error
                return self._value
            try:
                self._value, self._error = compute(), None
            except KubernetesError as exc:
                self._value, self._error = None, exc
            self._at = self._clock()
            if self._error is not None:
                raise self._error
            return self._value


class K8sSource:
    """Services from ``Pacto`` resources, versions from ``PactoRevision`` resources."""

    source_type = "k8s"

    def __init__(
        self,
        client: KubeClient,
        *,
        namespace: str = "",
        version: str = DEFAULT_VERSION,
        resource: str = DEFAULT_RESOURCE,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.client = client
        self.namespace = namespace
        self.version = version
        self.resource = resource
        self._now = now
        self._pactos = _TTLValue(LIST_TTL, clock)
        self._revisions = _TTLValue(LIST_TTL, clock)

    def _resources(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self._pactos.get(
            lambda: self.client.list_objects(self.version, self.resource, self.namespace)
        )
        return result

    def _unique(self) -> dict[str, dict[str, Any]]:
        """Resources by service name; the configured namespace first when names collide."""
        by_name: dict[str, dict[str, Any]] = {}
        for resource in self._resources():
            name = resource_service_name(resource)
            if not name:
                continue
            existing = by_name.get(name)
            namespace = resource.get("metadata", {}).get("namespace", "")
            if existing is None or (self.namespace and namespace == self.namespace):
                by_name[name] = resource
        return by_name

    def list_services(self) -> list[Service]:
        resources = self._unique()
        return [service_from_k8s(resources[name]) for name in sorted(resources)]

    def get_service(self, name: str) -> ServiceDetails:
        # Beyond the reference: always resolved through the list, so a contract name that
        # differs from the resource name is found in namespaced mode too.
        resources = self._resources()
        match = next((r for r in resources if resource_service_name(r) == name), None)
        if match is None:
            match = next((r for r in resources if r.get("metadata", {}).get("name") == name), None)
        if match is None:
            raise ServiceNotFoundError(f'pacto resource "{name}" not found', name=name)
        return service_details_from_k8s(match, self._now())

    def get_versions(self, name: str) -> list[Version]:
        try:
            revisions: list[dict[str, Any]] = self._revisions.get(
                lambda: self.client.list_objects(self.version, REVISIONS, self.namespace)
            )
        except KubernetesError as exc:
            raise KubernetesError(f"listing pactorevisions: {exc}", status=exc.status) from exc
        versions = [
            version_from_revision(r)
            for r in revisions
            if r.get("spec", {}).get("serviceName") == name
        ]
        return sort_semver_desc(versions)

    def get_diff(self, a: Ref, b: Ref) -> DiffResult:
        raise DiffUnavailableError("diff not yet supported for k8s source; use OCI or local source")
