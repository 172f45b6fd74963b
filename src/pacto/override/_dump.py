"""Serialisation of the merged document back to YAML (06-overrides.md §7).

The output is block-style YAML in the document's own key order (beyond the reference, which
sorts keys); comments are lost, because PyYAML does not keep them. Every scalar keeps its meaning
when read back, by Pacto's YAML 1.2 core loader and by YAML 1.1 readers alike:

* a string that either reader would take for something else (``yes``, ``no``, ``on``, ``y``,
  ``1.0``, ``1e3``, ``0o17``, ``1_000``, ``null``, ``~``, ``2024-01-01``, the empty string, ...)
  is double-quoted; so is a multi-line string, unless a literal block (``|``) carries it exactly;
  so a date written unquoted in the base document comes back as the same text, quoted;
* a float is written in a form both readers parse to the same value (``1.0e+20``, ``.inf``);
* an integer or float read from YAML keeps the text it was written as (``010``, ``0x1F``,
  ``1.10``) when both readers give that text the same value, else its canonical form;
* subclasses of ``str``/``int``/``float``/``dict``/``list`` are written as plain YAML; no
  Python-specific tag (``!!python/...``) and no anchor or alias is ever emitted.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

import yaml

from pacto.contract import DocumentError, load_yaml
from pacto.override.errors import OverrideError

__all__ = ["MAX_DEPTH", "dump"]

#: The contract loader's nesting limit (``pacto.contract`` refuses deeper documents anyway).
MAX_DEPTH = 128

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NO_WRAP = 1 << 30  # never fold long lines: a description stays on one line

_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Yaml11Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(_BaseDumper):  # type: ignore[misc]  # PyYAML's dumpers are untyped
    """PyYAML's safe dumper whose plain-scalar check knows both YAML 1.1 and 1.2 core."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


# The safe dumper's resolvers are PyYAML's YAML 1.1 set. Add the 1.1 booleans PyYAML leaves out,
# and the 1.2 core schema of pacto.contract's loader (``1e3`` and ``0o17`` are numbers there, not
# in 1.1), so that a string matching any of them is quoted. The 1.2 patterns repeat the contract
# loader's; the round-trip tests through load_yaml catch any drift.
_EXTRA_RESOLVERS = (
    ("tag:yaml.org,2002:bool", r"^(?:y|Y|n|N)$", "yYnN"),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (_INT, r"^(?:[-+]?[0-9][0-9_]*|0o[0-7_]+|0x[0-9a-fA-F_]+)$", "-+0123456789"),
    (
        _FLOAT,
        r"""^(?:[-+]?(?:\.[0-9_]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?
            |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""",
        "-+0123456789.",
    ),
)
for _tag, _pattern, _first in _EXTRA_RESOLVERS:
    _Dumper.add_implicit_resolver(_tag, re.compile(_pattern, re.X), list(_first))

_OTHER_LINE_BREAKS = frozenset("\r\x85\u2028\u2029")
_NUMBER_SOURCE = re.compile(r"[0-9A-Za-z_.+-]+")


def _represent_str(dumper: Any, data: str) -> yaml.ScalarNode:
    text = str.__str__(data)
    style: str | None = None
    if _is_literal_block_exact(text):
        style = "|"
    elif dumper.resolve(yaml.ScalarNode, text, (True, False)) != _STR or _has_line_break(text):
        style = '"'  # escapes keep other multi-line strings readable and exact
    node: yaml.ScalarNode = dumper.represent_scalar(_STR, text, style=style)
    return node


def _is_literal_block_exact(text: str) -> bool:
    # "|+" (two or more trailing newlines) makes the emitter end the document with "...";
    # other line-break characters would be normalised to "\n" inside a block.
    return (
        "\n" in text.rstrip("\n")
        and not text.endswith("\n\n")
        and _OTHER_LINE_BREAKS.isdisjoint(text)
    )


def _has_line_break(text: str) -> bool:
    return "\n" in text or not _OTHER_LINE_BREAKS.isdisjoint(text)


def _represent_int(dumper: Any, data: int) -> yaml.ScalarNode:
    value = int(data)
    text = repr(value)
    source = getattr(data, "source", None)
    if isinstance(source, str) and _source_round_trips(source, int, text):
        text = source
    node: yaml.ScalarNode = dumper.represent_scalar(_INT, text)
    return node


def _represent_float(dumper: Any, data: float) -> yaml.ScalarNode:
    value = float(data)
    source = getattr(data, "source", None)
    if isinstance(source, str) and _source_round_trips(source, float, repr(value)):
        node: yaml.ScalarNode = dumper.represent_scalar(_FLOAT, source)
    else:
        node = yaml.SafeDumper.represent_float(dumper, value)
    return node


@functools.lru_cache(maxsize=1024)
def _source_round_trips(source: str, kind: type, canonical: str) -> bool:
    """Whether the plain scalar ``source`` reads as a ``kind`` equal to ``canonical`` (its repr)
    under both the YAML 1.2 core loader and a YAML 1.1 loader."""
    if not _NUMBER_SOURCE.fullmatch(source):
        return False
    try:
        loaded = (load_yaml(source), yaml.load(source, Loader=_Yaml11Loader))
    except (DocumentError, yaml.YAMLError, ValueError):
        return False
    return all(
        isinstance(item, kind) and not isinstance(item, bool) and repr(kind(item)) == canonical
        for item in loaded
    )


_Dumper.add_representer(str, _represent_str)
_Dumper.add_multi_representer(str, _represent_str)
_Dumper.add_multi_representer(int, _represent_int)
_Dumper.add_multi_representer(float, _represent_float)
_Dumper.add_multi_representer(dict, yaml.SafeDumper.represent_dict)
_Dumper.add_multi_representer(list, yaml.SafeDumper.represent_list)
_Dumper.add_multi_representer(tuple, yaml.SafeDumper.represent_list)


def dump(tree: Mapping[str, Any]) -> bytes:
    """``tree`` as a UTF-8 block-style YAML document, keys in insertion order.

    Raises :class:`OverrideError` when the tree nests deeper than :data:`MAX_DEPTH` levels or
    holds something YAML cannot carry (an unpaired surrogate, an arbitrary object).
    """
    _check_depth(tree)
    try:
        data: bytes = yaml.dump(
            tree,
            Dumper=_Dumper,
            encoding="utf-8",
            allow_unicode=True,
            sort_keys=False,
            default_flow_style=False,
            width=_NO_WRAP,
        )
    except (yaml.YAMLError, UnicodeError, ValueError) as exc:
        raise OverrideError(f"failed to serialize the merged document: {exc}") from exc
    return data


def _check_depth(tree: Any) -> None:
    stack: list[tuple[Any, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise OverrideError(f"the merged document nests deeper than {MAX_DEPTH} levels")
        children = node.values() if isinstance(node, Mapping) else node
        stack.extend(
            (child, depth + 1) for child in children if isinstance(child, Mapping | list | tuple)
        )
