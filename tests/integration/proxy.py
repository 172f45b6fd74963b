"""A loopback HTTP proxy in front of a registry that injects faults: error statuses, connection
resets, delays and corrupted bodies, each for the next N matching requests. ``stop()`` makes
the "registry" unreachable (offline tests)."""

from __future__ import annotations

import http.client
import re
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.integration.registry import free_port

_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
    "content-length",
}


@dataclass
class Rule:
    method: str
    path: str
    action: str
    """``status:503``, ``status:429:2`` (with Retry-After), ``reset``, ``delay:<seconds>``,
    ``corrupt``"""
    times: int = 1


@dataclass
class FaultProxy:
    upstream: str
    port: int = 0
    rules: list[Rule] = field(default_factory=list)
    seen: list[tuple[str, str, int]] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def add(self, method: str, path: str, action: str, times: int = 1) -> None:
        with self._lock:
            self.rules.append(Rule(method, path, action, times))

    def _take(self, method: str, path: str) -> str | None:
        with self._lock:
            for rule in self.rules:
                if rule.times > 0 and rule.method in (method, "*") and re.search(rule.path, path):
                    rule.times -= 1
                    return rule.action
        return None

    def start(self) -> FaultProxy:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                return None

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                action = owner._take(self.command, self.path)
                if action == "reset":
                    owner.seen.append((self.command, self.path, -1))
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                    self.connection.close()
                    self.close_connection = True
                    return
                if action and action.startswith("status:"):
                    parts = action.split(":")
                    status = int(parts[1])
                    owner.seen.append((self.command, self.path, status))
                    payload = b'{"errors":[{"code":"UNAVAILABLE","message":"injected"}]}'
                    self.send_response(status)
                    if len(parts) > 2:
                        self.send_header("Retry-After", parts[2])
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(payload)
                    return
                if action and action.startswith("delay:"):
                    time.sleep(float(action.split(":", 1)[1]))
                upstream = http.client.HTTPConnection(owner.upstream, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
                if body or self.command in ("PUT", "POST", "PATCH"):
                    headers["Content-Length"] = str(len(body))
                upstream.request(self.command, self.path, body=body or None, headers=headers)
                response = upstream.getresponse()
                data = response.read()
                upstream.close()
                if action == "corrupt" and data:
                    mutable = bytearray(data)
                    mutable[len(mutable) // 2] ^= 0xFF
                    data = bytes(mutable)
                owner.seen.append((self.command, self.path, response.status))
                self.send_response(response.status)
                for key, value in response.getheaders():
                    if key.lower() not in _HOP_BY_HOP:
                        self.send_header(key, value)
                declared = response.getheader("Content-Length")
                self.send_header(
                    "Content-Length",
                    declared if self.command == "HEAD" and declared else str(len(data)),
                )
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_HEAD = do_PUT = do_POST = do_PATCH = do_DELETE = _handle  # noqa: N815

        self.port = self.port or free_port()
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
