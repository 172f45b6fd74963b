"""Semantic versions and ranges (01-contract.md §5), checked against Masterminds/semver v3.4.0.

Most truth-table rows are facts taken from upstream's ``constraints_test.go`` and
``version_test.go`` at v3.4.0; the rest come from the tables of 01-contract.md §5.4/§5.5 and the
range truth table of 02-validation.md §13.2.
"""

from __future__ import annotations

import itertools
import random
import time

import pytest

from pacto.contract import (
    Range,
    SemverError,
    Version,
    compare_versions,
    highest_matching,
    is_valid_version,
    parse_version,
)

T, F = True, False

# (constraint, version, expected)
RANGE_CASES: list[tuple[str, str, bool]] = [
    # 02-validation.md §13.2, "Range truth table to include"
    ("^1.2.3", "1.9.9", T),
    ("^1.2.3", "2.0.0", F),
    ("^0.2.3", "0.2.9", T),
    ("^0.2.3", "0.3.0", F),
    ("^0.0.3", "0.0.4", F),
    ("~1.2.3", "1.2.9", T),
    ("~1.2.3", "1.3.0", F),
    ("~1", "1.9.0", T),
    ("1.2.x", "1.2.7", T),
    ("*", "3.0.0", T),
    ("*", "1.0.0-rc.1", F),
    (">=1.0.0-0", "1.0.0-rc.1", T),
    ("^1.0.0", "1.5.0-rc.1", F),
    (">11", "11.1.0", F),
    (">11.1", "11.2.0", T),
    ("<=1.2", "1.2.9", T),
    ("<=1.2", "1.3.0", F),
    ("!=1.2.x", "1.2.5", F),
    ("1.0.0 - 2.0.0", "2.0.0", T),
    (">=1.2 <2 || ^3", "3.1.0", T),
    # 01-contract.md §5.4: equality, exact and wildcard
    ("1.2.3", "1.2.3", T),
    ("1.2.3", "1.2.4", F),
    ("=1.2.3", "1.2.3+build.7", T),
    ("=1.2.3", "1.2.2", F),
    ("1.2", "1.2.0", T),
    ("1.2", "1.2.99", T),
    ("1.2", "1.3.0", F),
    ("=1.2", "1.1.9", F),
    ("1.2.x", "1.3.0", F),
    ("1", "1.0.0", T),
    ("1", "1.99.0", T),
    ("1", "2.0.0", F),
    ("1.x", "0.9.9", F),
    ("1.*", "1.5.5", T),
    ("x", "0.0.0", T),
    ("X", "99.99.99", T),
    ("*", "0.0.1", T),
    # §5.4: !=
    ("!=1.2.3", "1.2.3", F),
    ("!=1.2.3", "1.2.4", T),
    ("!=1.2.3", "0.0.1", T),
    ("!=1.2.x", "1.3.0", T),
    ("!=1.2.x", "2.2.0", T),
    ("!=1.2.x", "1.2.0", F),
    ("!=1.x", "1.9.0", F),
    ("!=1.x", "2.0.0", T),
    ("!=1.x", "0.1.0", T),
    # §5.4: > and >=
    ("> 1.2.3", "1.2.3", F),
    (">1.2.3", "1.2.4", T),
    (">1.2", "1.2.9", F),
    (">1.2", "1.3.0", T),
    (">1.2.x", "1.2.5", F),
    (">1.2.x", "2.0.0", T),
    (">1", "1.9.9", F),
    (">1", "2.0.0", T),
    (">1.x", "1.5.0", F),
    (">=1.2.3", "1.2.3", T),
    ("=>1.2.3", "1.2.2", F),
    (">=1.2", "1.2.0", T),
    (">=1.2", "1.1.9", F),
    # §5.4: < and <=
    ("<1.2.3", "1.2.2", T),
    ("<1.2.3", "1.2.3", F),
    ("<1.2", "1.1.9", T),
    ("<1.2", "1.2.0", F),
    ("<1.2", "1.2.1", F),
    ("<=1.2.3", "1.2.3", T),
    ("=<1.2.3", "1.2.4", F),
    ("<=1.2.x", "1.2.99", T),
    ("<=1.2.x", "1.3.0", F),
    ("<=1", "1.99.99", T),
    ("<=1", "2.0.0", F),
    # §5.4: tilde
    ("~>1.2.3", "1.2.3", T),
    ("~>1.2.3", "1.3.0", F),
    ("~1.2.3", "1.2.2", F),
    ("~1.2", "1.2.0", T),
    ("~1.2.x", "1.2.9", T),
    ("~1.2.x", "1.3.0", F),
    ("~1", "2.0.0", F),
    ("~1.x", "1.0.0", T),
    ("~0.0.0", "5.6.7", T),
    ("~*", "0.0.0", T),
    ("~0", "0.9.9", T),
    ("~0", "1.0.0", F),
    ("~0.0", "0.0.9", T),
    ("~0.0", "0.1.0", F),
    # §5.4: caret
    ("^1.2", "1.1.9", F),
    ("^1.2", "1.9.0", T),
    ("^1", "1.0.0", T),
    ("^1", "2.0.0", F),
    ("^0.2.3", "0.2.2", F),
    ("^0.2", "0.2.0", T),
    ("^0.2", "0.3.0", F),
    ("^0.0.3", "0.0.3", T),
    ("^0.0.3", "0.0.2", F),
    ("^0.0", "0.0.9", T),
    ("^0.0", "0.1.0", F),
    ("^0", "0.9.9", T),
    ("^0", "1.0.0", F),
    # §5.4: the ^* quirk (upstream's comment says "any", its code accepts only 0.0.0)
    ("^*", "0.0.0", T),
    ("^*", "0.0.1", F),
    ("^*", "1.0.0", F),
    ("^x", "2.3.4", F),
    # §5.4: hyphen ranges, AND, OR
    ("1.2.3 - 2.3.4", "1.2.3", T),
    ("1.2.3 - 2.3.4", "2.3.4", T),
    ("1.2.3 - 2.3.4", "2.3.5", F),
    ("1.2.3 - 2.3.4", "1.2.2", F),
    ("1.2 - 2", "1.2.0", T),
    ("1.2 - 2", "2.9.9", T),
    ("1.2 - 2", "3.0.0", F),
    ("1.2 - 2", "1.1.9", F),
    (">=1.2.3, <2", "1.9.9", T),
    (">=1.2.3, <2", "2.0.0", F),
    (">=1.2.3 <2", "1.2.3", T),
    (">=1.2.3 <2", "1.2.2", F),
    ("^1.0 || ^3.0", "1.5.0", T),
    ("^1.0 || ^3.0", "2.5.0", F),
    ("^1.0 || ^3.0", "3.0.0", T),
    # §5.5: pre-release opt-in per AND group
    ("^1.0.0-0", "1.5.0-rc.1", T),
    (">=1.0.0 || >=2.0.0-beta", "2.1.0-alpha", T),
    (">=1.0.0 || >=2.0.0-beta", "1.9.0-alpha", F),
    (">=1.2.3-alpha", "1.2.3-beta", T),
    (">=1.2.3-alpha", "1.2.3", T),
    (">=1.2.3-alpha", "1.3.0-rc.1", T),
    (">=1.2.3-alpha", "2.0.0", T),
    ("^1.0.0 || ^2.0.0-0", "1.5.0-rc.1", F),
    ("^1.0.0 || ^2.0.0-0", "2.0.0-rc.1", T),
    (">=1.0.0-0 <2.0.0", "1.9.0-beta", T),
    (">=1.0.0-0 <2.0.0", "2.0.0-beta", T),  # the opt-in reaches "<2.0.0" too (not npm)
    # upstream TestConstraintCheck (single constraints)
    ("=2.0.0", "1.2.3", F),
    ("=2.0", "2.0.1", T),
    ("!=4.1", "4.1.1", F),
    ("!=4.1", "5.1.0-alpha.1", F),
    ("!=4.1.0", "5.1.0-alpha.1", F),
    ("!=4.1-alpha", "4.1.0", T),
    ("<11", "0.1.0", T),
    ("<11", "11.1.0", F),
    ("<=11", "11.2.3", T),
    ("<=11", "12.2.3", F),
    ("<=1.1", "1.2.3", F),
    (">0", "0", F),
    (">0", "1", T),
    (">0", "0.0.1-alpha", F),
    (">0-0", "0.0.1-alpha", F),
    (">0.0-0", "0.0.1-alpha", F),
    (">0.0.0-0", "0.0.0-alpha", T),
    (">1.2.3-alpha.1", "1.2.3-alpha.2", T),
    (">1.2.3-alpha.1", "1.3.3-alpha.2", T),
    (">11.1", "11.1.1", F),
    (">11.1", "11.2.1", T),
    (">=11", "11.1.2", T),
    (">=11.1", "11.0.2", F),
    (">=0", "0.0.1-alpha", F),
    (">=0-0", "0.0.1-alpha", T),
    (">=0.0-0", "0.0.1-alpha", T),
    (">=0-0", "0.0.0-alpha", T),
    (">=0.0.0-0", "3.4.5-beta.1", T),
    ("<0", "0.0.0-alpha", F),
    ("<0-z", "0.0.0-alpha", T),
    (">=0", "0", T),
    ("=0", "1", F),
    ("*-0", "1.2.3-alpha.1", T),
    ("2.*", "1", F),
    ("2.*", "3.4.5", F),
    ("2.*", "2.1.1", T),
    ("2.1.*", "2.1.1", T),
    ("2.1.*", "2.2.1", F),
    ("2", "2.1.1", T),
    ("~1.2.3-beta.2", "1.2.3-beta.4", T),
    ("~1.2.3-beta.2", "1.2.4-beta.2", T),
    ("~1.2.3-beta.2", "1.3.4-beta.2", F),
    ("^1.2.3", "1.2.1", F),
    ("^1.2.0", "1.2.1-alpha.1", F),
    ("^1.2.0-alpha.0", "1.2.1-alpha.1", T),
    ("^1.2.0-alpha.2", "1.2.0-alpha.1", F),
    ("^0.0", "1.0.4", F),
    ("^0.2.3-beta.2", "0.2.4-beta.2", T),
    ("^0.2.3-beta.2", "0.3.4-beta.2", F),
    # upstream TestConstraintsCheck (full ranges)
    ("~0.0.0", "1.2.3", T),
    ("0.x.x", "1.2.3", F),
    ("0.0.x", "1.2.3", F),
    ("0.0.0", "1.2.3", F),
    ("^0.0.0", "1.2.3", F),
    ("= 2.0", "2.0.0", T),
    ("4.1.x", "4.1.3", T),
    ("1.x", "1.4", T),
    ("!=4.1-alpha", "4.1.0-alpha", F),
    ("!=4.1-alpha", "4.1.1-alpha", F),
    ("!=4.x", "5.1.0", T),
    ("!=4.x", "4.1.0", F),
    ("!=4.1.x", "4.2.0", T),
    ("!=4.2.x", "4.2.3", F),
    ("<1.x", "1.1.1", F),
    ("<1.x", "0.1.1", T),
    ("<1.1.x", "1.1.500", F),
    ("<1.1.x", "1.0.500", T),
    (">=1.1", "4.1.0-beta", F),
    ("<=1.1", "0.1.0-alpha", F),
    ("<=1.1-a", "0.1.0-alpha", T),
    ("<=2.x", "3.0.0", F),
    ("<=1.1.x", "1.2.500", F),
    ("<=4.5", "3.7.0", T),
    ("<=4.5", "4.6.3", F),
    (">1.1, <2", "1.1.1", F),
    (">1.1, <2", "1.2.1", T),
    (">=1.1, <2, !=1.2.3", "1.2.3", F),
    (">1.1    <3", "4.3.2", F),
    (">=1.1 <2 !=1.2.3 || > 3", "4.1.2", T),
    (">=1.1 <2 !=1.2.3 || > 3", "3.1.2", F),
    (">=1.1 <2 !=1.2.3 || >= 3", "3.0.0", T),
    (">= 1.1, <     2, !=1.2.3", "1.2.3", F),
    ("> 1.1 < 2", "1.1.1", F),
    (">= 1.0.0  <= 2.0.0-beta", "1.0.1-beta", T),
    (">= 1.0.0  <= 2.0.0-beta", "1.0.1", T),
    (">= 1.0.0  <= 2.0.0-beta", "3.0.0", F),
    (">= 1.0.0  <= 2.0.0-beta || > 3", "3.0.1-beta", F),
    (">= 1.0.0  <= 2.0.0-beta != 1.0.1 || > 3", "1.0.1-beta", T),
    (">= 1.0.0  <= 2.0.0-beta != 1.0.1-beta || > 3", "1.0.1-beta", F),
    (">= 1.0.0-0  <= 2.0.0", "1.0.1-beta", T),
    ("1.1 - 2", "1.1.1", T),
    ("1.5.0 - 4.5", "3.7.0", T),
    ("1.1-3", "4.3.2", F),  # no spaces: version 1.1 with pre-release "3", not a range
    ("^1.x", "1.1.1-beta1", F),
    ("^1.1.2-alpha", "1.2.1-beta1", T),
    ("^1.2.x-alpha", "1.1.1-beta1", F),
    ("^0.0.1", "0.3.1", F),
    ("~1", "1.4", T),
    ("~1.1", "1.1.1-alpha", F),
    ("~1.1-alpha", "1.1.1-beta", T),
    ("~1.1.1-beta", "1.1.1-alpha", F),
    ("~1.1.1-beta", "1.1.1", T),
    ("~1.3", "2.4.5", F),
    ("1.0.0 - 2.0.0 <=2.0.0", "1.5.0", T),
    ("1.0.0 - 2.0.0, <=2.0.0", "1.5.0", T),
    # upstream TestConstraintsValidate
    ("^1.1.1-alpha", "1.1.1-beta", T),
    ("^1.1.1-beta", "1.1.1-alpha", F),
    ("~1", "1.3.5-beta", F),
    ("~1.3.6-alpha", "1.3.5-beta", F),
    ("~1.3.5-alpha", "1.3.5-beta", T),
    # derived from the precise evaluation rules of §5.4
    ("!=*", "0.0.0", F),
    ("!=*", "1.0.0", T),
    (">*", "0.0.0", F),
    (">*", "0.0.1", T),
    ("<=*", "0.0.9", T),
    ("<=*", "0.1.0", F),
    ("!=1.2.x-beta", "1.2.5-beta", F),
    ("!=1.2.x-beta", "1.2.5-rc", T),
    ("v1.2.3", "1.2.3", T),
    ("=v1.2.x", "1.2.8", T),
    ("~> 1.2", "1.2.5", T),
    ("1.2.3+build.1", "1.2.3+other", T),
    (">= 1.2, < 1.3 || 2.x", "2.9.0", T),
    ("1.0.0 - 2.0.0 || 3.0.0 - 4.0.0", "3.5.0", T),
    ("1.0.0 - 2.0.0 || 3.0.0 - 4.0.0", "2.5.0", F),
    # versions are parsed loosely, unparseable ones never match
    ("^2.0.0", "02.1.0", T),
    ("^1.2.3", "v1.5.0", T),
    ("^1.0.0", "not-a-version", F),
    ("*", "", F),
    ("*", "V1.0.0", F),
    ("*", " 1.0.0", F),
]


