"""``pacto update [version]``: upgrade the installation pacto runs from (09 §5.3).

The Python port replaces a distribution, not a binary: the release must exist on the package
index, and the upgrade is the installer's own command for the environment pacto runs in —
``pipx install --force``, ``uv tool install --force`` or ``<python> -m pip install --upgrade``
(``uv pip install --python <python>`` in a uv-made environment without pip). Without ``--yes``
the command is only printed.
"""

from __future__ import annotations

import enum
import json
import logging
import shlex
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from pacto.update._cache import CacheEntry, write_cache
from pacto.update._source import (
    DISTRIBUTION,
    ReleaseNotFoundError,
    ReleaseSourceError,
    fetch_latest_version,
    release_exists,
)
from pacto.update.errors import UpdateError

__all__ = [
    "DEV_BUILD_MESSAGE",
    "InstallKind",
    "Installation",
    "UpdateOptions",
    "UpdateResult",
    "detect_installation",
    "ensure_updatable",
    "run_command",
    "self_update",
    "shell_command",
    "upgrade_command",
]

logger = logging.getLogger(__name__)

DEV_BUILD_MESSAGE = (
    "cannot update a dev build; install a release build from "
    f"https://pypi.org/project/{DISTRIBUTION}/"
)


class InstallKind(enum.StrEnum):
    PIP = "pip"
    UV_PIP = "uv-pip"
    PIPX = "pipx"
    UV_TOOL = "uv-tool"
    EDITABLE = "editable"


@dataclass(frozen=True, slots=True, kw_only=True)
class Installation:
    kind: InstallKind
    python: str
    """The interpreter pacto runs on (``sys.executable``)."""
    uv: str = ""
    """Path of ``uv`` when the kind needs it."""
    source: str = ""
    """The source directory of an editable install."""


def _editable_source(distribution: str) -> str | None:
    from importlib import metadata

    try:
        text = metadata.distribution(distribution).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if not text:
        return None
    try:
        document = json.loads(text)
    except ValueError:
        return None
    if isinstance(document, dict) and (document.get("dir_info") or {}).get("editable"):
        url = str(document.get("url", ""))
        return url[len("file://") :] if url.startswith("file://") else url
    return None


def detect_installation(
    *, python: str, prefix: str, path: str, distribution: str = DISTRIBUTION
) -> Installation:
    """How the running pacto was installed, from the interpreter's ``sys.prefix`` and ``PATH``."""
    source = _editable_source(distribution)
    if source is not None:
        return Installation(kind=InstallKind.EDITABLE, python=python, source=source)
    root = Path(prefix)
    parts = [p.lower() for p in root.parts]
    if (root / "pipx_metadata.json").is_file() or ("pipx" in parts and "venvs" in parts):
        return Installation(kind=InstallKind.PIPX, python=python)
    uv = shutil.which("uv", path=path) or ""
    if (root / "uv-receipt.toml").is_file() or ("uv" in parts and "tools" in parts):
        return Installation(kind=InstallKind.UV_TOOL, python=python, uv=uv or "uv")
    has_pip = any((Path(python).parent / name).exists() for name in ("pip", "pip3", "pip.exe"))
    if not has_pip and uv:
        return Installation(kind=InstallKind.UV_PIP, python=python, uv=uv)
    return Installation(kind=InstallKind.PIP, python=python)


def ensure_updatable(current_version: str, installation: Installation) -> None:
    """Raises :class:`UpdateError` for a ``dev`` build or an editable (source) install."""
    if current_version == "dev" or installation.kind is InstallKind.EDITABLE:
        where = f" (editable install from {installation.source})" if installation.source else ""
        raise UpdateError(DEV_BUILD_MESSAGE + where)


def upgrade_command(installation: Installation, version: str) -> list[str]:
    """The argv that installs ``pacto-cli==<version>`` into ``installation``."""
    requirement = f"{DISTRIBUTION}=={version}"
    if installation.kind is InstallKind.PIPX:
        return ["pipx", "install", "--force", requirement]
    if installation.kind is InstallKind.UV_TOOL:
        return [installation.uv or "uv", "tool", "install", "--force", requirement]
    if installation.kind is InstallKind.UV_PIP:
        return [installation.uv, "pip", "install", "--python", installation.python, requirement]
    if installation.kind is InstallKind.EDITABLE:
        raise UpdateError(DEV_BUILD_MESSAGE)
    return [installation.python, "-m", "pip", "install", "--upgrade", requirement]


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateOptions:
    current_version: str
    target: str = ""
    """Requested version, with or without ``v``; empty means the latest release."""
    url: str
    """The releases JSON URL (``PACTO_UPDATE_URL`` or the index)."""
    cache_file: Path
    run: bool = False
    """Run the upgrade command (``--yes``); otherwise only plan it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateResult:
    previous: str
    target: str
    """Without ``v`` (package index versions have none)."""
    command: tuple[str, ...]
    ran: bool = False

    @property
    def display_target(self) -> str:
        """The target as the reference prints it, always with a ``v``."""
        return f"v{self.target}"


Runner = Callable[[Sequence[str]], int]


def run_command(argv: Sequence[str], *, stdout: IO[str] | None = None) -> int:
    """Run the installer, its output on ``stdout`` (the CLI passes stderr)."""
    import subprocess

    logger.debug("running upgrade command argv=%s", list(argv))
    try:
        return subprocess.run(list(argv), stdout=stdout, check=False).returncode
    except OSError as exc:
        raise UpdateError(f"failed to run {argv[0]}: {exc.strerror or exc}") from exc


def self_update(
    options: UpdateOptions,
    installation: Installation,
    now: datetime,
    *,
    fetch_latest: Callable[[str], str] = fetch_latest_version,
    check_release: Callable[[str, str], None] = release_exists,
    run: Runner = run_command,
) -> UpdateResult:
    """Resolve the target, check it exists, plan (and with ``options.run`` run) the upgrade,
    then record the target in the update cache. Raises :class:`UpdateError`."""
    ensure_updatable(options.current_version, installation)
    target = options.target
    if not target:
        try:
            target = fetch_latest(options.url)
        except ReleaseSourceError as exc:
            raise UpdateError(f"failed to determine latest version: {exc}") from exc
    target = target[1:] if target.startswith(("v", "V")) else target
    try:
        check_release(options.url, target)
    except ReleaseNotFoundError as exc:
        raise UpdateError(f"release v{target} not found") from exc
    except ReleaseSourceError as exc:
        message = str(exc)
        if not message.startswith("package index returned status"):
            message = f"failed to check release: {message}"
        raise UpdateError(message) from exc
    command = tuple(upgrade_command(installation, target))
    if not options.run:
        return UpdateResult(previous=options.current_version, target=target, command=command)
    code = run(command)
    if code != 0:
        raise UpdateError(
            f"upgrade command failed with exit status {code}: {shell_command(command)}"
        )
    write_cache(options.cache_file, CacheEntry(checked_at=now, latest_version=target))
    return UpdateResult(previous=options.current_version, target=target, command=command, ran=True)


def shell_command(argv: Sequence[str]) -> str:
    """``argv`` as one line a user can paste into a POSIX shell."""
    return " ".join(shlex.quote(a) for a in argv)
