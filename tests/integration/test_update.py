"""The update check and ``pacto update`` against a fake package index on loopback (09 §5)."""

from __future__ import annotations

import json
import os
import pty
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pacto import __version__
from pacto.update import (
    CacheEntry,
    InstallKind,
    ReleaseNotFoundError,
    ReleaseSourceError,
    UpdateOptions,
    detect_installation,
    fetch_latest_version,
    read_cache,
    release_exists,
    self_update,
    start_check,
    write_cache,
)
from tests.e2e.conftest import run_cli

pytestmark = pytest.mark.integration

NOW = datetime(2026, 3, 20, 10, 15, 2, tzinfo=datetime.now().astimezone().tzinfo)


class FakeIndex:
    """``/pypi/pacto-cli/json`` and ``/pypi/pacto-cli/<version>/json``, counting requests."""

    def __init__(self, latest: str = "99.0.0", releases: tuple[str, ...] = ("99.0.0", "98.1.0")):
        self.latest = latest
        self.releases = releases
        self.requests: list[str] = []
        self.status = 200
        index = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                index.requests.append(self.path)
                parts = self.path.strip("/").split("/")
                if index.status != 200:
                    body, status = b"{}", index.status
                elif parts == ["pypi", "pacto-cli", "json"]:
                    body, status = json.dumps({"info": {"version": index.latest}}).encode(), 200
                elif len(parts) == 4 and parts[3] == "json" and parts[2] in index.releases:
                    body, status = json.dumps({"info": {"version": parts[2]}}).encode(), 200
                else:
                    body, status = b'{"message": "Not Found"}', 404
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/pypi/pacto-cli/json"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def index() -> Iterator[FakeIndex]:
    fake = FakeIndex()
    yield fake
    fake.close()


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/pypi/pacto-cli/json"


def check(url: str, cache: Path, now: datetime = NOW, **env: str) -> str | None:
    environment = {"PACTO_UPDATE_URL": url, **env}
    return start_check(environment, "0.1.0", cache, now).result(timeout=10)


def test_newer_version_is_announced_once_then_served_from_the_cache(
    index: FakeIndex, tmp_path: Path
) -> None:
    cache = tmp_path / "config" / "pacto" / "update-check.json"
    assert check(index.url, cache) == "99.0.0"
    assert index.requests == ["/pypi/pacto-cli/json"]
    document = json.loads(cache.read_text())
    assert document["latest_version"] == "99.0.0"
    assert document["checked_at"].startswith("2026-03-20T10:15:02.000000000")
    assert oct(cache.stat().st_mode & 0o777) == "0o600"
    assert oct(cache.parent.stat().st_mode & 0o777) == "0o700"

    assert check(index.url, cache, NOW + timedelta(hours=23)) == "99.0.0"
    assert len(index.requests) == 1  # fresh cache: no network
    index.latest = "99.1.0"
    assert check(index.url, cache, NOW + timedelta(hours=24, seconds=1)) == "99.1.0"
    assert len(index.requests) == 2


def test_no_notice_when_up_to_date(index: FakeIndex, tmp_path: Path) -> None:
    index.latest = "0.1.0"
    assert check(index.url, tmp_path / "c.json") is None
    assert read_cache(tmp_path / "c.json") is not None  # a successful fetch is still cached


def test_silent_when_the_index_is_unreachable_or_broken(index: FakeIndex, tmp_path: Path) -> None:
    cache = tmp_path / "c.json"
    assert check(closed_port_url(), cache) is None
    index.status = 503
    assert check(index.url, cache) is None
    assert not cache.exists()  # only successful fetches are cached


def test_opted_out_or_non_interactive_runs_make_no_request(
    index: FakeIndex, tmp_path: Path
) -> None:
    cache = tmp_path / "c.json"
    assert check(index.url, cache, PACTO_NO_UPDATE_CHECK="1") is None
    silent = start_check({"PACTO_UPDATE_URL": index.url}, "0.1.0", cache, NOW, interactive=False)
    assert silent.result(timeout=1) is None
    assert start_check({"PACTO_UPDATE_URL": index.url}, "dev", cache, NOW).result(1) is None
    assert index.requests == []


def test_invalid_cache_is_treated_as_absent(index: FakeIndex, tmp_path: Path) -> None:
    cache = tmp_path / "c.json"
    cache.write_text("{not json")
    assert check(index.url, cache) == "99.0.0"
    assert len(index.requests) == 1


