"""JSON shapes of diff results (03-diff.md §1.3-§1.4, §10.1), key for key as the reference.

Beyond the reference, each change also carries ``rule`` and, when known, ``oldLocation`` /
``newLocation`` (``file:line:col``), after the reference's keys; results carry ``warnings``
when some input could not be compared.
"""

from __future__ import annotations

import math
from typing import Any

from pacto.diff._model import Diagnostic, DiffChange, Result
from pacto.diff._rules import Rule
from pacto.sbom.wire import sbom_diff_to_wire

__all__ = [
    "change_to_wire",
    "changes_to_wire",
    "diagnostic_to_wire",
    "json_safe",
    "result_to_wire",
    "rule_to_wire",
]


def json_safe(value: Any) -> Any:
    """Values as JSON can carry them: non-finite floats become strings (03-diff.md §15.5)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def change_to_wire(change: DiffChange) -> dict[str, Any]:
    """``path, type, oldValue?, newValue?, classification, reason, rule, oldLocation?,
    newLocation?`` (values omitted only when absent; ``""`` and ``0`` are kept)."""
    out: dict[str, Any] = {"path": change.path, "type": str(change.type)}
    if change.old_value is not None:
        out["oldValue"] = json_safe(change.old_value)
    if change.new_value is not None:
        out["newValue"] = json_safe(change.new_value)
    out["classification"] = str(change.classification)
    out["reason"] = change.reason
    out["rule"] = change.rule
    if change.old_location is not None:
        out["oldLocation"] = str(change.old_location)
    if change.new_location is not None:
        out["newLocation"] = str(change.new_location)
    return out


def changes_to_wire(changes: tuple[DiffChange, ...]) -> list[dict[str, Any]] | None:
    """The reference emits ``null`` for an empty change list (03-diff.md §11.4)."""
    return [change_to_wire(c) for c in changes] if changes else None


def diagnostic_to_wire(diagnostic: Diagnostic) -> dict[str, Any]:
    out: dict[str, Any] = {"message": diagnostic.message}
    if diagnostic.file:
        out["file"] = diagnostic.file
    return out


def result_to_wire(result: Result) -> dict[str, Any]:
    """``classification, changes, sbomDiff?, warnings?``."""
    out: dict[str, Any] = {
        "classification": str(result.classification),
        "changes": changes_to_wire(result.changes),
    }
    if result.sbom_diff is not None:
        out["sbomDiff"] = sbom_diff_to_wire(result.sbom_diff)
    if result.diagnostics:
        out["warnings"] = [diagnostic_to_wire(d) for d in result.diagnostics]
    return out


def rule_to_wire(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "classification": str(rule.classification),
        "family": rule.family,
        "rulesets": [str(r) for r in rule.rulesets],
        "summary": rule.summary,
    }
