"""The graph's data model and its port (05-graph.md §2, §3.4).

Values are frozen dataclasses with tuple sequences, safe to share between threads. A node keeps
its bundle (contract and files) in memory for the dependency diffs of ``pacto diff``; the bundle
is never serialised.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Protocol

from pacto.contract import Bundle, Contract

__all__ = [
    "ContractFetcher",
    "Edge",
    "EdgeType",
    "FetchSource",
    "FetchedBundle",
    "Node",
    "ResolutionStats",
    "ResolveOptions",
    "Result",
    "VersionConflict",
]


class EdgeType(enum.StrEnum):
    """What an edge stands for; the values are the wire strings."""

    DEPENDENCY = "dependency"
    REFERENCE = "reference"


class FetchSource(enum.StrEnum):
    """Where a fetched bundle came from, for the resolution summary."""

    REGISTRY = "registry"
    CACHE = "cache"
    LOCAL = "local"


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchedBundle:
    """What a :class:`ContractFetcher` hands back for one dependency.

    ``identity`` names the bundle canonically (the absolute directory of a local bundle,
    ``oci://registry/repository:tag`` for a pulled one): two refs with the same identity are one
    node, and a ref whose identity is on its own ancestor path is a cycle. ``base_dir`` is where
    relative local refs declared *by this bundle* resolve (``None`` for an OCI bundle).
    """

    bundle: Bundle | None
    identity: str = ""
    base_dir: str | None = None
    source: FetchSource = FetchSource.REGISTRY

    @property
    def contract(self) -> Contract | None:
        return self.bundle.contract if self.bundle is not None else None


class ContractFetcher(Protocol):
    """The graph's port: fetch the bundle a dependency ref names.

    ``base_dir`` is the directory of the bundle that declared the dependency (``None`` when it
    was declared inside an OCI bundle). Untagged OCI refs pick the highest tag satisfying
    ``compatibility``. Implementations must be safe to call from several threads at once. Any
    :class:`~pacto.errors.PactoError` raised becomes the edge's error text; other exceptions are
    bugs and abort the resolution.
    """

    def fetch(self, ref: str, *, compatibility: str, base_dir: str | None) -> FetchedBundle: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Node:
    """A resolved contract in the tree (§2.1)."""

    name: str
    version: str
    ref: str = ""
    """The declared dependency ref (not the resolved tag); empty for the root."""
    is_local: bool = False
    dependencies: tuple[Edge, ...] = ()
    bundle: Bundle | None = field(default=None, compare=False, repr=False)
    """Kept for the dependency diffs; ``None`` on shared copies. Never serialised."""
    identity: str = field(default="", compare=False)
    """Canonical location (see :class:`FetchedBundle`), shared copies included; ``""`` for the
    root. Not serialised."""

    @property
    def contract(self) -> Contract | None:
        return self.bundle.contract if self.bundle is not None else None

    def label(self) -> str:
        """``name@version``, or just the name when the version is empty."""
        return f"{self.name}@{self.version}" if self.version else self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class Edge:
    """A declared dependency (or a configuration/policy reference) of a node (§2.2)."""

    ref: str
    required: bool = False
    compatibility: str = ""
    type: EdgeType = EdgeType.DEPENDENCY
    node: Node | None = None
    error: str = ""
    is_shared: bool = False
    """The node is a shallow copy: the full one hangs on an earlier edge (breadth-first)."""
    is_local: bool = False
    identity: str = field(default="", compare=False)
    """Identity of the bundle the edge leads to, when known (also on cycles and shared edges);
    not serialised."""


@dataclass(frozen=True, slots=True, kw_only=True)
class VersionConflict:
    """One service seen at several versions; ``versions`` are sorted ``name@version`` strings."""

    name: str
    versions: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolutionStats:
    """How the contracts of one resolution were obtained (one count per distinct fetch)."""

    fetched: int = 0
    """Pulled from a registry."""
    from_cache: int = 0
    local: int = 0
    failed: int = 0

    @property
    def total(self) -> int:
        return self.fetched + self.from_cache + self.local + self.failed


@dataclass(frozen=True, slots=True, kw_only=True)
class Result:
    """A resolved dependency graph (§2.3). Cycles and conflicts are sorted."""

    root: Node
    cycles: tuple[tuple[str, ...], ...] = ()
    conflicts: tuple[VersionConflict, ...] = ()
    stats: ResolutionStats = field(default_factory=ResolutionStats, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResolveOptions:
    """``include_references`` adds reference edges to the root; ``only_references`` shows only
    them (and wins). ``max_workers`` bounds concurrent fetches (1 = sequential)."""

    include_references: bool = False
    only_references: bool = False
    max_workers: int = 16
