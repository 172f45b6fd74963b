"""The application layer: one service method per command; never prints, prompts or exits.

May import every core package and the ports' protocols; must never import click, the CLI, the
MCP server or the dashboard.
"""

from pacto.app.errors import CheckFailedError, CommandError
from pacto.app.service import Service

__all__ = ["CheckFailedError", "CommandError", "Service"]
