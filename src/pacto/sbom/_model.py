"""The format-independent SBOM model (04-sbom.md §3, §6.2-6.3)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["Document", "Package", "PackageChange", "SbomDiff", "SbomFormat"]


class SbomFormat(enum.StrEnum):
    """The recognised encodings; values are the reference's wire strings."""

    SPDX = "spdx"
    CYCLONEDX = "cyclonedx"


@dataclass(frozen=True, slots=True, kw_only=True)
class Package:
    """One package of an SBOM. Empty strings stand for absent members.

    ``purl`` is beyond the reference (04-sbom.md §3.2): it identifies a package across
    ecosystems when both sides carry one.
    """

    name: str
    version: str = ""
    license: str = ""
    supplier: str = ""
    purl: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """A parsed SBOM: its format, its packages in document order, and the file it came from."""

    format: SbomFormat
    packages: tuple[Package, ...] = ()
    source: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class PackageChange:
    """One package-level difference. ``field`` is ``package`` for added/removed packages,
    else ``version``, ``license`` or ``supplier``; ``""`` values are absent on the wire."""

    package: str
    type: str
    field: str
    old_value: str = ""
    new_value: str = ""
    purl: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class SbomDiff:
    """The SBOM comparison of two bundles (04-sbom.md §6.3). Never affects a classification."""

    old_format: str = ""
    new_format: str = ""
    changes: tuple[PackageChange, ...] = ()
