"""``pacto version`` (08-cli.md §3.12; JSON and Markdown forms from §6 item 3)."""

from __future__ import annotations

import platform
import sys

from pacto import __version__
from pacto.cli._context import CliContext
from pacto.cli.output import echo, emit_json

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    import click

    from pacto.cli._options import PlainArgs

_ARCH = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}
GIT_COMMIT = "unknown"
BUILD_DATE = "unknown"


def _os_arch() -> tuple[str, str]:
    os_name = {"linux": "linux", "darwin": "darwin", "win32": "windows"}.get(
        sys.platform, sys.platform
    )
    machine = platform.machine().lower()
    return os_name, _ARCH.get(machine, machine)


def build_command() -> click.Command:
    """The click command (imported only when click handles the line)."""
    import click

    from pacto.cli.root import global_options, pass_context

    @click.command("version")
    @global_options
    @pass_context
    def command(state: CliContext) -> None:
        """Print the version, commit, build date and platform."""
        run(state)

    return command


def run_plain(state: CliContext, parsed: PlainArgs) -> None:
    run(state)


def run(state: CliContext) -> None:
    os_name, arch = _os_arch()
    if state.output_format == "json":
        emit_json(
            {
                "version": __version__,
                "gitCommit": GIT_COMMIT,
                "buildDate": BUILD_DATE,
                "os": os_name,
                "arch": arch,
            }
        )
        return
    if state.output_format == "markdown":
        echo("| Field | Value |\n|---|---|")
        for label, value in (
            ("Pacto", __version__),
            ("Git Commit", GIT_COMMIT),
            ("Build Date", BUILD_DATE),
            ("OS/Arch", f"{os_name}/{arch}"),
        ):
            echo(f"| {label} | {value} |")
        return
    for label, value in (
        ("Pacto:", __version__),
        ("Git Commit:", GIT_COMMIT),
        ("Build Date:", BUILD_DATE),
        ("Go OS/Arch:", f"{os_name}/{arch}"),
    ):
        echo(f"{label:<22}{value}")
