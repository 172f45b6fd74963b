"""``DocServer`` and ``pacto doc --serve`` over real loopback sockets (09 §2.3)."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from pacto.doc import MERMAID_ASSET_PATH, DocServeError, DocServer, mermaid_script
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.integration


@pytest.fixture
def server() -> Iterator[DocServer]:
    doc = DocServer("# orders\n\n```mermaid\ngraph TB\n  a --> b\n```\n", "orders", port=0)
    doc.serve_in_background()
    yield doc
    doc.shutdown()


def _request(doc: DocServer, method: str, path: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", doc.port, timeout=10)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/"), ("GET", "/any/where?x=1"), ("POST", "/"), ("DELETE", "/x"), ("PUT", "/")],
)
def test_every_path_and_method_returns_the_page(server: DocServer, method: str, path: str) -> None:
    status, headers, body = _request(server, method, path)
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"<title>orders</title>" in body


def test_head_has_headers_but_no_body(server: DocServer) -> None:
    status, headers, body = _request(server, "HEAD", "/")
    assert status == 200 and body == b""
    assert int(headers["Content-Length"]) > 0


def test_mermaid_script_is_served_when_built(server: DocServer) -> None:
    status, headers, body = _request(server, "GET", MERMAID_ASSET_PATH)
    if mermaid_script() is None:
        assert headers["Content-Type"].startswith("text/html")  # the page, as for any path
    else:
        assert status == 200
        assert headers["Content-Type"] == "text/javascript; charset=utf-8"
        assert body == mermaid_script()


def test_listen_failure_is_reported(server: DocServer) -> None:
    clash = DocServer("# x\n", "x", port=server.port)
    with pytest.raises(DocServeError, match=r"^listen: "):
        clash.start()


def test_doc_serve_command_announces_serves_and_stops_cleanly_on_sigint() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "pacto", "doc", str(EXAMPLES / "orders"), "--serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stderr is not None
        announced = ""
        deadline = time.monotonic() + 60
        while "Serving documentation at" not in announced and time.monotonic() < deadline:
            announced += process.stderr.readline()
        assert "Serving documentation at http://127.0.0.1:" in announced
        port = int(announced.split("http://127.0.0.1:", 1)[1].split()[0])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/")
        body = connection.getresponse().read()
        connection.close()
        assert b"<title>orders</title>" in body
        process.send_signal(signal.SIGINT)
        stdout, _ = process.communicate(timeout=30)
        assert process.returncode == 0
        assert stdout == ""
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
