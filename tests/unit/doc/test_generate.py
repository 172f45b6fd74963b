"""The Markdown generator on in-memory contracts (09-plugins-doc-mcp.md §2.2)."""

from __future__ import annotations

import json
import re
import textwrap
from typing import Any

from pacto.contract import Contract, MemoryFS, parse
from pacto.doc import DocEdge, DocGraph, DocNode, generate, mermaid_diagram, summary_paragraph

DESCRIPTIONS = {
    "runtime.workload.service": "long-running process.",
    "runtime.state.type.stateful": "keeps data.",
    "runtime.state.type.stateless": "keeps nothing.",
    "runtime.state.persistence.scope.shared": "shared by all instances.",
    "runtime.state.persistence.durability.persistent": "survives restarts.",
    "runtime.state.dataCriticality.high": "losing it is an incident.",
    "runtime.lifecycle.upgradeStrategy.rolling": "one at a time.",
}

ORDERS = """
pactoVersion: "1.0"
service:
  name: orders
  version: 1.3.0
  owner: team/checkout
  image: {ref: ghcr.io/acme/orders:1.3.0, private: true}
interfaces:
  - {name: api, type: http, port: 8080, visibility: public, contract: openapi.yaml}
  - {name: events, type: event, visibility: internal, contract: events.yaml}
configurations:
  - {name: orders, schema: config.json}
dependencies:
  - name: payments
    ref: oci://ghcr.io/acme/payments-pacto:2.3.0
    required: true
    compatibility: "^2.0.0"
runtime:
  workload: service
  state:
    type: stateful
    persistence: {scope: shared, durability: persistent}
    dataCriticality: high
  lifecycle: {upgradeStrategy: rolling, gracefulShutdownSeconds: 30}
  health: {interface: api, path: /health, initialDelaySeconds: 5}
  metrics: {interface: api, path: /metrics}
scaling: {min: 2, max: 10}
metadata: {tier: critical, domain: checkout, slo: {availability: 99.9}}
"""

OPENAPI = """
openapi: 3.0.0
info: {title: orders, version: 1.0.0}
paths:
  /orders/{id}:
    delete: {summary: Cancel an order}
    get: {summary: Get an order}
  /orders:
    post: {summary: "Create | update"}
    get: {summary: List orders}
    parameters: []
  /health:
    get: {}
"""

CONFIG = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["port", "db"],
    "properties": {
        "port": {"type": "integer", "description": "Listen port.", "default": 8080},
        "db": {"$ref": "#/$defs/db"},
        "mode": {"type": ["string", "null"], "default": "fast"},
        "ratio": {"type": "number", "default": 0.5},
    },
    "$defs": {
        "db": {
            "type": "object",
            "required": ["host"],
            "properties": {"host": {"$ref": "#/$defs/host"}, "tls": {"type": "boolean"}},
        },
        "host": {"type": "string", "description": "Database host."},
    },
}


def _contract(text: str) -> Contract:
    return parse(textwrap.dedent(text))


def _orders_fs(config: object = CONFIG) -> MemoryFS:
    return MemoryFS(
        {
            "openapi.yaml": OPENAPI.encode(),
            "events.yaml": b"asyncapi: 2.6.0\n",
            "config.json": json.dumps(config).encode(),
        }
    )


def _doc(text: str = ORDERS, fs: MemoryFS | None = None, graph: DocGraph | None = None) -> str:
    return generate(
        _contract(text), fs if fs is not None else _orders_fs(), graph, descriptions=DESCRIPTIONS
    )


def _section(markdown: str, heading: str) -> str:
    """The body of the ``## heading`` section, up to the next ``## `` heading or footer."""
    start = markdown.index(f"\n{heading}\n")
    rest = markdown[start + len(heading) + 2 :]
    end = min(i for i in (rest.find("\n## "), rest.find("\n---\n"), len(rest)) if i >= 0)
    return rest[:end]


