"""JSON shapes of the SBOM diff (04-sbom.md §6.2-6.3), key for key as the reference."""

from __future__ import annotations

from typing import Any

from pacto.sbom._model import Document, Package, PackageChange, SbomDiff

__all__ = ["document_to_wire", "package_change_to_wire", "package_to_wire", "sbom_diff_to_wire"]


def package_change_to_wire(change: PackageChange) -> dict[str, Any]:
    """``package, type, field?, oldValue?, newValue?`` (+ ``purl`` when known, beyond)."""
    out: dict[str, Any] = {"package": change.package, "type": change.type}
    if change.field:
        out["field"] = change.field
    if change.old_value:
        out["oldValue"] = change.old_value
    if change.new_value:
        out["newValue"] = change.new_value
    if change.purl:
        out["purl"] = change.purl
    return out


def sbom_diff_to_wire(result: SbomDiff) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if result.old_format:
        out["oldFormat"] = result.old_format
    if result.new_format:
        out["newFormat"] = result.new_format
    out["changes"] = [package_change_to_wire(c) for c in result.changes]
    return out


def package_to_wire(package: Package) -> dict[str, Any]:
    out: dict[str, Any] = {"name": package.name, "version": package.version}
    if package.license:
        out["license"] = package.license
    if package.supplier:
        out["supplier"] = package.supplier
    if package.purl:
        out["purl"] = package.purl
    return out


def document_to_wire(document: Document) -> dict[str, Any]:
    return {
        "format": str(document.format),
        "packages": [package_to_wire(p) for p in document.packages],
    }
