"""The registry client against an in-memory distribution API (httpx.MockTransport)."""

from __future__ import annotations

import json

import httpx
import pytest

from pacto.oci import (
    LAYER_MEDIA_TYPE,
    ArtifactNotFoundError,
    AuthenticationError,
    Credential,
    InvalidBundleError,
    RegistryStore,
    RegistryUnreachableError,
    parse_reference,
    parse_repository,
)
from pacto.oci._client import MANIFEST_ACCEPT
from tests.unit.oci.conftest import make_bundle
from tests.unit.oci.fake_registry import FakeRegistry, digest_of, put_artifact


def test_push_then_pull_round_trips_the_bundle(fake, make_client):
    store = RegistryStore(make_client(fake))
    bundle = make_bundle()
    pushed = store.push("registry.test/acme/orders:1.0.0", bundle, force=False)
    assert pushed.pushed and pushed.digest.startswith("sha256:")
    pulled = store.fetch("registry.test/acme/orders:1.0.0")
    assert pulled.digest == pushed.digest
    assert pulled.bundle.contract.service.name == "orders"
    assert pulled.bundle.fs is not None
    assert pulled.bundle.fs.list_files() == [
        "docs/README.md",
        "interfaces/openapi.yaml",
        "pacto.yaml",
    ]
    assert pulled.bundle.origin == "oci://registry.test/acme/orders:1.0.0"


def test_pushed_manifest_has_the_reference_format(fake, make_client):
    store = RegistryStore(make_client(fake))
    pushed = store.push("registry.test/acme/orders:1.0.0", make_bundle(), force=False)
    content, media_type = fake.manifests[("acme/orders", "1.0.0")]
    manifest = json.loads(content)
    assert media_type == "application/vnd.oci.image.manifest.v1+json"
    assert digest_of(content) == pushed.digest
    assert list(manifest) == ["schemaVersion", "mediaType", "config", "layers"]
    assert manifest["config"]["mediaType"] == "application/vnd.docker.container.image.v1+json"
    assert [layer["mediaType"] for layer in manifest["layers"]] == [LAYER_MEDIA_TYPE]
    config = json.loads(fake.blobs[manifest["config"]["digest"]])
    assert list(config) == ["architecture", "created", "history", "os", "rootfs", "config"]
    assert config["config"]["Labels"] == {
        "io.pacto.name": "orders",
        "io.pacto.pactoVersion": "1.0",
        "io.pacto.version": "1.0.0",
    }
    assert config["created"] == "0001-01-01T00:00:00Z"


def test_pushing_the_same_bundle_twice_gives_the_same_digest_and_skips_blob_uploads(
    fake, make_client
):
    store = RegistryStore(make_client(fake))
    first = store.push("registry.test/acme/orders:1.0.0", make_bundle(), force=True)
    fake.log.clear()
    second = store.push("registry.test/acme/orders:1.0.0", make_bundle(), force=True)
    assert first.digest == second.digest
    assert [m for m, _ in fake.log].count("POST") == 0
    assert [m for m, _ in fake.log] == ["HEAD", "HEAD", "PUT"]


def test_existing_tag_is_not_overwritten_without_force(fake, make_client):
    store = RegistryStore(make_client(fake))
    first = store.push("registry.test/acme/orders:1.0.0", make_bundle(), force=False)
    again = store.push("registry.test/acme/orders:1.0.0", make_bundle(extra=b"x: 1\n"), force=False)
    assert not again.pushed and again.digest == first.digest
    forced = store.push("registry.test/acme/orders:1.0.0", make_bundle(extra=b"x: 1\n"), force=True)
    assert forced.pushed and forced.digest != first.digest


def test_upload_put_keeps_the_location_query_and_adds_the_digest(fake, make_client):
    RegistryStore(make_client(fake)).push(
        "registry.test/acme/orders:1.0.0", make_bundle(), force=True
    )
    puts = [url for method, url in fake.log if method == "PUT" and "/uploads/" in url]
    assert puts and all("_state=abc" in url and "digest=sha256%3A" in url for url in puts)


def test_manifest_requests_send_the_accept_list(fake, make_client):
    seen = []
    original = fake.handle

    def spy(request):
        if "/manifests/" in request.url.path and request.method in ("GET", "HEAD"):
            seen.append(request.headers["accept"])
        return original(request)

    fake.handle = spy
    store = RegistryStore(make_client(fake))
    store.push("registry.test/acme/orders:1.0.0", make_bundle(), force=False)
    store.fetch("registry.test/acme/orders:1.0.0")
    assert seen and set(seen) == {MANIFEST_ACCEPT}
    assert "application/vnd.oci.image.index.v1+json" in MANIFEST_ACCEPT


