"""Source aggregation: which source wins what (10-dashboard.md §7).

The rules are plain functions with unit tests of their own:

* :func:`merge_service_entry` — one list entry per name; version and owner from the winning
  contract source (``local`` beats ``oci``), status from Kubernetes when known;
* :func:`enrich_with_runtime` — Kubernetes adds runtime facts and never overrides contract
  content (invariant 3);
* :func:`merge_versions` / :func:`enrich_version` — histories merged in the order
  ``k8s``, ``oci``, ``local`` (invariant 2);
* :func:`public_source_type` — the cache is never a source: it is always called ``oci``
  (invariant 1).

:class:`ResolvedSource` applies them over the live sources; its collections are replaced
copy-on-write, so readers on other threads always see a consistent set.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from pacto.dashboard.errors import (
    DiffUnavailableError,
    ServiceNotFoundError,
)
from pacto.dashboard.model import (
    PUBLIC_SOURCE_TYPES,
    AggregatedService,
    ContractStatus,
    DiffResult,
    Ref,
    Service,
    ServiceDetails,
    ServiceSourceData,
    Version,
)
from pacto.dashboard.sources.base import DataSource
from pacto.dashboard.versioning import sort_semver_desc
from pacto.errors import PactoError

__all__ = [
    "CONTRACT_PRIORITY",
    "RESOLVER_VERSION_SOURCES",
    "RUNTIME_SOURCE",
    "ResolvedSource",
    "build_resolved_source",
    "enrich_version",
    "enrich_with_runtime",
    "merge_service_entry",
    "merge_versions",
    "public_source_type",
]

log = logging.getLogger(__name__)

CONTRACT_PRIORITY = ("local", "oci")
"""Contract sources, highest priority first: exactly one snapshot wins (invariant 4)."""
RUNTIME_SOURCE = "k8s"
RESOLVER_VERSION_SOURCES = ("k8s", "oci", "local")
"""The order version histories are merged in; never ``cache`` (invariant 2)."""


def public_source_type(kind: str) -> str:
    """The name a source type is shown under: the internal cache is ``oci``."""
    return "oci" if kind == "cache" else kind


def _is_known(status: ContractStatus | str) -> bool:
    return bool(status) and status != ContractStatus.UNKNOWN


def merge_service_entry(name: str, found: Mapping[str, Service]) -> Service:
    """One list entry from the per-source entries of ``name`` (§7.2 ``mergeServiceEntry``)."""
    contract = next((found[t] for t in CONTRACT_PRIORITY if t in found), None)
    runtime = found.get(RUNTIME_SOURCE)
    merged = Service(
        name=name,
        contract_status=ContractStatus.UNKNOWN,
        sources=tuple(sorted(public_source_type(t) for t in found)),
    )
    if contract is not None:
        merged = replace(
            merged, version=contract.version, owner=contract.owner, source=contract.source
        )
    if runtime is not None:
        if _is_known(runtime.contract_status):
            merged = replace(merged, contract_status=runtime.contract_status)
        if not merged.source:
            merged = replace(merged, source=RUNTIME_SOURCE)
    elif contract is not None:
        merged = replace(merged, contract_status=contract.contract_status)
    return merged


def enrich_with_runtime(contract: ServiceDetails, runtime: ServiceDetails) -> ServiceDetails:
    """``contract`` with the runtime facts of ``runtime`` (§7.3 ``enrichWithRuntime``).

    Never touched: name, version, owner, interfaces, configuration, dependencies, policy,
    imageRef, chartRef, metadata (invariant 3). Runtime, scaling and validation are replaced
    because the operator reports what it validated against the cluster.
    """
    changes: dict[str, object] = {}
    if _is_known(runtime.contract_status):
        changes["contract_status"] = runtime.contract_status
    for attribute in (
        "runtime",
        "resources",
        "ports",
        "validation",
        "scaling",
        "checks_summary",
        "observed_runtime",
        "compliance",
    ):
        value = getattr(runtime, attribute)
        if value is not None:
            changes[attribute] = value
    for attribute in ("endpoints", "conditions", "insights", "runtime_diff"):
        value = getattr(runtime, attribute)
        if value:
            changes[attribute] = value
    for attribute in (
        "namespace",
        "resolved_ref",
        "current_revision",
        "last_reconciled_at",
        "version_policy",
    ):
        value = getattr(runtime, attribute)
        if value:
            changes[attribute] = value
    return replace(contract, **changes)  # type: ignore[arg-type]


def enrich_version(existing: Version, new: Version) -> Version:
    """Fill ``existing``'s empty hash, creation time, classification and ref from ``new``."""
    return replace(
        existing,
        contract_hash=existing.contract_hash or new.contract_hash,
        created_at=existing.created_at or new.created_at,
        classification=existing.classification or new.classification,
        ref=existing.ref or new.ref,
    )


