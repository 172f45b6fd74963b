"""The shared ``-f/--values``, ``--set``, ``--set-string`` and ``--set-json`` flags."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pacto.cli._options import OVERRIDE_FLAGS

F = TypeVar("F", bound=Callable[..., Any])


def override_options(function: F, *, values_short: bool = True) -> F:
    """Add the override flags; the command receives ``values``, ``set_values``,
    ``set_string_values`` and ``set_json_values`` tuples."""
    import click

    for flag in reversed(OVERRIDE_FLAGS):
        names = flag.names if values_short else tuple(n for n in flag.names if n != "-f")
        function = click.option(
            *names, flag.dest, multiple=flag.multiple, metavar=flag.metavar, help=flag.help
        )(function)
    return function


def build_overrides(
    values: Sequence[str],
    set_values: Sequence[str],
    set_string_values: Sequence[str] = (),
    set_json_values: Sequence[str] = (),
) -> Any:
    from pacto.override import Overrides

    return Overrides(
        value_files=tuple(values),
        set_values=tuple(set_values),
        set_string_values=tuple(set_string_values),
        set_json_values=tuple(set_json_values),
    )


def plain_overrides(flags: dict[str, object]) -> Any:
    """The overrides of a plainly parsed command line (:mod:`pacto.cli._options`)."""

    def strings(dest: str) -> tuple[str, ...]:
        given = flags.get(dest, ())
        return tuple(given) if isinstance(given, list) else ()

    return build_overrides(
        strings("values"),
        strings("set_values"),
        strings("set_string_values"),
        strings("set_json_values"),
    )
