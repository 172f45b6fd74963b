"""Finding a bundle's SBOM by convention (04-sbom.md §1, §2, §5).

Only regular files directly inside ``sbom/`` count, the format comes from the file-name suffix
alone, and the first recognised file in byte order wins. :func:`scan_sbom` adds what the
reference keeps silent: notes for unrecognised files, ignored extra files and suffixes that
contradict the content, so that ``pacto diff`` can warn instead of quietly reporting nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from pacto.contract import BundleFS
from pacto.sbom._cyclonedx import parse_cyclonedx
from pacto.sbom._model import Document, SbomFormat
from pacto.sbom._spdx import parse_spdx
from pacto.sbom.errors import SbomError

__all__ = [
    "SBOM_DIR",
    "SbomScan",
    "detect_format",
    "has_sbom",
    "parse_document",
    "parse_from_fs",
    "sbom_files",
    "scan_sbom",
]

log = logging.getLogger(__name__)

SBOM_DIR = "sbom"

_SUFFIXES: tuple[tuple[str, SbomFormat], ...] = (
    (".spdx.json", SbomFormat.SPDX),
    (".cdx.json", SbomFormat.CYCLONEDX),
)
_PARSERS: dict[SbomFormat, tuple[str, Callable[..., Document]]] = {
    SbomFormat.SPDX: ("SPDX", parse_spdx),
    SbomFormat.CYCLONEDX: ("CycloneDX", parse_cyclonedx),
}


def detect_format(file_name: str) -> SbomFormat | None:
    """The format named by a file's suffix (case-sensitive), ``None`` when not recognised."""
    for suffix, sbom_format in _SUFFIXES:
        if file_name.endswith(suffix):
            return sbom_format
    return None


def sbom_files(fs: BundleFS | None) -> list[str]:
    """Bundle-relative paths of the regular files directly inside ``sbom/``, in byte order."""
    if fs is None:
        return []
    try:
        files = fs.list_files()
    except OSError:
        return []
    prefix = SBOM_DIR + "/"
    return sorted(f for f in files if f.startswith(prefix) and "/" not in f[len(prefix) :])


def has_sbom(fs: BundleFS | None) -> bool:
    """True iff ``sbom/`` holds at least one regular file with a recognised suffix."""
    return any(detect_format(path) is not None for path in sbom_files(fs))


def parse_document(data: bytes, sbom_format: SbomFormat, *, path: str = "") -> Document:
    """Parse ``data`` in the given format; raises :class:`SbomError`."""
    _, parser = _PARSERS[sbom_format]
    return parser(data, path=path)


def parse_from_fs(fs: BundleFS | None) -> Document | None:
    """The bundle's SBOM, ``None`` when it has none (04-sbom.md §5).

    Raises :class:`SbomError` when the first recognised file cannot be read
    (``reading SPDX file: ...``) or parsed (``parsing SPDX JSON: ...``).
    """
    for path in sbom_files(fs):
        sbom_format = detect_format(path)
        if sbom_format is None:
            continue
        assert fs is not None
        what, _ = _PARSERS[sbom_format]
        try:
            data = fs.read_bytes(path)
        except OSError as exc:
            raise SbomError(f"reading {what} file: {path}: {exc}", path=path) from exc
        return parse_document(data, sbom_format, path=path)
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class SbomScan:
    """What :func:`scan_sbom` found: the document (or ``None``), a parse error, and notes."""

    document: Document | None = None
    error: str = ""
    notes: tuple[str, ...] = ()


def scan_sbom(fs: BundleFS | None) -> SbomScan:
    """Like :func:`parse_from_fs`, but never raises: failures and oddities become text."""
    files = sbom_files(fs)
    recognised = [path for path in files if detect_format(path) is not None]
    notes: list[str] = []
    if files and not recognised:
        names = ", ".join(path[len(SBOM_DIR) + 1 :] for path in files)
        notes.append(
            f"sbom/ holds no recognised SBOM ({names}); Pacto reads SPDX 2.3 JSON "
            "(*.spdx.json) and CycloneDX 1.5 JSON (*.cdx.json)"
        )
    if len(recognised) > 1:
        notes.append(
            f"sbom/ holds {len(recognised)} SBOM files; only {recognised[0]} is compared "
            f"(ignored: {', '.join(recognised[1:])})"
        )
    try:
        document = parse_from_fs(fs)
    except SbomError as exc:
        log.debug("sbom parse failed: %s", exc)
        return SbomScan(error=str(exc), notes=tuple(notes))
    if document is not None and fs is not None:
        mismatch = _suffix_mismatch(fs, document)
        if mismatch:
            notes.append(mismatch)
    return SbomScan(document=document, notes=tuple(notes))


def _suffix_mismatch(fs: BundleFS, document: Document) -> str:
    """A note when the content plainly belongs to the other format (suffix decides anyway)."""
    if document.packages:
        return ""
    try:
        head = fs.read_bytes(document.source)[:65536]
    except OSError:
        return ""
    if document.format is SbomFormat.CYCLONEDX and b'"spdxVersion"' in head:
        return f"{document.source} looks like SPDX but its suffix says CycloneDX: no packages read"
    if document.format is SbomFormat.SPDX and b'"bomFormat"' in head:
        return f"{document.source} looks like CycloneDX but its suffix says SPDX: no packages read"
    return ""
