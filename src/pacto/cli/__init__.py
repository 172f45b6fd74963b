"""The command-line interface: thin commands that parse flags, call ``app.Service`` and render.

``pacto.cli.main`` is the console-script entry point. Each command lives in its own module and
is imported only when it runs, so ``pacto --help`` and ``pacto validate`` stay fast.
"""

from pacto.cli.main import cli, main

__all__ = ["cli", "main"]
