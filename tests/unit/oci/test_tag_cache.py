"""Stored tag lists: a warm process resolves versions without listing tags, while every tag it
serves from the cache is still revalidated (a re-pushed tag is never served stale)."""

from __future__ import annotations

import json

import pytest

from pacto.oci import (
    DEFAULT_TAGS_TTL,
    ArtifactNotFoundError,
    CachedStore,
    DiskCache,
    RegistryStore,
    build_default_store,
)
from tests.unit.oci.conftest import make_bundle

REPO = "registry.test/acme/orders"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _process(registry_store: RegistryStore, tmp_path, clock: Clock, **options) -> CachedStore:
    """A store as a new process builds it (empty memory, same disk cache)."""
    options.setdefault("revalidate_after", 0)
    return CachedStore(registry_store, cache_dir=tmp_path / "oci", wall_clock=clock, **options)


def _publish(registry_store: RegistryStore, *versions: str, extra: bytes = b"") -> None:
    for version in versions:
        registry_store.push(
            f"{REPO}:{version}", make_bundle(version=version, extra=extra), force=True
        )


def _requests(fake) -> list[str]:
    return [f"{method} {url.split('/v2/', 1)[1]}" for method, url in fake.log]


def test_a_warm_process_resolves_from_the_stored_list_and_only_heads_the_tag(
    registry_store, tmp_path, fake, clock
):
    _publish(registry_store, "1.0.0", "1.1.0")
    _process(registry_store, tmp_path, clock).fetch(REPO)
    fake.log.clear()
    clock.now += DEFAULT_TAGS_TTL - 1
    warm = _process(registry_store, tmp_path, clock)
    result = warm.fetch(REPO)
    assert result.ref == f"{REPO}:1.1.0" and result.source == "disk"
    assert _requests(fake) == ["HEAD acme/orders/manifests/1.1.0"]
    assert warm.resolve(REPO, "~1.0") == f"{REPO}:1.0.0"


def test_a_repushed_tag_picked_from_the_stored_list_is_not_served_stale(
    registry_store, tmp_path, fake, clock
):
    _publish(registry_store, "1.0.0", "1.1.0")
    first = _process(registry_store, tmp_path, clock).fetch(REPO)
    _publish(registry_store, "1.1.0", extra=b"changed: true\n")
    result = _process(registry_store, tmp_path, clock).fetch(REPO)
    assert result.source == "registry" and result.digest != first.digest
    assert result.bundle.fs is not None
    assert b"changed" in result.bundle.fs.read_bytes("interfaces/openapi.yaml")


def test_the_stored_list_expires_after_the_ttl(registry_store, tmp_path, fake, clock):
    _publish(registry_store, "1.0.0")
    _process(registry_store, tmp_path, clock).fetch(REPO)
    _publish(registry_store, "1.2.0")  # published by someone else
    assert _process(registry_store, tmp_path, clock).resolve(REPO) == f"{REPO}:1.0.0"
    clock.now += DEFAULT_TAGS_TTL
    fake.log.clear()
    assert _process(registry_store, tmp_path, clock).resolve(REPO) == f"{REPO}:1.2.0"
    assert _requests(fake) == ["GET acme/orders/tags/list"]


def test_a_list_from_the_future_is_not_trusted(registry_store, tmp_path, fake, clock):
    _publish(registry_store, "1.0.0")
    _process(registry_store, tmp_path, clock).resolve(REPO)
    clock.now -= 3600  # the clock went back
    fake.log.clear()
    _process(registry_store, tmp_path, clock).resolve(REPO)
    assert _requests(fake) == ["GET acme/orders/tags/list"]


@pytest.mark.parametrize("options", [{"tags_ttl": 0}, {"skip_disk_reads": True}])
def test_no_stored_lists_with_a_zero_ttl_or_no_cache(
    registry_store, tmp_path, fake, clock, options
):
    _publish(registry_store, "1.0.0")
    _process(registry_store, tmp_path, clock, **options).resolve(REPO)
    fake.log.clear()
    _process(registry_store, tmp_path, clock, **options).resolve(REPO)
    assert _requests(fake) == ["GET acme/orders/tags/list"]


def test_no_cache_still_writes_the_list_for_later_runs(registry_store, tmp_path, fake, clock):
    _publish(registry_store, "1.0.0")
    _process(registry_store, tmp_path, clock, skip_disk_reads=True).resolve(REPO)
    fake.log.clear()
    _process(registry_store, tmp_path, clock).resolve(REPO)
    assert fake.log == []


def test_a_deleted_tag_drops_the_stored_list_and_resolution_moves_on(
    registry_store, tmp_path, fake, clock
):
    _publish(registry_store, "1.0.0", "1.1.0")
    _process(registry_store, tmp_path, clock).fetch(REPO)
    del fake.manifests[("acme/orders", "1.1.0")]
    fake.tags["acme/orders"].remove("1.1.0")
    result = _process(registry_store, tmp_path, clock).fetch(REPO)
    assert result.ref == f"{REPO}:1.0.0"
    assert DiskCache(tmp_path / "oci").load_tags(REPO) == (["1.0.0"], clock.now)


def test_a_tag_missing_everywhere_is_still_not_found(registry_store, tmp_path, fake, clock):
    _publish(registry_store, "1.0.0")
    _process(registry_store, tmp_path, clock).fetch(REPO)
    del fake.manifests[("acme/orders", "1.0.0")]  # still listed, manifest gone
    with pytest.raises(ArtifactNotFoundError):
        _process(registry_store, tmp_path, clock).fetch(REPO)


def test_a_push_through_the_store_takes_part_in_resolution_at_once(
    registry_store, tmp_path, fake, clock
):
    _publish(registry_store, "1.0.0")
    store = _process(registry_store, tmp_path, clock)
    assert store.resolve(REPO) == f"{REPO}:1.0.0"
    store.push(f"{REPO}:1.3.0", make_bundle(version="1.3.0"), force=True)
    assert store.resolve(REPO) == f"{REPO}:1.3.0"
    assert _process(registry_store, tmp_path, clock).resolve(REPO) == f"{REPO}:1.3.0"


def test_the_list_is_stored_beside_the_tags_and_damage_is_a_miss(
    registry_store, tmp_path, fake, clock
):
    _publish(registry_store, "1.0.0")
    _process(registry_store, tmp_path, clock).fetch(REPO)
    stored = tmp_path / "oci/registry.test/acme/orders/.tags.json"
    assert json.loads(stored.read_text()) == {
        "repository": REPO,
        "listedAt": clock.now,
        "tags": ["1.0.0"],
    }
    assert DiskCache(tmp_path / "oci").tags(REPO) == ["1.0.0"]  # not taken for a tag
    stored.write_text("{not json")
    fake.log.clear()
    _process(registry_store, tmp_path, clock).resolve(REPO)
    assert _requests(fake) == ["GET acme/orders/tags/list"]


def test_the_ttl_comes_from_the_environment(tmp_path):
    def ttl(value: str | None) -> float:
        env = {"HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
        if value is not None:
            env["PACTO_TAG_CACHE_TTL"] = value
        store = build_default_store(env)
        store.close()
        return store._tags_ttl

    assert ttl(None) == DEFAULT_TAGS_TTL == 60.0
    assert ttl("5") == 5.0 and ttl("0") == 0.0
    assert ttl("soon") == ttl("-1") == ttl("inf") == DEFAULT_TAGS_TTL
