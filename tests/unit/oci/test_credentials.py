"""Each credential source alone, then the chain's order, then ``pacto login``'s file."""

from __future__ import annotations

import base64
import json
import stat
from pathlib import Path

import pytest

from pacto.oci import (
    CloudHelperCredentials,
    CommandOutput,
    Credential,
    CredentialKind,
    CredentialStoreError,
    DockerConfigCredentials,
    ExplicitCredentials,
    GitHubCLICredentials,
    Keychain,
    PactoConfigCredentials,
    default_keychain,
    docker_config_paths,
    store_login,
)


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


class FakeRunner:
    """Answers like a program would; records argv and stdin."""

    def __init__(self, answers: dict[str, CommandOutput]) -> None:
        self.answers = answers
        self.calls: list[tuple[list[str], str | None]] = []

    def __call__(self, argv, stdin):
        self.calls.append((list(argv), stdin))
        return self.answers.get(argv[0], CommandOutput(127, "", "not found"))


def which_all(program: str) -> str:
    return program


# ----------------------------------------------------------------------------- explicit


def test_explicit_token_wins_over_username_and_password():
    source = ExplicitCredentials("u", "p", "tok")
    assert source.lookup("any.io") == Credential.registry_token("tok", source="env token")


def test_explicit_username_needs_a_password():
    assert ExplicitCredentials("u", "", "").lookup("x") is None
    assert ExplicitCredentials("", "p", "").lookup("x") is None
    found = ExplicitCredentials("u", "p", "").lookup("x")
    assert found is not None and (found.kind, found.username, found.password) == (
        CredentialKind.BASIC,
        "u",
        "p",
    )


# ----------------------------------------------------------------------------- pacto config


def test_pacto_config_matches_the_exact_host(tmp_path):
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"auths": {"localhost:5000": {"auth": b64("admin:admin")}}}))
    source = PactoConfigCredentials(path)
    found = source.lookup("localhost:5000")
    assert found is not None and (found.username, found.password) == ("admin", "admin")
    assert source.lookup("localhost") is None


@pytest.mark.parametrize("content", [None, "not json", "[]", '{"auths": {"h": {"auth": "!!"}}}'])
def test_pacto_config_problems_fall_through(tmp_path, content):
    path = tmp_path / "config.json"
    if content is not None:
        path.write_text(content)
    assert PactoConfigCredentials(path).lookup("h") is None


# ----------------------------------------------------------------------------- gh


def test_gh_token_is_used_only_for_github_registries():
    runner = FakeRunner({"gh": CommandOutput(0, "gho_abc\n", "")})
    source = GitHubCLICredentials(runner, which_all)
    found = source.lookup("ghcr.io")
    assert found is not None and (found.username, found.password) == ("x-access-token", "gho_abc")
    assert source.lookup("docker.pkg.github.com") is not None
    assert source.lookup("quay.io") is None
    assert runner.calls[0] == (["gh", "auth", "token"], None)


def test_gh_failures_fall_through():
    assert (
        GitHubCLICredentials(
            FakeRunner({"gh": CommandOutput(1, "", "not logged in")}), which_all
        ).lookup("ghcr.io")
        is None
    )
    assert GitHubCLICredentials(FakeRunner({}), lambda _: None).lookup("ghcr.io") is None


# ----------------------------------------------------------------------------- docker


