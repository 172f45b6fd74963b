"""``pacto graph``: resolve and report a contract's dependency graph (05-graph.md §3.4, §7).

:class:`BundleFetcher` adapts the OCI store and the local-directory loader to the graph's
:class:`~pacto.graph.ContractFetcher` port. :func:`resolve_bundle_graph` is the one way the
application resolves a graph (``pacto graph``, ``pacto doc``, ``pacto diff``).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from pacto.app._load import OCI_PREFIX, is_oci, load_bundle
from pacto.contract import CONTRACT_FILE, Bundle, BundleError, load_directory, parse_dependency_ref
from pacto.graph import (
    DependencyFetchError,
    FetchedBundle,
    FetchSource,
    ResolutionStats,
    ResolveOptions,
    Result,
    local_path,
    resolve,
    result_to_wire,
)
from pacto.override import Overrides

if TYPE_CHECKING:
    from pacto.app._ports import BundleStore
    from pacto.app._ports import FetchedBundle as FetchedFromStore

__all__ = [
    "DEFAULT_MAX_WORKERS",
    "BundleFetcher",
    "GraphOptions",
    "GraphResult",
    "base_dir_of",
    "resolve_bundle_graph",
    "resolve_diff_graphs",
    "run",
]

logger = logging.getLogger(__name__)

DEFAULT_MAX_WORKERS = 16
"""Concurrent fetches: they wait on the network or the disk, not the CPU."""


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphOptions:
    path: str = "."
    overrides: Overrides = field(default_factory=Overrides)
    include_references: bool = False
    only_references: bool = False
    max_workers: int = DEFAULT_MAX_WORKERS
    """1 resolves one dependency at a time."""


@dataclass(frozen=True, slots=True, kw_only=True)
class GraphResult:
    """The resolved graph, and how long loading and resolving took."""

    result: Result
    elapsed_seconds: float = 0.0

    @property
    def stats(self) -> ResolutionStats:
        return self.result.stats

    def to_wire(self) -> dict[str, Any]:
        """05-graph.md §2.3: ``{root, cycles?, conflicts?}``."""
        return result_to_wire(self.result)


def run(store: BundleStore | None, options: GraphOptions) -> GraphResult:
    """Load the root (with overrides) and resolve its graph.

    Raises bundle, override and registry errors for the root only; dependency failures are
    edge errors inside the result.
    """
    started = time.perf_counter()
    bundle = load_bundle(options.path, options.overrides, store)
    result = resolve_bundle_graph(
        store,
        bundle,
        base_dir_of(options.path),
        include_references=options.include_references,
        only_references=options.only_references,
        max_workers=options.max_workers,
    )
    return GraphResult(result=result, elapsed_seconds=time.perf_counter() - started)


def base_dir_of(path: str) -> str | None:
    """The absolute directory of a local contract argument (``dir``, ``file://dir`` or
    ``dir/pacto.yaml``); ``None`` for an ``oci://`` reference."""
    if is_oci(path):
        return None
    if path.startswith("file://"):
        path = path[len("file://") :]
    directory = Path(path)
    if directory.name == CONTRACT_FILE and not directory.is_dir():
        directory = directory.parent
    return os.path.normpath(Path.cwd() / directory)


def resolve_bundle_graph(
    store: BundleStore | None,
    bundle: Bundle,
    base_dir: str | None,
    *,
    include_references: bool = False,
    only_references: bool = False,
    sibling_dir: str | None = None,
    max_workers: int = DEFAULT_MAX_WORKERS,
) -> Result:
    """The dependency graph of ``bundle``, a root living in ``base_dir`` (``None`` for a root
    pulled from a registry). ``sibling_dir`` turns on the diff fetcher (see
    :class:`BundleFetcher`). Never raises for a dependency."""
    root = FetchedBundle(bundle=bundle, base_dir=base_dir)
    options = ResolveOptions(
        include_references=include_references,
        only_references=only_references,
        max_workers=max_workers,
    )
    return resolve(root, BundleFetcher(store, sibling_dir=sibling_dir), options)


def resolve_diff_graphs(
    store: BundleStore | None,
    old_bundle: Bundle,
    old_path: str,
    new_bundle: Bundle,
    new_path: str,
) -> tuple[Result, Result]:
    """Both graphs ``pacto diff`` compares (03-diff.md §10 step 4), without reference edges.

    The old side uses the standard fetcher; when ``new_path`` is a local directory, the new
    side first looks for each ``oci://`` dependency in a sibling directory of the new root
    (the diff fetcher). The old graph is resolved first, so the new one finds the bundles
    both share in the store's memory cache. Never raises for a dependency.
    """
    old_base, new_base = base_dir_of(old_path), base_dir_of(new_path)
    old = resolve_bundle_graph(store, old_bundle, old_base)
    sibling_dir = str(Path(new_base).parent) if new_base is not None else None
    new = resolve_bundle_graph(store, new_bundle, new_base, sibling_dir=sibling_dir)
    return old, new


