"""The ``local`` source: bundles in a directory and its immediate subdirectories (§6.2).

Each bundle is parsed and validated once and memoised under a signature of the files it reads
(``pacto.yaml`` and the interface, schema and policy files it names), so repeated listings
cost one ``stat`` per file. First bundle per service name wins, the root first (beyond the
reference, which could list duplicates).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pacto.contract import CONTRACT_FILE, Bundle, ContractError, load_directory
from pacto.dashboard.bundle_view import BundleView, describe_bundle
from pacto.dashboard.classify import BundleDiffer, compute_diff
from pacto.dashboard.errors import DiffUnavailableError, ServiceNotFoundError, SourceError
from pacto.dashboard.model import DiffResult, Ref, Service, ServiceDetails, Version

__all__ = ["LocalSource"]

log = logging.getLogger(__name__)

_Signature = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True, slots=True)
class _Entry:
    signature: _Signature
    bundle: Bundle
    view: BundleView


def _stat(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (-1, -1)
    return (st.st_mtime_ns, st.st_size)


def _referenced_files(bundle: Bundle) -> list[str]:
    contract = bundle.contract
    files = [i.contract for i in contract.interfaces if i.contract]
    for config in contract.effective_configurations():
        files.append(config.schema)
    for policy in contract.effective_policies():
        files.extend((policy.schema, policy.ref))
    return [f for f in files if f and ".." not in f.split("/") and not f.startswith("/")]


class LocalSource:
    """Serves the bundles under ``root`` (the root itself and its immediate subdirectories)."""

    source_type = "local"

    def __init__(
        self,
        root: str | os.PathLike[str],
        *,
        differ: BundleDiffer | None = None,
        rescan_after: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.root = Path(root)
        self._differ = differ
        self._lock = threading.Lock()
        self._entries: dict[Path, _Entry] = {}
        self._rescan_after = rescan_after
        self._clock = clock
        self._snapshot: tuple[float, dict[str, _Entry]] | None = None

    def _signature(self, directory: Path, files: list[str]) -> _Signature:
        return tuple(
            (name, *_stat(directory.joinpath(*name.split("/")))) for name in (CONTRACT_FILE, *files)
        )

    def _load(self, directory: Path) -> _Entry | None:
        with self._lock:
            entry = self._entries.get(directory)
        if entry is not None:
            files = [name for name, _, _ in entry.signature[1:]]
            if self._signature(directory, files) == entry.signature:
                return entry
        if not (directory / CONTRACT_FILE).is_file():
            with self._lock:
                self._entries.pop(directory, None)
            return None
        try:
            bundle = load_directory(directory)
        except ContractError as exc:
            log.debug("skipping unparseable bundle dir=%s error=%s", directory, exc)
            return None
        entry = _Entry(
            signature=self._signature(directory, _referenced_files(bundle)),
            bundle=bundle,
            view=describe_bundle(bundle, self.source_type),
        )
        with self._lock:
            self._entries[directory] = entry
        return entry

    def _scan(self) -> dict[str, _Entry]:
        """Name → bundle; one directory walk serves every lookup within ``rescan_after``
        seconds (an index rebuild looks up each service once)."""
        now = self._clock()
        snapshot = self._snapshot
        if snapshot is not None and now - snapshot[0] < self._rescan_after:
            return snapshot[1]
        by_name = self._walk()
        self._snapshot = (now, by_name)
        return by_name

    def _walk(self) -> dict[str, _Entry]:
        try:
            children = sorted(
                (p for p in self.root.iterdir() if p.is_dir() and not p.name.startswith(".")),
                key=lambda p: p.name,
            )
        except OSError as exc:
            raise SourceError(f"reading directory {self.root}: {exc}", source="local") from exc
        by_name: dict[str, _Entry] = {}
        for directory in (self.root, *children):
            entry = self._load(directory)
            if entry is not None:
                by_name.setdefault(entry.view.service.name, entry)
        return by_name

    def list_services(self) -> list[Service]:
        entries = self._scan()
        return [entries[name].view.service for name in sorted(entries)]

    def _entry(self, name: str) -> _Entry:
        entry = self._scan().get(name)
        if entry is None:
            raise ServiceNotFoundError(f'service "{name}" not found in {self.root}', name=name)
        return entry

    def get_service(self, name: str) -> ServiceDetails:
        return self._entry(name).view.details

    def get_versions(self, name: str) -> list[Version]:
        return [Version(version=self._entry(name).view.service.version)]

    def bundle(self, name: str) -> Bundle:
        """The on-disk bundle of ``name`` (raises :class:`ServiceNotFoundError`)."""
        return self._entry(name).bundle

    def get_diff(self, a: Ref, b: Ref) -> DiffResult:
        if self._differ is None:
            raise DiffUnavailableError("the contract diff engine is not available")
        bundles = []
        for ref in (a, b):
            try:
                bundles.append(self.bundle(ref.name))
            except ServiceNotFoundError as exc:
                raise ServiceNotFoundError(f'loading "{ref.name}": {exc}', name=ref.name) from exc
        return compute_diff(self._differ, a, b, bundles[0], bundles[1])
