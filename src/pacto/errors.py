"""The root of Pacto's exception tree.

Every failure Pacto reports to a user is a :class:`PactoError`; findings (an invalid contract, a
breaking diff) are results, not exceptions. Each package adds its own subclasses in its own
``errors.py``::

    PactoError
    ├── contract.ContractError
    │   ├── ParseError            pacto.yaml cannot be read or decoded
    │   ├── BundleError           a bundle directory cannot be loaded
    │   ├── InvalidReferenceError an oci:// or dependency reference is malformed
    │   └── DocumentError         a referenced file (YAML/JSON) is unsafe or malformed
    ├── override.OverrideError
    ├── oci.RegistryError  (AuthenticationError, ArtifactNotFoundError, ...)
    ├── plugin.PluginError
    └── app.CommandError       a command's own failure (e.g. "directory exists")

This module imports nothing from pacto.
"""

from __future__ import annotations

__all__ = ["PactoError"]


class PactoError(Exception):
    """Base class of every error Pacto raises on purpose.

    ``str(error)`` is the one-line message shown to users; it says what went wrong and, where
    there is one, what to do next.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
