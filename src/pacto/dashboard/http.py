"""HTTP plumbing of the dashboard server: the problem-details error envelope, CORS, the
request-body cap (pure ASGI middleware, no per-request framework cost) and the packaged UI
files (10-dashboard.md §12.1)."""

from __future__ import annotations

import mimetypes
from collections.abc import Awaitable, Callable, MutableMapping
from importlib import resources
from pathlib import Path
from typing import Any

from starlette.responses import Response

from pacto.dashboard.wire import encode

__all__ = [
    "MAX_BODY_BYTES",
    "PROBLEM",
    "STATUS_TITLES",
    "BodyLimitMiddleware",
    "CORSMiddleware",
    "problem",
    "static_file",
]

MAX_BODY_BYTES = 64 * 1024
PROBLEM = "application/problem+json"
STATUS_TITLES = {
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Request Entity Too Large",
    422: "Unprocessable Entity",
    500: "Internal Server Error",
    502: "Bad Gateway",
}

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def problem(
    status: int,
    detail: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """An RFC 9457 problem response (the one error envelope, pinned by a test)."""
    body: dict[str, Any] = {
        "title": STATUS_TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    return Response(content=encode(body), status_code=status, media_type=PROBLEM, headers=headers)


_CORS_HEADERS = [
    (b"access-control-allow-origin", b"*"),
    (b"access-control-allow-methods", b"GET, POST, OPTIONS"),
    (b"access-control-allow-headers", b"Content-Type"),
]


class CORSMiddleware:
    """Adds the three CORS headers to every response; any ``OPTIONS`` is ``204`` at once."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            await send({"type": "http.response.start", "status": 204, "headers": _CORS_HEADERS})
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_CORS_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_cors)


class BodyLimitMiddleware:
    """Refuses request bodies over ``limit`` bytes with ``413`` before any handler runs."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem(413, f"request body exceeds {self.limit} bytes")
        await response(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = self.limit + 1
                if declared > self.limit:
                    await self._refuse(scope, receive, send)
                    return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


# The UI's own file types, fixed rather than taken from the platform's MIME table (which on
# some systems maps ``.js`` to ``text/plain``, and browsers refuse module scripts served so).
_MEDIA_TYPES = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
}


def _static_root() -> Any:
    return resources.files("pacto.dashboard").joinpath("static")


def static_file(path: str) -> tuple[bytes, str] | None:
    """The content and type of a file of the packaged UI; ``None`` for anything else.

    Only clean relative paths are looked up (no empty, ``.`` or ``..`` parts, no backslash or
    NUL), and a file that resolves outside the static directory is refused.
    """
    path = path or "index.html"
    parts = path.split("/")
    if any(p in ("", ".", "..") or "\\" in p or "\x00" in p or ":" in p for p in parts):
        return None
    root = _static_root()
    resource = root.joinpath(*parts)
    if isinstance(resource, Path) and isinstance(root, Path):
        try:
            resource.resolve().relative_to(root.resolve())
        except (OSError, ValueError):
            return None
    try:
        if not resource.is_file():
            return None
        data = resource.read_bytes()
    except OSError:
        return None
    media_type = _MEDIA_TYPES.get(Path(parts[-1]).suffix.lower())
    if media_type is None:
        media_type = mimetypes.guess_type(parts[-1])[0] or "application/octet-stream"
    return data, media_type
