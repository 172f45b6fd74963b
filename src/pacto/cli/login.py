"""``pacto login REGISTRY`` (08-cli.md §3.11)."""

from __future__ import annotations

import sys

import click

from pacto.cli._context import CliContext
from pacto.cli.output import echo
from pacto.cli.root import global_options, pass_context


def _prompt_password() -> str:
    """``Password: `` on stdout, a line read from the terminal without echo, then a newline."""
    import getpass

    from pacto.app.errors import CommandError

    if not sys.stdin.isatty():
        raise CommandError(
            "failed to read password: standard input is not a terminal (use -p or --password-stdin)"
        )
    click.echo("Password: ", nl=False)
    try:
        password = getpass.getpass(prompt="")
    except (EOFError, OSError) as exc:
        raise CommandError(f"failed to read password: {exc}") from exc
    return password


@click.command("login")
@click.argument("registry")
@click.option("-u", "--username", default="", help="Registry username (required).")
@click.option("-p", "--password", default=None, help="Password or token (prompted if absent).")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password or token from standard input."
)
@global_options
@pass_context
def command(
    state: CliContext, registry: str, username: str, password: str | None, password_stdin: bool
) -> None:
    """Store credentials for REGISTRY (e.g. ghcr.io, localhost:5000) in the pacto config file
    ($XDG_CONFIG_HOME/pacto/config.json, mode 0600). The registry is not contacted.

    \b
    Examples:
      pacto login ghcr.io -u octocat -p "$GITHUB_TOKEN"
      echo "$TOKEN" | pacto login registry.example.com -u ci --password-stdin
    """
    from pacto._paths import config_file
    from pacto.app.errors import CommandError
    from pacto.app.login import LoginOptions

    if not username:
        raise CommandError("--username is required")
    if password_stdin:
        if password is not None:
            raise CommandError("--password and --password-stdin are mutually exclusive")
        password = sys.stdin.readline().rstrip("\r\n")
    elif password is None:
        password = _prompt_password()
    if not password:
        # Beyond the reference, which stores it: an empty secret is a mistake (an unset variable
        # piped to --password-stdin) that would only surface later as a failed pull.
        raise CommandError("empty password or token: nothing was stored")
    result = state.service().login(
        LoginOptions(
            registry=registry,
            username=username,
            password=password,
            config_file=str(config_file(state.env)),
        )
    )
    echo(f"Login succeeded for {result.registry}")
