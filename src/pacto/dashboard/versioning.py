"""Version ordering and version tracking (10-dashboard.md §10.1, §8.11).

Two comparators exist on purpose: lenient semver precedence (tags, latest tag, policy, update
availability) and the reference's ``compare_semver_desc`` for merged lists, which ignores
pre-releases and falls back to string order.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import replace

from pacto.contract import SemverError, Version, compare_versions, parse_version
from pacto.dashboard.model import Version as VersionEntry

__all__ = [
    "PINNED_DIGEST",
    "PINNED_TAG",
    "TRACKING",
    "classify_version_policy",
    "compare_semver_desc",
    "compute_latest_available",
    "is_update_available",
    "latest_tag",
    "lenient_version",
    "mark_current_version",
    "normalize_resolution_policy",
    "sort_semver_desc",
    "sort_tags_desc",
]

TRACKING = "tracking"
PINNED_TAG = "pinned-tag"
PINNED_DIGEST = "pinned-digest"

_POLICIES = {"Latest": TRACKING, "PinnedTag": PINNED_TAG, "PinnedDigest": PINNED_DIGEST}


def lenient_version(text: str) -> Version | None:
    """``text`` as a lenient semver (``v`` prefix, 1-3 parts), or ``None``."""
    if not text or len(text) > 256:
        return None
    try:
        return parse_version(text)
    except SemverError:
        return None


def sort_tags_desc(tags: Iterable[str]) -> list[str]:
    """Valid semver tags only, highest first, original text kept (stable for equal versions)."""
    parsed = [(tag, v) for tag in tags if (v := lenient_version(tag)) is not None]

    def descending(a: tuple[str, Version], b: tuple[str, Version]) -> int:
        return compare_versions(b[1], a[1])

    return [tag for tag, _ in sorted(parsed, key=functools.cmp_to_key(descending))]


def latest_tag(tags: Iterable[str]) -> str | None:
    """The highest semver tag; ``None`` when there is none (we skip such repositories)."""
    ordered = sort_tags_desc(tags)
    return ordered[0] if ordered else None


def _triple(text: str) -> tuple[int, int, int] | None:
    text = text.removeprefix("v")
    parts = text.split(".")
    if len(parts) != 3:
        return None
    parts[2] = parts[2].split("-", 1)[0].split("+", 1)[0]
    try:
        major, minor, patch = (int(p) for p in parts)
    except ValueError:
        return None
    return major, minor, patch


def compare_semver_desc(a: str, b: str) -> int:
    """Negative when ``a`` sorts before ``b`` in a latest-first list (§10.1 comparator 2)."""
    ta, tb = _triple(a), _triple(b)
    if ta is not None and tb is not None:
        return (ta < tb) - (ta > tb)
    return (a < b) - (a > b)


def sort_semver_desc(versions: Sequence[VersionEntry]) -> list[VersionEntry]:
    """A stable latest-first sort with :func:`compare_semver_desc`."""

    def descending(x: VersionEntry, y: VersionEntry) -> int:
        return compare_semver_desc(x.version, y.version)

    return sorted(versions, key=functools.cmp_to_key(descending))


def normalize_resolution_policy(policy: str) -> str:
    """The operator's ``Latest``/``PinnedTag``/``PinnedDigest`` (case-sensitive) or ``""``."""
    return _POLICIES.get(policy, "")


def classify_version_policy(resolved_ref: str) -> str:
    """The conservative fallback: ``pinned-digest``, ``pinned-tag`` or ``""``, never tracking."""
    if not resolved_ref:
        return ""
    if "@sha256:" in resolved_ref:
        return PINNED_DIGEST
    ref = resolved_ref.split("@", 1)[0]
    colon = ref.rfind(":")
    if colon <= ref.rfind("/"):
        return ""
    tag = ref[colon + 1 :]
    return PINNED_TAG if tag and lenient_version(tag) is not None else ""


def compute_latest_available(versions: Sequence[VersionEntry]) -> str:
    """The first semver entry of a latest-first list; ``""`` if none."""
    return next((v.version for v in versions if lenient_version(v.version) is not None), "")


def is_update_available(current: str, latest: str) -> bool:
    cur, new = lenient_version(current), lenient_version(latest)
    if cur is None or new is None:
        return False
    return compare_versions(new, cur) > 0


def mark_current_version(versions: Sequence[VersionEntry], current: str) -> list[VersionEntry]:
    """A copy with ``is_current`` set on the first entry equal to ``current``."""
    result = list(versions)
    if not current:
        return result
    for index, entry in enumerate(result):
        if entry.version == current:
            result[index] = replace(entry, is_current=True)
            break
    return result
