"""The examples fleet through a real registry: push → pull → validate (→ diff), read back by
skopeo, and an artifact built by another client pulled and validated."""

from __future__ import annotations

import filecmp
import gzip
import hashlib
import io
import json
import subprocess
import tarfile
import urllib.request
from pathlib import Path

import pytest

from pacto.oci import CONFIG_MEDIA_TYPE, LAYER_MEDIA_TYPE, MANIFEST_MEDIA_TYPE
from tests.integration.fleet import publishable_fleet

pytestmark = pytest.mark.integration


def _versions(bundles: list[Path]) -> dict[str, str]:
    import yaml

    return {
        b.name: str(yaml.safe_load((b / "pacto.yaml").read_text())["service"]["version"])
        for b in bundles
    }


def _push_fleet(pacto, registry, tmp_path, namespace):
    bundles = publishable_fleet(tmp_path / namespace, registry.host, namespace)
    for bundle in bundles:
        outcome = pacto(
            "push", f"oci://{registry.host}/{namespace}/{bundle.name}", "-p", str(bundle)
        )
        assert outcome.exit_code == 0, outcome
    return bundles


def test_fleet_round_trip_push_pull_validate_diff(pacto, registry_noauth, tmp_path):
    bundles = _push_fleet(pacto, registry_noauth, tmp_path, "fleet")
    versions = _versions(bundles)
    host = registry_noauth.host
    for bundle in bundles:
        ref = f"{host}/fleet/{bundle.name}:{versions[bundle.name]}"
        out = tmp_path / "pulled" / bundle.name
        pulled = pacto(
            "pull", f"oci://{host}/fleet/{bundle.name}", "-o", str(out), "--output-format", "json"
        )
        assert pulled.exit_code == 0, pulled
        assert pulled.json() == {
            "Ref": ref,
            "Output": str(out),
            "Name": bundle.name,
            "Version": versions[bundle.name],
        }
        comparison = filecmp.dircmp(bundle, out)
        assert not comparison.left_only and not comparison.right_only and not comparison.diff_files
        validated = pacto("validate", f"oci://{ref}")
        assert validated.exit_code == 0, validated
        assert validated.stdout == f"oci://{ref} is valid\n"
        diffed = pacto("diff", f"oci://{ref}", str(bundle), "--output-format", "json")
        assert diffed.exit_code == 0, diffed
        assert diffed.json()["classification"] == "NON_BREAKING"


def test_push_text_output_default_tag_skip_and_force(pacto, registry_noauth, tmp_path):
    bundle = publishable_fleet(tmp_path / "one", registry_noauth.host, "single")
    orders = next(b for b in bundle if b.name == "catalog-cache")
    ref = f"oci://{registry_noauth.host}/single/catalog-cache"
    first = pacto("push", ref, "-p", str(orders))
    assert first.exit_code == 0, first
    lines = first.stdout.splitlines()
    assert (
        lines[0]
        == f"Pushed catalog-cache@1.1.0 -> {registry_noauth.host}/single/catalog-cache:1.1.0"
    )
    assert lines[1].startswith("Digest: sha256:") and len(lines) == 2
    again = pacto("push", ref, "-p", str(orders), "--output-format", "json")
    assert again.exit_code == 0 and again.stdout == ""
    assert again.stderr == (
        f"Warning: artifact already exists: {registry_noauth.host}/single/catalog-cache:1.1.0 "
        "(use --force to overwrite)\n"
    )
    forced = pacto("push", ref, "-p", str(orders), "-f", "--output-format", "json")
    assert forced.exit_code == 0, forced
    assert forced.json()["Digest"] == lines[1].removeprefix("Digest: ")  # reproducible: same digest
    assert list(forced.json()) == ["Ref", "Digest", "Name", "Version"]


def test_pack_writes_the_same_archive_as_the_pushed_layer(pacto, registry_noauth, tmp_path, skopeo):
    bundles = publishable_fleet(tmp_path / "fleet", registry_noauth.host, "packed")
    bundle = next(b for b in bundles if b.name == "fraud-check")
    packed = pacto("pack", str(bundle), "-o", str(tmp_path / "a.tar.gz"), "--output-format", "json")
    assert packed.exit_code == 0, packed
    assert packed.json() == {
        "Output": str(tmp_path / "a.tar.gz"),
        "Name": "fraud-check",
        "Version": "0.7.3",
    }
    again = pacto("pack", str(bundle), "-o", str(tmp_path / "b.tar.gz"))
    assert again.stdout == f"Packed fraud-check@0.7.3 -> {tmp_path / 'b.tar.gz'}\n"
    assert (tmp_path / "a.tar.gz").read_bytes() == (tmp_path / "b.tar.gz").read_bytes()
    pushed = pacto("push", f"oci://{registry_noauth.host}/packed/fraud-check", "-p", str(bundle))
    assert pushed.exit_code == 0, pushed
    manifest = json.loads(
        _skopeo(
            skopeo, "inspect", "--raw", f"docker://{registry_noauth.host}/packed/fraud-check:0.7.3"
        )
    )
    layer_digest = "sha256:" + hashlib.sha256((tmp_path / "a.tar.gz").read_bytes()).hexdigest()
    assert manifest["layers"][0]["digest"] == layer_digest


