"""The dashboard on a real uvicorn: ``pacto dashboard`` as a process (banner, API, UI, clean
SIGTERM, listen failure) and a concurrency hammer against an in-process server while OCI
discovery keeps running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import TypeAdapter

from pacto.dashboard import api
from pacto.dashboard.core import DashboardOptions, open_dashboard
from pacto.dashboard.server import bind_socket, create_app
from tests.integration.registry import free_port
from tests.unit.dashboard.fakes import FakeStore, contract_yaml, fake_differ, make_bundle
from tests.unit.dashboard.test_sources import materialise

pytestmark = pytest.mark.integration


def _wait_for(url: str, process: subprocess.Popen[str] | None = None, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            pytest.fail(
                f"dashboard exited early:\n{process.stderr.read() if process.stderr else ''}"
            )
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    pytest.fail(f"{url} did not answer within {timeout}s")


@pytest.fixture
def dashboard_process(
    examples_dir: Path, tmp_path: Path
) -> Iterator[tuple[subprocess.Popen[str], int]]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KUBE")}
    process = subprocess.Popen(
        [sys.executable, "-m", "pacto", "dashboard", str(examples_dir), "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/health", process)
        yield process, port
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=10)


def test_pacto_dashboard_serves_the_bundled_fleet_and_stops_cleanly(dashboard_process):
    process, port = dashboard_process
    base = f"http://127.0.0.1:{port}"
    services = httpx.get(f"{base}/api/services").json()
    assert len(services) == 16
    assert {s["source"] for s in services} == {"local"}
    assert httpx.get(f"{base}/health").json()["status"] == "ok"
    page = httpx.get(f"{base}/")
    assert page.status_code == 200 and "<title>Pacto Dashboard</title>" in page.text
    assert httpx.get(f"{base}/favicon.ico").status_code == 200
    assert httpx.get(f"{base}/openapi.json").json()["servers"] == [
        {"url": f"http://127.0.0.1:{port}"}
    ]
    assert httpx.get(f"{base}/api/debug/sources").status_code == 404
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=15)
    assert process.returncode == 0, stderr
    assert (
        "Detected sources:\n  local: enabled (pacto.yaml found in subdirectory api-gateway)"
        in stderr
    )
    assert "  k8s: disabled (Kubernetes client not available" in stderr
    assert (
        f"\nPacto Dashboard running at http://127.0.0.1:{port}\n"
        "Sources: local\nPress Ctrl+C to stop" in stderr
    )


VENDOR = Path(__file__).resolve().parents[2] / "src" / "pacto" / "dashboard" / "static" / "vendor"
SWAGGER_UI = {"swagger-ui-bundle.js": "text/javascript", "swagger-ui.css": "text/css"}


def test_docs_page_uses_the_vendored_swagger_ui(dashboard_process):
    """``/docs`` works offline: it loads Swagger UI from package data (copied there by
    scripts/build-assets from the pinned swagger-ui-dist), never from a CDN."""
    missing = [name for name in SWAGGER_UI if not (VENDOR / name).is_file()]
    if missing:
        pytest.fail(f"{missing} missing from {VENDOR}: run scripts/build-assets")
    _, port = dashboard_process
    base = f"http://127.0.0.1:{port}"
    page = httpx.get(f"{base}/docs")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<script src="/vendor/swagger-ui-bundle.js"></script>' in page.text
    assert 'href="/vendor/swagger-ui.css"' in page.text
    assert "url: '/openapi.json'" in page.text
    assert "http://" not in page.text and "https://" not in page.text  # nothing remote
    for name, media_type in SWAGGER_UI.items():
        response = httpx.get(f"{base}/vendor/{name}")
        assert response.status_code == 200, name
        assert response.headers["content-type"].split(";")[0] == media_type, name
        assert response.content == (VENDOR / name).read_bytes()
    assert "SwaggerUIBundle" in httpx.get(f"{base}/vendor/swagger-ui-bundle.js").text
    licence = httpx.get(f"{base}/vendor/swagger-ui.LICENSE")
    assert licence.status_code == 200 and "Apache License" in licence.text


def test_a_port_in_use_fails_with_a_listen_error(examples_dir, tmp_path):
    sock = bind_socket("127.0.0.1", 0)
    sock.listen()
    port = sock.getsockname()[1]
    try:
        result = subprocess.run(
            [sys.executable, "-m", "pacto", "dashboard", str(examples_dir), "--port", str(port)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        sock.close()
    assert result.returncode == 1
    assert "listen:" in result.stderr and "Address already in use" in result.stderr


class SlowStore(FakeStore):
    """Registry latency on first access, then memory hits, like pacto's CachedStore."""

    def __init__(self) -> None:
        super().__init__()
        self._pulled: dict[str, Any] = {}

    def pull(self, reference: str) -> Any:
        if reference not in self._pulled:
            time.sleep(0.002)
            self._pulled[reference] = super().pull(reference)
        return self._pulled[reference]

    def list_tags(self, repository: str) -> list[str]:
        time.sleep(0.001)
        return super().list_tags(repository)


