"""``pacto validate [DIR | oci://REF]`` (08-cli.md §3.2)."""

from __future__ import annotations

from pathlib import Path

from pacto.app.errors import CheckFailedError
from pacto.cli._context import CliContext
from pacto.cli._overrides import bundle_command, run_bundle_plain
from pacto.cli.output import echo, echo_err, emit_json

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from typing import Any

    import click

    from pacto.app.validate import ValidateResult
    from pacto.cli._options import PlainArgs
    from pacto.validation import ValidationIssue


HELP = """Validate a contract: JSON Schema, cross-field references, semantic consistency and
policies. Exits 1 when the contract is invalid (warnings alone do not fail).

\b
Examples:
  pacto validate orders/
  pacto validate orders -f values/prod.yaml --set scaling.min=2
  pacto validate oci://ghcr.io/acme/orders-pacto:1.4.0 --output-format json
  pacto validate orders --output-format sarif > pacto.sarif
"""


def build_command() -> click.Command:
    """The click command (imported only when click handles the line)."""
    command: click.Command = bundle_command("validate", HELP, run)
    return command


def run_plain(state: CliContext, parsed: PlainArgs) -> None:
    run_bundle_plain(run, state, parsed)


def run(state: CliContext, path: str, overrides: Any) -> None:
    from pacto.app.validate import ValidateOptions

    outcome = state.service().validate(ValidateOptions(path=path, overrides=overrides))
    render(state.output_format, outcome)
    errors = len(outcome.result.errors)
    if errors:
        raise CheckFailedError(f"validation failed with {errors} error(s)")


def _where(outcome: ValidateResult, issue: ValidationIssue) -> str:
    location = issue.location
    if location is None:
        return ""
    file = location.file
    if file == "pacto.yaml" and outcome.contract_file:
        file = outcome.contract_file
    elif (
        outcome.contract_file
        and not Path(file).is_absolute()
        and not outcome.contract_file.startswith("oci://")
    ):
        file = str(Path(outcome.contract_file).parent / file)
    return f"{file}:{location.line}:{location.column}: "


def render(output_format: str, outcome: ValidateResult) -> None:
    result = outcome.result
    if output_format == "json":
        from pacto.validation import result_to_wire

        emit_json(result_to_wire(outcome.path, result))
        return
    if output_format == "sarif":
        emit_json(to_sarif(outcome))
        return
    echo(f"{outcome.path} is {'valid' if result.is_valid() else 'invalid'}")
    for issue in result.errors:
        echo_err(f"  {_where(outcome, issue)}ERROR [{issue.code}] {issue.path}: {issue.message}")
    for issue in result.warnings:
        echo_err(f"  {_where(outcome, issue)}WARN  [{issue.code}] {issue.path}: {issue.message}")


def to_sarif(outcome: ValidateResult) -> dict[str, object]:
    from pacto.cli.sarif import SarifResult, SarifRule, build_sarif

    results = []
    for issue, level in [(i, "error") for i in outcome.result.errors] + [
        (i, "warning") for i in outcome.result.warnings
    ]:
        location = issue.location
        file = line = column = None
        if location is not None:
            file, line, column = location.file, location.line, location.column
            if file == "pacto.yaml" and outcome.contract_file:
                file = outcome.contract_file
        elif outcome.contract_file:
            file = outcome.contract_file
        results.append(
            SarifResult(
                rule_id=issue.code,
                level=level,
                message=f"{issue.path}: {issue.message}" if issue.path else issue.message,
                file=file or "",
                line=line or 0,
                column=column or 0,
                logical_location=issue.path,
            )
        )
    rules = [SarifRule(r.rule_id, r.rule_id.replace("_", " ").lower(), r.level) for r in results]
    return build_sarif("pacto", rules, results)
