"""In-memory fakes for the dashboard tests: sources, an OCI store, a Kubernetes client, a
differ, and a helper that builds bundles from YAML text."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from pacto.contract import Bundle, MemoryFS, parse
from pacto.dashboard.classify import DiffOutcome
from pacto.dashboard.errors import (
    DiffUnavailableError,
    KubernetesError,
    ServiceNotFoundError,
)
from pacto.dashboard.model import (
    ContractStatus,
    DiffChange,
    DiffResult,
    Ref,
    Service,
    ServiceDetails,
    Version,
)
from pacto.dashboard.sources.k8s import CRDInfo


def contract_yaml(
    name: str,
    version: str = "1.0.0",
    *,
    deps: list[tuple[str, bool]] | None = None,
    owner: str = "team-a",
    extra: str = "",
) -> str:
    lines = [
        'pactoVersion: "1.0"',
        "service:",
        f"  name: {name}",
        f"  version: {version}",
        f"  owner: {owner}",
    ]
    if deps:
        lines.append("dependencies:")
        for ref, required in deps:
            lines += [
                f"  - ref: {ref}",
                f"    required: {'true' if required else 'false'}",
                '    compatibility: "^1.0.0"',
            ]
    return "\n".join(lines) + "\n" + extra


def make_bundle(text: str, files: Mapping[str, bytes] | None = None, origin: str = "") -> Bundle:
    raw = text.encode()
    return Bundle(
        contract=parse(raw),
        raw_yaml=raw,
        fs=MemoryFS({"pacto.yaml": raw, **(files or {})}),
        origin=origin,
    )


def fake_differ(old: Bundle, new: Bundle) -> DiffOutcome:
    """BREAKING on a major bump, NON_BREAKING otherwise; one change for the version."""
    a, b = old.contract.service.version, new.contract.service.version
    cls = "BREAKING" if a.split(".")[0] != b.split(".")[0] else "NON_BREAKING"
    if a == b:
        return DiffOutcome("NON_BREAKING", ())
    change = DiffChange(
        path="service.version",
        type="modified",
        classification=cls,
        old_value=a,
        new_value=b,
        reason="service.version modified",
    )
    return DiffOutcome(cls, (change,))


@dataclass
class FakeSource:
    """A DataSource with canned answers; ``fail`` makes every call raise."""

    source_type: str
    services: dict[str, ServiceDetails] = field(default_factory=dict)
    versions: dict[str, list[Version]] = field(default_factory=dict)
    fail: str = ""
    calls: list[str] = field(default_factory=list)

    def _check(self, call: str) -> None:
        self.calls.append(call)
        if self.fail:
            from pacto.dashboard.errors import SourceError

            raise SourceError(self.fail, source=self.source_type)

    def add(self, name: str, **fields: Any) -> FakeSource:
        fields.setdefault("source", self.source_type)
        self.services[name] = ServiceDetails(name=name, **fields)
        return self

    def list_services(self) -> list[Service]:
        self._check("list")
        return [self.services[n].summary() for n in sorted(self.services)]

    def get_service(self, name: str) -> ServiceDetails:
        self._check(f"get:{name}")
        if name not in self.services:
            raise ServiceNotFoundError(f"{name} not in {self.source_type}")
        return self.services[name]

    def get_versions(self, name: str) -> list[Version]:
        self._check(f"versions:{name}")
        return list(self.versions.get(name, []))

    def get_diff(self, a: Ref, b: Ref) -> DiffResult:
        self._check("diff")
        if a.name not in self.services:
            raise ServiceNotFoundError(a.name)
        if self.source_type == "k8s":
            raise DiffUnavailableError("diff not yet supported for k8s source")
        return DiffResult(from_ref=a, to_ref=b, classification="NON_BREAKING")


class FakeStore:
    """An in-memory OCI store: ``repos[repository][tag] = bundle``. Thread-safe."""

    def __init__(self, repos: dict[str, dict[str, Bundle]] | None = None) -> None:
        self.repos = repos or {}
        self.pulls: list[str] = []
        self.fail_repos: dict[str, Exception] = {}
        self._lock = threading.Lock()
        self.on_pull: Callable[[str, Bundle], object] | None = None

    def list_tags(self, repository: str) -> list[str]:
        if repository in self.fail_repos:
            raise self.fail_repos[repository]
        if repository not in self.repos:
            from pacto.oci import ArtifactNotFoundError

            raise ArtifactNotFoundError(repository, "name unknown")
        return list(self.repos[repository])

    def pull(self, reference: str) -> Bundle:
        from pacto.oci import ArtifactNotFoundError

        repository, _, tag = reference.rpartition(":")
        if repository in self.fail_repos:
            raise self.fail_repos[repository]
        bundle = self.repos.get(repository, {}).get(tag)
        if bundle is None:
            raise ArtifactNotFoundError(reference, "manifest unknown")
        with self._lock:
            self.pulls.append(reference)
        if self.on_pull is not None:
            self.on_pull(reference, bundle)
        return bundle

    def resolve(self, reference: str, compatibility: str | None = None) -> str:
        from pacto.contract import Range, highest_matching
        from pacto.oci import NoMatchingVersionError

        tags = self.list_tags(reference)
        best = highest_matching(tags, Range(compatibility) if compatibility else None)
        if best is None:
            raise NoMatchingVersionError(reference, compatibility or "", "no tags")
        return f"{reference}:{best}"

    def add(self, repository: str, bundle: Bundle, tag: str | None = None) -> FakeStore:
        self.repos.setdefault(repository, {})[tag or bundle.contract.service.version] = bundle
        return self


def pacto_object(
    name: str,
    *,
    namespace: str = "shop",
    status: Mapping[str, Any] | None = None,
    service_name: str | None = None,
    version: str = "1.0.0",
    contract_status: str = "Compliant",
    resolved_ref: str = "",
) -> dict[str, Any]:
    """A ``Pacto`` resource as the API server lists it."""
    contract: dict[str, Any] = {"serviceName": service_name or name, "version": version}
    if resolved_ref:
        contract["resolvedRef"] = resolved_ref
    body: dict[str, Any] = {"contractStatus": contract_status, "contract": contract}
    body.update(status or {})
    return {
        "apiVersion": "pacto.trianalab.io/v1alpha1",
        "kind": "Pacto",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {"contractRef": {"oci": resolved_ref.rsplit(":", 1)[0] if resolved_ref else ""}},
        "status": body,
    }


def revision_object(service: str, version: str, **status: Any) -> dict[str, Any]:
    return {
        "apiVersion": "pacto.trianalab.io/v1alpha1",
        "kind": "PactoRevision",
        "metadata": {"name": f"{service}-{version.replace('.', '-')}", "namespace": "shop"},
        "spec": {
            "serviceName": service,
            "version": version,
            "source": {"oci": status.pop("oci", "")},
        },
        "status": status,
    }


class FakeKubeClient:
    """The KubeClient port over in-memory objects; ``errors[plural]`` makes lists fail."""

    def __init__(
        self,
        pactos: list[dict[str, Any]] | None = None,
        revisions: list[dict[str, Any]] | None = None,
        *,
        crd: bool = True,
        reachable: bool = True,
    ) -> None:
        self.objects = {"pactos": pactos or [], "pactorevisions": revisions or []}
        self.crd = crd
        self.reachable = reachable
        self.errors: dict[str, KubernetesError] = {}
        self.list_calls = 0
        self.context = "ctx-a"

    def server_version(self) -> str:
        if not self.reachable:
            from pacto.dashboard.errors import KubernetesUnreachableError

            raise KubernetesUnreachableError("connection refused")
        return "v1.30.0"

    def discover(self) -> CRDInfo | None:
        if not self.crd:
            return None
        return CRDInfo(
            group="pacto.trianalab.io",
            versions=("v1alpha1",),
            chosen_version="v1alpha1",
            resource="pactos",
        )

    def list_objects(self, version: str, plural: str, namespace: str) -> list[dict[str, Any]]:
        self.list_calls += 1
        if plural in self.errors:
            raise self.errors[plural]
        items = self.objects.get(plural, [])
        if namespace:
            items = [i for i in items if i["metadata"].get("namespace") == namespace]
        return [dict(i) for i in items]

    def get_object(self, version: str, plural: str, namespace: str, name: str) -> dict[str, Any]:
        for item in self.list_objects(version, plural, namespace):
            if item["metadata"]["name"] == name:
                return item
        from pacto.dashboard.errors import KubernetesPermanentError

        raise KubernetesPermanentError(f"{plural} {name} not found", status=404)

    def current_context(self) -> str:
        return self.context


def details(name: str, source: str = "local", **fields: Any) -> ServiceDetails:
    fields.setdefault("contract_status", ContractStatus.UNKNOWN)
    return ServiceDetails(name=name, source=source, **fields)


def with_status(service: ServiceDetails, status: ContractStatus) -> ServiceDetails:
    return replace(service, contract_status=status)
