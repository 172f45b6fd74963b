"""Contract-section rules (03-diff.md §4-§5): identity, scaling, runtime, dependencies,
interfaces, configurations, policies, with the reference's values and ordering."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from pacto.contract import MemoryFS, parse
from pacto.diff import compare

BASE: dict[str, Any] = yaml.safe_load(
    """
pactoVersion: "1.0"
service:
  name: payments
  version: 1.0.0
  owner: team/payments
  image: {ref: "ghcr.io/acme/payments:1.0.0"}
  chart: {ref: "oci://ghcr.io/acme/charts/payments", version: 1.0.0}
interfaces:
  - {name: rest, type: http, port: 8080, visibility: internal, contract: interfaces/openapi.yaml}
  - {name: events, type: event, contract: interfaces/events.yaml}
configurations:
  - {name: app, schema: configuration/schema.json}
policies:
  - {name: base, ref: "oci://ghcr.io/acme/policy:1.0.0"}
dependencies:
  - name: auth
    ref: "oci://ghcr.io/acme/auth-pacto:1.0.0"
    required: false
    compatibility: "^1.0.0"
runtime:
  workload: service
  state: {type: stateless, persistence: {scope: local, durability: ephemeral}, dataCriticality: low}
  lifecycle: {upgradeStrategy: rolling, gracefulShutdownSeconds: 30}
  health: {interface: rest, path: /healthz, initialDelaySeconds: 5}
  metrics: {interface: rest, path: /metrics}
