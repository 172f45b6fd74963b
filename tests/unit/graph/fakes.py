"""An in-memory :class:`~pacto.graph.ContractFetcher` and contract builders for graph tests."""

from __future__ import annotations

import os.path
import threading
from collections import Counter
from collections.abc import Callable, Iterable

from pacto.contract import (
    Bundle,
    ConfigurationSource,
    Contract,
    Dependency,
    PolicySource,
    Range,
    ServiceIdentity,
    highest_matching,
    parse_dependency_ref,
    parse_oci_reference,
)
from pacto.graph import (
    DependencyFetchError,
    FetchedBundle,
    FetchSource,
    has_explicit_tag,
    local_path,
)


def dep(ref: str, compatibility: str = "", *, required: bool = False, name: str = "") -> Dependency:
    return Dependency(ref=ref, compatibility=compatibility, required=required, name=name)


def contract(
    name: str,
    version: str = "1.0.0",
    deps: Iterable[Dependency | str] = (),
    *,
    configurations: Iterable[str] = (),
    policies: Iterable[str] = (),
) -> Contract:
    return Contract(
        pacto_version="1.0",
        service=ServiceIdentity(name=name, version=version),
        dependencies=tuple(d if isinstance(d, Dependency) else dep(d) for d in deps),
        configurations=tuple(
            ConfigurationSource(name=f"c{i}", ref=ref) for i, ref in enumerate(configurations)
        ),
        policies=tuple(PolicySource(name=f"p{i}", ref=ref) for i, ref in enumerate(policies)),
    )


class FakeFetcher:
    """Registry repositories (``registry/repo`` → tag → contract) and local directories
    (absolute path → contract), served with the semantics of the application's fetcher.

    Thread-safe; counts fetches per identity. ``before_fetch(ref)`` runs first in every call
    (tests use it to delay or block particular refs). ``cached`` identities report
    :attr:`FetchSource.CACHE`.
    """

    def __init__(
        self,
        *,
        registry: dict[str, dict[str, Contract]] | None = None,
        local: dict[str, Contract] | None = None,
        failures: dict[str, str] | None = None,
        cached: Iterable[str] = (),
        before_fetch: Callable[[str], object] | None = None,
    ) -> None:
        self.registry = registry or {}
        self.local = local or {}
        self.failures = failures or {}
        self.cached = set(cached)
        self.before_fetch = before_fetch
        self.calls: Counter[str] = Counter()
        self.identities: Counter[str] = Counter()
        self._lock = threading.Lock()

    def fetch(self, ref: str, *, compatibility: str, base_dir: str | None) -> FetchedBundle:
        with self._lock:
            self.calls[ref] += 1
        if self.before_fetch is not None:
            self.before_fetch(ref)
        if ref in self.failures:
            raise DependencyFetchError(self.failures[ref], ref=ref)
        parsed = parse_dependency_ref(ref)
        if parsed.is_local():
            directory = local_path(parsed.location, base_dir)
            if directory is None:
                raise DependencyFetchError(f"relative local ref {ref} inside an OCI bundle")
            found = self.local.get(directory)
            if found is None:
                raise DependencyFetchError(f"failed to access {directory}: no such directory")
            return self._fetched(found, directory, directory, FetchSource.LOCAL)
        location = parsed.location
        if not has_explicit_tag(location):
            tags = self.registry.get(location)
            if tags is None:
                raise DependencyFetchError(f"artifact not found: {location}")
            rng = Range.parse(compatibility) if compatibility else None
            tag = highest_matching(tags, rng)
            if tag is None:
                raise DependencyFetchError(f'no tags satisfy constraint "{compatibility}"')
            location = f"{location}:{tag}"
        reference = parse_oci_reference(location)
        versions = self.registry.get(reference.repository_ref, {})
        found = versions.get(reference.digest or reference.tag)
        if found is None:
            raise DependencyFetchError(f"artifact not found: {location}")
        identity = "oci://" + location
        source = FetchSource.CACHE if identity in self.cached else FetchSource.REGISTRY
        return self._fetched(found, identity, None, source)

    def _fetched(
        self, found: Contract, identity: str, base_dir: str | None, source: FetchSource
    ) -> FetchedBundle:
        with self._lock:
            self.identities[identity] += 1
        return FetchedBundle(
            bundle=Bundle(contract=found, origin=identity),
            identity=identity,
            base_dir=base_dir,
            source=source,
        )


def root_at(directory: str, root: Contract) -> FetchedBundle:
    """``root`` as a local bundle living in ``directory``."""
    path = os.path.normpath(directory)
    return FetchedBundle(
        bundle=Bundle(contract=root), identity=path, base_dir=path, source=FetchSource.LOCAL
    )
