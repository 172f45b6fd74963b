"""SARIF 2.1.0 documents, as GitHub code scanning accepts them (validate and diff)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pacto import __version__

__all__ = ["SarifResult", "SarifRule", "build_sarif"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/TrianaLab/pacto"


@dataclass(frozen=True, slots=True)
class SarifRule:
    id: str
    description: str
    level: str = "error"


@dataclass(frozen=True, slots=True)
class SarifResult:
    rule_id: str
    level: str  # "error" | "warning" | "note"
    message: str
    file: str = ""
    line: int = 0
    column: int = 0
    logical_location: str = ""


def _location(result: SarifResult) -> dict[str, Any]:
    location: dict[str, Any] = {}
    if result.file:
        physical: dict[str, Any] = {"artifactLocation": {"uri": result.file.replace("\\", "/")}}
        if result.line > 0:
            region: dict[str, Any] = {"startLine": result.line}
            if result.column > 0:
                region["startColumn"] = result.column
            physical["region"] = region
        location["physicalLocation"] = physical
    if result.logical_location:
        location["logicalLocations"] = [{"fullyQualifiedName": result.logical_location}]
    return location


def build_sarif(tool: str, rules: list[SarifRule], results: list[SarifResult]) -> dict[str, Any]:
    """One run of ``tool`` with its rules and results, sorted for stable output."""
    rule_ids = sorted({r.id for r in rules} | {r.rule_id for r in results})
    known = {r.id: r for r in rules}
    driver_rules = []
    for rule_id in rule_ids:
        rule = known.get(rule_id, SarifRule(rule_id, rule_id))
        driver_rules.append(
            {
                "id": rule.id,
                "shortDescription": {"text": rule.description},
                "defaultConfiguration": {"level": rule.level},
            }
        )
    index = {rule_id: position for position, rule_id in enumerate(rule_ids)}
    sarif_results = []
    for result in results:
        item: dict[str, Any] = {
            "ruleId": result.rule_id,
            "ruleIndex": index[result.rule_id],
            "level": result.level,
            "message": {"text": result.message},
        }
        location = _location(result)
        if location:
            item["locations"] = [location]
        sarif_results.append(item)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": tool,
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": driver_rules,
                    }
                },
                "results": sarif_results,
            }
        ],
    }
