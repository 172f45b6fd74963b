"""The apply algorithm (06-overrides.md §3), its examples (§5.4, §9), precedence (§8) and the
edge-case checklist (§10)."""

from __future__ import annotations

import errno
import json
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from pacto.contract import load_yaml
from pacto.errors import PactoError
from pacto.override import OverrideError, Overrides, apply

BASE = b"""\
pactoVersion: "1.0"
service:
  name: orders
  version: 1.0.0
interfaces:
  - name: api
    type: http
    port: 8080
  - name: events
    type: event
configuration:
  schema: configuration/schema.json
  configs:
    - name: main
scaling:
  replicas: 1
metadata:
"""


def fake_files(files: Mapping[str, bytes | str]) -> Callable[[str], bytes]:
    """A ``read_file`` serving ``files`` from memory, failing like the OS for anything else."""

    def read_file(path: str) -> bytes:
        if path not in files:
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", path)
        content = files[path]
        return content.encode() if isinstance(content, str) else content

    return read_file


NO_FILES = fake_files({})


def run(
    base: bytes = BASE,
    *sets: str,
    files: Mapping[str, bytes | str] | None = None,
    values: tuple[str, ...] = (),
    strings: tuple[str, ...] = (),
    json: tuple[str, ...] = (),
) -> Any:
    overrides = Overrides(
        value_files=values, set_values=sets, set_string_values=strings, set_json_values=json
    )
    merged = apply(base, overrides, read_file=fake_files(files or {}))
    return load_yaml(merged)


def failure(*sets: str, base: bytes = BASE, **kwargs: Any) -> str:
    with pytest.raises(OverrideError) as caught:
        run(base, *sets, **kwargs)
    return str(caught.value)


# -- Overrides -------------------------------------------------------------------------------


def test_overrides_are_empty_only_without_any_file_or_item() -> None:
    assert Overrides().is_empty()
    assert not Overrides(value_files=("v.yaml",)).is_empty()
    assert not Overrides(set_values=("a=1",)).is_empty()
    assert not Overrides(set_string_values=("a=1",)).is_empty()
    assert not Overrides(set_json_values=("a=1",)).is_empty()


def test_overrides_store_any_sequence_as_a_tuple_and_refuse_a_bare_string() -> None:
    overrides = Overrides(set_values=["a=1"])  # type: ignore[arg-type]
    assert overrides.set_values == ("a=1",)
    assert hash(overrides) == hash(Overrides(set_values=("a=1",)))
    with pytest.raises(TypeError, match="set_values"):
        Overrides(set_values="a=1")  # type: ignore[arg-type]


def test_override_error_is_a_pacto_error() -> None:
    assert issubclass(OverrideError, PactoError)


# -- §5.4 examples ---------------------------------------------------------------------------


def test_set_service_version_sets_the_string() -> None:
    assert run(BASE, "service.version=2.0.0")["service"]["version"] == "2.0.0"


def test_set_service_owner_creates_the_key() -> None:
    doc = run(BASE, "service.owner=team-a")
    assert doc["service"] == {"name": "orders", "version": "1.0.0", "owner": "team-a"}


def test_set_interface_port_sets_an_integer_on_the_first_interface() -> None:
    doc = run(BASE, "interfaces[0].port=9090")
    assert doc["interfaces"][0] == {"name": "api", "type": "http", "port": 9090}
    assert type(doc["interfaces"][0]["port"]) is not bool


def test_set_list_element_replaces_the_whole_element() -> None:
    assert run(BASE, "interfaces[1]=x")["interfaces"][1] == "x"


def test_set_auto_creates_intermediate_mappings() -> None:
    doc = run(BASE, "configuration.values.DB_HOST=localhost")
    assert doc["configuration"]["values"] == {"DB_HOST": "localhost"}


