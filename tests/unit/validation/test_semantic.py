"""Layer 3: semantic consistency warnings (02 §6)."""

from __future__ import annotations

from typing import Any

import pytest

from pacto.validation import validate_semantic
from tests.unit.validation.helpers import contract_of, pairs


@pytest.mark.parametrize(
    ("state", "strategy", "expected"),
    [
        (
            "stateless",
            "ordered",
            [("UPGRADE_STRATEGY_STATE_MISMATCH", "runtime.lifecycle.upgradeStrategy")],
        ),
        ("stateful", "ordered", []),
        ("hybrid", "ordered", []),
        ("stateless", "rolling", []),
    ],
)
def test_ordered_upgrades_of_stateless_services_are_warned(
    state: str, strategy: str, expected: list[tuple[str, str]], document: dict[str, Any]
) -> None:
    document["runtime"]["state"]["type"] = state
    document["runtime"]["lifecycle"] = {"upgradeStrategy": strategy}
    result = validate_semantic(contract_of(document))
    assert pairs(result.warnings) == expected
    assert result.errors == []


def test_no_lifecycle_no_runtime_no_warning(document: dict[str, Any]) -> None:
    assert validate_semantic(contract_of(document)).warnings == []
    del document["runtime"]
    assert validate_semantic(contract_of(document)).warnings == []