def merge_versions(per_source: Iterable[tuple[str, Sequence[Version]]]) -> list[Version]:
    """Merge histories given in :data:`RESOLVER_VERSION_SOURCES` order, latest first."""
    merged: list[Version] = []
    index: dict[str, int] = {}
    for kind, versions in per_source:
        for version in versions:
            position = index.get(version.version)
            if position is None:
                index[version.version] = len(merged)
                merged.append(replace(version, source=public_source_type(kind)))
            else:
                merged[position] = enrich_version(merged[position], version)
    return sort_semver_desc(merged)


_RECOVERABLE = (PactoError, OSError)


class ResolvedSource:
    """The aggregated view over the active sources (§7)."""

    source_type = "resolved"

    def __init__(self, sources: Mapping[str, DataSource]) -> None:
        for kind in sources:
            if kind not in PUBLIC_SOURCE_TYPES:
                raise ValueError(f"not a public source type: {kind!r}")
        self._lock = threading.Lock()
        self._all: dict[str, DataSource] = dict(sources)
        self._pool = ThreadPoolExecutor(max_workers=3, thread_name_prefix="pacto-list")
        self._errors: dict[str, str] = {}

    # -- copy-on-write mutation ---------------------------------------------------------------

    def add_contract_source(self, kind: str, source: DataSource) -> None:
        if kind not in CONTRACT_PRIORITY:
            raise ValueError(f"not a contract source type: {kind!r}")
        with self._lock:
            self._all = {**self._all, kind: source}

    def set_runtime_source(self, source: DataSource | None) -> None:
        with self._lock:
            updated = {k: v for k, v in self._all.items() if k != RUNTIME_SOURCE}
            if source is not None:
                updated[RUNTIME_SOURCE] = source
            self._all = updated
            self._errors.pop(RUNTIME_SOURCE, None)

    def remove_source(self, kind: str) -> None:
        with self._lock:
            self._all = {k: v for k, v in self._all.items() if k != kind}

    # -- views --------------------------------------------------------------------------------

    def sources(self) -> dict[str, DataSource]:
        return dict(self._all)

    def contract_sources(self) -> list[tuple[str, DataSource]]:
        current = self._all
        return [(kind, current[kind]) for kind in CONTRACT_PRIORITY if kind in current]

    def runtime_source(self) -> DataSource | None:
        return self._all.get(RUNTIME_SOURCE)

    def source_errors(self) -> dict[str, str]:
        """The last list failure of each source (cleared when it answers again)."""
        with self._lock:
            return dict(self._errors)

    def _record(self, kind: str, error: str) -> None:
        with self._lock:
            previous = self._errors.get(kind, "")
            if error:
                self._errors[kind] = error
            else:
                self._errors.pop(kind, None)
        if error and error != previous:
            log.warning("source failed to list services source=%s error=%s", kind, error)

    # -- DataSource ---------------------------------------------------------------------------

    def _list_one(self, kind: str, source: DataSource) -> list[Service] | None:
        try:
            services = source.list_services()
        except _RECOVERABLE as exc:
            self._record(kind, str(exc))
            return None
        self._record(kind, "")
        return services

    def list_per_source(self) -> dict[str, list[Service] | str]:
        """Every source's own list, or its error message (for diagnostics)."""
        current = self._all
        out: dict[str, list[Service] | str] = {}
        for kind in sorted(current):
            try:
                out[kind] = current[kind].list_services()
            except _RECOVERABLE as exc:
                out[kind] = str(exc)
        return out

    def list_services(self) -> list[Service]:
        current = self._all
        kinds = list(current)
        results = list(self._pool.map(lambda k: self._list_one(k, current[k]), kinds))
        grouped: dict[str, dict[str, Service]] = {}
        for kind, services in zip(kinds, results, strict=True):
            for service in services or ():
                grouped.setdefault(service.name, {})[kind] = service
        return [merge_service_entry(name, grouped[name]) for name in sorted(grouped)]

    def get_service(self, name: str) -> ServiceDetails:
        contract: ServiceDetails | None = None
        found: list[str] = []
        for kind, source in self.contract_sources():
            try:
                details = source.get_service(name)
            except _RECOVERABLE:
                continue
            found.append(public_source_type(kind))
            if contract is None:
                contract = replace(details, source=public_source_type(kind))
        runtime: ServiceDetails | None = None
        runtime_source = self.runtime_source()
        if runtime_source is not None:
            try:
                runtime = runtime_source.get_service(name)
            except _RECOVERABLE:
                runtime = None
        if runtime is not None:
            found.append(RUNTIME_SOURCE)
        if contract is None and runtime is None:
            raise ServiceNotFoundError(f'service "{name}" not found in any source', name=name)
        merged = runtime if contract is None else contract
        assert merged is not None
        if contract is not None and runtime is not None:
            merged = enrich_with_runtime(contract, runtime)
        return replace(merged, sources=tuple(sorted(set(found))))

    def get_versions(self, name: str) -> list[Version]:
        current = self._all
        per_source: list[tuple[str, Sequence[Version]]] = []
        for kind in RESOLVER_VERSION_SOURCES:
            source = current.get(kind)
            if source is None:
                continue
            try:
                versions = source.get_versions(name)
            except _RECOVERABLE:
                continue
            if versions:
                per_source.append((kind, versions))
        merged = merge_versions(per_source)
        if not merged:
            raise ServiceNotFoundError(f'no version history available for "{name}"', name=name)
        return merged

    def get_diff(self, a: Ref, b: Ref) -> DiffResult:
        current = self._all
        if a.source and a.source in current:
            return current[a.source].get_diff(a, b)
        errors: list[str] = []
        is_failure = False
        for kind in ("oci", "local"):
            source = current.get(kind)
            if source is None:
                continue
            try:
                return source.get_diff(a, b)
            except ServiceNotFoundError as exc:
                errors.append(f"{kind}: {exc}")
            except _RECOVERABLE as exc:
                # A source that knows the service but cannot diff it is a real failure (500);
                # "no source has these versions" is a not-found (404).
                is_failure = True
                errors.append(f"{kind}: {exc}")
        detail = f" ({'; '.join(errors)})" if errors else ""
        message = f'diff requires contract bundle data (not available for "{a.name}"){detail}'
        if is_failure:
            raise DiffUnavailableError(message)
        raise ServiceNotFoundError(message, name=a.name)

    def get_aggregated(self, name: str) -> AggregatedService:
        merged = self.get_service(name)
        items: list[ServiceSourceData] = []
        for kind, source in self.contract_sources():
            try:
                details = source.get_service(name)
            except _RECOVERABLE:
                continue
            kind = public_source_type(kind)
            items.append(ServiceSourceData(source_type=kind, service=replace(details, source=kind)))
        runtime_source = self.runtime_source()
        if runtime_source is not None:
            with contextlib.suppress(*_RECOVERABLE):
                items.append(
                    ServiceSourceData(
                        source_type=RUNTIME_SOURCE, service=runtime_source.get_service(name)
                    )
                )
        return AggregatedService(name=name, sources=tuple(items), merged=merged)

    def close(self) -> None:
        self._pool.shutdown(wait=False)


def build_resolved_source(sources: Mapping[str, DataSource]) -> ResolvedSource:
    """``BuildResolvedSource``: contract sources ``local`` then ``oci``, runtime ``k8s``."""
    return ResolvedSource(sources)