def _docker(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "config.json"
    path.write_text(json.dumps(document) if not isinstance(document, str) else document)
    return path


def test_docker_auths_entry(tmp_path):
    path = _docker(tmp_path, {"auths": {"https://registry.example.com/v1/": {"auth": b64("u:p")}}})
    found = DockerConfigCredentials([path], FakeRunner({}), which_all).lookup(
        "registry.example.com"
    )
    assert found is not None and (found.username, found.password) == ("u", "p")


def test_docker_hub_uses_the_index_key(tmp_path):
    path = _docker(
        tmp_path, {"auths": {"https://index.docker.io/v1/": {"username": "u", "password": "p"}}}
    )
    assert (
        DockerConfigCredentials([path], FakeRunner({}), which_all).lookup("index.docker.io")
        is not None
    )


def test_docker_identity_and_registry_tokens(tmp_path):
    path = _docker(
        tmp_path,
        {
            "auths": {
                "a.io": {"identitytoken": "refresh", "auth": b64("u:")},
                "b.io": {"registrytoken": "rt"},
            }
        },
    )
    source = DockerConfigCredentials([path], FakeRunner({}), which_all)
    identity = source.lookup("a.io")
    assert identity is not None and identity.kind is CredentialKind.IDENTITY_TOKEN
    assert source.lookup("b.io") == Credential.registry_token("rt", source="docker")


def test_docker_cred_helper_runs_as_a_subprocess(tmp_path):
    path = _docker(
        tmp_path, {"credHelpers": {"x.io": "pass"}, "auths": {"x.io": {"auth": b64("ignored:x")}}}
    )
    runner = FakeRunner(
        {
            "docker-credential-pass": CommandOutput(
                0, json.dumps({"ServerURL": "x.io", "Username": "h", "Secret": "s"}), ""
            )
        }
    )
    found = DockerConfigCredentials([path], runner, which_all).lookup("x.io")
    assert found is not None and (found.username, found.password) == ("h", "s")
    assert runner.calls == [(["docker-credential-pass", "get"], "x.io")]


def test_docker_creds_store_with_identity_token_and_fallback_to_auths(tmp_path):
    path = _docker(tmp_path, {"credsStore": "desktop", "auths": {"y.io": {"auth": b64("u:p")}}})
    runner = FakeRunner(
        {
            "docker-credential-desktop": CommandOutput(
                0, json.dumps({"Username": "<token>", "Secret": "idt"}), ""
            )
        }
    )
    helped = DockerConfigCredentials([path], runner, which_all).lookup("x.io")
    assert helped is not None and helped.kind is CredentialKind.IDENTITY_TOKEN
    failing = FakeRunner(
        {"docker-credential-desktop": CommandOutput(1, "credentials not found", "")}
    )
    found = DockerConfigCredentials([path], failing, which_all).lookup("y.io")
    assert found is not None and found.username == "u"


def test_unparseable_docker_config_is_skipped_with_a_warning(tmp_path, caplog):
    path = _docker(tmp_path, "{broken")
    assert DockerConfigCredentials([path], FakeRunner({}), which_all).lookup("x.io") is None
    assert "unparseable Docker config" in caplog.text


def test_docker_config_location(tmp_path):
    assert docker_config_paths({"DOCKER_CONFIG": str(tmp_path)}) == [tmp_path / "config.json"]
    assert docker_config_paths({"HOME": str(tmp_path), "REGISTRY_AUTH_FILE": "/x/auth.json"}) == [
        __import__("pathlib").Path("/x/auth.json")
    ]
    (tmp_path / ".docker").mkdir()
    (tmp_path / ".docker" / "config.json").write_text("{}")
    assert docker_config_paths({"HOME": str(tmp_path), "REGISTRY_AUTH_FILE": "/x"}) == [
        tmp_path / ".docker" / "config.json"
    ]


# ----------------------------------------------------------------------------- cloud


@pytest.mark.parametrize(
    ("host", "helper"),
    [
        ("123.dkr.ecr.eu-west-1.amazonaws.com", "ecr-login"),
        ("gcr.io", "gcloud"),
        ("eu.gcr.io", "gcloud"),
        ("europe-docker.pkg.dev", "gcloud"),
        ("acme.azurecr.io", "acr-env"),
        ("ghcr.io", None),
    ],
)
def test_cloud_helper_selection(host, helper):
    assert CloudHelperCredentials.helper_for(host) == helper


def test_cloud_helper_needs_the_program_on_path():
    runner = FakeRunner(
        {
            "docker-credential-gcloud": CommandOutput(
                0, json.dumps({"Username": "oauth2accesstoken", "Secret": "t"}), ""
            )
        }
    )
    assert CloudHelperCredentials(runner, which_all).lookup("gcr.io") is not None
    assert CloudHelperCredentials(runner, lambda _: None).lookup("gcr.io") is None


# ----------------------------------------------------------------------------- chain


class Counting:
    def __init__(self, name, credential):
        self.name, self.credential, self.calls = name, credential, 0

    def lookup(self, registry):
        self.calls += 1
        return self.credential


def test_keychain_returns_the_first_credential_and_caches_it():
    first, second = Counting("a", None), Counting("b", Credential.basic("u", "p", source="b"))
    third = Counting("c", Credential.basic("x", "y"))
    chain = Keychain([first, second, third])
    assert chain.resolve("r.io").source == "b"  # type: ignore[union-attr]
    chain.resolve("r.io")
    assert (first.calls, second.calls, third.calls) == (1, 1, 0)


def test_keychain_survives_a_broken_source():
    class Broken:
        name = "broken"

        def lookup(self, registry):
            raise RuntimeError("boom")

    resolved = Keychain([Broken(), Counting("ok", Credential.basic("u", "p"))]).resolve("r")
    assert resolved is not None and resolved.username == "u"


def test_default_keychain_order_env_then_login_then_gh_then_docker(tmp_path):
    config = tmp_path / "pacto.json"
    config.write_text(json.dumps({"auths": {"ghcr.io": {"auth": b64("login:pw")}}}))
    docker = tmp_path / "docker"
    docker.mkdir()
    (docker / "config.json").write_text(
        json.dumps(
            {
                "auths": {
                    "ghcr.io": {"auth": b64("docker:pw")},
                    "quay.io": {"auth": b64("docker:pw")},
                }
            }
        )
    )
    runner = FakeRunner({"gh": CommandOutput(0, "ghtoken", "")})
    env = {"DOCKER_CONFIG": str(docker), "HOME": str(tmp_path)}
    chain = default_keychain(env, config_file=config, runner=runner, which=which_all)
    assert chain.resolve("ghcr.io").username == "login"  # type: ignore[union-attr]
    assert chain.resolve("quay.io").username == "docker"  # type: ignore[union-attr]
    assert chain.resolve("nowhere.io") is None
    with_env = default_keychain(
        {**env, "PACTO_REGISTRY_TOKEN": "t"}, config_file=config, runner=runner, which=which_all
    )
    assert with_env.resolve("ghcr.io").kind is CredentialKind.REGISTRY_TOKEN  # type: ignore[union-attr]
    no_login = default_keychain(
        env, config_file=tmp_path / "missing.json", runner=runner, which=which_all
    )
    assert no_login.resolve("ghcr.io").username == "x-access-token"  # type: ignore[union-attr]


# ----------------------------------------------------------------------------- login file


def test_store_login_writes_mode_0600_in_a_0700_directory(tmp_path):
    path = tmp_path / "cfg" / "pacto" / "config.json"
    assert store_login(path, "localhost:5000", "admin", "s3cret") == "localhost:5000"
    assert json.loads(path.read_text()) == {
        "auths": {"localhost:5000": {"auth": b64("admin:s3cret")}}
    }
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert path.read_text().startswith('{\n  "auths"')


def test_store_login_replaces_one_entry_and_keeps_the_rest(tmp_path):
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"auths": {"a.io": {"auth": b64("a:a")}}, "other": 1}))
    path.chmod(0o644)
    store_login(path, "b.io", "b", "b")
    store_login(path, "a.io", "a2", "a2")
    document = json.loads(path.read_text())
    assert document["other"] == 1
    assert document["auths"] == {"a.io": {"auth": b64("a2:a2")}, "b.io": {"auth": b64("b:b")}}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_store_login_fails_closed_on_an_unparseable_file(tmp_path):
    path = tmp_path / "config.json"
    path.write_text("{not json")
    with pytest.raises(CredentialStoreError, match=f"failed to parse existing {path}"):
        store_login(path, "a.io", "u", "p")
    assert path.read_text() == "{not json"


@pytest.mark.parametrize(
    "alias", ["docker.io", "registry-1.docker.io", "https://index.docker.io/v1/"]
)
def test_store_login_normalises_docker_hub(tmp_path, alias):
    path = tmp_path / "config.json"
    assert store_login(path, alias, "u", "p") == "index.docker.io"
    assert PactoConfigCredentials(path).lookup("index.docker.io") is not None
