"""Faults injected by a loopback proxy in front of the real registry: retried where safe, a
typed error otherwise, and the cache never corrupt. Also offline use and revalidation."""

from __future__ import annotations

import time

import httpx
import pytest

from pacto.contract import Bundle, MemoryFS, load_directory
from pacto.oci import (
    CachedStore,
    DiskCache,
    InvalidBundleError,
    RegistryStore,
    RegistryUnreachableError,
    collect_directory,
)
from pacto.oci._client import RegistryClient, RetryPolicy
from tests.integration.fleet import publishable_fleet
from tests.integration.proxy import FaultProxy

pytestmark = pytest.mark.integration


@pytest.fixture
def proxy(registry_noauth):
    running = FaultProxy(registry_noauth.host).start()
    yield running
    running.stop()


def _bundle(tmp_path, host, name="catalog-cache", version=None) -> Bundle:
    directory = next(
        b for b in publishable_fleet(tmp_path / f"fleet-{name}", host) if b.name == name
    )
    if version:
        text = (directory / "pacto.yaml").read_text()
        old = load_directory(directory).contract.service.version
        (directory / "pacto.yaml").write_text(
            text.replace(f"version: {old}", f"version: {version}", 1)
        )
    loaded = load_directory(directory)
    return Bundle(
        contract=loaded.contract,
        raw_yaml=loaded.raw_yaml,
        fs=MemoryFS(collect_directory(directory)),
    )


def _store(tmp_path, *, attempts=4, timeout=None, no_cache=False) -> CachedStore:
    client = RegistryClient(
        None,
        plain_http=True,
        retry=RetryPolicy(attempts=attempts, backoff=0.01, max_backoff=0.05),
        timeout=timeout or httpx.Timeout(10.0),
    )
    return CachedStore(
        RegistryStore(client),
        cache_dir=tmp_path / "cache",
        skip_disk_reads=no_cache,
        revalidate_after=0,
    )


def _entries(tmp_path):
    return (
        sorted(p for p in (tmp_path / "cache").rglob("*") if p.is_file())
        if (tmp_path / "cache").exists()
        else []
    )


def test_503s_and_resets_on_reads_are_retried(proxy, tmp_path):
    ref = f"{proxy.host}/faults/reads:1.1.0"
    _store(tmp_path / "pusher").push(ref, _bundle(tmp_path, proxy.host), force=True)
    proxy.add("GET", r"/manifests/", "status:503", times=2)
    proxy.add("GET", r"/blobs/", "reset", times=1)
    proxy.add("GET", r"/blobs/", "status:502", times=1)
    result = _store(tmp_path).fetch(ref)
    assert result.source == "registry" and result.bundle.contract.service.name == "catalog-cache"
    injected = [s for _, _, s in proxy.seen if s in (503, 502, -1)]
    assert sorted(injected) == [-1, 502, 503, 503]


def test_429_with_retry_after_is_honoured(proxy, tmp_path):
    ref = f"{proxy.host}/faults/throttled:1.1.0"
    _store(tmp_path / "pusher").push(ref, _bundle(tmp_path, proxy.host), force=True)
    proxy.add("HEAD", r"/manifests/", "status:429:0", times=1)
    assert _store(tmp_path).digest(ref).startswith("sha256:")


def test_push_survives_resets_and_errors_during_upload(proxy, tmp_path, registry_noauth):
    ref = f"{proxy.host}/faults/upload:1.1.0"
    proxy.add("PUT", r"/blobs/uploads/", "reset", times=1)
    proxy.add("POST", r"/blobs/uploads/", "status:503", times=1)
    proxy.add("PUT", r"/manifests/", "status:500", times=1)
    pushed = _store(tmp_path / "pusher").push(ref, _bundle(tmp_path, proxy.host), force=True)
    direct = _store(tmp_path / "direct").fetch(f"{registry_noauth.host}/faults/upload:1.1.0")
    assert direct.digest == pushed.digest


