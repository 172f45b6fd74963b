"""Browser tests: Playwright drives Debian's Chromium (by executable path, headless; Playwright's
own browser download is never used) against ``pacto dashboard`` started as a real subprocess on
a free port.

Three dashboards are shared by the session: the example fleet from ``examples/`` (local
source), the same fleet pushed to a loopback registry with released versions of ``orders``
and ``payments`` (``oci://`` sources), and a local bundle whose dependency lives only in the
registry (lazy resolution). Each page fixture fails its test on any console error or uncaught
exception and saves a screenshot of a failing test under ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.integration.conftest import (
    invoke,
    registry_noauth,  # noqa: F401 - the session registry, shared with the integration tests
)
from tests.integration.fleet import publishable_fleet
from tests.integration.registry import RunningRegistry

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = REPO_ROOT / "examples"
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
VENDOR = REPO_ROOT / "src" / "pacto" / "dashboard" / "static" / "vendor"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1440, "height": 900}
PACTO = [sys.executable, "-m", "pacto"]
NAMESPACE = "fleet"
_STRIPPED = {"DOCKER_CONFIG", "REGISTRY_AUTH_FILE", "GH_TOKEN", "GITHUB_TOKEN", "NO_COLOR"}


# --------------------------------------------------------------------------- processes


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def hermetic_env(home: Path) -> dict[str, str]:
    """The environment of a pacto subprocess: no user configuration, a private home."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PACTO_", "XDG_")) and k not in _STRIPPED
    }
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        PACTO_NO_UPDATE_CHECK="1",
    )
    return env


