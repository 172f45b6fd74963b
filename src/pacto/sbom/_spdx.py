"""SPDX 2.3 JSON (04-sbom.md §4.1)."""

from __future__ import annotations

from pacto.sbom._json import decode, member_list, member_string
from pacto.sbom._model import Document, Package, SbomFormat
from pacto.sbom.errors import SbomError

__all__ = ["parse_spdx"]

_WHAT = "SPDX"


def parse_spdx(data: bytes, *, path: str = "") -> Document:
    """Every element of the top-level ``packages`` array becomes a :class:`Package`.

    Raises :class:`SbomError` for invalid JSON or members of the wrong JSON type.
    """
    document = decode(data, what=_WHAT, path=path)
    packages: list[Package] = []
    for index, item in enumerate(
        member_list(document, "packages", what=_WHAT, where="", path=path)
    ):
        where = f"packages[{index}]"
        if not isinstance(item, dict):
            raise SbomError(f"parsing SPDX JSON: {where} must be an object", path=path)

        def text(key: str, item: dict[str, object] = item, where: str = where) -> str:
            return member_string(item, key, what=_WHAT, where=where, path=path)

        supplier = text("supplier")
        if ": " in supplier:
            supplier = supplier.split(": ", 1)[1]  # "Organization: Acme" -> "Acme"
        packages.append(
            Package(
                name=text("name"),
                version=text("versionInfo"),
                license=text("licenseConcluded"),
                supplier=supplier,
                purl=_purl(item),
            )
        )
    return Document(format=SbomFormat.SPDX, packages=tuple(packages), source=path)


def _purl(item: dict[str, object]) -> str:
    refs = item.get("externalRefs")
    if not isinstance(refs, list):
        return ""
    for ref in refs:
        if (
            isinstance(ref, dict)
            and ref.get("referenceType") == "purl"
            and isinstance(ref.get("referenceLocator"), str)
        ):
            return str(ref["referenceLocator"])
    return ""
