"""The MCP server: Pacto's application services as Model Context Protocol tools (09 §3).

:data:`TOOLS` and :func:`call_tool` are SDK-free (the nine tools, their input schemas and the
calls into :class:`pacto.app.Service`); :func:`serve_stdio` and :func:`serve_http` run them on
the official ``mcp`` SDK, which is imported only when a server starts.

Sits above the application layer; never imported by any other command.
"""

from pacto.mcp._tools import (
    DOCS_URL,
    INSTRUCTIONS,
    TOOLS,
    ToolParameter,
    ToolResult,
    ToolSpec,
    call_tool,
    generate_contract_yaml,
    input_schema,
)

__all__ = [
    "DOCS_URL",
    "INSTRUCTIONS",
    "TOOLS",
    "ToolParameter",
    "ToolResult",
    "ToolSpec",
    "call_tool",
    "generate_contract_yaml",
    "input_schema",
    "serve_http",
    "serve_stdio",
]


def serve_stdio(service: object) -> None:
    """Serve MCP over stdin/stdout (imports the SDK)."""
    from pacto.mcp._server import serve_stdio as run

    run(service)


def serve_http(service: object, *, host: str = "127.0.0.1", port: int = 8585) -> None:
    """Serve MCP's streamable HTTP transport at ``/mcp`` (imports the SDK)."""
    from pacto.mcp._server import serve_http as run

    run(service, host=host, port=port)
