"""The nine MCP tools (09-plugins-doc-mcp.md §3.2), independent of the MCP SDK.

Each tool reads its arguments, calls one application-service method and turns the result into
one text item (JSON pretty-printed with two spaces, no trailing newline, or plain text). The
only logic here is the three small formatters the spec assigns to the adapter
(``pacto_explain``, ``pacto_generate_contract``, ``pacto_suggest_dependencies``).

Arguments: a missing argument reads as ``""``/``false`` (an empty path or ref means ``.``).
Beyond the reference, an argument of the wrong JSON type is refused with a tool error instead
of being silently read as empty, so that a client learns what it got wrong.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pacto import __version__
from pacto.errors import PactoError

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
]

logger = logging.getLogger(__name__)

DOCS_URL = "https://trianalab.github.io/pacto"
INSTRUCTIONS = (
    "Pacto is an operational contract format: a pacto.yaml describes a service's interfaces, "
    "dependencies, runtime semantics, configuration and scaling. Before creating or editing a "
    "pacto.yaml, call pacto_schema to get the JSON Schema and the documentation link; then use "
    "pacto_validate to check the result."
)
SCHEMA_DESCRIPTION = (
    "Pacto is an operational contract format. A pacto.yaml file describes a service's "
    "interfaces, dependencies, runtime semantics, configuration and scaling, so that tools can "
    f"validate, diff, document and visualise it. Full documentation: {DOCS_URL}"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ToolParameter:
    name: str
    type: str  # "string" | "boolean"
    description: str
    required: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ToolResult:
    text: str
    is_error: bool = False
    structured: dict[str, Any] | None = None
    """The JSON object behind ``text`` (sent as ``structuredContent``, 09 §6 item 5)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ToolSpec:
    name: str
    description: str
    parameters: tuple[ToolParameter, ...] = ()
    handler: Callable[[Any, Mapping[str, Any]], ToolResult] = field(repr=False)


def input_schema(spec: ToolSpec) -> dict[str, Any]:
    """``{"type": "object", "properties": {...}, "required": [...]}`` (``[]`` when none)."""
    return {
        "type": "object",
        "properties": {
            p.name: {"type": p.type, "description": p.description} for p in spec.parameters
        },
        "required": [p.name for p in spec.parameters if p.required],
    }


class _ArgumentError(Exception):
    pass


def _string(arguments: Mapping[str, Any], name: str) -> str:
    value = arguments.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _ArgumentError(f'invalid argument "{name}": expected a string')
    return value


def _boolean(arguments: Mapping[str, Any], name: str) -> bool:
    value = arguments.get(name)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise _ArgumentError(f'invalid argument "{name}": expected a boolean')
    return value


def _ref(arguments: Mapping[str, Any], name: str) -> str:
    return _string(arguments, name) or "."


def _json(document: dict[str, Any]) -> ToolResult:
    return ToolResult(text=json.dumps(document, indent=2, ensure_ascii=False), structured=document)


# ---------------------------------------------------------------------------- handlers


def _validate(service: Any, arguments: Mapping[str, Any]) -> ToolResult:
    from pacto.app.validate import ValidateOptions
    from pacto.validation import result_to_wire

    path = _ref(arguments, "path")
    outcome = service.validate(ValidateOptions(path=path))
    return _json(result_to_wire(path, outcome.result))


def _explain_wire(service: Any, ref: str) -> dict[str, Any]:
    from pacto.app.explain import ExplainOptions

    wire: dict[str, Any] = service.explain(ExplainOptions(path=ref)).to_wire()
    return wire


def _inspect(service: Any, arguments: Mapping[str, Any]) -> ToolResult:
    return _json(_explain_wire(service, _ref(arguments, "ref")))


def _resolve_dependencies(service: Any, arguments: Mapping[str, Any]) -> ToolResult:
    from pacto.app.graph import GraphOptions

    document: dict[str, Any] = service.graph(GraphOptions(path=_ref(arguments, "ref"))).to_wire()
    return _json(document)


def _list_interfaces(service: Any, arguments: Mapping[str, Any]) -> ToolResult:
    wire = _explain_wire(service, _ref(arguments, "ref"))
    return _json({"interfaces": wire.get("interfaces") or None})


def _generate_docs(service: Any, arguments: Mapping[str, Any]) -> ToolResult:
    from pacto.app.doc import DocOptions

    return ToolResult(text=service.doc(DocOptions(path=_ref(arguments, "ref"))).markdown)


