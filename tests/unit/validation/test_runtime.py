"""Runtime validation: declared versus observed (02-validation.md §8)."""

from __future__ import annotations

from typing import Any

import pytest

from pacto.validation import RuntimeContext, validate_runtime
from tests.unit.validation.helpers import base, contract_of, pairs


def _contract(**sections: Any) -> Any:
    document = base()
    document.update(sections)
    return contract_of(document)


TWO_INTERFACES = [
    {"name": "rest", "type": "http", "port": 8080},
    {"name": "admin", "type": "grpc", "port": 9000, "contract": "a.proto"},
    {"name": "events", "type": "event", "contract": "e.yaml"},
]


@pytest.mark.parametrize(
    ("ports", "errors"),
    [
        ([8080, 9000], []),
        ([8080, 9000, 1234], []),
        ([8080], [("PORT_NOT_OBSERVED", "interfaces[1].port")]),
        (
            [1],
            [
                ("PORT_NOT_OBSERVED", "interfaces[0].port"),
                ("PORT_NOT_OBSERVED", "interfaces[1].port"),
            ],
        ),
        ([], []),
    ],
    ids=["all", "extra-observed", "partial", "none-match", "not-observed"],
)
def test_declared_ports_must_be_observed(ports: list[int], errors: list[tuple[str, str]]) -> None:
    result = validate_runtime(_contract(interfaces=TWO_INTERFACES), RuntimeContext(ports=ports))
    assert pairs(result.errors) == errors
    assert result.is_valid() is (not errors)


def test_port_message_names_interface_and_port() -> None:
    result = validate_runtime(_contract(interfaces=TWO_INTERFACES), RuntimeContext(ports=[8080]))
    assert result.errors[0].message == (
        'interface "admin" declares port 9000 but it was not observed at runtime'
    )


def test_configuration_keys_missing_from_the_environment_are_warnings_in_sorted_order() -> None:
    contract = _contract(
        configurations=[
            {"name": "a", "schema": "a.json", "values": {"Z_KEY": 1, "LOG_LEVEL": "x", "M": 2}},
            {"name": "b", "ref": "oci://r.io/cfg"},
            {"name": "c", "schema": "c.json", "values": {"DB_HOST": "h"}},
        ]
    )
    result = validate_runtime(contract, RuntimeContext(env_vars={"LOG_LEVEL": "debug"}))
    assert result.is_valid()
    assert pairs(result.warnings) == [
        ("CONFIG_NOT_OBSERVED", "configurations[0].values.M"),
        ("CONFIG_NOT_OBSERVED", "configurations[0].values.Z_KEY"),
        ("CONFIG_NOT_OBSERVED", "configurations[2].values.DB_HOST"),
    ]
    assert result.warnings[0].message == (
        'configuration key "M" is declared but not found in runtime environment'
    )


def test_empty_observations_mean_not_observed() -> None:
    contract = _contract(
        interfaces=TWO_INTERFACES,
        configurations=[{"name": "a", "schema": "a.json", "values": {"A": 1}}],
    )
    result = validate_runtime(contract, RuntimeContext())
    assert result.errors == [] and result.warnings == []


def test_present_configuration_keys_are_fine_and_values_are_not_compared() -> None:
    contract = _contract(configurations=[{"name": "a", "schema": "a.json", "values": {"A": 1}}])
    assert validate_runtime(contract, RuntimeContext(env_vars={"A": "2"})).warnings == []


def test_legacy_configuration_uses_the_reference_path() -> None:
    contract = _contract(configuration={"schema": "c.json", "values": {"DB_HOST": "h"}})
    result = validate_runtime(contract, RuntimeContext(env_vars={"OTHER": "x"}))
    assert pairs(result.warnings) == [("CONFIG_NOT_OBSERVED", "configuration.values.DB_HOST")]


def test_http_paths_are_reserved_and_never_checked() -> None:
    result = validate_runtime(_contract(), RuntimeContext(http_paths=["/nothing"]))
    assert result.errors == [] and result.warnings == []


def test_spec_example() -> None:
    contract = _contract(
        interfaces=[
            {"name": "rest", "type": "http", "port": 8080},
            {"name": "admin", "type": "grpc", "port": 9000, "contract": "a.proto"},
        ],
        configurations=[
            {"name": "app", "schema": "c.json", "values": {"LOG_LEVEL": "info", "MAX_BATCH": 50}}
        ],
    )
    result = validate_runtime(
        contract, RuntimeContext(ports=[8080], env_vars={"LOG_LEVEL": "debug"})
    )
    assert pairs(result.errors) == [("PORT_NOT_OBSERVED", "interfaces[1].port")]
    assert pairs(result.warnings) == [("CONFIG_NOT_OBSERVED", "configurations[0].values.MAX_BATCH")]
