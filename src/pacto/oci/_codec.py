"""The bundle archive: ``gzip(tar(bundle))`` written reproducibly, read defensively.

One writer serves ``pacto pack``, the OCI layer and the disk cache (07-oci.md §3.3, §14.1):
entries depth-first in byte-wise order, directories before their contents, names without
``./`` or a trailing ``/``, mtime 0, uid/gid 0, no user/group names, 0755/0644 modes, and a
gzip header with mtime 0, no file name and a fixed OS byte. The same files therefore give the
same bytes, hence the same digest, on every run.

The reader refuses ``..`` and absolute names, every entry that is neither a regular file nor a
directory (links, devices, FIFOs), more than 10 000 entries, a file over 10 MiB, more than
50 MiB of content and a stream that inflates past 64 MiB. It builds a :class:`MemoryFS`;
nothing is written to disk.
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import tarfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pacto.contract import CONTRACT_FILE, Bundle, MemoryFS, ParseError, parse
from pacto.oci.errors import ArchiveError

__all__ = [
    "MAX_ENTRIES",
    "MAX_FILE_BYTES",
    "MAX_INFLATED_BYTES",
    "MAX_TOTAL_BYTES",
    "ArchiveLimits",
    "bundle_from_archive",
    "collect_directory",
    "gzip_bytes",
    "pack_files",
    "pack_tar",
    "unpack_files",
]

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 50 * 1024 * 1024
MAX_INFLATED_BYTES = 64 * 1024 * 1024
MAX_ENTRIES = 10_000
_CHUNK = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_SKIPPED_DIRECTORIES = frozenset({".git"})


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    """Caps applied while reading an archive."""

    max_file_bytes: int = MAX_FILE_BYTES
    max_total_bytes: int = MAX_TOTAL_BYTES
    max_inflated_bytes: int = MAX_INFLATED_BYTES
    max_entries: int = MAX_ENTRIES


# --------------------------------------------------------------------------- writing


def _sort_key(path: str) -> tuple[bytes, ...]:
    return tuple(part.encode("utf-8") for part in path.split("/"))


def _entries(files: Iterable[str]) -> list[tuple[str, bool]]:
    """(name, is_directory) for every file and every parent directory, in writer order."""
    directories: set[str] = set()
    names = list(files)
    for name in names:
        parts = name.split("/")
        for depth in range(1, len(parts)):
            directories.add("/".join(parts[:depth]))
    clash = directories.intersection(names)
    if clash:
        raise ArchiveError(
            f"failed to create archive: {sorted(clash)[0]} is both a file and a directory"
        )
    entries = [(d, True) for d in directories] + [(f, False) for f in names]
    entries.sort(key=lambda entry: _sort_key(entry[0]))
    return entries


class _TarInfo(tarfile.TarInfo):
    """Writes directory names without the trailing ``/`` CPython adds (upstream's layout)."""

    def get_info(self) -> Mapping[str, str | int | bytes | Mapping[str, str]]:
        info = dict(super().get_info())
        info["name"] = str(info["name"]).rstrip("/")
        return info


def _header(name: str, *, is_directory: bool, size: int) -> tarfile.TarInfo:
    info = _TarInfo(name)
    info.mtime = 0
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    if is_directory:
        info.type = tarfile.DIRTYPE
        info.mode = 0o755
        info.size = 0
    else:
        info.type = tarfile.REGTYPE
        info.mode = 0o644
        info.size = size
    return info


def pack_tar(files: Mapping[str, bytes]) -> bytes:
    """The reproducible, uncompressed tar of ``files`` (bundle-relative ``/`` paths → content).

    Raises :class:`ArchiveError` for a path that is not a clean relative path.
    """
    for name in files:
        parts = name.split("/")
        if not name or name.startswith("/") or any(p in ("", ".", "..") for p in parts):
            raise ArchiveError(f"failed to create archive: invalid path {name!r}", path=name)
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name, is_directory in _entries(files):
            content = b"" if is_directory else files[name]
            info = _header(name, is_directory=is_directory, size=len(content))
            archive.addfile(info, None if is_directory else io.BytesIO(content))
    return raw.getvalue()


def gzip_bytes(data: bytes, *, compresslevel: int = 9) -> bytes:
    """gzip with a fixed header: mtime 0, no file name; CPython always writes OS byte 255."""
    compressed = io.BytesIO()
    with gzip.GzipFile(
        filename="", mode="wb", fileobj=compressed, mtime=0, compresslevel=compresslevel
    ) as stream:
        stream.write(data)
    return compressed.getvalue()


def pack_files(files: Mapping[str, bytes]) -> bytes:
    """The reproducible ``tar.gz`` of ``files``: same files, same bytes, same digest."""
    return gzip_bytes(pack_tar(files))


def collect_directory(
    root: str | os.PathLike[str], *, exclude: Iterable[str | os.PathLike[str]] = ()
) -> dict[str, bytes]:
    """Read every regular file under ``root`` for packing, as ``{relative/path: content}``.

    ``.git/`` and the paths in ``exclude`` (e.g. the archive being written) are skipped
    (07-oci.md §14.3). A symbolic link, device or FIFO anywhere in the tree is refused with an
    :class:`ArchiveError` naming it (§3.3 rule 6: reject rather than follow).
    """
    base = Path(root)
    excluded = {os.path.realpath(p) for p in exclude}
    files: dict[str, bytes] = {}
    total = 0

    def walk(directory: Path, prefix: str) -> None:
        nonlocal total
        try:
            children = sorted(os.scandir(directory), key=lambda e: e.name.encode("utf-8"))
        except OSError as exc:
            raise ArchiveError(f"failed to create archive: {exc}", path=str(directory)) from exc
        for entry in children:
            relative = f"{prefix}{entry.name}"
            shown = str(base.joinpath(*relative.split("/")))
            if os.path.realpath(entry.path) in excluded and not entry.is_symlink():
                continue
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISLNK(mode):
                raise ArchiveError(
                    f"failed to create archive: {shown} is a symbolic link; bundles may hold only "
                    "regular files and directories (copy the target into the bundle instead)",
                    path=shown,
                )
            if stat.S_ISDIR(mode):
                if entry.name in _SKIPPED_DIRECTORIES:
                    continue
                walk(Path(entry.path), f"{relative}/")
            elif stat.S_ISREG(mode):
                with Path(entry.path).open("rb") as handle:
                    content = handle.read(MAX_FILE_BYTES + 1)
                if len(content) > MAX_FILE_BYTES:
                    raise ArchiveError(
                        f"failed to create archive: {shown} exceeds the maximum file size of "
                        f"{MAX_FILE_BYTES} bytes",
                        path=shown,
                    )
                total += len(content)
                if total > MAX_TOTAL_BYTES:
                    raise ArchiveError(
                        f"failed to create archive: the bundle exceeds the maximum total size of "
                        f"{MAX_TOTAL_BYTES} bytes",
                        path=str(base),
                    )
                files[relative] = content
            else:
                raise ArchiveError(
                    f"failed to create archive: {shown} is not a regular file or directory",
                    path=shown,
                )

    walk(base, "")
    return files


# --------------------------------------------------------------------------- reading


class _CappedStream(io.RawIOBase):
    """Decompresses gzip (or passes a plain tar through) and fails past ``limit`` bytes."""

    def __init__(self, data: bytes, limit: int) -> None:
        self._data = data
        self._limit = limit
        self._produced = 0
        self._offset = 0
        self._gzip = data[:2] == _GZIP_MAGIC
        self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if self._gzip else None
        self._pending = b""

    def readable(self) -> bool:
        return True

    def _next_chunk(self) -> bytes:
        if self._inflater is None:
            chunk = self._data[self._offset : self._offset + _CHUNK]
            self._offset += len(chunk)
            return chunk
        while True:
            if self._inflater.unconsumed_tail:
                source = self._inflater.unconsumed_tail
            elif self._inflater.eof:
                rest = self._inflater.unused_data
                if rest[:2] == _GZIP_MAGIC:  # concatenated gzip members
                    self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                    source = rest
                else:
                    return b""
            else:
                source = self._data[self._offset : self._offset + _CHUNK]
                self._offset += len(source)
                if not source:
                    raise ArchiveError("unexpected end of gzip stream")
            chunk = self._inflater.decompress(source, _CHUNK)
            if chunk:
                return chunk

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            try:
                chunk = self._next_chunk()
            except zlib.error as exc:
                raise ArchiveError(f"invalid gzip data: {exc}") from exc
            if not chunk:
                return 0
            self._produced += len(chunk)
            if self._produced > self._limit:
                raise ArchiveError(f"archive inflates past the limit of {self._limit} bytes")
            self._pending = chunk
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def _normalise(name: str) -> str:
    name = name.replace("\\", "/")
    if name.startswith("./"):
        name = name[2:]
    return name


def _check_name(name: str) -> None:
    parts = name.split("/")
    if name.startswith("/") or ".." in parts or (len(name) > 1 and name[1] == ":"):
        raise ArchiveError(f"invalid path in tar: {name}", path=name)
    if any(part in ("", ".") for part in parts):
        raise ArchiveError(f"invalid path in tar: {name}", path=name)


_TYPE_NAMES = {
    tarfile.SYMTYPE: "symlink",
    tarfile.LNKTYPE: "hard link",
    tarfile.CHRTYPE: "character device",
    tarfile.BLKTYPE: "block device",
    tarfile.FIFOTYPE: "fifo",
}


def unpack_files(data: bytes, limits: ArchiveLimits | None = None) -> dict[str, bytes]:
    """Read a bundle archive (gzip-compressed or plain tar) into ``{path: content}``.

    Raises :class:`ArchiveError` with the messages of 07-oci.md §3.3 (``invalid path in tar``,
    ``unsupported tar entry type``, ``file <name> exceeds maximum size of <n> bytes``,
    ``extracted bundle exceeds maximum total size of <n> bytes``,
    ``tar has too many entries (><n>)``) or ``archive inflates past the limit of <n> bytes``.
    """
    limits = limits or ArchiveLimits()
    files: dict[str, bytes] = {}
    directories: set[str] = set()
    total = 0
    count = 0
    stream: IO[bytes] = io.BufferedReader(_CappedStream(data, limits.max_inflated_bytes), _CHUNK)
    try:
        with tarfile.open(fileobj=stream, mode="r|") as archive:
            for member in archive:
                count += 1
                if count > limits.max_entries:
                    raise ArchiveError(f"tar has too many entries (>{limits.max_entries})")
                name = _normalise(member.name)
                if name in ("", "."):
                    continue
                _check_name(name.rstrip("/") if member.isdir() else name)
                if member.isdir():
                    directories.add(name.rstrip("/"))
                    continue
                if not member.isreg():
                    kind = _TYPE_NAMES.get(member.type, repr(member.type.decode("latin-1")))
                    raise ArchiveError(f"unsupported tar entry type {kind}: {name}", path=name)
                if member.size > limits.max_file_bytes:
                    raise ArchiveError(
                        f"file {name} exceeds maximum size of {limits.max_file_bytes} bytes",
                        path=name,
                    )
                total += member.size
                if total > limits.max_total_bytes:
                    raise ArchiveError(
                        "extracted bundle exceeds maximum total size of "
                        f"{limits.max_total_bytes} bytes"
                    )
                handle = archive.extractfile(member)
                content = handle.read() if handle is not None else b""
                if len(content) != member.size:
                    raise ArchiveError(f"truncated tar entry: {name}", path=name)
                files[name] = content
    except ArchiveError:
        raise
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise ArchiveError(f"invalid tar archive: {exc}") from exc
    for name in files:
        parts = name.split("/")
        for depth in range(1, len(parts)):
            if "/".join(parts[:depth]) in files:
                raise ArchiveError(f"invalid path in tar: {name} lies under a file", path=name)
    return files


def bundle_from_archive(
    data: bytes, *, origin: str = "", limits: ArchiveLimits | None = None
) -> Bundle:
    """Unpack ``data`` and parse its ``pacto.yaml`` into a :class:`Bundle` over a
    :class:`MemoryFS`.

    Raises :class:`ArchiveError`: the unpack errors of :func:`unpack_files`,
    ``bundle missing pacto.yaml: ...`` and ``failed to parse contract from bundle: ...``.
    """
    files = unpack_files(data, limits)
    raw = files.get(CONTRACT_FILE)
    if raw is None:
        raise ArchiveError(f"bundle missing pacto.yaml: open {CONTRACT_FILE}: file does not exist")
    try:
        contract = parse(raw)
    except ParseError as exc:
        raise ArchiveError(f"failed to parse contract from bundle: {exc}") from exc
    return Bundle(contract=contract, raw_yaml=raw, fs=MemoryFS(files), origin=origin)
