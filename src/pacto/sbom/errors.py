"""Errors raised by :mod:`pacto.sbom`.

::

    PactoError
    └── SbomError   an SBOM file cannot be read or does not have the expected JSON shape
"""

from __future__ import annotations

from pacto.errors import PactoError

__all__ = ["SbomError"]


class SbomError(PactoError):
    """An SBOM file is unreadable, not JSON, too large, or has members of the wrong type.

    ``path`` is the bundle-relative file (``sbom/x.spdx.json``) when known.
    """

    def __init__(self, message: str, *, path: str = "") -> None:
        super().__init__(message)
        self.path = path