def test_set_through_a_list_element_sets_a_per_config_value() -> None:
    doc = run(BASE, "configuration.configs[0].values.LOG_LEVEL=debug")
    assert doc["configuration"]["configs"] == [{"name": "main", "values": {"LOG_LEVEL": "debug"}}]


def test_set_free_form_metadata() -> None:
    assert run(BASE, "metadata.tier=critical")["metadata"] == {"tier": "critical"}


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (
            "interfaces[5].port=1",
            'failed to set "interfaces[5].port": '
            'index 5 out of bounds at "interfaces[5]" (length 2)',
        ),
        ("service.name.x=1", 'failed to set "service.name.x": cannot set key in non-object'),
        (
            "service.name.x.y=1",
            'failed to set "service.name.x.y": cannot traverse into non-object at "service.name"',
        ),
        ("scaling[0]=1", 'failed to set "scaling[0]": expected array at "scaling"'),
        ("nokey", 'invalid --set format "nokey": expected key=value'),
    ],
)
def test_set_error_examples(item: str, message: str) -> None:
    assert failure(item) == message


# -- more key path errors (§5.2, §5.3) --------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "message"),
    [
        # intermediate list segment: the path up to and including the segment
        (
            "service[0].x=1",
            'failed to set "service[0].x": expected array at "service[0]"',
        ),
        (
            "missing[0].x=1",
            'failed to set "missing[0].x": expected array at "missing[0]"',
        ),
        (
            "configuration.configs[1].name=x",
            'failed to set "configuration.configs[1].name": '
            'index 1 out of bounds at "configuration.configs[1]" (length 1)',
        ),
        # last list segment: only its name (the reference's wording)
        (
            "configuration.configs[1]=x",
            'failed to set "configuration.configs[1]": '
            'index 1 out of bounds at "configs" (length 1)',
        ),
        (
            "configuration.schema[0]=x",
            'failed to set "configuration.schema[0]": expected array at "schema"',
        ),
        # a scalar list element cannot be traversed
        (
            "interfaces[0].name.x.y=1",
            'failed to set "interfaces[0].name.x.y": '
            'cannot traverse into non-object at "interfaces[0].name"',
        ),
    ],
)
def test_key_path_errors_name_the_reference_paths(item: str, message: str) -> None:
    assert failure(item) == message


def test_traversing_past_a_scalar_list_element_fails_at_that_element() -> None:
    assert failure("interfaces[1]=x", "interfaces[1].port.a=1") == (
        'failed to set "interfaces[1].port.a": cannot traverse into non-object at "interfaces[1]"'
    )


def test_lists_never_grow() -> None:
    assert failure("interfaces[2]=x") == (
        'failed to set "interfaces[2]": index 2 out of bounds at "interfaces" (length 2)'
    )
    assert failure("newlist[0]=x") == 'failed to set "newlist[0]": expected array at "newlist"'


def test_an_empty_list_has_no_element_zero() -> None:
    assert failure("items[0]=x", base=b"items: []\n") == (
        'failed to set "items[0]": index 0 out of bounds at "items" (length 0)'
    )


def test_error_fields_carry_the_key() -> None:
    with pytest.raises(OverrideError) as caught:
        run(BASE, "scaling[0]=1")
    assert caught.value.key == "scaling[0]"
    assert caught.value.path is None


def test_quoted_keys_in_messages_escape_quotes_backslashes_and_newlines() -> None:
    name = 'we"ird\\\n'
    base = json.dumps({name: []}).encode()  # JSON is YAML
    assert failure(f"{name}[9]=1", base=base) == (
        'failed to set "we\\"ird\\\\\\n[9]": index 9 out of bounds at "we\\"ird\\\\\\n" (length 0)'
    )
    assert failure('no"eq') == 'invalid --set format "no\\"eq": expected key=value'


# -- §3 splitting and §6 coercion through apply -----------------------------------------------


def test_set_splits_at_the_first_equals_sign_only() -> None:
    assert run(b"", "key=a=b")["key"] == "a=b"


