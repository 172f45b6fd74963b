"""JSON shapes (05-graph.md §2, §11.1)."""

from __future__ import annotations

import json

from pacto.graph import Edge, EdgeType, Node, Result, result_to_wire

from .scenarios import checkout_graph


def test_the_worked_example_serialises_as_documented() -> None:
    wire = result_to_wire(checkout_graph())
    assert list(wire) == ["root", "conflicts"]
    assert wire["conflicts"] == [{"name": "notify", "versions": ["notify@1.0.0", "notify@1.1.0"]}]
    root = wire["root"]
    assert list(root) == ["name", "version", "dependencies"]
    payments, inventory, notify = root["dependencies"]
    assert list(payments) == ["ref", "required", "compatibility", "type", "node"]
    assert payments["node"]["ref"] == "oci://ghcr.io/acme/payments-pacto"
    assert inventory == {
        "ref": "../inventory",
        "required": False,
        "compatibility": "^0.9.0",
        "type": "dependency",
        "node": {
            "name": "inventory",
            "version": "0.9.0",
            "ref": "../inventory",
            "local": True,
            "dependencies": [
                {
                    "ref": "oci://ghcr.io/acme/notify-pacto:1.0.0",
                    "required": False,
                    "compatibility": "^1.0.0",
                    "type": "dependency",
                    "node": {
                        "name": "notify",
                        "version": "1.0.0",
                        "ref": "oci://ghcr.io/acme/notify-pacto:1.0.0",
                    },
                    "shared": True,
                }
            ],
        },
        "local": True,
    }
    assert notify["node"] == {
        "name": "notify",
        "version": "1.0.0",
        "ref": "oci://ghcr.io/acme/notify-pacto:1.0.0",
    }


def test_empty_optional_keys_are_omitted_and_errors_kept() -> None:
    root = Node(
        name="root",
        version="",
        dependencies=(
            Edge(ref="x", error="cycle detected: x", is_shared=True, is_local=True),
            Edge(ref="oci://r/cfg:1", type=EdgeType.REFERENCE),
        ),
    )
    wire = result_to_wire(Result(root=root, cycles=(("root", "x"),)))
    assert wire == {
        "root": {
            "name": "root",
            "version": "",
            "dependencies": [
                {
                    "ref": "x",
                    "required": False,
                    "compatibility": "",
                    "type": "dependency",
                    "error": "cycle detected: x",
                    "shared": True,
                    "local": True,
                },
                {
                    "ref": "oci://r/cfg:1",
                    "required": False,
                    "compatibility": "",
                    "type": "reference",
                },
            ],
        },
        "cycles": [["root", "x"]],
    }
    json.dumps(wire)
