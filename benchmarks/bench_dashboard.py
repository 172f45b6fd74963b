"""Issue 7 targets, measured against ``pacto dashboard`` running as a real process:

* a generated fleet of 1,000 services in a local directory, 200 of which are also published
  to a loopback registry (``docker-registry``) in 5 versions each and passed as ``oci://``
  repositories (so the OCI source discovers, prefetches and classifies them);
* after warm-up (discovery finished), 8 concurrent clients: ``/api/services`` p95 ≤ 50 ms and
  ``/api/graph`` p95 ≤ 150 ms;
* dashboard RSS ≤ 300 MB;
* the time from process start to the first complete service list, reported.

Run: ``.venv/bin/python -m benchmarks.bench_dashboard`` (or ``benchmarks/run bench_dashboard``).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from benchmarks._table import print_table

SERVICES = 1000
PUBLISHED = 200
VERSIONS = ("1.0.0", "1.1.0", "1.2.0", "2.0.0", "2.1.0")
CLIENTS = 8
REQUESTS_PER_CLIENT = 40


def name(index: int) -> str:
    return f"svc-{index:04d}"


def contract(index: int, version: str) -> str:
    """A realistic small, valid contract: two interfaces, runtime, scaling, metadata and up to
    three dependencies on lower-numbered services (a DAG, so blast radii are real)."""
    lines = [
        'pactoVersion: "1.0"',
        "service:",
        f"  name: {name(index)}",
        f"  version: {version}",
        f"  owner: team-{index % 25}",
        "  image:",
        f"    ref: ghcr.io/acme/{name(index)}:{version}",
        "interfaces:",
        "  - name: rest",
        "    type: http",
        f"    port: {8000 + index % 100}",
        "    visibility: internal",
        "  - name: admin",
        "    type: http",
        f"    port: {9000 + index % 100}",
        "runtime:",
        "  workload: service",
        "  state:",
        "    type: stateless",
        "    persistence: {scope: local, durability: ephemeral}",
        "    dataCriticality: low",
        "  lifecycle: {upgradeStrategy: rolling, gracefulShutdownSeconds: 30}",
        "  health: {interface: rest, path: /healthz}",
        "scaling: {min: 2, max: 6}",
        "metadata:",
        f"  tier: tier-{index % 3}",
        "  domain: bench",
    ]
    deps = [d for d in (index // 2, index // 3, index - 7) if 0 <= d < index]
    if deps:
        lines.append("dependencies:")
        for k, dep in enumerate(dict.fromkeys(deps)):
            lines += [
                f"  - name: {name(dep)}",
                f"    ref: ../{name(dep)}",
                f"    required: {'true' if k == 0 else 'false'}",
                '    compatibility: "^2.0.0"',
            ]
    return "\n".join(lines) + "\n"


def write_fleet(root: Path) -> None:
    for index in range(SERVICES):
        directory = root / name(index)
        directory.mkdir(parents=True)
        (directory / "pacto.yaml").write_text(contract(index, VERSIONS[-1]))


def publish(host: str, namespace: str, env: dict[str, str]) -> None:
    from pacto.contract import Bundle, MemoryFS, parse
    from pacto.oci import build_default_store

    store = build_default_store(env).inner
    jobs = []
    for index in range(PUBLISHED):
        for version in VERSIONS:
            raw = contract(index, version).encode()
            bundle = Bundle(contract=parse(raw), raw_yaml=raw, fs=MemoryFS({"pacto.yaml": raw}))
            jobs.append((f"{host}/{namespace}/{name(index)}:{version}", bundle))
    try:
        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(lambda job: store.push(job[0], job[1], force=True), jobs))
    finally:
        store.close()


def rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident set size of ``pid`` in MiB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[94]


def load(base: str, path: str) -> list[float]:
    """``CLIENTS`` concurrent clients, each ``REQUESTS_PER_CLIENT`` sequential requests."""
    samples: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS)

    def client() -> None:
        with httpx.Client(base_url=base, timeout=60) as http:
            http.get(path)
            barrier.wait()
            for _ in range(REQUESTS_PER_CLIENT):
                start = time.perf_counter()
                response = http.get(path)
                elapsed = time.perf_counter() - start
                response.raise_for_status()
                with lock:
                    samples.append(elapsed)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def main() -> None:
    from tests.integration.registry import free_port, start_registry

    work = Path(tempfile.mkdtemp(prefix="pacto-bench-dashboard-"))
    registry: Any = None
    process: subprocess.Popen[bytes] | None = None
    try:
        home = work / "home"
        env = {
            "HOME": str(home),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PACTO_NO_UPDATE_CHECK": "1",
        }
        fleet = work / "fleet"
        write_fleet(fleet)
        registry = start_registry(work / "registry")
        publish(registry.host, "bench", {**env, "HOME": str(work / "publisher")})
        port = free_port()
        repos = ",".join(f"{registry.host}/bench/{name(i)}" for i in range(PUBLISHED))
        base = f"http://127.0.0.1:{port}"
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "pacto", "dashboard", str(fleet), "--port", str(port)],
            env={**env, "PACTO_DASHBOARD_REPO": repos},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        first_list = None
        with httpx.Client(base_url=base, timeout=120) as http:
            while first_list is None:
                if process.poll() is not None:
                    raise SystemExit("the dashboard exited during start-up")
                try:
                    services = http.get("/api/services").json()
                except httpx.HTTPError:
                    time.sleep(0.05)
                    continue
                with_oci = sum("oci" in s.get("sources", []) for s in services)
                if len(services) == SERVICES and with_oci == PUBLISHED:
                    first_list = time.perf_counter() - started
                else:
                    time.sleep(0.05)
            deadline = time.monotonic() + 300
            while http.get("/api/sources").json()["discovering"] and time.monotonic() < deadline:
                time.sleep(0.2)
            discovered = time.perf_counter() - started
            versions = http.get(f"/api/services/{name(3)}/versions").json()
            enriched = sum(1 for v in versions if v.get("contractHash"))
            http.get("/api/graph")
        services_samples = load(base, "/api/services")
        graph_samples = load(base, "/api/graph")
        rss, peak = rss_mb(process.pid)
        list_p95 = p95(services_samples) * 1000
        graph_p95 = p95(graph_samples) * 1000
        print_table(
            f"dashboard: {SERVICES} local services, {PUBLISHED} in a loopback registry x "
            f"{len(VERSIONS)} versions, {CLIENTS} concurrent clients",
            [
                ("time to first full service list", f"{first_list:.2f} s", "report", "-"),
                ("time until OCI discovery + prefetch done", f"{discovered:.2f} s", "report", "-"),
                (
                    f"versions of {name(3)} with hash (of {len(VERSIONS)})",
                    str(enriched),
                    str(len(VERSIONS)),
                    "yes" if enriched == len(VERSIONS) else "NO",
                ),
                (
                    "/api/services p50",
                    f"{statistics.median(services_samples) * 1000:.1f} ms",
                    "-",
                    "-",
                ),
                (
                    "/api/services p95",
                    f"{list_p95:.1f} ms",
                    "<= 50 ms",
                    "yes" if list_p95 <= 50 else "NO",
                ),
                ("/api/graph p50", f"{statistics.median(graph_samples) * 1000:.1f} ms", "-", "-"),
                (
                    "/api/graph p95",
                    f"{graph_p95:.1f} ms",
                    "<= 150 ms",
                    "yes" if graph_p95 <= 150 else "NO",
                ),
                (
                    "dashboard RSS (current / peak)",
                    f"{rss:.0f} / {peak:.0f} MB",
                    "<= 300 MB",
                    "yes" if peak <= 300 else "NO",
                ),
            ],
        )
    finally:
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if registry is not None:
            registry.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