@dataclass
class Dashboard:
    """A running ``pacto dashboard`` subprocess."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    home: Path
    extra: dict[str, Any] = field(default_factory=dict)

    def logs(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-20_000:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_dashboard(
    args: list[str], workdir: Path, *, timeout: float = 90.0, env: dict[str, str] | None = None
) -> Dashboard:
    """``python -m pacto dashboard <args>`` on a free loopback port; returns once
    ``/api/services`` answers 200 (the shallow OCI scan is synchronous, so the fleet is in)."""
    home = workdir / "home"
    home.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    log_path = workdir / f"dashboard-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*PACTO, "dashboard", *args, "--port", str(port), "--host", "127.0.0.1"],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env or hermetic_env(home),
            cwd=workdir,
        )
    dashboard = Dashboard(f"http://127.0.0.1:{port}", process, log_path, home)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"pacto dashboard exited with {process.returncode}:\n{dashboard.logs()}")
        try:
            with urllib.request.urlopen(f"{dashboard.url}/api/services", timeout=30) as reply:
                if reply.status == 200:
                    return dashboard
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)
    dashboard.stop()
    pytest.fail(f"pacto dashboard did not answer within {timeout}s:\n{dashboard.logs()}")


# --------------------------------------------------------------------------- fleets

_LOCAL_REF = re.compile(
    r"^(\s*-?\s*ref:\s*)(?:\.\./)+([A-Za-z0-9._-]+?)(?:-\d+\.\d+\.\d+)?/?\s*$", re.MULTILINE
)


def _push(env: dict[str, str], ref: str, bundle: Path, *extra: str) -> None:
    outcome = invoke(["push", ref, "-p", str(bundle), *extra], env)
    if outcome.exit_code != 0:
        pytest.fail(f"pacto push {ref} failed:\n{outcome}")


def publish_fleet(registry: RunningRegistry, workdir: Path) -> dict[str, Any]:
    """Push the example fleet, the released versions of orders and payments (every local
    ``../x`` or ``../../x-1.2.3`` reference rewritten to ``oci://<host>/fleet/x``) and one
    extra repository that no contract of the fleet mentions (``other/loyalty``)."""
    env = hermetic_env(workdir / "publisher-home")
    host = registry.host
    bundles = publishable_fleet(workdir / "fleet", host, NAMESPACE)
    released = []
    for directory in sorted((workdir / "fleet" / "versions").iterdir()):
        path = directory / "pacto.yaml"
        path.write_text(_LOCAL_REF.sub(rf"\g<1>oci://{host}/{NAMESPACE}/\g<2>", path.read_text()))
        released.append(directory)
    # orders 1.4.2 is pushed from versions/ (same contract, refs rewritten the same way), so
    # the 1.4.2 -> 2.0.0 diff compares like with like.
    first = [b for b in bundles if b.name != "orders"]
    for bundle in first:
        _push(env, f"oci://{host}/{NAMESPACE}/{bundle.name}", bundle)
    for bundle in released:
        name = bundle.name.rsplit("-", 1)[0]
        _push(env, f"oci://{host}/{NAMESPACE}/{name}", bundle)
    loyalty = workdir / "fleet" / "catalog-cache"
    _push(
        env,
        f"oci://{host}/other/loyalty",
        loyalty,
        "--set",
        "service.name=loyalty",
        "--set",
        "service.version=1.0.0",
    )
    names = sorted({b.name for b in bundles})
    return {"host": host, "names": names, "repos": [f"{host}/{NAMESPACE}/{n}" for n in names]}


STOREFRONT = """\
pactoVersion: "1.0"
service:
  name: storefront
  version: 0.3.0
  owner: team/web
interfaces:
  - name: web
    type: http
    port: 8080
    visibility: public
dependencies:
  - ref: oci://{host}/other/loyalty
    required: true
    compatibility: ^1.0.0
  - ref: ../catalog-cache
    required: false
    compatibility: 1.x
  - ref: ../checkout-web
    required: true
    compatibility: ^2.0.0
runtime:
  workload: service
  state:
    type: stateless
    persistence:
      scope: local
      durability: ephemeral
    dataCriticality: low
  health:
    interface: web
    path: /healthz
"""


CHECKOUT_WEB = """\
pactoVersion: "1.0"
service:
  name: checkout-web
  version: 2.1.0
  owner: team/web
interfaces:
  - name: web
    type: http
    port: 8080
runtime:
  workload: service
  state:
    type: stateless
    persistence:
      scope: local
      durability: ephemeral
    dataCriticality: low
  health:
    interface: admin
    path: /healthz
"""
"""Invalid on purpose: the health probe names an interface that does not exist."""


# --------------------------------------------------------------------------- session fixtures


@pytest.fixture(scope="session")
def local_dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    """``pacto dashboard examples``: the 16-service example fleet from the local source."""
    dashboard = start_dashboard([str(EXAMPLES)], tmp_path_factory.mktemp("dash-local"))
    yield dashboard
    dashboard.stop()


@pytest.fixture(scope="session")
def published_fleet(
    registry_noauth: RunningRegistry,  # noqa: F811 - the imported fixture
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Any]:
    return publish_fleet(registry_noauth, tmp_path_factory.mktemp("published"))


@pytest.fixture(scope="session")
def registry_dashboard(
    published_fleet: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Dashboard]:
    """``pacto dashboard oci://<host>/fleet/<name> ...`` from an empty working directory."""
    workdir = tmp_path_factory.mktemp("dash-oci")
    dashboard = start_dashboard([f"oci://{r}" for r in published_fleet["repos"]], workdir)
    dashboard.extra.update(published_fleet)
    yield dashboard
    dashboard.stop()


@pytest.fixture(scope="session")
def mixed_dashboard(
    published_fleet: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Dashboard]:
    """Local bundles: ``storefront`` requires ``loyalty``, which exists only in the registry
    (no ``oci://`` source is configured, so the UI must resolve it lazily), and
    ``checkout-web``, whose contract is invalid. Started with ``--diagnostics``."""
    workdir = tmp_path_factory.mktemp("dash-mixed")
    fleet = workdir / "fleet"
    for name, text in (
        ("storefront", STOREFRONT.format(host=published_fleet["host"])),
        ("checkout-web", CHECKOUT_WEB),
    ):
        (fleet / name).mkdir(parents=True)
        (fleet / name / "pacto.yaml").write_text(text)
    shutil.copytree(EXAMPLES / "catalog-cache", fleet / "catalog-cache")
    dashboard = start_dashboard([str(fleet), "--diagnostics"], workdir)
    dashboard.extra.update(published_fleet)
    yield dashboard
    dashboard.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (scripts/setup does it)")
    if not (VENDOR / "d3.min.js").is_file():
        pytest.fail(f"{VENDOR}/d3.min.js is missing: run scripts/build-assets (or scripts/setup)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: .venv/bin/pip install playwright")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


# --------------------------------------------------------------------------- per-test page


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


class PageHelper:
    """A page plus the console messages it produced and a few waiting helpers."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.console_errors: list[str] = []
        self.allowed: list[re.Pattern[str]] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.console_errors.append(f"uncaught: {exc}"))

    def _on_console(self, message: Any) -> None:
        if message.type in ("error", "assert"):
            location = message.location.get("url", "") if message.location else ""
            self.console_errors.append(f"{message.text} ({location})")

    def allow_console(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def unexpected_console(self) -> list[str]:
        return [m for m in self.console_errors if not any(p.search(m) for p in self.allowed)]

    def open(self, route: str = "") -> Any:
        """Navigates to ``/#<route>`` and waits until the app rendered and went idle."""
        self.page.goto(f"{self.base_url}/#{route}" if route else f"{self.base_url}/")
        self.idle()
        return self.page

    def idle(self, timeout: float = 30_000) -> None:
        """Waits until the app has no request in flight and has rendered."""
        self.page.wait_for_function(
            "() => window.pacto && window.pacto.isIdle()", timeout=timeout, polling=50
        )

    def graph_settled(self, timeout: float = 30_000) -> None:
        self.page.wait_for_function(
            "() => document.querySelector('#graph-container')?.dataset.settled === 'true'",
            timeout=timeout,
            polling=50,
        )

    def shoot(self, name: str, *, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


def _page_fixture(
    browser: Any, request: pytest.FixtureRequest, dashboard: Dashboard, **context: Any
) -> Iterator[PageHelper]:
    ctx = browser.new_context(viewport=VIEWPORT, **context)
    # Periodic refresh off unless a test turns it on: refreshes are triggered explicitly.
    ctx.add_init_script(
        "try { if (!localStorage.getItem('pacto-auto-reload'))"
        " localStorage.setItem('pacto-auto-reload', 'false'); } catch (e) {}"
    )
    page = ctx.new_page()
    page.set_default_timeout(20_000)
    helper = PageHelper(page, dashboard.url)
    yield helper
    call = getattr(request.node, "report_call", None)
    if call is not None and call.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        try:
            page.screenshot(path=str(SCREENSHOTS / f"FAILED-{name}.png"), full_page=True)
        except Exception as exc:  # the page may be gone; the test failure matters more
            print(f"could not save the failure screenshot: {exc}")
        print(f"dashboard log:\n{dashboard.logs()}")
    ctx.close()
    if call is not None and call.passed:
        unexpected = helper.unexpected_console()
        assert not unexpected, "console errors:\n" + "\n".join(unexpected)


@pytest.fixture
def ui(browser: Any, request: pytest.FixtureRequest, local_dashboard: Dashboard) -> Iterator[Any]:
    """A fresh page on the example-fleet dashboard."""
    yield from _page_fixture(browser, request, local_dashboard)


@pytest.fixture
def oci_ui(
    browser: Any, request: pytest.FixtureRequest, registry_dashboard: Dashboard
) -> Iterator[Any]:
    """A fresh page on the registry-backed dashboard."""
    yield from _page_fixture(browser, request, registry_dashboard)


@pytest.fixture
def mixed_ui(
    browser: Any, request: pytest.FixtureRequest, mixed_dashboard: Dashboard
) -> Iterator[Any]:
    yield from _page_fixture(browser, request, mixed_dashboard)


@pytest.fixture
def axe() -> Callable[[Any], list[dict[str, Any]]]:
    """Runs axe-core in the page; returns the serious and critical violations."""
    script = VENDOR / "axe.min.js"
    if not script.is_file():
        pytest.fail(f"{script} is missing: run scripts/build-assets (or scripts/setup)")

    def run(page: Any) -> list[dict[str, Any]]:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(script))
        result = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}))"
        )
        return [v for v in result if v["impact"] in ("serious", "critical")]

    return run
