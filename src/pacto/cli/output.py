"""Rendering helpers shared by the commands: one JSON encoder, stdout/stderr writers.

stdout gets the result; stderr gets diagnostics. In JSON mode stdout holds exactly one JSON
document: 2-space indent and a trailing newline, as the reference emits.
"""

from __future__ import annotations

import json
from typing import Any

import click

__all__ = ["dumps_json", "echo", "echo_err", "emit_json"]


def dumps_json(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def emit_json(document: Any) -> None:
    click.echo(dumps_json(document), nl=False)


def echo(text: str = "") -> None:
    click.echo(text)


def echo_err(text: str = "") -> None:
    click.echo(text, err=True)
