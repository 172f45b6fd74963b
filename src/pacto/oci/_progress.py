"""Transfer progress: a small protocol the client reports to, and a Rich implementation.

The registry client only calls :class:`Progress`; :func:`terminal_progress` returns a Rich
progress display on stderr when stderr is a terminal, and ``None`` otherwise (CI logs, JSON
mode, pipes). Rich is imported only then, so non-interactive runs never pay for it.
"""

from __future__ import annotations

from typing import IO, Any, Protocol

__all__ = ["NullProgress", "Progress", "ProgressTask", "terminal_progress"]


class ProgressTask(Protocol):
    def advance(self, amount: int) -> None: ...

    def finish(self) -> None: ...


class Progress(Protocol):
    """Creates one task per transferred blob."""

    def task(self, description: str, total: int) -> ProgressTask: ...

    def close(self) -> None: ...


class _NullTask:
    def advance(self, amount: int) -> None:
        return None

    def finish(self) -> None:
        return None


class NullProgress:
    """Reports nowhere (the default)."""

    def task(self, description: str, total: int) -> ProgressTask:
        return _NullTask()

    def close(self) -> None:
        return None


class _RichTask:
    def __init__(self, progress: Any, task_id: Any) -> None:
        self._progress = progress
        self._task_id = task_id

    def advance(self, amount: int) -> None:
        self._progress.advance(self._task_id, amount)

    def finish(self) -> None:
        task = self._progress.tasks[self._task_id]
        if task.total is not None:
            self._progress.update(self._task_id, completed=task.total)


class _RichProgress:
    def __init__(self, stream: IO[str]) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TransferSpeedColumn,
        )

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            console=Console(file=stream),
            transient=True,
        )
        self._progress.start()

    def task(self, description: str, total: int) -> ProgressTask:
        return _RichTask(self._progress, self._progress.add_task(description, total=total))

    def close(self) -> None:
        self._progress.stop()


def terminal_progress(stream: IO[str], *, enabled: bool = True) -> Progress | None:
    """A Rich progress display on ``stream`` when it is a terminal and ``enabled``, else
    ``None``."""
    if not enabled:
        return None
    try:
        is_terminal = stream.isatty()
    except (AttributeError, ValueError):
        return None
    if not is_terminal:
        return None
    return _RichProgress(stream)
