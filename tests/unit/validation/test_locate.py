"""Source locations of findings: the line and column of the node a finding is about."""

from __future__ import annotations

import pytest

from pacto.contract import LocationIndex, MemoryFS, parse
from pacto.validation import validate, validate_structural_raw
from pacto.validation._locate import locate, path_tokens
from pacto.validation._structural import location_index

CONTRACT = b"""\
pactoVersion: "1.0"
service:
  name: svc
  version: 1.0.0
interfaces:
  - name: api
    type: http
    port: 8080
    contract: interfaces/api.yaml
  - name: api
    type: http
    port: 9090
configurations:
  - name: app
    schema: configuration/schema.json
    values:
      PORT: 80
      MODE: fast
runtime:
  workload: service
  state:
    type: stateless
    persistence: {scope: local, durability: ephemeral}
    dataCriticality: low
  health:
    interface: web
    path: /health
"""


def _line(text: bytes, number: int) -> str:
    return text.decode().splitlines()[number - 1]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("interfaces[1].name", ("interfaces", 1, "name")),
        ("interfaces.0.port", ("interfaces", 0, "port")),
        ("configurations[0].values.DB_HOST", ("configurations", 0, "values", "DB_HOST")),
        ("configuration.configs[2].schema", ("configuration", "configs", 2, "schema")),
        ("", ()),
    ],
)
def test_path_tokens_understand_both_path_syntaxes(path: str, expected: tuple[object, ...]) -> None:
    assert path_tokens(path) == expected


def test_locate_falls_back_to_the_nearest_existing_ancestor() -> None:
    index = LocationIndex(CONTRACT, "pacto.yaml")
    found = locate(index, "runtime.metrics.path")
    assert found is not None and found.line == 20  # the `runtime` mapping
    assert locate(None, "service") is None


def test_cross_field_findings_point_at_the_offending_nodes() -> None:
    fs = MemoryFS(
        {
            "interfaces/api.yaml": b"openapi: 3.1.0\n",
            "configuration/schema.json": (
                b'{\n  "type": "object",\n  "properties": {"PORT": {"type": "string"}}\n}\n'
            ),
        }
    )
    result = validate(parse(CONTRACT), CONTRACT, fs)
    by_code = {issue.code: issue.location for issue in result.errors}
    duplicate = by_code["DUPLICATE_INTERFACE_NAME"]
    assert duplicate is not None and (duplicate.file, duplicate.line) == ("pacto.yaml", 10)
    assert _line(CONTRACT, duplicate.line)[duplicate.column - 1 :] == "api"
    health = by_code["HEALTH_INTERFACE_NOT_FOUND"]
    assert health is not None and _line(CONTRACT, health.line).strip() == "interface: web"
    values = by_code["CONFIG_VALUES_VALIDATION_FAILED"]
    assert values is not None and _line(CONTRACT, values.line).strip() == "PORT: 80"


def test_structural_findings_point_at_the_value_or_the_unexpected_key() -> None:
    text = CONTRACT.replace(b"port: 9090", b"port: 0").replace(
        b"  name: svc\n", b"  name: svc\n  colour: red\n"
    )
    result = validate_structural_raw(text)
    located = {issue.path: issue.location for issue in result.errors}
    port = located["interfaces.1.port"]
    assert port is not None and _line(text, port.line)[port.column - 1 :] == "0"
    extra = located["service"]
    assert extra is not None and _line(text, extra.line).strip().startswith("colour:")


def test_semantic_warnings_are_located() -> None:
    text = (
        CONTRACT.replace(b"interface: web", b"interface: api")
        + b"  lifecycle: {upgradeStrategy: ordered}\n"
    )
    text = text.replace(b"  - name: api\n    type: http\n    port: 9090\n", b"")
    result = validate(parse(text), text, None)
    assert result.errors == []
    [warning] = result.warnings
    assert warning.location is not None
    assert _line(text, warning.location.line)[warning.location.column - 1 :] == "ordered}"


def test_an_invalid_yaml_interface_file_is_located_inside_that_file() -> None:
    fs = MemoryFS({"interfaces/api.yaml": b"openapi: 3.1.0\npaths:\n  /a: [b\n"})
    text = CONTRACT.replace(b"  - name: api\n    type: http\n    port: 9090\n", b"").replace(
        b"interface: web", b"interface: api"
    )
    result = validate(parse(text), text, fs)
    [issue] = [i for i in result.errors if i.code == "INVALID_CONTRACT_FILE"]
    assert issue.location is not None
    assert issue.location.file == "interfaces/api.yaml"
    assert issue.location.line >= 3


def test_invalid_json_and_invalid_schema_are_located_inside_the_schema_file() -> None:
    text = (
        CONTRACT.replace(b"  - name: api\n    type: http\n    port: 9090\n", b"")
        .replace(b"interface: web", b"interface: api")
        .replace(b"    contract: interfaces/api.yaml\n", b"")
    )
    broken = validate(
        parse(text), text, MemoryFS({"configuration/schema.json": b'{\n  "type": \n}'})
    )
    [json_issue] = broken.errors
    assert json_issue.code == "INVALID_CONFIG_JSON"
    assert (
        json_issue.location is not None and json_issue.location.file == "configuration/schema.json"
    )
    assert json_issue.location.line == 3
    bad_schema = (
        b'{\n  "type": "object",\n  "properties": {\n    "PORT": {"minimum": "x"}\n  }\n}\n'
    )
    result = validate(parse(text), text, MemoryFS({"configuration/schema.json": bad_schema}))
    [schema_issue] = result.errors
    assert schema_issue.code == "INVALID_CONFIG_SCHEMA"
    assert schema_issue.location is not None and schema_issue.location.line == 4


def test_a_valid_contract_never_builds_its_location_index() -> None:
    text = (
        CONTRACT.replace(b"  - name: api\n    type: http\n    port: 9090\n", b"")
        .replace(b"interface: web", b"interface: api")
        .replace(b"    contract: interfaces/api.yaml\n", b"")
        + b"# unique\n"
    )
    fs = MemoryFS({"configuration/schema.json": b'{"type": "object"}'})
    result = validate(parse(text), text, fs)
    assert result.errors == [] and result.warnings == []
    assert location_index(text)._values is None