def test_summary_paragraph_matches_the_spec_example_form() -> None:
    assert summary_paragraph(_contract(ORDERS)) == (
        "**orders** `v1.3.0` is a `stateful` `service` workload exposing 2 interfaces with "
        "1 dependency. Owned by `team/checkout`, packaged as `ghcr.io/acme/orders:1.3.0` "
        "(`private`), scales from `2` to `10` replicas."
    )


def test_summary_without_runtime_or_details_is_just_name_and_version() -> None:
    contract = _contract('pactoVersion: "1.0"\nservice: {name: tiny, version: 0.1.0}\n')
    assert summary_paragraph(contract) == "**tiny** `v0.1.0`."


def test_summary_mentions_fixed_replicas_and_helm_chart() -> None:
    contract = _contract(
        """
        pactoVersion: "1.0"
        service:
          name: job
          version: 1.0.0
          chart: {ref: oci://ghcr.io/acme/charts/job, version: 1.0.0}
        scaling: {replicas: 3}
        """
    )
    assert summary_paragraph(contract) == (
        "**job** `v1.0.0`. Deployed via Helm chart `oci://ghcr.io/acme/charts/job` version "
        "`1.0.0`, runs `3` replicas."
    )


def test_document_opens_with_title_summary_and_concept_table() -> None:
    markdown = _doc()
    lines = markdown.splitlines()
    assert lines[0] == "# orders"
    assert lines[2].startswith("**orders** `v1.3.0`")
    table = lines[4:13]
    assert table == [
        "| Concept | Value | Description |",
        "|---------|-------|-------------|",
        "| **Workload** | `service` | Long-running process. |",
        "| **State** | `stateful` | Keeps data. |",
        "| **Persistence scope** | `shared` | Shared by all instances. |",
        "| **Persistence durability** | `persistent` | Survives restarts. |",
        "| **Data criticality** | `high` | Losing it is an incident. |",
        "| **Upgrade strategy** | `rolling` | One at a time. |",
        "| **Graceful shutdown** | `30s` | Time allowed for in-flight requests to complete "
        "before termination |",
    ]


def test_concept_rows_need_a_schema_description() -> None:
    markdown = generate(_contract(ORDERS), _orders_fs(), descriptions={})
    assert "| **Workload**" not in markdown
    assert "| **Graceful shutdown** | `30s` |" in markdown


def test_table_of_contents_and_body_headings_agree() -> None:
    markdown = _doc()
    toc = _section(markdown, "## Table of Contents")
    links = re.findall(r"\[([^\]]+)\]\(#([^)]+)\)", toc)
    assert [title for title, _ in links] == [
        "1. Architecture",
        "2. Interfaces",
        "2.1. HTTP Interface: api",
        "2.2. Event Interface: events",
        "3. Configuration",
        "4. Dependencies",
    ]
    headings = re.findall(r"^#{2,4} (\d.*)$", markdown, flags=re.MULTILINE)
    assert [title for title, _ in links] == headings
    assert links[2][1] == "21-http-interface-api"


def test_sections_are_numbered_over_those_emitted() -> None:
    markdown = _doc(
        """
        pactoVersion: "1.0"
        service: {name: cfg, version: 1.0.0}
        configurations:
          - {name: main, schema: config.json}
        """
    )
    assert "## 2. Configuration" in markdown
    assert "Interfaces" not in markdown


def test_interface_section_has_table_sentence_and_sorted_endpoints() -> None:
    section = _section(_doc(), "## 2. Interfaces")
    assert "| `api` | `http` | `8080` | `public` |" in section
    assert "| `events` | `event` | — | `internal` |" in section
    assert (
        "The `api` interface is `public` and exposes port `8080`. It owns the health path under "
        "`/health` and requires an initial delay of `5s`. It serves metrics at `/metrics`."
    ) in section
    assert (
        "The `events` interface is `internal`. Its contract is defined in `events.yaml`." in section
    )
    endpoints = [line for line in section.splitlines() if line.startswith("| `")][2:]
    assert endpoints == [
        "| `GET` | `/health` | — |",
        "| `GET` | `/orders` | List orders |",
        "| `POST` | `/orders` | Create \\| update |",
        "| `GET` | `/orders/{id}` | Get an order |",
        "| `DELETE` | `/orders/{id}` | Cancel an order |",
    ]


