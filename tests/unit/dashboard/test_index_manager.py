"""The service index's rebuild policy: served while fresh, rebuilt in the background when stale,
and rebuilt on a worker's own thread when discovery reports new data (``rebuild_now``)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from pacto.dashboard.index import IndexManager, ServiceIndex


class Builds:
    """A build function that records the threads it ran on and can be made to wait."""

    def __init__(self) -> None:
        self.threads: list[str] = []
        self.inside: threading.Event | None = None
        self.release: threading.Event | None = None

    def __call__(self) -> ServiceIndex:
        self.threads.append(threading.current_thread().name)
        if self.inside is not None and self.release is not None:
            self.inside.set()
            assert self.release.wait(10)
        return ServiceIndex()


def test_rebuild_now_builds_on_the_calling_thread_and_requests_keep_the_old_index() -> None:
    builds = Builds()
    manager = IndexManager(builds, ttl=60)
    first = manager.get()
    assert builds.threads == [threading.current_thread().name]
    builds.inside, builds.release = threading.Event(), threading.Event()
    worker = threading.Thread(target=manager.rebuild_now, name="discovery")
    worker.start()
    assert builds.inside.wait(10)
    assert manager.get() is first  # served meanwhile; no second rebuild started
    builds.release.set()
    worker.join(10)
    assert builds.threads == [threading.current_thread().name, "discovery"]
    assert manager.get() is not first  # fresh now, served without another build
    assert len(builds.threads) == 2


def test_rebuild_now_never_waits_for_a_build_that_waits_for_it() -> None:
    # A request builds the index; the build asks a source, whose answer triggers rebuild_now
    # (discovery's callback) and waits for it: blocking there would deadlock.
    manager: IndexManager
    nested_done = threading.Event()

    def build() -> ServiceIndex:
        if threading.current_thread().name != "pacto-index":
            with ThreadPoolExecutor(1) as pool:
                pool.submit(manager.rebuild_now).result(timeout=10)
            nested_done.set()
        return ServiceIndex()

    manager = IndexManager(build, ttl=60)
    manager.get()
    assert nested_done.is_set()
    # The nested call marked the index stale and left the rebuild to a background thread.
    for thread in threading.enumerate():
        if thread.name == "pacto-index":
            thread.join(10)
    assert manager.peek() is not None
