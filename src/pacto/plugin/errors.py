"""Errors raised by :mod:`pacto.plugin`.

::

    PactoError
    └── PluginError              a generator plugin could not do its job (``plugin`` names it)
        ├── PluginNotFoundError  no ``pacto-plugin-<name>`` on PATH or in the plugins dir
        ├── PluginFailedError    the plugin could not be spawned or exited non-zero
        ├── PluginTimeoutError   the plugin ran past its time limit and was killed
        ├── PluginOutputError    stdout was not a protocol response, or was too large
        └── PluginFileError      a returned file path is unsafe or the file cannot be written
"""

from __future__ import annotations

from pacto.errors import PactoError

__all__ = [
    "PluginError",
    "PluginFailedError",
    "PluginFileError",
    "PluginNotFoundError",
    "PluginOutputError",
    "PluginTimeoutError",
]


class PluginError(PactoError):
    """Base class of the plugin package's errors; ``plugin`` is the plugin's name."""

    def __init__(self, message: str, *, plugin: str = "") -> None:
        super().__init__(message)
        self.plugin = plugin


class PluginNotFoundError(PluginError):
    """No executable ``pacto-plugin-<name>`` was found."""


class PluginFailedError(PluginError):
    """The plugin could not be started or exited with a non-zero status.

    ``exit_code`` is ``None`` when the process never started; ``stderr`` is what it printed.
    """

    def __init__(
        self, message: str, *, plugin: str = "", exit_code: int | None = None, stderr: str = ""
    ) -> None:
        super().__init__(message, plugin=plugin)
        self.exit_code = exit_code
        self.stderr = stderr


class PluginTimeoutError(PluginFailedError):
    """The plugin did not finish within its time limit and was killed."""


class PluginOutputError(PluginError):
    """The plugin's stdout is not a valid protocol response (or exceeds the size cap)."""


class PluginFileError(PluginError):
    """A file returned by the plugin has an unsafe path or cannot be written; ``path`` is the
    path as the plugin sent it."""

    def __init__(self, message: str, *, plugin: str = "", path: str = "") -> None:
        super().__init__(message, plugin=plugin)
        self.path = path
