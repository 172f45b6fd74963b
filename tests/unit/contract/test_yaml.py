"""The YAML 1.2 loader: scalar resolution (01-contract.md §6.4) and safety limits."""

from __future__ import annotations

import math

import pytest

from pacto.contract import DocumentError, LocationIndex, load_yaml
from pacto.contract._yaml import MAX_DEPTH


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("true", True),
        ("True", True),
        ("FALSE", False),
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("n", "n"),
        ("1.0", 1.0),
        ("1.0.0", "1.0.0"),
        ("2.1.0-rc.1", "2.1.0-rc.1"),
        ("0o17", 15),
        ("017", 15),
        ("0x1F", 31),
        ("1_000", 1000),
        ("-42", -42),
        ("~", None),
        ("null", None),
        ("Null", None),
        ("NULL", None),
        ("2024-05-01", "2024-05-01"),
        ("2001-12-14t21:59:43.10-05:00", "2001-12-14t21:59:43.10-05:00"),
        ("1:20", "1:20"),
        ("'quoted'", "quoted"),
    ],
)
def test_scalars_resolve_with_the_yaml_1_2_core_schema(text: str, expected: object) -> None:
    value = load_yaml(f"v: {text}\n")["v"]
    assert value == expected
    assert type(value) is type(expected) or isinstance(value, type(expected))


def test_infinity_and_nan_load_as_floats() -> None:
    document = load_yaml("a: .inf\nb: -.Inf\nc: .nan\n")
    assert document["a"] == math.inf
    assert document["b"] == -math.inf
    assert math.isnan(document["c"])


def test_numbers_remember_their_source_text() -> None:
    document = load_yaml("a: 1.10\nb: 010\n")
    assert document["a"].source == "1.10"
    assert document["b"].source == "010"


def test_non_string_keys_become_their_text() -> None:
    assert load_yaml("1: a\ntrue: b\n") == {"1": "a", "true": "b"}


def test_only_the_first_document_is_read() -> None:
    assert load_yaml("a: 1\n---\nb: 2\n") == {"a": 1}


def test_empty_input_is_eof_unless_allowed() -> None:
    with pytest.raises(DocumentError, match="EOF"):
        load_yaml("")
    assert load_yaml("", empty_ok=True) is None


def test_duplicate_keys_are_refused_with_a_line_number() -> None:
    with pytest.raises(DocumentError, match=r"line 3: mapping key 'a' already defined") as info:
        load_yaml("a: 1\nb: 2\na: 3\n")
    assert info.value.line == 3


def test_syntax_errors_carry_line_and_column() -> None:
    with pytest.raises(DocumentError) as info:
        load_yaml("a: [b\nc: d\n")
    assert info.value.line is not None
    assert str(info.value).startswith("line ")


def test_an_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index in range(1, 10):
        previous = chr(ord("a") + index - 1)
        name = chr(ord("a") + index)
        lines.append(f"{name}: &{name} [{','.join([f'*{previous}'] * 9)}]")
    with pytest.raises(DocumentError, match="amplification"):
        load_yaml("\n".join(lines) + "\n")


def test_deep_nesting_is_refused() -> None:
    deep = "[" * 1000 + "]" * 1000
    with pytest.raises(DocumentError, match="deeper than"):
        load_yaml(f"a: {deep}\n")


def test_nesting_up_to_the_limit_is_accepted() -> None:
    depth = MAX_DEPTH - 2
    document = load_yaml("a: " + "[" * depth + "]" * depth + "\n")
    assert isinstance(document["a"], list)


def test_recursive_aliases_are_refused() -> None:
    with pytest.raises(DocumentError, match="recursive"):
        load_yaml("a: &x\n  b: *x\n")


def test_invalid_utf8_is_reported_with_the_offset() -> None:
    with pytest.raises(DocumentError, match=r"not valid UTF-8 \(invalid byte 0xff at offset 3\)"):
        load_yaml(b"a: \xff\n", name="pacto.yaml")


def test_binary_input_is_refused() -> None:
    with pytest.raises(DocumentError, match="binary file"):
        load_yaml(b"\x7fELF\x02\x01\x01\x00\x00\x00", name="pacto.yaml")


def test_a_utf8_bom_is_accepted() -> None:
    assert load_yaml("\ufeffa: 1\n".encode()) == {"a": 1}


def test_location_index_finds_values_keys_and_nearest_ancestors() -> None:
    text = "service:\n  name: svc\ninterfaces:\n  - name: api\n    port: 80\n"
    index = LocationIndex(text, "pacto.yaml")
    located = index.locate(("interfaces", 0, "port"))
    assert located is not None
    assert (located.line, located.column) == (5, 11)
    key = index.locate(("interfaces", 0, "port"), key=True)
    assert key is not None
    assert (key.line, key.column) == (5, 5)
    missing = index.locate(("service", "version"))
    assert missing is not None
    assert (missing.line, missing.column) == (2, 3)
    assert str(missing) == "pacto.yaml:2:3"


def test_location_index_of_unparseable_text_is_empty() -> None:
    assert LocationIndex("a: [\n", "x.yaml").locate(("a",)) is None


def test_absurdly_long_numbers_are_a_document_error() -> None:
    with pytest.raises(DocumentError, match="invalid scalar"):
        load_yaml("x: " + "1" * 5000 + "\n")


def test_location_index_reads_the_first_of_several_documents() -> None:
    located = LocationIndex("a: 1\nb: 2\n---\nc: 3\n", "x.yaml").locate(("b",))
    assert located is not None
    assert (located.line, located.column) == (2, 4)


# --------------------------------------------------------------------------- loads_cleanly


@pytest.mark.parametrize(
    ("data", "clean"),
    [
        (b"a: 1\nb: [1, 2, {c: d}]\n", True),
        (b"- 0x1F\n- 010\n- 1_000\n- .inf\n- ~\n- true\n", True),
        (b"", True),
        (b"--- a\n--- b\n", True),  # only the first document counts, as in load_yaml
        (b"a: 1\na: 2\n", False),  # duplicate key
        (b"a: &x [1]\nb: *x\n", False),  # alias: the loader decides
        (b"a: !!bool maybe\n", False),
        (b"a: !!str {b: 1}\n", False),
        (b"a: ._\n", False),  # matches the float pattern, does not convert
        (b"a: !!int abc\n", False),
        (b"a: b: c\n", False),
        (b"\x00\x01", False),
        (b"1: a\n", False),  # numeric key: the loader decides
        (b"a: !custom x\n", False),
        (b"[" * (MAX_DEPTH + 5) + b"]" * (MAX_DEPTH + 5), False),
    ],
)
def test_loads_cleanly_only_vouches_for_what_load_yaml_accepts(data: bytes, clean: bool) -> None:
    from pacto.contract import loads_cleanly

    assert loads_cleanly(data) is clean
    if clean:
        load_yaml(data, empty_ok=True)


def test_loads_cleanly_agrees_with_load_yaml_on_the_corpus_documents(corpus_dir) -> None:
    from pacto.contract import loads_cleanly

    files = sorted(
        p for p in corpus_dir.rglob("*") if p.suffix in {".yaml", ".yml", ".json"} and p.is_file()
    )
    assert len(files) > 40
    vouched = 0
    for path in files:
        data = path.read_bytes()
        if len(data) > 2_000_000:
            continue
        try:
            load_yaml(data, empty_ok=True)
            loads = True
        except DocumentError:
            loads = False
        if loads_cleanly(data):
            vouched += 1
            assert loads, f"{path} vouched for but does not load"
    assert vouched > len(files) // 2  # the quick check is the common path, not a rarity
