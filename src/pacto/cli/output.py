"""Rendering helpers shared by the commands: one JSON encoder, stdout/stderr writers.

stdout gets the result; stderr gets diagnostics. In JSON mode stdout holds exactly one JSON
document: 2-space indent and a trailing newline, as the reference emits. Plain writes to
``sys.stdout``/``sys.stderr`` (not ``click.echo``), so the fast path never imports click; click's
test runner swaps those same streams.
"""

from __future__ import annotations

import json
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from typing import Any, TextIO

__all__ = ["dumps_json", "echo", "echo_err", "emit_json"]


def _write(stream: TextIO, text: str) -> None:
    try:
        stream.write(text)
    except UnicodeEncodeError:  # e.g. a file name with undecodable bytes, on a narrow terminal
        encoding = stream.encoding or "utf-8"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
    stream.flush()


def dumps_json(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def emit_json(document: Any) -> None:
    _write(sys.stdout, dumps_json(document))


def echo(text: str = "") -> None:
    _write(sys.stdout, text + "\n")


def echo_err(text: str = "") -> None:
    _write(sys.stderr, text + "\n")
