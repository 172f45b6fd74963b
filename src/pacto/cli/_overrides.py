"""The shared ``-f/--values``, ``--set``, ``--set-string`` and ``--set-json`` flags."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pacto.cli._options import OVERRIDE_FLAGS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from typing import Any, TypeVar

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


def bundle_command(name: str, help_text: str, run: Callable[[Any, str, Any], None]) -> Any:
    """The click command ``pacto NAME [DIR | oci://REF]`` with the override and global flags,
    calling ``run(state, path, overrides)`` (used by the commands that also run plainly)."""
    import click

    from pacto.cli.root import global_options, pass_context

    @click.command(name, help=help_text)
    @click.argument("path", default=".", metavar="[DIR | oci://REF]")
    @override_options
    @global_options
    @pass_context
    def command(
        state: Any,
        path: str,
        values: tuple[str, ...],
        set_values: tuple[str, ...],
        set_string_values: tuple[str, ...],
        set_json_values: tuple[str, ...],
    ) -> None:
        run(state, path, build_overrides(values, set_values, set_string_values, set_json_values))

    return command


def run_bundle_plain(run: Callable[[Any, str, Any], None], state: Any, flags: Any) -> None:
    """Run ``run(state, path, overrides)`` for a plainly parsed ``pacto NAME [DIR]`` line."""
    run(state, flags.operands[0] if flags.operands else ".", plain_overrides(flags.flags))
