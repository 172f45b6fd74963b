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
