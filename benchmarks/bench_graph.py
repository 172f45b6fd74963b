"""Issue 5 targets, on a synthetic 200-service fleet (depth 6, fan-out 3, shared dependencies)
in a loopback registry: cold ``pacto graph`` ≤ 2 s and ≥ 5 times faster than the same resolution
forced sequential (``--jobs 1``); warm (disk cache) ≤ 0.3 s.

A warm run still sends one ``HEAD`` per cached tag (issue 4: a re-pushed tag is never served
stale); version ranges resolve from the tag lists kept on disk for ``PACTO_TAG_CACHE_TTL``
seconds, so it lists no tags. The extra rows show a warm run without the kept lists, and what
a warm run asks of a registry that is 10 ms away.

The fleet is also what ``tests/integration/test_graph_registry.py`` resolves. Every service is
published in two versions (1.0.0 and 1.1.0); dependencies are untagged ``oci://`` refs with
``compatibility: ^1.0.0``, so each one costs a tag listing plus a pull and resolves to 1.1.0.
"""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from benchmarks._table import median, print_table

LAYERS = (1, 3, 9, 27, 60, 100)
"""Services per level: 200 in all, six levels; from level 4 on, parents share children."""
FAN_OUT = 3
VERSIONS = ("1.0.0", "1.1.0")


def service_name(level: int, index: int) -> str:
    return f"svc-{level}-{index:03d}"


def fleet_documents(ref_host: str, namespace: str) -> dict[str, dict[str, bytes]]:
    """``{service name: {version: pacto.yaml}}``; dependencies point at ``ref_host``."""
    fleet: dict[str, dict[str, bytes]] = {}
    for level, size in enumerate(LAYERS):
        for index in range(size):
            name = service_name(level, index)
            lines = ['pactoVersion: "1.0"', "service:", f"  name: {name}", "  version: {v}"]
            if level + 1 < len(LAYERS):
                below = LAYERS[level + 1]
                lines.append("dependencies:")
                for k in range(FAN_OUT):
                    child = service_name(level + 1, (FAN_OUT * index + k) % below)
                    lines += [
                        f"  - name: {child}",
                        f"    ref: oci://{ref_host}/{namespace}/{child}",
                        '    compatibility: "^1.0.0"',
                        f"    required: {'true' if k == 0 else 'false'}",
                    ]
            text = "\n".join(lines) + "\n"
            fleet[name] = {v: text.replace("{v}", v).encode() for v in VERSIONS}
    return fleet


def root_ref(host: str, namespace: str) -> str:
    return f"oci://{host}/{namespace}/{service_name(0, 0)}"


def push_fleet(store: Any, registry_host: str, ref_host: str, namespace: str) -> int:
    """Push every version of every service to ``registry_host`` (``store`` is best a bare
    ``RegistryStore``: a ``CachedStore`` would also write each bundle to its disk cache);
    returns the bundle count."""
    from pacto.contract import Bundle, MemoryFS, parse

    jobs = []
    for name, versions in fleet_documents(ref_host, namespace).items():
        for version, raw in versions.items():
            bundle = Bundle(contract=parse(raw), raw_yaml=raw, fs=MemoryFS({"pacto.yaml": raw}))
            jobs.append((f"{registry_host}/{namespace}/{name}:{version}", bundle))
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda job: store.push(job[0], job[1], force=True), jobs))
    return len(jobs)


