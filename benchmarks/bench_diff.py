"""Benchmark ``pacto diff`` against ``@redocly/cli diff`` on two releases of the GitHub REST
description (npm ``@octokit/openapi`` 22.0.0 and 23.0.2, ``generated/api.github.com.json``,
~12 and ~13 MB of OpenAPI 3.0.3).

Not a test: run it by hand and read the table it prints::

    .venv/bin/python -m benchmarks.bench_diff [--runs 5] [--cache-dir DIR]
    benchmarks/run bench_diff          # with the other benchmarks (BENCH_RUNS sets --runs)

Everything it downloads (the two npm tarballs, a local install of @redocly/cli) goes to a cache
directory outside the repository: ``$PACTO_BENCH_CACHE``, else ``$XDG_CACHE_HOME/pacto-bench``,
else ``~/.cache/pacto-bench``. Both tools run as real processes on the same pair, alternately,
with JSON output; the table shows wall time and CPU time (median of the runs, and the minimum)
and the peak resident set size of each process. Redocly runs with ``REDOCLY_TELEMETRY=off``.

Target (the issue): pacto at least 5x faster than redocly with the full rule catalogue on,
peak RSS at most 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

OCTOKIT = "@octokit/openapi"
VERSIONS = ("22.0.0", "23.0.2")
SPEC_MEMBER = "package/generated/api.github.com.json"
REDOCLY = "@redocly/cli"
REDOCLY_VERSION = "2.77.0"
REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # also runnable as a plain script
    sys.path.insert(0, str(REPO))

from benchmarks._table import print_table  # noqa: E402 - needs the path set above

PACTO_YAML = """\
pactoVersion: "1.0"
service:
  name: github
  version: {version}
interfaces:
  - name: rest
    type: http
    port: 443
    visibility: public
    contract: interfaces/openapi.json
