"""The ``oci`` source: contracts discovered in OCI registries (10-dashboard.md §6.4).

Lifecycle: the first :meth:`OCISource.list_services` runs a *shallow scan* of the configured
repositories (synchronous, in parallel, bounded by a per-repository timeout), then starts a
background thread that runs *deep discovery* — breadth-first over ``oci://`` dependency,
configuration and policy references — followed by a *prefetch* of every semver tag, then
repeats every :attr:`rediscover_interval` seconds until :meth:`close`. ``discovering()`` is
true from the first list until the first deep cycle has finished (invariant 7).

All registry access goes through the injected store (normally pacto's ``CachedStore``), so
every pull also materialises the bundle in the disk cache that :class:`CacheSource` reads.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Protocol, runtime_checkable

from pacto.contract import Bundle
from pacto.dashboard.bundle_view import BundleView, describe_bundle
from pacto.dashboard.classify import BundleDiffer, compute_diff
from pacto.dashboard.errors import DiffUnavailableError, ServiceNotFoundError, SourceError
from pacto.dashboard.model import DiffResult, Ref, Service, ServiceDetails, Version
from pacto.dashboard.naming import has_explicit_tag, strip_oci_scheme, strip_tag
from pacto.dashboard.sources.cache import CacheSource
from pacto.dashboard.versioning import latest_tag, sort_tags_desc
from pacto.errors import PactoError

__all__ = ["BundleStore", "OCISource", "dependency_repositories"]

log = logging.getLogger(__name__)


@runtime_checkable
class BundleStore(Protocol):
    """What the dashboard needs from the OCI store. References carry no ``oci://``."""

    def pull(self, reference: str) -> Bundle: ...

    def list_tags(self, repository: str) -> list[str]: ...


def dependency_repositories(bundle: Bundle) -> list[str]:
    """Untagged repositories of the bundle's ``oci://`` dependency, config and policy refs."""
    contract = bundle.contract
    refs = [d.ref for d in contract.dependencies]
    refs += [c.ref for c in contract.effective_configurations()]
    refs += [p.ref for p in contract.effective_policies()]
    out: list[str] = []
    for ref in refs:
        if not ref.startswith("oci://"):
            continue
        repo = strip_oci_scheme(ref)
        if has_explicit_tag(repo):
            repo = strip_tag(repo)
        if repo and repo not in out:
            out.append(repo)
    return out


