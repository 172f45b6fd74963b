"""Finding and running ``pacto-plugin-<name>`` executables (09-plugins-doc-mcp.md §1.1, §1.3).

Beyond the reference (§6.1): a time limit (the process group is killed when it expires), a cap
on stdout (killed when exceeded) and on retained stderr, and stderr quoted in every failure.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol, runtime_checkable

from pacto.plugin._protocol import PluginRequest, PluginResponse, decode_response
from pacto.plugin.errors import (
    PluginFailedError,
    PluginNotFoundError,
    PluginOutputError,
    PluginTimeoutError,
)

__all__ = [
    "DEFAULT_MAX_OUTPUT_BYTES",
    "DEFAULT_TIMEOUT_SECONDS",
    "PLUGIN_PREFIX",
    "PluginRunner",
    "SubprocessRunner",
    "format_seconds",
]

logger = logging.getLogger(__name__)

PLUGIN_PREFIX = "pacto-plugin-"
DEFAULT_TIMEOUT_SECONDS = 60.0
DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024 * 1024
_MAX_STDERR_BYTES = 64 * 1024
_STDERR_IN_MESSAGES = 4000
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_CHUNK = 65536


@runtime_checkable
class PluginRunner(Protocol):
    """The port the application uses to run a generator plugin."""

    def run(
        self, name: str, request: PluginRequest, *, timeout: float | None = None
    ) -> PluginResponse:
        """Run plugin ``name`` on ``request``. ``timeout`` overrides the runner's default;
        ``0`` or a negative value means no limit. Raises :class:`~pacto.plugin.PluginError`."""
        ...


@dataclass
class _Capture:
    limit: int
    keep_tail: bool
    data: bytearray
    overflow: bool = False


class SubprocessRunner:
    """Runs plugins as child processes: argv only (no shell), no arguments, the environment and
    working directory inherited (or ``env`` when given), stdout and stderr captured.

    ``path`` is the ``PATH`` string to search; ``plugins_dir`` the fallback directory.
    """

    def __init__(
        self,
        *,
        path: str,
        plugins_dir: Path,
        timeout: float | None = DEFAULT_TIMEOUT_SECONDS,
        max_output_bytes: int = DEFAULT_MAX_OUTPUT_BYTES,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.path = path
        self.plugins_dir = Path(plugins_dir)
        self.timeout = timeout
        self.max_output_bytes = max_output_bytes
        self.env = dict(env) if env is not None else None

    def find(self, name: str) -> str:
        """The executable for plugin ``name``: the first match on ``PATH``, else
        ``<plugins_dir>/pacto-plugin-<name>``. Raises :class:`PluginNotFoundError`."""
        binary = PLUGIN_PREFIX + name
        logger.debug("discovering plugin binary plugin=%s binary=%s", name, binary)
        if not _NAME.match(name):
            raise PluginNotFoundError(
                f'invalid plugin name "{name}": use letters, digits, ".", "_" and "-"',
                plugin=name,
            )
        for directory in self.path.split(os.pathsep):
            if not directory:
                continue
            found = shutil.which(binary, path=directory)
            if found:
                logger.debug("plugin binary found plugin=%s path=%s", name, found)
                return found
        candidate = self.plugins_dir / binary
        if candidate.exists() and not candidate.is_dir():
            logger.debug("plugin binary found plugin=%s path=%s", name, candidate)
            return str(candidate)
        raise PluginNotFoundError(
            f'plugin "{name}" not found (looked for {binary} in $PATH and {self.plugins_dir}/)',
            plugin=name,
        )

    def run(
        self, name: str, request: PluginRequest, *, timeout: float | None = None
    ) -> PluginResponse:
        executable = self.find(name)
        limit = self.timeout if timeout is None else timeout
        if limit is not None and limit <= 0:
            limit = None
        logger.debug("executing plugin plugin=%s path=%s timeout=%s", name, executable, limit)
        started = time.monotonic()
        outcome = _execute(
            [executable],
            request.encode(),
            timeout=limit,
            max_output=self.max_output_bytes,
            env=self.env,
            plugin=name,
        )
        logger.debug(
            "plugin exited plugin=%s code=%s seconds=%.3f stdout_bytes=%d",
            name,
            outcome.returncode,
            time.monotonic() - started,
            len(outcome.stdout),
        )
        stderr = outcome.stderr.decode("utf-8", "replace").strip()
        if outcome.timed_out:
            raise PluginTimeoutError(
                f"plugin {name}: timed out after {format_seconds(limit or 0)}"
                + _stderr_suffix(stderr),
                plugin=name,
                stderr=stderr,
            )
        if outcome.overflow:
            raise PluginOutputError(
                f"plugin {name}: output exceeds the {_format_bytes(self.max_output_bytes)} limit"
                + _stderr_suffix(stderr),
                plugin=name,
            )
        if outcome.returncode != 0:
            reason = stderr or _exit_status(outcome.returncode)
            raise PluginFailedError(
                f"plugin {name}: {reason}",
                plugin=name,
                exit_code=outcome.returncode,
                stderr=stderr,
            )
        try:
            return decode_response(bytes(outcome.stdout))
        except ValueError as exc:
            raise PluginOutputError(
                f"plugin {name} returned invalid output: {exc}" + _stderr_suffix(stderr),
                plugin=name,
            ) from exc


@dataclass
class _Outcome:
    returncode: int
    stdout: bytearray
    stderr: bytearray
    timed_out: bool
    overflow: bool


def _execute(
    argv: list[str],
    stdin: bytes,
    *,
    timeout: float | None,
    max_output: int,
    env: Mapping[str, str] | None,
    plugin: str,
) -> _Outcome:
    posix = sys.platform != "win32"
    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=dict(env) if env is not None else None,
            # A new session lets us kill the plugin together with anything it spawned.
            start_new_session=posix,
        )
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise PluginFailedError(
            f"plugin {plugin}: cannot execute {argv[0]}: {reason}", plugin=plugin
        ) from exc
    assert process.stdin is not None and process.stdout is not None
    assert process.stderr is not None
    stdout = _Capture(limit=max_output, keep_tail=False, data=bytearray())
    stderr = _Capture(limit=_MAX_STDERR_BYTES, keep_tail=True, data=bytearray())

    def kill() -> None:
        try:
            if posix:
                os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
        except (ProcessLookupError, PermissionError, OSError):
            pass

    threads = [
        threading.Thread(target=_feed, args=(process.stdin, stdin), daemon=True),
        threading.Thread(target=_drain, args=(process.stdout, stdout, kill), daemon=True),
        threading.Thread(target=_drain, args=(process.stderr, stderr, None), daemon=True),
    ]
    for thread in threads:
        thread.start()
    timed_out = False
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        kill()
        process.wait()
    except BaseException:
        kill()
        process.wait()
        raise
    for thread in threads:
        # Descendants that escaped the kill may still hold the pipes; never wait forever.
        thread.join(timeout=5)
    for stream in (process.stdout, process.stderr):
        stream.close()
    return _Outcome(
        returncode=process.returncode,
        stdout=stdout.data,
        stderr=stderr.data,
        timed_out=timed_out,
        overflow=stdout.overflow,
    )


def _feed(stream: IO[bytes], data: bytes) -> None:
    try:
        stream.write(data)
    except (BrokenPipeError, OSError):
        pass  # the plugin need not read its input
    finally:
        with contextlib.suppress(OSError):
            stream.close()


def _drain(stream: IO[bytes], capture: _Capture, on_overflow: object) -> None:
    try:
        while True:
            chunk = stream.read1(_CHUNK) if hasattr(stream, "read1") else stream.read(_CHUNK)
            if not chunk:
                return
            if capture.keep_tail:
                capture.data += chunk
                if len(capture.data) > capture.limit:
                    del capture.data[: len(capture.data) - capture.limit]
                continue
            if capture.overflow:
                continue
            capture.data += chunk
            if len(capture.data) > capture.limit:
                capture.overflow = True
                del capture.data[capture.limit :]
                if callable(on_overflow):
                    on_overflow()
    except (OSError, ValueError):
        return


def format_seconds(seconds: float) -> str:
    """``60s``, ``1.5s``: the duration as the CLI shows it."""
    if float(seconds).is_integer():
        return f"{int(seconds)}s"
    return f"{seconds:g}s"


def _format_bytes(size: int) -> str:
    if size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MiB"
    if size % 1024 == 0:
        return f"{size // 1024} KiB"
    return f"{size} bytes"


def _exit_status(code: int) -> str:
    if code < 0:
        try:
            return f"signal: {signal.Signals(-code).name}"
        except ValueError:
            return f"signal: {-code}"
    return f"exit status {code}"


def _stderr_suffix(stderr: str) -> str:
    if not stderr:
        return ""
    if len(stderr) > _STDERR_IN_MESSAGES:
        stderr = "…" + stderr[-_STDERR_IN_MESSAGES:]
    return f"\nplugin stderr:\n{stderr}"