def test_commas_are_not_split() -> None:
    assert run(b"", "a=1,b=2") == {"a": "1,b=2"}


def test_an_empty_value_is_the_empty_string() -> None:
    assert run(b"", "key=") == {"key": ""}


def test_set_values_are_coerced() -> None:
    doc = run(b"", "i=007", "f=1e3", "b=TRUE", "s=yes", "n=null", "v=1.0.0", "x=0x1F", "u=1_000")
    assert doc == {
        "i": 7,
        "f": 1000.0,
        "b": True,
        "s": "yes",
        "n": "null",
        "v": "1.0.0",
        "x": "0x1F",
        "u": "1_000",
    }
    assert type(doc["f"]) is not int
    assert type(doc["b"]) is bool


def test_a_version_like_1_0_becomes_a_float_via_set() -> None:
    # §9: "--set service.version=2.0" then fails structural validation in the app layer
    assert run(BASE, "service.version=2.0")["service"]["version"] == 2.0


def test_hex_floats_and_special_floats_through_set() -> None:
    doc = run(b"", "q=0x1p-2", "i=-Infinity")
    assert doc == {"q": 0.25, "i": float("-inf")}


# -- §10 edge cases --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "base",
    [
        BASE,
        b"# comment\nb: 1   # trailing\na:    [1,2]\n",
        b"\xef\xbb\xbfkey: value\r\n",
        b"not: [valid yaml",
        b"",
    ],
)
def test_no_overrides_returns_the_base_bytes_unchanged(base: bytes) -> None:
    assert apply(base, Overrides(), read_file=NO_FILES) is base


def test_empty_base_document_with_a_set_gives_a_one_key_mapping() -> None:
    assert run(b"", "a=b") == {"a": "b"}
    assert run(b"# only a comment\n", "a=b") == {"a": "b"}
    assert run(b"---\n", "a=b") == {"a": "b"}


def test_values_file_with_a_top_level_list_is_a_parse_failure() -> None:
    assert failure(values=("v.yaml",), files={"v.yaml": "- a\n- b\n"}) == (
        'failed to parse values file "v.yaml": the top level must be a mapping, not a list'
    )


def test_values_file_with_a_top_level_scalar_is_a_parse_failure() -> None:
    message = failure(values=("v.yaml",), files={"v.yaml": "just text\n"})
    assert message.startswith('failed to parse values file "v.yaml": the top level must be a')


@pytest.mark.parametrize("content", ["", "# nothing here\n", "---\n", "null\n", "~\n"])
def test_empty_values_file_is_a_no_op(content: str) -> None:
    assert run(BASE, values=("empty.yaml",), files={"empty.yaml": content}) == load_yaml(BASE)


def test_set_with_an_empty_key_sets_the_empty_key_at_the_root() -> None:
    doc = run(BASE, "=x")
    assert doc[""] == "x"
    assert doc["service"]["name"] == "orders"


def test_nested_set_on_an_empty_document_creates_every_level() -> None:
    assert run(b"", "a.b.c=1") == {"a": {"b": {"c": 1}}}


def test_null_intermediate_becomes_a_mapping_beyond_the_reference() -> None:
    # The reference fails here with `cannot set key in non-object` (§10 checklist); we follow
    # the "beyond the reference" note and treat a null placeholder like an absent key.
    assert run(BASE, "metadata.team=x")["metadata"] == {"team": "x"}
    assert run(b"a:\n", "a.b.c=1") == {"a": {"b": {"c": 1}}}


def test_null_list_element_becomes_a_mapping_when_traversed() -> None:
    assert run(b"items: [null, 1]\n", "items[0].a=1") == {"items": [{"a": 1}, 1]}


def test_null_as_the_last_segments_list_is_not_an_array() -> None:
    assert failure("metadata[0]=x") == 'failed to set "metadata[0]": expected array at "metadata"'


