"""YAML 1.2 (core schema) loading with safety limits and lazy source locations.

The reference decodes YAML with a 1.2-style library, so ``yes``/``on`` stay strings, dates stay
verbatim strings and ``0o17`` is 15 (01-contract.md §6.4). PyYAML's C loader is fast but speaks
YAML 1.1, so :class:`Core12Loader` swaps its implicit resolvers for the 1.2 core schema.

Safety: PyYAML shares aliased nodes instead of copying them, so a "billion laughs" document is
small in memory but explodes in any consumer that walks it. :func:`load_yaml` therefore measures
the document as if every alias were expanded (linear time, memoised by identity) and refuses it
past :data:`MAX_NODES`, past :data:`MAX_DEPTH` levels of nesting, or when an alias refers to its
own ancestor.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from pacto._record import Record
from pacto.contract.errors import DocumentError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "MAX_DEPTH",
    "MAX_NODES",
    "LocationIndex",
    "SourceLocation",
    "YamlFloat",
    "YamlInt",
    "decode_text",
    "load_yaml",
]

MAX_DEPTH = 128
MAX_NODES = 2_000_000

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlInt(int):
    """An int that remembers the text it was written as (``010``, ``0x1F``)."""

    source: str


class YamlFloat(float):
    """A float that remembers the text it was written as (``1.10``), so that a string field
    decoded from an unquoted number keeps the author's digits, as the reference does."""

    source: str


class Core12Loader(_BaseLoader):  # type: ignore[misc]  # PyYAML's loaders are untyped
    """PyYAML's fastest safe loader with YAML 1.2 core-schema scalar resolution."""


Core12Loader.yaml_implicit_resolvers = {}


def _add_resolver(tag: str, pattern: str, first: str | list[str]) -> None:
    Core12Loader.add_implicit_resolver(tag, re.compile(pattern, re.X), list(first))


