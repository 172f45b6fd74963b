"""The global and override flags as data, and a strict parser for the plain invocations.

Two readers share this table: the click decorators (:func:`pacto.cli.root.global_options`,
:func:`pacto.cli._overrides.override_options`) and :func:`parse_plain`, which lets the hot
commands (``validate``, ``explain``, ``version``) run without importing click at all (click is
about a fifth of a cold ``pacto validate``). :func:`parse_plain` accepts only what it is sure
means the same to click and returns ``None`` for anything else (``--help``, an unknown flag, a
bad choice, a missing value, bundled short flags), and the caller then hands the whole command
line to click, which either runs it or explains the mistake.
"""

from __future__ import annotations

from collections.abc import Sequence

from pacto._record import Record

__all__ = [
    "GLOBAL_FLAGS",
    "OUTPUT_FORMATS",
    "OVERRIDE_FLAGS",
    "Flag",
    "PlainArgs",
    "parse_plain",
]

OUTPUT_FORMATS = ("text", "json", "markdown", "sarif")


class Flag(Record, kw_only=False):
    """One flag: its spellings, the name it is stored under, and whether it takes a value."""

    names: tuple[str, ...]
    dest: str
    help: str
    takes_value: bool = False
    multiple: bool = False
    metavar: str | None = None
    choices: tuple[str, ...] = ()


GLOBAL_FLAGS = (
    Flag(
        ("--output-format",),
        "output-format",
        "Output format: text, json, markdown or sarif (validate and diff).",
        takes_value=True,
        choices=OUTPUT_FORMATS,
    ),
    Flag(
        ("-v", "--verbose"),
        "verbose",
        "Debug logging to stderr, and tracebacks for unexpected errors.",
    ),
    Flag(("--no-cache",), "no-cache", "Skip reading the OCI disk cache (it is still written)."),
    Flag(
        ("--config",),
        "config",
        "Configuration file (default: ./pacto.yaml, then ~/.config/pacto/pacto.yaml).",
        takes_value=True,
    ),
)

OVERRIDE_FLAGS = (
    Flag(
        ("-f", "--values"),
        "values",
        "YAML values file deep-merged into pacto.yaml (repeatable; later wins).",
        takes_value=True,
        multiple=True,
        metavar="FILE",
    ),
    Flag(
        ("--set",),
        "set_values",
        "Set one value, e.g. --set service.version=2.0.0 or interfaces[0].port=9090.",
        takes_value=True,
        multiple=True,
        metavar="PATH=VALUE",
    ),
    Flag(
        ("--set-string",),
        "set_string_values",
        "Like --set, but the value is always a string.",
        takes_value=True,
        multiple=True,
        metavar="PATH=VALUE",
    ),
    Flag(
        ("--set-json",),
        "set_json_values",
        "Like --set, with a JSON value (lists, objects, null).",
        takes_value=True,
        multiple=True,
        metavar="PATH=JSON",
    ),
)


class PlainArgs:
    """A plainly parsed command line: the sub-command, its operands, and the flags given
    (``dest`` -> ``True``, a string, or a list of strings for repeatable flags)."""

    __slots__ = ("command", "flags", "operands")

    def __init__(self, command: str, operands: list[str], flags: dict[str, object]) -> None:
        self.command = command
        self.operands = operands
        self.flags = flags


def _take(
    args: Sequence[str], index: int, table: dict[str, Flag], flags: dict[str, object]
) -> int | None:
    """Store the flag at ``args[index]``; the index after it, or ``None`` when not plain."""
    token = args[index]
    name, equals, inline = token.partition("=") if token.startswith("--") else (token, "", "")
    flag = table.get(name)
    if flag is None:
        return None
    if not flag.takes_value:
        if equals:
            return None
        flags[flag.dest] = True
        return index + 1
    if equals:
        value = inline
    else:
        index += 1
        if index >= len(args) or args[index].startswith("-"):
            return None
        value = args[index]
    if flag.choices and value not in flag.choices:
        return None
    if flag.multiple:
        values = flags.setdefault(flag.dest, [])
        assert isinstance(values, list)
        values.append(value)
    else:
        flags[flag.dest] = value
    return index + 1


def parse_plain(
    args: Sequence[str], commands: dict[str, tuple[tuple[Flag, ...], int]]
) -> PlainArgs | None:
    """Parse ``[GLOBAL...] COMMAND [OPERAND...] [FLAG...]`` when COMMAND is one of ``commands``
    (mapped to the flags it takes besides the global ones, and how many operands it takes at
    most); ``None`` when the line is anything less plain."""
    table = {name: flag for flag in GLOBAL_FLAGS for name in flag.names}
    flags: dict[str, object] = {}
    index = 0
    while index < len(args) and args[index].startswith("-"):
        after = _take(args, index, table, flags)
        if after is None:
            return None
        index = after
    if index >= len(args) or args[index] not in commands:
        return None
    command = args[index]
    own_flags, max_operands = commands[command]
    table.update({name: flag for flag in own_flags for name in flag.names})
    operands: list[str] = []
    index += 1
    while index < len(args):
        if args[index].startswith("-"):
            after = _take(args, index, table, flags)
            if after is None:
                return None
            index = after
        else:
            operands.append(args[index])
            index += 1
    if len(operands) > max_operands:
        return None
    return PlainArgs(command, operands, flags)