def _case_id(case: tuple[str, str, bool]) -> str:
    constraint, version, expected = case
    return f"{constraint!r} {'allows' if expected else 'rejects'} {version!r}"


PARSABLE_CASES = [case for case in RANGE_CASES if is_valid_version(case[1])]


def test_the_truth_table_is_large_and_has_no_duplicate_rows() -> None:
    assert len(RANGE_CASES) >= 150
    assert len({(c, v) for c, v, _ in RANGE_CASES}) == len(RANGE_CASES)


@pytest.mark.parametrize(
    ("constraint", "version", "expected"), RANGE_CASES, ids=[_case_id(c) for c in RANGE_CASES]
)
def test_range_contains_follows_masterminds_semver(
    constraint: str, version: str, expected: bool
) -> None:
    assert Range.parse(constraint).contains(version) is expected


@pytest.mark.parametrize(
    ("constraint", "version", "expected"),
    PARSABLE_CASES,
    ids=[_case_id(c) for c in PARSABLE_CASES],
)
def test_range_check_agrees_with_contains_on_parsed_versions(
    constraint: str, version: str, expected: bool
) -> None:
    assert Range.parse(constraint).check(parse_version(version)) is expected


# --------------------------------------------------------------------------- range parsing

RANGE_PARSE_ERRORS: list[tuple[str, str]] = [
    ("", "improper constraint: "),
    ("   ", "improper constraint:    "),
    ("12.3.4.1234", "improper constraint: 12.3.4.1234"),
    ("12.23.4.1234", "improper constraint: 12.23.4.1234"),
    ("1.2.3 - ", "improper constraint: 1.2.3 - "),
    (">>1", "improper constraint: >>1"),
    ("garbage", "improper constraint: garbage"),
    ("not-a-range", "improper constraint: not-a-range"),
    ("foo", "improper constraint: foo"),
    (">= bar", "improper constraint: >= bar"),
    ("BAR >= 1.2.3", "improper constraint: BAR >= 1.2.3"),
    ("12.3.34~ 1.2.3", "improper constraint: 12.3.34~ 1.2.3"),
    ("1.2.3 ||", "improper constraint: "),
    ("|| 1.2.3", "improper constraint: "),
    ("1.2.3,,1.3", "improper constraint: 1.2.3,,1.3"),
    (">1.2<2", "improper constraint: >1.2<2"),
    ("^1 || >=", "improper constraint:  >="),
    ("1.2.3-01", "constraint parser error"),
    ("18446744073709551616", "constraint parser error"),
    ("1|2", "constraint parser error"),
    ("^1x", "constraint parser error"),
]


