"""Findings and the result that collects them (02-validation.md §3.1).

Upstream has two structs, ``ValidationError`` and ``ValidationWarning``; here both are a
:class:`ValidationIssue` whose :class:`Severity` says which list it belongs to (STYLE.md §3:
only exceptions end in ``Error``). Wire names stay upstream's (see :mod:`pacto.validation.wire`).
"""

from __future__ import annotations

import enum

from pacto._record import Record, field
from pacto.contract import SourceLocation

__all__ = ["Severity", "ValidationIssue", "ValidationResult"]


class Severity(enum.StrEnum):
    """Whether a finding makes the contract invalid (``error``) or only deserves attention."""

    ERROR = "error"
    WARNING = "warning"


class ValidationIssue(Record):
    """One finding: a stable ``code``, the ``path`` it is about (02 §3.2 syntax) and a message.

    ``location`` is the 1-based line and column of the offending node: in ``pacto.yaml`` for
    findings about the contract, in the referenced file (an interface file that is not YAML, a
    configuration schema that is not JSON) when the finding is about that file's content, and
    ``None`` when nothing in a file can be pointed at (e.g. a policy violation of a document
    given without its text).
    """

    path: str
    code: str
    message: str
    severity: Severity = Severity.ERROR
    location: SourceLocation | None = None

    def __str__(self) -> str:
        return f"[{self.code}] {self.path}: {self.message}"


class ValidationResult(Record, frozen=False, kw_only=False):
    """Errors and warnings in the order they were found. Valid means "no errors"."""

    errors: list[ValidationIssue] = field(default_factory=list)
    warnings: list[ValidationIssue] = field(default_factory=list)

    @classmethod
    def parse_error(
        cls, message: str, *, location: SourceLocation | None = None
    ) -> ValidationResult:
        """The result of a contract that could not be loaded or parsed: one ``PARSE_ERROR`` at
        path ``""`` carrying the loader's message (02-validation.md §2)."""
        result = cls()
        result.add_error("", "PARSE_ERROR", message, location=location)
        return result

    def is_valid(self) -> bool:
        return not self.errors

    def add_error(
        self, path: str, code: str, message: str, *, location: SourceLocation | None = None
    ) -> None:
        self.errors.append(
            ValidationIssue(path=path, code=code, message=message, location=location)
        )

    def add_warning(
        self, path: str, code: str, message: str, *, location: SourceLocation | None = None
    ) -> None:
        self.warnings.append(
            ValidationIssue(
                path=path,
                code=code,
                message=message,
                severity=Severity.WARNING,
                location=location,
            )
        )

    def merge(self, other: ValidationResult) -> None:
        """Append ``other``'s errors and warnings, keeping their order."""
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)

    def issues(self) -> list[ValidationIssue]:
        """Errors first, then warnings, each in result order (the CLI's printing order)."""
        return [*self.errors, *self.warnings]
