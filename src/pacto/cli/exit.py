"""The one place where exceptions become messages and exit codes (08-cli.md §1).

Exit values follow the reference: 0 on success and 1 on every failure, usage errors included.
A ``PactoError`` prints its one-line message; anything else prints "unexpected error" and the
traceback only under ``--verbose``. Ctrl-C exits 130.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from pacto.errors import PactoError

__all__ = ["EXIT_FAILURE", "EXIT_INTERRUPTED", "EXIT_OK", "run_guarded"]

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_INTERRUPTED = 130


def _print(message: str) -> None:
    from pacto.cli.output import echo_err

    echo_err(message.rstrip("\n"))


def _click_outcome(exc: BaseException) -> int | None:
    """The exit code for one of click's own exceptions; ``None`` for anything else. click is
    looked up, not imported: a run that never imported it cannot raise its exceptions."""
    click = sys.modules.get("click")
    if click is None:
        return None
    if isinstance(exc, click.exceptions.Exit):
        return int(exc.exit_code)
    if isinstance(exc, click.Abort):
        _print("aborted")
        return EXIT_FAILURE
    if isinstance(exc, click.ClickException):
        # Usage errors exit 1 like the reference, not click's 2 (08-cli.md §1).
        message = exc.format_message()
        if isinstance(exc, click.UsageError) and exc.ctx is not None:
            message += f"\nRun '{exc.ctx.command_path} --help' for usage."
        _print(message)
        return EXIT_FAILURE
    return None


def run_guarded(function: Callable[[], object], *, verbose: Callable[[], bool]) -> int:
    try:
        function()
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
        code = _click_outcome(exc)
        if code is not None:
            return code
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