def test_release_lookups(index: FakeIndex) -> None:
    assert fetch_latest_version(index.url) == "99.0.0"
    release_exists(index.url, "98.1.0")
    with pytest.raises(ReleaseNotFoundError):
        release_exists(index.url, "1.2.3")
    assert index.requests[-1] == "/pypi/pacto-cli/1.2.3/json"
    with pytest.raises(ReleaseSourceError):
        fetch_latest_version(closed_port_url(), timeout=2)


def test_self_update_against_the_index(index: FakeIndex, tmp_path: Path) -> None:
    ran: list[list[str]] = []

    def run(argv: Sequence[str]) -> int:
        ran.append(list(argv))
        return 0

    installation = detect_installation(
        python="/venv/bin/python", prefix=str(tmp_path), path="", distribution="not-installed-x"
    )
    result = self_update(
        UpdateOptions(
            current_version="0.1.0",
            target="v98.1.0",
            url=index.url,
            cache_file=tmp_path / "c.json",
            run=True,
        ),
        installation,
        NOW,
        run=run,
    )
    assert result.display_target == "v98.1.0"
    assert ran == [["/venv/bin/python", "-m", "pip", "install", "--upgrade", "pacto-cli==98.1.0"]]
    assert read_cache(tmp_path / "c.json") == CacheEntry(checked_at=NOW, latest_version="98.1.0")


def test_installation_kind_is_detected_from_the_prefix(tmp_path: Path) -> None:
    def kind(prefix: Path, path: str = "") -> InstallKind:
        prefix.mkdir(parents=True, exist_ok=True)
        found = detect_installation(
            python=str(prefix / "bin" / "python"),
            prefix=str(prefix),
            path=path,
            distribution="not-installed-x",
        )
        return found.kind

    assert kind(tmp_path / "share" / "pipx" / "venvs" / "pacto-cli") is InstallKind.PIPX
    receipt = tmp_path / "tools" / "pacto-cli"
    receipt.mkdir(parents=True)
    (receipt / "uv-receipt.toml").write_text("")
    assert kind(receipt) is InstallKind.UV_TOOL
    with_pip = tmp_path / "venv"
    (with_pip / "bin").mkdir(parents=True)
    (with_pip / "bin" / "pip").write_text("")
    assert kind(with_pip) is InstallKind.PIP
    uv_dir = tmp_path / "uvbin"
    uv_dir.mkdir()
    (uv_dir / "uv").write_text("#!/bin/sh\n")
    (uv_dir / "uv").chmod(0o755)
    assert kind(tmp_path / "uv-venv", path=str(uv_dir)) is InstallKind.UV_PIP


def test_update_command_refuses_an_editable_install(
    index: FakeIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PACTO_UPDATE_URL", index.url)
    outcome = run_cli(["update"])
    assert outcome.exit_code == 1
    assert outcome.stderr.startswith("cannot update a dev build; install a release build from ")
    assert "Checking for updates..." not in outcome.stderr
    assert index.requests == []


# --------------------------------------------------------------------------- the CLI hook


def run_on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """Run ``python -m pacto`` with stderr on a pseudo-terminal (an interactive run)."""
    master, slave = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PACTO_")}
    environment.update(env)
    process = subprocess.Popen(
        [sys.executable, "-m", "pacto", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
        env=environment,
    )
    os.close(slave)
    stdout, _ = process.communicate(timeout=60)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return process.returncode, stdout.decode(), b"".join(chunks).decode().replace("\r\n", "\n")


def test_cli_prints_the_notice_after_a_successful_text_command(tmp_path: Path) -> None:
    config = tmp_path / "config"
    write_cache(
        config / "pacto" / "update-check.json",
        CacheEntry(checked_at=datetime.now().astimezone(), latest_version="99.0.0"),
    )
    env = {
        "XDG_CONFIG_HOME": str(config),
        "HOME": str(tmp_path),
        "PACTO_UPDATE_URL": closed_port_url(),
    }
    code, stdout, stderr = run_on_a_terminal(["version"], env)
    assert code == 0 and stdout.startswith("Pacto:")
    assert stderr.endswith(
        f"\nA new version of pacto is available: {__version__} -> 99.0.0\n"
        "Run 'pacto update' to update.\n"
    )
    _, _, quiet = run_on_a_terminal(["version", "--output-format", "json"], env)
    assert "new version" not in quiet
    _, _, opted_out = run_on_a_terminal(["version"], {**env, "PACTO_NO_UPDATE_CHECK": "1"})
    assert "new version" not in opted_out
    code, _, failed = run_on_a_terminal(["validate", str(tmp_path / "missing")], env)
    assert code == 1 and "new version" not in failed
