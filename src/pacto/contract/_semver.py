"""Semantic versions and version ranges with the rules of Masterminds/semver v3.4.0.

Upstream parses ``service.version``, chart versions, OCI tags and ``compatibility`` ranges with
that Go library (01-contract.md §5). Its rules differ from npm's and from Python's ``packaging``
(loose versions such as ``v1.2``, pre-release opt-in per OR group, ``^*`` matching only 0.0.0),
so they are reproduced here case by case, quirks included. Pure: standard library only, no I/O.

Python's ``re`` backtracks where Go's RE2 does not. The patterns below match the same languages
as upstream's, but the one that validates an OR group is written without upstream's ambiguous
whitespace so that hostile input cannot make matching exponential.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pacto._record import Record

__all__ = [
    "Range",
    "SemverError",
    "Version",
    "compare_versions",
    "highest_matching",
    "is_valid_version",
    "parse_version",
]

_UINT64_MAX = 2**64 - 1


class _Lazy:
    """A regular expression compiled on first use: compiling these at import cost ~3 ms of every
    CLI start, also for contracts without a single version range."""

    __slots__ = ("_compiled", "_source")

    def __init__(self, source: str) -> None:
        self._source = source
        self._compiled: re.Pattern[str] | None = None

    def pattern(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source)
        return self._compiled


# Go's regexp `\s` is ASCII `[\t\n\f\r ]` (no `\v`); Python's `\s` also matches Unicode spaces.
_WS = r"[\t\n\f\r ]"
_IDENTIFIERS = r"[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*"

# NewVersion with CoerceNewVersion=true (version.go, looseSemVerRegex). `[0-9]`, never `\d`,
# which would accept non-ASCII digits.
_VERSION_RE = _Lazy(
    r"v?(?P<major>[0-9]+)(?:\.(?P<minor>[0-9]+)(?:\.(?P<patch>[0-9]+))?)?"
    rf"(?:-(?P<prerelease>{_IDENTIFIERS}))?(?:\+(?P<build>{_IDENTIFIERS}))?"
)

# constraints.go: upstream's class `[0-9|x|X|\*]` also admits `|`; kept so that odd input takes
# the same path (a lone `|` inside a number ends in "constraint parser error").
_XR = r"[0-9|xX*]+"
_PARTIAL = rf"v?{_XR}(?:\.{_XR}(?:\.{_XR})?)?(?:-{_IDENTIFIERS})?(?:\+{_IDENTIFIERS})?"
_PARTIAL_GROUPS = (
    rf"v?(?P<major>{_XR})(?:(?P<minor>\.{_XR})(?P<patch>\.{_XR})?)?"
    rf"(?P<prerelease>-{_IDENTIFIERS})?(?:\+{_IDENTIFIERS})?"
)
# Upstream's operator alternation, in upstream's order, with its empty alternative.
_OPERATORS = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^"
_NONEMPTY_OPERATORS = r"!=|>=|=>|<=|=<|~>|=|>|<|~|\^"

_CONSTRAINT_RE = _Lazy(
    rf"{_WS}*(?P<operator>{_OPERATORS}){_WS}*(?P<partial>{_PARTIAL_GROUPS}){_WS}*"
)
_FIND_CONSTRAINT_RE = _Lazy(rf"(?:{_OPERATORS}){_WS}*{_PARTIAL}")
# Same language as upstream's validConstraintRegex
#   ^(\s*(ops)\s*(cv)\s*)((?:\s+|,\s*)(ops)\s*(cv)\s*)*$
# but whitespace between two constraints can only be consumed one way: the white space after an
# empty operator is folded into the separator before it.
_ITEM = rf"(?:(?:{_NONEMPTY_OPERATORS}){_WS}*)?{_PARTIAL}"
_VALID_GROUP_RE = _Lazy(rf"{_WS}*{_ITEM}(?:(?:{_WS}*,{_WS}*|{_WS}+){_ITEM})*{_WS}*")
_HYPHEN_RANGE_RE = _Lazy(rf"{_WS}*(?P<low>{_PARTIAL}){_WS}+-{_WS}+(?P<high>{_PARTIAL}){_WS}*")
# Every hyphen range contains this; checking it first keeps the common case linear.
_HYPHEN_HINT_RE = _Lazy(rf"{_WS}-{_WS}")

_WILDCARDS = frozenset({"x", "X", "*"})


class SemverError(ValueError):
    """A version or a range does not parse.

    For versions ``str()`` is upstream's reason (``invalid semantic version``, ``version segment
    starts with 0``, ...); for ranges it is ``invalid semver range "<text>": <reason>``.
    """


class Version(Record, kw_only=False):
    """A parsed semantic version.

    Equality, hashing and ordering follow precedence (01-contract.md §5.1): ``build`` and
    ``original`` are ignored, so ``1.0.0+a == v1.0.0+b``. ``str()`` is the canonical
    ``major.minor.patch[-prerelease][+build]``; ``original`` is the text that was parsed.
    """

    major: int
    minor: int
    patch: int
    prerelease: str = ""
    build: str = ""
    original: str = ""

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.prerelease:
            text += f"-{self.prerelease}"
        if self.build:
            text += f"+{self.build}"
        return text

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return compare_versions(self, other) == 0

    def __hash__(self) -> int:
        # Equal precedence implies identical (major, minor, patch, prerelease).
        return hash((self.major, self.minor, self.patch, self.prerelease))

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return compare_versions(self, other) < 0

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return compare_versions(self, other) <= 0

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return compare_versions(self, other) > 0

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return compare_versions(self, other) >= 0


def parse_version(text: str) -> Version:
    """Parse ``text`` with the loose grammar of 01-contract.md §5.1.

    Accepts an optional lowercase ``v``, missing minor/patch (``1.2`` is 1.2.0) and leading
    zeros in the numbers (``02.1.0`` is 2.1.0). Raises :class:`SemverError` for anything else:
    surrounding white space, four components, numbers beyond 64 bits, empty identifiers, or a
    numeric pre-release identifier with a leading zero.
    """
    plain = _plain_numbers(text)
    if plain is not None:  # the common "1.2.3" / "v1.2.3": same result, no regex to compile
        return Version(
            major=_parse_number(plain[0]),
            minor=_parse_number(plain[1]),
            patch=_parse_number(plain[2]),
            original=text,
        )
    return _parse_version_by_pattern(text)


def _parse_version_by_pattern(text: str) -> Version:
    match = _VERSION_RE.pattern().fullmatch(text)
    if match is None:
        raise SemverError("invalid semantic version")
    major = _parse_number(match["major"])
    minor = _parse_number(match["minor"] or "0")
    patch = _parse_number(match["patch"] or "0")
    prerelease = match["prerelease"] or ""
    for identifier in prerelease.split(".") if prerelease else ():
        if len(identifier) > 1 and identifier.isdigit() and identifier[0] == "0":
            raise SemverError("version segment starts with 0")
    return Version(
        major=major,
        minor=minor,
        patch=patch,
        prerelease=prerelease,
        build=match["build"] or "",
        original=text,
    )


def is_valid_version(text: str) -> bool:
    """Tell whether :func:`parse_version` accepts ``text``."""
    try:
        parse_version(text)
    except SemverError:
        return False
    return True


def compare_versions(a: Version, b: Version) -> int:
    """Compare two versions by precedence: -1, 0 or 1. Build metadata is ignored."""
    for left, right in ((a.major, b.major), (a.minor, b.minor), (a.patch, b.patch)):
        if left != right:
            return -1 if left < right else 1
    if a.prerelease == b.prerelease:
        return 0
    if not a.prerelease:
        return 1
    if not b.prerelease:
        return -1
    return _compare_prerelease(a.prerelease, b.prerelease)


_DIGITS = frozenset("0123456789")
_OPERATOR_CHARS = frozenset("=!<>~^")
_SIMPLE_OPERATORS = frozenset({"", "=", "!=", ">", "<", ">=", "=>", "<=", "=<", "~", "~>", "^"})


def _plain_numbers(text: str) -> tuple[str, str, str] | None:
    """``(major, minor, patch)`` digit strings when ``text`` is ``[v]N.N.N`` in ASCII digits
    (nothing else), else ``None``; every such text matches the full grammar the same way."""
    parts = (text[1:] if text[:1] == "v" else text).split(".")
    if len(parts) != 3:
        return None
    for part in parts:
        if not part or not _DIGITS.issuperset(part):
            return None
    return parts[0], parts[1], parts[2]


def _simple_constraints(segment: str, text: str) -> tuple[_Constraint, ...] | None:
    """The constraints of an OR group written as space-separated ``<op>[v]N.N.N`` items, the
    way nearly every range is (``^1.2.0``, ``>=1.0.0 <2.0.0``); ``None`` for anything else
    (wildcards, partial versions, pre-releases, commas, hyphens, other white space), which the
    patterns handle. Both ways give the same constraints (tested)."""
    items: list[tuple[str, str]] = []
    for item in segment.split(" "):
        if not item:
            continue
        start = 0
        while start < len(item) and item[start] in _OPERATOR_CHARS:
            start += 1
        operator = item[:start]
        if operator not in _SIMPLE_OPERATORS or _plain_numbers(item[start:]) is None:
            return None
        items.append((operator, item[start:]))
    if not items:
        return None
    try:  # only once the whole group is known to be simple, as upstream validates it first
        return tuple(_Constraint(op, parse_version(v), False, False, False) for op, v in items)
    except SemverError:
        raise _range_error(text, "constraint parser error") from None


def _parse_number(digits: str) -> int:
    # strconv.ParseUint(s, 10, 64); the length check also keeps int() below its digit limit.
    significant = digits.lstrip("0")
    if len(significant) > 20 or int(significant or "0") > _UINT64_MAX:
        raise SemverError(
            "error parsing version segment: "
            f'strconv.ParseUint: parsing "{digits}": value out of range'
        )
    return int(significant or "0")


def _as_uint64(identifier: str) -> int | None:
    if not identifier.isascii() or not identifier.isdigit():
        return None
    value = int(identifier) if len(identifier) <= 40 else _UINT64_MAX + 1
    return value if value <= _UINT64_MAX else None


def _compare_prerelease(left: str, right: str) -> int:
    left_parts = left.split(".")
    right_parts = right.split(".")
    for index in range(max(len(left_parts), len(right_parts))):
        a = left_parts[index] if index < len(left_parts) else ""
        b = right_parts[index] if index < len(right_parts) else ""
        result = _compare_prerelease_identifier(a, b)
        if result:
            return result
    return 0


def _compare_prerelease_identifier(a: str, b: str) -> int:
    # version.go comparePrePart: a missing identifier sorts first; "numeric" means "parses as a
    # uint64", so a 21-digit identifier compares as text.
    if a == b:
        return 0
    if not a:
        return -1
    if not b:
        return 1
    a_number = _as_uint64(a)
    b_number = _as_uint64(b)
    if a_number is None and b_number is None:
        return 1 if a > b else -1
    if a_number is None:
        return 1
    if b_number is None:
        return -1
    return 1 if a_number > b_number else -1


class _Constraint(Record, kw_only=False):
    operator: str
    base: Version
    is_dirty: bool
    is_minor_dirty: bool
    is_patch_dirty: bool


class _Group(Record, kw_only=False):
    constraints: tuple[_Constraint, ...]
    has_prerelease: bool


class Range:
    """A version range such as a dependency's ``compatibility`` (01-contract.md §5.2-5.5).

    ``Range(text)`` and :meth:`Range.parse` parse; ``str()`` gives back the text unchanged.
    OR groups are separated by ``||``; inside a group, constraints separated by spaces or commas
    must all hold. Instances are immutable.
    """

    __slots__ = ("_groups", "_text")

    _groups: tuple[_Group, ...]
    _text: str

    def __init__(self, text: str) -> None:
        """Parse ``text``; raise :class:`SemverError` (``invalid semver range "<text>": ...``)."""
        groups: list[_Group] = []
        for segment in _rewrite_hyphen_ranges(text).split("||"):
            constraints = _simple_constraints(segment, text)
            if constraints is None:
                constraints = _pattern_constraints(segment, text)
            has_prerelease = any(c.base.prerelease for c in constraints)
            groups.append(_Group(constraints=constraints, has_prerelease=has_prerelease))
        object.__setattr__(self, "_groups", tuple(groups))
        object.__setattr__(self, "_text", text)

    @classmethod
    def parse(cls, text: str) -> Range:
        """Parse a range.

        Raises :class:`SemverError` whose message starts with ``invalid semver range "<text>": ``
        followed by ``improper constraint: <group>`` or ``constraint parser error``. The empty
        and the all-white-space strings are invalid.
        """
        return cls(text)

    def contains(self, version_text: str) -> bool:
        """Tell whether ``version_text`` satisfies the range; an unparseable version never does."""
        try:
            version = parse_version(version_text)
        except SemverError:
            return False
        return self.check(version)

    def check(self, version: Version) -> bool:
        """Tell whether ``version`` satisfies at least one OR group.

        A pre-release version only satisfies a group in which some constraint itself names a
        pre-release (01-contract.md §5.5).
        """
        return any(
            all(_satisfies(c, version, group.has_prerelease) for c in group.constraints)
            for group in self._groups
        )

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"Range({self._text!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Range):
            return NotImplemented
        return self._text == other._text

    def __hash__(self) -> int:
        return hash(self._text)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Range is immutable; cannot set {name!r}")


def highest_matching(tags: Iterable[str], rng: Range | None) -> str | None:
    """Return the tag of highest precedence that the range allows, as written, or ``None``.

    Tags that do not parse as versions (``latest``) are ignored. With ``rng`` ``None`` every
    parsable tag is a candidate, pre-releases included. Between tags of equal precedence
    (``1.0.0`` and ``v1.0.0``) the last one wins (07-oci.md §8.2).
    """
    best: Version | None = None
    best_tag: str | None = None
    for tag in tags:
        try:
            version = parse_version(tag)
        except SemverError:
            continue
        if rng is not None and not rng.check(version):
            continue
        if best is None or compare_versions(version, best) >= 0:
            best, best_tag = version, tag
    return best_tag


def _range_error(text: str, reason: str) -> SemverError:
    return SemverError(f"invalid semver range {_go_quote(text)}: {reason}")


def _go_quote(text: str) -> str:
    # Go's %q, which upstream uses around the range text; plain text just gains quotes.
    escapes = {'"': '\\"', "\\": "\\\\", "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n"}
    escapes |= {"\r": "\\r", "\t": "\\t", "\v": "\\v"}
    out: list[str] = []
    for char in text:
        if char in escapes:
            out.append(escapes[char])
        elif char.isprintable():
            out.append(char)
        elif ord(char) < 0x80:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def _pattern_constraints(segment: str, text: str) -> tuple[_Constraint, ...]:
    """The constraints of one OR group, by upstream's grammar."""
    if _VALID_GROUP_RE.pattern().fullmatch(segment) is None:
        raise _range_error(text, f"improper constraint: {segment}")
    return tuple(
        _parse_constraint(item.group(0), text)
        for item in _FIND_CONSTRAINT_RE.pattern().finditer(segment)
    )