@pytest.mark.parametrize(("text", "reason"), RANGE_PARSE_ERRORS, ids=repr)
def test_invalid_ranges_raise_semver_error_with_upstream_reason(text: str, reason: str) -> None:
    with pytest.raises(SemverError) as caught:
        Range.parse(text)
    assert str(caught.value) == f'invalid semver range "{text}": {reason}'


def test_semver_error_is_a_value_error() -> None:
    assert issubclass(SemverError, ValueError)
    with pytest.raises(ValueError, match=r'^invalid semver range "\^\^1": '):
        Range.parse("^^1")


def test_range_error_quotes_the_text_like_go() -> None:
    with pytest.raises(SemverError) as caught:
        Range.parse('1 "x"\n')
    assert str(caught.value).startswith('invalid semver range "1 \\"x\\"\\n": ')


@pytest.mark.parametrize(
    "text",
    [
        ">= 1.1",
        ">40.50.60, < 50.70",
        "2.0",
        "v2.3.5-20161202202307-sha.e8fc5e5",
        ">= 1.2.3 < 2.0 || => 3.0 < 4",
        ">= 1.2.3, < 2.0 || => 3.0, < 4",
        "3 - 4 || => 3.0, < 4",
        "12.3.34 ~1.2.3",
        "1.0.0 - 2.0.0, <=2.0.0",
        "  ^1.2  ",
        ">=1.2 ,<2",
        "~>1.2.3",
        "=<1",
        "x.x.x",
    ],
    ids=repr,
)
def test_str_of_a_range_is_the_original_text(text: str) -> None:
    rng = Range.parse(text)
    assert str(rng) == text
    assert Range(text) == rng
    assert repr(rng) == f"Range({text!r})"


