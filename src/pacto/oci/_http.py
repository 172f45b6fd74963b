"""httpx, imported without its command-line module, and the TLS contexts of the client.

Start-up cost matters for one-shot CLI commands (``pacto pull`` runs next to ``skopeo copy``),
so this module trims what a registry client does not need:

* ``import httpx`` also imports ``httpx._main``, httpx's own command-line client, which pulls
  in rich, pygments and click (about 30 ms). The import below blocks that one submodule (httpx
  then defines a stub ``httpx.main``, as it does when its CLI extras are missing) and unblocks
  it straight after, so a later explicit ``import httpx._main`` still works.
* Loading the CA bundle costs about 20 ms. :class:`LazyTrustContext` loads it on the first TLS
  handshake instead of when the client is built, so runs that only speak plain HTTP (a
  loopback registry) never pay for it. The trust store is the one httpx would use:
  ``SSL_CERT_FILE``, else ``SSL_CERT_DIR``, else certifi's bundle.
* :class:`ThreadLocalTransport` gives each thread its own connection pool. httpcore's pool
  looks at every pooled connection (a ``poll`` each for idle ones) when a request starts and
  when a response is closed, under one lock: with 16 graph threads sharing one pool, that
  bookkeeping cost more than the requests' own work.
* :func:`probe_context` verifies against an *empty* trust store. The client sends its first
  ``https://`` request to a registry that may fall back to plain HTTP (07-oci.md §4.1) through
  it: a plain-HTTP server fails the handshake before any certificate is looked at (fall back),
  a TLS server fails certificate verification (:func:`rejected_certificate`), and the request
  is then sent again with the real trust store. No request can succeed through the probe, so
  it never weakens verification.
"""

from __future__ import annotations

import os
import ssl
import sys
import threading
import weakref
from collections.abc import Callable
from typing import Any

__all__ = [
    "LazyTrustContext",
    "ThreadLocalTransport",
    "httpx",
    "probe_context",
    "rejected_certificate",
]


def _import_httpx_without_cli() -> None:
    if "httpx" in sys.modules or "httpx._main" in sys.modules:
        return
    sys.modules["httpx._main"] = None  # type: ignore[assignment]  # makes its import fail fast
    try:
        import httpx  # noqa: F401
    finally:
        if "httpx._main" in sys.modules and sys.modules["httpx._main"] is None:
            del sys.modules["httpx._main"]


_import_httpx_without_cli()

import httpx  # noqa: E402  # after the guarded first import above


class LazyTrustContext(ssl.SSLContext):
    """A verifying client context (``CERT_REQUIRED``, host name checks) whose trust store is
    loaded on the first handshake; thread-safe."""

    _trust_lock: threading.Lock
    _trust_loaded: bool

    def __new__(cls, *args: Any, **kwargs: Any) -> LazyTrustContext:
        context = super().__new__(cls, ssl.PROTOCOL_TLS_CLIENT)
        context._trust_lock = threading.Lock()
        context._trust_loaded = False
        keylog = os.environ.get("SSLKEYLOGFILE")
        if keylog and not sys.flags.ignore_environment:
            context.keylog_filename = keylog  # as ssl.create_default_context does
        return context

    @property
    def trust_loaded(self) -> bool:
        return self._trust_loaded

    def load_trust(self) -> None:
        """Load the trust store now (once)."""
        if self._trust_loaded:
            return
        with self._trust_lock:
            if self._trust_loaded:
                return
            if os.environ.get("SSL_CERT_FILE"):
                self.load_verify_locations(cafile=os.environ["SSL_CERT_FILE"])
            elif os.environ.get("SSL_CERT_DIR"):
                self.load_verify_locations(capath=os.environ["SSL_CERT_DIR"])
            else:
                import certifi

                self.load_verify_locations(cafile=certifi.where())
            self._trust_loaded = True

    def wrap_socket(self, *args: Any, **kwargs: Any) -> Any:
        self.load_trust()
        return super().wrap_socket(*args, **kwargs)

    def wrap_bio(self, *args: Any, **kwargs: Any) -> Any:
        self.load_trust()
        return super().wrap_bio(*args, **kwargs)


def probe_context() -> ssl.SSLContext:
    """A verifying client context that trusts nothing (see the module docstring)."""
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def rejected_certificate(exc: BaseException) -> bool:
    """Whether ``exc`` (an httpx transport error) was caused by certificate verification, i.e.
    the peer completed its side of a TLS handshake."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ssl.SSLCertVerificationError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


class _Slot:
    """What a thread keeps in its thread-local storage: dropped (and its transport closed) when
    the thread ends."""

    def __init__(self, transport: httpx.BaseTransport) -> None:
        self.transport = transport


class ThreadLocalTransport(httpx.BaseTransport):
    """One transport per thread, made by ``factory`` on the thread's first request.

    A thread's transport is closed when the thread ends (its thread-local storage is dropped)
    or when this transport is closed, so short-lived worker pools leave no sockets behind.
    Requests and their responses must be handled on one thread, as the registry client does.
    """

    def __init__(self, factory: Callable[[], httpx.BaseTransport]) -> None:
        self._factory = factory
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: set[httpx.BaseTransport] = set()
        self._closed = False

    def _transport(self) -> httpx.BaseTransport:
        slot: _Slot | None = getattr(self._local, "slot", None)
        if slot is not None:
            return slot.transport
        transport = self._factory()
        with self._lock:
            if self._closed:
                transport.close()
                raise RuntimeError("the transport has been closed")
            self._open.add(transport)
        slot = self._local.slot = _Slot(transport)
        weakref.finalize(slot, self._release, transport)
        return transport

    def _release(self, transport: httpx.BaseTransport) -> None:
        with self._lock:
            self._open.discard(transport)
        transport.close()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._transport().handle_request(request)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            transports, self._open = list(self._open), set()
        for transport in transports:
            transport.close()
