"""``pacto init <name>`` (08-cli.md §3.1)."""

from __future__ import annotations

import click

from pacto.cli._context import CliContext
from pacto.cli.output import echo, emit_json
from pacto.cli.root import global_options, pass_context


@click.command("init")
@click.argument("name")
@global_options
@pass_context
def command(state: CliContext, name: str) -> None:
    """Scaffold a new bundle NAME/ with pacto.yaml, an OpenAPI placeholder and a
    configuration schema. The result passes `pacto validate NAME`."""
    from pacto.app.init import InitOptions

    result = state.service().init(InitOptions(name=name))
    if state.output_format == "json":
        emit_json({"Dir": result.dir, "Path": result.path})
        return
    echo(f"Created {result.dir}/")
    for path in result.created:
        echo(f"  {path}")
