"""Errors of the application layer.

::

    PactoError
    └── CommandError        a command cannot do what was asked (exists, not configured, ...)
        └── CheckFailedError the command ran but its check failed (invalid contract, breaking diff);
                             the result has been rendered already and the CLI exits 1
"""

from __future__ import annotations

from pacto.errors import PactoError

__all__ = ["CheckFailedError", "CommandError"]


class CommandError(PactoError):
    """A command cannot be carried out; the message says why and what to do."""


class CheckFailedError(CommandError):
    """The command produced its result but the check it performs failed."""
