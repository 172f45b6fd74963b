"""Key paths (06-overrides.md §5.1) and --set value coercion (§6)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacto.override import coerce_value
from pacto.override._setpath import Segment, parse_key_path


def _exact(value: object) -> tuple[type, object]:
    return type(value), value


# -- §6 coercion table -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("42", 42),
        ("+42", 42),
        ("-7", -7),
        ("007", 7),
        ("0", 0),
        ("1", 1),
        ("-0", 0),
        ("9223372036854775807", 2**63 - 1),
        ("-9223372036854775808", -(2**63)),
        ("0" * 5000 + "1", 1),
    ],
)
def test_base_10_integers_in_64_bits_become_int(raw: str, expected: int) -> None:
    assert _exact(coerce_value(raw)) == (int, expected)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3.14", 3.14),
        ("1e3", 1000.0),
        ("1.0", 1.0),
        (".5", 0.5),
        ("5.", 5.0),
        ("-2.5E-3", -0.0025),
        ("+1.5e+2", 150.0),
        ("1e-400", 0.0),
        ("99999999999999999999", 1e20),
        ("9223372036854775808", 9223372036854775808.0),
        ("-9223372036854775809", -9223372036854775809.0),
        ("0x1p-2", 0.25),
        ("0X1P-2", 0.25),
        ("-0x1.8p1", -3.0),
        ("0x.8p1", 1.0),
        ("0x1p4", 16.0),
    ],
)
def test_decimal_scientific_hex_and_oversized_integers_become_float(
    raw: str, expected: float
) -> None:
    assert _exact(coerce_value(raw)) == (float, expected)


@pytest.mark.parametrize(
    ("raw", "sign"),
    [
        ("inf", 1),
        ("+inf", 1),
        ("-inf", -1),
        ("INF", 1),
        ("+Inf", 1),
        ("infinity", 1),
        ("Infinity", 1),
        ("-Infinity", -1),
        ("+INFINITY", 1),
    ],
)
def test_infinity_words_in_any_case_become_infinite_floats(raw: str, sign: int) -> None:
    value = coerce_value(raw)
    assert isinstance(value, float)
    assert value == sign * math.inf


@pytest.mark.parametrize("raw", ["nan", "NaN", "NAN", "nAn"])
def test_nan_in_any_case_becomes_nan(raw: str) -> None:
    value = coerce_value(raw)
    assert isinstance(value, float)
    assert math.isnan(value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("t", True),
        ("T", True),
        ("false", False),
        ("False", False),
        ("FALSE", False),
        ("f", False),
        ("F", False),
    ],
)
def test_go_boolean_spellings_become_bool(raw: str, expected: bool) -> None:
    assert _exact(coerce_value(raw)) == (bool, expected)


@pytest.mark.parametrize(
    "raw",
    [
        # §6 table: YAML 1.1 booleans and nulls are not special on the command line
        "yes",
        "no",
        "on",
        "off",
        "null",
        "~",
        "y",
        "tRUE",
        # two dots: neither number nor boolean
        "1.0.0",
        "",
        "a=b",
        "1,b=2",
        # Python int()/float() leniencies the grammar must refuse
        " 1",
        "1 ",
        "\t1",
        "1\n",
        " 1.5",
        "1_000",
        "1_0.5",
        "0x1_0p1",
        "\u0663",  # ARABIC-INDIC DIGIT THREE: int() accepts it
        "\uff11",  # FULLWIDTH DIGIT ONE
        "1.5\u0663",
        # not Go float syntax
        "0x1F",
        "0x1p",
        "0x1.8",
        "0o17",
        "0b101",
        "1e",
        "e3",
        ".",
        "+",
        "-",
        ".inf",
        "+nan",
        "-nan",
        "infinit",
        "infinityy",
        "in",
        # out of the float64 range: Go reports ErrRange, so not a float
        "1e400",
        "-1e400",
        "0x1p99999",
        "1" * 400,
    ],
)
def test_everything_else_stays_the_verbatim_string(raw: str) -> None:
    assert _exact(coerce_value(raw)) == (str, raw)


@given(st.integers(min_value=-(2**63), max_value=2**63 - 1))
def test_every_int64_round_trips_through_its_decimal_text(number: int) -> None:
    assert _exact(coerce_value(str(number))) == (int, number)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_every_finite_float_repr_round_trips(number: float) -> None:
    value = coerce_value(repr(number))
    assert isinstance(value, float)
    assert value == number


@given(st.text())
def test_coercion_never_fails_and_strings_are_verbatim(raw: str) -> None:
    value = coerce_value(raw)
    if isinstance(value, str):
        assert value == raw


# -- §5.1 key path syntax --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("service.version", [Segment("service", "service"), Segment("version", "version")]),
        ("interfaces[0]", [Segment("interfaces[0]", "interfaces", 0)]),
        ("items[+1]", [Segment("items[+1]", "items", 1)]),
        ("items[-1]", [Segment("items[-1]", "items", -1)]),
        ("items[007]", [Segment("items[007]", "items", 7)]),
        ("[0]", [Segment("[0]", "", 0)]),
        ("a.b[2].c", [Segment("a", "a"), Segment("b[2]", "b", 2), Segment("c", "c")]),
    ],
)
def test_list_segments_are_name_and_signed_integer(key: str, expected: list[Segment]) -> None:
    assert parse_key_path(key) == expected


@pytest.mark.parametrize(
    "segment",
    [
        "items[abc]",
        "a[0][1]",  # the inner text "0][1" is not an integer
        "x[",
        "x]",
        "a[]",
        "a[ 1]",
        "a[1 ]",
        "a[1_0]",
        "a[0x1]",
        "a[1]b",
        "a[99999999999999999999]",  # does not fit in 64 bits
        "a[\u0663]",
    ],
)
def test_other_bracketed_segments_are_literal_keys(segment: str) -> None:
    assert parse_key_path(segment) == [Segment(segment, segment)]


def test_empty_segments_are_literal_empty_keys() -> None:
    assert [part.name for part in parse_key_path("a..b")] == ["a", "", "b"]
    assert [part.name for part in parse_key_path("")] == [""]
    assert [part.name for part in parse_key_path(".")] == ["", ""]