def test_requests_carry_the_pacto_user_agent(fake, make_client):
    agents = []
    original = fake.handle

    def spy(request):
        agents.append(request.headers["user-agent"])
        return original(request)

    fake.handle = spy
    with pytest.raises(ArtifactNotFoundError):
        RegistryStore(make_client(fake)).list_tags("registry.test/acme/none")
    assert agents and all(agent.startswith("pacto/") for agent in agents)


def test_tags_follow_link_pagination_in_registry_order(fake, make_client):
    fake.page_size = 2
    fake.tags["acme/orders"] = ["1.0.0", "latest", "2.0.0", "1.5.0", "v3.0.0-rc.1"]
    client = make_client(fake)
    assert (
        client.list_tags(parse_repository("registry.test/acme/orders")) == fake.tags["acme/orders"]
    )


def test_unknown_repository_is_not_found(fake, make_client):
    with pytest.raises(ArtifactNotFoundError) as caught:
        RegistryStore(make_client(fake)).fetch("registry.test/acme/ghost:1.0.0")
    assert str(caught.value).startswith("artifact not found: registry.test/acme/ghost:1.0.0")


def test_missing_credentials_raise_authentication_error_with_next_step(make_client):
    fake = FakeRegistry(auth="basic")
    with pytest.raises(AuthenticationError) as caught:
        RegistryStore(make_client(fake)).fetch("registry.test/acme/orders:1.0.0")
    message = str(caught.value)
    assert message.startswith(
        "authentication failed for registry.test/acme/orders:1.0.0: "
        "GET https://registry.test/v2/acme/orders/manifests/1.0.0: UNAUTHORIZED"
    )
    assert message.endswith("\u2014 run `pacto login` or check PACTO_REGISTRY_TOKEN")


def test_basic_auth_is_sent_after_the_challenge_and_then_proactively(make_client, basic_credential):
    fake = FakeRegistry(auth="basic")
    store = RegistryStore(make_client(fake, basic_credential))
    store.push("registry.test/acme/orders:1.0.0", make_bundle(), force=False)
    statuses = fake.log
    assert store.fetch("registry.test/acme/orders:1.0.0").bundle.contract.service.version == "1.0.0"
    assert len(statuses) > 3


def test_bearer_flow_upgrades_scope_and_caches_tokens(make_client, basic_credential):
    fake = FakeRegistry(auth="bearer")
    store = RegistryStore(make_client(fake, basic_credential))
    store.push("registry.test/acme/orders:1.0.0", make_bundle(), force=False)
    scopes = [r.url.params.get("scope") for r in fake.token_requests]
    # a pull token for the existence check, then one pull,push token for the whole upload
    assert scopes == ["repository:acme/orders:pull", "repository:acme/orders:pull,push"]
    assert all(r.headers["authorization"].startswith("Basic ") for r in fake.token_requests)
    store.fetch("registry.test/acme/orders:1.0.0")
    assert len(fake.token_requests) == 2  # the pull,push token covers pulls


def test_anonymous_bearer_pull_works_and_anonymous_push_is_refused(make_client, basic_credential):
    fake = FakeRegistry(auth="bearer")
    RegistryStore(make_client(fake, basic_credential)).push(
        "registry.test/acme/orders:1.0.0", make_bundle(), force=True
    )
    anonymous = RegistryStore(make_client(fake))
    assert (
        anonymous.fetch("registry.test/acme/orders:1.0.0").bundle.contract.service.name == "orders"
    )
    with pytest.raises(AuthenticationError):
        anonymous.push("registry.test/acme/orders:2.0.0", make_bundle(version="2.0.0"), force=True)


def test_registry_token_credential_is_sent_without_exchange(make_client):
    fake = FakeRegistry(auth="bearer")
    store = RegistryStore(make_client(fake, Credential.registry_token("static-registry-token")))
    store.push("registry.test/acme/orders:1.0.0", make_bundle(), force=False)
    assert fake.token_requests == []


def test_identity_token_uses_the_oauth2_refresh_grant(make_client):
    fake = FakeRegistry(auth="bearer")
    store = RegistryStore(make_client(fake, Credential.identity_token("refresh-me")))
    store.push("registry.test/acme/orders:1.0.0", make_bundle(), force=False)
    assert {r.method for r in fake.token_requests} == {"POST"}
    assert b"grant_type=refresh_token" in fake.token_requests[0].content


