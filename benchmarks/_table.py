"""Shared helpers for the benchmarks: timing subprocesses and printing one table."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Sequence


def time_command(
    argv: Sequence[str], *, runs: int, cwd: str | None = None, env: dict[str, str] | None = None
) -> list[float]:
    """Wall-clock seconds of ``runs`` executions (after one warm-up run)."""
    subprocess.run(argv, cwd=cwd, env=env, capture_output=True, check=False)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=cwd, env=env, capture_output=True, check=False)
        samples.append(time.perf_counter() - start)
    return samples


def time_interleaved(
    commands: Sequence[Sequence[str]], *, runs: int, env: dict[str, str] | None = None
) -> list[list[float]]:
    """Like :func:`time_command` for several commands, run in turns (one run of each, then the
    next round), so a burst of load on this shared machine hits every command alike and the
    ratios between their medians stay fair."""
    for argv in commands:
        subprocess.run(argv, env=env, capture_output=True, check=False)
    samples: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for index, argv in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(argv, env=env, capture_output=True, check=False)
            samples[index].append(time.perf_counter() - start)
    return samples


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def print_table(title: str, rows: Sequence[tuple[str, str, str, str]]) -> None:
    """Rows of (measure, figure, target, verdict)."""
    headers = ("measure", "figure", "target", "ok?")
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(4)]
    print(f"\n{title}")
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