def test_negative_index_is_out_of_bounds() -> None:
    assert failure("items[-1]=x", base=b"items: [a, b]\n") == (
        'failed to set "items[-1]": index -1 out of bounds at "items" (length 2)'
    )


def test_double_bracket_segment_is_a_literal_key() -> None:
    assert run(b"", "a[0][1]=x") == {"a[0][1]": "x"}
    assert run(b"", "items[abc]=1", "x[=2") == {"items[abc]": 1, "x[": 2}


def test_double_dot_addresses_an_empty_key_in_between() -> None:
    assert run(b"", "a..b=1") == {"a": {"": {"b": 1}}}


def test_same_key_set_twice_last_wins() -> None:
    assert run(b"", "a=1", "a=2") == {"a": 2}


def test_set_may_target_keys_the_schema_does_not_know() -> None:
    assert run(BASE, "service.unknownField=x")["service"]["unknownField"] == "x"


# -- §9 worked example -----------------------------------------------------------------------

WORKED_BASE = b"""\
pactoVersion: "1.0"
service:
  name: orders
  version: 1.0.0
interfaces:
  - name: api
    type: http
    port: 8080
configuration:
  schema: configuration/schema.json
  values:
    LOG_LEVEL: info
    DB_HOST: localhost
scaling:
  replicas: 1
"""

PROD = """\
configuration:
  values:
    DB_HOST: prod-db.internal
scaling:
  replicas: 3
"""

CANARY = """\
configuration:
  values:
    LOG_LEVEL: debug
"""


def test_worked_example_prod_and_canary_values_and_three_sets() -> None:
    doc = run(
        WORKED_BASE,
        "service.version=1.1.0",
        "interfaces[0].port=9090",
        "configuration.values.FEATURE_X=true",
        values=("values/prod.yaml", "values/canary.yaml"),
        files={"values/prod.yaml": PROD, "values/canary.yaml": CANARY},
    )
    assert doc == {
        "configuration": {
            "schema": "configuration/schema.json",
            "values": {
                "DB_HOST": "prod-db.internal",
                "FEATURE_X": True,
                "LOG_LEVEL": "debug",
            },
        },
        "interfaces": [{"name": "api", "port": 9090, "type": "http"}],
        "pactoVersion": "1.0",
        "scaling": {"replicas": 3},
        "service": {"name": "orders", "version": "1.1.0"},
    }
    assert doc["configuration"]["values"]["FEATURE_X"] is True
    assert doc["service"]["version"] == "1.1.0"
    # beyond the reference: the base document's key order is kept, new keys are appended
    assert list(doc) == ["pactoVersion", "service", "interfaces", "configuration", "scaling"]
    assert list(doc["configuration"]["values"]) == ["LOG_LEVEL", "DB_HOST", "FEATURE_X"]


def test_worked_example_keeps_pacto_version_a_string_in_the_text() -> None:
    merged = apply(
        WORKED_BASE, Overrides(set_values=("service.version=1.1.0",)), read_file=NO_FILES
    )
    assert merged.startswith(b'pactoVersion: "1.0"\nservice:\n  name: orders\n')


# -- §9 failure examples belonging to this layer ---------------------------------------------


def test_missing_values_file_fails_to_read() -> None:
    with pytest.raises(OverrideError) as caught:
        run(BASE, values=("missing.yaml",))
    assert str(caught.value) == (
        'failed to read values file "missing.yaml": no such file or directory'
    )
    assert caught.value.path == "missing.yaml"


def test_out_of_bounds_interface_index_names_the_key_and_the_list() -> None:
    assert failure("interfaces[3].port=1", base=WORKED_BASE) == (
        'failed to set "interfaces[3].port": index 3 out of bounds at "interfaces[3]" (length 1)'
    )


# -- values files ----------------------------------------------------------------------------


