"""The ``apply`` algorithm (06-overrides.md §3): base document, values files, ``--set`` items."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from pacto.contract import DocumentError, load_yaml
from pacto.errors import PactoError
from pacto.override._dump import dump
from pacto.override._merge import merge
from pacto.override._overrides import Overrides
from pacto.override._setpath import coerce_value, set_path
from pacto.override.errors import OverrideError, quote

__all__ = ["Overrides", "apply"]


def apply(base_yaml: bytes, overrides: Overrides, *, read_file: Callable[[str], bytes]) -> bytes:
    """The YAML document ``base_yaml`` with ``overrides`` applied.

    Order, lowest precedence first (06-overrides.md §8): the base document; the values files,
    each deep-merged in the order given; the ``--set`` items, coerced (§6); the ``--set-string``
    items, kept as strings; the ``--set-json`` items, decoded as JSON. A later item wins. The
    order of the flags relative to each other on the command line does not matter.

    With empty overrides the base bytes are returned unchanged, without even being parsed.
    Otherwise the merged tree is re-serialised (see :func:`pacto.override._dump.dump`): values and
    key order are kept, comments are not.

    ``read_file`` returns a values file's bytes given its path as the user wrote it; it signals a
    failure with :class:`OSError` (``ValueError`` and :class:`~pacto.errors.PactoError` are
    reported the same way). This function does no I/O of its own.

    Raises :class:`OverrideError` with the reference's messages: ``failed to parse base YAML:
    ...``, ``failed to read values file "<path>": ...``, ``failed to parse values file
    "<path>": ...``, ``invalid --set format "<item>": expected key=value`` and ``failed to set
    "<key>": ...``.
    """
    if overrides.is_empty():
        return base_yaml
    tree = _load_base(base_yaml)
    for path in overrides.value_files:
        values = _load_values_file(path, read_file)
        if values is not None:
            merge(tree, values)
    setters: tuple[tuple[str, tuple[str, ...], Callable[[str], Any]], ...] = (
        ("--set", overrides.set_values, coerce_value),
        ("--set-string", overrides.set_string_values, str),
        ("--set-json", overrides.set_json_values, _decode_json),
    )
    for flag, items, convert in setters:
        for item in items:
            key, equals, raw = item.partition("=")
            if not equals:
                raise OverrideError(f"invalid {flag} format {quote(item)}: expected key=value")
            try:
                set_path(tree, key, convert(raw))
            except OverrideError as exc:
                raise OverrideError(f"failed to set {quote(key)}: {exc}", key=key) from exc
    return dump(tree)


def _load_base(data: bytes) -> dict[str, Any]:
    try:
        tree = load_yaml(data, name="the base document", empty_ok=True)
    except DocumentError as exc:
        raise OverrideError(f"failed to parse base YAML: {exc}") from exc
    if tree is None:
        return {}
    if not isinstance(tree, dict):
        raise OverrideError(f"failed to parse base YAML: {_not_a_mapping(tree)}")
    return _unshared_mapping(tree)


def _load_values_file(path: str, read_file: Callable[[str], bytes]) -> dict[str, Any] | None:
    try:
        data = read_file(path)
    except (OSError, ValueError, PactoError) as exc:  # ValueError: a NUL byte in the path
        raise OverrideError(
            f"failed to read values file {quote(path)}: {_cause(exc)}", path=path
        ) from exc
    try:
        values = load_yaml(data, name=path, empty_ok=True)
    except DocumentError as exc:
        raise OverrideError(f"failed to parse values file {quote(path)}: {exc}", path=path) from exc
    if values is None:  # an empty file (or a bare null) changes nothing
        return None
    if not isinstance(values, dict):
        raise OverrideError(
            f"failed to parse values file {quote(path)}: {_not_a_mapping(values)}", path=path
        )
    return _unshared_mapping(values)


def _unshared_mapping(mapping: dict[str, Any]) -> dict[str, Any]:
    """A copy in which every YAML alias is a separate subtree, as the reference's decoder makes
    it: PyYAML shares aliased nodes, and a ``--set`` on one alias must not change the others."""
    return {key: _unshared(value) for key, value in mapping.items()}


def _unshared(node: Any) -> Any:
    if isinstance(node, dict):
        return _unshared_mapping(node)
    if isinstance(node, list):
        return [_unshared(item) for item in node]
    return node


def _not_a_mapping(value: Any) -> str:
    kind = "a list" if isinstance(value, list) else f"a scalar ({type(value).__name__})"
    return f"the top level must be a mapping, not {kind}"


def _cause(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[:1].lower() + exc.strerror[1:]
    return str(exc)


def _decode_json(raw: str) -> Any:
    try:
        return json.loads(raw, parse_constant=_reject_constant, parse_float=_finite_float)
    except (ValueError, RecursionError) as exc:
        raise OverrideError(f"invalid JSON value: {exc}") from exc


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text} is out of range")
    return value
