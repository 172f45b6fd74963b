"""``pacto doc --serve``: the documentation as an HTML page on a loopback HTTP server (09 §2.3).

The Markdown is rendered to HTML here (markdown-it, CommonMark plus tables; headings get the ids
the table of contents links to) and ``mermaid`` code blocks become ``<pre class="mermaid">``
elements that Mermaid draws in the browser. Mermaid is served from package data
(``doc/static/vendor/mermaid.min.js``, built from npm by ``scripts/build-assets``, never
committed); when it is missing the page says so and shows the diagram's source instead.

Every path and method returns the page, except the Mermaid script's own path.
"""

from __future__ import annotations

import html
import logging
import re
import threading
from functools import cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from string import Template
from typing import Any

from pacto.errors import PactoError

__all__ = [
    "DEFAULT_PORT",
    "MERMAID_ASSET_PATH",
    "MISSING_MERMAID_MESSAGE",
    "DocServeError",
    "DocServer",
    "heading_id",
    "markdown_to_html",
    "mermaid_script",
    "render_page",
]

logger = logging.getLogger(__name__)

DEFAULT_PORT = 8484
MERMAID_ASSET_PATH = "/_pacto/mermaid.min.js"
MISSING_MERMAID_MESSAGE = (
    "mermaid.min.js is not installed, so diagrams are shown as Mermaid source; "
    "run scripts/build-assets to fetch it from npm"
)
_TAGS = re.compile(r"<[^>]*>")
_NOT_ID = re.compile(r"[^\w\- ]")
_SPACES = re.compile(r"\s+")


class DocServeError(PactoError):
    """The viewer cannot listen (``listen: <error>``)."""


def heading_id(text: str) -> str:
    """A heading's id: tags stripped, lower-cased, characters other than word characters,
    spaces and ``-`` removed, whitespace runs turned into ``-`` (matches the TOC anchors)."""
    stripped = _TAGS.sub("", text).lower()
    return _SPACES.sub("-", _NOT_ID.sub("", stripped).strip())


@cache
def mermaid_script() -> bytes | None:
    """The bundled Mermaid build, or ``None`` when ``scripts/build-assets`` has not run."""
    asset = resources.files("pacto.doc").joinpath("static", "vendor", "mermaid.min.js")
    try:
        return asset.read_bytes()
    except (FileNotFoundError, NotADirectoryError, OSError):
        return None


def _template(name: str) -> str:
    return resources.files("pacto.doc").joinpath("templates", name).read_text(encoding="utf-8")


def markdown_to_html(markdown: str) -> str:
    """CommonMark + tables + raw HTML (the document's ``<details>``), mermaid fences as
    ``<pre class="mermaid">``, heading ids as :func:`heading_id` computes them."""
    from markdown_it import MarkdownIt
    from markdown_it.renderer import RendererHTML

    parser = MarkdownIt("commonmark", {"html": True}).enable("table")

    def fence(renderer: RendererHTML, tokens: Any, index: int, options: Any, env: Any) -> str:
        token = tokens[index]
        if token.info.strip() == "mermaid":
            return f'<pre class="mermaid">{html.escape(token.content)}</pre>\n'
        return RendererHTML.fence(renderer, tokens, index, options, env)

    parser.add_render_rule("fence", fence)
    tokens = parser.parse(markdown)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and index + 1 < len(tokens):
            token.attrSet("id", heading_id(tokens[index + 1].content))
    rendered: str = parser.renderer.render(tokens, parser.options, {})
    return rendered


def render_page(markdown: str, title: str, *, has_mermaid: bool) -> str:
    """The complete HTML page for ``markdown``."""
    if has_mermaid:
        scripts = (
            f'<script src="{MERMAID_ASSET_PATH}"></script>\n'
            f"<script>\n{_template('mermaid-init.js')}</script>"
        )
        notice = ""
    else:
        scripts = '<script>document.body.dataset.mermaid = "missing";</script>'
        notice = (
            f'<div class="notice" role="status">{html.escape(MISSING_MERMAID_MESSAGE)}.</div>\n'
        )
    body = markdown_to_html(markdown)
    if not has_mermaid:
        body = body.replace('<pre class="mermaid">', '<pre class="mermaid is-source">')
    return Template(_template("page.html")).substitute(
        title=html.escape(title),
        style=_template("page.css"),
        notice=notice,
        body=body,
        source=html.escape(markdown),
        scripts=scripts,
    )


class DocServer:
    """Serves one rendered page on ``host:port`` (``port`` 0 picks a free one)."""

    def __init__(
        self, markdown: str, title: str, *, host: str = "127.0.0.1", port: int = DEFAULT_PORT
    ) -> None:
        self.script = mermaid_script()
        self.page = render_page(markdown, title, has_mermaid=self.script is not None).encode()
        self.host = host
        self.port = port
        self._server: ThreadingHTTPServer | None = None

    @property
    def has_mermaid(self) -> bool:
        return self.script is not None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> None:
        """Bind the socket. Raises :class:`DocServeError` (``listen: <error>``)."""
        page, script = self.page, self.script

        class Handler(_Handler):
            pass

        Handler.page, Handler.script = page, script
        try:
            self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        except OSError as exc:
            raise DocServeError(f"listen: {exc.strerror or exc}") from exc
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        logger.debug("doc server listening url=%s mermaid=%s", self.url, self.has_mermaid)

    def serve_forever(self) -> None:
        if self._server is None:
            self.start()
        assert self._server is not None
        try:
            self._server.serve_forever(poll_interval=0.2)
        finally:
            self._server.server_close()

    def serve_in_background(self) -> threading.Thread:
        """Start serving on a daemon thread (tests); stop with :meth:`shutdown`."""
        if self._server is None:
            self.start()
        thread = threading.Thread(target=self.serve_forever, daemon=True)
        thread.start()
        return thread

    def shutdown(self) -> None:
        if self._server is not None:
            self._server.shutdown()


class _Handler(BaseHTTPRequestHandler):
    page: bytes = b""
    script: bytes | None = None
    server_version = "pacto-doc"
    sys_version = ""

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _respond(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == MERMAID_ASSET_PATH and self.script is not None:
            self._send(HTTPStatus.OK, self.script, "text/javascript; charset=utf-8")
            return
        self._send(HTTPStatus.OK, self.page, "text/html; charset=utf-8")

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _respond  # noqa: N815 (http.server's naming)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("doc server request %s", format % args)