def test_read_failures_of_any_kind_are_reported_with_the_path() -> None:
    def unreadable(path: str) -> bytes:
        raise IsADirectoryError(errno.EISDIR, "Is a directory", path)

    with pytest.raises(OverrideError, match=r'^failed to read values file "dir": is a directory$'):
        apply(BASE, Overrides(value_files=("dir",)), read_file=unreadable)

    def null_byte(path: str) -> bytes:
        raise ValueError("embedded null byte")  # what pathlib raises for "a\0b"

    with pytest.raises(OverrideError) as caught:
        apply(BASE, Overrides(value_files=("a\x00b",)), read_file=null_byte)
    assert str(caught.value) == 'failed to read values file "a\\x00b": embedded null byte'

    def too_big(path: str) -> bytes:
        raise PactoError(f"{path} is larger than 4 MiB")

    with pytest.raises(OverrideError) as caught:
        apply(BASE, Overrides(value_files=("big.yaml",)), read_file=too_big)
    assert str(caught.value) == (
        'failed to read values file "big.yaml": big.yaml is larger than 4 MiB'
    )


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        (b"a: [1, 2\n", "line "),
        (b"a: 1\na: 2\n", "already defined"),
        (b"\xff\xfe", "not valid UTF-8"),
        (b"a: !!python/object:os.system x\n", ""),
    ],
)
def test_unparsable_values_file_reports_path_and_cause(content: bytes, cause: str) -> None:
    message = failure(values=("v.yaml",), files={"v.yaml": content})
    assert message.startswith('failed to parse values file "v.yaml": ')
    assert cause in message


def test_values_files_use_the_contract_yaml_resolution() -> None:
    doc = run(
        b"",
        values=("v.yaml",),
        files={"v.yaml": "a: yes\nb: 0x1F\nc: 1_000\nd: 2099-12-31\ne: 0o17\n1: one\n"},
    )
    assert doc == {"a": "yes", "b": 31, "c": 1000, "d": "2099-12-31", "e": 15, "1": "one"}


def test_a_null_in_a_values_file_replaces_the_base_value() -> None:
    doc = run(BASE, values=("v.yaml",), files={"v.yaml": "scaling: null\n"})
    assert "scaling" in doc
    assert doc["scaling"] is None


# -- base document ---------------------------------------------------------------------------


def test_unparsable_base_document_fails() -> None:
    message = failure("a=1", base=b"a: [1, 2\n")
    assert message.startswith("failed to parse base YAML: line ")


@pytest.mark.parametrize(("base", "kind"), [(b"- a\n", "a list"), (b"42\n", "a scalar (YamlInt)")])
def test_base_document_must_be_a_mapping(base: bytes, kind: str) -> None:
    assert failure("a=1", base=base) == (
        f"failed to parse base YAML: the top level must be a mapping, not {kind}"
    )


def test_an_aliased_subtree_is_copied_so_a_set_changes_only_one_place() -> None:
    base = b"defaults: &d\n  port: 1\nx: *d\ny: *d\n"
    merged = apply(base, Overrides(set_values=("x.port=2",)), read_file=NO_FILES)
    assert load_yaml(merged) == {"defaults": {"port": 1}, "x": {"port": 2}, "y": {"port": 1}}
    assert b"&" not in merged
    assert b"*" not in merged


# -- §8 precedence ---------------------------------------------------------------------------


def test_a_later_values_file_wins() -> None:
    files = {"one.yaml": "a: 1\nb: 1\n", "two.yaml": "a: 2\n"}
    assert run(b"a: 0\n", values=("one.yaml", "two.yaml"), files=files) == {"a": 2, "b": 1}
    assert run(b"a: 0\n", values=("two.yaml", "one.yaml"), files=files) == {"a": 1, "b": 1}


def test_set_wins_over_every_values_file() -> None:
    files = {"v.yaml": "a: from-file\n"}
    assert run(b"a: base\n", "a=from-set", values=("v.yaml",), files=files) == {"a": "from-set"}


