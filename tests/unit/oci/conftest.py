from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pacto.contract import Bundle, MemoryFS, parse
from pacto.oci import CachedStore, Credential, Keychain, RegistryStore
from pacto.oci._client import RegistryClient, RetryPolicy
from tests.unit.oci.fake_registry import PASSWORD, USER, FakeRegistry

CONTRACT = """pactoVersion: "1.0"
service:
  name: {name}
  version: {version}
  owner: team/core
interfaces:
  - name: api
    type: http
    port: 8080
    contract: interfaces/openapi.yaml
"""


def make_bundle(name: str = "orders", version: str = "1.0.0", extra: bytes = b"") -> Bundle:
    raw = CONTRACT.format(name=name, version=version).encode()
    files = {
        "pacto.yaml": raw,
        "interfaces/openapi.yaml": b"openapi: 3.0.0\n" + extra,
        "docs/README.md": b"# docs\n",
    }
    return Bundle(contract=parse(raw), raw_yaml=raw, fs=MemoryFS(files), origin="test")


class StaticSource:
    name = "static"

    def __init__(self, credential: Credential | None) -> None:
        self.credential = credential

    def lookup(self, registry: str) -> Credential | None:
        return self.credential


@pytest.fixture
def fake() -> FakeRegistry:
    return FakeRegistry()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def make_client(sleeps: list[float]) -> Iterator[Callable[..., RegistryClient]]:
    clients: list[RegistryClient] = []

    def build(
        registry: FakeRegistry, credential: Credential | None = None, **options: Any
    ) -> RegistryClient:
        options.setdefault("retry", RetryPolicy(attempts=3, backoff=0.01))
        client = RegistryClient(
            Keychain([StaticSource(credential)]),
            transport=registry.transport(),
            sleep=sleeps.append,
            **options,
        )
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.close()


@pytest.fixture
def basic_credential() -> Credential:
    return Credential.basic(USER, PASSWORD)


@pytest.fixture
def registry_store(fake: FakeRegistry, make_client: Callable[..., RegistryClient]) -> RegistryStore:
    return RegistryStore(make_client(fake))


@pytest.fixture
def cached_store(registry_store: RegistryStore, tmp_path: Path) -> CachedStore:
    return CachedStore(registry_store, cache_dir=tmp_path / "oci", revalidate_after=0)
