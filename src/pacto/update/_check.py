"""The background update check (09 §5.1, 08-cli.md §2.2).

:func:`start_check` starts a daemon thread that reads the cache (fresh for 24 h) or asks the
package index, and returns at once. The CLI asks :meth:`UpdateCheck.result` for the answer
after the command succeeded, waiting at most 200 ms; an unfinished check is abandoned (the
daemon thread never delays exit). Every failure is silent: the result is simply ``None``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pacto.update._cache import CacheEntry, read_cache, write_cache
from pacto.update._source import DEFAULT_RELEASES_URL, fetch_latest_version

if TYPE_CHECKING:
    from pacto.contract import Version

__all__ = [
    "NOTICE_WAIT_SECONDS",
    "UpdateCheck",
    "check_now",
    "format_notice",
    "is_enabled",
    "latest_if_newer",
    "releases_url",
    "start_check",
]

logger = logging.getLogger(__name__)

NOTICE_WAIT_SECONDS = 0.2

Fetch = Callable[[str], str]


def releases_url(env: Mapping[str, str]) -> str:
    """``PACTO_UPDATE_URL`` when set, else the package index's JSON API."""
    return env.get("PACTO_UPDATE_URL") or DEFAULT_RELEASES_URL


def is_enabled(env: Mapping[str, str], current_version: str) -> bool:
    """False for ``dev`` builds and when ``PACTO_NO_UPDATE_CHECK`` is exactly ``1``."""
    return current_version != "dev" and env.get("PACTO_NO_UPDATE_CHECK") != "1"


def _parse(version: str) -> Version | None:
    # Imported here, on the check's own thread: the CLI starts the check on every
    # interactive run and must not pay for the contract package up front.
    from pacto.contract import parse_version

    try:
        return parse_version(version)
    except ValueError:  # SemverError is a ValueError
        return None


def latest_if_newer(current_version: str, latest_version: str) -> str | None:
    """``latest_version`` when both parse and it is strictly greater, else ``None``."""
    current, latest = _parse(current_version), _parse(latest_version)
    if current is None or latest is None or not latest > current:
        return None
    return latest_version


def check_now(
    current_version: str,
    cache_file: Path,
    now: datetime,
    *,
    url: str = DEFAULT_RELEASES_URL,
    fetch: Fetch = fetch_latest_version,
) -> str | None:
    """The synchronous check: the newer release, or ``None``. Raises on fetch failures."""
    if _parse(current_version) is None:
        return None
    cached = read_cache(cache_file)
    if cached is not None and cached.is_fresh(now):
        logger.debug("update check cache hit latest=%s", cached.latest_version)
        latest = cached.latest_version
    else:
        latest = fetch(url)
        write_cache(cache_file, CacheEntry(checked_at=now, latest_version=latest))
        logger.debug("update check fetched latest=%s", latest)
    return latest_if_newer(current_version, latest)


class UpdateCheck:
    """A running (or finished) check; :meth:`result` never raises."""

    def __init__(self, target: Callable[[], str | None] | None = None) -> None:
        self._value: str | None = None
        self._done = threading.Event()
        if target is None:
            self._done.set()
            return

        def body() -> None:
            try:
                self._value = target()
            except Exception as exc:  # any failure means "no notice" (09 §5.1)
                logger.debug("update check failed error=%s", exc)
            finally:
                self._done.set()

        self._thread = threading.Thread(target=body, name="pacto-update-check", daemon=True)
        self._thread.start()

    def result(self, timeout: float = NOTICE_WAIT_SECONDS) -> str | None:
        """The newer version if the check finished within ``timeout`` seconds, else ``None``."""
        if not self._done.wait(timeout):
            logger.debug("update check abandoned waited=%s", timeout)
            return None
        return self._value


def start_check(
    env: Mapping[str, str],
    current_version: str,
    cache_file: Path,
    now: datetime,
    *,
    interactive: bool = True,
    fetch: Fetch = fetch_latest_version,
) -> UpdateCheck:
    """Start the check in the background; a disabled check (dev build, opted out, or a run
    that is not ``interactive``) finishes at once with no result."""
    if not interactive or not is_enabled(env, current_version):
        return UpdateCheck()
    url = releases_url(env)
    return UpdateCheck(lambda: check_now(current_version, cache_file, now, url=url, fetch=fetch))


def format_notice(current_version: str, latest_version: str) -> str:
    """The stderr notice (a leading empty line, then two lines)."""
    return (
        f"\nA new version of pacto is available: {current_version} -> {latest_version}\n"
        "Run 'pacto update' to update."
    )
