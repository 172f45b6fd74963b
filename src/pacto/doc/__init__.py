"""Markdown documentation of a contract, and its local HTML viewer (09-plugins-doc-mcp.md §2).

:func:`generate` turns a contract, its bundle files and (optionally) its resolved dependency
graph into one deterministic Markdown document: summary, concepts, a Mermaid architecture
diagram, interfaces with OpenAPI endpoint tables, configuration tables from JSON Schemas,
policies and dependencies. :class:`DocServer` serves it as HTML on a loopback port.

May import :mod:`pacto.validation` (the schema's descriptions), :mod:`pacto.graph` and
:mod:`pacto.contract`; must never import click, the app or CLI layers, or the MCP SDK.
"""

from pacto.doc._config import ConfigSchemaError, Property, read_properties
from pacto.doc._descriptions import collect_descriptions, schema_descriptions
from pacto.doc._format import Numberer, anchor, go_value, sanitize
from pacto.doc._generate import DEFAULT_DOCS_URL, generate, summary_paragraph
from pacto.doc._graph import DocEdge, DocGraph, DocNode, graph_from_result
from pacto.doc._mermaid import mermaid_diagram
from pacto.doc._openapi import Endpoint, OpenAPIError, read_endpoints
from pacto.doc._serve import (
    DEFAULT_PORT,
    MERMAID_ASSET_PATH,
    MISSING_MERMAID_MESSAGE,
    DocServeError,
    DocServer,
    heading_id,
    markdown_to_html,
    mermaid_script,
    render_page,
)

__all__ = [
    "DEFAULT_DOCS_URL",
    "DEFAULT_PORT",
    "MERMAID_ASSET_PATH",
    "MISSING_MERMAID_MESSAGE",
    "ConfigSchemaError",
    "DocEdge",
    "DocGraph",
    "DocNode",
    "DocServeError",
    "DocServer",
    "Endpoint",
    "Numberer",
    "OpenAPIError",
    "Property",
    "anchor",
    "collect_descriptions",
    "generate",
    "go_value",
    "graph_from_result",
    "heading_id",
    "markdown_to_html",
    "mermaid_diagram",
    "mermaid_script",
    "read_endpoints",
    "read_properties",
    "render_page",
    "sanitize",
    "schema_descriptions",
    "summary_paragraph",
]
