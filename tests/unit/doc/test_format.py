from __future__ import annotations

import pytest

from pacto.doc import Numberer, anchor, go_value, sanitize
from pacto.doc._format import capitalize_first, cell, code


def test_numberer_counts_per_depth_and_forgets_deeper_counters() -> None:
    numbers = Numberer()
    assert [numbers.next(1), numbers.next(2), numbers.next(2), numbers.next(3)] == [
        "1",
        "1.1",
        "1.2",
        "1.2.1",
    ]
    assert numbers.next(1) == "2"
    assert numbers.next(2) == "2.1"
    assert numbers.next(3) == "2.1.1"


def test_anchor_lowercases_joins_with_hyphens_and_drops_colons_and_dots() -> None:
    assert anchor("2.1. HTTP Interface: api") == "21-http-interface-api"
    assert anchor("1. Architecture") == "1-architecture"


def test_sanitize_keeps_only_ascii_letters_and_digits() -> None:
    assert sanitize("order-store_v2.1") == "orderstorev21"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("text", "text"),
        (True, "true"),
        (None, "<nil>"),
        (8080, "8080"),
        (8080.0, "8080"),
        (0.85, "0.85"),
        (1e8, "1e+08"),
        (123456789.0, "1.23456789e+08"),
        (1e-5, "1e-05"),
        ([1, "a", False], "[1 a false]"),
        ({"b": 1, "a": {"c": 2}}, "map[a:map[c:2] b:1]"),
    ],
)
def test_go_value_prints_like_gos_percent_v(value: object, expected: str) -> None:
    assert go_value(value) == expected


def test_cells_escape_pipes_and_fold_line_breaks() -> None:
    assert cell("a | b\nc") == "a \\| b c"


def test_code_spans_survive_backticks_and_pipes() -> None:
    assert code("x") == "`x`"
    assert code("a|b") == "`a\\|b`"
    assert code("use `none`") == "`` use `none` ``"
    assert code("`x`") == "`` `x` ``"


def test_capitalize_first_leaves_the_rest_alone() -> None:
    assert capitalize_first("long-running TCP") == "Long-running TCP"
    assert capitalize_first("") == ""
