"""``pacto mcp`` as a subprocess, driven by the official MCP SDK's own clients (09 §3).

Each of the nine tools is called with valid and invalid input, and every JSON result is
compared with the CLI's JSON for the same input.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import anyio
import pytest

from tests.conftest import EXAMPLES
from tests.e2e.conftest import run_cli

pytestmark = pytest.mark.integration

ORDERS = str(EXAMPLES / "orders")
MISSING = str(EXAMPLES / "does-not-exist")

CALLS: list[tuple[str, str, dict[str, Any]]] = [
    ("validate", "pacto_validate", {"path": ORDERS}),
    ("validate-missing", "pacto_validate", {"path": MISSING}),
    ("validate-bad-type", "pacto_validate", {"path": ["x"]}),
    ("inspect", "pacto_inspect", {"ref": ORDERS}),
    ("inspect-missing", "pacto_inspect", {"ref": MISSING}),
    ("graph", "pacto_resolve_dependencies", {"ref": ORDERS}),
    ("graph-missing", "pacto_resolve_dependencies", {"ref": MISSING}),
    ("interfaces", "pacto_list_interfaces", {"ref": ORDERS}),
    ("interfaces-bad-ref", "pacto_list_interfaces", {"ref": "oci://"}),
    ("docs", "pacto_generate_docs", {"ref": ORDERS}),
    ("docs-missing", "pacto_generate_docs", {"ref": MISSING}),
    ("explain", "pacto_explain", {"ref": ORDERS}),
    ("explain-cwd", "pacto_explain", {}),
    ("explain-missing", "pacto_explain", {"ref": MISSING}),
    ("contract", "pacto_generate_contract", {"service_name": "svc", "exposes_http": True}),
    ("contract-no-name", "pacto_generate_contract", {"language": "go"}),
    ("contract-bad-flag", "pacto_generate_contract", {"service_name": "svc", "needs_cache": 1}),
    ("suggest", "pacto_suggest_dependencies", {"contract": ORDERS}),
    ("suggest-missing", "pacto_suggest_dependencies", {"contract": MISSING}),
    ("schema", "pacto_schema", {}),
    ("schema-extra-args", "pacto_schema", {"unexpected": True}),
    ("unknown", "pacto_unknown", {}),
]


def _server_env() -> dict[str, str]:
    return {**os.environ, "PYTHONUNBUFFERED": "1"}


async def _session() -> dict[str, Any]:
    from mcp import Client, StdioServerParameters

    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "pacto", "mcp"],
        cwd=ORDERS,
        env=_server_env(),
    )
    out: dict[str, Any] = {}
    async with Client(params) as client:
        out["info"] = client.server_info
        out["instructions"] = client.instructions
        out["tools"] = (await client.list_tools()).tools
        for key, name, arguments in CALLS:
            out[key] = await client.call_tool(name, arguments)
        out["still-alive"] = await client.call_tool("pacto_explain", {"ref": ORDERS})
    return out


@pytest.fixture(scope="module")
def session() -> dict[str, Any]:
    return anyio.run(_session)


def text(result: Any) -> str:
    assert len(result.content) == 1 and result.content[0].type == "text"
    value: str = result.content[0].text
    return value


def ok_json(result: Any) -> Any:
    assert not result.is_error, text(result)
    body = text(result)
    assert not body.endswith("\n")
    document = json.loads(body)
    assert body == json.dumps(document, indent=2, ensure_ascii=False)
    assert result.structured_content == document
    return document


def error(result: Any) -> str:
    assert result.is_error
    return text(result)


def cli_json(*args: str) -> Any:
    outcome = run_cli([*args, "--output-format", "json"])
    return outcome.json()


def test_server_identifies_itself_and_lists_the_nine_tools(session: dict[str, Any]) -> None:
    from pacto import __version__

    assert (session["info"].name, session["info"].version) == ("pacto", __version__)
    assert "pacto_schema" in session["instructions"]
    tools = {t.name: t for t in session["tools"]}
    assert list(tools) == [
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
    assert tools["pacto_schema"].input_schema == {
        "type": "object",
        "properties": {},
        "required": [],
    }
    assert tools["pacto_validate"].input_schema["required"] == ["path"]
    assert tools["pacto_inspect"].input_schema["properties"]["ref"]["type"] == "string"


def test_validate_matches_the_cli(session: dict[str, Any]) -> None:
    assert ok_json(session["validate"]) == cli_json("validate", ORDERS)
    missing = ok_json(session["validate-missing"])  # load failures are a PARSE_ERROR result
    assert missing["Valid"] is False
    assert missing["Errors"][0]["Code"] == "PARSE_ERROR"
    assert missing == run_cli(["validate", MISSING, "--output-format", "json"]).json()
    assert error(session["validate-bad-type"]) == 'invalid argument "path": expected a string'


def test_inspect_and_list_interfaces_match_explain(session: dict[str, Any]) -> None:
    explain = cli_json("explain", ORDERS)
    assert ok_json(session["inspect"]) == explain
    assert ok_json(session["interfaces"]) == {"interfaces": explain["interfaces"]}
    assert "does-not-exist" in error(session["inspect-missing"])
    assert error(session["interfaces-bad-ref"])


def test_resolve_dependencies_matches_graph(session: dict[str, Any]) -> None:
    assert ok_json(session["graph"]) == cli_json("graph", ORDERS)
    assert "does-not-exist" in error(session["graph-missing"])


def test_generate_docs_matches_doc(session: dict[str, Any]) -> None:
    outcome = run_cli(["doc", ORDERS])
    assert outcome.exit_code == 0
    assert text(session["docs"]) == outcome.stdout
    assert not session["docs"].is_error
    assert "does-not-exist" in error(session["docs-missing"])


def test_explain_strings(session: dict[str, Any]) -> None:
    explain = cli_json("explain", ORDERS)
    document = ok_json(session["explain"])
    assert document["summary"] == (
        f"orders@{explain['version']} is a stateless service workload (pacto 1.0), "
        "owned by team/checkout"
    )
    assert (
        document["interfaces"] == "rest (http, port 8080, internal); order-events (event, internal)"
    )
    assert document["dependencies"].startswith("../payments (^2.0.0, required); ")
    assert ok_json(session["explain-cwd"]) == document  # an empty ref is the working directory
    assert "does-not-exist" in error(session["explain-missing"])


def test_generate_contract(session: dict[str, Any]) -> None:
    yaml_text = text(session["contract"])
    assert yaml_text.startswith('pactoVersion: "1.0"\nservice:\n  name: svc\n')
    assert "  - name: http-api\n" in yaml_text
    assert error(session["contract-no-name"]) == "service_name is required"
    assert (
        error(session["contract-bad-flag"]) == 'invalid argument "needs_cache": expected a boolean'
    )


def test_suggest_dependencies(session: dict[str, Any]) -> None:
    assert ok_json(session["suggest"]) == {"suggested": ["redis", "prometheus"]}
    assert "does-not-exist" in error(session["suggest-missing"])


def test_schema_matches_pacto_schema(session: dict[str, Any]) -> None:
    document = ok_json(session["schema"])
    assert json.loads(document["jsonSchema"]) == json.loads(run_cli(["schema"]).stdout)
    assert ok_json(session["schema-extra-args"]) == document


def test_unknown_tool_is_an_error_and_the_server_survives(session: dict[str, Any]) -> None:
    assert error(session["unknown"]) == 'unknown tool "pacto_unknown"'
    assert not session["still-alive"].is_error


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_http_transport_serves_mcp_at_slash_mcp_and_stops_cleanly(tmp_path: Path) -> None:
    import httpx
    from mcp import Client

    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "pacto", "mcp", "-t", "http", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_server_env(),
        cwd=ORDERS,
    )
    try:
        assert process.stderr is not None
        assert (
            process.stderr.readline().strip()
            == f"MCP server listening on http://127.0.0.1:{port}/mcp"
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)

        async def talk() -> tuple[list[str], Any]:
            async with Client(f"http://127.0.0.1:{port}/mcp") as client:
                tools = [t.name for t in (await client.list_tools()).tools]
                return tools, await client.call_tool("pacto_explain", {"ref": "."})

        names, result = anyio.run(talk)
        assert len(names) == 9
        assert json.loads(text(result))["summary"].startswith("orders@")
        assert httpx.get(f"http://127.0.0.1:{port}/other", timeout=10).status_code == 404
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
        assert process.returncode == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_port_in_use_is_the_command_error() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        outcome = run_cli(["mcp", "-t", "http", "--port", str(port)])
    assert outcome.exit_code == 1
    assert outcome.stderr.startswith("listen: ")


@pytest.mark.parametrize(
    "args",
    [["--help"], ["explain", ORDERS], ["doc", ORDERS], ["validate", ORDERS], ["version"]],
)
def test_other_commands_never_import_the_mcp_sdk(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pacto", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    imported = {
        line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line
    }
    leaked = sorted(
        name for name in imported if name == "mcp" or name.startswith(("mcp.", "mcp_types"))
    )
    assert leaked == []
