"""Every command has help text and a section in docs/commands.md; the docs name no command
that does not exist (in the spirit of datasette's tests/test_docs.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from pacto.cli import cli
from pacto.cli.root import COMMANDS

DOCS = Path(__file__).resolve().parent.parent / "docs"
SECTIONS = set(re.findall(r"^## pacto (\S+)$", (DOCS / "commands.md").read_text(), re.M))


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_and_a_docs_section(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "not available in this build" not in result.output
    assert name in SECTIONS, f"docs/commands.md has no '## pacto {name}' section"


def test_docs_describe_only_existing_commands() -> None:
    assert set(COMMANDS) >= SECTIONS


def test_readme_links_the_docs() -> None:
    readme = (DOCS.parent / "README.md").read_text()
    assert "docs/commands.md" in readme
    assert "docs/architecture.md" in readme