_add_resolver("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
_add_resolver("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])
_add_resolver(
    "tag:yaml.org,2002:int",
    r"^(?:[-+]?[0-9][0-9_]*|0o[0-7_]+|0x[0-9a-fA-F_]+)$",
    "-+0123456789",
)
_add_resolver(
    "tag:yaml.org,2002:float",
    r"""^(?:[-+]?(?:\.[0-9_]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""",
    "-+0123456789.",
)


def _construct_int(loader: Any, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    body = digits.lstrip("+-")
    if body.startswith("0o"):
        value = int(body[2:], 8)
    elif body.startswith("0x"):
        value = int(body[2:], 16)
    elif len(body) > 1 and body.startswith("0") and body.isdigit() and set(body) <= set("01234567"):
        value = int(body, 8)  # legacy leading-zero octal, honoured by the reference (§6.4)
    else:
        value = int(body)
    result = YamlInt(sign * value)
    result.source = text
    return result


def _construct_float(loader: Any, node: yaml.ScalarNode) -> float:
    text = str(loader.construct_scalar(node))
    lowered = text.lower()
    if lowered.endswith(".inf"):
        value = float("-inf") if lowered.startswith("-") else float("inf")
    elif lowered == ".nan":
        value = float("nan")
    else:
        value = float(text.replace("_", ""))
    result = YamlFloat(value)
    result.source = text
    return result


def _construct_mapping(loader: Any, node: yaml.MappingNode, deep: bool = False) -> dict[str, Any]:
    loader.flatten_mapping(node)
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, str):
            key = _key_text(key, key_node)
        if key in mapping:
            mark = key_node.start_mark
            raise DocumentError(
                f"line {mark.line + 1}: mapping key {key!r} already defined",
                line=mark.line + 1,
                column=mark.column + 1,
            )
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


def _key_text(key: object, node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)  # the key as written: 1 -> "1", true -> "true"
    return str(key)


def _construct_yaml_map(loader: Any, node: yaml.MappingNode) -> Iterator[dict[str, Any]]:
    data: dict[str, Any] = {}
    yield data
    data.update(_construct_mapping(loader, node))


def _construct_timestamp_as_text(loader: Any, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


Core12Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
Core12Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
Core12Loader.add_constructor("tag:yaml.org,2002:map", _construct_yaml_map)
Core12Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 (with or without a BOM), refusing binary files with a clear message."""
    if b"\x00" in data[:8192]:
        raise DocumentError(f"{name} is a binary file, not YAML")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{name} is not valid UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start})"
        ) from exc
    return text


def load_yaml(data: bytes | str, *, name: str = "document", empty_ok: bool = False) -> Any:
    """Load the first YAML document of ``data`` with 1.2 core-schema resolution.

    Raises :class:`DocumentError` for syntax errors (with line and column), duplicate keys,
    binary or non-UTF-8 input, recursive aliases, documents deeper than :data:`MAX_DEPTH` or
    larger than :data:`MAX_NODES` nodes once aliases are expanded. An empty document is an
    error (``EOF``) unless ``empty_ok``, when it loads as ``None``.
    """
    text = decode_text(data, name) if isinstance(data, bytes) else data
    loader = Core12Loader(text)
    try:
        if not loader.check_node():
            if empty_ok:
                return None
            raise DocumentError("EOF")
        node = loader.get_node()
        if node is None:  # pragma: no cover - check_node() said there was one
            raise DocumentError("EOF")
        document = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        where = f"line {line}, column {column}: " if line else ""
        raise DocumentError(f"{where}{problem}", line=line, column=column) from exc
    except yaml.YAMLError as exc:
        raise DocumentError(str(exc).replace("\n", " ")) from exc
    except RecursionError as exc:
        raise DocumentError(f"document nests deeper than {MAX_DEPTH} levels") from exc
    except (ValueError, KeyError) as exc:  # a huge integer, `!!bool maybe`
        raise DocumentError(f"invalid scalar: {exc}") from exc
    finally:
        loader.dispose()
    check_size(document)
    return document


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_BOOL, _NULL = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"
_NUMBER_CONSTRUCTORS = {
    "tag:yaml.org,2002:int": _construct_int,
    "tag:yaml.org,2002:float": _construct_float,
}


def loads_cleanly(data: bytes) -> bool:
    """Whether :func:`load_yaml` would certainly accept ``data`` (with ``empty_ok``), decided
    from the node tree libyaml composes, without building Python values: about 3x faster, for
    callers that only need the verdict (is this interface file valid YAML?).

    ``False`` means "not certain", never "invalid": anything unusual (an alias, a merge key, a
    complex key, an explicit tag, a duplicate key, a number that does not convert, depth or size
    near the limits) answers ``False`` and the caller runs the full load for the real verdict
    and its message.
    """
    try:
        loader = Core12Loader(decode_text(data, "document"))
    except DocumentError:
        return False
    try:
        if not loader.check_node():
            return True
        root = loader.get_node()
    except (yaml.YAMLError, RecursionError, ValueError):
        return False
    finally:
        loader.dispose()
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen or depth > MAX_DEPTH or len(seen) > MAX_NODES // 2:
            return False  # an alias (shared node), or close to the limits
        seen.add(id(node))
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            if not _scalar_constructs(loader, node):
                return False
            continue
        if isinstance(node, yaml.MappingNode) and tag == _MAP:
            keys: set[str] = set()
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode) or key.tag not in (_STR, _BOOL, _NULL):
                    return False  # complex or numeric keys: let the loader decide
                if key.value in keys:
                    return False
                keys.add(key.value)
                stack.append((value, depth + 1))
        elif isinstance(node, yaml.SequenceNode) and tag == _SEQ:
            stack.extend((item, depth + 1) for item in node.value)
        else:
            return False
    return True


def _scalar_constructs(loader: Any, node: yaml.ScalarNode) -> bool:
    """Whether the loader's constructor for this scalar's tag accepts its text."""
    tag = node.tag
    if tag in (_STR, _NULL):
        return True
    if tag == _BOOL:
        return node.value.lower() in loader.bool_values
    number = _NUMBER_CONSTRUCTORS.get(tag)
    if number is None or len(node.value) > 1000:
        return False  # explicit tags (timestamps, binary, custom ...): let the loader decide
    try:
        number(loader, node)
    except ValueError:
        return False
    return True


def check_size(document: Any) -> None:
    """Refuse recursive, too deep or (with aliases expanded) too large documents."""
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    in_progress: set[int] = set()
    # Iterative post-order walk: (node, children_done)
    stack: list[tuple[Any, bool]] = [(document, False)]
    while stack:
        node, done = stack.pop()
        if not isinstance(node, dict | list):
            continue
        key = id(node)
        if done:
            children = node.values() if isinstance(node, dict) else node
            size, depth = 1, 1
            for child in children:
                if isinstance(child, dict | list):
                    size += sizes[id(child)]
                    depth = max(depth, depths[id(child)] + 1)
                else:
                    size += 1
            in_progress.discard(key)
            sizes[key], depths[key] = size, depth
            if depth > MAX_DEPTH:
                raise DocumentError(f"document nests deeper than {MAX_DEPTH} levels")
            if size > MAX_NODES:
                raise DocumentError(
                    f"document expands to more than {MAX_NODES:,} nodes "
                    "(YAML aliases used as an amplification bomb?)"
                )
            continue
        if key in sizes:
            continue
        if key in in_progress:
            raise DocumentError("document contains a recursive YAML alias")
        in_progress.add(key)
        stack.append((node, True))
        if len(stack) > MAX_DEPTH * 64 and len(in_progress) > MAX_DEPTH:
            raise DocumentError(f"document nests deeper than {MAX_DEPTH} levels")
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            if isinstance(child, dict | list):
                stack.append((child, False))


class SourceLocation(Record, kw_only=False):
    """A 1-based line and column in a named file."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class LocationIndex:
    """Maps document paths (tuples of keys and indices) to source locations.

    Built lazily from the source text on first lookup, so a document that produces no finding
    never pays for it.
    """

    def __init__(self, text: bytes | str, file: str) -> None:
        self._text = text
        self.file = file
        self._values: dict[tuple[str | int, ...], tuple[int, int]] | None = None
        self._keys: dict[tuple[str | int, ...], tuple[int, int]] = {}

    def _build(self) -> dict[tuple[str | int, ...], tuple[int, int]]:
        values: dict[tuple[str | int, ...], tuple[int, int]] = {}
        try:
            text = self._text
            if isinstance(text, bytes):
                text = text.decode("utf-8-sig", errors="replace")
            loader = Core12Loader(text)
            try:
                root = loader.get_node() if loader.check_node() else None
            finally:
                loader.dispose()
        except yaml.YAMLError:
            root = None
        if root is None:
            return values
        stack: list[tuple[yaml.Node, tuple[str | int, ...]]] = [(root, ())]
        seen: set[int] = set()
        while stack:
            node, path = stack.pop()
            values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
            if id(node) in seen or len(path) > MAX_DEPTH:
                continue
            seen.add(id(node))
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    child = (*path, str(key_node.value))
                    self._keys[child] = (
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                    )
                    stack.append((value_node, child))
            elif isinstance(node, yaml.SequenceNode):
                for index, item in enumerate(node.value):
                    stack.append((item, (*path, index)))
        return values

    def locate(self, path: tuple[str | int, ...], *, key: bool = False) -> SourceLocation | None:
        """The location of the node at ``path`` (or of its key when ``key``), else the nearest
        ancestor that exists; ``None`` when the text does not parse."""
        if self._values is None:
            self._values = self._build()
        if key and path in self._keys:
            line, column = self._keys[path]
            return SourceLocation(self.file, line, column)
        probe = path
        while True:
            if probe in self._values:
                line, column = self._values[probe]
                return SourceLocation(self.file, line, column)
            if not probe:
                return None
            probe = probe[:-1]