def test_rejected_token_credentials_are_an_authentication_error(make_client):
    fake = FakeRegistry(auth="bearer")
    store = RegistryStore(make_client(fake, Credential.basic("alice", "wrong")))
    with pytest.raises(AuthenticationError, match="token request"):
        store.fetch("registry.test/acme/orders:1.0.0")


def test_server_errors_are_retried_with_backoff(fake, make_client, sleeps):
    store = RegistryStore(make_client(fake))
    store.push("registry.test/acme/orders:1.0.0", make_bundle(), force=True)
    fake.fail("GET", r"/manifests/", times=2, status=503)
    assert store.fetch("registry.test/acme/orders:1.0.0").bundle.contract.service.name == "orders"
    assert len(sleeps) == 2 and sleeps[0] <= sleeps[1] * 2


def test_retry_after_is_honoured_on_429(fake, make_client, sleeps):
    store = RegistryStore(make_client(fake))
    store.push("registry.test/acme/orders:1.0.0", make_bundle(), force=True)
    fake.fail("GET", r"/manifests/", times=1, status=429, headers={"Retry-After": "2"})
    store.fetch("registry.test/acme/orders:1.0.0")
    assert sleeps == [2.0]


def test_persistent_server_errors_become_unreachable_error(fake, make_client, sleeps):
    store = RegistryStore(make_client(fake))
    fake.fail("GET", r"/manifests/", times=99, status=500)
    with pytest.raises(RegistryUnreachableError) as caught:
        store.fetch("registry.test/acme/orders:1.0.0")
    assert str(caught.value).startswith(
        "registry unreachable for registry.test/acme/orders:1.0.0: "
        "GET https://registry.test/v2/acme/orders/manifests/1.0.0: 500"
    )
    assert len(sleeps) == 2


def test_connection_resets_during_blob_download_are_retried(fake, make_client):
    store = RegistryStore(make_client(fake))
    store.push("registry.test/acme/orders:1.0.0", make_bundle(), force=True)
    fake.reset("GET", r"/blobs/sha256", times=2)
    assert store.fetch("registry.test/acme/orders:1.0.0").bundle.contract.service.name == "orders"


def test_blob_upload_is_retried_as_a_whole_after_a_reset(fake, make_client):
    store = RegistryStore(make_client(fake))
    fake.reset("PUT", r"/uploads/", times=1)
    fake.fail("POST", r"/uploads/", times=1, status=502)
    result = store.push("registry.test/acme/orders:1.0.0", make_bundle(), force=True)
    assert store.fetch("registry.test/acme/orders:1.0.0").digest == result.digest


def test_client_errors_are_not_retried(fake, make_client, sleeps):
    with pytest.raises(ArtifactNotFoundError):
        RegistryStore(make_client(fake)).fetch("registry.test/acme/orders:1.0.0")
    assert sleeps == []


