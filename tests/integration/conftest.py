"""Session fixtures: real registries on loopback (no auth, htpasswd basic auth, token auth).

A missing tool fails the test with the Debian package to install; it is never skipped.
Registry logs are attached to failing tests' reports.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.integration.registry import MissingToolError, RunningRegistry, start_registry

_STARTED: list[RunningRegistry] = []


def _start(factory: pytest.TempPathFactory, auth: str) -> Iterator[RunningRegistry]:
    try:
        registry = start_registry(factory.mktemp(f"registry-{auth}"), auth)
    except MissingToolError as exc:
        pytest.fail(str(exc))
    _STARTED.append(registry)
    try:
        yield registry
    finally:
        registry.stop()
        _STARTED.remove(registry)


@pytest.fixture(scope="session")
def registry_noauth(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningRegistry]:
    yield from _start(tmp_path_factory, "none")


@pytest.fixture(scope="session")
def registry_basic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningRegistry]:
    yield from _start(tmp_path_factory, "basic")


@pytest.fixture(scope="session")
def registry_token(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningRegistry]:
    yield from _start(tmp_path_factory, "token")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.failed and _STARTED:
        for registry in _STARTED:
            report.sections.append(
                (f"registry {registry.auth} ({registry.host}) log", registry.logs())
            )
    return report


@pytest.fixture
def skopeo() -> str:
    """The skopeo binary (independent OCI client)."""
    import shutil

    found = shutil.which("skopeo")
    if found is None:
        pytest.fail("skopeo is not installed: apt-get install -y skopeo")
    return found


@pytest.fixture
def pacto_env(clean_environ: Path) -> dict[str, str]:
    """The environment a pacto process sees in these tests (hermetic home, XDG dirs)."""
    import os

    return dict(os.environ)


@dataclass
class CliOutcome:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)

    def __str__(self) -> str:
        return f"exit {self.exit_code}\n--- stdout\n{self.stdout}--- stderr\n{self.stderr}"


def invoke(
    args: list[str], env: dict[str, str], *, cwd: Path | None = None, stdin: str = ""
) -> CliOutcome:
    """Run ``pacto`` in-process with an explicit environment, as :func:`pacto.cli.root.run_click`
    does."""
    from click.testing import CliRunner

    from pacto.cli import cli
    from pacto.cli._context import CliContext
    from pacto.cli.exit import run_guarded

    previous = Path.cwd()
    runner = CliRunner()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with runner.isolation(input=stdin) as streams:
            out, err = streams[0], streams[1]
            state = CliContext(env=dict(env))

            def call() -> None:
                code = cli.main(args=args, prog_name="pacto", standalone_mode=False, obj=state)
                if isinstance(code, int) and code:
                    raise SystemExit(code)

            try:
                code = run_guarded(call, verbose=lambda: state.verbose)
            except SystemExit as exc:
                code = int(exc.code or 0)
            return CliOutcome(code, out.getvalue().decode(), err.getvalue().decode())
    finally:
        os.chdir(previous)


@pytest.fixture
def pacto(pacto_env: dict[str, str]) -> Callable[..., CliOutcome]:
    """``pacto(*args, env={...}, cwd=...)`` runs the CLI in-process with the hermetic env."""

    def run(
        *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, stdin: str = ""
    ) -> CliOutcome:
        return invoke(list(args), {**pacto_env, **(env or {})}, cwd=cwd, stdin=stdin)

    return run
