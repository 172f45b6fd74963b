"""CycloneDX 1.5 JSON (04-sbom.md §4.2): top-level ``components`` only."""

from __future__ import annotations

from typing import Any

from pacto.sbom._json import decode, member_list, member_object, member_string
from pacto.sbom._model import Document, Package, SbomFormat
from pacto.sbom.errors import SbomError

__all__ = ["parse_cyclonedx"]

_WHAT = "CycloneDX"


def parse_cyclonedx(data: bytes, *, path: str = "") -> Document:
    """Nested components, ``metadata.component``, services and dependencies are ignored.

    Raises :class:`SbomError` for invalid JSON or members of the wrong JSON type.
    """
    document = decode(data, what=_WHAT, path=path)
    packages: list[Package] = []
    components = member_list(document, "components", what=_WHAT, where="", path=path)
    for index, item in enumerate(components):
        where = f"components[{index}]"
        if not isinstance(item, dict):
            raise SbomError(f"parsing CycloneDX JSON: {where} must be an object", path=path)
        supplier = member_object(item, "supplier", what=_WHAT, where=where, path=path)
        packages.append(
            Package(
                name=member_string(item, "name", what=_WHAT, where=where, path=path),
                version=member_string(item, "version", what=_WHAT, where=where, path=path),
                license=_license(
                    member_list(item, "licenses", what=_WHAT, where=where, path=path), where, path
                ),
                supplier=member_string(
                    supplier, "name", what=_WHAT, where=f"{where}.supplier", path=path
                ),
                purl=member_string(item, "purl", what=_WHAT, where=where, path=path),
            )
        )
    return Document(format=SbomFormat.CYCLONEDX, packages=tuple(packages), source=path)


def _license(entries: list[Any], where: str, path: str) -> str:
    """Expressions, else ``license.id``, else ``license.name``, joined by `` AND ``."""
    parts: list[str] = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise SbomError(
                f"parsing CycloneDX JSON: {where}.licenses[{index}] must be an object", path=path
            )
        spot = f"{where}.licenses[{index}]"
        expression = member_string(entry, "expression", what=_WHAT, where=spot, path=path)
        if expression:
            parts.append(expression)
            continue
        license_object = member_object(entry, "license", what=_WHAT, where=spot, path=path)
        identifier = member_string(license_object, "id", what=_WHAT, where=spot, path=path)
        name = member_string(license_object, "name", what=_WHAT, where=spot, path=path)
        if identifier or name:
            parts.append(identifier or name)
    return " AND ".join(parts)
