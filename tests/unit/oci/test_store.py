"""CachedStore semantics: memory, disk, revalidation, offline use, --no-cache, push coherence,
version resolution."""

from __future__ import annotations

import pytest

from pacto.oci import (
    ArtifactNotFoundError,
    CachedStore,
    DiskCache,
    NoMatchingVersionError,
    RegistryStore,
    RegistryUnreachableError,
)
from tests.unit.oci.conftest import make_bundle

REF = "registry.test/acme/orders:1.0.0"


def _new_store(registry_store: RegistryStore, tmp_path, **options) -> CachedStore:
    options.setdefault("revalidate_after", 0)
    return CachedStore(registry_store, cache_dir=tmp_path / "oci", **options)


def test_pull_writes_the_disk_cache_at_upstreams_path(cached_store, registry_store, tmp_path):
    registry_store.push(REF, make_bundle(), force=True)
    result = cached_store.fetch(REF)
    assert result.source == "registry"
    assert (tmp_path / "oci/registry.test/acme/orders/1.0.0/bundle.tar.gz").is_file()
    assert cached_store.cache_dir() == str(tmp_path / "oci")


def test_second_process_is_served_from_disk_after_one_head(registry_store, tmp_path, fake):
    registry_store.push(REF, make_bundle(), force=True)
    _new_store(registry_store, tmp_path).fetch(REF)
    fake.log.clear()
    result = _new_store(registry_store, tmp_path).fetch(REF)
    assert result.source == "disk"
    assert [method for method, _ in fake.log] == ["HEAD"]


def test_a_repushed_tag_is_never_served_stale(registry_store, tmp_path):
    registry_store.push(REF, make_bundle(), force=True)
    first = _new_store(registry_store, tmp_path).fetch(REF)
    moved = registry_store.push(REF, make_bundle(extra=b"changed: true\n"), force=True)
    result = _new_store(registry_store, tmp_path).fetch(REF)
    assert result.source == "registry" and result.digest == moved.digest != first.digest
    assert result.bundle.fs is not None
    assert b"changed" in result.bundle.fs.read_bytes("interfaces/openapi.yaml")
    assert _new_store(registry_store, tmp_path).fetch(REF).source == "disk"


def test_memory_entries_are_revalidated_once_older_than_the_window(registry_store, tmp_path, fake):
    now = [0.0]
    store = _new_store(registry_store, tmp_path, revalidate_after=5.0, clock=lambda: now[0])
    registry_store.push(REF, make_bundle(), force=True)
    store.fetch(REF)
    fake.log.clear()
    assert store.fetch(REF).source == "memory" and fake.log == []
    registry_store.push(REF, make_bundle(extra=b"v2: 1\n"), force=True)
    now[0] = 6.0
    assert store.fetch(REF).source == "registry"


def test_offline_the_cached_copy_is_served(registry_store, tmp_path, fake):
    registry_store.push(REF, make_bundle(), force=True)
    _new_store(registry_store, tmp_path).fetch(REF)
    fake.fail("HEAD", r"/manifests/", times=99, status=503)
    fake.fail("GET", r".*", times=99, status=503)
    assert _new_store(registry_store, tmp_path).fetch(REF).source == "disk"


def test_offline_untagged_refs_resolve_from_cached_tags(registry_store, tmp_path, fake):
    registry_store.push(REF, make_bundle(), force=True)
    registry_store.push("registry.test/acme/orders:1.2.0", make_bundle(version="1.2.0"), force=True)
    warm = _new_store(registry_store, tmp_path)
    warm.fetch(REF)
    warm.fetch("registry.test/acme/orders:1.2.0")
    fake.fail("GET", r".*", times=99, status=503)
    fake.fail("HEAD", r".*", times=99, status=503)
    result = _new_store(registry_store, tmp_path).fetch("registry.test/acme/orders")
    assert result.ref == "registry.test/acme/orders:1.2.0" and result.source == "disk"


