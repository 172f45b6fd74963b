"""Go's ``%v`` value formatting, shared by diff, doc and dashboard outputs."""

from __future__ import annotations

import math
from typing import Any

import pytest

from pacto.contract import format_go_float, format_go_value, load_yaml


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.5, "0.5"),
        (12.5, "12.5"),
        (100.0, "100"),
        (123456.0, "123456"),
        (1234567.0, "1.234567e+06"),
        (1e6, "1e+06"),
        (1e21, "1e+21"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (-2.5e-7, "-2.5e-07"),
        (0.1 + 0.2, "0.30000000000000004"),
        (0.0, "0"),
        (-0.0, "-0"),
        (math.inf, "+Inf"),
        (-math.inf, "-Inf"),
        (math.nan, "NaN"),
    ],
)
def test_floats_use_go_shortest_g(value: float, text: str) -> None:
    assert format_go_float(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "<nil>"),
        (True, "true"),
        (False, "false"),
        (42, "42"),
        ("text", "text"),
        ([1, "a", None], "[1 a <nil>]"),
        ({"b": 1, "a": [2.5, True]}, "map[a:[2.5 true] b:1]"),
        ({}, "map[]"),
        ([], "[]"),
    ],
)
def test_values_use_go_percent_v(value: Any, text: str) -> None:
    assert format_go_value(value) == text


def test_yaml_numbers_format_by_value_not_source() -> None:
    document = load_yaml("a: 010\nb: 1.50\n")
    assert format_go_value(document) == "map[a:8 b:1.5]"
