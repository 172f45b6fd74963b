"""Global behaviour of the CLI: help, version, exit codes, flags anywhere, output formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pacto import __version__
from pacto.cli.root import COMMANDS
from tests.e2e.conftest import run_cli, run_subprocess

pytestmark = pytest.mark.e2e


def test_help_lists_every_command() -> None:
    outcome = run_cli(["--help"])
    assert outcome.exit_code == 0
    for name in COMMANDS:
        assert name in outcome.stdout


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_text(name: str) -> None:
    outcome = run_cli([name, "--help"])
    assert outcome.exit_code == 0, outcome.stderr
    assert "Usage: pacto" in outcome.stdout
    assert len(outcome.stdout.strip().splitlines()) > 3


def test_help_command_shows_a_command_s_help() -> None:
    outcome = run_cli(["help", "validate"])
    assert outcome.exit_code == 0
    assert "cross-field references" in outcome.stdout


def test_unknown_command_exits_1_with_a_one_line_reason() -> None:
    outcome = run_cli(["frobnicate"])
    assert outcome.exit_code == 1
    assert "No such command 'frobnicate'" in outcome.stderr
    assert outcome.stdout == ""


def test_unknown_flag_exits_1() -> None:
    outcome = run_cli(["validate", "--frobnicate"])
    assert outcome.exit_code == 1
    assert "No such option" in outcome.stderr


def test_version_prints_four_aligned_lines() -> None:
    outcome = run_cli(["version"])
    lines = outcome.stdout.splitlines()
    assert [line[:22].strip() for line in lines] == [
        "Pacto:",
        "Git Commit:",
        "Build Date:",
        "Go OS/Arch:",
    ]
    assert lines[0][22:] == __version__


def test_version_json_and_markdown() -> None:
    assert run_cli(["version", "--output-format", "json"]).json()["version"] == __version__
    markdown = run_cli(["--output-format", "markdown", "version"]).stdout
    assert markdown.startswith("| Field | Value |")


def test_invalid_output_format_is_a_usage_error() -> None:
    outcome = run_cli(["--output-format", "yaml", "version"])
    assert outcome.exit_code == 1
    assert "yaml" in outcome.stderr


def test_output_format_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACTO_OUTPUT_FORMAT", "json")
    assert run_cli(["version"]).json()["version"] == __version__


def test_output_format_from_config_file(tmp_path: Path) -> None:
    config = tmp_path / "cfg.yaml"
    config.write_text("output-format: json\n")
    assert run_cli(["--config", str(config), "version"]).json()["version"] == __version__


def test_flag_beats_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACTO_OUTPUT_FORMAT", "json")
    assert run_cli(["version", "--output-format", "text"]).stdout.startswith("Pacto:")


def test_schema_prints_the_contract_json_schema() -> None:
    outcome = run_cli(["schema"])
    schema = json.loads(outcome.stdout)
    assert schema["$id"] == "https://pacto.trianalab.com/schema/v1.0"
    assert "service" in schema["properties"]


def test_completion_script_for_bash() -> None:
    outcome = run_cli(["completion", "bash"])
    assert outcome.exit_code == 0
    assert "_PACTO_COMPLETE" in outcome.stdout


def test_python_dash_m_entry_point_and_exit_codes(tmp_path: Path) -> None:
    ok = run_subprocess(["version"], cwd=tmp_path)
    assert ok.exit_code == 0 and ok.stdout.startswith("Pacto:")
    missing = run_subprocess(["validate", "nowhere"], cwd=tmp_path)
    assert missing.exit_code == 1
    assert missing.stdout == "nowhere is invalid\n"
    assert "PARSE_ERROR" in missing.stderr
    assert "validation failed with 1 error(s)" in missing.stderr
    assert "Traceback" not in missing.stderr
