"""The MCP tools without the SDK: schemas, formatters, argument handling, error results."""

from __future__ import annotations

import json
import textwrap
from typing import Any

import pytest

from pacto.app.explain import ExplainResult
from pacto.contract import load_yaml, parse
from pacto.errors import PactoError
from pacto.mcp import TOOLS, call_tool, generate_contract_yaml, input_schema

NAMES = [
    "pacto_validate",
    "pacto_inspect",
    "pacto_resolve_dependencies",
    "pacto_list_interfaces",
    "pacto_generate_docs",
    "pacto_explain",
    "pacto_generate_contract",
    "pacto_suggest_dependencies",
    "pacto_schema",
]

CONTRACT = """
pactoVersion: "1.0"
service: {name: orders, version: 1.3.0, owner: {team: checkout}}
interfaces:
  - {name: api, type: http, port: 8080, visibility: public}
  - {name: events, type: event}
dependencies:
  - {name: redis, ref: redis, compatibility: "^7.0.0"}
  - {name: pay, ref: "oci://ghcr.io/acme/pay:1.0.0", required: true, compatibility: "^1.0.0"}
runtime:
  workload: service
  state:
    type: stateful
    persistence: {scope: shared, durability: persistent}
    dataCriticality: high
"""


class FakeService:
    """Answers explain() from an in-memory contract and records every call."""

    def __init__(self, text: str = CONTRACT, error: Exception | None = None) -> None:
        self.contract = parse(textwrap.dedent(text))
        self.error = error
        self.calls: list[tuple[str, Any]] = []

    def explain(self, options: Any) -> ExplainResult:
        self.calls.append(("explain", options.path))
        if self.error is not None:
            raise self.error
        return ExplainResult(contract=self.contract)


def test_the_nine_tools_in_order_with_exact_input_schemas() -> None:
    assert [t.name for t in TOOLS] == NAMES
    schemas = {t.name: input_schema(t) for t in TOOLS}
    assert schemas["pacto_validate"] == {
        "type": "object",
        "properties": {
            "path": {
                "type": "string",
                "description": schemas["pacto_validate"]["properties"]["path"]["description"],
            }
        },
        "required": ["path"],
    }
    assert schemas["pacto_schema"] == {"type": "object", "properties": {}, "required": []}
    generate = schemas["pacto_generate_contract"]
    assert list(generate["properties"]) == [
        "service_name",
        "language",
        "exposes_http",
        "exposes_grpc",
        "needs_database",
        "needs_cache",
    ]
    assert generate["required"] == ["service_name"]
    assert generate["properties"]["exposes_http"]["type"] == "boolean"
    assert all(t.description for t in TOOLS)


def test_explain_formats_summary_interfaces_and_dependencies() -> None:
    result = call_tool(FakeService(), "pacto_explain", {"ref": "svc"})
    assert not result.is_error
    assert json.loads(result.text) == {
        "summary": "orders@1.3.0 is a stateful service workload (pacto 1.0), owned by checkout",
        "interfaces": "api (http, port 8080, public); events (event)",
        "dependencies": "redis (^7.0.0, optional); oci://ghcr.io/acme/pay:1.0.0 (^1.0.0, required)",
    }
    assert result.text.startswith('{\n  "summary"') and not result.text.endswith("\n")


def test_empty_ref_means_the_working_directory() -> None:
    service = FakeService()
    call_tool(service, "pacto_inspect", {"ref": ""})
    call_tool(service, "pacto_list_interfaces", {})
    assert service.calls == [("explain", "."), ("explain", ".")]


def test_list_interfaces_and_null_when_there_are_none() -> None:
    listed = json.loads(call_tool(FakeService(), "pacto_list_interfaces", {"ref": "x"}).text)
    assert listed["interfaces"][0] == {
        "name": "api",
        "type": "http",
        "port": 8080,
        "visibility": "public",
    }
    bare = FakeService('pactoVersion: "1.0"\nservice: {name: a, version: 1.0.0}\n')
    assert json.loads(call_tool(bare, "pacto_list_interfaces", {"ref": "x"}).text) == {
        "interfaces": None
    }