scaling: {min: 2, max: 5}
"""
)

FILES = {
    "interfaces/openapi.yaml": b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
    "interfaces/events.yaml": b"asyncapi: 2.6.0\n",
    "configuration/schema.json": b'{"type": "object"}',
    "configuration/other.json": b'{"type": "object"}',
}

Mutation = Callable[[dict[str, Any]], None]
Row = tuple[str, str, str, Any, Any]


def _files(document: dict[str, Any], extra: dict[str, bytes] | None = None) -> MemoryFS:
    raw = yaml.safe_dump(document, sort_keys=False).encode()
    return MemoryFS({"pacto.yaml": raw, **FILES, **(extra or {})})


def run(old_doc: dict[str, Any], new_doc: dict[str, Any], **extra: dict[str, bytes]) -> list[Row]:
    old_fs = _files(old_doc, extra.get("old"))
    new_fs = _files(new_doc, extra.get("new"))
    result = compare(
        parse(old_fs.read_bytes("pacto.yaml")),
        parse(new_fs.read_bytes("pacto.yaml")),
        old_fs,
        new_fs,
        old_raw=old_fs.read_bytes("pacto.yaml"),
        new_raw=new_fs.read_bytes("pacto.yaml"),
    )
    return [
        (c.path, str(c.type), str(c.classification), c.old_value, c.new_value)
        for c in result.changes
    ]


def mutate(function: Mutation, base: dict[str, Any] | None = None) -> dict[str, Any]:
    document = copy.deepcopy(base or BASE)
    function(document)
    return document


def _set(path: str, value: Any) -> Mutation:
    def apply(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = document
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        if value is _DELETE:
            if isinstance(node, list):
                node.pop(int(last))
            else:
                node.pop(last)
        elif isinstance(node, list) and last.isdigit():
            node[int(last)] = value
        else:
            node[last] = value

    return apply


_DELETE = object()
NB, PB, B = "NON_BREAKING", "POTENTIAL_BREAKING", "BREAKING"

# (id, old mutation, new mutation, expected rows)
CONTRACT_CASES: list[tuple[str, Mutation | None, Mutation, list[Row]]] = [
    (
        "name",
        None,
        _set("service.name", "billing"),
        [("service.name", "modified", B, "payments", "billing")],
    ),
    (
        "version",
        None,
        _set("service.version", "1.1.0"),
        [("service.version", "modified", NB, "1.0.0", "1.1.0")],
    ),
    (
        "owner-added",
        _set("service.owner", _DELETE),
        lambda d: None,
        [("service.owner", "added", NB, "", "team/payments")],
    ),
    (
        "owner-removed",
        None,
        _set("service.owner", _DELETE),
        [("service.owner", "removed", NB, "team/payments", "")],
    ),
    (
        "owner-structured",
        None,
        _set("service.owner", {"team": "payments", "dri": "ann"}),
        [("service.owner", "modified", NB, "team/payments", "payments")],
    ),
    (
        "image-added",
        _set("service.image", _DELETE),
        lambda d: None,
        [("service.image", "added", NB, "", "ghcr.io/acme/payments:1.0.0")],
    ),
    (
        "image-removed",
        None,
        _set("service.image", _DELETE),
        [("service.image", "removed", NB, "ghcr.io/acme/payments:1.0.0", "")],
    ),
    (
        "image-modified",
        None,
        _set("service.image", {"ref": "ghcr.io/acme/payments:1.1.0"}),
        [
            (
                "service.image",
                "modified",
                NB,
                "ghcr.io/acme/payments:1.0.0",
                "ghcr.io/acme/payments:1.1.0",
            )
        ],
    ),
    (
        "chart-added",
        _set("service.chart", _DELETE),
        lambda d: None,
        [("service.chart", "added", NB, "", "oci://ghcr.io/acme/charts/payments:1.0.0")],
    ),
    (
        "chart-removed",
        None,
        _set("service.chart", _DELETE),
        [("service.chart", "removed", NB, "oci://ghcr.io/acme/charts/payments:1.0.0", "")],
    ),
    (
        "chart-modified",
        None,
        _set("service.chart.version", "1.2.0"),
        [
            (
                "service.chart",
                "modified",
                NB,
                "oci://ghcr.io/acme/charts/payments:1.0.0",
                "oci://ghcr.io/acme/charts/payments:1.2.0",
            )
        ],
    ),
    (
        "scaling-added",
        _set("scaling", _DELETE),
        _set("scaling", {"replicas": 2}),
        [("scaling", "added", NB, None, "replicas=2")],
    ),
    (
        "scaling-removed",
        None,
        _set("scaling", _DELETE),
        [("scaling", "removed", PB, "min=2 max=5", None)],
    ),
    (
        "scaling-form-switch",
        _set("scaling", {"replicas": 2}),
        lambda d: None,
        [("scaling", "modified", PB, "replicas=2", "min=2 max=5")],
    ),
    (
        "scaling-replicas",
        _set("scaling", {"replicas": 2}),
        _set("scaling", {"replicas": 4}),
        [("scaling.replicas", "modified", PB, 2, 4)],
    ),
    (
        "scaling-min-max",
        None,
        _set("scaling", {"min": 3, "max": 10}),
        [("scaling.min", "modified", PB, 2, 3), ("scaling.max", "modified", NB, 5, 10)],
    ),
    (
        "workload",
        None,
        _set("runtime.workload", "job"),
        [("runtime.workload", "modified", B, "service", "job")],
    ),
    (
        "state-type",
        None,
        _set("runtime.state.type", "stateful"),
        [("runtime.state.type", "modified", B, "stateless", "stateful")],
    ),
    (
        "scope",
        None,
        _set("runtime.state.persistence.scope", "shared"),
        [("runtime.state.persistence.scope", "modified", B, "local", "shared")],
    ),
    (
        "durability",
        None,
        _set("runtime.state.persistence.durability", "persistent"),
        [("runtime.state.persistence.durability", "modified", B, "ephemeral", "persistent")],
    ),
    (
        "criticality",
        None,
        _set("runtime.state.dataCriticality", "high"),
        [("runtime.state.dataCriticality", "modified", PB, "low", "high")],
    ),
    (
        "upgrade-added",
        _set("runtime.lifecycle", _DELETE),
        _set("runtime.lifecycle", {"upgradeStrategy": "ordered"}),
        [("runtime.lifecycle.upgradeStrategy", "added", NB, "", "ordered")],
    ),
    (
        "upgrade-removed",
        None,
        _set("runtime.lifecycle.upgradeStrategy", _DELETE),
        [("runtime.lifecycle.upgradeStrategy", "removed", PB, "rolling", "")],
    ),
    (
        "upgrade-modified",
        None,
        _set("runtime.lifecycle.upgradeStrategy", "recreate"),
        [("runtime.lifecycle.upgradeStrategy", "modified", PB, "rolling", "recreate")],
    ),
    (
        "shutdown-added",
        _set("runtime.lifecycle.gracefulShutdownSeconds", _DELETE),
        lambda d: None,
        [("runtime.lifecycle.gracefulShutdownSeconds", "added", PB, 0, 30)],
    ),
    (
        "shutdown-removed",
        None,
        _set("runtime.lifecycle.gracefulShutdownSeconds", _DELETE),
        [("runtime.lifecycle.gracefulShutdownSeconds", "removed", PB, 30, 0)],
    ),
    (
        "shutdown-modified",
        None,
        _set("runtime.lifecycle.gracefulShutdownSeconds", 45),
        [("runtime.lifecycle.gracefulShutdownSeconds", "modified", NB, 30, 45)],
    ),
    (
        "health",
        None,
        _set("runtime.health", {"interface": "admin", "path": "/health"}),
        [
            ("runtime.health.interface", "modified", PB, "rest", "admin"),
            ("runtime.health.path", "modified", PB, "/healthz", "/health"),
            ("runtime.health.initialDelaySeconds", "modified", NB, 5, 0),
        ],
    ),
    (
        "metrics",
        None,
        _set("runtime.metrics", _DELETE),
        [
            ("runtime.metrics.interface", "modified", PB, "rest", ""),
            ("runtime.metrics.path", "modified", PB, "/metrics", ""),
        ],
    ),
    (
        "dependency-removed",
        None,
        _set("dependencies", []),
        [("dependencies", "removed", B, "auth", None)],
    ),
    (
        "dependency-added",
        _set("dependencies", []),
        lambda d: None,
        [("dependencies", "added", NB, None, "auth")],
    ),
    (
        "dependency-fields",
        None,
        _set(
            "dependencies.0",
            {
                "name": "auth",
                "ref": "oci://ghcr.io/acme/auth-pacto:2.0.0",
                "required": True,
                "compatibility": "^2.0.0",
            },
        ),
        [
            (
                "dependencies.ref",
                "modified",
                PB,
                "auth: oci://ghcr.io/acme/auth-pacto:1.0.0",
                "auth: oci://ghcr.io/acme/auth-pacto:2.0.0",
            ),
            ("dependencies.compatibility", "modified", PB, "auth: ^1.0.0", "auth: ^2.0.0"),
            (
                "dependencies.required",
                "modified",
                PB,
                "auth: required=false",
                "auth: required=true",
            ),
        ],
    ),
    (
        "interface-removed",
        None,
        _set("interfaces.1", _DELETE),
        [("interfaces", "removed", B, "events", None)],
    ),
    (
        "interface-added",
        _set("interfaces.1", _DELETE),
        lambda d: None,
        [("interfaces", "added", NB, None, "events")],
    ),
    (
        "interface-type",
        None,
        _set("interfaces.1.type", "grpc"),
        [("interfaces.type", "modified", B, "events: event", "events: grpc")],
    ),
    (
        "port-added",
        None,
        _set("interfaces.1.port", 9000),
        [("interfaces.port", "added", PB, 0, 9000)],
    ),
    (
        "port-removed",
        None,
        _set("interfaces.0.port", _DELETE),
        [("interfaces.port", "removed", B, 8080, 0)],
    ),
    (
        "port-modified",
        None,
        _set("interfaces.0.port", 9090),
        [("interfaces.port", "modified", B, 8080, 9090)],
    ),
    (
        "visibility",
        None,
        _set("interfaces.0.visibility", "public"),
        [("interfaces.visibility", "modified", PB, "rest: internal", "rest: public")],
    ),
    (
        "visibility-absent-is-raw",
        None,
        _set("interfaces.0.visibility", _DELETE),
        [("interfaces.visibility", "modified", PB, "rest: internal", "rest: ")],
    ),
    (
        "contract-path",
        None,
        _set("interfaces.1.contract", "interfaces/events-v2.yaml"),
        [
            (
                "interfaces.contract",
                "modified",
                PB,
                "events: interfaces/events.yaml",
                "events: interfaces/events-v2.yaml",
            )
        ],
    ),
    (
        "contract-dropped",
        None,
        _set("interfaces.1.contract", _DELETE),
        [("interfaces.contract", "modified", PB, "interfaces/events.yaml", "")],
    ),
    (
        "configuration-removed",
        None,
        _set("configurations", []),
        [("configurations", "removed", B, "app: configuration/schema.json", None)],
    ),
    (
        "configuration-added",
        _set("configurations", []),
        lambda d: None,
        [("configurations", "added", NB, None, "app: configuration/schema.json")],
    ),
    (
        "configuration-renamed",
        None,
        _set("configurations.0.name", "application"),
        [
            ("configurations", "removed", B, "app: configuration/schema.json", None),
            ("configurations", "added", NB, None, "application: configuration/schema.json"),
        ],
    ),
    (
        "configuration-schema-to-ref",
        None,
        _set("configurations.0", {"name": "app", "ref": "oci://ghcr.io/acme/cfg:1.0.0"}),
        [
            ("configurations.schema", "modified", PB, "app: configuration/schema.json", "app: "),
            ("configurations.ref", "added", NB, "app: ", "app: oci://ghcr.io/acme/cfg:1.0.0"),
        ],
    ),
    (
        "configuration-schema-path",
        None,
        _set("configurations.0.schema", "configuration/other.json"),
        [
            (
                "configurations.schema",
                "modified",
                PB,
                "app: configuration/schema.json",
                "app: configuration/other.json",
            )
        ],
    ),
    (
        "configuration-ref-removed",
        _set("configurations.0", {"name": "app", "ref": "oci://ghcr.io/acme/cfg:1.0.0"}),
        _set("configurations.0", {"name": "app", "schema": "configuration/schema.json"}),
        [
            ("configurations.schema", "modified", PB, "app: ", "app: configuration/schema.json"),
            ("configurations.ref", "removed", B, "app: oci://ghcr.io/acme/cfg:1.0.0", "app: "),
        ],
    ),
    (
        "configuration-ref-modified",
        _set("configurations.0", {"name": "app", "ref": "oci://ghcr.io/acme/cfg:1.0.0"}),
        _set("configurations.0", {"name": "app", "ref": "oci://ghcr.io/acme/cfg:2.0.0"}),
        [
            (
                "configurations.ref",
                "modified",
                PB,
                "app: oci://ghcr.io/acme/cfg:1.0.0",
                "app: oci://ghcr.io/acme/cfg:2.0.0",
            )
        ],
    ),
    (
        "policy-ref-modified",
        None,
        _set("policies.0.ref", "oci://ghcr.io/acme/policy:2.0.0"),
        [
            (
                "policies.ref",
                "modified",
                PB,
                "base: oci://ghcr.io/acme/policy:1.0.0",
                "base: oci://ghcr.io/acme/policy:2.0.0",
            )
        ],
    ),
    (
        "policy-removed",
        None,
        _set("policies", []),
        [("policies", "removed", PB, "base: oci://ghcr.io/acme/policy:1.0.0", None)],
    ),
    (
        "policy-added",
        _set("policies", []),
        lambda d: None,
        [("policies", "added", NB, None, "base: oci://ghcr.io/acme/policy:1.0.0")],
    ),
    (
        "policy-ref-to-schema",
        None,
        _set("policies.0", {"name": "base", "schema": "configuration/schema.json"}),
        [
            ("policies.schema", "modified", PB, "base: ", "base: configuration/schema.json"),
            ("policies.ref", "removed", PB, "base: oci://ghcr.io/acme/policy:1.0.0", "base: "),
        ],
    ),
    (
        "policy-ref-added",
        _set("policies.0", {"name": "base"}),
        lambda d: None,
        [("policies.ref", "added", NB, "base: ", "base: oci://ghcr.io/acme/policy:1.0.0")],
    ),
]


@pytest.mark.parametrize(
    ("old_change", "new_change", "expected"),
    [case[1:] for case in CONTRACT_CASES],
    ids=[case[0] for case in CONTRACT_CASES],
)
def test_contract_section_change(
    old_change: Mutation | None, new_change: Mutation, expected: list[Row]
) -> None:
    old = mutate(old_change) if old_change else copy.deepcopy(BASE)
    new = mutate(new_change)
    assert run(old, new) == expected


def test_identical_contracts_have_no_changes() -> None:
    assert run(BASE, copy.deepcopy(BASE)) == []


def _policy_provider() -> dict[str, Any]:
    document = copy.deepcopy(BASE)
    document.pop("policies")
    return document


def test_policy_schema_file_appearing_is_reported_with_the_default_class() -> None:
    provider = _policy_provider()
    rows = run(provider, provider, new={"policy/schema.json": b"{}"})
    assert rows == [("policy/schema.json", "added", PB, None, "policy/schema.json")]


def test_policy_schema_file_disappearing_is_reported_with_the_default_class() -> None:
    provider = _policy_provider()
    rows = run(provider, provider, old={"policy/schema.json": b"{}"})
    assert rows == [("policy/schema.json", "removed", PB, "policy/schema.json", None)]


def test_policy_schema_files_of_a_provider_are_diffed() -> None:
    provider = _policy_provider()
    rows = run(
        provider,
        provider,
        old={"policy/schema.json": b'{"type": "object", "properties": {"a": {"type": "string"}}}'},
        new={
            "policy/schema.json": b'{"type": "object", "properties": {"a": {"type": "string"}},'
            b' "required": ["a"]}'
        },
    )
    assert rows == [("schema.required[a]", "added", B, None, "a")]


def test_adding_a_runtime_section_is_field_by_field_as_the_reference_does() -> None:
    old = copy.deepcopy(BASE)
    old.pop("runtime")
    rows = run(old, BASE)
    assert rows[0] == ("runtime.workload", "modified", B, "", "service")


SPEC_OLD = """
pactoVersion: "1.0"
service:
  name: payments-api
  version: 1.4.0
  owner: team/payments
  image:
    ref: ghcr.io/acme/payments-api:1.4.0