class CountingProxy:
    """A loopback HTTP proxy in front of a registry that counts every request it forwards
    (``(method, path)`` → count) and can add a fixed delay to each, to stand in for a
    registry across a network. Stopped by :meth:`stop`."""

    def __init__(self, upstream: str, *, delay: float = 0.0) -> None:
        self.upstream = upstream
        self.delay = delay
        self.requests: Counter[tuple[str, str]] = Counter()
        self._lock = threading.Lock()
        self._local = threading.local()
        self._connections: list[http.client.HTTPConnection] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.host = f"127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        with self._lock:
            for connection in self._connections:
                connection.close()

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()

    def paths(self, method: str) -> Counter[str]:
        """How often each path was requested with ``method``."""
        with self._lock:
            return Counter({p: n for (m, p), n in self.requests.items() if m == method})

    def _forward(self, method: str, path: str, headers: dict[str, str], body: bytes | None) -> Any:
        connection = getattr(self._local, "connection", None)
        for attempt in range(2):
            if connection is None:
                connection = http.client.HTTPConnection(self.upstream, timeout=30)
                self._local.connection = connection
                with self._lock:
                    self._connections.append(connection)
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                return response, response.read()
            except (ConnectionError, http.client.HTTPException):
                connection.close()
                connection = self._local.connection = None
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                return None

            def _relay(self) -> None:
                with proxy._lock:
                    proxy.requests[(self.command, self.path)] += 1
                if proxy.delay:
                    time.sleep(proxy.delay)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
                response, content = proxy._forward(self.command, self.path, headers, body)
                self.send_response(response.status)
                for key, value in response.getheaders():
                    if key.lower() not in _HOP and key.lower() != "content-length":
                        self.send_header(key, value)
                size = response.getheader("Content-Length") if self.command == "HEAD" else None
                self.send_header("Content-Length", size or str(len(content)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(content)

            do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = _relay  # noqa: N815 - http.server's handler names

        return Handler


_HOP = {"connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade", "te"}


def hermetic_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PACTO_", "XDG_"))}
    env.update(
        HOME=str(home),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_CONFIG_HOME=str(home / "config"),
        PACTO_NO_UPDATE_CHECK="1",
    )
    return env


@dataclass
class _Run:
    seconds: float
    stdout: str
    stderr: str


def _cli(args: list[str], env: Mapping[str, str]) -> _Run:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pacto", *args], env=dict(env), capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"pacto {' '.join(args)} failed:\n{done.stderr}")
    return _Run(seconds, done.stdout, done.stderr)


def _in_process(ref: str, env: Mapping[str, str], *, jobs: int, service: Any = None) -> float:
    """Seconds for one ``Service.graph``; a fresh service (empty memory cache) unless given."""
    from pacto.app.graph import GraphOptions
    from pacto.bootstrap import build_service

    service = service or build_service(env)
    start = time.perf_counter()
    service.graph(GraphOptions(path=ref, max_workers=jobs))
    return time.perf_counter() - start


@dataclass
class Fleet:
    ref: str
    """The fleet's root, refs straight to the registry."""
    slow_ref: str
    """The same fleet published again with refs through a proxy that adds latency."""
    proxy: CountingProxy
    env: dict[str, str]
    cache: Path

    def wipe(self) -> None:
        shutil.rmtree(self.cache, ignore_errors=True)


@contextmanager
def loopback_fleet(latency: float = 0.010) -> Iterator[Fleet]:
    """A registry with the fleet pushed twice (direct refs, and refs through a proxy adding
    ``latency`` seconds per request), and a hermetic environment with an empty cache."""
    from tests.integration.registry import start_registry

    from pacto.oci import build_default_store

    scratch = Path(tempfile.mkdtemp(prefix="pacto-bench-graph-"))
    registry = start_registry(scratch / "registry")
    proxy = CountingProxy(registry.host, delay=latency)
    try:
        env = hermetic_env(scratch / "home")
        store = build_default_store(env).inner
        push_fleet(store, registry.host, registry.host, "bench")
        push_fleet(store, registry.host, proxy.host, "bench-slow")
        store.close()
        fleet = Fleet(
            ref=root_ref(registry.host, "bench"),
            slow_ref=root_ref(proxy.host, "bench-slow"),
            proxy=proxy,
            env=env,
            cache=scratch / "home" / "cache",
        )
        fleet.wipe()
        yield fleet
    finally:
        proxy.stop()
        registry.stop()
        shutil.rmtree(scratch, ignore_errors=True)


def _pair(
    fleet: Fleet, runs: int, measure: Callable[[int], float], *, warm: bool = False
) -> tuple[float, float, float]:
    """Medians of (concurrent cold, sequential cold, concurrent warm) over ``runs``."""
    concurrent, sequential, warmed = [], [], []
    for _ in range(runs):
        fleet.wipe()
        concurrent.append(measure(16))
        if warm:
            warmed.append(measure(16))
        fleet.wipe()
        sequential.append(measure(1))
    return median(concurrent), median(sequential), median(warmed) if warm else float("nan")


def main() -> None:
    runs = int(os.environ.get("BENCH_RUNS", "5"))
    with loopback_fleet() as fleet:
        env = fleet.env
        baseline = median([_seconds([sys.executable, "-c", "pass"], env) for _ in range(runs)])
        summary = _cli(["graph", fleet.ref], env).stderr.strip()

        def cli(jobs: int) -> float:
            return _cli(["graph", fleet.ref, "--jobs", str(jobs)], env).seconds

        def in_process(jobs: int) -> float:
            return _in_process(fleet.ref, env, jobs=jobs)

        def slow_cli(jobs: int) -> float:
            return _cli(["graph", fleet.slow_ref, "--jobs", str(jobs)], env).seconds

        cli_cold, cli_seq, cli_warm = _pair(fleet, runs, cli, warm=True)
        cold, seq, warm = _pair(fleet, runs, in_process, warm=True)
        slow_cold, slow_seq, _ = _pair(fleet, max(1, runs // 2), slow_cli)

        from pacto.bootstrap import build_service

        service = build_service(env)
        _in_process(fleet.ref, env, jobs=16, service=service)
        memory = median(
            [_in_process(fleet.ref, env, jobs=16, service=service) for _ in range(runs)]
        )
        delay_ms = fleet.proxy.delay * 1000

        # Warm, without the stored tag lists: every repository is listed again (one GET per
        # dependency on top of its HEAD), as before tag lists were kept on disk.
        unlisted = dict(env, PACTO_TAG_CACHE_TTL="0")
        _in_process(fleet.ref, unlisted, jobs=16)
        warm_unlisted = median([_in_process(fleet.ref, unlisted, jobs=16) for _ in range(runs)])

        # Warm through the latency proxy: what a warm run asks a registry across a network.
        _cli(["graph", fleet.slow_ref], env)
        fleet.proxy.reset()
        slow_warm = median([_cli(["graph", fleet.slow_ref], env).seconds for _ in range(runs)])
        heads = sum(fleet.proxy.paths("HEAD").values()) // runs
        listings = sum(n for p, n in fleet.proxy.paths("GET").items() if "/tags/" in p) // runs

    print_table(
        "pacto graph: 200-service fleet (depth 6, fan-out 3, shared), loopback registry, "
        f"medians of {runs} runs\n{summary}",
        [
            ("python -c pass", _ms(baseline), "", ""),
            (
                "cold pacto graph (new process, empty cache)",
                _ms(cli_cold),
                "<= 2000 ms",
                _ok(cli_cold <= 2),
            ),
            ("  same, --jobs 1 (sequential)", _ms(cli_seq), "", ""),
            (
                "  ratio sequential / concurrent",
                _x(cli_seq / cli_cold),
                ">= 5x",
                _ok(cli_seq / cli_cold >= 5),
            ),
            (
                "warm pacto graph (new process, disk cache)",
                _ms(cli_warm),
                "<= 300 ms",
                _ok(cli_warm <= 0.3),
            ),
            ("cold resolution (in process, empty cache)", _ms(cold), "", ""),
            ("  same, sequential", _ms(seq), "", ""),
            ("  ratio sequential / concurrent", _x(seq / cold), "", ""),
            ("warm resolution (in process, disk cache)", _ms(warm), "", ""),
            ("  same, tag lists not kept (PACTO_TAG_CACHE_TTL=0)", _ms(warm_unlisted), "", ""),
            ("warm resolution (same process, memory cache)", _ms(memory), "", ""),
            (
                f"warm pacto graph, +{delay_ms:.0f} ms per request (proxy)",
                _ms(slow_warm),
                "",
                "",
            ),
            (f"  requests per warm run: {heads} HEAD, {listings} tag lists", "", "", ""),
            (f"cold pacto graph, +{delay_ms:.0f} ms per request (proxy)", _ms(slow_cold), "", ""),
            ("  same, --jobs 1 (sequential)", _ms(slow_seq), "", ""),
            ("  ratio sequential / concurrent", _x(slow_seq / slow_cold), "", ""),
        ],
    )


def _seconds(argv: list[str], env: Mapping[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=dict(env), capture_output=True, check=False)
    return time.perf_counter() - start


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _x(ratio: float) -> str:
    return f"{ratio:.1f}x"


def _ok(passed: bool) -> str:
    return "yes" if passed else "NO"


if __name__ == "__main__":
    main()