@pytest.mark.parametrize("text", ["^1\v", "^1\u00a0", ">=1\u2003<2", "\u30001.2.3"], ids=repr)
def test_only_ascii_white_space_is_white_space(text: str) -> None:
    # Go's regexp \s is [\t\n\f\r ]: no vertical tab, no Unicode spaces.
    with pytest.raises(SemverError, match="improper constraint: "):
        Range.parse(text)


def test_tab_newline_form_feed_and_carriage_return_are_white_space() -> None:
    rng = Range.parse("\t>=1.0.0,\n<2\r\f|| \t^3")
    assert rng.contains("1.5.0")
    assert rng.contains("3.1.0")
    assert not rng.contains("2.0.0")


def test_ranges_are_immutable() -> None:
    rng = Range.parse("^1")
    with pytest.raises(AttributeError):
        rng._text = "^2"
    assert str(rng) == "^1"


@pytest.mark.parametrize(
    "text",
    [
        "1  " * 40 + "#",
        ">= 1.2,   " * 3000 + "#",
        "1.2.3 " * 3000 + "!",
        "1-a.b-c." * 3000 + "#",
        "1 - " * 3000 + "#",
    ],
    ids=[
        "spaces-between-versions",
        "many-and-items",
        "many-full-versions",
        "long-prerelease",
        "many-hyphens",
    ],
)
def test_hostile_ranges_fail_fast(text: str) -> None:
    started = time.perf_counter()
    with pytest.raises(SemverError):
        Range.parse(text)
    assert time.perf_counter() - started < 2.0


