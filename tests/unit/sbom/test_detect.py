"""Finding a bundle's SBOM (04-sbom.md §1-§2, §5)."""

from __future__ import annotations

import pytest

from pacto.contract import MemoryFS
from pacto.sbom import (
    SbomError,
    SbomFormat,
    detect_format,
    has_sbom,
    parse_from_fs,
    sbom_files,
    scan_sbom,
)

SPDX = b'{"spdxVersion": "SPDX-2.3", "packages": [{"name": "a", "versionInfo": "1"}]}'
CDX = b'{"bomFormat": "CycloneDX", "components": [{"name": "b", "version": "2"}]}'


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("sbom.spdx.json", SbomFormat.SPDX),
        ("bom.cdx.json", SbomFormat.CYCLONEDX),
        ("x.spdx", None),
        ("x.spdx.yaml", None),
        ("bom.xml", None),
        ("bom.json", None),
        ("X.SPDX.JSON", None),
    ],
)
def test_format_comes_from_the_suffix_only(name: str, expected: SbomFormat | None) -> None:
    assert detect_format(name) is expected


def test_only_files_directly_inside_sbom_count() -> None:
    fs = MemoryFS(
        {"sbom/deps/x.spdx.json": SPDX, "sbom/readme.txt": b"hi", "other.spdx.json": SPDX}
    )
    assert sbom_files(fs) == ["sbom/readme.txt"]
    assert not has_sbom(fs)
    assert parse_from_fs(fs) is None


def test_first_recognised_file_in_byte_order_wins() -> None:
    fs = MemoryFS({"sbom/b.spdx.json": SPDX, "sbom/a.cdx.json": CDX})
    document = parse_from_fs(fs)
    assert document is not None and document.format is SbomFormat.CYCLONEDX
    scan = scan_sbom(fs)
    assert scan.notes == (
        "sbom/ holds 2 SBOM files; only sbom/a.cdx.json is compared (ignored: sbom/b.spdx.json)",
    )


def test_no_file_system_means_no_sbom() -> None:
    assert parse_from_fs(None) is None and not has_sbom(None)
    assert scan_sbom(None).document is None


def test_unparseable_sbom_raises_from_parse_and_is_text_from_scan() -> None:
    fs = MemoryFS({"sbom/x.spdx.json": b"{invalid}"})
    with pytest.raises(SbomError, match="parsing SPDX JSON"):
        parse_from_fs(fs)
    scan = scan_sbom(fs)
    assert scan.document is None and scan.error.startswith("parsing SPDX JSON")


def test_sboms_of_unknown_format_are_reported_as_a_note() -> None:
    scan = scan_sbom(MemoryFS({"sbom/bom.xml": b"<bom/>", "sbom/sbom.spdx.yaml": b"a: 1"}))
    assert scan.document is None
    assert scan.notes == (
        "sbom/ holds no recognised SBOM (bom.xml, sbom.spdx.yaml); Pacto reads SPDX 2.3 JSON "
        "(*.spdx.json) and CycloneDX 1.5 JSON (*.cdx.json)",
    )


def test_a_suffix_that_contradicts_the_content_is_noted() -> None:
    scan = scan_sbom(MemoryFS({"sbom/bom.cdx.json": SPDX}))
    assert scan.document is not None and scan.document.packages == ()
    assert "looks like SPDX but its suffix says CycloneDX" in scan.notes[0]
    scan = scan_sbom(MemoryFS({"sbom/bom.spdx.json": CDX}))
    assert "looks like CycloneDX but its suffix says SPDX" in scan.notes[0]


class _Unreadable(MemoryFS):
    def read_bytes(self, path: str) -> bytes:
        raise PermissionError(13, "Permission denied")


def test_unreadable_sbom_file_is_a_reading_error() -> None:
    fs = _Unreadable({"sbom/x.cdx.json": CDX})
    with pytest.raises(SbomError, match=r"reading CycloneDX file: sbom/x\.cdx\.json"):
        parse_from_fs(fs)


class _Unlistable(MemoryFS):
    def list_files(self) -> list[str]:
        raise OSError("gone")


def test_an_unlistable_bundle_has_no_sbom() -> None:
    assert sbom_files(_Unlistable({})) == []


class _ReadOnce(MemoryFS):
    """Serves each file once; later reads fail (the suffix check re-reads the file)."""

    def __init__(self, files: dict[str, bytes]) -> None:
        super().__init__(files)
        object.__setattr__(self, "_seen", set())

    def read_bytes(self, path: str) -> bytes:
        seen: set[str] = object.__getattribute__(self, "_seen")
        if path in seen:
            raise PermissionError(13, "Permission denied")
        seen.add(path)
        return super().read_bytes(path)


def test_the_suffix_check_tolerates_a_file_that_cannot_be_read_again() -> None:
    scan = scan_sbom(_ReadOnce({"sbom/bom.cdx.json": SPDX}))
    assert scan.document is not None and scan.notes == ()


def test_documents_serialise_their_packages() -> None:
    from pacto.sbom.wire import document_to_wire

    document = parse_from_fs(MemoryFS({"sbom/a.cdx.json": CDX}))
    assert document is not None
    assert document_to_wire(document) == {
        "format": "cyclonedx",
        "packages": [{"name": "b", "version": "2"}],
    }
