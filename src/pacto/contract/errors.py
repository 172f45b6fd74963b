"""Errors raised by :mod:`pacto.contract`.

::

    PactoError
    └── ContractError
        ├── DocumentError          a YAML/JSON document is unsafe or malformed (line, column)
        ├── ParseError             pacto.yaml does not decode into a contract (path, cause)
        ├── BundleError            a bundle cannot be loaded (missing dir, no pacto.yaml, ...)
        └── InvalidReferenceError  an OCI or dependency reference is malformed
"""

from __future__ import annotations

from pacto.errors import PactoError

__all__ = ["BundleError", "ContractError", "DocumentError", "InvalidReferenceError", "ParseError"]


class ContractError(PactoError):
    """Base class of the contract package's errors."""


class DocumentError(ContractError):
    """A YAML or JSON document cannot be loaded safely. ``line``/``column`` are 1-based."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line = line
        self.column = column


class ParseError(ContractError):
    """``pacto.yaml`` cannot be decoded into a :class:`~pacto.contract.Contract`.

    ``str()`` is ``parse error at <path>: <message>`` when ``path`` is set, else
    ``parse error: <message>`` (01-contract.md §6.1).
    """

    def __init__(
        self,
        message: str,
        *,
        path: str = "",
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.path = path
        self.detail = message
        self.line = line
        self.column = column
        text = f"parse error at {path}: {message}" if path else f"parse error: {message}"
        super().__init__(text)


class BundleError(ContractError):
    """A bundle cannot be loaded from where it was asked for."""

    def __init__(self, message: str, *, path: str = "") -> None:
        super().__init__(message)
        self.path = path


class InvalidReferenceError(ContractError):
    """A reference string (``oci://...``, dependency ref) is malformed."""

    def __init__(self, message: str, *, ref: str = "") -> None:
        super().__init__(message)
        self.ref = ref
