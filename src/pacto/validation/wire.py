"""JSON form of a validation result, key for key as ``pacto validate --output-format json``.

Upstream serialises its Go structs without renaming, so keys are capitalised (``Path``,
``Valid``, ``Errors``, ``Warnings``; items ``Path``, ``Code``, ``Message``) and empty lists are
``null`` (upstream ``internal/app/validate.go``, 02-validation.md §3.3). Keep the spelling:
scripts match on ``"Valid": true``. ``Location`` is ours (beyond the reference): present only on
items that have one, after ``Message``.
"""

from __future__ import annotations

from pacto.validation._result import ValidationIssue, ValidationResult

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["issue_to_wire", "result_to_wire"]


def issue_to_wire(issue: ValidationIssue) -> dict[str, Any]:
    """``{"Path", "Code", "Message"[, "Location": {"File", "Line", "Column"}]}``."""
    out: dict[str, Any] = {"Path": issue.path, "Code": issue.code, "Message": issue.message}
    if issue.location is not None:
        out["Location"] = {
            "File": issue.location.file,
            "Line": issue.location.line,
            "Column": issue.location.column,
        }
    return out


def result_to_wire(path_arg: str, result: ValidationResult) -> dict[str, Any]:
    """``{"Path", "Valid", "Errors", "Warnings"}``; ``path_arg`` is the reference as given."""
    return {
        "Path": path_arg,
        "Valid": result.is_valid(),
        "Errors": [issue_to_wire(issue) for issue in result.errors] or None,
        "Warnings": [issue_to_wire(issue) for issue in result.warnings] or None,
    }