class BundleFetcher:
    """The application's :class:`~pacto.graph.ContractFetcher` (05-graph.md §3.4).

    * Local refs load the directory they name, relative to the directory of the bundle that
      declared them (an error inside an OCI bundle); contracts are parsed, not validated.
    * ``oci://`` refs go through the store's ``resolve`` (an untagged one gets the highest tag
      satisfying the dependency's ``compatibility``) and ``fetch`` (through the cache, which
      tells registry from cache hits). Each concrete reference is fetched once per fetcher,
      however many refs lead to it. A store with only part of the ``BundleStore`` port
      (``pull``, perhaps ``list_tags``) is completed once, on the first ``oci://`` ref.
    * With ``sibling_dir`` (the diff fetcher of 03-diff.md §10), an ``oci://`` ref is first
      looked up as ``<sibling_dir>/<last repository segment>``; a loadable ``pacto.yaml``
      there wins over the registry.

    Thread-safe. Failures raise :class:`~pacto.errors.PactoError` subclasses whose text the
    graph shows on the edge.
    """

    def __init__(self, store: BundleStore | None, *, sibling_dir: str | None = None) -> None:
        self._store = store
        self._sibling_dir = sibling_dir
        self._lock = threading.Lock()
        self._port: _Registry | None = None
        self._pulls: dict[str, Future[tuple[Bundle, FetchSource]]] = {}

    def fetch(self, ref: str, *, compatibility: str, base_dir: str | None) -> FetchedBundle:
        parsed = parse_dependency_ref(ref)
        if parsed.is_local():
            if not parsed.location:
                raise DependencyFetchError("empty dependency ref", ref=ref)
            directory = local_path(parsed.location, base_dir)
            if directory is None:
                raise DependencyFetchError(
                    f"relative local dependency {ref} is declared inside an OCI bundle, which "
                    "has no directory to resolve it against: publish the dependency and "
                    "reference it as oci://",
                    ref=ref,
                )
            return _local(directory)
        if self._sibling_dir is not None:
            sibling = self._sibling(parsed.location)
            if sibling is not None:
                return sibling
        return self._oci(ref, parsed.location, compatibility)

    def _sibling(self, location: str) -> FetchedBundle | None:
        repository = location.split("@", 1)[0]
        name = repository.rsplit("/", 1)[-1].split(":", 1)[0]
        assert self._sibling_dir is not None
        directory = str(Path(self._sibling_dir) / name)
        if not name or not Path(directory, CONTRACT_FILE).is_file():
            return None
        try:
            return _local(directory)
        except BundleError as exc:
            logger.debug("sibling override not loadable dir=%s error=%s", directory, exc)
            return None

    def _oci(self, ref: str, location: str, compatibility: str) -> FetchedBundle:
        store = self._registry()
        if store is None:
            raise DependencyFetchError(f"OCI store not configured (cannot fetch {ref})", ref=ref)
        from pacto.oci import NoMatchingVersionError  # only OCI graphs pay for pacto.oci

        try:
            reference = store.resolve(location, compatibility or None)
        except NoMatchingVersionError as exc:
            # The graph chapter's texts (05-graph.md §10): "no tags satisfy constraint ...".
            raise DependencyFetchError(str(exc.cause), ref=ref) from exc
        bundle, source = self._pull_once(store, reference)
        return FetchedBundle(bundle=bundle, identity=OCI_PREFIX + reference, source=source)

    def _registry(self) -> _Registry | None:
        """The store as the fetcher uses it, adapted once (on the first ``oci://`` ref: a lazy
        store is built only then)."""
        with self._lock:
            if self._port is None and self._store is not None:
                self._port = _registry_port(self._store)
            return self._port

    def _pull_once(self, store: _Registry, reference: str) -> tuple[Bundle, FetchSource]:
        with self._lock:
            pending = self._pulls.get(reference)
            if pending is None:
                future: Future[tuple[Bundle, FetchSource]] = Future()
                self._pulls[reference] = future
        if pending is not None:
            bundle, _ = pending.result()
            return bundle, FetchSource.CACHE
        try:
            pulled = store.fetch(reference)
            outcome = (
                pulled.bundle,
                FetchSource.REGISTRY if pulled.source == "registry" else FetchSource.CACHE,
            )
        except BaseException as exc:
            future.set_exception(exc)
            raise
        future.set_result(outcome)
        return outcome


class _Registry(Protocol):
    """What :class:`BundleFetcher` needs of the store: ``resolve`` and ``fetch`` of the
    ``BundleStore`` port."""

    def resolve(self, reference: str, compatibility: str | None = None) -> str: ...

    def fetch(self, reference: str) -> FetchedFromStore: ...


@dataclass(frozen=True, slots=True)
class _Pulled:
    ref: str
    bundle: Bundle
    digest: str = ""
    source: str = "registry"


class _PartialStore:
    """A store that implements only part of the port (a bare ``pull``, perhaps
    ``list_tags``), completed: ``resolve`` lists the tags and picks the highest matching one,
    ``fetch`` pulls (and counts as fetched from the registry)."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self._resolve = getattr(store, "resolve", None)
        self._fetch = getattr(store, "fetch", None)

    def resolve(self, reference: str, compatibility: str | None = None) -> str:
        if self._resolve is not None:
            return str(self._resolve(reference, compatibility))
        from pacto.oci import best_tag, has_explicit_tag

        if has_explicit_tag(reference):
            return reference
        tags = self._store.list_tags(reference)
        return f"{reference}:{best_tag(tags, compatibility, ref=reference)}"

    def fetch(self, reference: str) -> FetchedFromStore:
        if self._fetch is not None:
            fetched: FetchedFromStore = self._fetch(reference)
            return fetched
        return _Pulled(ref=reference, bundle=self._store.pull(reference))


def _registry_port(store: BundleStore) -> _Registry:
    """``store`` itself when it has the whole port (``CachedStore``); otherwise completed by
    :class:`_PartialStore` (in-memory stores in tests, minimal library stores)."""
    if callable(getattr(store, "resolve", None)) and callable(getattr(store, "fetch", None)):
        return store
    return _PartialStore(store)


def _local(directory: str) -> FetchedBundle:
    bundle = load_directory(directory, accept_file=False)
    return FetchedBundle(
        bundle=bundle, identity=directory, base_dir=directory, source=FetchSource.LOCAL
    )
