"""The service index (10-dashboard.md §8.1): one snapshot of every service's details with
insights, ref aliases, version tracking, blast radii and the global graph, shared by the list,
graph, dependents and refs endpoints.

A snapshot is immutable. :class:`IndexManager` rebuilds it at most every ``ttl`` seconds; a
stale snapshot keeps being served while one background rebuild runs (stale-while-revalidate),
and only a *dropped* index makes requests wait, for a single shared rebuild.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from pacto.dashboard.compliance import compute_compliance, generate_insights
from pacto.dashboard.graph import NameResolver, blast_radii, build_global_graph, build_ref_aliases
from pacto.dashboard.model import (
    GraphNodeData,
    Service,
    ServiceDetails,
    ServiceListEntry,
    Version,
)
from pacto.dashboard.versioning import (
    classify_version_policy,
    compute_latest_available,
    is_update_available,
)
from pacto.dashboard.wire import encode, global_graph_to_wire, list_entry_to_wire
from pacto.errors import PactoError

__all__ = ["IndexManager", "ServiceIndex", "build_index", "list_entry"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceIndex:
    services: tuple[Service, ...] = ()
    details: Mapping[str, ServiceDetails] = field(default_factory=dict)
    names: NameResolver = field(default_factory=lambda: NameResolver(frozenset(), {}))
    blast: Mapping[str, int] = field(default_factory=dict)
    graph: tuple[GraphNodeData, ...] = ()
    list_body: bytes = b"[]\n"
    graph_body: bytes = b'{"nodes":[]}\n'
    built_at: float = 0.0


def list_entry(service: Service, index: ServiceIndex) -> ServiceListEntry:
    """A ``GET /api/services`` element (§12.3 #3)."""
    details = index.details.get(service.name)
    if details is None:
        return ServiceListEntry(service=service)
    compliance = details.compliance or compute_compliance(service.contract_status, ())
    checks = details.checks_summary
    summary = compliance.summary
    return ServiceListEntry(
        service=service,
        namespace=details.namespace,
        blast_radius=index.blast.get(service.name, 0),
        dependency_count=len(details.dependencies),
        checks_passed=checks.passed if checks else 0,
        checks_total=checks.total if checks else 0,
        checks_failed=checks.failed if checks else 0,
        compliance_status=str(compliance.status),
        compliance_score=compliance.score,
        compliance_errors=summary.errors if summary else 0,
        compliance_warnings=summary.warnings if summary else 0,
        top_insight=details.insights[0].title if details.insights else "",
        update_available=details.update_available,
    )


def _track_versions(details: ServiceDetails, versions: Sequence[Version]) -> ServiceDetails:
    """§8.11 step 5; ``updateAvailable`` never touches status or compliance (invariant 10)."""
    policy = details.version_policy or classify_version_policy(details.resolved_ref)
    latest = compute_latest_available(versions) if versions else details.latest_available
    return replace(
        details,
        version_policy=policy,
        latest_available=latest,
        update_available=is_update_available(details.version, latest) if latest else False,
    )


def build_index(
    services: Sequence[Service],
    get_details: Callable[[str], ServiceDetails],
    get_versions: Callable[[str], Sequence[Version]],
    now: float = 0.0,
) -> ServiceIndex:
    """Build a snapshot from a resolved service list and per-service lookups (steps 3-6)."""
    indexed: dict[str, ServiceDetails] = {}
    for service in services:
        try:
            details = get_details(service.name)
        except PactoError as exc:
            log.debug("index: details unavailable name=%s error=%s", service.name, exc)
            continue
        indexed[details.name] = replace(details, insights=generate_insights(details))
    names = NameResolver(frozenset(indexed), build_ref_aliases(indexed))
    for name, details in indexed.items():
        dependencies = tuple(
            replace(dep, name=names.resolve(dep.name)) for dep in details.dependencies
        )
        try:
            versions: Sequence[Version] = get_versions(name)
        except PactoError:
            versions = ()
        indexed[name] = _track_versions(replace(details, dependencies=dependencies), versions)
    blast = blast_radii(indexed, names)
    graph = tuple(build_global_graph(services, indexed, names))
    index = ServiceIndex(
        services=tuple(services),
        details=indexed,
        names=names,
        blast=blast,
        graph=graph,
        built_at=now,
    )
    return replace(
        index,
        list_body=encode([list_entry_to_wire(list_entry(s, index)) for s in services]),
        graph_body=encode(global_graph_to_wire(graph)),
    )


class IndexManager:
    """Holds the current :class:`ServiceIndex` and rebuilds it (see the module docstring)."""

    def __init__(
        self,
        build: Callable[[], ServiceIndex],
        *,
        ttl: float = 15.0,
        clock: Callable[[], float] = time.monotonic,
        background: bool = True,
    ) -> None:
        self._build = build
        self._ttl = ttl
        self._clock = clock
        self._background = background
        self._lock = threading.Lock()
        self._build_lock = threading.Lock()
        self._current: ServiceIndex | None = None
        self._fresh_until = 0.0
        self._generation = 0
        self._rebuilding = False

    def _rebuild(self) -> ServiceIndex:
        with self._build_lock:
            return self._rebuild_locked()

    def _rebuild_locked(self) -> ServiceIndex:
        """Rebuild unless the index is fresh; the caller holds ``_build_lock``."""
        with self._lock:
            generation = self._generation
            current = self._current
            if current is not None and self._clock() < self._fresh_until:
                return current
        try:
            index = self._build()
        except PactoError as exc:
            log.warning("index rebuild failed error=%s", exc)
            index = current or ServiceIndex()
        with self._lock:
            self._current = index
            # Built from data older than a drop or refresh: serve it, but rebuild soon.
            fresh = generation == self._generation
            self._fresh_until = self._clock() + self._ttl if fresh else 0.0
            self._rebuilding = False
        return index

    def _rebuild_in_background(self) -> None:
        try:
            self._rebuild()
        finally:
            with self._lock:
                self._rebuilding = False

    def get(self) -> ServiceIndex:
        with self._lock:
            current = self._current
            stale = self._clock() >= self._fresh_until
            start_background = (
                current is not None and stale and self._background and not self._rebuilding
            )
            if start_background:
                self._rebuilding = True
        if current is None or (stale and not self._background):
            return self._rebuild()
        if start_background:
            threading.Thread(
                target=self._rebuild_in_background, name="pacto-index", daemon=True
            ).start()
        return current

    def peek(self) -> ServiceIndex | None:
        with self._lock:
            return self._current

    def drop(self) -> None:
        """Forget the index: the next request rebuilds (and waits for) a fresh one."""
        with self._lock:
            self._current = None
            self._fresh_until = 0.0
            self._generation += 1

    def mark_stale(self) -> None:
        """Keep serving the index but rebuild it in the background on the next request."""
        with self._lock:
            self._fresh_until = 0.0
            self._generation += 1

    def rebuild_now(self) -> None:
        """Rebuild on the calling thread (a background worker's), while requests keep getting
        the current index and start no rebuild of their own. When a build is already running
        (it may be waiting for the caller: never wait for it), mark the index stale and leave
        the rebuild to a background thread that waits its turn."""
        with self._lock:
            self._fresh_until = 0.0
            self._generation += 1
            self._rebuilding = True
        if not self._build_lock.acquire(blocking=False):
            threading.Thread(
                target=self._rebuild_in_background, name="pacto-index", daemon=True
            ).start()
            return
        try:
            self._rebuild_locked()
        finally:
            self._build_lock.release()
            with self._lock:
                self._rebuilding = False
