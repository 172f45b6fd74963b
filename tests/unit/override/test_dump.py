"""Serialisation of the merged document (06-overrides.md §7)."""

from __future__ import annotations

import collections
import math
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pacto.contract import load_yaml
from pacto.override import OverrideError
from pacto.override._dump import MAX_DEPTH, dump

YAML11_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TRICKY_STRINGS = [
    # YAML 1.1 booleans and nulls
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "Y",
    "N",
    "Yes",
    "NO",
    "On",
    "OFF",
    "true",
    "True",
    "TRUE",
    "false",
    "null",
    "Null",
    "NULL",
    "~",
    "",
    # numbers under YAML 1.1 or 1.2 core
    "1.0",
    "1",
    "-1",
    "+1",
    "010",
    "09",
    "0o17",
    "0x1F",
    "0b101",
    "1_000",
    "1e3",
    "1E3",
    "-2.5e-3",
    ".5",
    "5.",
    "1:20",
    "1:20.5",
    ".inf",
    "-.inf",
    "+.INF",
    ".nan",
    ".NaN",
    # dates and timestamps
    "2024-01-01",
    "2099-12-31",
    "2024-1-1 10:00:00",
    "2001-12-14t21:59:43.10-05:00",
    # YAML indicators
    "<<",
    "=",
    "- a",
    "-",
    "? x",
    "?",
    ": x",
    ":",
    "a: b",
    "a:b",
    "#c",
    "a #b",
    "[a]",
    "{a}",
    "'q'",
    '"q"',
    "|",
    ">",
    "@x",
    "`x",
    "%x",
    "!x",
    "!!str",
    "&a",
    "*a",
    ",",
    "a,b",
    # fine as plain scalars, must stay so
    "1.0.0",
    "1.1.0",
    "orders",
    "team-a",
    "configuration/schema.json",
    # whitespace and line breaks
    " a",
    "a ",
    "\ta",
    "a\t",
    "a\nb",
    "a\n",
    "a\n\n",
    "\n",
    "\na",
    "a\n b",
    "a \nb",
    " a\nb",
    "x\r\ny",
    "\r",
    "\x85",
    "\u2028",
    "\u2029",
    "a\n\n\nb\n",
    "  indented\nblock\n",
    # unicode
    "café",
    "日本語",
    "\ufeff",
    "\x00",
    "\x7f",
    "\U0001f600",
    "\u00a0",
]

NON_STRINGS_WHEN_PLAIN = [
    "yes", "no", "on", "off", "y", "n", "1.0", "true", "null", "~", "2024-01-01", "0o17",
    "0x1F", "1_000", "", "1e3", "010", ".inf", "<<", "=",
]  # fmt: skip


