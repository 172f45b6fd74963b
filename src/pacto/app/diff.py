"""``pacto diff`` and ``pacto rules`` (03-diff.md §10, 08-cli.md §3.6).

Loads both sides (a bundle directory, a ``pacto.yaml`` path, or ``oci://``), applies each side's
overrides, and compares them with :func:`pacto.diff.compare_bundles`.

The dependency-graph part of §10 (steps 4-6) lives in :func:`_dependency_parts`: both graphs
are resolved, diffed as trees (``graph_diff``), and each dependency present on both sides is
compared in turn (``dependency_diffs``); a dependency's own BREAKING change raises the overall
classification.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pacto.app.errors import CommandError
from pacto.contract import Bundle
from pacto.diff import (
    Classification,
    Result,
    Rule,
    Ruleset,
    compare_bundles,
    overall,
    rules_for,
)
from pacto.diff.wire import changes_to_wire, diagnostic_to_wire
from pacto.errors import PactoError
from pacto.graph import GraphDiff, graph_diff_to_wire
from pacto.sbom.wire import sbom_diff_to_wire

if TYPE_CHECKING:
    from pacto.app._ports import BundleStore
    from pacto.override import Overrides

__all__ = [
    "DependencyDiff",
    "DiffOptions",
    "DiffResult",
    "RulesOptions",
    "RulesResult",
    "rules",
    "run",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class DiffOptions:
    old_path: str
    new_path: str
    old_overrides: Overrides | None = None
    new_overrides: Overrides | None = None
    ruleset: str = str(Ruleset.PACTO)
    """``pacto`` (direction-aware, default) or ``reference`` (the reference's coarse rules)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DependencyDiff:
    """The comparison of one dependency present in both graphs (03-diff.md §10 step 6)."""

    name: str
    result: Result


@dataclass(frozen=True, slots=True, kw_only=True)
class DiffResult:
    """What ``pacto diff`` reports: the root comparison plus the dependency parts."""

    old_path: str
    new_path: str
    result: Result
    dependency_diffs: tuple[DependencyDiff, ...] = ()
    graph_diff: GraphDiff | None = None
    new_bundle_dir: str = ""
    """The new side's local directory (``""`` for ``oci://``), to locate SARIF results."""
    old_bundle_dir: str = ""

    @property
    def classification(self) -> Classification:
        """Root and dependency classifications combined; SBOM changes never count."""
        return overall(
            [self.result.classification, *(d.result.classification for d in self.dependency_diffs)]
        )

    def to_wire(self) -> dict[str, Any]:
        """``oldPath, newPath, classification, changes, dependencyDiffs?, graphDiff, sbomDiff?``
        (+ ``warnings`` when some input could not be compared, beyond the reference)."""
        out: dict[str, Any] = {
            "oldPath": self.old_path,
            "newPath": self.new_path,
            "classification": str(self.classification),
            "changes": changes_to_wire(self.result.changes),
        }
        if self.dependency_diffs:
            deps = []
            for dependency in self.dependency_diffs:
                entry: dict[str, Any] = {
                    "name": dependency.name,
                    "classification": str(dependency.result.classification),
                    "changes": changes_to_wire(dependency.result.changes),
                }
                if dependency.result.sbom_diff is not None:
                    entry["sbomDiff"] = sbom_diff_to_wire(dependency.result.sbom_diff)
                deps.append(entry)
            out["dependencyDiffs"] = deps
        if self.graph_diff is not None:
            out["graphDiff"] = graph_diff_to_wire(self.graph_diff)
        if self.result.sbom_diff is not None:
            out["sbomDiff"] = sbom_diff_to_wire(self.result.sbom_diff)
        if self.result.diagnostics:
            out["warnings"] = [diagnostic_to_wire(d) for d in self.result.diagnostics]
        return out


def _load(side: str, ref: str, overrides: Overrides | None, store: BundleStore | None) -> Bundle:
    from pacto.app._load import load_bundle

    try:
        return load_bundle(ref, overrides, store)
    except PactoError as exc:
        # 03-diff.md §10: failures name their side.
        raise CommandError(f"{side} contract: {exc}") from exc


def _local_dir(ref: str) -> str:
    import os
    from pathlib import Path

    from pacto.app._load import is_oci

    if is_oci(ref):
        return ""
    location = Path(ref[len("file://") :] if ref.startswith("file://") else ref)
    if location.name == "pacto.yaml" and not location.is_dir():
        location = location.parent
    return os.path.normpath(location)


def _dependency_parts(
    store: BundleStore | None,
    old: Bundle,
    old_path: str,
    new: Bundle,
    new_path: str,
    ruleset: Ruleset,
) -> tuple[GraphDiff, tuple[DependencyDiff, ...]]:
    """The graph diff and the dependency diffs (03-diff.md §10 steps 4-6): both dependency
    graphs resolved (the new side looks for ``oci://`` dependencies in sibling directories
    first), diffed as trees, and every dependency present on both sides compared in turn."""
    from pacto.app.graph import resolve_diff_graphs
    from pacto.graph import diff_graphs, pair_dependencies

    old_graph, new_graph = resolve_diff_graphs(store, old, old_path, new, new_path)
    diffs = []
    for pair in pair_dependencies(old_graph, new_graph):
        compared = compare_bundles(pair.old_bundle, pair.new_bundle, ruleset=ruleset)
        if compared.changes or (compared.sbom_diff is not None and compared.sbom_diff.changes):
            diffs.append(DependencyDiff(name=pair.name, result=compared))
    return diff_graphs(old_graph, new_graph), tuple(diffs)


def run(store: BundleStore | None, options: DiffOptions) -> DiffResult:
    """Load, override and compare both sides.

    Raises :class:`CommandError` prefixed ``old contract:`` / ``new contract:`` when a side
    cannot be loaded, and for an unknown ruleset. Content problems never raise: they become
    warnings of the result.
    """
    try:
        ruleset = Ruleset(options.ruleset)
    except ValueError:
        raise CommandError(f'unknown ruleset "{options.ruleset}": use pacto or reference') from None
    old = _load("old", options.old_path, options.old_overrides, store)
    new = _load("new", options.new_path, options.new_overrides, store)
    result = compare_bundles(old, new, ruleset=ruleset)
    graph_diff, dependency_diffs = _dependency_parts(
        store, old, options.old_path, new, options.new_path, ruleset
    )
    return DiffResult(
        old_path=options.old_path,
        new_path=options.new_path,
        result=result,
        dependency_diffs=dependency_diffs,
        graph_diff=graph_diff,
        old_bundle_dir=_local_dir(options.old_path),
        new_bundle_dir=_local_dir(options.new_path),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RulesOptions:
    ruleset: str = ""
    """``pacto``, ``reference``, or ``""`` for the whole catalogue."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RulesResult:
    rules: tuple[Rule, ...] = field(default=())


def rules(options: RulesOptions) -> RulesResult:
    """The rule catalogue (sorted by id), optionally one ruleset's rules only."""
    if not options.ruleset:
        return RulesResult(rules=rules_for(None))
    try:
        ruleset = Ruleset(options.ruleset)
    except ValueError:
        raise CommandError(f'unknown ruleset "{options.ruleset}": use pacto or reference') from None
    return RulesResult(rules=rules_for(ruleset))
