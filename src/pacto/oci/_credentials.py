"""The credential chain (keychain) and the pacto credentials file (07-oci.md §6).

Each source is a small object with ``lookup(registry) -> Credential | None``; the
:class:`Keychain` asks them in order and returns the first credential found, or ``None``
(anonymous). The order of :func:`default_keychain` is the spec's: explicit credentials
(``PACTO_REGISTRY_*``), the pacto config file written by ``pacto login``, the GitHub CLI for
GitHub's registries, the Docker config (``credHelpers``, ``credsStore``, ``auths``), cloud
credential helpers found on ``PATH``, then anonymous.

Helpers (``gh``, ``docker-credential-*``) run as subprocesses with an argv list, no shell, a
timeout and captured output; every failure of a helper means "no credential here".
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import enum
import json
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pacto.oci._reference import DOCKER_HUB
from pacto.oci.errors import CredentialStoreError

__all__ = [
    "CloudHelperCredentials",
    "CommandOutput",
    "Credential",
    "CredentialKind",
    "CredentialSource",
    "DockerConfigCredentials",
    "ExplicitCredentials",
    "GitHubCLICredentials",
    "Keychain",
    "PactoConfigCredentials",
    "default_keychain",
    "docker_config_paths",
    "normalise_login_registry",
    "run_command",
    "store_login",
]

logger = logging.getLogger(__name__)

DOCKER_HUB_KEY = "https://index.docker.io/v1/"
_DOCKER_HUB_ALIASES = frozenset({DOCKER_HUB, "docker.io", "registry-1.docker.io"})
_GITHUB_REGISTRIES = frozenset({"ghcr.io", "docker.pkg.github.com"})
HELPER_TIMEOUT = 30.0


class CredentialKind(enum.StrEnum):
    BASIC = "basic"
    """username + password: Basic auth, or Basic auth at the token endpoint."""
    REGISTRY_TOKEN = "registry_token"
    """sent as ``Authorization: Bearer <token>`` with no token exchange (§4.2 item 4)."""
    IDENTITY_TOKEN = "identity_token"
    """an OAuth2 refresh token, exchanged with ``grant_type=refresh_token`` (§4.2 item 3)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Credential:
    """A credential for one registry; ``source`` names where it came from (for debug logs)."""

    kind: CredentialKind
    username: str = ""
    password: str = field(default="", repr=False)
    token: str = field(default="", repr=False)
    source: str = ""

    @classmethod
    def basic(cls, username: str, password: str, *, source: str = "") -> Credential:
        return cls(kind=CredentialKind.BASIC, username=username, password=password, source=source)

    @classmethod
    def registry_token(cls, token: str, *, source: str = "") -> Credential:
        return cls(kind=CredentialKind.REGISTRY_TOKEN, token=token, source=source)

    @classmethod
    def identity_token(cls, token: str, *, username: str = "", source: str = "") -> Credential:
        return cls(
            kind=CredentialKind.IDENTITY_TOKEN, username=username, token=token, source=source
        )

    def basic_header(self) -> str:
        """``Basic <base64(user:password)>``."""
        raw = f"{self.username}:{self.password}".encode()
        return "Basic " + base64.b64encode(raw).decode("ascii")


class CredentialSource(Protocol):
    """One link of the chain."""

    @property
    def name(self) -> str:
        """Shown in debug logs."""
        ...

    def lookup(self, registry: str) -> Credential | None:
        """The credential for ``registry`` (host[:port]), or ``None`` to fall through."""
        ...


@dataclass(frozen=True, slots=True)
class CommandOutput:
    returncode: int
    stdout: str
    stderr: str


Runner = Callable[[Sequence[str], str | None], CommandOutput]
Which = Callable[[str], str | None]


def run_command(
    argv: Sequence[str],
    stdin: str | None,
    *,
    env: Mapping[str, str] | None = None,
    timeout: float = HELPER_TIMEOUT,
) -> CommandOutput:
    """Run a helper; a missing program, a timeout or an OS error gives return code 127/124/126."""
    import subprocess  # only when a credential helper runs (after a 401): not at start-up

    try:
        done = subprocess.run(
            list(argv),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=dict(env) if env is not None else None,
            check=False,
        )
    except FileNotFoundError as exc:
        return CommandOutput(127, "", str(exc))
    except subprocess.TimeoutExpired:
        return CommandOutput(124, "", f"timed out after {timeout:g}s")
    except OSError as exc:
        return CommandOutput(126, "", str(exc))
    return CommandOutput(done.returncode, done.stdout, done.stderr)