def _explain(service: Any, arguments: Mapping[str, Any]) -> ToolResult:
    wire = _explain_wire(service, _ref(arguments, "ref"))
    runtime = wire["runtime"]
    summary = (
        f"{wire['name']}@{wire['version']} is a {runtime['stateType']} "
        f"{runtime['workloadType']} workload (pacto {wire['pactoVersion']})"
    )
    owner = _owner_display(wire.get("owner"))
    if owner:
        summary += f", owned by {owner}"
    interfaces = []
    for item in wire.get("interfaces") or ():
        details = [item["type"]]
        if "port" in item:
            details.append(f"port {item['port']}")
        if item.get("visibility"):
            details.append(item["visibility"])
        interfaces.append(f"{item['name']} ({', '.join(details)})")
    dependencies = [
        f"{d['ref']} ({d['compatibility']}, {'required' if d['required'] else 'optional'})"
        for d in wire.get("dependencies") or ()
    ]
    return _json(
        {
            "summary": summary,
            "interfaces": "; ".join(interfaces),
            "dependencies": "; ".join(dependencies),
        }
    )


def _owner_display(owner: Any) -> str:
    if isinstance(owner, str):
        return owner
    if isinstance(owner, dict) and owner:
        return str(owner.get("team") or owner.get("dri") or "(structured owner)")
    return ""


def _suggest_dependencies(service: Any, arguments: Mapping[str, Any]) -> ToolResult:
    wire = _explain_wire(service, _ref(arguments, "contract"))
    existing = {d["ref"] for d in wire.get("dependencies") or ()}
    suggested: list[str] = []

    def add(name: str) -> None:
        if name not in suggested and name not in existing:
            suggested.append(name)

    for item in wire.get("interfaces") or ():
        if item["type"] == "http" and item.get("visibility") == "public":
            add("api-gateway")
    runtime = wire["runtime"]
    if runtime["stateType"] == "stateful":
        if runtime["durability"] == "persistent":
            add("postgres")
        if runtime["scope"] == "shared":
            add("redis")
    if runtime["stateType"] == "stateless":
        add("redis")
    if runtime["workloadType"] == "service":
        add("prometheus")
    return _json({"suggested": suggested or None})


_PLAIN_SCALAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_./-]*$")
_YAML_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


