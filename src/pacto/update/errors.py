"""Errors raised by :mod:`pacto.update`.

::

    PactoError
    └── UpdateError     the self-update cannot proceed (dev build, index unreachable,
                        release missing, upgrade command failed)
"""

from __future__ import annotations

from pacto.errors import PactoError

__all__ = ["UpdateError"]


class UpdateError(PactoError):
    """``pacto update`` cannot do what was asked; the message says why."""