def _skopeo(binary: str, *args: str) -> str:
    command = [binary, *args[:1], "--tls-verify=false", *args[1:]]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"{command}: {done.stderr}"
    return done.stdout


def test_skopeo_reads_the_artifact_in_the_reference_format(
    pacto, registry_noauth, tmp_path, skopeo
):
    bundles = publishable_fleet(tmp_path / "fleet", registry_noauth.host, "skopeo")
    bundle = next(b for b in bundles if b.name == "orders")
    policy = pacto(
        "push", f"oci://{registry_noauth.host}/skopeo/platform-policy", "-p", str(bundles[0])
    )
    assert bundles[0].name == "platform-policy" and policy.exit_code == 0, policy
    pushed = pacto(
        "push",
        f"oci://{registry_noauth.host}/skopeo/orders",
        "-p",
        str(bundle),
        "--output-format",
        "json",
    )
    assert pushed.exit_code == 0, pushed
    image = f"docker://{registry_noauth.host}/skopeo/orders:1.4.2"
    raw = _skopeo(skopeo, "inspect", "--raw", image)
    assert "sha256:" + hashlib.sha256(raw.encode()).hexdigest() == pushed.json()["Digest"]
    manifest = json.loads(raw)
    assert manifest["schemaVersion"] == 2
    assert manifest["mediaType"] == MANIFEST_MEDIA_TYPE
    assert manifest["config"]["mediaType"] == CONFIG_MEDIA_TYPE
    assert [layer["mediaType"] for layer in manifest["layers"]] == [LAYER_MEDIA_TYPE]
    assert (
        "annotations" not in manifest
        and "artifactType" not in manifest
        and "subject" not in manifest
    )
    assert all("annotations" not in d for d in [manifest["config"], *manifest["layers"]])
    config = json.loads(_skopeo(skopeo, "inspect", "--config", "--raw", image))
    assert config["config"]["Labels"] == {
        "io.pacto.name": "orders",
        "io.pacto.pactoVersion": "1.0",
        "io.pacto.version": "1.4.2",
    }
    assert config["rootfs"]["type"] == "layers" and len(config["rootfs"]["diff_ids"]) == 1
    assert config["created"] == "0001-01-01T00:00:00Z"
    tags = json.loads(
        _skopeo(skopeo, "list-tags", f"docker://{registry_noauth.host}/skopeo/orders")
    )
    assert tags["Tags"] == ["1.4.2"]
    assert tags["Repository"] == f"{registry_noauth.host}/skopeo/orders"