# --------------------------------------------------------------------------- versions

VALID_VERSIONS: list[tuple[str, tuple[int, int, int, str, str], str]] = [
    ("2.1.0", (2, 1, 0, "", ""), "2.1.0"),
    ("v2.1.0", (2, 1, 0, "", ""), "2.1.0"),
    ("2.1", (2, 1, 0, "", ""), "2.1.0"),
    ("2", (2, 0, 0, "", ""), "2.0.0"),
    ("v1", (1, 0, 0, "", ""), "1.0.0"),
    ("02.1.0", (2, 1, 0, "", ""), "2.1.0"),
    ("1.007.0010", (1, 7, 10, "", ""), "1.7.10"),
    ("1.0.0-rc.1+build.5", (1, 0, 0, "rc.1", "build.5"), "1.0.0-rc.1+build.5"),
    ("1.2-5", (1, 2, 0, "5", ""), "1.2.0-5"),
    ("v1.2-beta.5", (1, 2, 0, "beta.5", ""), "1.2.0-beta.5"),
    ("1.2.3-alpha.-1", (1, 2, 3, "alpha.-1", ""), "1.2.3-alpha.-1"),
    ("1.2.3+test.01", (1, 2, 3, "", "test.01"), "1.2.3+test.01"),
    ("1.2.3-rc1-with-hypen", (1, 2, 3, "rc1-with-hypen", ""), "1.2.3-rc1-with-hypen"),
    (
        "v1.2.0-x.Y.0+metadata-width-hypen",
        (1, 2, 0, "x.Y.0", "metadata-width-hypen"),
        "1.2.0-x.Y.0+metadata-width-hypen",
    ),
    ("1.2.2147483648", (1, 2, 2147483648, "", ""), "1.2.2147483648"),
    (
        "18446744073709551615.0.0",
        (18446744073709551615, 0, 0, "", ""),
        "18446744073709551615.0.0",
    ),
    (
        "20221209-update-renovatejson-v4",
        (20221209, 0, 0, "update-renovatejson-v4", ""),
        "20221209.0.0-update-renovatejson-v4",
    ),
    ("0.0.0-0", (0, 0, 0, "0", ""), "0.0.0-0"),
]


