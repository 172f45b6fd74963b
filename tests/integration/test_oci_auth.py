"""Credentials against real registries: htpasswd basic auth and bearer tokens from a token
server, through every link of the chain that can be exercised locally."""

from __future__ import annotations

import base64
import json
import stat
import subprocess
import sys

import pytest

from tests.integration.fleet import publishable_fleet

pytestmark = pytest.mark.integration


def _bundle(tmp_path, host, name="catalog-cache"):
    return next(b for b in publishable_fleet(tmp_path / "fleet", host) if b.name == name)


def test_basic_registry_refuses_anonymous_push_then_login_works(
    pacto, registry_basic, tmp_path, pacto_env
):
    bundle = _bundle(tmp_path, registry_basic.host)
    ref = f"oci://{registry_basic.host}/basic/catalog-cache"
    refused = pacto("push", ref, "-p", str(bundle))
    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        f"authentication failed for {registry_basic.host}/basic/catalog-cache:1.1.0: "
    )
    assert refused.stderr.rstrip().endswith(
        "\u2014 run `pacto login` or check PACTO_REGISTRY_TOKEN"
    )
    login = pacto(
        "login",
        registry_basic.host,
        "-u",
        registry_basic.username,
        "--password-stdin",
        stdin=registry_basic.password + "\n",
    )
    assert login.stdout == f"Login succeeded for {registry_basic.host}\n"
    config = tmp_path.parent / "unused"
    from pacto._paths import config_file

    config = config_file(pacto_env)
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert (
        json.loads(config.read_text())["auths"][registry_basic.host]["auth"]
        == base64.b64encode(registry_basic.creds().encode()).decode()
    )
    assert pacto("push", ref, "-p", str(bundle)).exit_code == 0
    assert pacto("pull", ref, "-o", str(tmp_path / "out")).exit_code == 0


def test_wrong_password_is_an_authentication_error(pacto, registry_basic, tmp_path):
    outcome = pacto(
        "pull",
        f"oci://{registry_basic.host}/basic/anything:1.0.0",
        env={
            "PACTO_REGISTRY_USERNAME": registry_basic.username,
            "PACTO_REGISTRY_PASSWORD": "wrong",
        },
    )
    assert outcome.exit_code == 1 and outcome.stderr.startswith("authentication failed for ")


def test_env_credentials_push_and_pull_on_basic_registry(pacto, registry_basic, tmp_path):
    env = {
        "PACTO_REGISTRY_USERNAME": registry_basic.username,
        "PACTO_REGISTRY_PASSWORD": registry_basic.password,
    }
    bundle = _bundle(tmp_path, registry_basic.host, "fraud-check")
    assert (
        pacto(
            "push", f"oci://{registry_basic.host}/env/fraud-check", "-p", str(bundle), env=env
        ).exit_code
        == 0
    )
    pulled = pacto(
        "pull", f"oci://{registry_basic.host}/env/fraud-check", "-o", str(tmp_path / "o"), env=env
    )
    assert pulled.exit_code == 0, pulled


def test_docker_config_cred_helper_is_run_as_a_subprocess(pacto, registry_basic, tmp_path):
    helper_dir = tmp_path / "bin"
    helper_dir.mkdir()
    helper = helper_dir / "docker-credential-pactotest"
    answer = json.dumps(
        {
            "ServerURL": registry_basic.host,
            "Username": registry_basic.username,
            "Secret": registry_basic.password,
        }
    )
    helper.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        f"host = sys.stdin.read().strip()\n"
        f"if sys.argv[1:] == ['get'] and host == {registry_basic.host!r}:\n"
        f"    print({answer!r})\n"
        "else:\n"
        "    sys.exit(1)\n"
    )
    helper.chmod(0o755)
    docker = tmp_path / "docker"
    docker.mkdir()
    (docker / "config.json").write_text(
        json.dumps({"credHelpers": {registry_basic.host: "pactotest"}})
    )
    env = {"DOCKER_CONFIG": str(docker), "PATH": f"{helper_dir}:/usr/bin:/bin"}
    bundle = _bundle(tmp_path, registry_basic.host, "notifications")
    outcome = pacto(
        "push", f"oci://{registry_basic.host}/helper/notifications", "-p", str(bundle), env=env
    )
    assert outcome.exit_code == 0, outcome


def test_docker_config_auths_entry(pacto, registry_basic, tmp_path):
    docker = tmp_path / "docker"
    docker.mkdir()
    auth = base64.b64encode(registry_basic.creds().encode()).decode()
    (docker / "config.json").write_text(
        json.dumps({"auths": {f"http://{registry_basic.host}": {"auth": auth}}})
    )
    bundle = _bundle(tmp_path, registry_basic.host, "session-cache")
    outcome = pacto(
        "push",
        f"oci://{registry_basic.host}/docker/session-cache",
        "-p",
        str(bundle),
        env={"DOCKER_CONFIG": str(docker)},
    )
    assert outcome.exit_code == 0, outcome


def test_token_registry_push_with_scope_upgrade_and_anonymous_pull(
    pacto, registry_token, tmp_path, skopeo
):
    env = {
        "PACTO_REGISTRY_USERNAME": registry_token.username,
        "PACTO_REGISTRY_PASSWORD": registry_token.password,
    }
    bundle = _bundle(tmp_path, registry_token.host, "inventory-db")
    ref = f"oci://{registry_token.host}/token/inventory-db"
    pushed = pacto("push", ref, "-p", str(bundle), env=env)
    assert pushed.exit_code == 0, pushed
    scopes = [r for r in registry_token.token_server.requests if "token%2Finventory-db" in r]
    assert any(r.endswith("%3Apull") for r in scopes) and any("pull%2Cpush" in r for r in scopes)
    anonymous = pacto("pull", ref, "-o", str(tmp_path / "anon"))
    assert anonymous.exit_code == 0, anonymous
    refused = pacto("push", f"oci://{registry_token.host}/token/other:1.0.0", "-p", str(bundle))
    assert refused.exit_code == 1 and refused.stderr.startswith("authentication failed for ")
    listed = subprocess.run(
        [
            skopeo,
            "list-tags",
            "--tls-verify=false",
            "--creds",
            registry_token.creds(),
            f"docker://{registry_token.host}/token/inventory-db",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["Tags"] == ["5.3.1"]


def test_registry_token_env_is_sent_as_bearer(pacto, registry_token, tmp_path):
    token = registry_token.token_server.issue(
        [{"type": "repository", "name": "static/fraud-check", "actions": ["pull", "push"]}]
    )
    bundle = _bundle(tmp_path, registry_token.host, "fraud-check")
    before = len(registry_token.token_server.requests)
    outcome = pacto(
        "push",
        f"oci://{registry_token.host}/static/fraud-check",
        "-p",
        str(bundle),
        env={"PACTO_REGISTRY_TOKEN": token},
    )
    assert outcome.exit_code == 0, outcome
    assert len(registry_token.token_server.requests) == before