def _foreign_layer(bundle: Path) -> bytes:
    """A tar.gz written the way other tools write it: ``./`` prefixes, trailing ``/`` on
    directories, real mtimes, owners, a named gzip header."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as archive:
        for path in sorted(bundle.rglob("*"), reverse=True):
            info = archive.gettarinfo(str(path), arcname="./" + str(path.relative_to(bundle)))
            info.uid, info.uname = 1000, "dev"
            if info.isdir():
                info.name += "/"
                archive.addfile(info)
            else:
                archive.addfile(info, io.BytesIO(path.read_bytes()))
    compressed = io.BytesIO()
    with gzip.GzipFile(
        filename="bundle.tar", fileobj=compressed, mode="wb", mtime=1_700_000_000
    ) as stream:
        stream.write(raw.getvalue())
    return compressed.getvalue()


def _http_push(
    host: str, repository: str, tag: str, blobs: list[bytes], manifest: bytes, media_type: str
) -> None:
    for blob in blobs:
        digest = "sha256:" + hashlib.sha256(blob).hexdigest()
        start = urllib.request.Request(
            f"http://{host}/v2/{repository}/blobs/uploads/", method="POST"
        )
        with urllib.request.urlopen(start) as response:
            location = response.headers["Location"]
        separator = "&" if "?" in location else "?"
        if location.startswith("/"):
            location = f"http://{host}{location}"
        put = urllib.request.Request(
            f"{location}{separator}digest={digest}", data=blob, method="PUT"
        )
        put.add_header("Content-Type", "application/octet-stream")
        urllib.request.urlopen(put).close()
    request = urllib.request.Request(
        f"http://{host}/v2/{repository}/manifests/{tag}", data=manifest, method="PUT"
    )
    request.add_header("Content-Type", media_type)
    urllib.request.urlopen(request).close()


def test_an_artifact_pushed_by_another_client_pulls_and_validates(pacto, registry_noauth, tmp_path):
    bundles = publishable_fleet(tmp_path / "fleet", registry_noauth.host, "foreign")
    bundle = next(b for b in bundles if b.name == "inventory-db")
    layer = _foreign_layer(bundle)
    tar = gzip.decompress(layer)
    config = json.dumps(
        {
            "architecture": "",
            "container_config": {},
            "created": "0001-01-01T00:00:00Z",
            "history": [{"created": "0001-01-01T00:00:00Z"}],
            "os": "",
            "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(tar).hexdigest()]},
            "config": {
                "Labels": {
                    "io.pacto.name": "inventory-db",
                    "io.pacto.pactoVersion": "1.0",
                    "io.pacto.version": "5.3.1",
                }
            },
        }
    ).encode()
    manifest = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": MANIFEST_MEDIA_TYPE,
            "config": {
                "mediaType": CONFIG_MEDIA_TYPE,
                "size": len(config),
                "digest": "sha256:" + hashlib.sha256(config).hexdigest(),
            },
            "layers": [
                {
                    "mediaType": LAYER_MEDIA_TYPE,
                    "size": len(layer),
                    "digest": "sha256:" + hashlib.sha256(layer).hexdigest(),
                }
            ],
        },
        indent=2,
    ).encode()
    _http_push(
        registry_noauth.host,
        "foreign/inventory-db",
        "5.3.1",
        [config, layer],
        manifest,
        MANIFEST_MEDIA_TYPE,
    )
    _http_push(
        registry_noauth.host, "foreign/inventory-db", "latest", [], manifest, MANIFEST_MEDIA_TYPE
    )
    ref = f"oci://{registry_noauth.host}/foreign/inventory-db"
    pulled = pacto("pull", ref, "-o", str(tmp_path / "out"))
    assert pulled.exit_code == 0, pulled
    assert pulled.stdout == f"Pulled inventory-db@5.3.1 -> {tmp_path / 'out'}/\n"
    assert (tmp_path / "out" / "pacto.yaml").read_bytes() == (bundle / "pacto.yaml").read_bytes()
    validated = pacto("validate", ref)
    assert validated.exit_code == 0, validated


def test_diff_between_a_pulled_and_a_local_bundle(pacto, registry_noauth, tmp_path):
    bundles = publishable_fleet(tmp_path / "fleet", registry_noauth.host, "diffed")
    bundle = next(b for b in bundles if b.name == "ledger")
    for published in (bundles[0], bundle):
        outcome = pacto(
            "push", f"oci://{registry_noauth.host}/diffed/{published.name}", "-p", str(published)
        )
        assert outcome.exit_code == 0, outcome
    outcome = pacto(
        "diff",
        f"oci://{registry_noauth.host}/diffed/ledger",
        str(bundle),
        "--output-format",
        "json",
    )
    assert outcome.exit_code == 0, outcome
    assert outcome.json()["classification"] == "NON_BREAKING"


def test_pull_errors_are_typed_with_a_next_step(pacto, registry_noauth):
    missing = pacto("pull", f"oci://{registry_noauth.host}/nothing/here:1.0.0")
    assert missing.exit_code == 1
    assert missing.stderr.startswith(
        f"artifact not found: {registry_noauth.host}/nothing/here:1.0.0 \u2014 "
    )
    bad = pacto("pull", "oci://Bad Ref")
    assert bad.exit_code == 1 and bad.stderr.startswith('invalid OCI reference "Bad Ref": ')
    local = pacto("pull", "ghcr.io/acme/x:1")
    assert local.stderr == 'pull requires an OCI reference (oci://...): got "ghcr.io/acme/x:1"\n'
    down = pacto("pull", "oci://127.0.0.1:9/acme/x:1.0.0")
    assert down.exit_code == 1 and down.stderr.startswith(
        "registry unreachable for 127.0.0.1:9/acme/x:1.0.0: "
    )