def _decode_auth(auth: str) -> tuple[str, str] | None:
    try:
        decoded = base64.b64decode(auth.strip(), validate=False).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    username, colon, password = decoded.partition(":")
    if not colon or not username:
        return None
    return username, password


# --------------------------------------------------------------------------- sources


@dataclass(frozen=True, slots=True)
class ExplicitCredentials:
    """``PACTO_REGISTRY_TOKEN`` (wins), else ``PACTO_REGISTRY_USERNAME`` + ``_PASSWORD`` (both
    required), for every registry."""

    username: str = ""
    password: str = field(default="", repr=False)
    token: str = field(default="", repr=False)
    name: str = "env"

    def lookup(self, registry: str) -> Credential | None:
        if self.token:
            return Credential.registry_token(self.token, source="env token")
        if self.username and self.password:
            return Credential.basic(self.username, self.password, source="env user/pass")
        return None


@dataclass(frozen=True, slots=True)
class PactoConfigCredentials:
    """``auths[<registry>].auth`` of the file ``pacto login`` writes; a missing or invalid file
    means "nothing here"."""

    path: Path
    name: str = "pacto login"

    def lookup(self, registry: str) -> Credential | None:
        try:
            document = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return None
        auths = document.get("auths") if isinstance(document, dict) else None
        if not isinstance(auths, dict):
            return None
        keys = [registry]
        if registry == DOCKER_HUB:
            keys += sorted(_DOCKER_HUB_ALIASES - {DOCKER_HUB})
        for key in keys:
            entry = auths.get(key)
            if isinstance(entry, dict) and isinstance(entry.get("auth"), str):
                pair = _decode_auth(entry["auth"])
                if pair is not None:
                    return Credential.basic(*pair, source=self.name)
        return None


@dataclass(frozen=True, slots=True)
class GitHubCLICredentials:
    """``gh auth token`` for ``ghcr.io`` and ``docker.pkg.github.com`` only."""

    runner: Runner
    which: Which = shutil.which
    name: str = "gh"

    def lookup(self, registry: str) -> Credential | None:
        if registry not in _GITHUB_REGISTRIES:
            return None
        program = self.which("gh")
        if program is None:
            return None
        output = self.runner([program, "auth", "token"], None)
        token = output.stdout.strip()
        if output.returncode != 0 or not token:
            return None
        return Credential.basic("x-access-token", token, source=self.name)


def _hostname(key: str) -> str:
    """Docker's ``ConvertToHostname``: strip a scheme and any path."""
    for prefix in ("https://", "http://"):
        if key.startswith(prefix):
            key = key[len(prefix) :]
    return key.split("/", 1)[0]


def _helper_credential(
    helper: str, server: str, runner: Runner, which: Which, source: str
) -> Credential | None:
    program = which(f"docker-credential-{helper}")
    if program is None:
        logger.debug("credential helper not found helper=docker-credential-%s", helper)
        return None
    output = runner([program, "get"], server)
    if output.returncode != 0:
        logger.debug("credential helper failed helper=%s server=%s", helper, server)
        return None
    try:
        answer = json.loads(output.stdout)
    except ValueError:
        return None
    if not isinstance(answer, dict):
        return None
    username = str(answer.get("Username") or "")
    secret = str(answer.get("Secret") or "")
    if not secret:
        return None
    if username == "<token>":
        return Credential.identity_token(secret, source=source)
    return Credential.basic(username, secret, source=source)