def test_persistent_failure_is_a_typed_error_and_caches_nothing(proxy, tmp_path):
    ref = f"{proxy.host}/faults/down:1.1.0"
    _store(tmp_path / "pusher").push(ref, _bundle(tmp_path, proxy.host), force=True)
    proxy.add("GET", r"/blobs/", "status:503", times=99)
    with pytest.raises(RegistryUnreachableError) as caught:
        _store(tmp_path, attempts=3).fetch(ref)
    assert str(caught.value).startswith(
        f"registry unreachable for {ref}: GET http://{proxy.host}/v2/faults/down/blobs/"
    )
    assert _entries(tmp_path) == []


def test_a_corrupted_layer_is_refused_and_caches_nothing(proxy, tmp_path):
    ref = f"{proxy.host}/faults/corrupt:1.1.0"
    _store(tmp_path / "pusher").push(ref, _bundle(tmp_path, proxy.host), force=True)
    proxy.add("GET", r"/blobs/", "corrupt", times=99)
    with pytest.raises(InvalidBundleError, match="digest mismatch"):
        _store(tmp_path).fetch(ref)
    assert _entries(tmp_path) == []


def test_a_slow_registry_times_out_with_a_typed_error(proxy, tmp_path):
    ref = f"{proxy.host}/faults/slow:1.1.0"
    _store(tmp_path / "pusher").push(ref, _bundle(tmp_path, proxy.host), force=True)
    proxy.add("GET", r"/manifests/", "delay:2", times=99)
    started = time.monotonic()
    with pytest.raises(RegistryUnreachableError, match="timed out"):
        _store(tmp_path, attempts=2, timeout=httpx.Timeout(0.3)).fetch(ref)
    assert time.monotonic() - started < 5


def test_offline_the_cache_serves_and_no_cache_fails(proxy, tmp_path):
    ref = f"{proxy.host}/faults/offline:1.1.0"
    _store(tmp_path / "pusher").push(ref, _bundle(tmp_path, proxy.host), force=True)
    assert _store(tmp_path).fetch(ref).source == "registry"
    proxy.stop()
    started = time.monotonic()
    assert _store(tmp_path).fetch(ref).source == "disk"
    assert _store(tmp_path).fetch(f"{proxy.host}/faults/offline").ref == ref  # tags from the cache
    assert time.monotonic() - started < 5
    with pytest.raises(RegistryUnreachableError):
        _store(tmp_path, no_cache=True, attempts=1).fetch(ref)


def test_a_repushed_tag_is_revalidated_not_served_stale(registry_noauth, tmp_path):
    ref = f"{registry_noauth.host}/faults/moving:1.1.0"
    first = _store(tmp_path / "a").push(ref, _bundle(tmp_path, registry_noauth.host), force=True)
    assert _store(tmp_path).fetch(ref).digest == first.digest
    changed = _bundle(tmp_path, registry_noauth.host, "fraud-check", version="1.1.0")
    second = _store(tmp_path / "b").push(ref, changed, force=True)
    fresh = _store(tmp_path).fetch(ref)
    assert fresh.source == "registry" and fresh.digest == second.digest != first.digest
    assert fresh.bundle.contract.service.name == "fraud-check"
    assert DiskCache(tmp_path / "cache").load(ref).digest == second.digest  # type: ignore[union-attr]


def test_no_cache_keeps_writing_the_cache(registry_noauth, tmp_path):
    ref = f"{registry_noauth.host}/faults/cold:1.1.0"
    _store(tmp_path / "a").push(ref, _bundle(tmp_path, registry_noauth.host), force=True)
    assert _store(tmp_path, no_cache=True).fetch(ref).source == "registry"
    assert DiskCache(tmp_path / "cache").load(ref) is not None
    assert _store(tmp_path, no_cache=True).fetch(ref).source == "registry"
    assert _store(tmp_path).fetch(ref).source == "disk"
