"""The console-script entry point: plain hot commands without click, everything else with it.

``pacto validate DIR``, ``pacto explain DIR`` and ``pacto version`` (with global and override
flags) are parsed by :func:`pacto.cli._options.parse_plain` and run straight away: the same
command functions, settings and exit codes as the click path, minus click's import. Any other
line, ``--help`` included, goes to click (:func:`pacto.cli.root.run_click`). A parity test runs
the same lines both ways and compares everything they print.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Callable, Mapping

from pacto.cli._context import CliContext
from pacto.cli._options import GLOBAL_FLAGS, OVERRIDE_FLAGS, PlainArgs, parse_plain
from pacto.cli._settings import (
    InvalidSettingError,
    apply_setting,
    parse_bool,
    print_update_notice,
    resolve_settings,
    start_update_check,
)
from pacto.cli.exit import run_guarded

__all__ = ["PLAIN_COMMANDS", "main", "plain_runner"]

PLAIN_COMMANDS = {
    # command: (its flags besides the global ones, how many operands it takes at most)
    "validate": (OVERRIDE_FLAGS, 1),
    "explain": (OVERRIDE_FLAGS, 1),
    "version": ((), 0),
}


def plain_runner(args: list[str], state: CliContext) -> Callable[[], None] | None:
    """The run of a plain command line, or ``None`` when click must take it."""
    parsed = parse_plain(args, PLAIN_COMMANDS)
    if parsed is None:
        return None
    for flag in GLOBAL_FLAGS:
        if flag.dest in parsed.flags:
            apply_setting(state, flag.dest, parsed.flags[flag.dest])
    try:
        resolve_settings(state)
    except InvalidSettingError:
        return None  # click reports it, as a usage error
    return lambda: _run_plain(parsed, state)


def _run_plain(parsed: PlainArgs, state: CliContext) -> None:
    module = importlib.import_module(f"pacto.cli.{parsed.command}")
    start_update_check(state, parsed.command)
    module.run_plain(state, parsed)
    print_update_notice(state)


# A one-shot command allocates a lot while importing and parsing and frees it all at exit; the
# cyclic collector's default first threshold (700 allocations) makes it walk the young heap
# hundreds of times for nothing: ~4 ms, 7% of a cold `pacto validate`. Plain commands run with a
# high threshold (still bounded); everything else, servers included, gets the defaults back.
_ONE_SHOT_GC_THRESHOLD = 50_000


def main(argv: list[str] | None = None, env: Mapping[str, str] | None = None) -> None:
    """Console-script entry point. Exits with 0 on success and 1 on any failure."""
    thresholds = gc.get_threshold()
    gc.set_threshold(_ONE_SHOT_GC_THRESHOLD, *thresholds[1:])
    environment = dict(os.environ if env is None else env)
    state = CliContext(env=environment)
    if parse_bool(environment.get("PACTO_VERBOSE", "")):
        state.verbose = True
        from pacto._logging import configure_logging

        configure_logging(verbose=True)
    args = sys.argv[1:] if argv is None else list(argv)
    runner = plain_runner(args, state)
    if runner is None:
        gc.set_threshold(*thresholds)

        def runner() -> None:
            from pacto.cli.root import run_click

            run_click(args, state)

    sys.exit(run_guarded(runner, verbose=lambda: state.verbose))
