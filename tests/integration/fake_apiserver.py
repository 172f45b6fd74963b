"""A loopback Kubernetes API server that serves ``Pacto`` and ``PactoRevision`` objects.

It answers the read-only surface the dashboard (and the reference's client-go code) uses —
``/version``, discovery (``/api``, ``/apis``, the group and its resource list), and list/get
of the two custom resources, cluster-wide and per namespace — in the real API's formats:
``VersionInfo`` with every field the ``kubernetes`` client's strict models require (also at
``/version/``, which that client requests), ``APIGroupList``, ``APIResourceList``, ``<Kind>List``
with ``metadata.resourceVersion``, and ``Status`` objects for 404/403. The shapes are checked
against two independent clients, ``kubectl`` and the ``kubernetes`` library
(tests/integration/test_dashboard_k8s.py), so this fake cannot drift from the real API.

Switches: ``crd_installed=False`` removes the group (lists answer 404, as when the Pacto CRD
is not installed); ``forbidden`` holds plurals whose reads answer 403 (RBAC).
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

GROUP = "pacto.trianalab.io"
VERSION = "v1alpha1"
GROUP_VERSION = f"{GROUP}/{VERSION}"
RESOURCES = {
    "pactos": {"kind": "Pacto", "singular": "pacto", "short": ["pa"]},
    "pactorevisions": {"kind": "PactoRevision", "singular": "pactorevision", "short": ["parev"]},
}

VERSION_INFO = {
    "major": "1",
    "minor": "30",
    "gitVersion": "v1.30.13",
    "gitCommit": "0000000000000000000000000000000000000000",
    "gitTreeState": "clean",
    "buildDate": "2026-01-01T00:00:00Z",
    "goVersion": "go1.22.0",
    "compiler": "gc",
    "platform": "linux/amd64",
}


def pacto(
    name: str,
    namespace: str = "shop",
    *,
    status: Mapping[str, Any] | None = None,
    oci: str = "",
) -> dict[str, Any]:
    """A ``Pacto`` object as the operator writes it (spec + status)."""
    return {
        "apiVersion": GROUP_VERSION,
        "kind": "Pacto",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {
            "contractRef": {"oci": oci} if oci else {"inline": "pactoVersion: '1.0'"},
            "target": {"serviceName": name, "workloadRef": {"name": name, "kind": "Deployment"}},
            "checkIntervalSeconds": 300,
        },
        "status": dict(status or {}),
    }


def revision(
    service: str, version: str, namespace: str = "shop", *, oci: str = "", **status: Any
) -> dict[str, Any]:
    """A ``PactoRevision`` object."""
    return {
        "apiVersion": GROUP_VERSION,
        "kind": "PactoRevision",
        "metadata": {
            "name": f"{service}-{version.replace('.', '-')}",
            "namespace": namespace,
            "labels": {f"{GROUP}/pacto": service, f"{GROUP}/version": version},
        },
        "spec": {
            "pactoRef": service,
            "serviceName": service,
            "version": version,
            "source": {"oci": oci} if oci else {},
        },
        "status": {"resolved": True, **status},
    }


def _status(code: int, reason: str, message: str) -> dict[str, Any]:
    return {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "details": {},
        "code": code,
    }


@dataclass
class FakeAPIServer:
    """Start with :meth:`start`, stop with :meth:`stop`; mutate ``objects`` freely."""

    objects: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {"pactos": [], "pactorevisions": []}
    )
    crd_installed: bool = True
    forbidden: set[str] = field(default_factory=set)
    requests: list[str] = field(default_factory=list)
    port: int = 0
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _resource_version: int = 1000
    _connections: set[Any] = field(default_factory=set)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def add(self, plural: str, obj: dict[str, Any]) -> None:
        with self._lock:
            self._resource_version += 1
            metadata = obj.setdefault("metadata", {})
            metadata.setdefault("uid", str(uuid.uuid4()))
            metadata.setdefault("generation", 1)
            metadata.setdefault("creationTimestamp", "2026-01-01T00:00:00Z")
            metadata["resourceVersion"] = str(self._resource_version)
            self.objects.setdefault(plural, []).append(obj)

    def write_kubeconfig(self, path: Path, *, context: str = "fake", namespace: str = "") -> Path:
        context_body: dict[str, Any] = {"cluster": "fake", "user": "fake"}
        if namespace:
            context_body["namespace"] = namespace
        config = {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": "fake", "cluster": {"server": self.url}}],
            "users": [{"name": "fake", "user": {}}],
            "contexts": [{"name": context, "context": context_body}],
            "current-context": context,
            "preferences": {},
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(config, indent=2))
        return path

    # -- routing -----------------------------------------------------------------------------

    def _resource_list(self) -> dict[str, Any]:
        resources = []
        for plural, info in RESOURCES.items():
            resources.append(
                {
                    "name": plural,
                    "singularName": info["singular"],
                    "namespaced": True,
                    "kind": info["kind"],
                    "verbs": ["get", "list", "watch"],
                    "shortNames": info["short"],
                    "storageVersionHash": "aaaaaaaaaaa=",
                }
            )
            resources.append(
                {
                    "name": f"{plural}/status",
                    "singularName": "",
                    "namespaced": True,
                    "kind": info["kind"],
                    "verbs": ["get"],
                }
            )
        return {
            "kind": "APIResourceList",
            "apiVersion": "v1",
            "groupVersion": GROUP_VERSION,
            "resources": resources,
        }

    def _namespaces(self, rest: list[str]) -> tuple[int, dict[str, Any]]:
        """Namespaces that hold objects (kubectl reads one after a NotFound to tell a
        missing namespace from a missing object)."""
        with self._lock:
            names = sorted(
                {
                    o["metadata"].get("namespace", "")
                    for items in self.objects.values()
                    for o in items
                }
                - {""}
                | {"default"}
            )

        def namespace(name: str) -> dict[str, Any]:
            return {
                "apiVersion": "v1",
                "kind": "Namespace",
                "metadata": {"name": name},
                "spec": {"finalizers": ["kubernetes"]},
                "status": {"phase": "Active"},
            }

        if not rest:
            return 200, {
                "apiVersion": "v1",
                "kind": "NamespaceList",
                "metadata": {},
                "items": [namespace(n) for n in names],
            }
        if len(rest) == 1 and rest[0] in names:
            return 200, namespace(rest[0])
        return 404, _status(404, "NotFound", f'namespaces "{rest[0]}" not found')

    def _group(self) -> dict[str, Any]:
        version = {"groupVersion": GROUP_VERSION, "version": VERSION}
        return {
            "kind": "APIGroup",
            "apiVersion": "v1",
            "name": GROUP,
            "versions": [version],
            "preferredVersion": version,
        }

    def route(self, path: str) -> tuple[int, dict[str, Any]]:
        path = path.split("?", 1)[0].rstrip("/") or "/"
        parts = [p for p in path.split("/") if p]
        if path == "/version":
            return 200, VERSION_INFO
        if path == "/api":
            return 200, {
                "kind": "APIVersions",
                "versions": ["v1"],
                "serverAddressByClientCIDRs": [
                    {"clientCIDR": "0.0.0.0/0", "serverAddress": f"127.0.0.1:{self.port}"}
                ],
            }
        if path == "/api/v1":
            return 200, {
                "kind": "APIResourceList",
                "groupVersion": "v1",
                "resources": [
                    {
                        "name": "namespaces",
                        "singularName": "namespace",
                        "namespaced": False,
                        "kind": "Namespace",
                        "verbs": ["get", "list"],
                        "shortNames": ["ns"],
                    }
                ],
            }
        if path == "/apis":
            groups = [self._group()] if self.crd_installed else []
            for group in groups:
                group.pop("kind"), group.pop("apiVersion")
            return 200, {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}
        if parts[:3] == ["api", "v1", "namespaces"]:
            return self._namespaces(parts[3:])
        not_found = _status(404, "NotFound", "the server could not find the requested resource")
        if not self.crd_installed or parts[:2] != ["apis", GROUP]:
            return 404, not_found
        if len(parts) == 2:
            return 200, self._group()
        if parts[2] != VERSION:
            return 404, not_found
        if len(parts) == 3:
            return 200, self._resource_list()
        namespace = ""
        rest = parts[3:]
        if rest[0] == "namespaces" and len(rest) >= 3:
            namespace, rest = rest[1], rest[2:]
        plural = rest[0]
        if plural not in RESOURCES or len(rest) > 2:
            return 404, not_found
        if plural in self.forbidden:
            verb = "get" if len(rest) == 2 else "list"
            scope = f'in the namespace "{namespace}"' if namespace else "at the cluster scope"
            return 403, _status(
                403,
                "Forbidden",
                f'{plural}.{GROUP} is forbidden: User "system:serviceaccount:pacto:dashboard" '
                f'cannot {verb} resource "{plural}" in API group "{GROUP}" {scope}',
            )
        with self._lock:
            items = [
                o
                for o in self.objects.get(plural, [])
                if not namespace or o["metadata"].get("namespace") == namespace
            ]
            resource_version = str(self._resource_version)
        if len(rest) == 2:
            match = next((o for o in items if o["metadata"]["name"] == rest[1]), None)
            if match is None:
                return 404, _status(404, "NotFound", f'{plural}.{GROUP} "{rest[1]}" not found')
            return 200, match
        return 200, {
            "apiVersion": GROUP_VERSION,
            "kind": f"{RESOURCES[plural]['kind']}List",
            "metadata": {"resourceVersion": resource_version},
            "items": items,
        }

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> FakeAPIServer:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def setup(self) -> None:
                super().setup()
                with fake._lock:
                    fake._connections.add(self.connection)

            def finish(self) -> None:
                with fake._lock:
                    fake._connections.discard(self.connection)
                super().finish()

            def do_GET(self) -> None:
                fake.requests.append(self.path)
                status, body = fake.route(self.path)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening and cut open keep-alive connections (the cluster is gone)."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        with self._lock:
            connections, self._connections = set(self._connections), set()
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
