"""The local, cache and OCI sources and the caching decorator (§6)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from pacto.dashboard.errors import ServiceNotFoundError
from pacto.dashboard.model import ContractStatus, Ref
from pacto.dashboard.sources.cache import CacheSource
from pacto.dashboard.sources.caching import CachingSource, MemoryCache, wrap_source
from pacto.dashboard.sources.local import LocalSource
from pacto.dashboard.sources.oci import OCISource, dependency_repositories
from tests.unit.dashboard.fakes import (
    FakeSource,
    FakeStore,
    contract_yaml,
    fake_differ,
    make_bundle,
)


def write_bundle(directory: Path, text: str, files: dict[str, str] | None = None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "pacto.yaml").write_text(text)
    for name, content in (files or {}).items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(content)
    return directory


# -- local ---------------------------------------------------------------------------------


def test_local_source_lists_root_and_subdirectories_and_skips_broken_bundles(tmp_path):
    write_bundle(tmp_path / "b", contract_yaml("beta"))
    write_bundle(tmp_path / "a", contract_yaml("alpha"))
    write_bundle(tmp_path / "broken", "service: [unterminated")
    (tmp_path / "empty").mkdir()
    source = LocalSource(tmp_path)
    services = source.list_services()
    assert [(s.name, s.source, s.contract_status) for s in services] == [
        ("alpha", "local", ContractStatus.COMPLIANT),
        ("beta", "local", ContractStatus.COMPLIANT),
    ]
    assert [v.version for v in source.get_versions("alpha")] == ["1.0.0"]


def test_local_source_keeps_the_first_bundle_per_name_root_first(tmp_path):
    write_bundle(tmp_path, contract_yaml("svc", "2.0.0"))
    write_bundle(tmp_path / "copy", contract_yaml("svc", "1.0.0"))
    assert LocalSource(tmp_path).get_service("svc").version == "2.0.0"


def test_local_source_notices_edits(tmp_path):
    path = write_bundle(tmp_path / "a", contract_yaml("alpha", "1.0.0")) / "pacto.yaml"
    source = LocalSource(tmp_path, rescan_after=0)
    assert source.get_service("alpha").version == "1.0.0"
    path.write_text(contract_yaml("alpha", "1.1.0"))
    assert source.get_service("alpha").version == "1.1.0"


def test_local_source_invalid_contract_is_non_compliant_with_validation_details(tmp_path):
    write_bundle(
        tmp_path / "bad", contract_yaml("bad") + "interfaces:\n  - name: x\n    type: http\n"
    )
    details = LocalSource(tmp_path).get_service("bad")
    assert details.contract_status == ContractStatus.NON_COMPLIANT
    assert details.validation is not None and not details.validation.valid


def test_local_source_unknown_service_and_unreadable_root(tmp_path):
    with pytest.raises(ServiceNotFoundError, match=f'service "x" not found in {tmp_path}'):
        LocalSource(tmp_path).get_service("x")
    from pacto.dashboard.errors import SourceError

    with pytest.raises(SourceError, match="reading directory"):
        LocalSource(tmp_path / "missing").list_services()


def test_local_diff_uses_the_bundles_named_on_both_sides(tmp_path):
    write_bundle(tmp_path / "a", contract_yaml("a", "1.0.0"))
    write_bundle(tmp_path / "b", contract_yaml("b", "2.0.0"))
    result = LocalSource(tmp_path, differ=fake_differ).get_diff(Ref(name="a"), Ref(name="b"))
    assert result.classification == "BREAKING"
    with pytest.raises(ServiceNotFoundError, match='loading "zzz"'):
        LocalSource(tmp_path, differ=fake_differ).get_diff(Ref(name="zzz"), Ref(name="a"))


# -- cache ---------------------------------------------------------------------------------


def materialise(cache_dir: Path, ref: str, text: str) -> Path:
    """Write a bundle the way the CachedStore does (layout and metadata.json)."""
    import json

    from pacto.oci import bundle_files, pack_files

    bundle = make_bundle(text)
    path = cache_dir.joinpath(*ref.replace(":", "/").split("/"), "bundle.tar.gz")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pack_files(bundle_files(bundle)))
    (path.parent / "metadata.json").write_text(json.dumps({"ref": ref}))
    return path


def test_cache_source_groups_by_service_name_and_labels_everything_oci(tmp_path):
    materialise(tmp_path, "ghcr.io/acme/orders-pacto:1.0.0", contract_yaml("orders", "1.0.0"))
    materialise(tmp_path, "ghcr.io/acme/orders-pacto:2.0.0", contract_yaml("orders", "2.0.0"))
    materialise(tmp_path, "localhost:5000/acme/pay:1.1.0", contract_yaml("pay", "1.1.0"))
    (tmp_path / "junk" / "x").mkdir(parents=True)
    (tmp_path / "junk" / "x" / "bundle.tar.gz").write_bytes(b"not a tarball")
    cache = CacheSource(tmp_path, differ=fake_differ)
    assert (cache.service_count(), cache.version_count()) == (2, 3)
    services = cache.list_services()
    assert [(s.name, s.version, s.source) for s in services] == [
        ("orders", "2.0.0", "oci"),
        ("pay", "1.1.0", "oci"),
    ]
    versions = cache.get_versions("orders")
    assert [(v.version, v.ref, v.classification) for v in versions] == [
        ("2.0.0", "ghcr.io/acme/orders-pacto:2.0.0", "BREAKING"),
        ("1.0.0", "ghcr.io/acme/orders-pacto:1.0.0", ""),
    ]
    assert len(versions[0].contract_hash) == 64 and versions[0].created_at is not None
    assert cache.get_versions("pay")[0].ref == "localhost:5000/acme/pay:1.1.0"


def test_cache_source_rescan_picks_up_new_bundles_and_diffs_versions(tmp_path):
    cache = CacheSource(tmp_path, differ=fake_differ)
    assert cache.service_count() == 0
    materialise(tmp_path, "r.io/a/svc:1.0.0", contract_yaml("svc", "1.0.0"))
    materialise(tmp_path, "r.io/a/svc:1.1.0", contract_yaml("svc", "1.1.0"))
    cache.rescan()
    result = cache.get_diff(Ref(name="svc", version="1.0.0"), Ref(name="svc", version="1.1.0"))
    assert result.classification == "NON_BREAKING"
    with pytest.raises(ServiceNotFoundError, match=r'version "9\.9\.9" of "svc" not found'):
        cache.get_diff(Ref(name="svc", version="9.9.9"), Ref(name="svc", version="1.0.0"))


def test_cache_source_rejects_archives_with_path_traversal(tmp_path):
    import io
    import tarfile

    target = tmp_path / "r.io" / "evil" / "1.0.0"
    target.mkdir(parents=True)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in (("pacto.yaml", contract_yaml("evil").encode()), ("../escape", b"x")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    (target / "bundle.tar.gz").write_bytes(buffer.getvalue())
    assert CacheSource(tmp_path).service_count() == 0
    assert not (tmp_path / "r.io" / "evil" / "escape").exists()


# -- oci -----------------------------------------------------------------------------------


def fleet_store() -> FakeStore:
    store = FakeStore()
    store.add(
        "r.io/acme/web",
        make_bundle(contract_yaml("web", "1.0.0", deps=[("oci://r.io/acme/api:1.0.0", True)])),
    )
    store.add(
        "r.io/acme/api",
        make_bundle(contract_yaml("api", "1.0.0", deps=[("oci://r.io/acme/auth", True)])),
    )
    store.add(
        "r.io/acme/api",
        make_bundle(contract_yaml("api", "1.1.0", deps=[("oci://r.io/acme/auth", True)])),
    )
    store.add("r.io/acme/auth", make_bundle(contract_yaml("auth", "2.0.0")))
    return store


def test_dependency_repositories_follow_only_oci_refs_without_tags():
    bundle = make_bundle(
        contract_yaml(
            "x",
            deps=[
                ("oci://r.io/a/b:1.0.0", True),
                ("../local", True),
                ("oci://r.io/a/c@sha256:ab", True),
            ],
        )
    )
    assert dependency_repositories(bundle) == ["r.io/a/b", "r.io/a/c"]


def test_shallow_scan_lists_configured_repositories_synchronously():
    source = OCISource(fleet_store(), ["oci://r.io/acme/web"], rediscover_interval=3600)
    try:
        # The configured repository is there on the first answer (deep discovery may already
        # have added its dependencies in the background).
        assert "web" in [s.name for s in source.list_services()]
        assert source.get_service("web").source == "oci"
    finally:
        source.close()


def test_invariant_7_oci_discovery_is_continuous_and_ends_discovering_after_first_cycle():
    store = fleet_store()
    source = OCISource(store, ["r.io/acme/web"], rediscover_interval=0.05)
    try:
        assert not source.discovering()
        source.list_services()
        deadline = time.monotonic() + 10
        while source.discovering() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not source.discovering()
        # Deep discovery went breadth-first through web -> api -> auth.
        assert [s.name for s in source.list_services()] == ["api", "auth", "web"]
        # Prefetch pulled every semver tag, including api's older 1.0.0.
        assert "r.io/acme/api:1.0.0" in store.pulls
        # Rediscovery keeps running: a repository published later is found by a later cycle.
        cycles = source.cycles
        while source.cycles < cycles + 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert source.cycles >= cycles + 2
    finally:
        source.close()


def test_a_failing_repository_is_skipped_and_reported():
    from pacto.oci import RegistryUnreachableError

    store = fleet_store()
    store.fail_repos["r.io/acme/web"] = RegistryUnreachableError(
        "r.io/acme/web", "connection refused"
    )
    source = OCISource(store, ["r.io/acme/web", "r.io/acme/auth"], rediscover_interval=3600)
    try:
        assert [s.name for s in source.list_services()] == ["auth"]
        assert "connection refused" in source.error()
    finally:
        source.close()


def test_oci_versions_are_semver_tags_enriched_from_the_cache(tmp_path):
    store = fleet_store()
    store.repos["r.io/acme/api"]["latest"] = store.repos["r.io/acme/api"]["1.1.0"]
    materialise(tmp_path, "r.io/acme/api:1.0.0", contract_yaml("api", "1.0.0"))
    materialise(tmp_path, "r.io/acme/api:1.1.0", contract_yaml("api", "1.1.0"))
    source = OCISource(store, ["r.io/acme/api"], rediscover_interval=3600)
    source.set_cache(CacheSource(tmp_path, differ=fake_differ))
    try:
        versions = source.get_versions("api")
    finally:
        source.close()
    assert [(v.version, v.ref, v.classification) for v in versions] == [
        ("1.1.0", "r.io/acme/api:1.1.0", "NON_BREAKING"),
        ("1.0.0", "r.io/acme/api:1.0.0", ""),
    ]
    assert all(v.contract_hash for v in versions)


def test_oci_repository_lookup_by_last_segment_and_unknown_names():
    source = OCISource(fleet_store(), ["r.io/acme/auth"], rediscover_interval=3600)
    assert source.get_service("auth").version == "2.0.0"
    with pytest.raises(ServiceNotFoundError, match="not found in configured OCI repositories"):
        source.get_service("nope")


def test_oci_diff_pulls_both_versions():
    source = OCISource(fleet_store(), ["r.io/acme/api"], differ=fake_differ)
    result = source.get_diff(Ref(name="api", version="1.0.0"), Ref(name="api", version="1.1.0"))
    assert result.classification == "NON_BREAKING"


# -- caching decorator ---------------------------------------------------------------------


def test_caching_source_caches_successes_per_key_with_the_type_ttl():
    now = [0.0]
    cache = MemoryCache(clock=lambda: now[0])
    inner = FakeSource("local").add("a", version="1")
    wrapped = wrap_source(inner, cache)
    assert isinstance(wrapped, CachingSource)
    wrapped.list_services()
    wrapped.list_services()
    assert inner.calls.count("list") == 1
    now[0] = 2.5  # local TTL is 2 s
    wrapped.list_services()
    assert inner.calls.count("list") == 2
    wrapped.get_service("a")
    cache.invalidate_all()
    wrapped.get_service("a")
    assert inner.calls.count("get:a") == 2


def test_caching_source_never_caches_errors():
    inner = FakeSource("k8s", fail="boom")
    wrapped = wrap_source(inner, MemoryCache())
    for _ in range(2):
        with pytest.raises(Exception, match="boom"):
            wrapped.list_services()
    assert inner.calls.count("list") == 2


def test_a_value_computed_before_an_invalidation_is_not_stored():
    cache = MemoryCache()
    inner = FakeSource("oci").add("a")
    release = threading.Event()
    original = inner.list_services

    def slow():
        release.wait(5)
        return original()

    inner.list_services = slow  # type: ignore[method-assign]
    wrapped = wrap_source(inner, cache)
    thread = threading.Thread(target=wrapped.list_services)
    thread.start()
    cache.invalidate_all()
    release.set()
    thread.join()
    assert len(cache) == 0
