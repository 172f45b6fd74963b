"""``pacto rules``: the diff rule catalogue (also ``pacto diff --rules``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from pacto.cli._context import CliContext
from pacto.cli.output import echo, emit_json
from pacto.cli.root import global_options, pass_context

if TYPE_CHECKING:
    from pacto.diff import Rule


def render_rules(output_format: str, rules: Sequence[Rule]) -> None:
    """Text: one aligned line per rule; JSON: a list of rule objects; Markdown: the catalogue
    document (``docs/diff-rules.md`` is this output)."""
    from pacto.diff import catalogue_markdown
    from pacto.diff.wire import rule_to_wire

    if output_format == "json":
        emit_json([rule_to_wire(r) for r in rules])
        return
    if output_format == "markdown":
        click.echo(catalogue_markdown(rules), nl=False)
        return
    width = max((len(r.id) for r in rules), default=4)
    echo(f"{'RULE'.ljust(width)}  {'CLASSIFICATION'.ljust(18)}  {'RULESET'.ljust(17)}  SUMMARY")
    for rule in rules:
        rulesets = ",".join(str(r) for r in rule.rulesets)
        echo(
            f"{rule.id.ljust(width)}  {str(rule.classification).ljust(18)}  "
            f"{rulesets.ljust(17)}  {rule.summary}"
        )


@click.command("rules")
@click.option(
    "--ruleset",
    type=click.Choice(["pacto", "reference"]),
    default=None,
    help="Only the rules one ruleset can emit (default: the whole catalogue).",
)
@click.option("--family", default=None, help="Only one family (e.g. openapi, runtime).")
@global_options
@pass_context
def command(state: CliContext, ruleset: str | None, family: str | None) -> None:
    """List the diff rule catalogue: every rule id with its classification and a one-line
    explanation.

    \b
    Examples:
      pacto rules
      pacto rules --ruleset pacto --family openapi
      pacto rules --output-format markdown > docs/diff-rules.md
    """
    from pacto.app.diff import RulesOptions

    result = state.service().rules(RulesOptions(ruleset=ruleset or ""))
    rules = [r for r in result.rules if family is None or r.family == family]
    render_rules(state.output_format, rules)
