"""Writing a plugin's files under the output directory, and nowhere else (09 §1.4 step 6)."""

from __future__ import annotations

import logging
import os
import posixpath
from collections.abc import Iterable
from pathlib import Path

from pacto.plugin._protocol import GeneratedFile
from pacto.plugin.errors import PluginFileError

__all__ = ["write_files"]

logger = logging.getLogger(__name__)

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def write_files(output_dir: Path, files: Iterable[GeneratedFile], *, plugin: str = "") -> list[str]:
    """Write each file under ``output_dir`` in order; returns the paths written.

    A leading ``/`` does not make a path absolute: it is stripped and the rest joined under the
    output directory (the reference's behaviour, made safe). A path whose cleaned form leaves
    the directory, or that contains ``..`` at all, is refused; so is a path whose real location
    leaves the directory through a symbolic link. The first error aborts; files already written
    stay. Raises :class:`PluginFileError`.
    """
    root = Path(output_dir).absolute()
    real_root = os.path.realpath(root)
    written: list[str] = []
    for item in files:
        relative = _checked_relative(item.path, plugin)
        target = root.joinpath(*relative.split("/"))
        # Checked before and after creating directories: an existing symbolic link inside the
        # output directory must not carry the write (or the mkdir) elsewhere.
        _check_inside(real_root, target.parent, item.path, plugin)
        try:
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
        except OSError as exc:
            raise PluginFileError(
                f"failed to create directory for {item.path}: {exc.strerror or exc}",
                plugin=plugin,
                path=item.path,
            ) from exc
        _check_inside(real_root, target.parent, item.path, plugin)
        _write(target, item.content.encode("utf-8"), item.path, plugin)
        logger.debug("plugin file written plugin=%s path=%s", plugin, target)
        written.append(str(target))
    return written


def _check_inside(real_root: str, directory: Path, shown: str, plugin: str) -> None:
    real = os.path.realpath(directory)
    if real != real_root and not real.startswith(real_root + os.sep):
        raise PluginFileError(
            f'plugin file path "{shown}" escapes output directory', plugin=plugin, path=shown
        )


def _checked_relative(path: str, plugin: str) -> str:
    if "\x00" in path:
        raise PluginFileError(
            f'plugin file path "{path!r}" contains a NUL byte', plugin=plugin, path=path
        )
    stripped = path.replace("\\", "/") if os.sep == "\\" else path
    stripped = stripped.lstrip("/")
    if os.sep == "\\" and len(stripped) > 1 and stripped[1] == ":":
        raise PluginFileError(
            f'plugin file path "{path}" escapes output directory', plugin=plugin, path=path
        )
    cleaned = posixpath.normpath(stripped) if stripped else "."
    if cleaned == ".." or cleaned.startswith("../"):
        raise PluginFileError(
            f'plugin file path "{path}" escapes output directory', plugin=plugin, path=path
        )
    if ".." in path:
        raise PluginFileError(
            f'plugin file path "{path}" contains path traversal', plugin=plugin, path=path
        )
    if cleaned == ".":
        raise PluginFileError(
            f'plugin file path "{path}" does not name a file', plugin=plugin, path=path
        )
    return cleaned


def _write(target: Path, data: bytes, shown: str, plugin: str) -> None:
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NOFOLLOW, 0o644)
    except OSError as exc:
        raise PluginFileError(
            f"failed to write {shown}: {exc.strerror or exc}", plugin=plugin, path=shown
        ) from exc
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        target.chmod(0o644)
    except OSError as exc:
        raise PluginFileError(
            f"failed to write {shown}: {exc.strerror or exc}", plugin=plugin, path=shown
        ) from exc