@pytest.fixture
def live_server(tmp_path: Path, examples_dir: Path) -> Iterator[tuple[str, Any]]:
    """A dashboard on a real uvicorn in a thread, with continuous OCI discovery."""
    import uvicorn

    cache_dir = tmp_path / "cache"
    store = SlowStore()
    for index in range(20):
        deps = [(f"oci://r.io/acme/svc-{index + 1}", True)] if index < 19 else []
        for version in ("1.0.0", "1.1.0", "2.0.0"):
            store.add(
                f"r.io/acme/svc-{index}",
                make_bundle(contract_yaml(f"svc-{index}", version, deps=deps)),
            )
    store.on_pull = lambda ref, bundle: materialise(cache_dir, ref, bundle.raw().decode())
    board = open_dashboard(
        directory=str(examples_dir),
        repos=["r.io/acme/svc-0"],
        store=store,
        options=DashboardOptions(cache_dir=str(cache_dir), index_ttl=0.2),
        differ=fake_differ,
    )
    assert board.oci is not None
    board.oci.rediscover_interval = 0.05
    sock = bind_socket("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(create_app(board), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    _wait_for(f"{url}/health")
    try:
        yield url, board
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        board.close()


def test_concurrent_requests_during_discovery_are_always_well_formed(live_server):
    url, board = live_server
    validators: dict[str, TypeAdapter[Any]] = {
        "/api/services": TypeAdapter(list[api.ServiceListEntry]),
        "/api/graph": TypeAdapter(api.GlobalGraph),
        "/api/sources": TypeAdapter(api.GetSourcesOutputBody),
        "/api/services/svc-0/versions": TypeAdapter(list[api.Version]),
    }
    refresh = TypeAdapter(api.RefreshOutputBody)
    failures: list[str] = []
    counts = {"requests": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + 6

    def worker(index: int) -> None:
        with httpx.Client(base_url=url, timeout=30) as client:
            step = 0
            while time.monotonic() < deadline and step < 200:
                step += 1
                try:
                    if (index + step) % 4 == 0:
                        response = client.post("/api/refresh")
                        refresh.validate_python(response.json())
                    else:
                        path = list(validators)[(index + step) % len(validators)]
                        response = client.get(path)
                        validators[path].validate_python(response.json())
                    if response.status_code != 200:
                        raise AssertionError(f"{response.status_code} {response.text[:200]}")
                except Exception as exc:  # collect every failure with its context
                    with lock:
                        failures.append(f"worker {index} step {step}: {exc!r}")
                with lock:
                    counts["requests"] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"hammer: {counts['requests']} requests, {board.oci.cycles} discovery cycles")
    assert not failures, "\n".join(failures[:10])
    assert counts["requests"] >= 50, counts  # enough traffic to interleave with discovery
    assert board.oci.cycles >= 2  # discovery kept running underneath
    names = {s["name"] for s in httpx.get(f"{url}/api/services").json()}
    assert {f"svc-{i}" for i in range(20)} <= names  # deep discovery found the whole chain
    versions = httpx.get(f"{url}/api/services/svc-3/versions").json()
    assert all(v.get("contractHash") for v in versions)  # prefetch materialised every tag
