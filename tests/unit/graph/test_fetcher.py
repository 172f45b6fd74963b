"""The application's fetcher (``pacto.app.graph.BundleFetcher``) behind the graph's port:
local directories, the OCI store, the diff fetcher's sibling directories (05-graph.md §3.4,
03-diff.md §10)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import cast

import pytest

from pacto.app._ports import BundleStore
from pacto.app.graph import (
    BundleFetcher,
    base_dir_of,
    resolve_bundle_graph,
    resolve_diff_graphs,
)
from pacto.contract import Bundle, Range, highest_matching, load_directory
from pacto.graph import DependencyFetchError, FetchSource, diff_graphs, render_tree
from pacto.oci import (
    ArtifactNotFoundError,
    NoMatchingVersionError,
    Progress,
    PullResult,
    PushResult,
)

from .fakes import contract


class FakeStore:
    """``resolve``/``fetch`` over ``{repository: {tag: contract}}``; counts fetches."""

    def __init__(
        self, repositories: dict[str, dict[str, Bundle]], *, cached: frozenset[str] = frozenset()
    ) -> None:
        self.repositories = repositories
        self.cached = cached
        self.fetches: list[str] = []
        self.gate: threading.Event | None = None
        self._lock = threading.Lock()

    def resolve(self, reference: str, compatibility: str | None = None) -> str:
        if ":" in reference.rsplit("/", 1)[-1]:
            return reference
        tags = self.repositories.get(reference, {})
        chosen = highest_matching(tags, Range(compatibility) if compatibility else None)
        if chosen is None:
            raise NoMatchingVersionError(
                reference, compatibility or "", f'no tags satisfy constraint "{compatibility}"'
            )
        return f"{reference}:{chosen}"

    def list_tags(self, repository: str) -> list[str]:
        return list(self.repositories.get(repository, {}))

    def fetch(self, reference: str, *, progress: Progress | None = None) -> PullResult:
        with self._lock:
            self.fetches.append(reference)
        if self.gate is not None:
            self.gate.wait(5)
        repository, _, tag = reference.rpartition(":")
        found = self.repositories.get(repository, {}).get(tag)
        if found is None:
            raise ArtifactNotFoundError(reference, "manifest unknown")
        return PullResult(
            ref=reference,
            digest="sha256:" + "0" * 64,
            bundle=found,
            source="disk" if reference in self.cached else "registry",
        )

    def pull(self, reference: str) -> Bundle:
        return self.fetch(self.resolve(reference)).bundle

    def push(
        self, reference: str, bundle: Bundle, *, force: bool, progress: Progress | None = None
    ) -> PushResult:
        raise NotImplementedError


def bundle(name: str, version: str = "1.0.0", deps: tuple[str, ...] = ()) -> Bundle:
    return Bundle(contract=contract(name, version, deps))


def write(directory: Path, name: str, version: str = "1.0.0", deps: str = "") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "pacto.yaml").write_text(
        f'pactoVersion: "1.0"\nservice: {{name: {name}, version: {version}}}\n{deps}'
    )
    return directory


def test_an_untagged_oci_ref_gets_the_highest_tag_of_its_range() -> None:
    store = FakeStore(
        {
            "r.io/x": {
                "1.0.0": bundle("x", "1.0.0"),
                "1.4.0": bundle("x", "1.4.0"),
                "2.0.0": bundle("x", "2.0.0"),
            }
        }
    )
    fetched = BundleFetcher(store).fetch("oci://r.io/x", compatibility="^1.0.0", base_dir=None)
    assert fetched.identity == "oci://r.io/x:1.4.0"
    assert fetched.base_dir is None and fetched.source is FetchSource.REGISTRY
    assert fetched.contract is not None and fetched.contract.service.version == "1.4.0"


def test_a_version_miss_reads_like_the_graph_chapter() -> None:
    store = FakeStore({"r.io/x": {"1.0.0": bundle("x")}})
    with pytest.raises(DependencyFetchError, match=r'^no tags satisfy constraint "\^2.0.0"$'):
        BundleFetcher(store).fetch("oci://r.io/x", compatibility="^2.0.0", base_dir=None)


def test_registry_errors_pass_through_with_their_text() -> None:
    with pytest.raises(ArtifactNotFoundError, match=r"^artifact not found: r\.io/x:9 "):
        BundleFetcher(FakeStore({})).fetch("oci://r.io/x:9", compatibility="", base_dir=None)


def test_without_a_store_oci_refs_fail_with_the_reference_text() -> None:
    with pytest.raises(
        DependencyFetchError, match=r"^OCI store not configured \(cannot fetch oci://r.io/x:1\)$"
    ):
        BundleFetcher(None).fetch("oci://r.io/x:1", compatibility="", base_dir=None)


def test_cache_hits_are_reported_as_such() -> None:
    store = FakeStore({"r.io/x": {"1.0.0": bundle("x")}}, cached=frozenset({"r.io/x:1.0.0"}))
    fetched = BundleFetcher(store).fetch("oci://r.io/x:1.0.0", compatibility="", base_dir=None)
    assert fetched.source is FetchSource.CACHE


def test_one_concrete_reference_is_pulled_once_even_when_asked_for_concurrently() -> None:
    store = FakeStore({"r.io/x": {"1.0.0": bundle("x")}})
    store.gate = threading.Event()
    fetcher = BundleFetcher(store)
    results = []
    threads = [
        threading.Thread(
            target=lambda ref=ref: results.append(
                fetcher.fetch(ref, compatibility="^1", base_dir=None)
            )
        )
        for ref in ("oci://r.io/x", "oci://r.io/x:1.0.0", "oci://r.io/x")
    ]
    for thread in threads:
        thread.start()
    store.gate.set()
    for thread in threads:
        thread.join()
    assert store.fetches == ["r.io/x:1.0.0"]
    assert sorted(r.source for r in results) == [
        FetchSource.CACHE,
        FetchSource.CACHE,
        FetchSource.REGISTRY,
    ]


def test_a_failed_pull_fails_every_waiter() -> None:
    fetcher = BundleFetcher(FakeStore({}))
    for _ in range(2):
        with pytest.raises(ArtifactNotFoundError):
            fetcher.fetch("oci://r.io/none:1", compatibility="", base_dir=None)


def test_local_refs_load_relative_to_the_declaring_directory(tmp_path: Path) -> None:
    write(tmp_path / "team" / "db", "db")
    fetched = BundleFetcher(None).fetch(
        "file://./db", compatibility="", base_dir=str(tmp_path / "team")
    )
    assert fetched.identity == fetched.base_dir == str(tmp_path / "team" / "db")
    assert fetched.source is FetchSource.LOCAL


def test_local_load_failures_use_the_reference_texts(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "file").write_text("x")
    fetcher = BundleFetcher(None)
    base = str(tmp_path)
    with pytest.raises(Exception, match=f"^failed to access {tmp_path / 'gone'}: "):
        fetcher.fetch("gone", compatibility="", base_dir=base)
    with pytest.raises(Exception, match=f"^no pacto.yaml found in {tmp_path / 'empty'}$"):
        fetcher.fetch("empty", compatibility="", base_dir=base)
    with pytest.raises(Exception, match=f"^{tmp_path / 'file'} is not a directory$"):
        fetcher.fetch("./file", compatibility="", base_dir=base)


def test_an_empty_ref_is_refused_rather_than_loading_the_declaring_directory() -> None:
    with pytest.raises(DependencyFetchError, match=r"^empty dependency ref$"):
        BundleFetcher(None).fetch("file://", compatibility="", base_dir="/fleet/api")


def test_a_relative_ref_declared_in_an_oci_bundle_is_refused() -> None:
    with pytest.raises(DependencyFetchError, match="declared inside an OCI bundle"):
        BundleFetcher(None).fetch("../db", compatibility="", base_dir=None)


def test_the_diff_fetcher_prefers_a_loadable_sibling_directory(tmp_path: Path) -> None:
    write(tmp_path / "payments", "payments", "9.9.9")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "pacto.yaml").write_text("service: [")
    store = FakeStore(
        {
            "r.io/acme/payments": {"1.0.0": bundle("payments")},
            "r.io/acme/broken": {"1.0.0": bundle("broken")},
        }
    )
    fetcher = BundleFetcher(store, sibling_dir=str(tmp_path))
    sibling = fetcher.fetch("oci://r.io/acme/payments:1.0.0", compatibility="", base_dir=None)
    assert sibling.contract is not None and sibling.contract.service.version == "9.9.9"
    assert sibling.source is FetchSource.LOCAL
    fallback = fetcher.fetch("oci://r.io/acme/broken:1.0.0", compatibility="", base_dir=None)
    assert fallback.source is FetchSource.REGISTRY
    assert fallback.identity == "oci://r.io/acme/broken:1.0.0"
    # Only oci:// refs are redirected; local refs never look for siblings.
    assert store.fetches == ["r.io/acme/broken:1.0.0"]


def test_base_dir_of_local_and_oci_arguments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "svc", "svc")
    assert base_dir_of("svc") == str(tmp_path / "svc")
    assert base_dir_of("file://svc/") == str(tmp_path / "svc")
    assert base_dir_of("svc/pacto.yaml") == str(tmp_path / "svc")
    assert base_dir_of("oci://r.io/x:1") is None


def test_resolve_bundle_graph_resolves_the_root_directory(tmp_path: Path) -> None:
    root = write(
        tmp_path / "api",
        "api",
        deps="dependencies:\n  - {name: db, ref: ../db, compatibility: '*'}\n",
    )
    write(tmp_path / "db", "db")
    result = resolve_bundle_graph(None, load_directory(root), str(root))
    assert render_tree(result) == "api@1.0.0\n└─ db@1.0.0 [local]\n"


def test_resolve_diff_graphs_redirects_only_the_new_side_to_siblings(tmp_path: Path) -> None:
    declares = (
        "dependencies:\n"
        "  - {name: payments, ref: 'oci://r.io/acme/payments:1.0.0', compatibility: '^1'}\n"
    )
    new_root = write(tmp_path / "new" / "checkout", "checkout", "1.1.0", declares)
    write(tmp_path / "new" / "payments", "payments", "1.1.0")
    old_root = write(tmp_path / "old" / "checkout", "checkout", "1.0.0", declares)
    write(tmp_path / "old" / "payments", "payments", "7.7.7")
    store = FakeStore({"r.io/acme/payments": {"1.0.0": bundle("payments")}})
    old, new = resolve_diff_graphs(
        store, load_directory(old_root), str(old_root), load_directory(new_root), str(new_root)
    )
    change = diff_graphs(old, new).changes[0]
    assert (change.name, change.old_version, change.new_version) == ("payments", "1.0.0", "1.1.0")


class PullOnlyStore:
    """The bare ``BundleStore`` port, optionally with ``list_tags``."""

    def __init__(self, repositories: dict[str, dict[str, Bundle]]) -> None:
        self.repositories = repositories

    def list_tags(self, repository: str) -> list[str]:
        return list(self.repositories[repository])

    def pull(self, reference: str) -> Bundle:
        repository, _, tag = reference.rpartition(":")
        return self.repositories[repository][tag]


def test_a_store_without_resolve_or_fetch_still_serves_the_graph() -> None:
    store = PullOnlyStore(
        {"r.io/x": {"1.2.0": bundle("x", "1.2.0"), "2.0.0": bundle("x", "2.0.0")}}
    )
    # Deliberately partial (no resolve/fetch/push): the fetcher must complete the port itself.
    fetcher = BundleFetcher(cast(BundleStore, store))
    fetched = fetcher.fetch("oci://r.io/x", compatibility="^1.0.0", base_dir=None)
    assert (fetched.identity, fetched.source) == ("oci://r.io/x:1.2.0", FetchSource.REGISTRY)
    pinned = fetcher.fetch("oci://r.io/x:2.0.0", compatibility="^1.0.0", base_dir=None)
    assert pinned.contract is not None and pinned.contract.service.version == "2.0.0"
    with pytest.raises(DependencyFetchError, match=r'^no tags satisfy constraint "\^3"$'):
        fetcher.fetch("oci://r.io/x", compatibility="^3", base_dir=None)