def _rewrite_hyphen_ranges(text: str) -> str:
    # constraints.go rewriteRange: every "A - B" becomes ">= A, <= B " by replacing the first
    # occurrence of the matched text, exactly as upstream does.
    if "-" not in text or _HYPHEN_HINT_RE.pattern().search(text) is None:
        return text
    rewritten = text
    for match in _HYPHEN_RANGE_RE.pattern().finditer(text):
        replacement = f">= {match['low']}, <= {match['high']} "
        rewritten = rewritten.replace(match.group(0), replacement, 1)
    return rewritten


def _parse_constraint(item: str, text: str) -> _Constraint:
    match = _CONSTRAINT_RE.pattern().fullmatch(item)
    if match is None:
        raise _range_error(text, f"improper constraint: {item}")
    major = match["major"]
    minor = match["minor"] or ""
    patch = match["patch"] or ""
    prerelease = match["prerelease"] or ""
    is_dirty = is_minor_dirty = is_patch_dirty = False
    base_text = match["partial"]
    # Wildcards and missing parts become 0; upstream drops the build metadata of such a base.
    if major in _WILDCARDS:
        is_dirty = True
        base_text = f"0.0.0{prerelease}"
    elif not minor or minor[1:] in _WILDCARDS:
        is_dirty = is_minor_dirty = True
        base_text = f"{major}.0.0{prerelease}"
    elif not patch or patch[1:] in _WILDCARDS:
        is_dirty = is_patch_dirty = True
        base_text = f"{major}{minor}.0{prerelease}"
    try:
        base = parse_version(base_text)
    except SemverError:
        raise _range_error(text, "constraint parser error") from None
    return _Constraint(
        operator=match["operator"],
        base=base,
        is_dirty=is_dirty,
        is_minor_dirty=is_minor_dirty,
        is_patch_dirty=is_patch_dirty,
    )