def test_the_same_file_given_twice_is_merged_twice() -> None:
    files = {"v.yaml": "a: {x: 1}\n"}
    assert run(b"", values=("v.yaml", "v.yaml"), files=files) == {"a": {"x": 1}}


def test_order_is_values_then_set_then_set_string_then_set_json() -> None:
    files = {"v.yaml": "a: file\nb: file\nc: file\nd: file\n"}
    doc = run(
        b"",
        "b=1",
        "c=1",
        "d=1",
        values=("v.yaml",),
        files=files,
        strings=("c=2", "d=2"),
        json=("d=[3]",),
    )
    assert doc == {"a": "file", "b": 1, "c": "2", "d": [3]}


# -- --set-string and --set-json (beyond the reference) ----------------------------------------


def test_set_string_always_sets_a_string() -> None:
    doc = run(BASE, strings=("service.version=2.0", "a=true", "b=", "c=null", "d=1"))
    assert doc["service"]["version"] == "2.0"
    assert (doc["a"], doc["b"], doc["c"], doc["d"]) == ("true", "", "null", "1")


def test_set_string_follows_the_same_key_paths_and_errors() -> None:
    assert run(BASE, strings=("interfaces[0].port=9090",))["interfaces"][0]["port"] == "9090"
    assert failure(strings=("interfaces[5].port=1",)) == (
        'failed to set "interfaces[5].port": index 5 out of bounds at "interfaces[5]" (length 2)'
    )
    assert failure(strings=("nokey",)) == (
        'invalid --set-string format "nokey": expected key=value'
    )


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ('tags=["a", "b"]', ["a", "b"]),
        ('obj={"x": {"y": [1, 2.5, true, null]}}', {"x": {"y": [1, 2.5, True, None]}}),
        ("n=null", None),
        ('s="1.0"', "1.0"),
        ("i=12", 12),
        ("f=1e3", 1000.0),
        ("b=false", False),
        ("big=123456789012345678901234567890", 123456789012345678901234567890),
        ('eq=["a=b"]', ["a=b"]),
    ],
)
def test_set_json_sets_any_json_value(item: str, expected: Any) -> None:
    doc = run(b"", json=(item,))
    assert doc == {item.partition("=")[0]: expected}


def test_set_json_replaces_lists_and_can_be_traversed_afterwards() -> None:
    doc = run(BASE, json=('interfaces=[{"name": "only"}]', "interfaces[0].port=1"))
    assert doc["interfaces"] == [{"name": "only", "port": 1}]


def test_set_json_null_then_nested_set_creates_a_mapping() -> None:
    assert run(b"", json=("a=null", 'a.b="x"')) == {"a": {"b": "x"}}


@pytest.mark.parametrize(
    ("item", "cause"),
    [
        ("a=", "invalid JSON value: Expecting value"),
        ("a={", "invalid JSON value: "),
        ("a=yes", "invalid JSON value: Expecting value"),
        ("a=NaN", "invalid JSON value: NaN is not valid JSON"),
        ("a=-Infinity", "invalid JSON value: -Infinity is not valid JSON"),
        ("a=1e400", "invalid JSON value: number 1e400 is out of range"),
        ("a=" + "[" * 100_000 + "]" * 100_000, "invalid JSON value: "),
    ],
)
def test_set_json_with_invalid_json_fails_to_set(item: str, cause: str) -> None:
    message = failure(json=(item,))
    assert message.startswith(f'failed to set "a": {cause}')


def test_set_json_without_equals_is_an_invalid_format() -> None:
    assert failure(json=("nokey",)) == 'invalid --set-json format "nokey": expected key=value'


def test_a_tree_deeper_than_the_contract_loader_accepts_is_refused() -> None:
    message = failure(".".join(["k"] * 200) + "=1")
    assert message == "the merged document nests deeper than 128 levels"
