"""Errors raised by :mod:`pacto.override`.

::

    PactoError
    └── OverrideError   a values file or a --set item cannot be applied (path, key)

Messages are the reference's (06-overrides.md §3, §5), e.g.
``failed to read values file "prod.yaml": no such file or directory`` or
``failed to set "interfaces[3].port": index 3 out of bounds at "interfaces[3]" (length 1)``.
"""

from __future__ import annotations

from pacto.errors import PactoError

__all__ = ["OverrideError", "quote"]


class OverrideError(PactoError):
    """Overrides cannot be applied to a contract document.

    ``path`` is the values file involved, ``key`` the ``--set`` key path involved; either is
    ``None`` when the failure is not about one (a malformed base document).
    """

    def __init__(self, message: str, *, path: str | None = None, key: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.key = key


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def quote(text: str) -> str:
    """``text`` in double quotes, ``"`` and ``\\`` backslash-escaped (06-overrides.md §3).

    Like Go's ``%q``, other non-printable characters are escaped too, so that a message stays on
    one line.
    """
    parts = ['"']
    for char in text:
        if char in _ESCAPES:
            parts.append(_ESCAPES[char])
        elif char.isprintable():
            parts.append(char)
        else:
            code = ord(char)
            if code < 0x80:
                parts.append(f"\\x{code:02x}")
            elif code < 0x10000:
                parts.append(f"\\u{code:04x}")
            else:
                parts.append(f"\\U{code:08x}")
    parts.append('"')
    return "".join(parts)
