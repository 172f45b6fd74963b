"""Change classification between two contracts (03-diff.md): a deterministic rule table for
every contract section, a deep direction-aware OpenAPI diff, a recursive JSON Schema diff, and
the SBOM comparison attached apart from the classification.

Pure: no network, no environment, no clock; files only through a bundle's
:class:`~pacto.contract.BundleFS`. May import :mod:`pacto.contract`, :mod:`pacto.sbom`,
:mod:`pacto.graph` and :mod:`pacto.validation`; never click, httpx, web frameworks or the MCP
SDK. Importing it is cheap (no jsonschema).
"""

from pacto.diff._catalogue import catalogue_markdown
from pacto.diff._engine import compare, compare_bundles
from pacto.diff._model import (
    ChangeType,
    Classification,
    Diagnostic,
    DiffChange,
    Result,
    Ruleset,
    overall,
)
from pacto.diff._rules import RULES, Rule, classify, rule, rules_for
from pacto.diff._values import render_value

__all__ = [
    "RULES",
    "ChangeType",
    "Classification",
    "Diagnostic",
    "DiffChange",
    "Result",
    "Rule",
    "Ruleset",
    "catalogue_markdown",
    "classify",
    "compare",
    "compare_bundles",
    "overall",
    "render_value",
    "rule",
    "rules_for",
]
