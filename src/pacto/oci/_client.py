"""A small OCI distribution client on httpx (07-oci.md §4).

It speaks only what Pacto needs: manifest HEAD/GET/PUT, blob HEAD/GET and monolithic upload
(``POST`` then ``PUT <Location>&digest=...``), and paginated tag lists. Every request has a
timeout and carries ``User-Agent: pacto/<version>``; idempotent requests are retried with
exponential backoff and jitter on 429/5xx, connection resets and timeouts (a blob upload is
retried as a whole, starting again from its ``HEAD``). Loopback, ``*.localhost``, RFC 1918
hosts and configured insecure registries try HTTPS first and fall back to plain HTTP at the
transport level; ``plain_http`` goes straight to HTTP. That first HTTPS attempt goes through a
probe that needs no CA bundle, and the bundle is loaded on the first verified handshake only
(see :mod:`pacto.oci._http`), so a plain-HTTP registry costs no TLS set-up at all. Threads that
race to a registry nobody has contacted yet all switch to HTTP at once, without a backoff.

Every httpx exception and HTTP error status is translated here, and only here, into the typed
errors of :mod:`pacto.oci.errors`: 401/403 → authentication, 404 → not found, anything else →
unreachable.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import ssl
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pacto import __version__
from pacto.oci._auth import CONTEXT_KEY, RegistryAuth, RequestScope, TokenError
from pacto.oci._credentials import Keychain
from pacto.oci._http import (
    LazyTrustContext,
    ThreadLocalTransport,
    httpx,
    probe_context,
    rejected_certificate,
)
from pacto.oci._progress import NullProgress, Progress, ProgressTask
from pacto.oci._reference import DOCKER_HUB, Reference, is_plain_http_host
from pacto.oci.errors import (
    ArtifactNotFoundError,
    AuthenticationError,
    InvalidBundleError,
    RegistryError,
    RegistryUnreachableError,
)

__all__ = [
    "DEFAULT_TIMEOUT",
    "DOCKER_MANIFEST_LIST",
    "DOCKER_MANIFEST_V2",
    "MANIFEST_ACCEPT",
    "OCI_INDEX",
    "OCI_MANIFEST",
    "Manifest",
    "RegistryClient",
    "RetryPolicy",
]

logger = logging.getLogger(__name__)

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
DOCKER_MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
MANIFEST_ACCEPT = ", ".join([OCI_MANIFEST, DOCKER_MANIFEST_V2, OCI_INDEX, DOCKER_MANIFEST_LIST])
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
QUICK_TIMEOUT = httpx.Timeout(10.0, connect=3.0)
_RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
_CHUNK = 64 * 1024
_DOCKER_HUB_API = "registry-1.docker.io"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """``attempts`` in total (1 = no retry); the n-th retry waits about
    ``backoff * 2**n`` seconds (full jitter), capped at ``max_backoff``; a ``Retry-After``
    header is honoured up to ``max_backoff``."""

    attempts: int = 4
    backoff: float = 0.2
    max_backoff: float = 5.0

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_backoff)
        ceiling = min(self.backoff * (2.0**attempt), self.max_backoff)
        return ceiling / 2 + random.uniform(0, ceiling / 2)  # jitter, not cryptography


@dataclass(frozen=True, slots=True)
class Manifest:
    """A manifest as fetched: exact bytes, their digest and the media type."""

    digest: str
    media_type: str
    content: bytes

    def document(self) -> dict[str, Any]:
        loaded = json.loads(self.content)
        if not isinstance(loaded, dict):
            raise ValueError("manifest is not a JSON object")
        return loaded


def sha256_digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


class _ProgressBody:
    """A re-iterable request body that reports progress (so an auth retry can resend it)."""

    def __init__(self, data: bytes, task: ProgressTask) -> None:
        self._data = data
        self._task = task

    def __iter__(self) -> Iterator[bytes]:
        view = memoryview(self._data)
        for start in range(0, len(view), _CHUNK):
            chunk = bytes(view[start : start + _CHUNK])
            yield chunk
            self._task.advance(len(chunk))


def _name_not_resolved(exc: BaseException) -> bool:
    """True when the registry's host name does not resolve: retrying cannot help, so the error
    is reported at once (offline machines would otherwise wait through every backoff)."""
    import socket

    current: BaseException | None = exc
    while current is not None:
        if isinstance(current, socket.gaierror):
            return current.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5))
        current = current.__cause__ or current.__context__
    return False


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        import email.utils  # rare (an HTTP-date Retry-After): not worth importing up front

        parsed = email.utils.parsedate_to_datetime(value)
        return parsed.timestamp() - time.time() if parsed else None


def _error_text(response: httpx.Response) -> str:
    text = f"{response.status_code} {response.reason_phrase}".strip()
    try:
        body = response.read()
    except httpx.HTTPError:
        return text
    try:
        document = json.loads(body) if body else None
    except ValueError:
        document = None
    if isinstance(document, dict) and isinstance(document.get("errors"), list):
        parts = [
            f"{item.get('code', '')}: {item.get('message', '')}".strip(": ")
            for item in document["errors"]
            if isinstance(item, dict)
        ]
        if parts:
            return "; ".join(parts)
    return text


def _close_all(clients: list[httpx.Client]) -> None:
    for client in clients:
        client.close()


def _describe(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text.replace("\n", " ")


class RegistryClient:
    """Thread-safe low-level client; one instance serves every registry of a process."""

    def __init__(
        self,
        keychain: Keychain | None = None,
        *,
        insecure_registries: Iterable[str] = (),
        plain_http: bool = False,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        user_agent: str = f"pacto/{__version__}",
    ) -> None:
        self.keychain = keychain
        self.retry = retry or RetryPolicy()
        self._insecure = frozenset(insecure_registries)
        self._plain_http = plain_http
        self._sleep = sleep
        self._auth = RegistryAuth(keychain)
        self._schemes: dict[str, str] = {}
        self._speaking_tls: set[str] = set()
        self._lock = threading.Lock()
        self._timeout = timeout
        self._user_agent = user_agent
        # With the default transport, TLS is set up lazily (no CA bundle for plain-HTTP
        # registries) and the first https:// request to a registry that may fall back to plain
        # HTTP goes through a probe client (see pacto.oci._http). An injected transport does
        # its own thing, so it gets the plain fallback logic only.
        self._probe_allowed = transport is None
        self._trust = LazyTrustContext()
        if transport is None:
            trust = self._trust
            transport = ThreadLocalTransport(lambda: httpx.HTTPTransport(verify=trust))
        self._http = self._new_http(transport, self._trust)
        self._probe: httpx.Client | None = None
        self._clients: list[httpx.Client] = [self._http]
        # Close pooled connections when the client is dropped without close() (CLI commands
        # end without tearing the store down); otherwise sockets leak until GC warns.
        self._finalizer = weakref.finalize(self, _close_all, self._clients)

    def _new_http(
        self, transport: httpx.BaseTransport | None, verify: ssl.SSLContext
    ) -> httpx.Client:
        return httpx.Client(
            transport=transport,
            verify=verify,
            timeout=self._timeout,
            headers={"User-Agent": self._user_agent},
            follow_redirects=True,
        )

    def close(self) -> None:
        self._finalizer()

    def __enter__(self) -> RegistryClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ----------------------------------------------------------------- transport

    def _may_use_http(self, registry: str) -> bool:
        return self._plain_http or registry in self._insecure or is_plain_http_host(registry)

    def _scheme(self, registry: str) -> str:
        if self._plain_http:
            return "http"
        with self._lock:
            return self._schemes.get(registry, "https")

    def _url(self, registry: str, path: str) -> str:
        host = _DOCKER_HUB_API if registry == DOCKER_HUB else registry
        return f"{self._scheme(registry)}://{host}{path}"

    def _fall_back(self, registry: str, url: str, exc: Exception) -> bool:
        """Switch ``registry`` to plain HTTP after an HTTPS transport failure, when allowed;
        ``True`` means "send again now, over HTTP".

        Threads that contacted the registry at the same time all fail over HTTPS: the first
        one switches, the others find it switched and retry over HTTP at once (no backoff).
        Once HTTPS has worked for the registry, a connection error is a real failure.
        """
        if not isinstance(exc, httpx.ConnectError) or not url.startswith("https://"):
            return False
        if not self._may_use_http(registry):
            return False
        with self._lock:
            known = self._schemes.get(registry)
            if known is None:
                self._schemes[registry] = "http"
        if known == "http":
            return True
        if known is not None:
            return False
        logger.debug("falling back to plain HTTP registry=%s cause=%s", registry, _describe(exc))
        return True

    def _probing(self, registry: str, url: str) -> bool:
        """Whether this ``https://`` request should go through the probe client: the registry
        may fall back to plain HTTP and has not answered over either scheme yet."""
        if not self._probe_allowed or not url.startswith("https://"):
            return False
        if not self._may_use_http(registry):
            return False
        with self._lock:
            return registry not in self._schemes and registry not in self._speaking_tls

    def _probe_client(self) -> httpx.Client:
        with self._lock:
            if self._probe is None:
                self._probe = self._new_http(None, probe_context())
                self._clients.append(self._probe)
            return self._probe

    def _speaks_tls(self, registry: str) -> None:
        """The probe met a TLS server: send again, verified. The scheme stays open, so a
        failure of the verified attempt still falls back to plain HTTP (07-oci.md §4.1)."""
        with self._lock:
            self._speaking_tls.add(registry)
        logger.debug("registry speaks TLS, verifying registry=%s", registry)

    def _confirm(self, registry: str, url: str) -> None:
        if url.startswith("https://"):
            with self._lock:
                self._schemes.setdefault(registry, "https")

    def _send(
        self,
        method: str,
        target: str,
        *,
        scope: RequestScope,
        ref: str,
        attempts: int | None = None,
        headers: dict[str, str] | None = None,
        content: bytes | Iterable[bytes] | None = None,
        stream: bool = False,
        timeout: httpx.Timeout | None = None,
    ) -> httpx.Response:
        """Send with auth and retries; returns any HTTP response (the caller maps statuses),
        raises :class:`RegistryUnreachableError` / :class:`AuthenticationError` for transport
        and token failures. ``target`` is a path (``/v2/...``) or an absolute URL."""
        total = attempts if attempts is not None else self.retry.attempts
        attempt = 0
        while True:
            url = self._url(scope.registry, target) if target.startswith("/") else target
            probing = self._probing(scope.registry, url)
            http = self._probe_client() if probing else self._http
            request = http.build_request(
                method,
                url,
                headers=headers,
                content=content,
                extensions={CONTEXT_KEY: scope},
                timeout=timeout if timeout is not None else self._timeout,
            )
            try:
                response = http.send(request, auth=self._auth, stream=stream)
            except httpx.TransportError as exc:
                if probing and rejected_certificate(exc):
                    self._speaks_tls(scope.registry)
                    continue
                if self._fall_back(scope.registry, url, exc):
                    continue
                attempt += 1
                if attempt < total and not _name_not_resolved(exc):
                    delay = self.retry.delay(attempt - 1)
                    logger.debug("retrying method=%s url=%s cause=%s", method, url, exc)
                    self._sleep(delay)
                    continue
                raise RegistryUnreachableError(
                    ref, f"{method} {url}: {_describe(exc)}", retryable=True
                ) from exc
            except TokenError as exc:
                attempt += 1
                if exc.status in _RETRY_STATUSES and attempt < total:
                    self._sleep(self.retry.delay(attempt - 1))
                    continue
                if exc.status in (401, 403):
                    raise AuthenticationError(ref, exc.detail) from exc
                raise RegistryUnreachableError(ref, exc.detail) from exc
            if response.status_code in _RETRY_STATUSES:
                attempt += 1
                if attempt < total:
                    delay = self.retry.delay(attempt - 1, _retry_after(response))
                    logger.debug(
                        "retrying method=%s url=%s status=%s", method, url, response.status_code
                    )
                    response.close()
                    self._sleep(delay)
                    continue
            self._confirm(scope.registry, url)
            return response

    def _fail(self, response: httpx.Response, ref: str) -> RegistryError:
        request = response.request
        url = str(request.url.copy_with(query=None))
        cause = f"{request.method} {url}: {_error_text(response)}"
        response.close()
        status = response.status_code
        if status in (401, 403):
            return AuthenticationError(ref, cause)
        if status == 404:
            return ArtifactNotFoundError(ref, cause)
        return RegistryUnreachableError(ref, cause, retryable=status in _RETRY_STATUSES)

    # ----------------------------------------------------------------- manifests

    def head_manifest(self, ref: Reference, *, quick: bool = False) -> str:
        """The manifest digest of ``ref`` (``HEAD``; ``GET`` when the registry sends no
        ``Docker-Content-Digest``). ``quick``: no retries and short timeouts (revalidation)."""
        scope = RequestScope(ref.registry, ref.repository)
        response = self._send(
            "HEAD",
            f"/v2/{ref.repository}/manifests/{ref.identifier}",
            scope=scope,
            ref=str(ref),
            headers={"Accept": MANIFEST_ACCEPT},
            attempts=1 if quick else None,
            timeout=QUICK_TIMEOUT if quick else None,
        )
        if response.status_code != 200:
            raise self._fail(response, str(ref))
        digest = str(response.headers.get("docker-content-digest", ""))
        if digest.startswith("sha256:"):
            return digest
        return self.get_manifest(ref).digest

    def get_manifest(self, ref: Reference) -> Manifest:
        """Fetch the manifest; the digest is computed from the bytes and checked against a
        pinned digest and the registry's ``Docker-Content-Digest``."""
        scope = RequestScope(ref.registry, ref.repository)
        response = self._send(
            "GET",
            f"/v2/{ref.repository}/manifests/{ref.identifier}",
            scope=scope,
            ref=str(ref),
            headers={"Accept": MANIFEST_ACCEPT},
            stream=True,
        )
        try:
            if response.status_code != 200:
                raise self._fail(response, str(ref))
            content = self._read_capped(response, MAX_MANIFEST_BYTES, str(ref), "manifest")
        finally:
            response.close()
        digest = sha256_digest(content)
        expected = ref.digest or response.headers.get("docker-content-digest", "")
        if expected.startswith("sha256:") and expected != digest:
            raise InvalidBundleError(
                str(ref), f"manifest digest mismatch: expected {expected}, got {digest}"
            )
        media_type = response.headers.get("content-type", "").split(";", 1)[0].strip()
        return Manifest(digest=digest, media_type=media_type, content=content)

    def put_manifest(self, ref: Reference, content: bytes, media_type: str) -> str:
        """Upload a manifest under ``ref``'s tag (or digest); returns its digest."""
        digest = sha256_digest(content)
        scope = RequestScope(ref.registry, ref.repository, frozenset({"pull", "push"}))
        response = self._send(
            "PUT",
            f"/v2/{ref.repository}/manifests/{ref.identifier}",
            scope=scope,
            ref=str(ref),
            headers={"Content-Type": media_type},
            content=content,
        )
        if response.status_code not in (200, 201, 202):
            raise self._fail(response, str(ref))
        answered = response.headers.get("docker-content-digest", "")
        if answered.startswith("sha256:") and answered != digest:
            raise RegistryUnreachableError(
                str(ref), f"registry stored manifest as {answered}, expected {digest}"
            )
        return digest

    # ----------------------------------------------------------------- blobs

    def _read_capped(self, response: httpx.Response, limit: int, ref: str, what: str) -> bytes:
        buffer = bytearray()
        for chunk in response.iter_bytes(_CHUNK):
            buffer += chunk
            if len(buffer) > limit:
                raise InvalidBundleError(ref, f"{what} exceeds the limit of {limit} bytes")
        return bytes(buffer)

    def blob_exists(self, ref: Reference, digest: str, *, attempts: int | None = None) -> bool:
        scope = RequestScope(ref.registry, ref.repository, frozenset({"pull", "push"}))
        response = self._send(
            "HEAD",
            f"/v2/{ref.repository}/blobs/{digest}",
            scope=scope,
            ref=str(ref),
            attempts=attempts,
        )
        if response.status_code == 200:
            return True
        if response.status_code == 404:
            return False
        raise self._fail(response, str(ref))

    def get_blob(
        self,
        ref: Reference,
        digest: str,
        *,
        size: int = -1,
        max_bytes: int,
        progress: Progress | None = None,
        description: str = "",
    ) -> bytes:
        """Download a blob (following redirects), streaming, capped at ``max_bytes`` and
        verified against ``digest`` (and ``size`` when known); retried as a whole."""
        if size > max_bytes:
            raise InvalidBundleError(
                str(ref), f"failed to read layer: {size} bytes exceeds the limit of {max_bytes}"
            )
        scope = RequestScope(ref.registry, ref.repository)
        reporter = progress or NullProgress()
        attempt = 0
        while True:
            task = reporter.task(description or digest[:19], size if size >= 0 else 0)
            try:
                response = self._send(
                    "GET",
                    f"/v2/{ref.repository}/blobs/{digest}",
                    scope=scope,
                    ref=str(ref),
                    stream=True,
                )
                try:
                    if response.status_code != 200:
                        raise self._fail(response, str(ref))
                    hasher = hashlib.sha256()
                    buffer = bytearray()
                    for chunk in response.iter_bytes(_CHUNK):
                        buffer += chunk
                        hasher.update(chunk)
                        task.advance(len(chunk))
                        if len(buffer) > max_bytes:
                            raise InvalidBundleError(
                                str(ref),
                                f"failed to read layer: blob exceeds {max_bytes} bytes",
                            )
                finally:
                    response.close()
            except httpx.TransportError as exc:
                attempt += 1
                if attempt < self.retry.attempts:
                    self._sleep(self.retry.delay(attempt - 1))
                    continue
                raise RegistryUnreachableError(
                    str(ref), f"GET blob {digest}: {_describe(exc)}", retryable=True
                ) from exc
            except RegistryUnreachableError as exc:
                attempt += 1
                if exc.retryable and attempt < self.retry.attempts:
                    self._sleep(self.retry.delay(attempt - 1))
                    continue
                raise
            finally:
                task.finish()
            actual = "sha256:" + hasher.hexdigest()
            if digest.startswith("sha256:") and actual != digest:
                raise InvalidBundleError(
                    str(ref),
                    f"failed to read layer: digest mismatch: expected {digest}, got {actual}",
                )
            if size >= 0 and len(buffer) != size:
                raise InvalidBundleError(
                    str(ref),
                    f"failed to read layer: size mismatch: expected {size}, got {len(buffer)}",
                )
            return bytes(buffer)

    def push_blob(
        self,
        ref: Reference,
        data: bytes,
        *,
        digest: str = "",
        progress: Progress | None = None,
        description: str = "",
    ) -> bool:
        """Upload ``data`` unless the registry has it; returns whether it was uploaded.

        ``HEAD`` first, then ``POST /blobs/uploads/`` and a monolithic ``PUT <Location>`` with
        ``digest`` merged into the query (httpx's ``params=`` would drop ``_state``). The three
        steps are retried together, so a lost answer to a successful ``PUT`` is harmless.
        """
        digest = digest or sha256_digest(data)
        reporter = progress or NullProgress()
        attempt = 0
        while True:
            try:
                if self.blob_exists(ref, digest, attempts=1):
                    return False
                task = reporter.task(description or digest[:19], len(data))
                try:
                    self._upload(ref, digest, data, task)
                finally:
                    task.finish()
                return True
            except RegistryUnreachableError as exc:
                attempt += 1
                if exc.retryable and attempt < self.retry.attempts:
                    logger.debug("retrying blob upload digest=%s cause=%s", digest, exc.cause)
                    self._sleep(self.retry.delay(attempt - 1))
                    continue
                raise

    def _upload(self, ref: Reference, digest: str, data: bytes, task: ProgressTask) -> None:
        scope = RequestScope(ref.registry, ref.repository, frozenset({"pull", "push"}))
        started = self._send(
            "POST",
            f"/v2/{ref.repository}/blobs/uploads/",
            scope=scope,
            ref=str(ref),
            attempts=1,
            headers={"Content-Length": "0"},
        )
        if started.status_code != 202:
            raise self._fail(started, str(ref))
        location = started.headers.get("location", "")
        if not location:
            raise RegistryUnreachableError(str(ref), "upload started without a Location header")
        target = started.request.url.join(location).copy_merge_params({"digest": digest})
        finished = self._send(
            "PUT",
            str(target),
            scope=scope,
            ref=str(ref),
            attempts=1,
            headers={"Content-Type": "application/octet-stream", "Content-Length": str(len(data))},
            content=_ProgressBody(data, task),
        )
        if finished.status_code not in (201, 204):
            raise self._fail(finished, str(ref))

    # ----------------------------------------------------------------- tags

    def list_tags(self, repository: Reference) -> list[str]:
        """Every tag in registry order, following ``Link: <...>; rel="next"`` pages."""
        scope = RequestScope(repository.registry, repository.repository)
        shown = repository.repository_ref
        target = f"/v2/{repository.repository}/tags/list"
        tags: list[str] = []
        for _ in range(10_000):
            response = self._send("GET", target, scope=scope, ref=shown)
            if response.status_code != 200:
                raise self._fail(response, shown)
            try:
                document = response.json()
            except ValueError as exc:
                raise RegistryUnreachableError(shown, f"invalid tags list: {exc}") from exc
            page = document.get("tags") if isinstance(document, dict) else None
            tags.extend(str(tag) for tag in page or [])
            following = response.links.get("next", {}).get("url")
            if not following:
                return tags
            target = str(response.request.url.join(following))
        raise RegistryUnreachableError(shown, "too many pages in the tags list")
