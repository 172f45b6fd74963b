"""``pacto update [VERSION]`` (08-cli.md §3.13, 09-plugins-doc-mcp.md §5.3)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime

import click

from pacto import __version__
from pacto.cli._context import CliContext
from pacto.cli.output import echo, echo_err
from pacto.cli.root import global_options, pass_context


@click.command("update")
@click.argument("version", required=False, default="")
@click.option(
    "-y", "--yes", "run", is_flag=True, help="Run the upgrade command instead of printing it."
)
@global_options
@pass_context
def command(state: CliContext, version: str, run: bool) -> None:
    """Update pacto to VERSION (with or without a leading v; default: the latest release).

    Prints the command that upgrades this installation (pip, pipx or uv, whichever installed
    it); with --yes, runs it. The output format is ignored.
    """
    from pacto._paths import update_check_file
    from pacto.update import (
        UpdateOptions,
        detect_installation,
        ensure_updatable,
        releases_url,
        run_command,
        self_update,
        shell_command,
    )

    env = state.env
    installation = detect_installation(
        python=sys.executable, prefix=sys.prefix, path=env.get("PATH", "")
    )
    ensure_updatable(__version__, installation)
    echo_err("Checking for updates...")

    def run_installer(argv: Sequence[str]) -> int:
        echo_err(f"Running: {shell_command(argv)}")
        return run_command(argv, stdout=sys.stderr)

    result = self_update(
        UpdateOptions(
            current_version=__version__,
            target=version,
            url=releases_url(env),
            cache_file=update_check_file(env),
            run=run,
        ),
        installation,
        datetime.now().astimezone(),
        run=run_installer,
    )
    if result.ran:
        echo(f"Updated pacto {result.previous} -> {result.display_target}")
        return
    echo_err(f"To update pacto {result.previous} -> {result.display_target}, run:")
    echo(shell_command(result.command))
    echo_err("(or run 'pacto update --yes' to do it now)")
