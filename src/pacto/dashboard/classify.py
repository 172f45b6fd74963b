"""Diffs between bundles and the classification of version histories (10-dashboard.md §6.3
``compute_diff``, §8.10 ``ClassifyVersions``).

The diff engine is reached through :class:`BundleDiffer`, a port: :func:`engine_differ` adapts
:func:`pacto.diff.compare`; tests hand in a fake.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from pacto.contract import Bundle
from pacto.dashboard.model import DiffChange, DiffResult, Ref
from pacto.sbom import SbomDiff

__all__ = ["BundleDiffer", "DiffOutcome", "classify_versions", "compute_diff", "engine_differ"]

log = logging.getLogger(__name__)


class DiffOutcome(NamedTuple):
    """What a :data:`BundleDiffer` found: the overall classification, the contract changes and
    the SBOM comparison (``None`` when neither bundle has an SBOM or they are identical)."""

    classification: str
    changes: tuple[DiffChange, ...]
    sbom_diff: SbomDiff | None = None


BundleDiffer = Callable[[Bundle, Bundle], DiffOutcome]
"""Compares an old bundle with a new one; must not raise for content problems."""


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def engine_differ() -> BundleDiffer | None:
    """The contract diff engine as a :data:`BundleDiffer`; ``None`` when it is not installed."""
    try:
        compare: Any = importlib.import_module("pacto.diff").compare
    except (ImportError, AttributeError):
        return None

    def differ(old: Bundle, new: Bundle) -> DiffOutcome:
        result = compare(old.contract, new.contract, old.fs, new.fs)
        changes = tuple(
            DiffChange(
                path=_text(change.path),
                type=_text(change.type),
                classification=_text(change.classification),
                old_value=change.old_value,
                new_value=change.new_value,
                reason=_text(change.reason),
            )
            for change in result.changes
        )
        return DiffOutcome(_text(result.classification), changes, result.sbom_diff)

    return differ


def compute_diff(
    differ: BundleDiffer, from_ref: Ref, to_ref: Ref, old: Bundle, new: Bundle
) -> DiffResult:
    """The dashboard's DiffResult of ``old`` → ``new``, with the engine's SBOM comparison
    (04-sbom.md §7; a result without changes counts as none)."""
    outcome = differ(old, new)
    sbom = outcome.sbom_diff
    if sbom is not None and not sbom.changes:
        sbom = None
    return DiffResult(
        from_ref=from_ref,
        to_ref=to_ref,
        classification=outcome.classification,
        changes=outcome.changes,
        sbom_diff=sbom,
    )


def classify_versions(
    entries: Sequence[tuple[str, Bundle | None]], differ: BundleDiffer | None
) -> dict[str, str]:
    """Classify each version against the next older one, latest first (§8.10).

    Only adjacent pairs whose bundles are both present are classified: a missing bundle
    suppresses both pairs it takes part in, and the oldest version never gets one
    (invariant 5). Pure: depends only on the bundles.
    """
    result: dict[str, str] = {}
    if differ is None:
        return result
    for index in range(len(entries) - 1):
        tag, current = entries[index]
        _, previous = entries[index + 1]
        if current is None or previous is None:
            continue
        try:
            result[tag] = differ(previous, current).classification
        except Exception as exc:  # one bad pair must not hide the whole history
            log.debug("classification failed tag=%s error=%s", tag, exc)
    return result