@dataclass(frozen=True, slots=True)
class DockerConfigCredentials:
    """Docker's ``config.json`` (or Podman's ``auth.json``): ``credHelpers[<host>]``, then
    ``credsStore``, then ``auths[<host>]`` (``auth``, ``username``/``password``,
    ``identitytoken``, ``registrytoken``). An unparseable file is logged and skipped."""

    paths: Sequence[Path]
    runner: Runner
    which: Which = shutil.which
    name: str = "docker"

    def _document(self) -> dict[str, Any] | None:
        for path in self.paths:
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                continue
            except OSError as exc:
                logger.warning("cannot read Docker config %s: %s", path, exc)
                return None
            try:
                document = json.loads(data)
            except ValueError as exc:
                logger.warning("ignoring unparseable Docker config %s: %s", path, exc)
                return None
            return document if isinstance(document, dict) else None
        return None

    def lookup(self, registry: str) -> Credential | None:
        document = self._document()
        if document is None:
            return None
        server = DOCKER_HUB_KEY if registry in _DOCKER_HUB_ALIASES else registry
        helpers = document.get("credHelpers")
        if isinstance(helpers, dict):
            for key, helper in helpers.items():
                if isinstance(helper, str) and helper and self._matches(key, registry):
                    return _helper_credential(helper, server, self.runner, self.which, self.name)
        store = document.get("credsStore")
        if isinstance(store, str) and store:
            found = _helper_credential(store, server, self.runner, self.which, self.name)
            if found is not None:
                return found
        auths = document.get("auths")
        if not isinstance(auths, dict):
            return None
        for key, entry in auths.items():
            if isinstance(entry, dict) and self._matches(key, registry):
                return self._from_entry(entry)
        return None

    @staticmethod
    def _matches(key: str, registry: str) -> bool:
        host = _hostname(key)
        if registry in _DOCKER_HUB_ALIASES:
            return host in _DOCKER_HUB_ALIASES
        return host == registry

    def _from_entry(self, entry: dict[str, Any]) -> Credential | None:
        if isinstance(entry.get("registrytoken"), str) and entry["registrytoken"]:
            return Credential.registry_token(entry["registrytoken"], source=self.name)
        if isinstance(entry.get("identitytoken"), str) and entry["identitytoken"]:
            username = ""
            if isinstance(entry.get("auth"), str):
                pair = _decode_auth(entry["auth"])
                username = pair[0] if pair else ""
            return Credential.identity_token(
                entry["identitytoken"], username=username, source=self.name
            )
        if isinstance(entry.get("auth"), str) and entry["auth"]:
            pair = _decode_auth(entry["auth"])
            if pair is not None:
                return Credential.basic(*pair, source=self.name)
        user, secret = entry.get("username"), entry.get("password")
        if isinstance(user, str) and isinstance(secret, str) and user and secret:
            return Credential.basic(user, secret, source=self.name)
        return None


@dataclass(frozen=True, slots=True)
class CloudHelperCredentials:
    """Cloud registries through their credential helper, when it is on ``PATH`` (07-oci.md
    §14.10): ECR, Google (``gcr.io``, ``*.gcr.io``, ``*-docker.pkg.dev``) and ACR."""

    runner: Runner
    which: Which = shutil.which
    name: str = "cloud helper"

    @staticmethod
    def helper_for(registry: str) -> str | None:
        host = registry.split(":", 1)[0].lower()
        if ".dkr.ecr." in host and host.endswith(".amazonaws.com"):
            return "ecr-login"
        if host == "gcr.io" or host.endswith((".gcr.io", "-docker.pkg.dev")):
            return "gcloud"
        if host.endswith(".azurecr.io"):
            return "acr-env"
        return None

    def lookup(self, registry: str) -> Credential | None:
        helper = self.helper_for(registry)
        if helper is None:
            return None
        return _helper_credential(helper, registry, self.runner, self.which, self.name)


class Keychain:
    """Tries each source in order; remembers the answer per registry (thread-safe), so a
    helper runs at most once per registry and process."""

    def __init__(self, sources: Sequence[CredentialSource]) -> None:
        self.sources = tuple(sources)
        self._lock = threading.Lock()
        self._cache: dict[str, Credential | None] = {}

    def resolve(self, registry: str) -> Credential | None:
        """The first credential for ``registry``, or ``None`` for anonymous access."""
        with self._lock:
            if registry in self._cache:
                return self._cache[registry]
        found: Credential | None = None
        for source in self.sources:
            try:
                found = source.lookup(registry)
            except Exception as exc:  # a broken source must not break the chain
                logger.warning("credential source %s failed: %s", source.name, exc)
                found = None
            if found is not None:
                logger.debug("credential found registry=%s source=%s", registry, found.source)
                break
        with self._lock:
            self._cache[registry] = found
        return found


