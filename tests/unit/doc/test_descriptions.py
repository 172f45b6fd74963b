from __future__ import annotations

from pacto.doc import collect_descriptions, schema_descriptions


def test_descriptions_follow_properties_and_local_refs() -> None:
    schema = {
        "properties": {
            "runtime": {"description": "How it runs.", "$ref": "#/$defs/Runtime"},
            "name": {"type": "string", "description": "The name."},
        },
        "$defs": {
            "Runtime": {
                "description": "ignored: the description beside the $ref wins",
                "properties": {
                    "workload": {
                        "enum": ["service", "job"],
                        "description": "Kind of workload.",
                        "x-enum-descriptions": {"service": "long-running", "job": "runs once"},
                    },
                    "loop": {"$ref": "#/$defs/Runtime"},
                },
            }
        },
    }
    descriptions = collect_descriptions(schema)
    assert descriptions["runtime"] == "How it runs."
    assert descriptions["name"] == "The name."
    assert descriptions["runtime.workload"] == "Kind of workload."
    assert descriptions["runtime.workload.service"] == "long-running"
    assert descriptions["runtime.workload.job"] == "runs once"
    assert "runtime.loop.workload.job" in descriptions  # recursion is bounded, not refused


def test_embedded_schema_describes_every_concept_table_value() -> None:
    descriptions = schema_descriptions()
    for key in (
        "runtime.workload.service",
        "runtime.workload.job",
        "runtime.workload.scheduled",
        "runtime.state.type.stateless",
        "runtime.state.type.stateful",
        "runtime.state.type.hybrid",
        "runtime.state.persistence.scope.local",
        "runtime.state.persistence.scope.shared",
        "runtime.state.persistence.durability.ephemeral",
        "runtime.state.persistence.durability.persistent",
        "runtime.state.dataCriticality.low",
        "runtime.state.dataCriticality.medium",
        "runtime.state.dataCriticality.high",
        "runtime.lifecycle.upgradeStrategy.rolling",
        "runtime.lifecycle.upgradeStrategy.recreate",
        "runtime.lifecycle.upgradeStrategy.ordered",
    ):
        assert descriptions.get(key), key
