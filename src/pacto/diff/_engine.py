"""The comparison of two contracts (03-diff.md §2): analyzers in a fixed order, then source
locations, the overall classification and the SBOM attachment."""

from __future__ import annotations

import logging
from collections import defaultdict

from pacto.contract import CONTRACT_FILE, Bundle, BundleError, BundleFS, Contract
from pacto.diff._configuration import compare_configurations, compare_policies
from pacto.diff._contract import compare_identity, compare_scaling
from pacto.diff._dependency import compare_dependencies
from pacto.diff._documents import DocumentStore, LoadProblem, paused_gc
from pacto.diff._draft import Emitter, Side
from pacto.diff._interfaces import compare_interfaces
from pacto.diff._locations import Locator
from pacto.diff._model import DiffChange, Result, Ruleset, overall
from pacto.diff._runtime import compare_runtime
from pacto.sbom import SbomDiff, diff_sboms, scan_sbom

__all__ = ["compare", "compare_bundles"]

log = logging.getLogger(__name__)

PointerPath = tuple[str | int, ...]


def compare(
    old: Contract,
    new: Contract,
    old_fs: BundleFS | None = None,
    new_fs: BundleFS | None = None,
    *,
    ruleset: Ruleset | str = Ruleset.PACTO,
    old_raw: bytes | None = None,
    new_raw: bytes | None = None,
) -> Result:
    """Compare two contracts and the files of their bundles.

    ``ruleset`` picks the OpenAPI/JSON Schema rules (:class:`Ruleset`); ``old_raw``/``new_raw``
    are the ``pacto.yaml`` texts the contracts were parsed from, for source locations. Never
    raises for content problems: unreadable, unparsable or unresolvable files become
    :attr:`Result.diagnostics` and produce no changes (03-diff.md §8).
    """
    ruleset = Ruleset(ruleset)
    emit = Emitter(
        old=Side("old", old, old_fs, DocumentStore(old_fs, "old"), old_raw),
        new=Side("new", new, new_fs, DocumentStore(new_fs, "new"), new_raw),
        ruleset=ruleset,
    )
    with paused_gc():
        compare_identity(emit, old, new)
        compare_scaling(emit, old, new)
        compare_runtime(emit, old, new)
        compare_dependencies(emit, old, new)
        compare_interfaces(emit, old, new)
        compare_configurations(emit, old, new)
        compare_policies(emit, old, new)
        changes = _finalise(emit)
    sbom = _sbom(emit, old_fs, new_fs)
    return Result(
        classification=overall(c.classification for c in changes),
        changes=changes,
        sbom_diff=sbom,
        diagnostics=emit.diagnostics.items(),
    )


def compare_bundles(old: Bundle, new: Bundle, *, ruleset: Ruleset | str = Ruleset.PACTO) -> Result:
    """:func:`compare` for two loaded bundles (their raw ``pacto.yaml`` gives locations)."""
    return compare(
        old.contract,
        new.contract,
        old.fs,
        new.fs,
        ruleset=ruleset,
        old_raw=_raw(old),
        new_raw=_raw(new),
    )


def _raw(bundle: Bundle) -> bytes | None:
    try:
        return bundle.raw()
    except (BundleError, OSError):
        return None


def _locator(side: Side, file: str) -> Locator | None:
    if file == CONTRACT_FILE and side.raw_yaml is not None:
        return Locator(side.raw_yaml.decode("utf-8-sig", errors="replace"), file, is_json=False)
    try:
        document = side.store.load(file)
    except LoadProblem:
        return None
    return Locator(document.text, file, is_json=document.is_json)


def _finalise(emit: Emitter) -> tuple[DiffChange, ...]:
    wanted: dict[tuple[str, str], set[PointerPath]] = defaultdict(set)
    for draft in emit.drafts:
        if draft.old_pointer is not None:
            wanted[("old", draft.old_pointer[0])].add(draft.old_pointer[1])
        if draft.new_pointer is not None:
            wanted[("new", draft.new_pointer[0])].add(draft.new_pointer[1])
    locators: dict[tuple[str, str], Locator | None] = {}
    for (side_name, file), paths in wanted.items():
        side = emit.old if side_name == "old" else emit.new
        locator = _locator(side, file)
        if locator is not None:
            locator.prepare(paths)
        locators[(side_name, file)] = locator
    changes = []
    for draft in emit.drafts:
        old_location = new_location = None
        if draft.old_pointer is not None:
            locator = locators.get(("old", draft.old_pointer[0]))
            old_location = locator.locate(draft.old_pointer[1]) if locator else None
        if draft.new_pointer is not None:
            locator = locators.get(("new", draft.new_pointer[0]))
            new_location = locator.locate(draft.new_pointer[1]) if locator else None
        changes.append(
            DiffChange(
                path=draft.path,
                type=draft.type,
                classification=draft.rule.classification,
                reason=draft.reason,
                rule=draft.rule.id,
                old_value=draft.old_value,
                new_value=draft.new_value,
                old_location=old_location,
                new_location=new_location,
            )
        )
    return tuple(changes)


def _sbom(emit: Emitter, old_fs: BundleFS | None, new_fs: BundleFS | None) -> SbomDiff | None:
    """04-sbom.md §7: a parse error on either side drops the SBOM diff (with a warning here);
    no SBOM on either side, or no package change, gives none."""
    if old_fs is None and new_fs is None:
        return None
    scans = {"old": scan_sbom(old_fs), "new": scan_sbom(new_fs)}
    failed = False
    for side, scan in scans.items():
        for note in scan.notes:
            emit.diagnostics.add(f"{note} ({side} side)")
        if scan.error:
            failed = True
            emit.diagnostics.add(f"SBOM not compared: {scan.error} ({side} side)")
    if failed:
        log.debug("sbom diff dropped after a parse error")
        return None
    result = diff_sboms(scans["old"].document, scans["new"].document)
    if result is None or not result.changes:
        return None
    return result
