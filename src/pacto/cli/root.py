"""The ``pacto`` root command on click: global flags, lazy sub-commands, help and completion.

Global flags may stand before or after the sub-command (08-cli.md §1), so each command also
carries them (:func:`global_options`). Settings resolve flag > ``PACTO_*`` env > config file >
default (:mod:`pacto.cli._settings`), once, after every flag has been read; nothing below the CLI
reads the environment. The console-script entry point is :func:`pacto.cli.root`, which runs the
plain ``validate``/``explain``/``version`` lines without click and hands every other line here
(:func:`run_click`).
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

from pacto import __version__
from pacto.cli._context import CliContext
from pacto.cli._options import GLOBAL_FLAGS
from pacto.cli._settings import (
    InvalidSettingError,
    apply_setting,
    parse_bool,
    print_update_notice,
    resolve_settings,
    start_update_check,
)

__all__ = [
    "COMMANDS",
    "cli",
    "ensure_state",
    "global_options",
    "parse_bool",
    "pass_context",
    "run_click",
]

F = TypeVar("F", bound=Callable[..., Any])

COMMANDS: dict[str, tuple[str, str]] = {
    # name: (module, one-line help shown in `pacto --help` without importing the module)
    "init": ("pacto.cli.init", "Scaffold a new contract bundle."),
    "validate": ("pacto.cli.validate", "Validate a contract through all four layers."),
    "explain": ("pacto.cli.explain", "Summarise a contract in plain words."),
    "diff": ("pacto.cli.diff", "Classify the changes between two contracts."),
    "rules": ("pacto.cli.rules", "List the diff rule catalogue."),
    "graph": ("pacto.cli.graph", "Resolve and print the dependency graph."),
    "pack": ("pacto.cli.pack", "Pack a bundle into a reproducible tar.gz."),
    "push": ("pacto.cli.push", "Push a bundle to an OCI registry."),
    "pull": ("pacto.cli.pull", "Pull a bundle from an OCI registry."),
    "login": ("pacto.cli.login", "Store credentials for an OCI registry."),
    "doc": ("pacto.cli.doc", "Generate Markdown documentation for a contract."),
    "generate": ("pacto.cli.generate", "Run a generator plugin on a contract."),
    "mcp": ("pacto.cli.mcp", "Serve the MCP tools for AI assistants."),
    "dashboard": ("pacto.cli.dashboard", "Serve the fleet dashboard."),
    "schema": ("pacto.cli.schema", "Print the contract JSON Schema."),
    "update": ("pacto.cli.update", "Update pacto to the latest release."),
    "version": ("pacto.cli.version", "Print version information."),
}


class LazyGroup(click.Group):
    """A group whose sub-commands are imported only when invoked (or their help is shown)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*COMMANDS, "help", "completion"])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name == "help":
            return _help_command
        if cmd_name == "completion":
            return _completion_command
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        try:
            module = importlib.import_module(entry[0])
        except ModuleNotFoundError as exc:
            if exc.name == entry[0]:
                return _unavailable(cmd_name, entry[1])
            raise
        build = getattr(module, "build_command", None)
        command: click.Command = build() if build is not None else module.command
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in sorted(COMMANDS)]
        rows += [
            ("help", "Show help for a command."),
            ("completion", "Print a shell completion script."),
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _unavailable(name: str, help_text: str) -> click.Command:
    @click.command(name, help=help_text, context_settings={"ignore_unknown_options": True})
    @click.argument("args", nargs=-1, type=click.UNPROCESSED)
    def placeholder(args: tuple[str, ...]) -> None:
        raise click.ClickException(f"'pacto {name}' is not available in this build yet")

    return placeholder


def _store_global(name: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is None or (value is False and name != "verbose"):
            return value
        state = ensure_state(ctx)
        if param.name is not None and ctx.get_parameter_source(param.name) in (
            click.core.ParameterSource.COMMANDLINE,
        ):
            apply_setting(state, name, value)
        return value

    return callback


def global_options(function: F) -> F:
    """Attach the global flags to a command so they work after the sub-command name too."""
    for flag in reversed(GLOBAL_FLAGS):
        function = click.option(
            *flag.names,
            flag.dest.replace("-", "_") + "_",
            type=click.Choice(flag.choices) if flag.choices else None,
            is_flag=not flag.takes_value,
            default=None if flag.takes_value else False,
            expose_value=False,
            callback=_store_global(flag.dest),
            help=flag.help,
        )(function)
    return function


def pass_context(function: F) -> F:
    """Hand the command its :class:`CliContext`, with the settings resolved: here rather than in
    the group's callback, which click runs before it has read the sub-command's own flags."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        state = ensure_state(ctx)
        try:
            resolve_settings(state)
        except InvalidSettingError as exc:
            raise click.UsageError(str(exc), ctx) from None
        return ctx.invoke(function, state, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def ensure_state(ctx: click.Context) -> CliContext:
    """The invocation's :class:`CliContext`; wraps an injected service (tests) on first use."""
    root = ctx.find_root()
    if isinstance(root.obj, CliContext):
        return root.obj
    state = CliContext(env=dict(os.environ), injected_service=root.obj)
    root.obj = state
    return state


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    invoke_without_command=True,
)
@global_options
@click.version_option(__version__, "--version", prog_name="pacto", message="pacto %(version)s")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Pacto: describe a service once in pacto.yaml, then validate, diff, publish,
    document and visualise it.

    \b
    Every command that takes a contract accepts a bundle directory (default: .)
    or an oci://registry/repository[:tag|@digest] reference.
    """
    state = ensure_state(ctx)
    start_update_check(state, ctx.invoked_subcommand)
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@click.command("help")
@click.argument("command_name", required=False)
@click.pass_context
def _help_command(ctx: click.Context, command_name: str | None) -> None:
    """Show help for a command."""
    root = ctx.find_root()
    group = root.command
    assert isinstance(group, click.Group)
    if not command_name:
        click.echo(root.get_help())
        return
    command = group.get_command(root, command_name)
    if command is None:
        raise click.UsageError(f'unknown command "{command_name}" for "pacto"')
    sub = click.Context(command, info_name=command_name, parent=root)
    click.echo(command.get_help(sub))


@click.command("completion")
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish", "powershell"]))
def _completion_command(shell: str) -> None:
    """Print a shell completion script (bash, zsh, fish; powershell is not supported)."""
    if shell == "powershell":
        raise click.ClickException("powershell completion is not supported; use bash, zsh or fish")
    from click.shell_completion import get_completion_class

    completion_class = get_completion_class(shell)
    assert completion_class is not None
    completer = completion_class(cli, {}, "pacto", "_PACTO_COMPLETE")
    click.echo(completer.source())


def run_click(args: list[str], state: CliContext) -> None:
    """Run one command line through click (raises what the command raises)."""
    code = cli.main(args=args, prog_name="pacto", standalone_mode=False, obj=state)
    if isinstance(code, int) and code != 0:
        raise click.exceptions.Exit(code)
    print_update_notice(state)
