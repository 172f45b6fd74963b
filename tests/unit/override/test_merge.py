"""Deep merge of values files (06-overrides.md §4)."""

from __future__ import annotations

from typing import Any

import pytest

from pacto.override._merge import merge


@pytest.mark.parametrize(
    ("destination", "source", "expected"),
    [
        # dst[k] absent: copied
        ({"a": 1}, {"b": {"c": 2}}, {"a": 1, "b": {"c": 2}}),
        # mapping + mapping: merged recursively
        ({"a": {"x": 1, "y": 2}}, {"a": {"y": 3, "z": 4}}, {"a": {"x": 1, "y": 3, "z": 4}}),
        # anything else: replaced
        ({"a": 1}, {"a": "one"}, {"a": "one"}),
        ({"a": [1, 2, 3]}, {"a": [9]}, {"a": [9]}),
        ({"a": {"x": 1}}, {"a": None}, {"a": None}),
        ({"a": {"x": 1}}, {"a": "scalar"}, {"a": "scalar"}),
        ({"a": [1]}, {"a": {"x": 1}}, {"a": {"x": 1}}),
        ({"a": "scalar"}, {"a": {"x": 1}}, {"a": {"x": 1}}),
        ({"a": None}, {"a": {"x": 1}}, {"a": {"x": 1}}),
        # nothing is ever removed
        ({"a": 1, "b": 2}, {}, {"a": 1, "b": 2}),
    ],
)
def test_merge_follows_the_table(
    destination: dict[str, Any], source: dict[str, Any], expected: dict[str, Any]
) -> None:
    merge(destination, source)
    assert destination == expected


def test_lists_are_replaced_wholesale_never_element_wise() -> None:
    destination = {"interfaces": [{"name": "api", "port": 8080}, {"name": "grpc"}]}
    merge(destination, {"interfaces": [{"port": 9090}]})
    assert destination == {"interfaces": [{"port": 9090}]}


def test_scaling_pitfall_keeps_replicas_next_to_min_and_max() -> None:
    destination: dict[str, Any] = {"scaling": {"replicas": 1}}
    merge(destination, {"scaling": {"min": 2, "max": 4}})
    assert destination == {"scaling": {"replicas": 1, "min": 2, "max": 4}}


def test_existing_keys_keep_their_position_and_new_keys_are_appended() -> None:
    destination: dict[str, Any] = {"b": 1, "a": {"y": 1, "x": 2}, "c": 3}
    merge(destination, {"d": 4, "a": {"z": 0, "x": 5}, "b": 6})
    assert list(destination) == ["b", "a", "c", "d"]
    assert list(destination["a"]) == ["y", "x", "z"]
