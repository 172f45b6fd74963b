"""The update-check cache file ``<config dir>/update-check.json`` (09 §5.2)."""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

__all__ = ["FRESH_FOR", "CacheEntry", "format_timestamp", "read_cache", "write_cache"]

logger = logging.getLogger(__name__)

FRESH_FOR = timedelta(hours=24)
_FRACTION = re.compile(r"\.(\d+)")


@dataclass(frozen=True, slots=True, kw_only=True)
class CacheEntry:
    checked_at: datetime
    latest_version: str

    def is_fresh(self, now: datetime) -> bool:
        """True when ``now`` is less than 24 hours after ``checked_at`` (and not before it)."""
        age = now - self.checked_at
        return timedelta(0) <= age < FRESH_FOR


def format_timestamp(moment: datetime) -> str:
    """RFC 3339 with nanoseconds and offset, as the reference writes ``checked_at``."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    text = moment.isoformat(timespec="microseconds")
    return _FRACTION.sub(lambda m: "." + m.group(1) + "000", text, count=1)


def _parse_timestamp(text: str) -> datetime:
    text = text.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    # Go writes up to nine fractional digits; Python reads at most six.
    text = _FRACTION.sub(lambda m: "." + (m.group(1) + "000000")[:6], text, count=1)
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("timestamp without offset")
    return moment


def read_cache(path: Path) -> CacheEntry | None:
    """The cached entry; ``None`` when the file is missing, unreadable or invalid."""
    try:
        if path.stat().st_size > 65536:
            return None
        document = json.loads(path.read_bytes())
        checked_at = _parse_timestamp(document["checked_at"])
        latest = document["latest_version"]
        if not isinstance(latest, str) or not latest:
            return None
        return CacheEntry(checked_at=checked_at, latest_version=latest)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_cache(path: Path, entry: CacheEntry) -> None:
    """Write compact JSON atomically (directory 0700, file 0600); errors are ignored."""
    import tempfile

    document = {
        "checked_at": format_timestamp(entry.checked_at),
        "latest_version": entry.latest_version,
    }
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=".update-check-", dir=path.parent)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(document, separators=(",", ":")))
            Path(temporary).chmod(0o600)
            Path(temporary).replace(path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        logger.debug("update cache not written path=%s error=%s", path, exc)