def docker_config_paths(env: Mapping[str, str]) -> list[Path]:
    """``$DOCKER_CONFIG/config.json`` or ``~/.docker/config.json``; when neither exists,
    ``$REGISTRY_AUTH_FILE``, else ``$XDG_RUNTIME_DIR/containers/auth.json`` (§6 item 4)."""
    if env.get("DOCKER_CONFIG"):
        docker = Path(env["DOCKER_CONFIG"]) / "config.json"
    else:
        home = env.get("HOME") or str(Path.home())
        docker = Path(home) / ".docker" / "config.json"
    if docker.exists():
        return [docker]
    if env.get("REGISTRY_AUTH_FILE"):
        return [Path(env["REGISTRY_AUTH_FILE"])]
    if env.get("XDG_RUNTIME_DIR"):
        return [Path(env["XDG_RUNTIME_DIR"]) / "containers" / "auth.json"]
    return [docker]


def default_keychain(
    env: Mapping[str, str],
    *,
    config_file: Path,
    runner: Runner | None = None,
    which: Which | None = None,
) -> Keychain:
    """The chain of 07-oci.md §6 built from ``env`` (never ``os.environ``)."""
    path_value = env.get("PATH")

    def env_which(program: str) -> str | None:
        return shutil.which(program, path=path_value)

    def env_runner(argv: Sequence[str], stdin: str | None) -> CommandOutput:
        return run_command(argv, stdin, env=env)

    run = runner or env_runner
    find = which or env_which
    return Keychain(
        [
            ExplicitCredentials(
                env.get("PACTO_REGISTRY_USERNAME", ""),
                env.get("PACTO_REGISTRY_PASSWORD", ""),
                env.get("PACTO_REGISTRY_TOKEN", ""),
            ),
            PactoConfigCredentials(config_file),
            GitHubCLICredentials(run, find),
            DockerConfigCredentials(docker_config_paths(env), run, find),
            CloudHelperCredentials(run, find),
        ]
    )


# --------------------------------------------------------------------------- pacto login


def normalise_login_registry(registry: str) -> str:
    """Store Docker Hub aliases under ``index.docker.io`` so lookups match (07-oci.md §14.7)."""
    host = _hostname(registry.strip())
    return DOCKER_HUB if host in _DOCKER_HUB_ALIASES else host


def store_login(path: Path, registry: str, username: str, password: str) -> str:
    """Set ``auths[<registry>]`` in the pacto config file and return the key used.

    The file is read first and never silently replaced when it cannot be parsed (fail closed);
    it is written atomically with mode 0600 in a directory created with mode 0700. Other keys
    of an existing file are kept. Raises :class:`CredentialStoreError` with the messages of
    08-cli.md §3.11.
    """
    key = normalise_login_registry(registry)
    document: dict[str, Any] = {}
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = None
    except OSError as exc:
        raise CredentialStoreError(
            f"failed to read {path}: {exc.strerror or exc}", path=str(path)
        ) from exc
    if data is not None and data.strip():
        try:
            loaded = json.loads(data)
        except ValueError as exc:
            raise CredentialStoreError(
                f"failed to parse existing {path}: {exc}", path=str(path)
            ) from exc
        if not isinstance(loaded, dict):
            raise CredentialStoreError(
                f"failed to parse existing {path}: the top level is not an object", path=str(path)
            )
        document = loaded
    auths = document.get("auths")
    if not isinstance(auths, dict):
        auths = {}
    auth = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
    auths[key] = {"auth": auth}
    document["auths"] = auths
    try:
        text = json.dumps(document, indent=2) + "\n"
    except (TypeError, ValueError) as exc:
        raise CredentialStoreError(f"failed to marshal config: {exc}", path=str(path)) from exc
    directory = path.parent
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise CredentialStoreError(
            f"failed to create {directory}: {exc.strerror or exc}", path=str(directory)
        ) from exc
    try:
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".config.", suffix=".tmp")
        try:
            os.fchmod(descriptor, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            Path(temporary).replace(path)
        except BaseException:
            with contextlib.suppress(OSError):
                Path(temporary).unlink()
            raise
        path.chmod(0o600)
    except OSError as exc:
        raise CredentialStoreError(
            f"failed to write {path}: {exc.strerror or exc}", path=str(path)
        ) from exc
    return key
