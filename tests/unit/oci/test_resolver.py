from __future__ import annotations

import pytest

from pacto.oci import (
    ArtifactNotFoundError,
    AuthenticationError,
    NoMatchingVersionError,
    ResolveMode,
    Resolver,
)
from tests.unit.oci.conftest import make_bundle


def test_local_only_never_touches_the_network(cached_store, registry_store, fake):
    registry_store.push("registry.test/acme/orders:1.0.0", make_bundle(), force=True)
    fake.log.clear()
    resolver = Resolver(cached_store)
    with pytest.raises(ArtifactNotFoundError):
        resolver.resolve("oci://registry.test/acme/orders:1.0.0", ResolveMode.LOCAL_ONLY)
    assert fake.log == []
    resolver.resolve("oci://registry.test/acme/orders:1.0.0", ResolveMode.REMOTE_ALLOWED)
    fake.log.clear()
    assert (
        resolver.resolve(
            "registry.test/acme/orders:1.0.0", ResolveMode.LOCAL_ONLY
        ).contract.service.name
        == "orders"
    )
    assert fake.log == []


def test_local_only_misses_without_a_cached_store(registry_store):
    with pytest.raises(ArtifactNotFoundError):
        Resolver(registry_store).resolve("registry.test/acme/orders:1.0.0", ResolveMode.LOCAL_ONLY)


def test_constraint_failures_become_no_matching_version(cached_store, registry_store):
    registry_store.push("registry.test/acme/orders:1.0.0", make_bundle(), force=True)
    resolver = Resolver(cached_store)
    with pytest.raises(NoMatchingVersionError):
        resolver.resolve_constrained("registry.test/acme/orders", "^2", ResolveMode.REMOTE_ALLOWED)
    with pytest.raises(ArtifactNotFoundError):
        resolver.resolve("registry.test/acme/ghost", ResolveMode.REMOTE_ALLOWED)


def test_authentication_errors_pass_through(make_client, tmp_path):
    from pacto.oci import CachedStore, RegistryStore
    from tests.unit.oci.fake_registry import FakeRegistry

    store = CachedStore(RegistryStore(make_client(FakeRegistry(auth="basic"))), cache_dir=tmp_path)
    with pytest.raises(AuthenticationError):
        Resolver(store).resolve("registry.test/acme/orders:1.0.0", ResolveMode.REMOTE_ALLOWED)


def test_versions_and_fetch_all(cached_store, registry_store, fake):
    for version in ("1.0.0", "2.0.0"):
        registry_store.push(
            f"registry.test/acme/orders:{version}", make_bundle(version=version), force=True
        )
    fake.tags["acme/orders"].append("latest")
    fake.tags["acme/orders"].append("3.0.0")  # listed but broken: skipped with a warning
    resolver = Resolver(cached_store)
    assert resolver.list_versions("oci://registry.test/acme/orders") == ["3.0.0", "2.0.0", "1.0.0"]
    assert resolver.fetch_all_versions("registry.test/acme/orders") == ["3.0.0", "2.0.0", "1.0.0"]
    assert cached_store.pull_cached("registry.test/acme/orders:2.0.0") is not None
