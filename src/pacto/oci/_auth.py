"""Registry authentication as an ``httpx.Auth`` flow (07-oci.md §4.2).

A request goes out with whatever the flow already knows for its registry (a cached bearer
token covering the request's scope, or Basic credentials once the registry asked for them).
On ``401`` the ``WWW-Authenticate`` challenge decides:

* ``Basic`` → resend with the keychain's username/password;
* ``Bearer`` → a *registry token* credential is sent as is; otherwise a token is fetched from
  the realm (``GET realm?service=..&scope=..``, Basic auth when a password is known; OAuth2
  ``POST`` with ``grant_type=refresh_token`` for identity tokens), cached per registry and
  repository with its actions, and the request is resent. ``error="insufficient_scope"``
  upgrades the scope (e.g. ``pull`` → ``pull,push``) with a new token.

The flow yields the token request itself, so it runs through the same client and transport
(and is unit-testable with ``httpx.MockTransport``). It is synchronous only.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

from pacto.oci._credentials import Credential, CredentialKind, Keychain
from pacto.oci._http import httpx

__all__ = ["Challenge", "RegistryAuth", "RequestScope", "TokenError", "parse_challenge"]

CONTEXT_KEY = "pacto.scope"
_DEFAULT_TOKEN_SECONDS = 60
_PARAM_RE = re.compile(r'\s*([a-zA-Z0-9_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?')


@dataclass(frozen=True, slots=True)
class Challenge:
    scheme: str
    """``basic`` or ``bearer`` (lower-case)."""
    params: dict[str, str] = field(default_factory=dict)

    @property
    def realm(self) -> str:
        return self.params.get("realm", "")

    @property
    def is_insufficient_scope(self) -> bool:
        return self.params.get("error", "") == "insufficient_scope"


def parse_challenge(header: str) -> Challenge | None:
    """Parse one ``WWW-Authenticate`` value (``Bearer realm="...",service="...",scope="..."``)."""
    header = header.strip()
    if not header:
        return None
    scheme, _, rest = header.partition(" ")
    params: dict[str, str] = {}
    position = 0
    while position < len(rest):
        match = _PARAM_RE.match(rest, position)
        if match is None or match.end() == position:
            break
        quoted, bare = match.group(2), match.group(3)
        value = re.sub(r"\\(.)", r"\1", quoted) if quoted is not None else (bare or "")
        params[match.group(1).lower()] = value
        position = match.end()
    return Challenge(scheme.lower(), params)


@dataclass(frozen=True, slots=True)
class RequestScope:
    """What a request needs: the registry as written in the ref (credential key), the
    repository, and the actions (``pull`` or ``pull,push``)."""

    registry: str
    repository: str = ""
    actions: frozenset[str] = frozenset({"pull"})

    def scope(self, actions: frozenset[str] | None = None) -> str:
        wanted = ",".join(sorted(actions or self.actions))
        return f"repository:{self.repository}:{wanted}"


class TokenError(Exception):
    """The token endpoint refused or failed; ``status`` is its HTTP status (0 for bad JSON)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


@dataclass(slots=True)
class _Token:
    value: str
    actions: frozenset[str]
    expires_at: float


def _merge_scope_actions(challenge_scope: str, repository: str) -> frozenset[str]:
    actions: set[str] = set()
    for item in challenge_scope.split():
        parts = item.split(":")
        if len(parts) >= 3 and parts[0] == "repository" and ":".join(parts[1:-1]) == repository:
            actions.update(a for a in parts[-1].split(",") if a)
    return frozenset(actions)


