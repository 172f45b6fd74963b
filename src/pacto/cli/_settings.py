"""Global settings, read once per run: flag > ``PACTO_*`` env > config file > default (08-cli.md
§2.2), and the update notice. Click-free, so the plain fast path can use it too."""

from __future__ import annotations

import sys
from pathlib import Path

from pacto import __version__
from pacto.cli._context import CliContext
from pacto.cli._options import OUTPUT_FORMATS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "InvalidSettingError",
    "apply_setting",
    "load_config_file",
    "parse_bool",
    "print_update_notice",
    "resolve_settings",
    "start_update_check",
]

_TRUE = {"1", "t", "T", "true", "TRUE", "True"}


class InvalidSettingError(ValueError):
    """A setting from the environment or the config file has a value the CLI cannot use."""


def parse_bool(text: str) -> bool:
    """The reference's lenient boolean parsing: anything but a true word is false."""
    return text in _TRUE


def apply_setting(state: CliContext, name: str, value: Any) -> None:
    """Store a global flag given on the command line (it beats env and config)."""
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
    state.explicit.add(name)


def load_config_file(path: Path) -> dict[str, Any]:
    """A missing, unreadable or invalid file is ignored (08-cli.md §2.2)."""
    return read_config_file(path)[0]


def read_config_file(path: Path) -> tuple[dict[str, Any], str]:
    """The settings in ``path`` and, when it could not be used, why (``""`` when it could)."""
    try:
        if not path.is_file():
            return {}, "no such file" if not path.exists() else "not a file"
        if path.stat().st_size > 1_048_576:
            return {}, "larger than 1 MB"
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
    except Exception as exc:  # any parser's error: the file is ignored, as upstream does
        return {}, (str(exc) or type(exc).__name__).splitlines()[0]
    if loaded is None:
        return {}, ""
    if not isinstance(loaded, dict):
        return {}, "not a mapping of settings"
    return loaded, ""


def resolve_settings(state: CliContext) -> None:
    """Fill in what no flag set, from ``PACTO_*`` and the config file; once per run, after every
    flag has been read (so ``--config`` works after the sub-command name too)."""
    if state.settings_resolved:
        return
    env = state.env
    if "config" not in state.explicit and env.get("PACTO_CONFIG"):
        state.config_path = env["PACTO_CONFIG"]
    if state.config_path:
        # Upstream ignores a file it cannot use; one the user named gets a warning (stderr only,
        # the run goes on as upstream's does).
        state.config, problem = read_config_file(Path(state.config_path))
        if problem:
            sys.stderr.write(f"warning: ignoring config file {state.config_path}: {problem}\n")
    else:
        home = env.get("HOME") or str(Path.home())
        for candidate in (Path("pacto.yaml"), Path(home) / ".config" / "pacto" / "pacto.yaml"):
            if candidate.is_file():
                state.config = load_config_file(candidate)
                break
    if "output-format" not in state.explicit:
        value = env.get("PACTO_OUTPUT_FORMAT") or state.config.get("output-format")
        if isinstance(value, str) and value:
            if value not in OUTPUT_FORMATS:
                raise InvalidSettingError(
                    f'invalid output format "{value}" (from PACTO_OUTPUT_FORMAT or the config '
                    "file): use text, json, markdown or sarif"
                )
            state.output_format = value
    if "no-cache" not in state.explicit:
        if "PACTO_NO_CACHE" in env:
            state.no_cache = parse_bool(env["PACTO_NO_CACHE"])
        elif isinstance(state.config.get("no-cache"), bool):
            state.no_cache = bool(state.config["no-cache"])
    state.settings_resolved = True


_NO_UPDATE_CHECK = frozenset({"update", "mcp", "help", "completion"})


def start_update_check(state: CliContext, command: str | None) -> None:
    """Start the background update check on interactive runs (08-cli.md §2.2)."""
    if command is None or command in _NO_UPDATE_CHECK or not sys.stderr.isatty():
        return
    from datetime import datetime

    from pacto._paths import update_check_file
    from pacto.update import start_check

    state.update_check = start_check(
        state.env, __version__, update_check_file(state.env), datetime.now().astimezone()
    )


def print_update_notice(state: CliContext) -> None:
    """After a successful text-mode command: the notice, if the check answered within 200 ms."""
    check = state.update_check
    if check is None or state.output_format != "text":
        return
    latest = check.result(timeout=0.2)
    if latest:
        from pacto.cli.output import echo_err
        from pacto.update import format_notice

        echo_err(format_notice(__version__, latest))