def test_unreadable_openapi_is_reported_in_the_document() -> None:
    fs = MemoryFS({"config.json": json.dumps(CONFIG).encode(), "openapi.yaml": b"paths: [\n"})
    markdown = _doc(fs=fs)
    assert "_Could not read OpenAPI spec: parsing OpenAPI spec openapi.yaml: " in markdown
    missing = _doc(fs=MemoryFS({"config.json": json.dumps(CONFIG).encode()}))
    assert "_Could not read OpenAPI spec: reading OpenAPI spec openapi.yaml: " in missing


def test_configuration_table_flattens_resolves_refs_and_formats_defaults() -> None:
    rows = [
        line
        for line in _section(_doc(), "## 3. Configuration").splitlines()
        if line.startswith("| `")
    ]
    assert rows == [
        "| `db.host` | `string` | Database host. | — | Yes |",
        "| `db.tls` | `boolean` | — | — | No |",
        "| `mode` | `string, null` | — | `fast` | No |",
        "| `port` | `integer` | Listen port. | `8080` | Yes |",
        "| `ratio` | `number` | — | `0.5` | No |",
    ]


def test_a_root_ref_is_followed() -> None:
    config: dict[str, Any] = {
        "$ref": "#/definitions/root",
        "definitions": {"root": CONFIG | {"$defs": None}},
    }
    config["definitions"]["root"]["properties"] = {"x": {"type": "string"}}
    markdown = _doc(fs=_orders_fs(config))
    assert "| `x` | `string` | — | — | No |" in markdown


def test_broken_configuration_schema_is_reported() -> None:
    markdown = _doc(fs=_orders_fs({"type": "object", "properties": {"a": {"$ref": "#/nope"}}}))
    assert (
        "## 3. Configuration\n\n_Could not read configuration schema: resolving $ref #/nope"
        in markdown
    )


def test_several_configurations_get_sub_headings_and_refs_a_sentence() -> None:
    markdown = _doc(
        """
        pactoVersion: "1.0"
        service: {name: multi, version: 1.0.0}
        configurations:
          - {name: main, schema: config.json}
          - {name: shared, ref: oci://ghcr.io/acme/platform-config:1.0.0}
        """
    )
    assert (
        "- [2. Configuration](#2-configuration)\n  - [2.1. main](#21-main)\n  - [2.2. shared]"
        in markdown
    )
    assert "### 2.1. main\n\n| Property |" in markdown
    assert (
        "### 2.2. shared\n\nConfiguration `shared` is provided by "
        "`oci://ghcr.io/acme/platform-config:1.0.0`."
    ) in markdown


def test_policies_section_lists_local_and_remote_policies() -> None:
    markdown = _doc(
        """
        pactoVersion: "1.0"
        service: {name: pol, version: 1.0.0}
        policies:
          - {name: local, schema: policy/schema.json}
          - {name: platform, ref: ../platform-policy}
        """
    )
    assert "## 2. Policies" in markdown
    assert "| `local` | Local | `policy/schema.json` |" in markdown
    assert "| `platform` | Remote | `../platform-policy` |" in markdown


def test_dependencies_table_and_footer() -> None:
    markdown = _doc()
    assert "| `oci://ghcr.io/acme/payments-pacto:2.3.0` | `^2.0.0` | Yes |" in markdown
    assert markdown.endswith(
        "---\n\n`domain: checkout` `slo: map[availability:99.9]` `tier: critical` \n\n"
        "Generated by [Pacto](https://trianalab.github.io/pacto)\n\n"
    )


def test_docs_url_is_a_setting() -> None:
    markdown = generate(_contract(ORDERS), _orders_fs(), docs_url="https://docs.example/pacto/")
    assert "[Contract Reference](https://docs.example/pacto/contract-reference/)" in markdown
    assert markdown.endswith("Generated by [Pacto](https://docs.example/pacto)\n\n")