"""


def cache_dir(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get("PACTO_BENCH_CACHE"):
        return Path(os.environ["PACTO_BENCH_CACHE"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pacto-bench"


def fetch_spec(cache: Path, version: str) -> Path:
    """``npm pack`` the octokit release (once) and extract the GitHub description."""
    target = cache / "octokit" / version / "api.github.com.json"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as scratch:
        print(f"fetching {OCTOKIT}@{version} with npm pack ...", file=sys.stderr)
        subprocess.run(
            ["npm", "pack", "--silent", f"{OCTOKIT}@{version}"],
            cwd=scratch,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        tarball = next(Path(scratch).glob("*.tgz"))
        with tarfile.open(tarball) as archive:
            member = archive.extractfile(SPEC_MEMBER)
            assert member is not None, f"{SPEC_MEMBER} missing from {tarball.name}"
            target.write_bytes(member.read())
    return target


def install_redocly(cache: Path) -> Path:
    """``npm install`` @redocly/cli into the cache (once); returns its executable."""
    prefix = cache / "redocly"
    executable = prefix / "node_modules" / ".bin" / "redocly"
    if not executable.exists():
        print(f"installing {REDOCLY}@{REDOCLY_VERSION} into {prefix} ...", file=sys.stderr)
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(prefix),
                f"{REDOCLY}@{REDOCLY_VERSION}",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return executable


def make_bundle(cache: Path, version: str, spec: Path) -> Path:
    root = cache / "bundles" / version
    document = root / "interfaces" / "openapi.json"
    if not document.exists() or document.stat().st_size != spec.stat().st_size:
        document.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(spec, document)
    (root / "pacto.yaml").write_text(PACTO_YAML.format(version=version))
    return root


@dataclass
class Runs:
    name: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    changes: int = 0
    breaking: int = 0
    exit_code: int = 0


def measure(
    command: list[str], env: dict[str, str], output: Path
) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one process."""
    with output.open("wb") as sink:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs",
        type=int,
        default=int(os.environ.get("BENCH_RUNS", "5")),
        help="runs per tool (default: $BENCH_RUNS or 5)",
    )
    parser.add_argument("--cache-dir", default=None, help="where downloads are kept")
    parser.add_argument("--skip-redocly", action="store_true", help="measure pacto only")
    options = parser.parse_args(argv)

    cache = cache_dir(options.cache_dir)
    cache.mkdir(parents=True, exist_ok=True)
    specs = [fetch_spec(cache, version) for version in VERSIONS]
    bundles = [make_bundle(cache, v, s) for v, s in zip(VERSIONS, specs, strict=True)]
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("PACTO_")}
    out = cache / "out"
    out.mkdir(exist_ok=True)

    pacto_cmd = [
        sys.executable,
        "-m",
        "pacto",
        "diff",
        str(bundles[0]),
        str(bundles[1]),
        "--output-format",
        "json",
        "--fail-on",
        "none",
    ]
    pacto_env = {
        **base_env,
        "PACTO_NO_UPDATE_CHECK": "1",
        "PYTHONPATH": str(REPO / "src") + os.pathsep + base_env.get("PYTHONPATH", ""),
    }
    tools: list[tuple[Runs, list[str], dict[str, str], Path]] = [
        (Runs("pacto diff"), pacto_cmd, pacto_env, out / "pacto.json"),
    ]
    if not options.skip_redocly:
        redocly = install_redocly(cache)
        redocly_out = out / "redocly.json"
        tools.append(
            (
                Runs(f"redocly diff {REDOCLY_VERSION}"),
                [
                    str(redocly),
                    "diff",
                    str(specs[0]),
                    str(specs[1]),
                    "--format",
                    "json",
                    "-o",
                    str(redocly_out),
                ],
                {**base_env, "REDOCLY_TELEMETRY": "off"},
                out / "redocly.stdout",
            )
        )

    for _ in range(options.runs):  # alternate the tools so both see the same machine load
        for runs, command, env, output in tools:
            wall, cpu, rss, code = measure(command, env, output)
            runs.wall.append(wall)
            runs.cpu.append(cpu)
            runs.rss_mb.append(rss)
            runs.exit_code = code

    pacto_runs = tools[0][0]
    document = json.loads((out / "pacto.json").read_text())
    changes = document.get("changes") or []
    pacto_runs.changes = len(changes)
    pacto_runs.breaking = sum(1 for c in changes if c["classification"] == "BREAKING")
    if not options.skip_redocly:
        report = json.loads((out / "redocly.json").read_text())
        tools[1][0].changes = len(report["changes"])
        tools[1][0].breaking = int(report["summary"]["major"])

    title = (
        f"pacto diff vs redocly diff: GitHub REST description {VERSIONS[0]} -> {VERSIONS[1]} "
        f"({specs[0].stat().st_size / 1e6:.1f} -> {specs[1].stat().st_size / 1e6:.1f} MB), "
        f"{options.runs} alternating runs each, JSON output, medians (min)"
    )
    rows: list[tuple[str, str, str, str]] = []
    for runs, *_ in tools:
        rows.append(
            (
                f"{runs.name}: wall time",
                f"{statistics.median(runs.wall):.2f} s ({min(runs.wall):.2f} s)",
                "",
                "",
            )
        )
        rows.append(
            (
                f"{runs.name}: CPU time (user+sys)",
                f"{statistics.median(runs.cpu):.2f} s ({min(runs.cpu):.2f} s)",
                "",
                "",
            )
        )
        rows.append((f"{runs.name}: peak RSS", f"{max(runs.rss_mb):.0f} MB", "", ""))
        rows.append(
            (f"{runs.name}: changes (breaking)", f"{runs.changes} ({runs.breaking})", "", "")
        )
    pacto = tools[0][0]
    rss_ok = max(pacto.rss_mb) <= 1024
    rows.append(
        ("pacto peak RSS", f"{max(pacto.rss_mb):.0f} MB", "<= 1 GB", "yes" if rss_ok else "NO")
    )
    if len(tools) > 1:
        redocly_runs = tools[1][0]
        wall_ratio = statistics.median(redocly_runs.wall) / statistics.median(pacto.wall)
        cpu_ratio = statistics.median(redocly_runs.cpu) / statistics.median(pacto.cpu)
        rows.append(
            (
                "speed-up vs redocly (wall)",
                f"{wall_ratio:.1f}x",
                ">= 5x",
                "yes" if wall_ratio >= 5 else "NO",
            )
        )
        rows.append(
            (
                "speed-up vs redocly (CPU)",
                f"{cpu_ratio:.1f}x",
                ">= 5x",
                "yes" if cpu_ratio >= 5 else "NO",
            )
        )
        rows.append(
            ("peak RSS vs redocly", f"{max(pacto.rss_mb) / max(redocly_runs.rss_mb):.2f}x", "", "")
        )
    print_table(title, rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