class OCISource:
    """Services discovered in registries; see the module docstring for the lifecycle."""

    source_type = "oci"

    def __init__(
        self,
        store: BundleStore,
        repositories: list[str],
        *,
        differ: BundleDiffer | None = None,
        rediscover_interval: float = 60.0,
        repository_timeout: float = 10.0,
        workers: int = 8,
        notify_interval: float = 2.0,
    ) -> None:
        self.store = store
        self.repositories = [strip_oci_scheme(r) for r in repositories if strip_oci_scheme(r)]
        self.rediscover_interval = rediscover_interval
        self._differ = differ
        self._timeout = repository_timeout
        self._workers = max(1, workers)
        self._notify_interval = notify_interval
        self._lock = threading.RLock()
        self._repo_by_name: dict[str, str] = {}
        self._services: dict[str, Service] = {}
        self._views: dict[str, tuple[Bundle, BundleView]] = {}
        self._started = False
        self._done = False
        self._on_discover: Callable[[], None] | None = None
        self._cache: CacheSource | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_notify = 0.0
        self.cycles = 0
        self._failures: dict[str, str] = {}

    # -- wiring -----------------------------------------------------------------------------

    def set_on_discover(self, callback: Callable[[], None] | None) -> None:
        self._on_discover = callback

    def set_cache(self, cache: CacheSource | None) -> None:
        """The internal enrichment store (never a separate source)."""
        self._cache = cache

    def rescan_cache(self) -> None:
        cache = self._cache
        if cache is not None:
            cache.rescan()

    def discovering(self) -> bool:
        with self._lock:
            return self._started and not self._done

    def error(self) -> str:
        """Why repositories failed at their last discovery attempt; ``""`` when none did."""
        with self._lock:
            failures = sorted(self._failures.items())
        if not failures:
            return ""
        repo, message = failures[0]
        if len(failures) == 1:
            return f"{repo}: {message}"
        return f"{len(failures)} repositories failed, e.g. {repo}: {message}"

    def close(self) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)

    # -- discovery --------------------------------------------------------------------------

    def _notify(self, *, force: bool = False) -> None:
        callback = self._on_discover
        if callback is None:
            return
        now = time.monotonic()
        if not force and now - self._last_notify < self._notify_interval:
            return
        self._last_notify = now
        try:
            callback()
        except PactoError as exc:
            log.warning("discovery callback failed error=%s", exc)

    def _latest(self, repository: str) -> tuple[str, Bundle] | None:
        tags = self.store.list_tags(repository)
        if not tags:
            log.warning("no tags in repository repo=%s", repository)
            return None
        tag = latest_tag(tags)
        if tag is None:
            # Beyond the reference: no lexical fallback, such a repository is skipped.
            log.warning("no semver tags repo=%s", repository)
            return None
        return tag, self.store.pull(f"{repository}:{tag}")

    def _view(self, ref: str, bundle: Bundle) -> BundleView:
        with self._lock:
            memo = self._views.get(ref)
        if memo is not None and memo[0] is bundle:
            return memo[1]
        view = describe_bundle(bundle, self.source_type)
        with self._lock:
            self._views[ref] = (bundle, view)
        return view

    def _discover(self, repository: str) -> Bundle | None:
        """Discover one repository; its latest bundle when it yields a new service."""
        try:
            latest = self._latest(repository)
        except PactoError as exc:
            log.warning("discovering repository failed repo=%s error=%s", repository, exc)
            with self._lock:
                self._failures[repository] = str(exc)
            return None
        with self._lock:
            self._failures.pop(repository, None)
        if latest is None:
            return None
        tag, bundle = latest
        name = bundle.contract.service.name
        with self._lock:
            if name in self._repo_by_name:
                return None
            self._repo_by_name[name] = repository
        view = self._view(f"{repository}:{tag}", bundle)
        with self._lock:
            self._services[name] = view.service
        log.info("discovered service name=%s repo=%s tag=%s", name, repository, tag)
        return bundle

    def _shallow_scan(self) -> None:
        with ThreadPoolExecutor(max_workers=self._workers) as pool:
            futures = [pool.submit(self._discover, repo) for repo in self.repositories]
            wait(futures, timeout=self._timeout)
            # Late repositories still register when they finish; the first answer does not
            # wait for them (per-repository timeout, beyond the reference).
            pool.shutdown(wait=False)

    def _ensure_started(self) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
        self._shallow_scan()
        self._thread = threading.Thread(target=self._loop, name="pacto-oci-discovery", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        # The shallow scan's notification, sent from here rather than from the request that
        # started discovery: the callback may rebuild the service index, which that request may
        # be building itself (and waiting for this source's answer).
        self._notify(force=True)
        while not self._stop.is_set():
            try:
                self.discover_and_prefetch()
            except PactoError as exc:  # pragma: no cover - each step already degrades
                log.warning("discovery cycle failed error=%s", exc)
            with self._lock:
                self._done = True
            self.cycles += 1
            if self._stop.wait(self.rediscover_interval):
                return

    def discover_and_prefetch(self) -> None:
        """One deep-discovery cycle: BFS over dependency repositories, prefetch, notify."""
        with self._lock:
            visited = set(self._repo_by_name.values()) | set(self.repositories)
            known = dict(self._repo_by_name)
        queue: deque[str] = deque()
        for name, repository in known.items():
            for repo in self._dependency_repositories_of(repository, name):
                queue.append(repo)
        while queue and not self._stop.is_set():
            repository = queue.popleft()
            if repository in visited:
                continue
            visited.add(repository)
            bundle = self._discover(repository)
            if bundle is not None:
                queue.extend(dependency_repositories(bundle))
                self._notify()
        self._prefetch()
        self.rescan_cache()
        self._notify(force=True)

    def _dependency_repositories_of(self, repository: str, name: str) -> list[str]:
        try:
            latest = self._latest(repository)
        except PactoError as exc:
            log.debug("listing dependencies failed name=%s error=%s", name, exc)
            return []
        return dependency_repositories(latest[1]) if latest else []

    def _prefetch_repository(self, repository: str) -> None:
        try:
            tags = sort_tags_desc(self.store.list_tags(repository))
        except PactoError as exc:
            log.debug("prefetch listing failed repo=%s error=%s", repository, exc)
            return
        for tag in tags:
            if self._stop.is_set():
                return
            try:
                self.store.pull(f"{repository}:{tag}")
            except PactoError as exc:
                log.debug("prefetch pull failed ref=%s:%s error=%s", repository, tag, exc)

    def _prefetch(self) -> None:
        with self._lock:
            repositories = sorted(set(self._repo_by_name.values()))
        with ThreadPoolExecutor(max_workers=min(4, self._workers)) as pool:
            list(pool.map(self._prefetch_repository, repositories))

    # -- DataSource ---------------------------------------------------------------------------

    def list_services(self) -> list[Service]:
        self._ensure_started()
        with self._lock:
            return [self._services[name] for name in sorted(self._services)]

    def _repository(self, name: str) -> str:
        with self._lock:
            repository = self._repo_by_name.get(name)
        if repository is not None:
            return repository
        for repo in self.repositories:
            if repo.rsplit("/", 1)[-1] == name:
                return repo
        with self._lock:
            mapped = set(self._repo_by_name.values())
        # Only configured repositories whose service is not known yet can still hold it: the
        # others' names are already in the map (this keeps lookups of unknown names cheap).
        for repo in self.repositories:
            if repo in mapped:
                continue
            try:
                latest = self._latest(repo)
            except PactoError:
                continue
            if latest is not None and latest[1].contract.service.name == name:
                return repo
        raise ServiceNotFoundError(
            f'service "{name}" not found in configured OCI repositories', name=name
        )

    def get_service(self, name: str) -> ServiceDetails:
        repository = self._repository(name)
        try:
            latest = self._latest(repository)
        except PactoError as exc:
            raise SourceError(f"fetching {repository}: {exc}", source="oci") from exc
        if latest is None:
            raise ServiceNotFoundError(f'service "{name}" has no semver tag in {repository}')
        tag, bundle = latest
        return self._view(f"{repository}:{tag}", bundle).details

    def get_versions(self, name: str) -> list[Version]:
        repository = self._repository(name)
        try:
            tags = sort_tags_desc(self.store.list_tags(repository))
        except PactoError as exc:
            raise SourceError(f"listing tags of {repository}: {exc}", source="oci") from exc
        versions = [Version(version=tag, ref=f"{repository}:{tag}") for tag in tags]
        cache = self._cache
        if cache is None:
            return versions
        try:
            cached = {v.version: v for v in cache.get_versions(name)}
        except ServiceNotFoundError:
            return versions
        from pacto.dashboard.sources.resolver import enrich_version

        return [
            enrich_version(v, cached[v.version]) if v.version in cached else v for v in versions
        ]

    def get_diff(self, a: Ref, b: Ref) -> DiffResult:
        if self._differ is None:
            raise DiffUnavailableError("the contract diff engine is not available")
        repository = self._repository(a.name)
        bundles = []
        for ref in (a, b):
            reference = f"{repository}:{ref.version}"
            try:
                bundles.append(self.store.pull(reference))
            except PactoError as exc:
                raise SourceError(f"pulling {reference}: {exc}", source="oci") from exc
        return compute_diff(self._differ, a, b, bundles[0], bundles[1])
