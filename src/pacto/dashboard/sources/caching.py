"""One shared in-memory TTL cache and the caching decorator over a source (§6.7)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from pacto.dashboard.model import DiffResult, Ref, Service, ServiceDetails, Version
from pacto.dashboard.sources.base import DataSource

__all__ = ["TTL_BY_TYPE", "CachingSource", "MemoryCache", "wrap_source"]

T = TypeVar("T")

TTL_BY_TYPE = {"k8s": 10.0, "oci": 300.0, "local": 2.0}
_DEFAULT_TTL = 30.0


class MemoryCache:
    """get/set/invalidate-all with per-entry expiry; expired entries are dropped on read."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, Any]] = {}
        self.generation = 0

    def get(self, key: str) -> tuple[bool, Any]:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return False, None
            if entry[0] <= self._clock():
                del self._entries[key]
                return False, None
            return True, entry[1]

    def set(self, key: str, value: Any, ttl: float, generation: int | None = None) -> None:
        with self._lock:
            # A value computed before an invalidation must not be stored after it.
            if generation is not None and generation != self.generation:
                return
            self._entries[key] = (self._clock() + ttl, value)

    def invalidate_all(self) -> None:
        with self._lock:
            self._entries.clear()
            self.generation += 1

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


class CachingSource:
    """Caches a source's successful answers under ``<prefix><key>``; errors are never cached."""

    def __init__(self, inner: DataSource, cache: MemoryCache, ttl: float, prefix: str) -> None:
        self.inner = inner
        self._cache = cache
        self._ttl = ttl
        self._prefix = prefix

    @property
    def source_type(self) -> str:
        return self.inner.source_type

    def _cached(self, key: str, compute: Callable[[], T]) -> T:
        full = self._prefix + key
        hit, value = self._cache.get(full)
        if hit:
            return value  # type: ignore[no-any-return]
        generation = self._cache.generation
        result = compute()
        self._cache.set(full, result, self._ttl, generation)
        return result

    def list_services(self) -> list[Service]:
        return list(self._cached("services:list", self.inner.list_services))

    def get_service(self, name: str) -> ServiceDetails:
        return self._cached(f"service:{name}", lambda: self.inner.get_service(name))

    def get_versions(self, name: str) -> list[Version]:
        return list(self._cached(f"versions:{name}", lambda: self.inner.get_versions(name)))

    def get_diff(self, a: Ref, b: Ref) -> DiffResult:
        key = f"diff:{a.name}@{a.version}..{b.name}@{b.version}"
        return self._cached(key, lambda: self.inner.get_diff(a, b))


def wrap_source(source: DataSource, cache: MemoryCache) -> CachingSource:
    """Wrap with the TTL and key prefix of the source's type (k8s 10 s, oci 5 min, local 2 s)."""
    kind = source.source_type
    return CachingSource(source, cache, TTL_BY_TYPE.get(kind, _DEFAULT_TTL), f"{kind}:")
