"""Reproducible packing and hostile archives."""

from __future__ import annotations

import gzip
import io
import os
import tarfile
import zlib

import pytest

from pacto.oci import (
    ArchiveError,
    ArchiveLimits,
    bundle_from_archive,
    collect_directory,
    pack_files,
    unpack_files,
)

FILES = {
    "pacto.yaml": b'pactoVersion: "1.0"\nservice:\n  name: svc\n  version: 1.0.0\n',
    "a-b/x": b"1",
    "a/x": b"2",
    "interfaces/openapi.yaml": b"openapi: 3.0.0\n",
}


def _tar(entries, *, compress=True):
    """entries: (TarInfo kwargs, content) pairs written verbatim (no normalisation)."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as archive:
        for fields, content in entries:
            info = tarfile.TarInfo(fields.pop("name"))
            for key, value in fields.items():
                setattr(info, key, value)
            if content is not None:
                info.size = len(content)
            archive.addfile(info, io.BytesIO(content) if content is not None else None)
    data = raw.getvalue()
    return gzip.compress(data) if compress else data


def test_packing_is_reproducible_and_independent_of_input_order():
    first = pack_files(FILES)
    second = pack_files(dict(reversed(list(FILES.items()))))
    assert first == second


def test_tar_layout_is_depth_first_lexical_with_canonical_headers():
    with tarfile.open(fileobj=io.BytesIO(pack_files(FILES))) as archive:
        members = archive.getmembers()
    assert [m.name for m in members] == [
        "a",
        "a/x",
        "a-b",
        "a-b/x",
        "interfaces",
        "interfaces/openapi.yaml",
        "pacto.yaml",
    ]
    for member in members:
        assert (member.mtime, member.uid, member.gid, member.uname, member.gname) == (
            0,
            0,
            0,
            "",
            "",
        )
        assert member.mode == (0o755 if member.isdir() else 0o644)
    raw = gzip.decompress(pack_files(FILES))
    assert raw[:2] == b"a\x00"  # directory names carry no trailing "/"


def test_gzip_header_is_fixed():
    data = pack_files(FILES)
    assert data[:4] == b"\x1f\x8b\x08\x00"  # no FNAME flag
    assert data[4:8] == b"\x00\x00\x00\x00"  # mtime 0
    assert data[9] == 255  # OS byte


def test_round_trip():
    assert unpack_files(pack_files(FILES)) == FILES


def test_uncompressed_tar_and_dot_slash_names_are_accepted():
    data = _tar(
        [({"name": "./pacto.yaml"}, b"x"), ({"name": "./docs/", "type": tarfile.DIRTYPE}, None)],
        compress=False,
    )
    assert unpack_files(data) == {"pacto.yaml": b"x"}


@pytest.mark.parametrize("name", ["../evil", "a/../../evil", "/etc/passwd", "a/./b", "a//b"])
def test_names_leaving_the_bundle_are_refused(name):
    with pytest.raises(ArchiveError, match="invalid path in tar"):
        unpack_files(_tar([({"name": name}, b"x")]))


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        (tarfile.SYMTYPE, "symlink"),
        (tarfile.LNKTYPE, "hard link"),
        (tarfile.CHRTYPE, "character device"),
        (tarfile.BLKTYPE, "block device"),
        (tarfile.FIFOTYPE, "fifo"),
    ],
)
def test_links_devices_and_fifos_are_refused(kind, label):
    entry = {"name": "evil", "type": kind, "linkname": "/etc/passwd"}
    with pytest.raises(ArchiveError, match=f"unsupported tar entry type {label}: evil"):
        unpack_files(_tar([({"name": "pacto.yaml"}, b"x"), (entry, None)]))


def test_too_many_entries_are_refused():
    entries = [({"name": f"f{i}"}, b"") for i in range(11)]
    with pytest.raises(ArchiveError, match=r"tar has too many entries \(>10\)"):
        unpack_files(_tar(entries), ArchiveLimits(max_entries=10))


def test_oversized_file_is_refused_with_the_reference_message():
    with pytest.raises(ArchiveError, match="file big exceeds maximum size of 10 bytes"):
        unpack_files(_tar([({"name": "big"}, b"x" * 11)]), ArchiveLimits(max_file_bytes=10))


def test_total_size_is_capped_with_the_reference_message():
    entries = [({"name": f"f{i}"}, b"x" * 8) for i in range(3)]
    with pytest.raises(
        ArchiveError, match="extracted bundle exceeds maximum total size of 20 bytes"
    ):
        unpack_files(_tar(entries), ArchiveLimits(max_total_bytes=20))


def test_gzip_bomb_stops_at_the_inflation_limit():
    bomb = _tar([({"name": "zeros"}, b"\x00" * (4 * 1024 * 1024))])
    assert len(bomb) < 10_000
    with pytest.raises(ArchiveError, match="archive inflates past the limit of 1048576 bytes"):
        unpack_files(bomb, ArchiveLimits(max_inflated_bytes=1024 * 1024))


def test_default_inflation_limit_is_64_mib():
    assert ArchiveLimits().max_inflated_bytes == 64 * 1024 * 1024


def test_garbage_is_an_archive_error():
    with pytest.raises(ArchiveError):
        unpack_files(b"\x1f\x8b" + os.urandom(64))
    with pytest.raises(ArchiveError):
        unpack_files(zlib.compress(b"not a tar"))


def test_file_under_a_file_is_refused():
    with pytest.raises(ArchiveError, match="lies under a file"):
        unpack_files(_tar([({"name": "a"}, b"1"), ({"name": "a/b"}, b"2")]))


def test_bundle_from_archive_needs_pacto_yaml_and_a_parsable_contract():
    with pytest.raises(ArchiveError, match=r"bundle missing pacto\.yaml"):
        bundle_from_archive(pack_files({"README.md": b""}))
    with pytest.raises(ArchiveError, match="failed to parse contract from bundle"):
        bundle_from_archive(pack_files({"pacto.yaml": b"service: [unclosed"}))
    bundle = bundle_from_archive(pack_files(FILES), origin="oci://x")
    assert bundle.contract.service.name == "svc" and bundle.origin == "oci://x"


def test_collect_directory_skips_git_and_excluded_paths(tmp_path):
    (tmp_path / "pacto.yaml").write_bytes(b"x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_bytes(b"ref")
    (tmp_path / ".hidden").write_bytes(b"kept")
    (tmp_path / "out.tar.gz").write_bytes(b"old archive")
    files = collect_directory(tmp_path, exclude=[tmp_path / "out.tar.gz"])
    assert files == {".hidden": b"kept", "pacto.yaml": b"x"}


def test_collect_directory_refuses_symbolic_links_naming_them(tmp_path):
    (tmp_path / "pacto.yaml").write_bytes(b"x")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "link").symlink_to("/etc/hostname")
    with pytest.raises(ArchiveError, match=r"docs/link is a symbolic link"):
        collect_directory(tmp_path)


def test_same_directory_packs_to_the_same_bytes_after_touching_files(tmp_path):
    (tmp_path / "pacto.yaml").write_bytes(b"x")
    first = pack_files(collect_directory(tmp_path))
    os.utime(tmp_path / "pacto.yaml", (1, 1))
    (tmp_path / "pacto.yaml").chmod(0o600)
    assert pack_files(collect_directory(tmp_path)) == first
