"""Resolving a contract's dependency graph (05-graph.md §3-§5).

Resolution runs in two phases so that the result never depends on thread timing (§3.3,
normative for us):

1. **Fetch.** Every distinct dependency is fetched once, concurrently, through the
   :class:`~pacto.graph.ContractFetcher`. Fetches are memoised by :func:`request_key` (one future
   per key: a dependency shared by many parents is fetched once), and each fetched bundle's own
   dependencies are scheduled as soon as it arrives. A coordinator loop on the calling thread
   owns all bookkeeping, so workers only fetch and no lock is needed.
2. **Build.** The tree is laid out breadth-first over the declared dependencies (level by
   level, declaration order within a level): the first occurrence of a bundle gets the full
   node, later ones are ``shared`` copies. A dependency whose bundle is already on its ancestor
   path is a cycle and is cut there (§4). A depth-first pass over the finished graph then finds
   the cycles that sharing hides from the ancestor check (a cycle split across two branches),
   as later reference versions do.

Bundles are identified by :attr:`FetchedBundle.identity` (their absolute directory or resolved
OCI reference), so ``../db`` declared by two siblings is one node. The root is identified by its
service name, as in the reference: a dependency pointing back at the root is fetched once more
and the cycle reported one level deeper (§4, example §11.3).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from dataclasses import replace as _replace

from pacto.contract import (
    Bundle,
    Contract,
    Dependency,
    Range,
    SemverError,
    parse_dependency_ref,
)
from pacto.errors import PactoError
from pacto.graph._depref import request_key
from pacto.graph._model import (
    ContractFetcher,
    Edge,
    EdgeType,
    FetchedBundle,
    FetchSource,
    Node,
    ResolutionStats,
    ResolveOptions,
    Result,
    VersionConflict,
)

__all__ = ["detect_conflicts", "reference_edges", "resolve"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Outcome:
    fetched: FetchedBundle | None
    error: str = ""


def resolve(
    root: Contract | Bundle | FetchedBundle,
    fetcher: ContractFetcher | None,
    options: ResolveOptions | None = None,
) -> Result:
    """Resolve the dependency graph of ``root`` through ``fetcher``.

    ``root`` may be a bare contract, a bundle, or a :class:`FetchedBundle` whose ``base_dir``
    says where the root's relative local refs point (its ``identity`` is not used: the root is
    known by its service name, §4). Without a fetcher the root's dependencies
    become plain edges (no fetching, no recursion). Fetch failures become edge errors and never
    stop the rest of the graph; the result (tree shape, cycles, conflicts) is deterministic.
    """
    options = options or ResolveOptions()
    if isinstance(root, Contract):
        root = FetchedBundle(bundle=Bundle(contract=root))
    elif isinstance(root, Bundle):
        root = FetchedBundle(bundle=root)
    if root.bundle is None:
        raise ValueError("the root of a graph needs a bundle")
    contract = root.bundle.contract
    resolve_dependencies = not options.only_references
    outcomes: dict[str, _Outcome] = {}
    if fetcher is not None and resolve_dependencies:
        outcomes = _fetch_all(contract, root.base_dir, fetcher, max(1, options.max_workers))
    builder = _TreeBuilder(outcomes, has_fetcher=fetcher is not None)
    root_draft = builder.build(root, resolve_dependencies=resolve_dependencies)
    if options.include_references or options.only_references:
        root_draft.edges.extend(reference_edges(contract))
    cycles = builder.cycles + builder.hidden_cycles(root_draft)
    root_node = builder.freeze()
    return Result(
        root=root_node,
        cycles=tuple(sorted(set(cycles))),
        conflicts=detect_conflicts(root_node),
        stats=_stats(outcomes.values()),
    )


def reference_edges(contract: Contract) -> list[Edge]:
    """The root's configuration and policy references as ``reference`` edges (§3.5).

    Configurations first, then policies, each in declaration order (legacy shapes through the
    effective accessors); empty refs are skipped and repeated refs kept once.
    """
    refs = [c.ref for c in contract.effective_configurations()]
    refs += [p.ref for p in contract.effective_policies()]
    return [Edge(ref=ref, type=EdgeType.REFERENCE) for ref in dict.fromkeys(refs) if ref]


def detect_conflicts(root: Node) -> tuple[VersionConflict, ...]:
    """Services seen at two or more versions anywhere below the root (§5), sorted by name."""
    versions: dict[str, set[str]] = {}
    pending = [root]
    while pending:
        node = pending.pop()
        for edge in node.dependencies:
            if edge.node is None:
                continue
            versions.setdefault(edge.node.name, set()).add(edge.node.version)
            pending.append(edge.node)
    return tuple(
        VersionConflict(name=name, versions=tuple(sorted(f"{name}@{v}" for v in seen)))
        for name, seen in sorted(versions.items())
        if len(seen) > 1
    )


def _fetch_one(fetcher: ContractFetcher, dependency: Dependency, base_dir: str | None) -> _Outcome:
    ref = dependency.ref
    logger.debug("fetching dependency ref=%s", ref)
    try:
        fetched = fetcher.fetch(ref, compatibility=dependency.compatibility, base_dir=base_dir)
    except PactoError as exc:
        logger.debug("dependency fetch failed ref=%s error=%s", ref, exc)
        return _Outcome(None, str(exc))
    if fetched.bundle is None:
        return _Outcome(None, f"fetcher returned nil bundle for {ref}")
    _check_pinned_version(dependency, fetched.bundle.contract.service.version)
    return _Outcome(fetched)


def _check_pinned_version(dependency: Dependency, version: str) -> None:
    """Log when a ref that names its tag brings a version outside its own range (§3.6, beyond
    the reference: the tag wins, but the contradiction is worth a verbose note)."""
    if not dependency.compatibility or not parse_dependency_ref(dependency.ref).is_oci():
        return
    try:
        if Range.parse(dependency.compatibility).contains(version):
            return
    except SemverError:
        return
    logger.debug(
        "dependency version outside its compatibility range ref=%s version=%s compatibility=%s",
        dependency.ref,
        version,
        dependency.compatibility,
    )


def _fetch_all(
    root: Contract, root_base_dir: str | None, fetcher: ContractFetcher, max_workers: int
) -> dict[str, _Outcome]:
    """Phase 1: every distinct dependency reachable from ``root``, fetched once."""
    outcomes: dict[str, _Outcome] = {}
    pending: dict[Future[_Outcome], str] = {}
    scheduled: set[str] = set()
    expanded: set[str] = set()
    pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="pacto-graph")

    def schedule(contract: Contract, base_dir: str | None) -> None:
        for dependency in contract.dependencies:
            key = request_key(dependency.ref, dependency.compatibility, base_dir)
            if key in scheduled:
                continue
            scheduled.add(key)
            pending[pool.submit(_fetch_one, fetcher, dependency, base_dir)] = key

    try:
        schedule(root, root_base_dir)
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            # Sorting by key keeps the scheduling order independent of completion order.
            for key, future in sorted((pending.pop(f), f) for f in done):
                outcome = outcomes[key] = future.result()
                fetched = outcome.fetched
                if fetched is None or fetched.bundle is None:
                    continue
                identity = fetched.identity or key
                if identity not in expanded:
                    expanded.add(identity)
                    schedule(fetched.bundle.contract, fetched.base_dir)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return outcomes


def _stats(outcomes: Iterable[_Outcome]) -> ResolutionStats:
    counts = dict.fromkeys(FetchSource, 0)
    failed = 0
    for outcome in outcomes:
        if outcome.fetched is None:
            failed += 1
        else:
            counts[outcome.fetched.source] += 1
    return ResolutionStats(
        fetched=counts[FetchSource.REGISTRY],
        from_cache=counts[FetchSource.CACHE],
        local=counts[FetchSource.LOCAL],
        failed=failed,
    )


@dataclass(slots=True)
class _EdgeDraft:
    """An edge that owns a full node: finished once its child is."""

    edge: Edge
    child: _NodeDraft


@dataclass(slots=True)
class _NodeDraft:
    node: Node
    """The finished node, except for ``dependencies``."""
    edges: list[_EdgeDraft | Edge] = field(default_factory=list)
    frozen: Node | None = None


@dataclass(slots=True)
class _Visit:
    draft: _NodeDraft
    contract: Contract
    base_dir: str | None
    ancestors: tuple[str, ...]
    path: tuple[str, ...]


class _TreeBuilder:
    """Phase 2: lays the fetched bundles out as a tree, breadth-first."""

    def __init__(self, outcomes: dict[str, _Outcome], *, has_fetcher: bool) -> None:
        self._outcomes = outcomes
        self._has_fetcher = has_fetcher
        self._drafts: list[_NodeDraft] = []
        self._full: dict[str, _NodeDraft] = {}
        self._failed: set[str] = set()
        self.cycles: list[tuple[str, ...]] = []

    def build(self, root: FetchedBundle, *, resolve_dependencies: bool) -> _NodeDraft:
        assert root.bundle is not None
        contract = root.bundle.contract
        service = contract.service
        root_node = Node(name=service.name, version=service.version, bundle=root.bundle)
        root_draft = self._new_draft(root_node)
        if not resolve_dependencies:
            return root_draft
        queue = deque([_Visit(root_draft, contract, root.base_dir, (), (service.name,))])
        while queue:
            visit = queue.popleft()
            for dependency in visit.contract.dependencies:
                visit.draft.edges.append(self._edge(dependency, visit, queue))
        return root_draft

    def _new_draft(self, node: Node) -> _NodeDraft:
        draft = _NodeDraft(node)
        self._drafts.append(draft)
        return draft

    def _edge(
        self, dependency: Dependency, visit: _Visit, queue: deque[_Visit]
    ) -> _EdgeDraft | Edge:
        ref = dependency.ref
        is_local = parse_dependency_ref(ref).is_local()
        edge = Edge(
            ref=ref,
            required=dependency.required,
            compatibility=dependency.compatibility,
            is_local=is_local,
        )
        if not self._has_fetcher:
            return edge
        key = request_key(ref, dependency.compatibility, visit.base_dir)
        outcome = self._outcomes.get(key)
        if outcome is None:
            return _replace(edge, error=f"resolution completed without result for {ref}")
        fetched = outcome.fetched
        if fetched is None or fetched.bundle is None:
            is_repeat = key in self._failed
            self._failed.add(key)
            return _replace(edge, error=outcome.error, is_shared=is_repeat)
        identity = fetched.identity or key
        edge = _replace(edge, identity=identity)
        if identity in visit.ancestors:
            self.cycles.append((*visit.path, ref))
            return _replace(edge, error=f"cycle detected: {ref}")
        service = fetched.bundle.contract.service
        node = Node(
            name=service.name,
            version=service.version,
            ref=ref,
            is_local=is_local,
            identity=identity,
        )
        if identity in self._full:
            return _replace(edge, node=node, is_shared=True)
        child = self._new_draft(_replace(node, bundle=fetched.bundle))
        self._full[identity] = child
        queue.append(
            _Visit(
                child,
                fetched.bundle.contract,
                fetched.base_dir,
                (*visit.ancestors, identity),
                (*visit.path, ref),
            )
        )
        return _EdgeDraft(edge, child)

    def hidden_cycles(self, root: _NodeDraft) -> list[tuple[str, ...]]:
        """Cycles through ``shared`` edges, which the ancestor check cannot see.

        A depth-first walk over full and shared edges (in declaration order); every shared
        edge that leads back onto the walk's own stack closes a cycle and gets the cycle error.
        Edges already cut as cycles are not followed: their cycle is on record.
        """
        found: list[tuple[str, ...]] = []
        on_stack: set[str] = set()
        done: set[str] = set()
        stack: list[tuple[_NodeDraft, int, tuple[str, ...]]] = [(root, 0, (root.node.name,))]
        while stack:
            draft, index, path = stack.pop()
            if index >= len(draft.edges):
                on_stack.discard(draft.node.identity)
                done.add(draft.node.identity)
                continue
            stack.append((draft, index + 1, path))
            item = draft.edges[index]
            edge = item.edge if isinstance(item, _EdgeDraft) else item
            identity = edge.identity
            if not identity or edge.error:
                continue
            if identity in on_stack:
                found.append((*path, edge.ref))
                if edge.is_shared:
                    draft.edges[index] = _replace(edge, error=f"cycle detected: {edge.ref}")
                continue
            target = self._full.get(identity)
            if target is None or identity in done:
                continue
            on_stack.add(identity)
            stack.append((target, 0, (*path, edge.ref)))
        return found

    def freeze(self) -> Node:
        """The finished root; children are frozen before parents (reverse creation order)."""
        for draft in reversed(self._drafts):
            edges = tuple(_finish(item) for item in draft.edges)
            draft.frozen = _replace(draft.node, dependencies=edges)
        frozen = self._drafts[0].frozen
        assert frozen is not None
        return frozen


def _finish(item: _EdgeDraft | Edge) -> Edge:
    if isinstance(item, Edge):
        return item
    assert item.child.frozen is not None
    return _replace(item.edge, node=item.child.frozen)
