"""``pacto pack [DIR]`` (08-cli.md §3.3)."""

from __future__ import annotations

import click

from pacto.cli._context import CliContext
from pacto.cli._overrides import build_overrides, override_options
from pacto.cli.output import echo, emit_json
from pacto.cli.push import report_invalid
from pacto.cli.root import global_options, pass_context


@click.command("pack")
@click.argument("path", default=".", metavar="[DIR]")
@click.option(
    "-o",
    "--output",
    default="",
    metavar="FILE",
    help="Archive path (default: <service.name>-<service.version>.tar.gz here).",
)
@override_options
@global_options
@pass_context
def command(
    state: CliContext,
    path: str,
    output: str,
    values: tuple[str, ...],
    set_values: tuple[str, ...],
    set_string_values: tuple[str, ...],
    set_json_values: tuple[str, ...],
) -> None:
    """Validate the bundle in DIR (default: .) and write it as a reproducible tar.gz: the same
    files give the same bytes, hence the same digest, on every machine.

    \b
    Examples:
      pacto pack orders/
      pacto pack orders -o dist/orders.tar.gz --set service.version=1.5.0
    """
    from pacto.app.pack import ContractInvalidError, PackOptions

    overrides = build_overrides(values, set_values, set_string_values, set_json_values)
    try:
        result = state.service().pack(PackOptions(path=path, output=output, overrides=overrides))
    except ContractInvalidError as exc:
        report_invalid(exc)
        raise
    if state.output_format == "json":
        emit_json(result.to_wire())
        return
    echo(f"Packed {result.name}@{result.version} -> {result.output}")
