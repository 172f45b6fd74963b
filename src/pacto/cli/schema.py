"""``pacto schema``: print the contract JSON Schema (for editors and CI)."""

from __future__ import annotations

import click

from pacto.cli.root import global_options


@click.command("schema")
@click.option("-o", "--output", "output", default="", help="Write the schema to this file instead.")
@global_options
def command(output: str) -> None:
    """Print the pacto.yaml JSON Schema (draft 2020-12).

    \b
    Point your editor at it, e.g. with a modeline in pacto.yaml:
      # yaml-language-server: $schema=./pacto.schema.json
    """
    from pacto.validation import schema_bytes

    data = schema_bytes()
    if output:
        from pathlib import Path

        Path(output).write_bytes(data)
        click.echo(f"Wrote {output}", err=True)
        return
    click.echo(data.decode("utf-8"), nl=not data.endswith(b"\n"))