def same(left: Any, right: Any) -> bool:
    """Structural equality that tells bool, int and float apart (1 == True == 1.0 in Python)."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, int) or isinstance(right, int):
        return isinstance(left, int) and isinstance(right, int) and left == right
    if isinstance(left, float) or isinstance(right, float):
        return isinstance(left, float) and isinstance(right, float) and repr(left) == repr(right)
    if isinstance(left, dict):
        return (
            isinstance(right, dict)
            and list(left) == list(right)
            and all(same(left[key], right[key]) for key in left)
        )
    if isinstance(left, list):
        return (
            isinstance(right, list)
            and len(left) == len(right)
            and all(same(a, b) for a, b in zip(left, right, strict=True))
        )
    return type(left) is type(right) and left == right


def reload(tree: dict[str, Any]) -> tuple[bytes, Any, Any]:
    text = dump(tree)
    return text, load_yaml(text), yaml.load(text, Loader=YAML11_LOADER)


# -- strings ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", NON_STRINGS_WHEN_PLAIN)
def test_strings_that_would_read_as_another_type_are_double_quoted(value: str) -> None:
    text, core, yaml11 = reload({"k": value})
    assert text.startswith(b'k: "')
    assert same(core, {"k": value})
    assert same(yaml11, {"k": value})


@pytest.mark.parametrize("value", NON_STRINGS_WHEN_PLAIN)
def test_keys_that_would_read_as_another_type_are_quoted_too(value: str) -> None:
    text, core, yaml11 = reload({value: 1})
    assert text.startswith(b'"')
    assert same(core, {value: 1})
    assert same(yaml11, {value: 1})


@pytest.mark.parametrize("value", TRICKY_STRINGS)
def test_tricky_strings_round_trip_under_yaml_1_2_and_1_1(value: str) -> None:
    _, core, yaml11 = reload({"k": value, value: "v"} if value != "k" else {"k": value})
    expected = {"k": value, value: "v"}
    assert same(core, expected)
    assert same(yaml11, expected)


@pytest.mark.parametrize("value", ["1.0.0", "orders", "team-a", "configuration/schema.json"])
def test_ordinary_strings_stay_plain(value: str) -> None:
    assert dump({"k": value}) == f"k: {value}\n".encode()


def test_a_date_from_the_base_document_comes_back_as_the_same_text() -> None:
    tree = load_yaml(b"expires: 2099-12-31\n")
    assert dump(tree) == b'expires: "2099-12-31"\n'
    assert load_yaml(dump(tree)) == {"expires": "2099-12-31"}


def test_multi_line_strings_become_literal_blocks_when_exact() -> None:
    assert dump({"d": "line one\nline two\n"}) == b"d: |\n  line one\n  line two\n"
    assert dump({"d": "a\nb"}) == b"d: |-\n  a\n  b\n"


def test_other_multi_line_strings_are_double_quoted_with_escapes() -> None:
    assert dump({"d": "a\n\n"}) == b'd: "a\\n\\n"\n'
    assert dump({"d": "a\r\nb"}) == b'd: "a\\r\\nb"\n'


def test_long_lines_are_not_folded() -> None:
    value = " ".join(["word"] * 100)
    assert dump({"d": value}) == f"d: {value}\n".encode()


def test_unicode_is_written_as_is() -> None:
    assert dump({"name": "café 日本"}) == "name: café 日本\n".encode()


# -- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", [0.0, -0.0, 1.0, 3.0, 0.1, 1e20, 1e-7, -2.5e-300, 1.7976931348623157e308, 5e-324]
)
def test_floats_reload_as_the_same_float(value: float) -> None:
    _, core, yaml11 = reload({"f": value})
    assert same(core, {"f": value})
    assert same(yaml11, {"f": value})


def test_infinities_and_nan_are_yaml_special_floats() -> None:
    text = dump({"a": math.inf, "b": -math.inf, "c": math.nan})
    assert text == b"a: .inf\nb: -.inf\nc: .nan\n"
    assert math.isnan(load_yaml(text)["c"])


def test_integral_floats_keep_a_fraction() -> None:
    assert dump({"f": 3.0}) == b"f: 3.0\n"


@pytest.mark.parametrize(
    ("source", "written"),
    [
        ("010", "010"),  # legacy octal 8 under both readers
        ("0x1F", "0x1F"),
        ("1_000", "1_000"),
        ("+5", "+5"),
        ("1.10", "1.10"),
        (".5", ".5"),
        ("1_000.5", "1_000.5"),
        ("-.inf", "-.inf"),
        # not the same value under YAML 1.1: written canonically
        ("0o17", "15"),
        ("09", "9"),
        ("1e3", "1000.0"),
        ("1E-2", "0.01"),
    ],
)
def test_numbers_keep_their_source_text_when_both_readers_agree(source: str, written: str) -> None:
    tree = load_yaml(f"v: {source}\n")
    text = dump(tree)
    assert text == f"v: {written}\n".encode()
    assert same(load_yaml(text), tree)


def test_a_source_that_does_not_match_the_value_is_ignored() -> None:
    class Tagged(int):
        source = "42"

    class Weird(float):
        source = "1 # comment"

    class Marker(int):
        source = "..."  # a document end marker: no document at all

    assert dump({"a": Tagged(7), "b": Weird(2.5), "c": Marker(3)}) == b"a: 7\nb: 2.5\nc: 3\n"


# -- Python types ----------------------------------------------------------------------------


def test_subclasses_are_written_as_plain_yaml_without_python_tags() -> None:
    class MyStr(str):
        __slots__ = ()

    class MyInt(int):
        pass

    class MyFloat(float):
        pass

    class MyDict(dict[str, Any]):
        pass

    class MyList(list[Any]):
        pass

    tree = {
        MyStr("key"): MyDict(a=MyInt(1), b=MyFloat(1.5), c=MyStr("yes")),
        "ordered": collections.OrderedDict([("z", 1), ("a", 2)]),
        "list": MyList([1, "two"]),
        "tuple": (1, 2),
    }
    text = dump(tree)
    assert b"!!" not in text
    assert b"python" not in text
    assert load_yaml(text) == {
        "key": {"a": 1, "b": 1.5, "c": "yes"},
        "ordered": {"z": 1, "a": 2},
        "list": [1, "two"],
        "tuple": [1, 2],
    }


def test_shared_subtrees_are_written_out_without_anchors() -> None:
    shared = {"port": 1}
    text = dump({"a": shared, "b": shared})
    assert text == b"a:\n  port: 1\nb:\n  port: 1\n"


def test_keys_keep_insertion_order() -> None:
    assert dump({"b": 1, "a": 2, "c": {"z": 1, "x": 2}}) == b"b: 1\na: 2\nc:\n  z: 1\n  x: 2\n"


def test_no_document_markers_are_written() -> None:
    for value in ["plain", "a\n", "a\nb\n", "", "x\n\n"]:
        text = dump({"k": value, "z": value})
        assert not text.startswith(b"---")
        assert b"\n..." not in text
        assert text.endswith(b"\n")


def test_an_empty_document_is_an_empty_mapping() -> None:
    assert load_yaml(dump({})) == {}


def test_arbitrary_objects_are_refused() -> None:
    with pytest.raises(OverrideError, match="failed to serialize the merged document"):
        dump({"a": object()})


def test_unpaired_surrogates_are_refused() -> None:
    with pytest.raises(OverrideError, match="failed to serialize the merged document"):
        dump({"a": "\udcff"})


def test_depth_is_limited_like_the_contract_loader() -> None:
    tree: dict[str, Any] = {}
    node = tree
    for _ in range(MAX_DEPTH - 1):
        node["k"] = {}
        node = node["k"]
    assert load_yaml(dump(tree)) == tree
    node["k"] = [1]
    with pytest.raises(OverrideError, match="nests deeper than 128 levels"):
        dump(tree)


# -- round-trip property ---------------------------------------------------------------------

strings = st.one_of(st.sampled_from(TRICKY_STRINGS), st.text())
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    strings,
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(strings, children, max_size=4)
    ),
    max_leaves=24,
)
documents = st.dictionaries(strings, values, max_size=6)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_dump_round_trips_through_the_contract_loader(tree: dict[str, Any]) -> None:
    assert same(load_yaml(dump(tree)), tree)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_dump_round_trips_through_a_yaml_1_1_loader(tree: dict[str, Any]) -> None:
    assert same(yaml.load(dump(tree), Loader=YAML11_LOADER), tree)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789._+-eExXoObB:")), st.text())
def test_number_lookalike_strings_round_trip(number_like: str, suffix: str) -> None:
    tree = {"a": number_like, number_like: suffix}
    assert same(load_yaml(dump(tree)), tree)