def _satisfies(constraint: _Constraint, version: Version, include_prerelease: bool) -> bool:
    if version.prerelease and not include_prerelease:
        return False
    return _OPERATOR_CHECKS[constraint.operator](constraint, version)


def _check_equal(c: _Constraint, v: Version) -> bool:
    if c.is_dirty:
        return _check_tilde(c, v)
    return compare_versions(v, c.base) == 0


def _check_not_equal(c: _Constraint, v: Version) -> bool:
    base = c.base
    if c.is_dirty:
        if base.major != v.major:
            return True
        if base.minor != v.minor and not c.is_minor_dirty:
            return True
        if c.is_minor_dirty:
            return False
        if base.patch != v.patch and not c.is_patch_dirty:
            return True
        if c.is_patch_dirty:
            if v.prerelease or base.prerelease:
                return _compare_prerelease(v.prerelease, base.prerelease) != 0
            return False
    return compare_versions(v, base) != 0


def _check_greater(c: _Constraint, v: Version) -> bool:
    base = c.base
    if not c.is_dirty:
        return compare_versions(v, base) > 0
    if v.major != base.major:
        return v.major > base.major
    if c.is_minor_dirty:
        return False  # ">11" needs 12 or higher
    if c.is_patch_dirty:
        return v.minor > base.minor  # ">11.1" needs 11.2 or higher
    return compare_versions(v, base) > 0


