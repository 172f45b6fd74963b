"""The hand-written OpenAPI / JSON Schema change table (cases/openapi.yaml) under the
direction-aware ``pacto`` ruleset."""

from __future__ import annotations

from typing import Any

import pytest

from pacto.diff import RULES
from tests.unit.diff.support import load_cases, run_case

CASES = load_cases("openapi.yaml")


def test_the_case_table_has_at_least_sixty_cases() -> None:
    assert len(CASES) >= 60
    assert len({case["id"] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_change_case(case: dict[str, Any]) -> None:
    result = run_case(case)
    assert result.diagnostics == ()
    rules = [change.rule for change in result.changes]
    assert rules == case["rules"], [(c.path, c.rule, c.reason) for c in result.changes]
    assert str(result.classification) == case["expect"]
    for change in result.changes:
        assert change.classification is RULES[change.rule].classification
        assert change.new_location is not None or change.old_location is not None
    if "paths" in case:
        assert [change.path for change in result.changes] == case["paths"]
