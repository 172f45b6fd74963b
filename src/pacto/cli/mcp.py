"""``pacto mcp`` (08-cli.md §3.14, 09-plugins-doc-mcp.md §3)."""

from __future__ import annotations

import click

from pacto.cli._context import CliContext
from pacto.cli.output import echo_err
from pacto.cli.root import global_options, pass_context


@click.command("mcp")
@click.option(
    "-t",
    "--transport",
    default="stdio",
    show_default=True,
    metavar="stdio|http",
    help="stdio, or http (streamable HTTP at /mcp); any other value means stdio.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8585,
    show_default=True,
    help="Port for the http transport (bound on 127.0.0.1).",
)
@global_options
@pass_context
def command(state: CliContext, transport: str, port: int) -> None:
    """Serve Pacto's tools to AI assistants over the Model Context Protocol.

    \b
    Tools: pacto_validate, pacto_inspect, pacto_resolve_dependencies, pacto_list_interfaces,
    pacto_generate_docs, pacto_explain, pacto_generate_contract, pacto_suggest_dependencies,
    pacto_schema. Client configuration (Claude Code .mcp.json, Cursor .cursor/mcp.json):
      {"mcpServers": {"pacto": {"command": "pacto", "args": ["mcp"]}}}
    """
    from pacto.mcp import serve_http, serve_stdio

    service = state.service()
    try:
        if transport == "http":
            _check_port_free(port)
            echo_err(f"MCP server listening on http://127.0.0.1:{port}/mcp")
            serve_http(service, host="127.0.0.1", port=port)
        else:
            echo_err("MCP server running on stdio")
            serve_stdio(service)
    except KeyboardInterrupt:
        pass  # Ctrl+C is a clean shutdown (exit 0), 08-cli.md §1


def _check_port_free(port: int) -> None:
    """Fail with the bind error before announcing the server (the command's error)."""
    import socket

    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.bind(("127.0.0.1", port))
    except OSError as exc:
        raise click.ClickException(f"listen: {exc.strerror or exc}") from exc
    finally:
        probe.close()