@pytest.mark.parametrize(("text", "fields", "canonical"), VALID_VERSIONS, ids=repr)
def test_loose_versions_parse_and_print_canonically(
    text: str, fields: tuple[int, int, int, str, str], canonical: str
) -> None:
    version = parse_version(text)
    assert (
        version.major,
        version.minor,
        version.patch,
        version.prerelease,
        version.build,
    ) == fields
    assert version.original == text
    assert str(version) == canonical
    assert is_valid_version(text)


INVALID_VERSIONS: list[tuple[str, str]] = [
    ("", "invalid semantic version"),
    ("latest", "invalid semantic version"),
    ("V1.0.0", "invalid semantic version"),
    (" 1.0.0", "invalid semantic version"),
    ("1.0.0 ", "invalid semantic version"),
    ("1.0.0\n", "invalid semantic version"),
    ("\n1.2", "invalid semantic version"),
    ("vv1.0.0", "invalid semantic version"),
    ("1.2.3.4", "invalid semantic version"),
    ("v1.2.3.4", "invalid semantic version"),
    ("12.3.4.1234", "invalid semantic version"),
    ("1.2.beta", "invalid semantic version"),
    ("1..0", "invalid semantic version"),
    ("1.0.0-", "invalid semantic version"),
    ("1.0.0-a..b", "invalid semantic version"),
    ("1.0.0+", "invalid semantic version"),
    ("1.0.0+a..b", "invalid semantic version"),
    ("1.1.2+.123", "invalid semantic version"),
    ("1.0.0-alpha_beta", "invalid semantic version"),
    ("1.0.0-\u03b1", "invalid semantic version"),
    ("\uff11.0.0", "invalid semantic version"),  # a fullwidth digit is not [0-9]
    ("1.x", "invalid semantic version"),
    ("1.0.0-01", "version segment starts with 0"),
    ("1.2.3-alpha.01", "version segment starts with 0"),
    (
        "18446744073709551616.0.0",
        "error parsing version segment: strconv.ParseUint: "
        'parsing "18446744073709551616": value out of range',
    ),
    (
        "1.0.000000000000000000000000018446744073709551616",
        "error parsing version segment: strconv.ParseUint: "
        'parsing "000000000000000000000000018446744073709551616": value out of range',
    ),
]


@pytest.mark.parametrize(("text", "reason"), INVALID_VERSIONS, ids=repr)
def test_invalid_versions_raise_semver_error(text: str, reason: str) -> None:
    with pytest.raises(SemverError) as caught:
        parse_version(text)
    assert str(caught.value) == reason
    assert not is_valid_version(text)


