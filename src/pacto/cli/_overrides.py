"""The shared ``-f/--values``, ``--set``, ``--set-string`` and ``--set-json`` flags."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def override_options(function: F, *, values_short: bool = True) -> F:
    """Add the override flags; the command receives ``values``, ``set_values``,
    ``set_string_values`` and ``set_json_values`` tuples."""
    names = ["-f", "--values"] if values_short else ["--values"]
    decorators = [
        click.option(
            *names,
            "values",
            multiple=True,
            metavar="FILE",
            help="YAML values file deep-merged into pacto.yaml (repeatable; later wins).",
        ),
        click.option(
            "--set",
            "set_values",
            multiple=True,
            metavar="PATH=VALUE",
            help="Set one value, e.g. --set service.version=2.0.0 or interfaces[0].port=9090.",
        ),
        click.option(
            "--set-string",
            "set_string_values",
            multiple=True,
            metavar="PATH=VALUE",
            help="Like --set, but the value is always a string.",
        ),
        click.option(
            "--set-json",
            "set_json_values",
            multiple=True,
            metavar="PATH=JSON",
            help="Like --set, with a JSON value (lists, objects, null).",
        ),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def build_overrides(
    values: tuple[str, ...],
    set_values: tuple[str, ...],
    set_string_values: tuple[str, ...] = (),
    set_json_values: tuple[str, ...] = (),
) -> Any:
    from pacto.override import Overrides

    return Overrides(
        value_files=tuple(values),
        set_values=tuple(set_values),
        set_string_values=tuple(set_string_values),
        set_json_values=tuple(set_json_values),
    )