def test_diagram_without_graph_draws_declared_dependencies() -> None:
    lines = mermaid_diagram(_contract(ORDERS), None)
    assert lines[:4] == ["```mermaid", "graph TB", '  external(["External User"])', ""]
    assert '  subgraph orders["orders v1.3.0"]' in lines
    assert (
        '    orders_state[("stateful · high criticality · shared persistent · 2\u201310 replicas")]'
        in lines
    )
    assert (
        '    orders_iface_api["api<br/>http :8080<br/>public<br/>♥ health<br/>📊 metrics"]' in lines
    )
    assert "  external --> orders_iface_api" in lines
    assert '  orders -->|"required · ^2.0.0"| dep_paymentspacto["payments-pacto"]' in lines
    assert lines[-1] == "```"


def test_optional_declared_dependency_is_dotted() -> None:
    contract = _contract(
        """
        pactoVersion: "1.0"
        service: {name: a, version: 1.0.0}
        dependencies:
          - {name: b, ref: ../b, compatibility: "^1.0.0"}
        """
    )
    lines = mermaid_diagram(contract, None)
    assert '    a_info["a"]' in lines
    assert '  a -.->|"optional · ^1.0.0"| dep_b["b"]' in lines
    assert not any("external" in line for line in lines)


def _graph() -> DocGraph:
    payments = _contract(
        """
        pactoVersion: "1.0"
        service: {name: payments, version: 2.3.0}
        interfaces:
          - {name: grpc, type: grpc, port: 9090}
        dependencies:
          - {name: ledger, ref: ../ledger, required: true, compatibility: "^1.0.0"}
        """
    )
    ledger = _contract('pactoVersion: "1.0"\nservice: {name: ledger, version: 1.0.0}\n')
    ledger_node = DocNode(name="ledger", version="1.0.0", contract=ledger)
    payments_node = DocNode(
        name="payments",
        version="2.3.0",
        contract=payments,
        fs=MemoryFS({}),
        dependencies=(DocEdge(ref="../ledger", node=ledger_node),),
    )
    root = DocNode(
        name="orders",
        version="1.3.0",
        dependencies=(
            DocEdge(ref="oci://ghcr.io/acme/payments-pacto:2.3.0", node=payments_node),
            DocEdge(ref="../ledger", node=DocNode(name="ledger", version="1.0.0"), shared=True),
            DocEdge(ref="../missing"),
        ),
    )
    return DocGraph(root=root)


def test_diagram_with_graph_draws_every_resolved_service_and_edge_once() -> None:
    lines = mermaid_diagram(_contract(ORDERS), _graph())
    subgraphs = [line.strip() for line in lines if line.strip().startswith("subgraph")]
    assert subgraphs == [
        'subgraph orders["orders v1.3.0"]',
        'subgraph payments["payments v2.3.0"]',
        'subgraph ledger["ledger v1.0.0"]',
    ]
    edges = [line for line in lines if "-->" in line and "external" not in line]
    assert edges == ["  orders --> payments", "  payments --> ledger", "  orders --> ledger"]


def test_dependency_details_follow_the_graph_in_discovery_order() -> None:
    markdown = _doc(graph=_graph())
    assert "  - [4.1. payments](#dep-payments)" in markdown
    assert "    - [4.1.1. Interfaces](#dep-payments-interfaces)" in markdown
    assert "    - [4.1.2. Dependencies](#dep-payments-dependencies)" in markdown
    assert "  - [4.2. ledger](#dep-ledger)" in markdown
    assert (
        '<details id="dep-payments">\n<summary><h3>4.1. payments <code>v2.3.0</code></h3>'
        "</summary>\n\n**payments** `v2.3.0` exposing 1 interface with 1 dependency.\n\n"
        '<h4 id="dep-payments-interfaces">4.1.1. Interfaces</h4>'
    ) in markdown
    assert "<h5>4.1.1.1. gRPC Interface: grpc</h5>" in markdown
    assert '<h4 id="dep-payments-dependencies">4.1.2. Dependencies</h4>' in markdown
    assert markdown.count("<details") == 2


def test_generation_is_deterministic() -> None:
    assert _doc(graph=_graph()) == _doc(graph=_graph())