def test_corrupted_layer_is_rejected_by_digest(fake, make_client):
    store = RegistryStore(make_client(fake))
    store.push("registry.test/acme/orders:1.0.0", make_bundle(), force=True)
    manifest = json.loads(fake.manifests[("acme/orders", "1.0.0")][0])
    layer = manifest["layers"][0]["digest"]
    data = bytearray(fake.blobs[layer])
    data[len(data) // 2] ^= 0xFF
    fake.blobs[layer] = bytes(data)
    with pytest.raises(InvalidBundleError, match="digest mismatch"):
        store.fetch("registry.test/acme/orders:1.0.0")


def test_manifest_digest_must_match_a_pinned_reference(fake, make_client):
    store = RegistryStore(make_client(fake))
    store.push("registry.test/acme/orders:1.0.0", make_bundle(), force=True)
    other = "sha256:" + "0" * 64
    content = fake.manifests[("acme/orders", "1.0.0")]
    fake.manifests[("acme/orders", other)] = content
    with pytest.raises(InvalidBundleError, match="manifest digest mismatch"):
        store.fetch(f"registry.test/acme/orders@{other}")


def test_pull_by_digest(fake, make_client):
    store = RegistryStore(make_client(fake))
    digest = store.push("registry.test/acme/orders:1.0.0", make_bundle(), force=True).digest
    assert store.fetch(f"registry.test/acme/orders@{digest}").digest == digest


def test_head_without_digest_header_falls_back_to_get(fake, make_client):
    store = RegistryStore(make_client(fake))
    digest = store.push("registry.test/acme/orders:1.0.0", make_bundle(), force=True).digest
    fake.send_digest_header = False
    assert store.digest("registry.test/acme/orders:1.0.0") == digest


@pytest.mark.parametrize(
    ("layers", "media_type", "message"),
    [
        (0, "application/vnd.oci.image.manifest.v1+json", "image has no layers"),
        (2, "application/vnd.oci.image.manifest.v1+json", "expected 1 layer, got 2"),
        (1, "application/vnd.oci.image.index.v1+json", "is an index"),
    ],
)
def test_images_that_are_not_single_layer_bundles_are_invalid(
    fake, make_client, layers, media_type, message
):
    from pacto.oci import pack_files

    put_artifact(
        fake,
        "acme/odd",
        "1.0.0",
        pack_files({"pacto.yaml": b"x"}),
        layers=layers,
        media_type=media_type,
    )
    with pytest.raises(InvalidBundleError, match=message) as caught:
        RegistryStore(make_client(fake)).fetch("registry.test/acme/odd:1.0.0")
    assert "failed to extract bundle" in str(caught.value)


def test_a_layer_that_is_not_a_bundle_is_invalid(fake, make_client):
    from pacto.oci import pack_files

    put_artifact(fake, "acme/odd", "1.0.0", pack_files({"README.md": b"no contract"}))
    with pytest.raises(InvalidBundleError, match=r"bundle missing pacto\.yaml"):
        RegistryStore(make_client(fake)).fetch("registry.test/acme/odd:1.0.0")


def test_loopback_registry_falls_back_to_plain_http(make_client):
    fake = FakeRegistry(host="127.0.0.1:5000", https_works=False)
    store = RegistryStore(make_client(fake))
    store.push("127.0.0.1:5000/acme/orders:1.0.0", make_bundle(), force=True)
    schemes = {url.split(":", 1)[0] for _, url in fake.log}
    assert schemes == {"http"}


def test_public_registry_never_falls_back_to_plain_http(make_client):
    fake = FakeRegistry(https_works=False)
    with pytest.raises(RegistryUnreachableError, match="WRONG_VERSION_NUMBER"):
        RegistryStore(make_client(fake)).fetch("registry.test/acme/orders:1.0.0")
    assert fake.log == []


def test_configured_insecure_registry_may_use_plain_http(make_client):
    fake = FakeRegistry(https_works=False)
    store = RegistryStore(make_client(fake, insecure_registries={"registry.test"}))
    store.push("registry.test/acme/orders:1.0.0", make_bundle(), force=True)
    assert store.fetch("registry.test/acme/orders:1.0.0").bundle is not None


def test_transport_timeouts_are_typed(make_client, sleeps):
    def slow(request):
        raise httpx.ReadTimeout("timed out", request=request)

    client = make_client(FakeRegistry())
    client._http._transport = httpx.MockTransport(slow)
    with pytest.raises(RegistryUnreachableError, match="timed out"):
        client.head_manifest(parse_reference("registry.test/acme/orders:1.0.0"))
    assert len(sleeps) == 2


class RecordingProgress:
    def __init__(self):
        self.events = []

    def task(self, description, total):
        events = self.events
        events.append(("task", description, total))

        class Task:
            def advance(self, amount):
                events.append(("advance", amount))

            def finish(self):
                events.append(("finish",))

        return Task()

    def close(self):
        self.events.append(("close",))


def test_transfers_report_progress(fake, make_client):
    store = RegistryStore(make_client(fake))
    upload = RecordingProgress()
    store.push("registry.test/acme/orders:1.0.0", make_bundle(), force=True, progress=upload)
    download = RecordingProgress()
    store.fetch("registry.test/acme/orders:1.0.0", progress=download)
    for events in (upload.events, download.events):
        task = events[0]
        assert task[0] == "task" and task[1].endswith("acme/orders") and task[2] > 0
        assert sum(e[1] for e in events if e[0] == "advance") == task[2]
        assert events[-1] == ("finish",)


def test_terminal_progress_only_on_a_tty():
    import io

    from pacto.oci import terminal_progress

    class FakeTTY(io.StringIO):
        def isatty(self):
            return True

    assert terminal_progress(io.StringIO()) is None
    assert terminal_progress(FakeTTY(), enabled=False) is None
    display = terminal_progress(FakeTTY())
    assert display is not None
    display.task("pull acme/orders", 10).advance(10)
    display.close()