def test_a_huge_number_is_an_overflow_not_a_crash() -> None:
    assert not is_valid_version("9" * 10_000 + ".0.0")


# --------------------------------------------------------------------------- precedence

SEMVER_ORG_CHAIN = [
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0",
]


@pytest.mark.parametrize(
    ("lower", "higher"),
    list(itertools.pairwise(SEMVER_ORG_CHAIN)),
    ids=str,
)
def test_semver_org_precedence_chain(lower: str, higher: str) -> None:
    a, b = parse_version(lower), parse_version(higher)
    assert compare_versions(a, b) == -1
    assert compare_versions(b, a) == 1
    assert a < b
    assert b > a
    assert a <= b
    assert b >= a
    assert a != b


def test_sorting_restores_the_semver_org_chain() -> None:
    shuffled = SEMVER_ORG_CHAIN[:]
    random.Random(7).shuffle(shuffled)
    assert [str(v) for v in sorted(parse_version(t) for t in shuffled)] == SEMVER_ORG_CHAIN


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("1.2.3", "1.5.1", -1),
        ("2.2.3", "1.5.1", 1),
        ("1.3", "1.1.4", 1),
        ("4.2", "4.2-beta", 1),
        ("4.2-alpha", "4.2-beta", -1),
        ("4.2-beta.2", "4.2-beta.1", 1),
        ("4.2-beta2", "4.2-beta1", 1),
        ("4.2-beta", "4.2-beta.foo", -1),
        ("4.2-beta.foo", "4.2-beta", 1),
        ("3.2-beta", "3.2-beta", 0),
        ("1.2+bar", "1.2+baz", 0),
        ("v1.2.3", "1.2.3", 0),
        ("1.0.0-beta.4", "1.0.0-beta.-2", -1),
        ("1.0.0-beta.-2", "1.0.0-beta.-3", -1),
        ("1.0.0-beta.-3", "1.0.0-beta.5", 1),
        ("7.43.0-SNAPSHOT.99", "7.43.0-SNAPSHOT.103", -1),
        ("7.43.0-SNAPSHOT.FOO", "7.43.0-SNAPSHOT.103", 1),
        ("7.43.0-SNAPSHOT.99", "7.43.0-SNAPSHOT.BAR", -1),
        ("1.0.0-Z", "1.0.0-a", -1),  # ASCII order: upper case first
        # an identifier too big for uint64 is compared as text, like upstream
        ("1.0.0-99999999999999999999", "1.0.0-1", 1),
        ("1.0.0-99999999999999999999", "1.0.0-a", -1),
        ("1.0.0-100000000000000000000", "1.0.0-99999999999999999999", -1),
        ("18446744073709551615.0.0", "18446744073709551614.9.9", 1),
    ],
    ids=str,
)
def test_compare_versions(left: str, right: str, expected: int) -> None:
    assert compare_versions(parse_version(left), parse_version(right)) == expected
    assert compare_versions(parse_version(right), parse_version(left)) == -expected


def test_equality_and_hash_ignore_build_and_original() -> None:
    a = parse_version("1.0.0+a")
    b = parse_version("v1.0.0+b")
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b, parse_version("1.0.0-rc.1")}) == 2
    assert a != parse_version("1.0.0-a")
    assert a != "1.0.0"
    assert Version(major=1, minor=0, patch=0) == a


def test_versions_are_immutable() -> None:
    version = parse_version("1.2.3")
    with pytest.raises(AttributeError):
        version.major = 2  # type: ignore[misc]


def test_ordering_against_other_types_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        _ = parse_version("1.0.0") < "2.0.0"


# --------------------------------------------------------------------------- tag selection

GRAPH_TAGS = ["1.9.0", "2.0.0", "v2.3.1", "3.0.0-rc.1", "latest"]


