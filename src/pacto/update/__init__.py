"""The update check and ``pacto update`` (09-plugins-doc-mcp.md §5, adapted to a Python
distribution: releases come from the package index's JSON API, §6 item 7).

:func:`start_check` runs the check on a daemon thread; :meth:`UpdateCheck.result` waits at
most 200 ms; :func:`format_notice` is the stderr notice. :func:`self_update` resolves,
verifies and (with ``--yes``) installs a release through the installer pacto runs from.

Sits above the application layer; the CLI passes everything in (environment, version, cache
path, clock). Imports only the standard library's HTTP client, to stay cheap at start-up.
"""

from pacto.update._cache import FRESH_FOR, CacheEntry, read_cache, write_cache
from pacto.update._check import (
    NOTICE_WAIT_SECONDS,
    UpdateCheck,
    check_now,
    format_notice,
    is_enabled,
    latest_if_newer,
    releases_url,
    start_check,
)
from pacto.update._install import (
    DEV_BUILD_MESSAGE,
    Installation,
    InstallKind,
    UpdateOptions,
    UpdateResult,
    detect_installation,
    ensure_updatable,
    run_command,
    self_update,
    shell_command,
    upgrade_command,
)
from pacto.update._source import (
    DEFAULT_RELEASES_URL,
    DISTRIBUTION,
    ReleaseNotFoundError,
    ReleaseSourceError,
    fetch_latest_version,
    release_exists,
)
from pacto.update.errors import UpdateError

__all__ = [
    "DEFAULT_RELEASES_URL",
    "DEV_BUILD_MESSAGE",
    "DISTRIBUTION",
    "FRESH_FOR",
    "NOTICE_WAIT_SECONDS",
    "CacheEntry",
    "InstallKind",
    "Installation",
    "ReleaseNotFoundError",
    "ReleaseSourceError",
    "UpdateCheck",
    "UpdateError",
    "UpdateOptions",
    "UpdateResult",
    "check_now",
    "detect_installation",
    "ensure_updatable",
    "fetch_latest_version",
    "format_notice",
    "is_enabled",
    "latest_if_newer",
    "read_cache",
    "release_exists",
    "releases_url",
    "run_command",
    "self_update",
    "shell_command",
    "start_check",
    "upgrade_command",
    "write_cache",
]
