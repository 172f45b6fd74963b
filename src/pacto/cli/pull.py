"""``pacto pull oci://REF`` (08-cli.md §3.5)."""

from __future__ import annotations

import click

from pacto.cli._context import CliContext
from pacto.cli.output import echo, emit_json
from pacto.cli.push import configure_transport, progress_display, transport_options
from pacto.cli.root import global_options, pass_context


@click.command("pull")
@click.argument("ref", metavar="oci://REF")
@click.option(
    "-o",
    "--output",
    default="",
    metavar="DIR",
    help="Extraction directory (default: the contract's service.name).",
)
@transport_options
@global_options
@pass_context
def command(state: CliContext, ref: str, output: str, insecure: bool, plain_http: bool) -> None:
    """Pull a bundle from oci://registry/repository[:tag|@digest] and extract it. Without a
    tag the highest semver tag is pulled. Bundles are cached under the user cache directory;
    a cached tag is checked against the registry when it is reachable.

    \b
    Examples:
      pacto pull oci://ghcr.io/acme/orders-pacto:1.4.2
      pacto pull oci://ghcr.io/acme/orders-pacto -o vendor/orders
    """
    from pacto.app.pull import PullOptions

    configure_transport(state, ref.removeprefix("oci://"), insecure=insecure, plain_http=plain_http)
    progress = progress_display(state)
    try:
        result = state.service().pull(PullOptions(ref=ref, output=output, progress=progress))
    finally:
        if progress is not None:
            progress.close()
    if state.output_format == "json":
        emit_json(result.to_wire())
        return
    echo(f"Pulled {result.name}@{result.version} -> {result.output}/")
