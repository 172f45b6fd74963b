"""Out-of-process generator plugins (09-plugins-doc-mcp.md §1).

A plugin is an executable ``pacto-plugin-<name>`` found on ``PATH`` or in the config plugins
directory. It reads one JSON request on stdin and writes one JSON response on stdout; Pacto
writes the files it returns, only inside the output directory. :class:`SubprocessRunner`
implements the :class:`PluginRunner` port under a time limit and an output cap.

May import :mod:`pacto.contract`; must never import click, the app or CLI layers, or the MCP SDK.
"""

from pacto.plugin._output import write_files
from pacto.plugin._protocol import (
    PROTOCOL_VERSION,
    GeneratedFile,
    PluginRequest,
    PluginResponse,
    decode_response,
)
from pacto.plugin._runner import (
    DEFAULT_MAX_OUTPUT_BYTES,
    DEFAULT_TIMEOUT_SECONDS,
    PLUGIN_PREFIX,
    PluginRunner,
    SubprocessRunner,
    format_seconds,
)
from pacto.plugin.errors import (
    PluginError,
    PluginFailedError,
    PluginFileError,
    PluginNotFoundError,
    PluginOutputError,
    PluginTimeoutError,
)

__all__ = [
    "DEFAULT_MAX_OUTPUT_BYTES",
    "DEFAULT_TIMEOUT_SECONDS",
    "PLUGIN_PREFIX",
    "PROTOCOL_VERSION",
    "GeneratedFile",
    "PluginError",
    "PluginFailedError",
    "PluginFileError",
    "PluginNotFoundError",
    "PluginOutputError",
    "PluginRequest",
    "PluginResponse",
    "PluginRunner",
    "PluginTimeoutError",
    "SubprocessRunner",
    "decode_response",
    "format_seconds",
    "write_files",
]