@pytest.mark.parametrize(
    ("tags", "constraint", "expected"),
    [
        (["1.0.0", "2.0.0", "2.3.0", "3.0.0"], "^2.0.0", "2.3.0"),
        (GRAPH_TAGS, "^2.0.0", "v2.3.1"),
        (GRAPH_TAGS, ">=2.0.0", "v2.3.1"),
        (GRAPH_TAGS, "*", "v2.3.1"),
        (GRAPH_TAGS, ">=3.0.0-0", "3.0.0-rc.1"),
        (GRAPH_TAGS, "^4.0.0", None),
        (GRAPH_TAGS, None, "3.0.0-rc.1"),
        (["latest", "main", "V1.0.0", "sha-abc"], None, None),
        ([], None, None),
        (["1.9.0", "1.10.0", "1.2.0"], None, "1.10.0"),
        (["1.0.0", "v1.0.0"], None, "v1.0.0"),
        (["v1.0.0", "1.0.0"], None, "1.0.0"),
        (["1.0.0+b", "1.0.0+a"], "1.0.0", "1.0.0+a"),
        (["2.0.0-rc.1", "1.5.0"], "^1.0.0 || ^2.0.0-0", "2.0.0-rc.1"),
        (["2.0.0-rc.1", "1.5.0"], "^1.0.0 || ^2.0.0", "1.5.0"),
    ],
    ids=repr,
)
def test_highest_matching_picks_the_highest_allowed_tag_as_written(
    tags: list[str], constraint: str | None, expected: str | None
) -> None:
    rng = None if constraint is None else Range.parse(constraint)
    assert highest_matching(tags, rng) == expected


def test_highest_matching_accepts_any_iterable() -> None:
    tags = (tag for tag in ["0.1.0", "0.2.0", "nightly"])
    assert highest_matching(tags, Range.parse("<1")) == "0.2.0"


# --------------------------------------------------------------------------- the fast paths

# The plain forms ("1.2.3", "^1.2.0", ">=1.0.0 <2.0.0") skip the regular expressions; both ways
# must give the same result for every text, including the ones the fast path hands over.
_OPERATOR_SPELLINGS = ["", "=", "!=", ">", "<", ">=", "=>", "<=", "=<", "~", "~>", "^", "==", "<>"]
_VERSION_SPELLINGS = [
    "1.2.3", "v1.2.3", "V1.2.3", "01.02.03", "0.0.0", "1.2", "1", "1.2.x", "1.2.3-rc.1",
    "1.2.3+b", "18446744073709551616.0.0", "1..3", "1.2.3.4", "v", "", "1.2.3 ",
    "\u0661.2.3", "\u00b2.1.1",
]  # fmt: skip


def _fields_or_error(parse: object, text: str) -> tuple[object, ...] | str:
    try:
        v = parse(text)  # type: ignore[operator]
    except SemverError as exc:
        return str(exc)
    return (v.major, v.minor, v.patch, v.prerelease, v.build, v.original)


def _version_fields(text: str) -> tuple[object, ...] | str:
    from pacto.contract import _semver

    fast = _fields_or_error(_semver.parse_version, text)
    assert fast == _fields_or_error(_semver._parse_version_by_pattern, text), text
    return fast


@pytest.mark.parametrize("text", _VERSION_SPELLINGS)
def test_plain_versions_parse_the_same_without_the_pattern(text: str) -> None:
    _version_fields(text)


def _group_ways(segment: str) -> tuple[object, object]:
    from pacto.contract import _semver

    def outcome(parse: object) -> object:
        try:
            return parse(segment, segment)  # type: ignore[operator]
        except SemverError as exc:
            return str(exc)

    fast = outcome(_semver._simple_constraints)
    return fast, outcome(_semver._pattern_constraints)


def test_simple_constraint_groups_match_the_grammar() -> None:
    items = [op + version for op in _OPERATOR_SPELLINGS for version in _VERSION_SPELLINGS]
    rng = random.Random(7)
    plain = [op + version for op in _OPERATOR_SPELLINGS[:12] for version in _VERSION_SPELLINGS[:5]]
    groups = items + [" ".join(rng.sample(items, k)) for k in (2, 3) for _ in range(400)]
    groups += ["  ".join(rng.sample(plain, k)) for k in (1, 2, 3) for _ in range(100)]
    groups += ["  ^1.2.3   <2.0.0 ", ">= 1.2.3", "1.2.3,2.0.0", "1.2.3\t<2.0.0", " "]
    fast_taken = 0
    for group in groups:
        fast, slow = _group_ways(group)
        if fast is None:
            continue  # handed over to the patterns
        fast_taken += 1
        assert fast == slow, group
    assert fast_taken > 300  # the fast path is really taken, not always handed over


def test_ranges_built_either_way_agree_on_the_truth_table() -> None:
    for constraint, version, expected in RANGE_CASES:
        assert Range(constraint).contains(version) is expected
