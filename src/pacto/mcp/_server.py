"""The MCP server on the official SDK's low-level ``Server`` (09 §3.1, 08-cli.md §3.14).

The low-level server lets us publish the tools' input schemas exactly as specified and answer
every call with one text item, instead of the schema and validation the SDK's decorator API
would derive from Python signatures. The SDK costs about a second to import, so only this
module imports it, and only ``pacto mcp`` imports this module.

Both SDK majors are supported: 2.x registers handlers in the ``Server`` constructor and has
``streamable_http_app()``; 1.x registers them with decorators and gets the HTTP transport from
its ``StreamableHTTPSessionManager``.
"""

from __future__ import annotations

import importlib
import logging
from importlib import metadata
from typing import Any

from pacto import __version__
from pacto.mcp._tools import INSTRUCTIONS, TOOLS, ToolResult, call_tool, input_schema

__all__ = ["SERVER_NAME", "build_server", "sdk_major", "serve_http", "serve_stdio"]

logger = logging.getLogger(__name__)

SERVER_NAME = "pacto"


def sdk_major() -> int:
    """The installed ``mcp`` distribution's major version."""
    return int(metadata.version("mcp").split(".", 1)[0])


async def _call(service: Any, name: str, arguments: Any) -> ToolResult:
    import anyio.to_thread

    logger.debug("mcp tool call tool=%s", name)
    # Service methods are synchronous (disk, registry): keep them off the event loop.
    result: ToolResult = await anyio.to_thread.run_sync(call_tool, service, name, arguments)
    return result


def _build_v2(service: Any) -> Any:
    import mcp_types as types
    from mcp.server import Server

    tools = [
        types.Tool(name=spec.name, description=spec.description, input_schema=input_schema(spec))
        for spec in TOOLS
    ]

    async def on_list_tools(ctx: Any, params: Any) -> Any:
        return types.ListToolsResult(tools=tools)

    async def on_call_tool(ctx: Any, params: Any) -> Any:
        result = await _call(service, str(params.name), params.arguments)
        return types.CallToolResult(
            content=[types.TextContent(text=result.text)],
            structured_content=result.structured,
            is_error=result.is_error,
        )

    return Server(
        SERVER_NAME,
        version=__version__,
        instructions=INSTRUCTIONS,
        on_list_tools=on_list_tools,
        on_call_tool=on_call_tool,
    )


def _build_v1(service: Any) -> Any:
    # Looked up dynamically: the type checker sees the 2.x SDK, whose names differ.
    types: Any = importlib.import_module("mcp.types")
    lowlevel: Any = importlib.import_module("mcp.server.lowlevel")

    server = lowlevel.Server(SERVER_NAME, version=__version__, instructions=INSTRUCTIONS)
    tools = [
        types.Tool(name=spec.name, description=spec.description, inputSchema=input_schema(spec))
        for spec in TOOLS
    ]

    async def list_tools() -> Any:
        return tools

    async def call(name: str, arguments: Any) -> Any:
        result = await _call(service, name, arguments)
        return types.CallToolResult(
            content=[types.TextContent(type="text", text=result.text)],
            structuredContent=result.structured,
            isError=result.is_error,
        )

    server.list_tools()(list_tools)
    # Arguments are checked by the tools themselves (09 §3.1), not by the SDK's validator.
    server.call_tool(validate_input=False)(call)
    return server


def build_server(service: Any) -> Any:
    """An SDK server whose tools call ``service`` (an :class:`pacto.app.Service`)."""
    return _build_v1(service) if sdk_major() < 2 else _build_v2(service)


def serve_stdio(service: Any) -> None:
    """Serve MCP on stdin/stdout until the client closes stdin."""
    import anyio
    from mcp.server.stdio import stdio_server

    server = build_server(service)

    async def main() -> None:
        async with stdio_server() as (read_stream, write_stream):
            await server.run(read_stream, write_stream, server.create_initialization_options())

    anyio.run(main)


def _http_app_v1(server: Any, host: str) -> Any:
    manager_module: Any = importlib.import_module("mcp.server.streamable_http_manager")
    security_module: Any = importlib.import_module("mcp.server.transport_security")
    from starlette.applications import Starlette
    from starlette.routing import Route

    security = security_module.TransportSecuritySettings(
        enable_dns_rebinding_protection=True,
        allowed_hosts=[f"{host}:*", "localhost:*"],
        allowed_origins=[f"http://{host}:*", "http://localhost:*"],
    )
    manager = manager_module.StreamableHTTPSessionManager(app=server, security_settings=security)

    class Endpoint:
        async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
            await manager.handle_request(scope, receive, send)

    return Starlette(
        routes=[Route("/mcp", endpoint=Endpoint())], lifespan=lambda app: manager.run()
    )


def serve_http(service: Any, *, host: str = "127.0.0.1", port: int = 8585) -> None:
    """Serve the streamable HTTP transport at ``/mcp`` (other paths 404) until interrupted."""
    import uvicorn

    server = build_server(service)
    if sdk_major() < 2:
        app = _http_app_v1(server, host)
    else:
        app = server.streamable_http_app(streamable_http_path="/mcp", host=host)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on")
    uvicorn.Server(config).run()
