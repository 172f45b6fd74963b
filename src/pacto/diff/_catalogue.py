"""The rule catalogue as a Markdown document (``docs/diff-rules.md`` is this output)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pacto.diff._model import Ruleset
from pacto.diff._rules import Rule

__all__ = ["FAMILIES", "catalogue_markdown"]

FAMILIES: tuple[tuple[str, str], ...] = (
    ("identity", "Service identity"),
    ("scaling", "Scaling"),
    ("runtime", "Runtime"),
    ("dependencies", "Dependencies"),
    ("interfaces", "Interfaces"),
    ("configurations", "Configurations"),
    ("policies", "Policies"),
    ("openapi", "OpenAPI structure"),
    ("openapi-schema", "OpenAPI schemas (requests and responses)"),
    ("json-schema", "Configuration and policy JSON Schemas"),
)

_INTRO = """\
# Diff rule catalogue

Every change `pacto diff` reports names one rule of this catalogue (the `rule` key of each
change in JSON output, the `ruleId` of each SARIF result). The rule decides the change's
classification. This page is generated: `pacto rules --output-format markdown` prints it, and a
test fails when it is out of date.

Two rulesets classify OpenAPI and JSON Schema changes (`pacto diff --ruleset`):

* `pacto` (default) is direction-aware. A schema is either *read* by the service (request
  bodies, parameters, configuration and policy schemas) or *written* by it (responses and
  response headers). Narrowing what is read, or widening what is written, breaks consumers
  (BREAKING); the opposite does not (NON_BREAKING). Removing an operation or a parameter that
  was `deprecated: true` is reported one class lower. `$ref`s are followed inside the bundle
  (never over the network); a component reached through the same reference on both sides is
  compared once and reported under `openapi.components.schemas[Name]` with the number of
  operations using it; components no operation uses are not compared. An `allOf` subschema
  that appears or disappears is judged by the constraints it adds to the others, and a
  `{type: "null"}` alternative by null becoming allowed.
* `reference` reproduces the reference implementation: coarse OpenAPI rows and a JSON Schema
  walk where only changes to `required` are BREAKING.

Contract-section rules (identity, scaling, runtime, dependencies, interfaces, configurations,
policies) are the reference table and apply in both rulesets. SBOM changes are reported apart
and never classified.
"""


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def catalogue_markdown(rules: Iterable[Rule]) -> str:
    """The catalogue grouped by family, one table row per rule, sorted by id."""
    rules = list(rules)
    lines = [_INTRO]
    counts = Counter(r.family for r in rules)
    lines.append(f"{len(rules)} rules:")
    lines.append("")
    for family, title in FAMILIES:
        if counts[family]:
            lines.append(f"* {title}: {counts[family]}")
    lines.append("")
    for family, title in FAMILIES:
        members = sorted((r for r in rules if r.family == family), key=lambda r: r.id)
        if not members:
            continue
        lines.append(f"## {title}")
        lines.append("")
        lines.append("| Rule | Classification | Ruleset | Explanation |")
        lines.append("|---|---|---|---|")
        for rule in members:
            rulesets = ", ".join(str(r) for r in Ruleset if r in rule.rulesets)
            lines.append(
                f"| `{rule.id}` | {rule.classification} | {rulesets} | {_escape(rule.summary)} |"
            )
        lines.append("")
    return "\n".join(lines)
