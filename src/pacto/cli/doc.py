"""``pacto doc [DIR | oci://REF]`` (08-cli.md §3.9, 09-plugins-doc-mcp.md §2)."""

from __future__ import annotations

import signal
import sys
from types import FrameType

import click

from pacto.cli._context import CliContext
from pacto.cli._overrides import build_overrides, override_options
from pacto.cli.output import echo_err, emit_json
from pacto.cli.root import global_options, pass_context


@click.command("doc")
@click.argument("path", default=".", metavar="[DIR | oci://REF]")
@click.option(
    "-o",
    "--output",
    "output",
    default="",
    metavar="DIR",
    help="Also write the document to DIR/<service name>.md.",
)
@click.option("--serve", is_flag=True, help="Serve the rendered documentation over HTTP instead.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8484,
    show_default=True,
    help="Port for --serve.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address for --serve (loopback by default).",
)
@override_options
@global_options
@pass_context
def command(
    state: CliContext,
    path: str,
    output: str,
    serve: bool,
    port: int,
    host: str,
    values: tuple[str, ...],
    set_values: tuple[str, ...],
    set_string_values: tuple[str, ...],
    set_json_values: tuple[str, ...],
) -> None:
    """Generate Markdown documentation for a contract: summary, architecture diagram
    (Mermaid), interfaces and endpoints, configuration, policies and dependencies.

    \b
    Examples:
      pacto doc orders > orders.md
      pacto doc orders -o docs/          # writes docs/orders.md
      pacto doc oci://ghcr.io/acme/orders-pacto --serve --port 8080
    """
    if serve and output:
        raise click.UsageError("--serve and --output are mutually exclusive")
    from pacto.app.doc import DocOptions

    overrides = build_overrides(values, set_values, set_string_values, set_json_values)
    result = state.service().doc(DocOptions(path=path, output_dir=output, overrides=overrides))
    if serve:
        _serve(result.markdown, result.service_name, host, port)
        return
    if state.output_format == "json":
        emit_json(result.to_wire())
    else:
        click.echo(result.markdown, nl=False)
    if result.path:
        echo_err(f"Wrote {result.path}")


def _serve(markdown: str, title: str, host: str, port: int) -> None:
    from pacto.doc import MISSING_MERMAID_MESSAGE, DocServer

    server = DocServer(markdown, title, host=host, port=port)
    server.start()
    if not server.has_mermaid:
        echo_err(f"warning: {MISSING_MERMAID_MESSAGE}")
    display = "127.0.0.1" if host in ("", "0.0.0.0") else host
    echo_err(f"Serving documentation at http://{display}:{server.port}")
    echo_err("Press Ctrl+C to stop")

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop) if _is_main_thread() else None
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass  # Ctrl+C and SIGTERM are a clean shutdown (exit 0), 08-cli.md §1
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _is_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread() and sys.platform != "win32"