def test_suggestions_follow_the_rules_and_skip_existing_refs() -> None:
    result = call_tool(FakeService(), "pacto_suggest_dependencies", {"contract": "x"})
    assert json.loads(result.text) == {"suggested": ["api-gateway", "postgres", "prometheus"]}
    stateless = FakeService(
        """
        pactoVersion: "1.0"
        service: {name: job, version: 1.0.0}
        runtime:
          workload: job
          state:
            type: stateless
            persistence: {scope: local, durability: ephemeral}
            dataCriticality: low
        """
    )
    assert json.loads(call_tool(stateless, "pacto_suggest_dependencies", {}).text) == {
        "suggested": ["redis"]
    }
    bare = FakeService('pactoVersion: "1.0"\nservice: {name: a, version: 1.0.0}\n')
    assert json.loads(call_tool(bare, "pacto_suggest_dependencies", {}).text) == {"suggested": None}


def test_generate_contract_full_output() -> None:
    text = generate_contract_yaml(
        "orders",
        language="go",
        exposes_http=True,
        exposes_grpc=True,
        needs_database=True,
        needs_cache=True,
    )
    assert text == textwrap.dedent(
        """\
        pactoVersion: "1.0"
        service:
          name: orders
          version: "0.1.0"

        metadata:
          language: go

        interfaces:
          - name: http-api
            type: http
            port: 8080
            visibility: public
          - name: grpc-api
            type: grpc
            port: 9090
            visibility: internal

        dependencies:
          - name: postgres
            ref: postgres
            required: true
            compatibility: "^1.0.0"
          - name: redis
            ref: redis
            required: false
            compatibility: "^1.0.0"

        runtime:
          workload: service
          state:
            type: stateful
            persistence:
              scope: shared
              durability: persistent
            dataCriticality: medium
          health:
            interface: http-api
            path: /health
        """
    )


def test_generate_contract_minimal_and_hostile_names() -> None:
    minimal = generate_contract_yaml("svc")
    assert minimal.startswith(
        'pactoVersion: "1.0"\nservice:\n  name: svc\n  version: "0.1.0"\n\nruntime:'
    )
    assert "type: stateless" in minimal and "health" not in minimal
    hostile = generate_contract_yaml("x\nruntime: {}", language="yes")
    document = load_yaml(hostile)
    assert document["service"]["name"] == "x\nruntime: {}"
    assert document["metadata"]["language"] == "yes"


def test_generate_contract_tool_requires_a_name() -> None:
    result = call_tool(FakeService(), "pacto_generate_contract", {"service_name": ""})
    assert (result.is_error, result.text) == (True, "service_name is required")
    ok = call_tool(
        FakeService(), "pacto_generate_contract", {"service_name": "a", "exposes_http": True}
    )
    assert not ok.is_error and "name: http-api" in ok.text


def test_schema_tool_returns_description_docs_and_the_schema_as_a_string() -> None:
    result = call_tool(FakeService(), "pacto_schema", {})
    document = json.loads(result.text)
    assert list(document) == ["description", "docs", "jsonSchema"]
    assert document["docs"] == "https://trianalab.github.io/pacto"
    assert json.loads(document["jsonSchema"])["type"] == "object"
    assert result.structured == document


@pytest.mark.parametrize(
    ("name", "arguments", "message"),
    [
        ("pacto_inspect", {"ref": 5}, 'invalid argument "ref": expected a string'),
        (
            "pacto_generate_contract",
            {"service_name": "a", "exposes_http": "yes"},
            'invalid argument "exposes_http": expected a boolean',
        ),
        ("pacto_nope", {}, 'unknown tool "pacto_nope"'),
    ],
)
def test_bad_calls_are_tool_errors(name: str, arguments: dict[str, Any], message: str) -> None:
    result = call_tool(FakeService(), name, arguments)
    assert (result.is_error, result.text) == (True, message)


def test_service_failures_and_bugs_become_error_results() -> None:
    failing = FakeService(error=PactoError("no pacto.yaml found in x"))
    assert call_tool(failing, "pacto_explain", {"ref": "x"}).text == "no pacto.yaml found in x"
    buggy = FakeService(error=ZeroDivisionError("oops"))
    result = call_tool(buggy, "pacto_inspect", {"ref": "x"})
    assert result.is_error
    assert result.text.startswith("internal error in pacto_inspect: ZeroDivisionError: oops")
    assert call_tool(FakeService(), "pacto_inspect", None).is_error is False
