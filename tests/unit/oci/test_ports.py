"""The stores satisfy the application's ``BundleStore`` port, and the graph fetcher uses its
``resolve``/``fetch`` directly."""

from __future__ import annotations

from pacto.app._ports import BundleStore
from pacto.app.graph import BundleFetcher
from pacto.graph import FetchSource
from pacto.oci import CachedStore, RegistryStore
from tests.unit.oci.conftest import make_bundle

REF = "registry.test/acme/orders"


def test_both_stores_are_bundle_stores(registry_store, cached_store):
    assert isinstance(registry_store, BundleStore)
    assert isinstance(cached_store, BundleStore)


def test_fetch_and_push_results_carry_what_the_port_promises(cached_store):
    pushed = cached_store.push(f"{REF}:1.0.0", make_bundle(), force=True)
    assert (pushed.ref, pushed.pushed, pushed.name, pushed.version) == (
        f"{REF}:1.0.0",
        True,
        "orders",
        "1.0.0",
    )
    fetched = cached_store.fetch(REF)
    assert (fetched.ref, fetched.digest, fetched.source) == (
        f"{REF}:1.0.0",
        pushed.digest,
        "memory",
    )
    assert fetched.bundle.contract.service.name == "orders"


def test_the_graph_fetcher_resolves_and_fetches_through_the_cached_store(
    registry_store: RegistryStore, tmp_path, fake
):
    for version in ("1.0.0", "1.1.0", "2.0.0"):
        registry_store.push(f"{REF}:{version}", make_bundle(version=version), force=True)

    def fetch_in_new_process() -> tuple[str, FetchSource]:
        store = CachedStore(registry_store, cache_dir=tmp_path / "oci")
        fetched = BundleFetcher(store).fetch(f"oci://{REF}", compatibility="^1.0.0", base_dir=None)
        return fetched.identity, fetched.source

    assert fetch_in_new_process() == (f"oci://{REF}:1.1.0", FetchSource.REGISTRY)
    fake.log.clear()
    assert fetch_in_new_process() == (f"oci://{REF}:1.1.0", FetchSource.CACHE)
    assert [method for method, _ in fake.log] == ["HEAD"]
