"""``pacto dashboard`` argument parsing and the no-source failure (§2.1, §17 scenarios 1-2)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pacto.cli import cli
from pacto.cli._context import CliContext
from pacto.cli.dashboard import kube_settings, parse_sources


def test_two_local_paths_are_refused():
    with pytest.raises(
        click.UsageError,
        match=re.escape('only one local path is allowed, got both "./a" and "./b"'),
    ):
        parse_sources(("./a", "./b"), (), {})


def test_an_empty_oci_reference_is_refused():
    with pytest.raises(click.UsageError, match='empty OCI reference: "oci://"'):
        parse_sources(("oci://",), (), {})


def test_repositories_from_the_environment_only_without_arguments():
    parsed = parse_sources((), (), {"PACTO_DASHBOARD_REPO": "r1,r2"})
    assert (parsed.directory, parsed.repos) == (".", ["r1", "r2"])
    parsed = parse_sources(("oci://r3", "dir"), ("oci://r4",), {"PACTO_DASHBOARD_REPO": "r1"})
    assert (parsed.directory, parsed.repos) == ("dir", ["r3", "r4"])


def test_kube_settings_prefer_kubeconfig_env_then_home(tmp_path: Path):
    assert kube_settings({"HOME": str(tmp_path)}, "", "").kubeconfig == ""
    config = tmp_path / ".kube" / "config"
    config.parent.mkdir()
    config.write_text("apiVersion: v1\n")
    assert kube_settings({"HOME": str(tmp_path)}, "", "").kubeconfig == str(config)
    assert kube_settings({"KUBECONFIG": "/a:/b"}, "", "ctx").kubeconfig == "/a:/b"
    assert kube_settings({}, "/explicit", "").kubeconfig == "/explicit"


def test_no_sources_prints_every_reason_and_fails(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = {"HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = CliRunner().invoke(cli, ["dashboard", str(tmp_path)], obj=CliContext(env=env))
    assert result.exit_code != 0
    output = result.output
    assert "No data sources detected:" in output
    assert f"  local: no pacto.yaml found in {tmp_path}" in output
    assert "  k8s: Kubernetes client not available" in output
    assert "at least one data source must be available" in output


def test_dashboard_help_names_the_flags():
    result = CliRunner().invoke(cli, ["dashboard", "--help"], obj=CliContext(env={}))
    assert result.exit_code == 0
    for flag in ("--host", "--port", "--namespace", "--diagnostics", "--kubeconfig", "--context"):
        assert flag in result.output


@pytest.mark.parametrize(
    ("args", "env_port"),
    [(["--port", "-1"], None), (["--port", "65536"], None), ([], "70000")],
    ids=["negative", "too-large", "from-the-environment"],
)
def test_a_port_outside_the_tcp_range_is_a_usage_error_before_any_discovery(
    tmp_path: Path, examples_dir: Path, args: list[str], env_port: str | None
):
    env = {"HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    if env_port is not None:
        env["PACTO_DASHBOARD_PORT"] = env_port
    result = CliRunner().invoke(
        cli, ["dashboard", str(examples_dir), *args], obj=CliContext(env=env)
    )
    assert result.exit_code != 0 and isinstance(result.exception, SystemExit)
    assert "is not a TCP port (0-65535)" in result.output
    assert "Detected sources" not in result.output
    assert "OverflowError" not in result.output
