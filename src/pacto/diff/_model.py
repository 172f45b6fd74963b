"""Vocabulary and result types of the diff engine (03-diff.md §1)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pacto.contract import SourceLocation
from pacto.sbom import SbomDiff

__all__ = [
    "ChangeType",
    "Classification",
    "Diagnostic",
    "DiffChange",
    "Pointer",
    "Result",
    "Ruleset",
    "overall",
]


class Classification(enum.StrEnum):
    """How a change affects consumers; ordered, so the overall result is the maximum."""

    NON_BREAKING = "NON_BREAKING"
    POTENTIAL_BREAKING = "POTENTIAL_BREAKING"
    BREAKING = "BREAKING"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def lowered(self) -> Classification:
        """One class lower (BREAKING -> POTENTIAL_BREAKING -> NON_BREAKING -> NON_BREAKING)."""
        return _BY_RANK[max(self.rank - 1, 0)]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Classification):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Classification):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Classification):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Classification):
            return NotImplemented
        return self.rank >= other.rank


_RANKS = {
    Classification.NON_BREAKING: 0,
    Classification.POTENTIAL_BREAKING: 1,
    Classification.BREAKING: 2,
}
_BY_RANK = {rank: value for value, rank in _RANKS.items()}


def overall(classifications: Iterable[Classification]) -> Classification:
    """The maximum, ``NON_BREAKING`` for none."""
    return max(classifications, key=lambda c: c.rank, default=Classification.NON_BREAKING)


class ChangeType(enum.StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    MODIFIED = "modified"


class Ruleset(enum.StrEnum):
    """Which rule catalogue classifies OpenAPI and JSON Schema changes.

    ``pacto`` (the default) is direction-aware and fine-grained; ``reference`` reproduces the
    reference implementation's coarse rules of 03-diff.md §6-§7 exactly. Contract-level rules
    (identity, runtime, interfaces, ...) are the same in both.
    """

    PACTO = "pacto"
    REFERENCE = "reference"


Pointer = tuple[str, tuple[str | int, ...]]
"""A node of a bundle file: the bundle-relative file and the key/index path inside it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DiffChange:
    """One classified difference (03-diff.md §1.3), plus its rule id and source locations.

    ``old_value``/``new_value`` are ``None`` when absent (omitted from JSON); ``""`` and ``0``
    are real values. Locations point at the node in each file, or at its nearest existing
    ancestor when the node exists on one side only.
    """

    path: str
    type: ChangeType
    classification: Classification
    reason: str
    rule: str
    old_value: Any = None
    new_value: Any = None
    old_location: SourceLocation | None = None
    new_location: SourceLocation | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Diagnostic:
    """Something the engine could not compare, or compared only in part (a warning)."""

    message: str
    file: str = ""

    def __str__(self) -> str:
        return f"{self.file}: {self.message}" if self.file else self.message


@dataclass(frozen=True, slots=True, kw_only=True)
class Result:
    """The comparison of two contracts (03-diff.md §1.4).

    ``sbom_diff`` never influences ``classification``; ``diagnostics`` are warnings about
    inputs that could not be (fully) compared.
    """

    classification: Classification = Classification.NON_BREAKING
    changes: tuple[DiffChange, ...] = ()
    sbom_diff: SbomDiff | None = None
    diagnostics: tuple[Diagnostic, ...] = field(default=())
