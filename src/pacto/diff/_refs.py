"""``$ref`` resolution inside a bundle, with cycle detection and never a network fetch.

A reference is ``[file][#fragment]``: the file is relative to the referring file and must stay
inside the bundle; the fragment is a JSON pointer (RFC 6901, percent-decoded). Remote
references (``https://...``) are never fetched: the diff compares what the bundle contains.
Chains of references (``A -> B -> C``) are followed; a chain that returns to itself is
reported as cyclic. Every failure becomes a diagnostic and the node is left unresolved.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from pacto.diff._documents import Diagnostics, DocumentStore, LoadProblem

__all__ = ["MAX_REF_CHAIN", "RefResolver", "Target", "is_ref"]

MAX_REF_CHAIN = 32

PointerPath = tuple[str | int, ...]


def is_ref(node: Any) -> bool:
    return isinstance(node, dict) and "$ref" in node


@dataclass(frozen=True, slots=True)
class Target:
    """A resolved node: where it lives and a key naming it independently of the side."""

    node: Any
    file: str
    pointer: PointerPath
    key: str


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return "null" if value is None else type(value).__name__


def _escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


class RefResolver:
    """Resolves references against one bundle side; ``root_file`` is the document being diffed
    (its own references are keyed ``#/...`` whatever the file is called on that side)."""

    def __init__(
        self, store: DocumentStore, root_file: str, diagnostics: Diagnostics, side: str
    ) -> None:
        self.store = store
        self.root_file = root_file
        self.diagnostics = diagnostics
        self.side = side
        self._cache: dict[tuple[str, str], Target | None] = {}

    def key_for(self, file: str, pointer: PointerPath) -> str:
        where = "" if file == self.root_file else file
        return where + "#" + "".join("/" + _escape(t) for t in pointer)

    def _warn(self, file: str, message: str) -> None:
        self.diagnostics.add(f"{message} ({self.side} side)", file)

    def resolve(self, ref: Any, base_file: str) -> Target | None:
        """Follow ``ref`` (and any chain behind it); ``None`` with a diagnostic on failure."""
        if not isinstance(ref, str):
            self._warn(base_file, f"$ref must be a string, found {_json_type(ref)}")
            return None
        cache_key = (base_file, ref)
        if cache_key in self._cache:
            return self._cache[cache_key]
        target = self._follow(ref, base_file)
        self._cache[cache_key] = target
        return target

    def _follow(self, ref: str, base_file: str) -> Target | None:
        seen: list[str] = []
        current_ref, current_base = ref, base_file
        for _ in range(MAX_REF_CHAIN):
            target = self._resolve_one(current_ref, current_base)
            if target is None:
                return None
            if target.key in seen:
                chain = " -> ".join([*seen, target.key])
                self._warn(base_file, f"cyclic $ref {ref!r}: {chain}")
                return None
            seen.append(target.key)
            node = target.node
            if not (isinstance(node, dict) and set(node) == {"$ref"}):
                return target
            next_ref = node["$ref"]
            if not isinstance(next_ref, str):
                self._warn(target.file, f"$ref must be a string, found {_json_type(next_ref)}")
                return None
            current_ref, current_base = next_ref, target.file
        self._warn(base_file, f"$ref {ref!r} is a chain longer than {MAX_REF_CHAIN} references")
        return None

    def _resolve_one(self, ref: str, base_file: str) -> Target | None:
        file_part, _, fragment = ref.partition("#")
        if "://" in file_part or file_part.startswith(("//", "urn:")):
            self._warn(
                base_file,
                f"remote $ref {ref!r} not followed (Pacto never fetches from the network)",
            )
            return None
        if file_part:
            decoded = unquote(file_part)
            if decoded.startswith("/"):
                self._warn(
                    base_file, f"$ref {ref!r} is an absolute path; use a bundle-relative one"
                )
                return None
            file = posixpath.normpath(posixpath.join(posixpath.dirname(base_file), decoded))
            if file == ".." or file.startswith("../"):
                self._warn(base_file, f"$ref {ref!r} points outside the bundle")
                return None
        else:
            file = base_file
        try:
            document = self.store.load(file)
        except LoadProblem as problem:
            self._warn(base_file, f"$ref {ref!r}: {file}: {problem.message}")
            return None
        fragment = unquote(fragment)
        if fragment and not fragment.startswith("/"):
            self._warn(base_file, f"$ref {ref!r}: plain-name fragments are not supported")
            return None
        node: Any = document.data
        pointer: list[str | int] = []
        for raw in fragment.split("/")[1:] if fragment else []:
            token = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and token in node:
                node = node[token]
                pointer.append(token)
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
                pointer.append(int(token))
            else:
                self._warn(base_file, f"unresolvable $ref {ref!r}: {file} has no {fragment}")
                return None
        path = tuple(pointer)
        return Target(node=node, file=file, pointer=path, key=self.key_for(file, path))