def test_a_deleted_tag_is_not_served_from_cache(registry_store, tmp_path, fake):
    registry_store.push(REF, make_bundle(), force=True)
    _new_store(registry_store, tmp_path).fetch(REF)
    del fake.manifests[("acme/orders", "1.0.0")]
    with pytest.raises(ArtifactNotFoundError):
        _new_store(registry_store, tmp_path).fetch(REF)


def test_no_cache_skips_disk_reads_but_keeps_writing(registry_store, tmp_path, fake):
    registry_store.push(REF, make_bundle(), force=True)
    cold = _new_store(registry_store, tmp_path, skip_disk_reads=True)
    assert cold.fetch(REF).source == "registry"
    path = DiskCache(tmp_path / "oci").path_for(REF)
    before = path.stat().st_mtime_ns
    path.unlink()
    assert (
        _new_store(registry_store, tmp_path, skip_disk_reads=True).fetch(REF).source == "registry"
    )
    assert path.is_file()  # written again although reads are off
    fake.fail("GET", r".*", times=99, status=503)
    fake.fail("HEAD", r".*", times=99, status=503)
    with pytest.raises(RegistryUnreachableError):
        _new_store(registry_store, tmp_path, skip_disk_reads=True).fetch(REF)
    assert before > 0


def test_disable_cache_clears_memory_and_stops_disk_reads(cached_store, registry_store, fake):
    registry_store.push(REF, make_bundle(), force=True)
    cached_store.fetch(REF)
    cached_store.disable_cache()
    fake.log.clear()
    assert cached_store.fetch(REF).source == "registry"
    assert cached_store.pull_cached(REF) is not None  # memory again, after the pull


def test_push_replaces_the_cached_copy(cached_store, registry_store, tmp_path):
    cached_store.push(REF, make_bundle(), force=True)
    result = cached_store.push(REF, make_bundle(extra=b"new: 1\n"), force=True)
    entry = DiskCache(tmp_path / "oci").load(REF)
    assert entry is not None and entry.digest == result.digest
    assert _new_store(registry_store, tmp_path).fetch(REF).source == "disk"


def test_pull_cached_never_touches_the_network(cached_store, registry_store, fake):
    assert cached_store.pull_cached(REF) is None
    assert fake.log == []


def test_untagged_resolves_to_the_highest_semver_tag(cached_store, registry_store):
    for version in ("1.0.0", "1.10.0", "1.9.0"):
        registry_store.push(
            f"registry.test/acme/orders:{version}", make_bundle(version=version), force=True
        )
    registry_store.push(
        "registry.test/acme/orders:latest", make_bundle(version="9.9.9"), force=True
    )
    assert (
        cached_store.fetch("registry.test/acme/orders").bundle.contract.service.version == "1.10.0"
    )
    assert (
        cached_store.resolve("oci://registry.test/acme/orders", "~1.9")
        == "registry.test/acme/orders:1.9.0"
    )
    assert (
        cached_store.resolve("registry.test/acme/orders:latest", "^5")
        == "registry.test/acme/orders:latest"
    )
    with pytest.raises(NoMatchingVersionError):
        cached_store.resolve("registry.test/acme/orders", "^2")


def test_tags_are_listed_once_per_process(cached_store, registry_store, fake):
    registry_store.push(REF, make_bundle(), force=True)
    cached_store.list_tags("registry.test/acme/orders")
    fake.log.clear()
    assert cached_store.list_tags("registry.test/acme/orders") == ["1.0.0"]
    assert fake.log == []


def test_no_semver_tags(cached_store, registry_store):
    registry_store.push("registry.test/acme/orders:latest", make_bundle(), force=True)
    with pytest.raises(NoMatchingVersionError, match="no semver tags found"):
        cached_store.pull("registry.test/acme/orders")


def test_failed_pulls_leave_nothing_in_the_cache(cached_store, registry_store, fake, tmp_path):
    registry_store.push(REF, make_bundle(), force=True)
    fake.fail("GET", r"/blobs/", times=99, status=500)
    with pytest.raises(RegistryUnreachableError):
        cached_store.fetch(REF)
    assert not (tmp_path / "oci").exists() or not list((tmp_path / "oci").rglob("bundle.tar.gz"))
    assert cached_store.pull_cached(REF) is None
