"""Scheme selection on real sockets: a plain-HTTP loopback registry is used without ever
loading a CA bundle; a TLS loopback registry is detected by the probe and then verified."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from pacto.contract import Bundle, MemoryFS, parse
from pacto.oci import Keychain, RegistryStore, RegistryUnreachableError, parse_reference
from pacto.oci._client import RegistryClient, RetryPolicy
from tests.integration.registry import RunningRegistry

pytestmark = pytest.mark.integration

DIGEST = "sha256:" + hashlib.sha256(b"manifest").hexdigest()


@dataclass
class TLSRegistry:
    """Answers ``GET /v2/`` and ``HEAD /v2/acme/x/manifests/1.0.0`` over TLS only."""

    host: str
    ca_file: Path
    requests: list[str] = field(default_factory=list)
    server: Any = None

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _self_signed(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pacto-test-registry")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "registry.pem", directory / "registry.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@pytest.fixture
def tls_registry(tmp_path: Path) -> Iterator[TLSRegistry]:
    cert_file, key_file = _self_signed(tmp_path)
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            return None

        def _answer(self) -> None:
            seen.append(f"{self.command} {self.path}")
            if self.path == "/v2/" or self.path == "/v2/acme/x/manifests/1.0.0":
                self.send_response(200)
                self.send_header("Docker-Content-Digest", DIGEST)
            else:
                self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_HEAD = _answer  # noqa: N815 - http.server's handler names

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    registry = TLSRegistry(f"127.0.0.1:{server.server_address[1]}", cert_file, seen, server)
    yield registry
    registry.stop()


def _client(**options: Any) -> RegistryClient:
    options.setdefault("retry", RetryPolicy(attempts=1))
    return RegistryClient(Keychain([]), **options)


def test_a_plain_http_loopback_registry_never_loads_a_ca_bundle(
    registry_noauth: RunningRegistry,
) -> None:
    client = _client()
    store = RegistryStore(client)
    raw = b'pactoVersion: "1.0"\nservice: {name: plain, version: 1.0.0}\n'
    bundle = Bundle(contract=parse(raw), raw_yaml=raw, fs=MemoryFS({"pacto.yaml": raw}))
    ref = f"{registry_noauth.host}/transport/plain:1.0.0"
    pushed = store.push(ref, bundle, force=True)
    assert store.fetch(ref).digest == pushed.digest
    assert client._schemes == {registry_noauth.host: "http"}
    assert not client._trust.trust_loaded
    client.close()


def test_a_tls_loopback_registry_is_detected_and_verified(
    tls_registry: TLSRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_registry.ca_file))
    client = _client()
    ref = parse_reference(f"{tls_registry.host}/acme/x:1.0.0")
    assert client.head_manifest(ref) == DIGEST
    assert client._schemes == {tls_registry.host: "https"}
    assert client._trust.trust_loaded
    assert tls_registry.requests == ["HEAD /v2/acme/x/manifests/1.0.0"]  # the probe sent none
    assert client.head_manifest(ref) == DIGEST  # and the next request goes straight to TLS
    client.close()


def test_an_untrusted_tls_loopback_registry_is_refused(tls_registry: TLSRegistry) -> None:
    client = _client()
    ref = parse_reference(f"{tls_registry.host}/acme/x:1.0.0")
    with pytest.raises(RegistryUnreachableError):
        client.head_manifest(ref)
    assert tls_registry.requests == []
    client.close()
