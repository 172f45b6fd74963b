"""The one place where exceptions become messages and exit codes (08-cli.md §1).

Exit values follow the reference: 0 on success and 1 on every failure, usage errors included.
A ``PactoError`` prints its one-line message; anything else prints "unexpected error" and the
traceback only under ``--verbose``. Ctrl-C exits 130.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import click

from pacto.errors import PactoError

__all__ = ["EXIT_FAILURE", "EXIT_INTERRUPTED", "EXIT_OK", "run_guarded"]

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INTERRUPTED = 130


def _print(message: str) -> None:
    click.echo(message.rstrip("\n"), err=True)


def run_guarded(function: Callable[[], object], *, verbose: Callable[[], bool]) -> int:
    try:
        function()
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.Abort:
        _print("aborted")
        return EXIT_FAILURE
    except click.ClickException as exc:
        # Usage errors exit 1 like the reference, not click's 2 (08-cli.md §1).
        message = exc.format_message()
        if isinstance(exc, click.UsageError) and exc.ctx is not None:
            message += f"\nRun '{exc.ctx.command_path} --help' for usage."
        _print(message)
        return EXIT_FAILURE
    except PactoError as exc:
        if verbose():
            import traceback

            traceback.print_exc(file=sys.stderr)
        _print(str(exc))
        return EXIT_FAILURE
    except KeyboardInterrupt:
        _print("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_FAILURE
    except Exception as exc:
        if verbose():
            import traceback

            traceback.print_exc(file=sys.stderr)
            _print(f"unexpected error: {exc!r}")
        else:
            _print(
                f"unexpected error: {type(exc).__name__}: {exc} "
                "(run with --verbose for the traceback, and please report it)"
            )
        return EXIT_FAILURE
    return EXIT_OK
