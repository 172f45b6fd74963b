"""Map finding paths to source locations.

Findings use two path syntaxes (02-validation.md §3.2): layer 1 joins instance-location tokens
with dots (``interfaces.0.port``), layers 2 and 3 write indices in brackets
(``interfaces[1].name``). :func:`path_tokens` turns either into the key/index tuple that
:class:`pacto.contract.LocationIndex` understands. The index itself is lazy, so a contract without
findings never parses its text a second time.
"""

from __future__ import annotations

import re

from pacto.contract import LocationIndex, SourceLocation

__all__ = ["Node", "locate", "path_tokens"]

Node = tuple[str | int, ...]

_TOKEN = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def path_tokens(path: str) -> Node:
    """``interfaces[1].name`` / ``interfaces.1.name`` → ``("interfaces", 1, "name")``.

    Bare digits between dots are read as array indices, which is what layer 1 paths mean; a
    mapping key made of digits is located at its nearest ancestor instead.
    """
    tokens: list[str | int] = []
    for match in _TOKEN.finditer(path):
        index, name = match.groups()
        if index is not None:
            tokens.append(int(index))
        elif name.isdigit():
            tokens.append(int(name))
        else:
            tokens.append(name)
    return tuple(tokens)


def locate(
    locations: LocationIndex | None, path: str | Node, *, key: bool = False
) -> SourceLocation | None:
    """Where ``path`` is written (or its nearest existing ancestor); ``None`` without an index."""
    if locations is None:
        return None
    node = path_tokens(path) if isinstance(path, str) else path
    return locations.locate(node, key=key)