interfaces:
  - name: rest
    type: http
    port: 8080
    visibility: internal
    contract: interfaces/openapi.yaml
  - name: events
    type: event
    contract: interfaces/events.yaml
dependencies:
  - name: auth
    ref: oci://ghcr.io/acme/auth-pacto
    required: true
    compatibility: "^2.0.0"
runtime:
  workload: service
  state:
    type: stateless
    persistence: {scope: local, durability: ephemeral}
    dataCriticality: low
  lifecycle:
    upgradeStrategy: rolling
    gracefulShutdownSeconds: 30
  health:
    interface: rest
    path: /healthz
scaling:
  min: 2
  max: 5
"""

SPEC_NEW = """
pactoVersion: "1.0"
service:
  name: payments-api
  version: 2.0.0
  owner:
    team: payments
  image:
    ref: ghcr.io/acme/payments-api:2.0.0
interfaces:
  - name: rest
    type: http
    port: 9090
    visibility: public
    contract: interfaces/openapi.yaml
  - name: admin
    type: grpc
    port: 9091
    contract: interfaces/admin.proto
dependencies:
  - name: auth
    ref: oci://ghcr.io/acme/auth-pacto
    required: true
    compatibility: "^3.0.0"
  - name: ledger
    ref: oci://ghcr.io/acme/ledger-pacto
    compatibility: "~1.2.0"
