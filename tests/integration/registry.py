"""Real OCI registries on loopback for the integration tests and the benchmark.

:func:`start_registry` runs Debian's ``docker-registry`` (CNCF distribution 2.8) as a plain
process on a free ``127.0.0.1`` port with one of three auth modes: ``none``, ``basic``
(htpasswd, bcrypt) or ``token`` (a small JWT token server of our own, in a thread). The
process is killed by PID in :meth:`RunningRegistry.stop`; :meth:`RunningRegistry.logs` shows
its output when a test fails.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REGISTRY_BINARY = "docker-registry"
USERNAME = "pacto"
PASSWORD = "s3cret-pass"
SERVICE = "pacto-test-registry"
ISSUER = "pacto-test-issuer"


class MissingToolError(RuntimeError):
    pass


def require_tool(program: str, package: str) -> str:
    """The path of ``program``; raises naming the Debian package to install when missing."""
    found = shutil.which(program)
    if found is None:
        raise MissingToolError(
            f"{program} is not installed: apt-get install -y {package} "
            "(the README's test command installs it)"
        )
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --------------------------------------------------------------------------- token server


@dataclass
class TokenServer:
    """Issues RS256 JWTs the registry trusts: anonymous callers get ``pull`` only, the test
    user gets what it asks for, wrong credentials get 401."""

    directory: Path
    username: str = USERNAME
    password: str = PASSWORD
    port: int = 0
    requests: list[str] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        import jwt  # noqa: F401 - fail early when pyjwt is missing
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
        from cryptography.x509.oid import NameOID

        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pacto-token-issuer")])
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .sign(key, hashes.SHA256())
        )
        self.cert_path = self.directory / "token.crt"
        self.cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        self._key_pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        self._x5c = base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return None

            def do_GET(self) -> None:
                owner.requests.append(self.path)
                query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
                authorised = False
                header = self.headers.get("Authorization", "")
                if header.startswith("Basic "):
                    user, _, secret = base64.b64decode(header[6:]).decode().partition(":")
                    if (user, secret) != (owner.username, owner.password):
                        self.send_response(401)
                        self.send_header("Content-Type", "application/json")
                        self.end_headers()
                        self.wfile.write(b'{"details":"invalid credentials"}')
                        return
                    authorised = True
                access = []
                for scope in query.get("scope", []):
                    kind, _, rest = scope.partition(":")
                    repository, _, actions = rest.rpartition(":")
                    wanted = [a for a in actions.split(",") if a]
                    granted = wanted if authorised else [a for a in wanted if a == "pull"]
                    access.append({"type": kind, "name": repository, "actions": granted})
                token = owner.issue(access)
                body = json.dumps({"token": token, "access_token": token, "expires_in": 300})
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body.encode())

        self.port = self.port or free_port()
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def issue(self, access: list[dict[str, Any]]) -> str:
        import jwt

        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "sub": self.username,
            "aud": SERVICE,
            "exp": now + 300,
            "nbf": now - 10,
            "iat": now,
            "jti": uuid.uuid4().hex,
            "access": access,
        }
        return jwt.encode(claims, self._key_pem, algorithm="RS256", headers={"x5c": [self._x5c]})

    @property
    def realm(self) -> str:
        return f"http://127.0.0.1:{self.port}/token"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


# --------------------------------------------------------------------------- registry


@dataclass
class RunningRegistry:
    host: str
    auth: str
    root: Path
    process: subprocess.Popen[bytes]
    log_path: Path
    username: str = ""
    password: str = ""
    token_server: TokenServer | None = None

    @property
    def port(self) -> int:
        return int(self.host.rsplit(":", 1)[1])

    def logs(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-20_000:]
        except OSError:
            return ""

    def creds(self) -> str:
        return f"{self.username}:{self.password}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        if self.token_server is not None:
            self.token_server.stop()


def _config(root: Path, port: int, auth: dict[str, Any] | None) -> dict[str, Any]:
    config: dict[str, Any] = {
        "version": 0.1,
        "log": {"level": "warn", "accesslog": {"disabled": False}},
        "storage": {
            "filesystem": {"rootdirectory": str(root / "data")},
            "delete": {"enabled": True},
            "cache": {"blobdescriptor": "inmemory"},
        },
        "http": {"addr": f"127.0.0.1:{port}", "secret": "pacto-test-secret"},
    }
    if auth:
        config["auth"] = auth
    return config


def start_registry(root: Path, auth: str = "none", *, timeout: float = 15.0) -> RunningRegistry:
    """Start a registry under ``root`` and wait until ``GET /v2/`` answers."""
    binary = require_tool(REGISTRY_BINARY, "docker-registry")
    root.mkdir(parents=True, exist_ok=True)
    token_server: TokenServer | None = None
    auth_config: dict[str, Any] | None = None
    username = password = ""
    if auth == "basic":
        htpasswd = require_tool("htpasswd", "apache2-utils")
        line = subprocess.run(
            [htpasswd, "-Bbn", USERNAME, PASSWORD], capture_output=True, text=True, check=True
        ).stdout.strip()
        (root / "htpasswd").write_text(line + "\n")
        auth_config = {"htpasswd": {"realm": "pacto-basic", "path": str(root / "htpasswd")}}
        username, password = USERNAME, PASSWORD
    elif auth == "token":
        token_server = TokenServer(root)
        token_server.start()
        auth_config = {
            "token": {
                "realm": token_server.realm,
                "service": SERVICE,
                "issuer": ISSUER,
                "rootcertbundle": str(token_server.cert_path),
            }
        }
        username, password = USERNAME, PASSWORD
    elif auth != "none":
        raise ValueError(f"unknown auth mode {auth!r}")
    last_error = ""
    for _ in range(5):
        port = free_port()
        config_path = root / "config.yml"
        config_path.write_text(json.dumps(_config(root, port, auth_config), indent=2))
        log_path = root / f"registry-{port}.log"
        log = log_path.open("wb")
        process = subprocess.Popen(
            [binary, "serve", str(config_path)], stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        running = RunningRegistry(
            host=f"127.0.0.1:{port}",
            auth=auth,
            root=root,
            process=process,
            log_path=log_path,
            username=username,
            password=password,
            token_server=token_server,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                last_error = f"registry exited with {process.returncode}:\n{running.logs()}"
                break
            try:
                urllib.request.urlopen(f"http://{running.host}/v2/", timeout=1)
                return running
            except urllib.error.HTTPError as exc:
                if exc.code == 401:
                    return running
            except OSError:
                pass
            time.sleep(0.02)
        else:
            last_error = f"registry not ready after {timeout}s:\n{running.logs()}"
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    if token_server is not None:
        token_server.stop()
    raise RuntimeError(f"could not start {REGISTRY_BINARY}: {last_error}")
