from __future__ import annotations

import json

import pytest

from pacto.oci import DiskCache
from tests.unit.oci.conftest import make_bundle


@pytest.mark.parametrize(
    ("ref", "relative"),
    [
        ("ghcr.io/acme/svc:1.2.0", "ghcr.io/acme/svc/1.2.0/bundle.tar.gz"),
        ("localhost:5000/acme/svc:1.2.0", "localhost/5000/acme/svc/1.2.0/bundle.tar.gz"),
        ("ghcr.io/acme/svc@sha256:ab12", "ghcr.io/acme/svc@sha256/ab12/bundle.tar.gz"),
        ("ghcr.io/../../etc:1", "_invalid/bundle.tar.gz"),
        ("ghcr.io//x:1", "_invalid/bundle.tar.gz"),
    ],
)
def test_cache_layout_is_upstreams(tmp_path, ref, relative):
    assert DiskCache(tmp_path).path_for(ref) == tmp_path / relative


def test_store_then_load_round_trips_with_the_digest(tmp_path):
    cache = DiskCache(tmp_path)
    path = cache.store("r.io/a/b:1.0.0", make_bundle(), "sha256:abc")
    entry = cache.load("r.io/a/b:1.0.0")
    assert entry is not None and entry.digest == "sha256:abc" and entry.path == path
    assert entry.bundle.fs is not None
    assert entry.bundle.fs.list_files() == [
        "docs/README.md",
        "interfaces/openapi.yaml",
        "pacto.yaml",
    ]
    assert entry.bundle.origin == "oci://r.io/a/b:1.0.0"
    assert oct(path.stat().st_mode & 0o777) == "0o644"
    assert sorted(p.name for p in path.parent.iterdir()) == [
        ".lock",
        "bundle.tar.gz",
        "metadata.json",
    ]


def test_a_damaged_file_is_a_miss_never_a_wrong_bundle(tmp_path):
    cache = DiskCache(tmp_path)
    path = cache.store("r.io/a/b:1.0.0", make_bundle(), "sha256:abc")
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    assert cache.load("r.io/a/b:1.0.0") is None


def test_a_file_swapped_without_its_metadata_is_a_miss(tmp_path):
    cache = DiskCache(tmp_path)
    path = cache.store("r.io/a/b:1.0.0", make_bundle(), "sha256:abc")
    other = cache.store("r.io/a/b:2.0.0", make_bundle(version="2.0.0"), "sha256:def")
    path.write_bytes(other.read_bytes())
    assert cache.load("r.io/a/b:1.0.0") is None


def test_entries_without_metadata_still_load(tmp_path):
    cache = DiskCache(tmp_path)
    path = cache.store("r.io/a/b:1.0.0", make_bundle(), "sha256:abc")
    (path.parent / "metadata.json").unlink()
    entry = cache.load("r.io/a/b:1.0.0")
    assert entry is not None and entry.digest == ""


def test_garbage_and_missing_entries_are_misses(tmp_path):
    cache = DiskCache(tmp_path)
    assert cache.load("r.io/a/b:1.0.0") is None
    path = cache.path_for("r.io/a/b:1.0.0")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage")
    assert cache.load("r.io/a/b:1.0.0") is None


def test_no_temporary_files_are_left_behind(tmp_path):
    cache = DiskCache(tmp_path)
    for _ in range(3):
        path = cache.store("r.io/a/b:1.0.0", make_bundle(), "sha256:abc")
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert json.loads((path.parent / "metadata.json").read_text())["ref"] == "r.io/a/b:1.0.0"


def test_cached_tags_of_a_repository(tmp_path):
    cache = DiskCache(tmp_path)
    cache.store("localhost:5000/a/b:1.0.0", make_bundle(), "d1")
    cache.store("localhost:5000/a/b:1.2.0", make_bundle(), "d2")
    cache.store("localhost:5000/a/b/c:9.0.0", make_bundle(), "d3")
    assert cache.tags("localhost:5000/a/b") == ["1.0.0", "1.2.0"]
    assert cache.tags("localhost:5000/none") == []


def test_a_consistent_entry_is_read_without_the_lock(tmp_path, monkeypatch):
    import pacto.oci._cache as cache_module

    cache = DiskCache(tmp_path)
    cache.store("r.io/a/b:1.0.0", make_bundle(), "sha256:abc")

    def no_lock(*args, **kwargs):
        raise AssertionError("the lock is only for pairs that do not match")

    monkeypatch.setattr(cache_module, "_locked", no_lock)
    entry = cache.load("r.io/a/b:1.0.0")
    assert entry is not None and entry.digest == "sha256:abc"


def test_a_torn_pair_is_read_again_under_the_lock(tmp_path, monkeypatch):
    """A writer replaced the archive between the two lock-free reads: the checksum does not
    match, and the locked read sees the finished pair."""
    import pacto.oci._cache as cache_module

    cache = DiskCache(tmp_path)
    path = cache.store("r.io/a/b:1.0.0", make_bundle(), "sha256:new")
    old_archive = DiskCache(tmp_path / "old").store("r.io/a/b:1.0.0", make_bundle(extra=b"o"), "x")
    real_read_pair = cache_module._read_pair
    reads = []

    def read_pair(target):
        reads.append(target)
        data, metadata = real_read_pair(target)
        return (old_archive.read_bytes(), metadata) if len(reads) == 1 else (data, metadata)

    monkeypatch.setattr(cache_module, "_read_pair", read_pair)
    entry = cache.load("r.io/a/b:1.0.0")
    assert entry is not None and entry.digest == "sha256:new" and reads == [path, path]
    assert entry.bundle.fs is not None
    assert entry.bundle.fs.read_bytes("interfaces/openapi.yaml") == b"openapi: 3.0.0\n"


def test_an_entry_without_a_checksum_is_read_under_the_lock(tmp_path):
    cache = DiskCache(tmp_path)
    path = cache.store("r.io/a/b:1.0.0", make_bundle(), "sha256:abc")
    (path.parent / "metadata.json").write_text('{"digest": "sha256:abc"}')
    entry = cache.load("r.io/a/b:1.0.0")
    assert entry is not None and entry.digest == "sha256:abc"


def test_tag_lists_round_trip_and_stay_inside_the_root(tmp_path):
    cache = DiskCache(tmp_path)
    cache.store_tags("localhost:5000/a/b", ["1.0.0", "latest"], 12.5)
    assert (tmp_path / "localhost/5000/a/b/.tags.json").is_file()
    assert cache.load_tags("localhost:5000/a/b") == (["1.0.0", "latest"], 12.5)
    assert cache.load_tags("localhost:5000/a") is None
    cache.forget_tags("localhost:5000/a/b")
    assert cache.load_tags("localhost:5000/a/b") is None
    cache.store_tags("ghcr.io/../../etc", ["1"], 1.0)
    assert not (tmp_path / ".tags.json").exists() and not (tmp_path.parent / ".tags.json").exists()
    assert cache.tags("ghcr.io/../../etc") == []
