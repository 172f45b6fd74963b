"""pack / push / pull / login through the CLI without a registry: argument errors, messages,
the pack archive and the credentials file."""

from __future__ import annotations

import json
import shutil
import stat

import pytest

from tests.e2e.conftest import run_cli

pytestmark = pytest.mark.e2e


@pytest.fixture
def bundle(tmp_path, examples_dir):
    target = tmp_path / "fraud-check"
    shutil.copytree(examples_dir / "fraud-check", target)
    return target


def test_pack_is_reproducible_and_prints_the_reference_line(bundle, tmp_path):
    first = run_cli(["pack", str(bundle), "-o", str(tmp_path / "a.tar.gz")])
    assert first.exit_code == 0, first.stderr
    assert first.stdout == f"Packed fraud-check@0.7.3 -> {tmp_path / 'a.tar.gz'}\n"
    (bundle / "docs" / "README.md").touch()
    second = run_cli(["pack", str(bundle), "-o", str(tmp_path / "b.tar.gz")])
    assert second.exit_code == 0
    assert (tmp_path / "a.tar.gz").read_bytes() == (tmp_path / "b.tar.gz").read_bytes()
    assert stat.S_IMODE((tmp_path / "a.tar.gz").stat().st_mode) == 0o644


def test_pack_default_output_name_and_overrides(bundle, tmp_path):
    outcome = run_cli(
        ["pack", str(bundle), "--set", "service.version=0.8.0", "--output-format", "json"],
        cwd=tmp_path,
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.json() == {
        "Output": "fraud-check-0.8.0.tar.gz",
        "Name": "fraud-check",
        "Version": "0.8.0",
    }
    assert (tmp_path / "fraud-check-0.8.0.tar.gz").is_file()


def test_pack_inside_the_bundle_excludes_its_own_archive(bundle):
    first = run_cli(["pack", "."], cwd=bundle)
    data = (bundle / "fraud-check-0.7.3.tar.gz").read_bytes()
    second = run_cli(["pack", "."], cwd=bundle)
    assert first.exit_code == second.exit_code == 0
    assert (bundle / "fraud-check-0.7.3.tar.gz").read_bytes() == data


def test_pack_refuses_symbolic_links(bundle):
    (bundle / "docs" / "escape").symlink_to("/etc/hostname")
    outcome = run_cli(["pack", str(bundle), "-o", str(bundle.parent / "x.tar.gz")])
    assert outcome.exit_code == 1
    assert "escape is a symbolic link" in outcome.stderr
    assert not (bundle.parent / "x.tar.gz").exists()


def test_pack_prints_validation_errors_before_failing(bundle, tmp_path):
    outcome = run_cli(
        ["pack", str(bundle), "--set", "service.version=not-semver", "-o", str(tmp_path / "x.tgz")]
    )
    assert outcome.exit_code == 1
    assert outcome.stderr.rstrip().splitlines()[-1].startswith("contract validation failed with ")
    assert "  ERROR [" in outcome.stderr or "invalid contract" in outcome.stderr


def test_push_and_pull_require_oci_references(bundle):
    push = run_cli(["push", "ghcr.io/acme/x:1", "-p", str(bundle)])
    assert push.exit_code == 1
    assert push.stderr == 'push requires an OCI reference (oci://...): got "ghcr.io/acme/x:1"\n'
    pull = run_cli(["pull", "./somewhere"])
    assert pull.stderr == 'pull requires an OCI reference (oci://...): got "./somewhere"\n'


def test_push_refuses_local_dependencies_with_the_two_line_message(tmp_path, examples_dir):
    target = tmp_path / "orders"
    shutil.copytree(examples_dir / "orders", target)
    shutil.copytree(examples_dir / "platform-policy", tmp_path / "platform-policy")
    for name in (
        "payments",
        "inventory",
        "catalog",
        "notifications",
        "order-store",
        "catalog-cache",
        "inventory-db",
    ):
        shutil.copytree(examples_dir / name, tmp_path / name)
    outcome = run_cli(["push", "oci://127.0.0.1:9/acme/orders", "-p", str(target)])
    assert outcome.exit_code == 1
    lines = outcome.stderr.splitlines()
    assert lines[0].startswith("local ") and lines[0].split(": ", 1)[1].startswith("../")
    assert lines[1].startswith("Local ") and lines[1].endswith("(oci://...)")


def test_login_requires_a_username_and_a_terminal_for_the_prompt(tmp_path):
    missing = run_cli(["login", "ghcr.io"])
    assert missing.exit_code == 1 and missing.stderr == "--username is required\n"
    no_tty = run_cli(["login", "ghcr.io", "-u", "me"])
    assert no_tty.exit_code == 1 and no_tty.stderr.startswith("failed to read password: ")


def test_login_stores_credentials_mode_0600(tmp_path, clean_environ):
    outcome = run_cli(["login", "localhost:5000", "-u", "admin", "-p", "admin"])
    assert outcome.exit_code == 0 and outcome.stdout == "Login succeeded for localhost:5000\n"
    path = clean_environ / ".config" / "pacto" / "config.json"
    assert json.loads(path.read_text()) == {
        "auths": {"localhost:5000": {"auth": "YWRtaW46YWRtaW4="}}
    }
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_login_refuses_to_replace_an_unparseable_file(clean_environ):
    path = clean_environ / ".config" / "pacto" / "config.json"
    path.parent.mkdir(parents=True)
    path.write_text("{oops")
    outcome = run_cli(["login", "ghcr.io", "-u", "a", "-p", "b"])
    assert outcome.exit_code == 1 and outcome.stderr.startswith(
        f"failed to parse existing {path}: "
    )
    assert path.read_text() == "{oops"


@pytest.mark.parametrize("args", [["-p", ""], ["--password-stdin"]], ids=["flag", "stdin"])
def test_login_refuses_an_empty_password(clean_environ, args):
    outcome = run_cli(["login", "localhost:5000", "-u", "admin", *args], input="\n")
    assert outcome.exit_code == 1
    assert outcome.stderr == "empty password or token: nothing was stored\n"
    assert not (clean_environ / ".config" / "pacto" / "config.json").exists()