def _yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when that is unambiguous, else double-quoted."""
    if _PLAIN_SCALAR.match(text) and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def generate_contract_yaml(
    service_name: str,
    *,
    language: str = "",
    exposes_http: bool = False,
    exposes_grpc: bool = False,
    needs_database: bool = False,
    needs_cache: bool = False,
) -> str:
    """A starting-point ``pacto.yaml`` (09 §3.2); not guaranteed to validate (bare refs)."""
    sections = [
        f'pactoVersion: "1.0"\nservice:\n  name: {_yaml_scalar(service_name)}\n  version: "0.1.0"\n'
    ]
    if language:
        sections.append(f"metadata:\n  language: {_yaml_scalar(language)}\n")
    if exposes_http or exposes_grpc:
        text = "interfaces:\n"
        if exposes_http:
            text += "  - name: http-api\n    type: http\n    port: 8080\n    visibility: public\n"
        if exposes_grpc:
            text += "  - name: grpc-api\n    type: grpc\n    port: 9090\n    visibility: internal\n"
        sections.append(text)
    if needs_database or needs_cache:
        text = "dependencies:\n"
        if needs_database:
            text += (
                "  - name: postgres\n    ref: postgres\n    required: true\n"
                '    compatibility: "^1.0.0"\n'
            )
        if needs_cache:
            text += (
                "  - name: redis\n    ref: redis\n    required: false\n"
                '    compatibility: "^1.0.0"\n'
            )
        sections.append(text)
    state = (
        ("stateful", "shared", "persistent", "medium")
        if needs_database
        else ("stateless", "local", "ephemeral", "low")
    )
    runtime = (
        "runtime:\n  workload: service\n  state:\n"
        f"    type: {state[0]}\n    persistence:\n      scope: {state[1]}\n"
        f"      durability: {state[2]}\n    dataCriticality: {state[3]}\n"
    )
    if exposes_http:
        runtime += "  health:\n    interface: http-api\n    path: /health\n"
    sections.append(runtime)
    return "\n".join(sections)


def _generate_contract(service: Any, arguments: Mapping[str, Any]) -> ToolResult:
    name = _string(arguments, "service_name")
    if not name:
        return ToolResult(text="service_name is required", is_error=True)
    return ToolResult(
        text=generate_contract_yaml(
            name,
            language=_string(arguments, "language"),
            exposes_http=_boolean(arguments, "exposes_http"),
            exposes_grpc=_boolean(arguments, "exposes_grpc"),
            needs_database=_boolean(arguments, "needs_database"),
            needs_cache=_boolean(arguments, "needs_cache"),
        )
    )


def _schema(service: Any, arguments: Mapping[str, Any]) -> ToolResult:
    from pacto.validation import schema_bytes

    return _json(
        {
            "description": SCHEMA_DESCRIPTION,
            "docs": DOCS_URL,
            "jsonSchema": schema_bytes().decode("utf-8"),
        }
    )


def _p(name: str, kind: str, description: str, required: bool = False) -> ToolParameter:
    return ToolParameter(name=name, type=kind, description=description, required=required)


_REF = "Local bundle directory or oci:// reference (empty: the server's working directory)"

TOOLS: tuple[ToolSpec, ...] = (
    ToolSpec(
        name="pacto_validate",
        description="Validate a Pacto contract and return its errors and warnings.",
        parameters=(_p("path", "string", "Directory with pacto.yaml, or an oci:// ref", True),),
        handler=_validate,
    ),
    ToolSpec(
        name="pacto_inspect",
        description="Return the structured representation of a contract.",
        parameters=(_p("ref", "string", _REF, True),),
        handler=_inspect,
    ),
    ToolSpec(
        name="pacto_resolve_dependencies",
        description="Resolve the dependency graph of a contract, with cycles and conflicts.",
        parameters=(_p("ref", "string", _REF, True),),
        handler=_resolve_dependencies,
    ),
    ToolSpec(
        name="pacto_list_interfaces",
        description="List the interfaces a contract exposes.",
        parameters=(_p("ref", "string", _REF, True),),
        handler=_list_interfaces,
    ),
    ToolSpec(
        name="pacto_generate_docs",
        description="Generate Markdown documentation for a contract.",
        parameters=(_p("ref", "string", _REF, True),),
        handler=_generate_docs,
    ),
    ToolSpec(
        name="pacto_explain",
        description="Explain a contract in plain words: summary, interfaces, dependencies.",
        parameters=(_p("ref", "string", _REF, True),),
        handler=_explain,
    ),
    ToolSpec(
        name="pacto_generate_contract",
        description="Generate a new pacto.yaml from structured inputs (a starting point).",
        parameters=(
            _p("service_name", "string", "Name of the service", True),
            _p("language", "string", "Implementation language (recorded in metadata)"),
            _p("exposes_http", "boolean", "The service exposes an HTTP API"),
            _p("exposes_grpc", "boolean", "The service exposes a gRPC API"),
            _p("needs_database", "boolean", "The service needs a database"),
            _p("needs_cache", "boolean", "The service needs a cache"),
        ),
        handler=_generate_contract,
    ),
    ToolSpec(
        name="pacto_suggest_dependencies",
        description="Suggest dependencies a service probably needs, from its contract.",
        parameters=(_p("contract", "string", "Directory with pacto.yaml", True),),
        handler=_suggest_dependencies,
    ),
    ToolSpec(
        name="pacto_schema",
        description=(
            "Return the Pacto contract JSON Schema and documentation link. Call this first, "
            "before creating or editing a pacto.yaml."
        ),
        handler=_schema,
    ),
)

_BY_NAME = {spec.name: spec for spec in TOOLS}


def call_tool(service: Any, name: str, arguments: Mapping[str, Any] | None) -> ToolResult:
    """Run tool ``name``. Never raises: every failure is a result with ``is_error``."""
    spec = _BY_NAME.get(name)
    if spec is None:
        return ToolResult(text=f'unknown tool "{name}"', is_error=True)
    try:
        return spec.handler(service, arguments if isinstance(arguments, Mapping) else {})
    except _ArgumentError as exc:
        return ToolResult(text=str(exc), is_error=True)
    except PactoError as exc:
        return ToolResult(text=str(exc), is_error=True)
    except Exception as exc:  # the MCP boundary: a bug must not take the server down
        logger.debug("tool failed tool=%s", name, exc_info=True)
        return ToolResult(
            text=f"internal error in {name}: {type(exc).__name__}: {exc} (pacto {__version__})",
            is_error=True,
        )