def _check_less(c: _Constraint, v: Version) -> bool:
    return compare_versions(v, c.base) < 0


def _check_greater_equal(c: _Constraint, v: Version) -> bool:
    return compare_versions(v, c.base) >= 0


def _check_less_equal(c: _Constraint, v: Version) -> bool:
    base = c.base
    if not c.is_dirty:
        return compare_versions(v, base) <= 0
    if v.major > base.major:
        return False
    return not (v.major == base.major and v.minor > base.minor and not c.is_minor_dirty)


def _check_tilde(c: _Constraint, v: Version) -> bool:
    base = c.base
    if compare_versions(v, base) < 0:
        return False
    # ~0.0.0 and ~* accept everything (but ~0 and ~0.0 do not).
    if (base.major, base.minor, base.patch) == (0, 0, 0) and not (
        c.is_minor_dirty or c.is_patch_dirty
    ):
        return True
    if v.major != base.major:
        return False
    return v.minor == base.minor or c.is_minor_dirty


def _check_caret(c: _Constraint, v: Version) -> bool:
    base = c.base
    if compare_versions(v, base) < 0:
        return False
    if base.major > 0 or c.is_minor_dirty:
        return v.major == base.major
    if v.major > 0:
        return False
    if base.minor > 0 or c.is_patch_dirty:
        return v.minor == base.minor
    if v.minor > 0:
        return False
    # Reached by ^0.0.3 and also by ^* / ^x: constraints.go documents "^* --> (any)" but its code
    # accepts only 0.0.0 here; upstream behaviour is kept.
    return v.patch == base.patch


_OPERATOR_CHECKS = {
    "": _check_equal,
    "=": _check_equal,
    "!=": _check_not_equal,
    ">": _check_greater,
    "<": _check_less,
    ">=": _check_greater_equal,
    "=>": _check_greater_equal,
    "<=": _check_less_equal,
    "=<": _check_less_equal,
    "~": _check_tilde,
    "~>": _check_tilde,
    "^": _check_caret,
}