runtime:
  workload: service
  state:
    type: stateless
    persistence: {scope: local, durability: ephemeral}
    dataCriticality: medium
  lifecycle:
    upgradeStrategy: rolling
    gracefulShutdownSeconds: 45
  health:
    interface: rest
    path: /health
scaling:
  min: 3
  max: 10
"""


def test_the_worked_example_of_section_12_1() -> None:
    rows = run(yaml.safe_load(SPEC_OLD), yaml.safe_load(SPEC_NEW))
    assert rows == [
        ("service.version", "modified", NB, "1.4.0", "2.0.0"),
        ("service.owner", "modified", NB, "team/payments", "payments"),
        (
            "service.image",
            "modified",
            NB,
            "ghcr.io/acme/payments-api:1.4.0",
            "ghcr.io/acme/payments-api:2.0.0",
        ),
        ("scaling.min", "modified", PB, 2, 3),
        ("scaling.max", "modified", NB, 5, 10),
        ("runtime.state.dataCriticality", "modified", PB, "low", "medium"),
        ("runtime.lifecycle.gracefulShutdownSeconds", "modified", NB, 30, 45),
        ("runtime.health.path", "modified", PB, "/healthz", "/health"),
        ("dependencies.compatibility", "modified", PB, "auth: ^2.0.0", "auth: ^3.0.0"),
        ("dependencies", "added", NB, None, "ledger"),
        ("interfaces", "removed", B, "events", None),
        ("interfaces.port", "modified", B, 8080, 9090),
        ("interfaces.visibility", "modified", PB, "rest: internal", "rest: public"),
        ("interfaces", "added", NB, None, "admin"),
    ]


def test_contract_changes_carry_locations_in_pacto_yaml() -> None:
    old_fs = _files(BASE)
    new_fs = _files(mutate(_set("interfaces.0.port", 9090)))
    result = compare(
        parse(old_fs.read_bytes("pacto.yaml")),
        parse(new_fs.read_bytes("pacto.yaml")),
        old_fs,
        new_fs,
        old_raw=old_fs.read_bytes("pacto.yaml"),
        new_raw=new_fs.read_bytes("pacto.yaml"),
    )
    (change,) = result.changes
    assert change.rule == "interfaces.port.modified"
    assert change.old_location is not None and change.new_location is not None
    assert change.old_location.file == "pacto.yaml"
    line = old_fs.read_bytes("pacto.yaml").decode().splitlines()[change.old_location.line - 1]
    assert "8080" in line[change.old_location.column - 1 :]


LEGACY_OLD = """
pactoVersion: "1.0"
service: {name: svc, version: 1.0.0}
configuration: {schema: configuration/schema.json}
policies:
  - {schema: policy/a.json}
dependencies:
  - {ref: "oci://ghcr.io/acme/auth-pacto:1.0.0", compatibility: "^1.0.0"}
"""


def test_legacy_shapes_use_the_effective_lists() -> None:
    old = yaml.safe_load(LEGACY_OLD)
    new = copy.deepcopy(old)
    new["dependencies"][0]["required"] = True
    new["policies"][0]["schema"] = "policy/b.json"
    new["configuration"] = {"ref": "oci://ghcr.io/acme/cfg:1.0.0"}
    rows = run(old, new)
    assert rows == [
        (
            "dependencies.required",
            "modified",
            PB,
            "oci://ghcr.io/acme/auth-pacto:1.0.0: required=false",
            "oci://ghcr.io/acme/auth-pacto:1.0.0: required=true",
        ),
        ("configurations.schema", "modified", PB, ": configuration/schema.json", ": "),
        ("configurations.ref", "added", NB, ": ", ": oci://ghcr.io/acme/cfg:1.0.0"),
        ("policies.schema", "modified", PB, "#0: policy/a.json", "#0: policy/b.json"),
    ]
