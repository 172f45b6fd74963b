"""Logging set-up, done once by the CLI. Library code only calls ``logging.getLogger``."""

from __future__ import annotations

import logging
import sys

__all__ = ["configure_logging"]

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(*, verbose: bool) -> None:
    """Debug to stderr when ``verbose``, else warnings only. Idempotent."""
    root = logging.getLogger("pacto")
    level = logging.DEBUG if verbose else logging.WARNING
    root.setLevel(level)
    if not any(getattr(h, "_pacto", False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler._pacto = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        root.propagate = False
    for existing in root.handlers:
        existing.setLevel(level)
