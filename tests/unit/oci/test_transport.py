"""Scheme selection under concurrency, and the lazily loaded TLS trust store."""

from __future__ import annotations

import threading

import httpx
import pytest

from pacto.oci import Keychain, parse_reference
from pacto.oci._client import RegistryClient, RetryPolicy
from pacto.oci._codec import pack_files
from pacto.oci._http import LazyTrustContext, rejected_certificate
from tests.unit.oci.fake_registry import FakeRegistry, put_artifact


def test_threads_racing_to_a_loopback_registry_switch_to_http_without_backoff() -> None:
    """Both threads fail over HTTPS before either has switched the registry: the one that
    finds it switched already must retry over HTTP at once, not back off like a retry."""
    fake = FakeRegistry(host="127.0.0.1:5000", https_works=False)
    digest = put_artifact(fake, "acme/orders", "1.0.0", pack_files({"pacto.yaml": b"x: 1\n"}))
    both_in_https = threading.Barrier(2, timeout=10)

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.scheme == "https":
            both_in_https.wait()
        return fake.handle(request)

    sleeps: list[float] = []
    client = RegistryClient(
        Keychain([]),
        transport=httpx.MockTransport(handle),
        retry=RetryPolicy(attempts=3, backoff=0.2),
        sleep=sleeps.append,
    )
    ref = parse_reference("127.0.0.1:5000/acme/orders:1.0.0")
    results: list[str] = []
    errors: list[BaseException] = []

    def head() -> None:
        try:
            results.append(client.head_manifest(ref))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=head) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    client.close()
    assert errors == []
    assert results == [digest, digest]
    assert sleeps == []  # no backoff: the loser switched to HTTP immediately
    assert {url.split(":", 1)[0] for _, url in fake.log} == {"http"}


def test_fall_back_decisions() -> None:
    client = RegistryClient(
        Keychain([]), transport=httpx.MockTransport(lambda r: httpx.Response(200))
    )
    error = httpx.ConnectError("refused")
    loopback, public = "127.0.0.1:5000", "registry.test"
    assert client._fall_back(loopback, f"https://{loopback}/v2/", error)  # first: switch
    assert client._fall_back(loopback, f"https://{loopback}/v2/", error)  # switched: retry now
    assert not client._fall_back(loopback, f"http://{loopback}/v2/", error)  # HTTP failed too
    client._confirm("localhost:5000", "https://localhost:5000/v2/")
    assert not client._fall_back("localhost:5000", "https://localhost:5000/v2/", error)
    assert not client._fall_back(public, f"https://{public}/v2/", error)
    assert not client._fall_back(loopback, f"https://{loopback}/v2/", httpx.ReadTimeout("slow"))
    client.close()


def test_building_a_client_loads_no_trust_store() -> None:
    client = RegistryClient(Keychain([]))
    assert isinstance(client._trust, LazyTrustContext)
    assert not client._trust.trust_loaded
    client.close()


def test_the_lazy_context_verifies_like_the_default_one(monkeypatch, tmp_path) -> None:
    import ssl

    context = LazyTrustContext()
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats()["x509_ca"] == 0
    context.load_trust()
    assert context.trust_loaded and context.cert_store_stats()["x509_ca"] > 0


def test_the_lazy_context_honours_ssl_cert_file(monkeypatch, tmp_path) -> None:
    import certifi

    bundle = tmp_path / "ca.pem"
    first = certifi.contents().split("-----END CERTIFICATE-----", 1)[0]
    bundle.write_text(first + "-----END CERTIFICATE-----\n")
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    context = LazyTrustContext()
    context.load_trust()
    assert context.cert_store_stats()["x509_ca"] == 1


def test_only_a_certificate_rejection_means_the_peer_speaks_tls() -> None:
    import ssl

    verification = ssl.SSLCertVerificationError("certificate verify failed")
    wrapped = httpx.ConnectError("handshake")
    wrapped.__cause__ = RuntimeError("core")
    wrapped.__cause__.__cause__ = verification
    assert rejected_certificate(wrapped)
    plain = httpx.ConnectError("[SSL: WRONG_VERSION_NUMBER] wrong version number")
    plain.__cause__ = ssl.SSLError("wrong version number")
    assert not rejected_certificate(plain)


def test_the_credential_chain_is_consulted_only_when_a_registry_asks(tmp_path) -> None:
    """No Docker config read, no ``gh`` or credential helper run for anonymous access."""
    from pacto.oci import (
        AuthenticationError,
        CommandOutput,
        RegistryStore,
        default_keychain,
    )
    from tests.unit.oci.conftest import make_bundle

    calls: list[str] = []

    def runner(argv, stdin):
        calls.append(" ".join(argv))
        return CommandOutput(1, "", "not logged in")

    def which(program: str) -> str:
        calls.append(f"which {program}")
        return f"/usr/bin/{program}"

    docker = tmp_path / "docker"
    docker.mkdir()
    (docker / "config.json").write_text('{"credsStore": "desktop"}')
    env = {"DOCKER_CONFIG": str(docker), "PATH": "/usr/bin"}

    def store_for(fake: FakeRegistry) -> RegistryStore:
        keychain = default_keychain(
            env, config_file=tmp_path / "pacto.json", runner=runner, which=which
        )
        return RegistryStore(RegistryClient(keychain, transport=fake.transport()))

    anonymous = FakeRegistry(host="ghcr.io")
    store = store_for(anonymous)
    store.push("ghcr.io/acme/orders:1.0.0", make_bundle(), force=True)
    assert store.fetch("ghcr.io/acme/orders:1.0.0").bundle is not None
    assert calls == []

    guarded = FakeRegistry(host="ghcr.io", auth="basic")
    with pytest.raises(AuthenticationError):
        store_for(guarded).fetch("ghcr.io/acme/orders:1.0.0")
    assert "which gh" in calls and "which docker-credential-desktop" in calls


def test_each_thread_gets_its_own_transport_closed_when_the_thread_ends() -> None:
    import gc

    from pacto.oci._http import ThreadLocalTransport

    made: list[httpx.MockTransport] = []
    closed: list[httpx.MockTransport] = []

    class Counted(httpx.MockTransport):
        def close(self) -> None:
            closed.append(self)

    def factory() -> httpx.BaseTransport:
        transport = Counted(lambda request: httpx.Response(200, text="ok"))
        made.append(transport)
        return transport

    shared = ThreadLocalTransport(factory)
    client = httpx.Client(transport=shared)
    assert client.get("http://r.test/").text == "ok"
    assert client.get("http://r.test/").text == "ok"
    assert len(made) == 1  # the main thread reuses its transport

    worker = threading.Thread(target=lambda: client.get("http://r.test/"))
    worker.start()
    worker.join()
    del worker
    gc.collect()
    assert len(made) == 2 and closed == [made[1]]  # the worker's went with the worker

    client.close()
    assert closed == [made[1], made[0]]


def test_a_host_name_that_does_not_resolve_is_not_retried() -> None:
    import socket

    import httpx

    from pacto.oci._client import _name_not_resolved

    unresolved = httpx.ConnectError("[Errno -2] Name or service not known")
    unresolved.__cause__ = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    assert _name_not_resolved(unresolved)
    refused = httpx.ConnectError("[Errno 111] Connection refused")
    refused.__cause__ = ConnectionRefusedError(111, "Connection refused")
    assert not _name_not_resolved(refused)
    transient = httpx.ConnectError("Temporary failure in name resolution")
    transient.__cause__ = socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
    assert not _name_not_resolved(transient)
