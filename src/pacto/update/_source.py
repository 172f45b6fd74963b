"""Where releases are announced: the package index's JSON API (09 §6 item 7).

``GET <index>/pypi/pacto-cli/json`` → ``info.version`` is the latest release;
``GET <index>/pypi/pacto-cli/<version>/json`` answers 404 for a version that does not exist.
``PACTO_UPDATE_URL`` replaces the first URL (tests point it at a loopback server); the
per-version URL is derived from it by inserting the version before the final ``/json``.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from pacto import __version__

__all__ = [
    "DEFAULT_RELEASES_URL",
    "DISTRIBUTION",
    "HTTP_TIMEOUT_SECONDS",
    "ReleaseNotFoundError",
    "ReleaseSourceError",
    "fetch_latest_version",
    "release_exists",
    "version_url",
]

logger = logging.getLogger(__name__)

DISTRIBUTION = "pacto-cli"
DEFAULT_RELEASES_URL = f"https://pypi.org/pypi/{DISTRIBUTION}/json"
HTTP_TIMEOUT_SECONDS = 5.0
_MAX_BODY = 16 * 1024 * 1024


class ReleaseSourceError(Exception):
    """The index could not be asked, or answered something unusable."""


class ReleaseNotFoundError(ReleaseSourceError):
    """The index has no such release (HTTP 404)."""


def _get(url: str, timeout: float) -> Any:
    # Imported here: the check starts on every interactive run, and urllib.request costs ~65 ms.
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        url,
        headers={"Accept": "application/json", "User-Agent": f"pacto/{__version__}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = response.status
            body = response.read(_MAX_BODY + 1)
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise ReleaseNotFoundError("not found") from exc
        raise ReleaseSourceError(f"package index returned status {exc.code}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ReleaseSourceError(str(reason)) from exc
    if status != 200:
        raise ReleaseSourceError(f"package index returned status {status}")
    if len(body) > _MAX_BODY:
        raise ReleaseSourceError("package index response too large")
    try:
        return json.loads(body)
    except ValueError as exc:
        raise ReleaseSourceError(f"invalid package index response: {exc}") from exc


def fetch_latest_version(
    url: str = DEFAULT_RELEASES_URL, *, timeout: float = HTTP_TIMEOUT_SECONDS
) -> str:
    """``info.version`` of the project document. Raises :class:`ReleaseSourceError`."""
    logger.debug("fetching latest release url=%s", url)
    document = _get(url, timeout)
    info = document.get("info") if isinstance(document, dict) else None
    version = info.get("version") if isinstance(info, dict) else None
    if not isinstance(version, str) or not version:
        raise ReleaseSourceError("empty version in package index response")
    return version


def version_url(url: str, version: str) -> str:
    """``…/pacto-cli/json`` → ``…/pacto-cli/<version>/json``."""
    base = url[: -len("/json")] if url.endswith("/json") else url.rstrip("/")
    return f"{base}/{version}/json"


def release_exists(url: str, version: str, *, timeout: float = HTTP_TIMEOUT_SECONDS) -> None:
    """Raises :class:`ReleaseNotFoundError` (404) or :class:`ReleaseSourceError`."""
    _get(version_url(url, version), timeout)
