"""Issue 8 targets, in headless Chromium (Debian's, through Playwright) against ``pacto
dashboard`` serving a generated 1,000-service fleet (:mod:`benchmarks.fleet`, local bundles):

- time to first meaningful content (the services table in the DOM) ≤ 1 s after navigation;
- the global dependency graph settles (layout computed, simulation stopped, view fitted)
  ≤ 3 s after navigation;
- panning the settled graph runs at interactive speed (median frame ≤ 33 ms, i.e. ≥ 30 fps),
  measured with real mouse drags and with programmatic d3-zoom pans.

Every figure is a median over ``BENCH_RUNS`` fresh browser contexts (default 5). The server is
warmed first (its service index is built once), so the figures are the UI's. Chromium runs
with ``--disable-gpu``: painting is software-only, the pessimistic case.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from benchmarks._table import median, print_table
from benchmarks.fleet import write_fleet

SERVICES = int(os.environ.get("BENCH_UI_SERVICES", "1000"))
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1440, "height": 900}
_PACTO = [sys.executable, "-m", "pacto"]

FRAME_PROBE = """
() => {
  window.__frames = [];
  let last = performance.now();
  window.__probe = true;
  const loop = (t) => {
    window.__frames.push(t - last);
    last = t;
    if (window.__probe) requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
}
"""

PROGRAMMATIC_PAN = """
async () => {
  const host = document.querySelector('#graph-container');
  const sel = window.d3.select(host.querySelector('svg'));
  const zoom = host.__graph.zoom;
  for (let i = 0; i < 90; i++) {
    sel.call(zoom.translateBy, i % 60 < 30 ? 6 : -6, 3);
    await new Promise((r) => requestAnimationFrame(r));
  }
}
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_dashboard(fleet: Path, home: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PACTO_", "XDG_"))}
    env.update(HOME=str(home), PACTO_NO_UPDATE_CHECK="1")
    process = subprocess.Popen(
        [*_PACTO, "dashboard", str(fleet), "--port", str(port), "--host", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=home,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"pacto dashboard exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/api/services", timeout=60) as reply:
                if reply.status == 200:
                    urllib.request.urlopen(f"{url}/api/graph", timeout=60).read()
                    return process, url
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("pacto dashboard did not start")


def _frames(page: Any) -> list[float]:
    page.evaluate("() => { window.__probe = false; }")
    frames = page.evaluate("() => window.__frames")
    return [f for f in frames[2:] if f > 0]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def measure(browser: Any, url: str) -> dict[str, float]:
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script("localStorage.setItem('pacto-auto-reload', 'false')")
    page = context.new_page()
    out: dict[str, float] = {}

    page.goto(f"{url}/#")
    page.wait_for_function("() => performance.getEntriesByName('pacto:first-content').length")
    out["first"] = page.evaluate(
        "() => performance.getEntriesByName('pacto:first-content')[0].startTime"
    )
    page.wait_for_function("() => window.pacto.isIdle()")
    rows = page.evaluate("() => document.querySelectorAll('.services-table tbody tr').length")
    assert rows == SERVICES, f"{rows} rows"

    # Search over the whole table: keystroke to re-rendered rows.
    start = time.perf_counter()
    page.get_by_role("combobox", name="Search services").fill("svc-09")
    page.wait_for_function("() => window.pacto.isIdle()", polling=10)
    out["search"] = (time.perf_counter() - start) * 1000 - 120  # minus the input debounce
    page.get_by_role("combobox", name="Search services").fill("")
    page.wait_for_function("() => window.pacto.isIdle()", polling=10)

    # Refresh of the 1,000-row table (refetch + morph), as the periodic reload does.
    start = time.perf_counter()
    page.evaluate("() => window.pacto.refresh()")
    page.wait_for_timeout(5)
    page.wait_for_function("() => window.pacto.isIdle()", polling=10)
    out["refresh"] = (time.perf_counter() - start) * 1000
    context.close()

    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script("localStorage.setItem('pacto-auto-reload', 'false')")
    page = context.new_page()
    page.goto(f"{url}/#graph")
    page.wait_for_function(
        "() => performance.getEntriesByName('pacto:graph-settled:global').length", timeout=60_000
    )
    out["settle"] = page.evaluate(
        "() => performance.getEntriesByName('pacto:graph-settled:global')[0].startTime"
    )
    out["layout"] = float(
        page.evaluate("() => document.querySelector('#graph-container').dataset.settleMs")
    )
    page.wait_for_timeout(600)  # the fit transition

    box = page.locator("#graph-container").bounding_box()
    assert box is not None
    page.evaluate(FRAME_PROBE)
    x, y = box["x"] + 40, box["y"] + box["height"] - 30  # an empty corner: drag pans
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(90):
        dx = (i % 60 if i % 60 < 30 else 60 - i % 60) * 8
        page.mouse.move(x + dx, y - i)
    page.mouse.up()
    frames = _frames(page)
    out["drag_median"] = median(frames)
    out["drag_p95"] = _pct(frames, 0.95)

    page.evaluate(FRAME_PROBE)
    page.evaluate(PROGRAMMATIC_PAN)
    frames = _frames(page)
    out["pan_median"] = median(frames)
    out["pan_p95"] = _pct(frames, 0.95)
    context.close()
    return out


def main() -> None:
    runs = int(os.environ.get("BENCH_RUNS", "5"))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise SystemExit("playwright is not installed: .venv/bin/pip install playwright") from None
    if not Path(CHROMIUM).is_file():
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install -y chromium")
    with tempfile.TemporaryDirectory(prefix="pacto-bench-ui-") as tmp:
        root = Path(tmp)
        write_fleet(root / "fleet", SERVICES)
        (root / "home").mkdir()
        process, url = _start_dashboard(root / "fleet", root / "home")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=ARGS
                )
                measure(browser, url)  # warm-up: browser caches, server JIT-free paths
                samples = [measure(browser, url) for _ in range(runs)]
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=10)

    def m(key: str) -> float:
        return median([s[key] for s in samples])

    def ok(value: float, limit: float) -> str:
        return "yes" if value <= limit else "NO"

    print_table(
        f"dashboard UI, {SERVICES} services, headless Chromium (software paint),"
        f" medians of {runs} runs",
        [
            (
                "first meaningful content (table)",
                f"{m('first'):.0f} ms",
                "<= 1000 ms",
                ok(m("first"), 1000),
            ),
            (
                "graph settled after navigation",
                f"{m('settle'):.0f} ms",
                "<= 3000 ms",
                ok(m("settle"), 3000),
            ),
            ("  of which layout + draw", f"{m('layout'):.0f} ms", "", ""),
            (
                "pan by mouse drag, median frame",
                f"{m('drag_median'):.1f} ms",
                "<= 33 ms",
                ok(m("drag_median"), 33),
            ),
            ("pan by mouse drag, p95 frame", f"{m('drag_p95'):.1f} ms", "", ""),
            (
                "pan by d3-zoom, median frame",
                f"{m('pan_median'):.1f} ms",
                "<= 33 ms",
                ok(m("pan_median"), 33),
            ),
            ("pan by d3-zoom, p95 frame", f"{m('pan_p95'):.1f} ms", "", ""),
            ("search keystroke to filtered table", f"{m('search'):.0f} ms", "", ""),
            ("refresh (refetch + morph) of the table", f"{m('refresh'):.0f} ms", "", ""),
        ],
    )


if __name__ == "__main__":
    main()