class RegistryAuth(httpx.Auth):
    """Challenge-driven Basic and Bearer authentication; safe to share between threads."""

    def __init__(self, keychain: Keychain | None, *, clock: Callable[[], float] = time.monotonic):
        self._keychain = keychain
        self._clock = clock
        self._lock = threading.Lock()
        self._schemes: dict[str, str] = {}
        self._tokens: dict[tuple[str, str], _Token] = {}

    def credential(self, registry: str) -> Credential | None:
        return self._keychain.resolve(registry) if self._keychain is not None else None

    # ----------------------------------------------------------------- state

    def _known_header(self, scope: RequestScope) -> str | None:
        with self._lock:
            scheme = self._schemes.get(scope.registry)
            token = self._tokens.get((scope.registry, scope.repository))
        if scheme == "basic":
            credential = self.credential(scope.registry)
            if credential is not None and credential.kind is CredentialKind.BASIC:
                return credential.basic_header()
            return None
        if scheme == "bearer":
            credential = self.credential(scope.registry)
            if credential is not None and credential.kind is CredentialKind.REGISTRY_TOKEN:
                return f"Bearer {credential.token}"
            if (
                token is not None
                and scope.actions <= token.actions
                and token.expires_at > self._clock()
            ):
                return f"Bearer {token.value}"
        return None

    def _remember_scheme(self, registry: str, scheme: str) -> None:
        with self._lock:
            self._schemes[registry] = scheme

    def _remember_token(self, scope: RequestScope, token: _Token) -> None:
        with self._lock:
            self._tokens[(scope.registry, scope.repository)] = token

    # ----------------------------------------------------------------- flow

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        scope: RequestScope | None = request.extensions.get(CONTEXT_KEY)
        if scope is None:
            scope = RequestScope(registry=request.url.netloc.decode("ascii"))
        header = self._known_header(scope)
        if header is not None:
            request.headers["Authorization"] = header
        response = yield request
        if response.status_code != 401:
            return
        challenge = parse_challenge(response.headers.get("www-authenticate", ""))
        if challenge is None:
            return
        credential = self.credential(scope.registry)
        if challenge.scheme == "basic":
            self._remember_scheme(scope.registry, "basic")
            if credential is None or credential.kind is not CredentialKind.BASIC:
                return
            retry = credential.basic_header()
            if retry == header:
                return
            request.headers["Authorization"] = retry
            yield request
            return
        if challenge.scheme != "bearer":
            return
        self._remember_scheme(scope.registry, "bearer")
        if credential is not None and credential.kind is CredentialKind.REGISTRY_TOKEN:
            retry = f"Bearer {credential.token}"
            if retry == header:
                return
            request.headers["Authorization"] = retry
            yield request
            return
        actions = set(scope.actions)
        if scope.repository:
            actions |= _merge_scope_actions(challenge.params.get("scope", ""), scope.repository)
        with self._lock:
            previous = self._tokens.get((scope.registry, scope.repository))
        if previous is not None and previous.expires_at > self._clock():
            actions |= previous.actions
        token_request = self._token_request(challenge, scope, frozenset(actions), credential)
        token_response = yield token_request
        token = self._read_token(token_response, frozenset(actions))
        self._remember_token(scope, token)
        retry = f"Bearer {token.value}"
        if retry == header:
            return
        request.headers["Authorization"] = retry
        yield request

    def _token_request(
        self,
        challenge: Challenge,
        scope: RequestScope,
        actions: frozenset[str],
        credential: Credential | None,
    ) -> httpx.Request:
        realm = challenge.realm
        if not realm:
            raise TokenError(0, "bearer challenge without realm")
        params: dict[str, str] = {}
        if challenge.params.get("service"):
            params["service"] = challenge.params["service"]
        if scope.repository:
            params["scope"] = scope.scope(actions)
        elif challenge.params.get("scope"):
            params["scope"] = challenge.params["scope"]
        if credential is not None and credential.kind is CredentialKind.IDENTITY_TOKEN:
            form = {
                "grant_type": "refresh_token",
                "refresh_token": credential.token,
                "client_id": "pacto",
                **params,
            }
            return httpx.Request("POST", realm, data=form)
        headers = {}
        if credential is not None and credential.kind is CredentialKind.BASIC:
            headers["Authorization"] = credential.basic_header()
        url = httpx.URL(realm).copy_merge_params(params)
        return httpx.Request("GET", url, headers=headers)

    def _read_token(self, response: httpx.Response, actions: frozenset[str]) -> _Token:
        response.read()
        if response.status_code != 200:
            detail = response.text.strip().replace("\n", " ")[:200]
            raise TokenError(
                response.status_code,
                f"token request to {response.request.url.copy_with(query=None)} answered "
                f"{response.status_code}: {detail}",
            )
        try:
            body: Any = response.json()
        except ValueError as exc:
            raise TokenError(0, f"token endpoint returned invalid JSON: {exc}") from exc
        value = ""
        if isinstance(body, dict):
            value = str(body.get("token") or body.get("access_token") or "")
        if not value:
            raise TokenError(0, "token endpoint returned no token")
        expires_in = body.get("expires_in", _DEFAULT_TOKEN_SECONDS)
        try:
            seconds = max(float(expires_in), 1.0)
        except (TypeError, ValueError):
            seconds = _DEFAULT_TOKEN_SECONDS
        # Renew a little early so a token never expires between check and use.
        return _Token(value, actions, self._clock() + seconds * 0.9)
