"""The engine around the analyzers: SBOM attachment, wire shapes, locations, values."""

from __future__ import annotations

import json
import math

import pytest

from pacto.contract import LocationIndex, MemoryFS, SourceLocation
from pacto.diff import ChangeType, Classification, DiffChange, Result, overall, render_value
from pacto.diff._locations import JsonLocator
from pacto.diff.wire import change_to_wire, json_safe, result_to_wire
from tests.unit.diff.support import PACTO, bundle, diff_bundles, openapi

SPDX = b'{"packages": [{"name": "a", "versionInfo": "1"}, {"name": "b", "versionInfo": "1"}]}'
SPDX_2 = b'{"packages": [{"name": "a", "versionInfo": "2"}, {"name": "b", "versionInfo": "1"}]}'


def _with_sbom(files: dict[str, bytes]) -> MemoryFS:
    return bundle(openapi(), {}, extra_files=files)


def test_sbom_changes_are_attached_but_never_classified() -> None:
    result = diff_bundles(
        _with_sbom({"sbom/x.spdx.json": SPDX}), _with_sbom({"sbom/x.spdx.json": SPDX_2})
    )
    assert result.classification is Classification.NON_BREAKING and result.changes == ()
    assert result.sbom_diff is not None
    assert [(c.package, c.field) for c in result.sbom_diff.changes] == [("a", "version")]


def test_identical_sboms_and_absent_sboms_give_no_sbom_part() -> None:
    same = diff_bundles(
        _with_sbom({"sbom/x.spdx.json": SPDX}), _with_sbom({"sbom/y.spdx.json": SPDX})
    )
    assert same.sbom_diff is None
    assert diff_bundles(_with_sbom({}), _with_sbom({})).sbom_diff is None


def test_an_sbom_on_one_side_only_lists_every_package() -> None:
    result = diff_bundles(_with_sbom({}), _with_sbom({"sbom/x.spdx.json": SPDX}))
    assert result.sbom_diff is not None
    assert [c.type for c in result.sbom_diff.changes] == ["added", "added"]


def test_an_unparseable_sbom_drops_the_sbom_part_with_a_warning() -> None:
    result = diff_bundles(
        _with_sbom({"sbom/x.spdx.json": SPDX}), _with_sbom({"sbom/x.spdx.json": b"{invalid}"})
    )
    assert result.sbom_diff is None
    assert str(result.diagnostics[0]).startswith("SBOM not compared: parsing SPDX JSON")


def test_an_sbom_of_unknown_format_is_a_warning() -> None:
    result = diff_bundles(_with_sbom({"sbom/bom.xml": b"<bom/>"}), _with_sbom({}))
    assert "no recognised SBOM (bom.xml)" in str(result.diagnostics[0])
    assert "(old side)" in str(result.diagnostics[0])


def test_sections_come_in_the_order_of_section_2() -> None:
    pacto_new = PACTO.replace("1.0.0", "1.1.0").replace("port: 8080", "port: 9090")
    old = bundle(openapi(), {"type": "object"})
    new = bundle(
        openapi(response={"type": "integer"}),
        {"type": "object", "required": ["a"]},
        pacto=pacto_new,
    )
    result = diff_bundles(old, new)
    assert [c.rule for c in result.changes] == [
        "service.version.modified",
        "interfaces.port.modified",
        "openapi.response.type.changed",
        "openapi.response.property.removed",
        "schema.property.became-required",
    ]


def test_change_wire_keys_follow_the_reference_then_ours() -> None:
    change = DiffChange(
        path="interfaces.port",
        type=ChangeType.ADDED,
        classification=Classification.POTENTIAL_BREAKING,
        reason="interfaces.port added",
        rule="interfaces.port.added",
        old_value=0,
        new_value=8080,
        old_location=SourceLocation("pacto.yaml", 3, 5),
        new_location=None,
    )
    wire = change_to_wire(change)
    assert list(wire) == [
        "path",
        "type",
        "oldValue",
        "newValue",
        "classification",
        "reason",
        "rule",
        "oldLocation",
    ]
    assert wire["oldValue"] == 0 and wire["oldLocation"] == "pacto.yaml:3:5"


def test_absent_values_are_omitted_and_empty_strings_kept() -> None:
    change = DiffChange(
        path="p",
        type=ChangeType.ADDED,
        classification=Classification.NON_BREAKING,
        reason="r",
        rule="x",
        old_value="",
        new_value=None,
    )
    assert change_to_wire(change) == {
        "path": "p",
        "type": "added",
        "oldValue": "",
        "classification": "NON_BREAKING",
        "reason": "r",
        "rule": "x",
    }


def test_result_wire_emits_null_for_no_changes_like_the_reference() -> None:
    assert result_to_wire(Result()) == {"classification": "NON_BREAKING", "changes": None}


def test_non_finite_numbers_become_strings() -> None:
    assert json_safe({"a": [math.inf, 1.5], 2: math.nan}) == {"a": ["inf", 1.5], "2": "nan"}


def test_overall_is_the_maximum() -> None:
    assert overall([]) is Classification.NON_BREAKING
    assert (
        overall(
            [
                Classification.NON_BREAKING,
                Classification.BREAKING,
                Classification.POTENTIAL_BREAKING,
            ]
        )
        is Classification.BREAKING
    )
    assert Classification.BREAKING.lowered() is Classification.POTENTIAL_BREAKING
    assert Classification.NON_BREAKING.lowered() is Classification.NON_BREAKING
    assert Classification.POTENTIAL_BREAKING < Classification.BREAKING


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "<nil>"),
        (True, "true"),
        (False, "false"),
        (-3, "-3"),
        ("x", "x"),
        (1e6, "1e+06"),
        (1234567.0, "1.234567e+06"),
        (1e-05, "1e-05"),
        (2.5e-07, "2.5e-07"),
        (1e100, "1e+100"),
        (5.0, "5"),
        (3.14, "3.14"),
        (100000.0, "100000"),
        (123456.7, "123456.7"),
        (0.0001, "0.0001"),
        ([1, "a", None], "[1 a <nil>]"),
        ({"b": 1, "a": [2]}, "map[a:[2] b:1]"),
        (math.inf, "+Inf"),
        (-0.0, "-0"),
    ],
)
def test_values_render_like_go(value: object, text: str) -> None:
    assert render_value(value) == text


def test_json_locations_agree_with_the_yaml_composer() -> None:
    document = {"a": {"b": [1, {"c": "x\ny"}], "d": {}}, "e": [[], [{"f": True}]], "g": "é"}
    text = json.dumps(document, indent=2, ensure_ascii=False)
    paths = [("a", "b", 1, "c"), ("a", "d"), ("e", 1, 0, "f"), ("g",), ("a", "missing"), ()]
    locator = JsonLocator(text, "f.json")
    locator.prepare(paths)
    index = LocationIndex(text, "f.json")
    for path in paths:
        assert locator.locate(path) == index.locate(path), path


def test_json_locations_of_a_compact_document() -> None:
    locator = JsonLocator('{"a":{"b":[10,{"c":2}]},"d":"x"}', "f.json")
    locator.prepare([("a", "b", 1, "c"), ("d",)])
    assert str(locator.locate(("a", "b", 1, "c"))) == "f.json:1:20"
    assert str(locator.locate(("d",))) == "f.json:1:29"
