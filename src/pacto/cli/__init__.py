"""The command-line interface: thin commands that parse flags, call ``app.Service`` and render.

:func:`main` is the console-script entry point. Each command lives in its own module and is
imported only when it runs, and the plain ``validate``/``explain``/``version`` lines run without
click (:mod:`pacto.cli._entry`), so ``pacto validate`` stays fast. ``cli`` is the click group.
"""

from __future__ import annotations

from pacto.cli._entry import main

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from typing import Any

    from pacto.cli.root import cli

__all__ = ["cli", "main"]


def __getattr__(name: str) -> Any:
    if name == "cli":
        from pacto.cli.root import cli

        return cli
    raise AttributeError(f"module 'pacto.cli' has no attribute {name!r}")
