"""``pacto diff OLD NEW`` (08-cli.md §3.6, 03-diff.md §11)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import click

from pacto.app.errors import CheckFailedError
from pacto.cli._context import CliContext
from pacto.cli._overrides import build_overrides
from pacto.cli.output import echo_err, emit_json
from pacto.cli.root import global_options, pass_context

if TYPE_CHECKING:
    from pacto.app.diff import DiffResult
    from pacto.diff import DiffChange
    from pacto.sbom import SbomDiff

F = TypeVar("F", bound=Callable[..., Any])

COLLAPSE_AFTER = 25
"""Markdown tables with more rows are folded into a <details> block (PR comments stay short)."""


class FailOn(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click stubs
    """``BREAKING`` (default), ``POTENTIAL_BREAKING`` (also ``potential``) or ``none``."""

    name = "level"
    _ALIASES: ClassVar[dict[str, str]] = {
        "breaking": "BREAKING",
        "potential_breaking": "POTENTIAL_BREAKING",
        "potential-breaking": "POTENTIAL_BREAKING",
        "potential": "POTENTIAL_BREAKING",
        "none": "none",
        "never": "none",
    }

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value)
        canonical = self._ALIASES.get(text.lower())
        if canonical is None:
            self.fail(f"{text!r} is not one of BREAKING, POTENTIAL_BREAKING, none", param, ctx)
        return canonical


def _side_options(function: F) -> F:
    options = []
    for side in ("old", "new"):
        options += [
            click.option(
                f"--{side}-values",
                f"{side}_values",
                multiple=True,
                metavar="FILE",
                help=f"Values file merged into the {side} pacto.yaml (repeatable).",
            ),
            click.option(
                f"--{side}-set",
                f"{side}_set",
                multiple=True,
                metavar="PATH=VALUE",
                help=f"Set one value of the {side} contract (repeatable).",
            ),
            click.option(
                f"--{side}-set-string",
                f"{side}_set_string",
                multiple=True,
                metavar="PATH=VALUE",
                help=f"Like --{side}-set, always a string.",
            ),
            click.option(
                f"--{side}-set-json",
                f"{side}_set_json",
                multiple=True,
                metavar="PATH=JSON",
                help=f"Like --{side}-set, with a JSON value.",
            ),
        ]
    for option in reversed(options):
        function = option(function)
    return function


@click.command("diff")
@click.argument("paths", nargs=-1, metavar="OLD NEW")
@_side_options
@click.option(
    "--ruleset",
    type=click.Choice(["pacto", "reference"]),
    default="pacto",
    show_default=True,
    help="pacto: direction-aware OpenAPI/JSON Schema rules; reference: the reference's rules.",
)
@click.option(
    "--fail-on",
    type=FailOn(),
    default="BREAKING",
    show_default=True,
    help="Exit 1 when the overall classification reaches BREAKING or POTENTIAL_BREAKING "
    "(none: never).",
)
@click.option("--rules", "list_rules", is_flag=True, help="List the rule catalogue and exit.")
@click.option(
    "--details",
    is_flag=True,
    help="Text and Markdown: also show each change's rule id and old/new file:line:col.",
)
@global_options
@pass_context
def command(
    state: CliContext,
    paths: tuple[str, ...],
    old_values: tuple[str, ...],
    old_set: tuple[str, ...],
    old_set_string: tuple[str, ...],
    old_set_json: tuple[str, ...],
    new_values: tuple[str, ...],
    new_set: tuple[str, ...],
    new_set_string: tuple[str, ...],
    new_set_json: tuple[str, ...],
    ruleset: str,
    fail_on: str,
    list_rules: bool,
    details: bool,
) -> None:
    """Classify the changes between two contracts. OLD and NEW are each a bundle directory, a
    pacto.yaml file or an oci:// reference. Exits 1 on BREAKING changes (see --fail-on).

    \b
    Examples:
      pacto diff orders-v1/ orders/
      pacto diff oci://ghcr.io/acme/orders-pacto:1.4.0 orders --output-format markdown
      pacto diff old/ new/ --new-set service.version=2.0.0 --fail-on POTENTIAL_BREAKING
      pacto diff old/ new/ --output-format sarif > diff.sarif
      pacto diff --rules
    """
    if list_rules:
        from pacto.app.diff import RulesOptions
        from pacto.cli.rules import render_rules

        result = state.service().rules(RulesOptions(ruleset=""))
        render_rules(state.output_format, list(result.rules))
        return
    if len(paths) != 2:
        raise click.UsageError(f"accepts 2 arg(s), received {len(paths)}")
    from pacto.app.diff import DiffOptions

    outcome = state.service().diff(
        DiffOptions(
            old_path=paths[0],
            new_path=paths[1],
            old_overrides=build_overrides(old_values, old_set, old_set_string, old_set_json),
            new_overrides=build_overrides(new_values, new_set, new_set_string, new_set_json),
            ruleset=ruleset,
        )
    )
    render(state.output_format, outcome, details=details)
    _check(outcome, fail_on)


def _check(outcome: DiffResult, fail_on: str) -> None:
    from pacto.diff import Classification

    if fail_on == "none":
        return
    threshold = Classification(fail_on)
    classification = outcome.classification
    if classification >= threshold:
        if classification is Classification.BREAKING:
            raise CheckFailedError("breaking changes detected")
        raise CheckFailedError("potentially breaking changes detected")


def render(output_format: str, outcome: DiffResult, *, details: bool = False) -> None:
    if output_format == "json":
        emit_json(outcome.to_wire())
        return
    if output_format == "sarif":
        emit_json(to_sarif(outcome))
        _warnings(outcome)
        return
    if output_format == "markdown":
        click.echo(render_markdown(outcome, details=details), nl=False)
    else:
        click.echo(render_text(outcome, details=details), nl=False)
    _warnings(outcome)


def _warnings(outcome: DiffResult) -> None:
    for diagnostic in outcome.result.diagnostics:
        echo_err(f"warning: {diagnostic}")


# -- text -------------------------------------------------------------------------------------


def _values(change: DiffChange) -> str:
    from pacto.diff import render_value

    old, new = change.old_value, change.new_value
    if change.type == "modified" and old is not None and new is not None:
        return f" [{render_value(old)} -> {render_value(new)}]"
    if change.type == "added" and new is not None:
        return f" [+ {render_value(new)}]"
    if change.type == "removed" and old is not None:
        return f" [- {render_value(old)}]"
    return ""


def _change_line(change: DiffChange, details: bool) -> list[str]:
    lines = [
        f"  [{change.classification}] {change.path} ({change.type}): {change.reason}"
        f"{_values(change)}"
    ]
    if details:
        where = f"      rule {change.rule}"
        if change.old_location is not None:
            where += f"  old {change.old_location}"
        if change.new_location is not None:
            where += f"  new {change.new_location}"
        lines.append(where)
    return lines


def _sbom_lines(sbom: SbomDiff) -> list[str]:
    lines = [f"SBOM changes ({len(sbom.changes)}):"]
    for change in sbom.changes:
        if change.type == "added":
            lines.append(f"  + {change.package}@{change.new_value}")
        elif change.type == "removed":
            lines.append(f"  - {change.package}@{change.old_value}")
        else:
            lines.append(
                f"  ~ {change.package} {change.field}: {change.old_value} -> {change.new_value}"
            )
    return lines


def _graph_tree(outcome: DiffResult) -> str:
    from pacto.graph import render_diff_tree

    return render_diff_tree(outcome.graph_diff)


def _is_empty(outcome: DiffResult, tree: str) -> bool:
    has_sbom = outcome.result.sbom_diff is not None or any(
        d.result.sbom_diff is not None for d in outcome.dependency_diffs
    )
    return not (outcome.result.changes or outcome.dependency_diffs or tree or has_sbom)


def render_text(outcome: DiffResult, *, details: bool = False) -> str:
    """The text report of 03-diff.md §11.2."""
    tree = _graph_tree(outcome)
    lines = [f"Classification: {outcome.classification}"]
    if _is_empty(outcome, tree):
        lines.append("No changes detected.")
        return "\n".join(lines) + "\n"
    changes = outcome.result.changes
    if changes:
        lines.append(f"Changes ({len(changes)}):")
        for change in changes:
            lines.extend(_change_line(change, details))
    for dependency in outcome.dependency_diffs:
        result = dependency.result
        lines.append("")
        lines.append(
            f"Dependency {dependency.name} [{result.classification}] ({len(result.changes)}):"
        )
        for change in result.changes:
            lines.extend(_change_line(change, details))
        if result.sbom_diff is not None:
            lines.append("")
            lines.extend(_sbom_lines(result.sbom_diff))
    text = "\n".join(lines) + "\n"
    if tree:
        text += "\nDependency graph changes:\n" + tree
    if outcome.result.sbom_diff is not None:
        text += "\n" + "\n".join(_sbom_lines(outcome.result.sbom_diff)) + "\n"
    return text


# -- markdown ---------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("\r\n", " ").replace("\n", " ").replace("|", "\\|")


def _code(value: Any) -> str:
    from pacto.diff import render_value

    if value is None:
        return ""
    text = _cell(render_value(value))
    if text == "":
        return ""
    if "`" in text:
        return f"`` {text} ``"
    return f"`{text}`"


def _fold(rows: list[str], noun: str) -> list[str]:
    """A table, folded into <details> past :data:`COLLAPSE_AFTER` rows, then a blank line."""
    count = len(rows) - 2
    if count <= COLLAPSE_AFTER:
        return [*rows, ""]
    return [
        "<details>",
        f"<summary>Show {count} {noun}</summary>",
        "",
        *rows,
        "",
        "</details>",
        "",
    ]


def _change_table(changes: tuple[DiffChange, ...], details: bool) -> list[str]:
    if details:
        rows = [
            "| Classification | Path | Type | Reason | Old | New | Rule | Location |",
            "|---|---|---|---|---|---|---|---|",
        ]
    else:
        rows = [
            "| Classification | Path | Type | Reason | Old | New |",
            "|---|---|---|---|---|---|",
        ]
    for change in changes:
        row = (
            f"| {change.classification} | `{_cell(change.path)}` | {change.type} | "
            f"{_cell(change.reason)} | {_code(change.old_value)} | {_code(change.new_value)} |"
        )
        if details:
            location = change.new_location or change.old_location
            row += f" `{change.rule}` | {_code(str(location)) if location else ''} |"
        rows.append(row)
    return _fold(rows, "changes")


def _sbom_table(sbom: SbomDiff) -> list[str]:
    rows = ["| Package | Type | Field | Old | New |", "|---|---|---|---|---|"]
    for change in sbom.changes:
        rows.append(
            f"| `{_cell(change.package)}` | {change.type} | {change.field} | "
            f"{_code(change.old_value or None)} | {_code(change.new_value or None)} |"
        )
    return _fold(rows, "SBOM changes")


def render_markdown(outcome: DiffResult, *, details: bool = False) -> str:
    """The Markdown report of 03-diff.md §11.3 (what CI posts on pull requests)."""
    tree = _graph_tree(outcome)
    lines = ["## Contract Diff", "", f"**Classification:** `{outcome.classification}`", ""]
    if _is_empty(outcome, tree):
        lines.append("No changes detected.")
        return "\n".join(lines) + "\n"
    changes = outcome.result.changes
    if changes:
        lines += [f"### Changes ({len(changes)})", ""]
        lines += _change_table(changes, details)
    for dependency in outcome.dependency_diffs:
        result = dependency.result
        lines += [f"### Dependency: {dependency.name} (`{result.classification}`)", ""]
        if result.changes:
            lines += _change_table(result.changes, details)
        if result.sbom_diff is not None:
            lines += [f"#### SBOM Changes: {dependency.name}", ""]
            lines += _sbom_table(result.sbom_diff)
    if tree:
        lines += ["### Dependency Graph Changes", "", "```", tree.rstrip("\n"), "```", ""]
    if outcome.result.sbom_diff is not None:
        lines += ["### SBOM Changes", ""]
        lines += _sbom_table(outcome.result.sbom_diff)
    return "\n".join(lines)


# -- sarif ------------------------------------------------------------------------------------

_LEVELS = {"BREAKING": "error", "POTENTIAL_BREAKING": "warning", "NON_BREAKING": "note"}


def to_sarif(outcome: DiffResult) -> dict[str, object]:
    """Each change is a result located in the new file (or the old one when the new side has no
    location), with its rule id; rules carry their one-line explanation."""
    from pacto.cli.sarif import SarifResult, SarifRule, build_sarif
    from pacto.diff import RULES

    results: list[SarifResult] = []
    groups = [("", outcome.result.changes)] + [
        (d.name, d.result.changes) for d in outcome.dependency_diffs
    ]
    for dependency, changes in groups:
        for change in changes:
            location = change.new_location
            base = outcome.new_bundle_dir
            if location is None:
                location, base = change.old_location, outcome.old_bundle_dir
            file = line = column = None
            if location is not None:
                file = os.path.normpath(Path(base) / location.file) if base else location.file
                line, column = location.line, location.column
            prefix = f"dependency {dependency}: " if dependency else ""
            results.append(
                SarifResult(
                    rule_id=change.rule,
                    level=_LEVELS[str(change.classification)],
                    message=f"{prefix}[{change.classification}] {change.reason}",
                    file=file or "",
                    line=line or 0,
                    column=column or 0,
                    logical_location=change.path,
                )
            )
    used = sorted({r.rule_id for r in results})
    rules = [
        SarifRule(rule_id, RULES[rule_id].summary, _LEVELS[str(RULES[rule_id].classification)])
        for rule_id in used
    ]
    return build_sarif("pacto", rules, results)
