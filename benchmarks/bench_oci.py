"""OCI benchmark: push and pull of the examples fleet against a loopback registry (sequential
vs concurrent), one pull next to ``skopeo copy`` of the same artifact, and ``pacto validate``
of an ``oci://`` ref warm from the cache next to the same bundle as a local directory.

Run: ``.venv/bin/python benchmarks/bench_oci.py [--rounds N]``. Prints a table; it is not a
timed test. Needs ``docker-registry`` and ``skopeo`` (Debian packages of the same names).
Targets: pull ≤ 1.2x ``skopeo copy``; warm ``validate oci://`` ≤ 1.5x the local directory.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests.integration.fleet import publishable_fleet  # noqa: E402
from tests.integration.registry import require_tool, start_registry  # noqa: E402

from pacto.contract import Bundle, MemoryFS, load_directory  # noqa: E402
from pacto.oci import build_default_store, collect_directory  # noqa: E402


def _median(function: Callable[[], object], rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _run(argv: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{argv} failed: {done.stdout}{done.stderr}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    skopeo = require_tool("skopeo", "skopeo")
    work = Path(tempfile.mkdtemp(prefix="pacto-bench-oci-"))
    registry = start_registry(work / "registry", "none")
    env = {
        **os.environ,
        "HOME": str(work / "home"),
        "XDG_CACHE_HOME": str(work / "cache"),
        "XDG_CONFIG_HOME": str(work / "config"),
        "PACTO_NO_UPDATE_CHECK": "1",
    }
    for name in (
        "PACTO_REGISTRY_USERNAME",
        "PACTO_REGISTRY_PASSWORD",
        "PACTO_REGISTRY_TOKEN",
        "PACTO_NO_CACHE",
    ):
        env.pop(name, None)
    rows: list[tuple[str, str, str]] = []
    try:
        directories = publishable_fleet(work / "fleet", registry.host)
        bundles = []
        size = 0
        for directory in directories:
            loaded = load_directory(directory)
            files = MemoryFS(collect_directory(directory))
            bundles.append(Bundle(contract=loaded.contract, raw_yaml=loaded.raw_yaml, fs=files))
            size += sum(len(data) for data in files.files.values())
        count = len(bundles)

        def push_all(namespace: str, threads: int) -> float:
            store = build_default_store(env)
            refs = [
                f"{registry.host}/{namespace}/{b.contract.service.name}:{b.contract.service.version}"
                for b in bundles
            ]
            started = time.perf_counter()
            with ThreadPoolExecutor(threads) as pool:
                list(
                    pool.map(
                        lambda pair: store.push(pair[0], pair[1], force=True),
                        zip(refs, bundles, strict=True),
                    )
                )
            elapsed = time.perf_counter() - started
            store.close()
            return elapsed

        def pull_all(namespace: str, threads: int) -> float:
            store = build_default_store(env, no_cache=True)
            refs = [f"{registry.host}/{namespace}/{b.contract.service.name}" for b in bundles]
            started = time.perf_counter()
            with ThreadPoolExecutor(threads) as pool:
                list(pool.map(store.fetch, refs))
            elapsed = time.perf_counter() - started
            store.close()
            return elapsed

        sequential_push = push_all("fleet", 1)
        concurrent_push = push_all("conc", args.threads)
        rows.append(
            (
                f"push fleet ({count} bundles, {size / 1024:.0f} KiB), sequential",
                f"{sequential_push * 1000:.0f} ms",
                f"{sequential_push / count * 1000:.1f} ms/bundle",
            )
        )
        rows.append(
            (
                f"push fleet, {args.threads} threads",
                f"{concurrent_push * 1000:.0f} ms",
                f"{sequential_push / concurrent_push:.2f}x speed-up",
            )
        )
        sequential_pull = statistics.median(pull_all("fleet", 1) for _ in range(3))
        concurrent_pull = statistics.median(pull_all("fleet", args.threads) for _ in range(3))
        rows.append(
            (
                "pull fleet (cold cache, untagged → highest semver), sequential",
                f"{sequential_pull * 1000:.0f} ms",
                f"{sequential_pull / count * 1000:.1f} ms/bundle",
            )
        )
        rows.append(
            (
                f"pull fleet, {args.threads} threads",
                f"{concurrent_pull * 1000:.0f} ms",
                f"{sequential_pull / concurrent_pull:.2f}x speed-up",
            )
        )

        orders = next(b for b in bundles if b.contract.service.name == "orders")
        tagged = f"{registry.host}/fleet/orders:{orders.contract.service.version}"
        out = work / "out"

        def skopeo_copy() -> None:
            shutil.rmtree(out, ignore_errors=True)
            _run(
                [
                    skopeo,
                    "copy",
                    "--quiet",
                    "--src-tls-verify=false",
                    f"docker://{tagged}",
                    f"dir:{out}",
                ],
                env,
            )

        def pacto_pull() -> None:
            shutil.rmtree(out, ignore_errors=True)
            _run(
                [
                    sys.executable,
                    "-m",
                    "pacto",
                    "--no-cache",
                    "pull",
                    f"oci://{tagged}",
                    "-o",
                    str(out),
                ],
                env,
            )

        def library_pull() -> None:
            store = build_default_store(env, no_cache=True)
            store.fetch(tagged)
            store.close()

        warm_store = build_default_store(env, no_cache=True)
        warm_store.inner.fetch(tagged)

        def library_fetch() -> None:
            warm_store.inner.fetch(tagged)

        skopeo_time = _median(skopeo_copy, args.rounds)
        pull_time = _median(pacto_pull, args.rounds)
        python_time = _median(lambda: _run([sys.executable, "-c", "pass"], env), args.rounds)
        version_time = _median(
            lambda: _run([sys.executable, "-m", "pacto", "--version"], env), args.rounds
        )
        library_time = _median(library_pull, args.rounds)
        fetch_time = _median(library_fetch, args.rounds)
        warm_store.close()
        rows.append(
            (
                "skopeo copy docker://… dir:… (one bundle, process)",
                f"{skopeo_time * 1000:.0f} ms",
                "baseline",
            )
        )
        rows.append(
            (
                "pacto --no-cache pull oci://… (same bundle, process)",
                f"{pull_time * 1000:.0f} ms",
                f"{pull_time / skopeo_time:.2f}x skopeo (target ≤ 1.2x)",
            )
        )
        rows.append(
            (
                "  of which: python -c pass (interpreter start-up)",
                f"{python_time * 1000:.0f} ms",
                f"{python_time / skopeo_time:.2f}x skopeo",
            )
        )
        rows.append(
            (
                "  of which: pacto --version (start-up + CLI imports)",
                f"{version_time * 1000:.0f} ms",
                f"{version_time / skopeo_time:.2f}x skopeo",
            )
        )
        rows.append(
            (
                "  in-process: build store + fetch + verify + unpack",
                f"{library_time * 1000:.1f} ms",
                f"{library_time / skopeo_time:.2f}x skopeo",
            )
        )
        rows.append(
            (
                "  in-process: fetch + verify + unpack (store built)",
                f"{fetch_time * 1000:.1f} ms",
                f"{fetch_time / skopeo_time:.2f}x skopeo",
            )
        )

        local_dir = str(next(d for d in directories if d.name == "orders"))
        _run([sys.executable, "-m", "pacto", "validate", f"oci://{tagged}"], env)  # warm the cache
        local_time = _median(
            lambda: _run([sys.executable, "-m", "pacto", "validate", local_dir], env), args.rounds
        )
        warm_time = _median(
            lambda: _run([sys.executable, "-m", "pacto", "validate", f"oci://{tagged}"], env),
            args.rounds,
        )
        rows.append(
            ("pacto validate <local dir> (process)", f"{local_time * 1000:.0f} ms", "baseline")
        )
        rows.append(
            (
                "pacto validate oci://… warm cache (process, 1 HEAD)",
                f"{warm_time * 1000:.0f} ms",
                f"{warm_time / local_time:.2f}x local (target ≤ 1.5x)",
            )
        )
    finally:
        registry.stop()
        shutil.rmtree(work, ignore_errors=True)
    width = max(len(r[0]) for r in rows)
    print(f"{'measurement'.ljust(width)}  {'time':>9}  note")
    print(f"{'-' * width}  {'-' * 9}  {'-' * 30}")
    for label, value, note in rows:
        print(f"{label.ljust(width)}  {value:>9}  {note}")
    python = sys.version.split()[0]
    print(f"\n(median of {args.rounds} runs; Python {python}, {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
