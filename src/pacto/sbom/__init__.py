"""SBOM parsing and diffing (04-sbom.md): SPDX 2.3 JSON and CycloneDX 1.5 JSON found under a
bundle's ``sbom/`` directory, normalised to packages and compared package by package.

SBOM data is informational: it never changes a diff classification. Pure: files only through a
:class:`~pacto.contract.BundleFS`. May import only :mod:`pacto.contract` and :mod:`pacto.errors`.
"""

from pacto.sbom._cyclonedx import parse_cyclonedx
from pacto.sbom._detect import (
    SBOM_DIR,
    SbomScan,
    detect_format,
    has_sbom,
    parse_document,
    parse_from_fs,
    sbom_files,
    scan_sbom,
)
from pacto.sbom._diff import diff_sboms, purl_identity
from pacto.sbom._json import MAX_SBOM_BYTES
from pacto.sbom._model import Document, Package, PackageChange, SbomDiff, SbomFormat
from pacto.sbom._spdx import parse_spdx
from pacto.sbom.errors import SbomError

__all__ = [
    "MAX_SBOM_BYTES",
    "SBOM_DIR",
    "Document",
    "Package",
    "PackageChange",
    "SbomDiff",
    "SbomError",
    "SbomFormat",
    "SbomScan",
    "detect_format",
    "diff_sboms",
    "has_sbom",
    "parse_cyclonedx",
    "parse_document",
    "parse_from_fs",
    "parse_spdx",
    "purl_identity",
    "sbom_files",
    "scan_sbom",
]
