"""The ``pacto`` root command: global flags, configuration, lazy sub-commands, exit codes.

Global flags may stand before or after the sub-command (08-cli.md §1), so each command also
carries them (:func:`global_options`). Settings resolve flag > ``PACTO_*`` env > config file >
default, and are read here once; nothing below the CLI reads the environment.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import click

from pacto import __version__
from pacto.cli._context import OUTPUT_FORMATS, CliContext
from pacto.cli.exit import run_guarded

__all__ = [
    "COMMANDS",
    "cli",
    "ensure_state",
    "global_options",
    "main",
    "parse_bool",
    "pass_context",
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

_TRUE = {"1", "t", "T", "true", "TRUE", "True"}


def parse_bool(text: str) -> bool:
    """The reference's lenient boolean parsing: anything but a true word is false."""
    return text in _TRUE


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
        command: click.Command = module.command
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
            _apply_setting(state, name, value)
            state.explicit.add(name)
        return value

    return callback


def _apply_setting(state: CliContext, name: str, value: Any) -> None:
    if name == "output-format":
        state.output_format = str(value)
    elif name == "verbose":
        state.verbose = bool(value)
        if state.verbose:
            from pacto._logging import configure_logging

            configure_logging(verbose=True)
    elif name == "no-cache":
        state.no_cache = bool(value)
    elif name == "config":
        state.config_path = str(value)


def global_options(function: F) -> F:
    """Attach the global flags to a command so they work after the sub-command name too."""
    options = [
        click.option(
            "--output-format",
            "output_format_",
            type=click.Choice(OUTPUT_FORMATS),
            default=None,
            expose_value=False,
            callback=_store_global("output-format"),
            help="Output format: text, json, markdown or sarif (validate and diff).",
        ),
        click.option(
            "-v",
            "--verbose",
            "verbose_",
            is_flag=True,
            default=False,
            expose_value=False,
            callback=_store_global("verbose"),
            help="Debug logging to stderr, and tracebacks for unexpected errors.",
        ),
        click.option(
            "--no-cache",
            "no_cache_",
            is_flag=True,
            default=False,
            expose_value=False,
            callback=_store_global("no-cache"),
            help="Skip reading the OCI disk cache (it is still written).",
        ),
        click.option(
            "--config",
            "config_",
            default=None,
            expose_value=False,
            callback=_store_global("config"),
            help="Configuration file (default: ./pacto.yaml, then ~/.config/pacto/pacto.yaml).",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


pass_context = click.make_pass_decorator(CliContext)


def ensure_state(ctx: click.Context) -> CliContext:
    """The invocation's :class:`CliContext`; wraps an injected service (tests) on first use."""
    root = ctx.find_root()
    if isinstance(root.obj, CliContext):
        return root.obj
    state = CliContext(env=dict(os.environ), injected_service=root.obj)
    root.obj = state
    return state


def _load_config_file(path: Path) -> dict[str, Any]:
    """A missing, unreadable or invalid file is silently ignored (08-cli.md §2.2)."""
    try:
        if not path.is_file() or path.stat().st_size > 1_048_576:
            return {}
        data = path.read_bytes()
        if path.suffix == ".json":
            import json

            loaded = json.loads(data)
        elif path.suffix == ".toml":
            import tomllib

            loaded = tomllib.loads(data.decode("utf-8"))
        else:
            from pacto.contract import load_yaml

            loaded = load_yaml(data, name=str(path), empty_ok=True)
    except Exception:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _resolve_settings(state: CliContext) -> None:
    env = state.env
    if "config" not in state.explicit and env.get("PACTO_CONFIG"):
        state.config_path = env["PACTO_CONFIG"]
    if state.config_path:
        state.config = _load_config_file(Path(state.config_path))
    else:
        home = env.get("HOME") or str(Path.home())
        for candidate in (Path("pacto.yaml"), Path(home) / ".config" / "pacto" / "pacto.yaml"):
            if candidate.is_file():
                state.config = _load_config_file(candidate)
                break
    if "output-format" not in state.explicit:
        value = env.get("PACTO_OUTPUT_FORMAT") or state.config.get("output-format")
        if isinstance(value, str) and value:
            if value not in OUTPUT_FORMATS:
                raise click.UsageError(
                    f'invalid output format "{value}" (from PACTO_OUTPUT_FORMAT or the config '
                    "file): use text, json, markdown or sarif"
                )
            state.output_format = value
    if "no-cache" not in state.explicit:
        if "PACTO_NO_CACHE" in env:
            state.no_cache = parse_bool(env["PACTO_NO_CACHE"])
        elif isinstance(state.config.get("no-cache"), bool):
            state.no_cache = bool(state.config["no-cache"])


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
    _resolve_settings(state)
    _start_update_check(state, ctx.invoked_subcommand)
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


_NO_UPDATE_CHECK = frozenset({"update", "mcp", "help", "completion"})


def _start_update_check(state: CliContext, command: str | None) -> None:
    """Start the background update check on interactive runs (08-cli.md §2.2)."""
    if command is None or command in _NO_UPDATE_CHECK or not sys.stderr.isatty():
        return
    from datetime import datetime

    from pacto._paths import update_check_file
    from pacto.update import start_check

    state.update_check = start_check(
        state.env, __version__, update_check_file(state.env), datetime.now().astimezone()
    )


def _print_update_notice(state: CliContext) -> None:
    """After a successful text-mode command: the notice, if the check answered within 200 ms."""
    check = state.update_check
    if check is None or state.output_format != "text":
        return
    latest = check.result(timeout=0.2)
    if latest:
        from pacto.update import format_notice

        click.echo(format_notice(__version__, latest), err=True)


def main(argv: list[str] | None = None, env: Mapping[str, str] | None = None) -> None:
    """Console-script entry point. Exits with 0 on success and 1 on any failure."""
    environment = dict(os.environ if env is None else env)
    state = CliContext(env=environment)
    if parse_bool(environment.get("PACTO_VERBOSE", "")):
        state.verbose = True
    from pacto._logging import configure_logging

    configure_logging(verbose=state.verbose)
    args = sys.argv[1:] if argv is None else argv

    def invoke() -> None:
        code = cli.main(args=args, prog_name="pacto", standalone_mode=False, obj=state)
        if isinstance(code, int) and code != 0:
            raise click.exceptions.Exit(code)
        _print_update_notice(state)

    sys.exit(run_guarded(invoke, verbose=lambda: state.verbose))
