"""Helpers for driving the CLI in-process (CliRunner) and as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pacto.cli import cli


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_cli(
    args: Sequence[str], *, cwd: Path | None = None, obj: object = None, input: str | None = None
) -> Outcome:
    """Invoke ``pacto`` in-process as ``pacto.cli.root.run_click`` does; show output on failure."""
    import os

    from pacto.cli._context import CliContext
    from pacto.cli.exit import run_guarded

    runner = CliRunner()
    previous = Path.cwd()
    codes: list[int] = []
    try:
        if cwd is not None:
            os.chdir(cwd)
        with runner.isolation(input=input) as (out, err, _):
            state = CliContext(env=dict(os.environ), injected_service=obj)  # type: ignore[arg-type]

            def invoke() -> None:
                code = cli.main(
                    args=list(args), prog_name="pacto", standalone_mode=False, obj=state
                )
                if isinstance(code, int) and code:
                    import click

                    raise click.exceptions.Exit(code)

            codes.append(run_guarded(invoke, verbose=lambda: state.verbose))
            stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    finally:
        os.chdir(previous)
    return Outcome(codes[0], stdout, stderr)


def run_subprocess(
    args: Sequence[str], *, cwd: Path | None = None, env: dict[str, str] | None = None
) -> Outcome:
    """Run ``python -m pacto`` as a real process (entry point, exit code, stream split)."""
    import os

    environment = dict(os.environ)
    environment.update(env or {})
    result = subprocess.run(
        [sys.executable, "-m", "pacto", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        timeout=120,
        check=False,
    )
    return Outcome(result.returncode, result.stdout, result.stderr)


@pytest.fixture
def pacto(tmp_path: Path) -> Callable[..., Outcome]:
    def invoke(*args: str, cwd: Path | None = None) -> Outcome:
        return run_cli(args, cwd=cwd or tmp_path)

    return invoke
