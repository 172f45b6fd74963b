"""Canonical JSON of a contract (01-contract.md §6.5)."""

from __future__ import annotations

from pacto.contract import parse
from pacto.contract.wire import contract_to_wire

FULL = """pactoVersion: "1.0"
service:
  name: orders
  version: 1.0.0
  image: {ref: ghcr.io/x/orders:1.0.0}
interfaces:
  - {name: api, type: http, port: 8080}
  - {name: ev, type: event, contract: e.yaml, visibility: public}
dependencies:
  - {name: pay, ref: "oci://r.io/pay", compatibility: "^1"}
runtime:
  workload: service
  state: {type: stateless, persistence: {scope: local, durability: ephemeral}, dataCriticality: low}
  lifecycle: {gracefulShutdownSeconds: 0}
  health: {interface: api, path: /h}
scaling: {replicas: 3}
"""


def test_wire_form_follows_the_omission_rules() -> None:
    wire = contract_to_wire(parse(FULL))
    assert list(wire) == [
        "pactoVersion",
        "service",
        "interfaces",
        "dependencies",
        "runtime",
        "scaling",
    ]
    assert wire["service"] == {
        "name": "orders",
        "version": "1.0.0",
        "owner": None,
        "image": {"ref": "ghcr.io/x/orders:1.0.0"},
    }
    assert wire["interfaces"] == [
        {"name": "api", "type": "http", "port": 8080},
        {"name": "ev", "type": "event", "visibility": "public", "contract": "e.yaml"},
    ]
    assert wire["dependencies"] == [{"name": "pay", "ref": "oci://r.io/pay", "compatibility": "^1"}]
    assert wire["runtime"]["lifecycle"] == {"gracefulShutdownSeconds": 0}
    assert wire["runtime"]["health"] == {"interface": "api", "path": "/h"}
    assert wire["scaling"] == {"replicas": 3, "min": 3, "max": 3}


def test_minimal_contract_keeps_a_null_owner() -> None:
    wire = contract_to_wire(parse('pactoVersion: "1.0"\nservice: {name: a, version: "1"}\n'))
    assert wire == {"pactoVersion": "1.0", "service": {"name": "a", "version": "1", "owner": None}}
