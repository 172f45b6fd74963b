"""Changes under construction: analyzers emit drafts with *pointers*; the engine turns them into
:class:`~pacto.diff.DiffChange` s with source locations once every pointer is known."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pacto.contract import CONTRACT_FILE, BundleFS, Contract
from pacto.diff._documents import Diagnostics, DocumentStore
from pacto.diff._model import ChangeType, Pointer, Ruleset
from pacto.diff._rules import Rule, contract_rule

__all__ = ["Draft", "Emitter", "Side", "contract_pointer", "parse_path_prefix"]

_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path_prefix(prefix: str) -> tuple[str | int, ...]:
    """``configuration.configs[2]`` -> ``("configuration", "configs", 2)``."""
    return tuple(int(index) if index else name for name, index in _SEGMENT.findall(prefix))


def contract_pointer(*tokens: str | int) -> Pointer:
    return (CONTRACT_FILE, tuple(tokens))


@dataclass(slots=True)
class Draft:
    path: str
    type: ChangeType
    rule: Rule
    reason: str
    old_value: Any = None
    new_value: Any = None
    old_pointer: Pointer | None = None
    new_pointer: Pointer | None = None


@dataclass(slots=True)
class Side:
    """One bundle of the comparison: its contract and the files around it."""

    name: str
    contract: Contract
    fs: BundleFS | None
    store: DocumentStore
    raw_yaml: bytes | None = None


@dataclass(slots=True)
class Emitter:
    """Collects drafts in emission order (03-diff.md §9) plus diagnostics."""

    old: Side
    new: Side
    ruleset: Ruleset
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    drafts: list[Draft] = field(default_factory=list)

    def contract(
        self,
        rule_path: str,
        change_type: ChangeType,
        old_value: Any,
        new_value: Any,
        *,
        old_pointer: Pointer | None = None,
        new_pointer: Pointer | None = None,
        path: str | None = None,
    ) -> None:
        """A contract-section change classified by the reference table (03-diff.md §3)."""
        shown = path or rule_path
        self.drafts.append(
            Draft(
                path=shown,
                type=change_type,
                rule=contract_rule(rule_path, change_type),
                reason=f"{shown} {change_type}",
                old_value=old_value,
                new_value=new_value,
                old_pointer=old_pointer,
                new_pointer=new_pointer or old_pointer,
            )
        )
