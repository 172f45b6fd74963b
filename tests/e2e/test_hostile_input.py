"""Hostile input gives a clear one-line error and exit 1: never a traceback, bounded memory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import run_cli

pytestmark = pytest.mark.e2e

HEADER = 'pactoVersion: "1.0"\nservice: {name: svc, version: 1.0.0}\n'


def bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index in range(1, 12):
        previous, name = chr(ord("a") + index - 1), chr(ord("a") + index)
        lines.append(f"{name}: &{name} [{','.join([f'*{previous}'] * 9)}]")
    return "\n".join(lines) + "\n"


CASES: dict[str, tuple[bytes, str]] = {
    "malformed-yaml": (b"pactoVersion: [1.0\nservice: x\n", "failed to parse YAML: line"),
    "alias-bomb": (
        (
            HEADER + "metadata:\n" + "".join("  " + line + "\n" for line in bomb().splitlines())
        ).encode(),
        "amplification",
    ),
    "deep-nesting": (
        (HEADER + "metadata: {a: " + "[" * 1000 + "]" * 1000 + "}\n").encode(),
        "deeper than",
    ),
    "invalid-utf8": (HEADER.encode() + b"metadata: {a: \xc3\x28}\n", "not valid UTF-8"),
    "binary": (b"\x7fELF\x02\x01\x01\x00" + os.urandom(4096), "binary file"),
    "not-a-mapping": (b"- a\n- b\n", "cannot unmarshal !!seq into contract.Contract"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_pacto_yaml_is_a_clear_parse_error(case: str, tmp_path: Path) -> None:
    content, fragment = CASES[case]
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "pacto.yaml").write_bytes(content)
    outcome = run_cli(["validate", "svc"], cwd=tmp_path)
    assert outcome.exit_code == 1
    assert outcome.stdout == "svc is invalid\n"
    error_lines = [line for line in outcome.stderr.splitlines() if "ERROR" in line]
    assert len(error_lines) == 1
    assert "[PARSE_ERROR]" in error_lines[0]
    assert fragment in error_lines[0]
    assert "Traceback" not in outcome.stderr


_MEASURE = """
import resource, subprocess, sys
result = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=120)
sys.stdout.write(result.stdout)
sys.stderr.write(result.stderr)
sys.stderr.write("\\n@@peak_kb=%d\\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(result.returncode)
"""


def run_measured(args: list[str], cwd: Path) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run ``python -m pacto`` under a fresh parent whose only child it is, so the peak RSS read
    there is this command's own (the pytest process's RUSAGE_CHILDREN covers earlier children)."""
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, sys.executable, "-m", "pacto", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=150,
        check=False,
    )
    stderr, _, peak = result.stderr.rpartition("\n@@peak_kb=")
    result.stderr = stderr
    return result, int(peak.strip())


def test_fifty_megabyte_contract_is_refused_without_being_read(tmp_path: Path) -> None:
    (tmp_path / "svc").mkdir()
    with (tmp_path / "svc" / "pacto.yaml").open("wb") as handle:
        handle.write(HEADER.encode())
        handle.write(b"# padding\n" * (5 * 1024 * 1024))
    result, peak_kb = run_measured(["validate", "svc"], tmp_path)
    assert result.returncode == 1
    assert "is 50.0 MB; a contract may be at most 4 MB" in result.stderr
    assert "Traceback" not in result.stderr
    assert peak_kb < 200 * 1024, f"peak RSS {peak_kb} KB"


def test_alias_bomb_memory_stays_bounded(tmp_path: Path) -> None:
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "pacto.yaml").write_text(
        HEADER + "metadata:\n" + "".join("  " + line + "\n" for line in bomb().splitlines())
    )
    result, peak_kb = run_measured(["validate", "svc"], tmp_path)
    assert result.returncode == 1
    assert "amplification" in result.stderr
    assert peak_kb < 200 * 1024, f"peak RSS {peak_kb} KB"


def test_directory_without_pacto_yaml(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    outcome = run_cli(["validate", "empty"], cwd=tmp_path)
    assert outcome.exit_code == 1
    assert "ERROR [PARSE_ERROR] : no pacto.yaml found in empty" in outcome.stderr


def test_explain_of_a_directory_without_pacto_yaml_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    outcome = run_cli(["explain", "empty"], cwd=tmp_path)
    assert outcome.exit_code == 1
    assert outcome.stderr == "no pacto.yaml found in empty\n"


@pytest.mark.parametrize(
    "reference",
    ["../../etc/passwd", "/etc/passwd", "link-out.yaml", "./interfaces/openapi.yaml"],
)
def test_referenced_files_outside_the_bundle_are_not_found(reference: str, tmp_path: Path) -> None:
    root = tmp_path / "svc"
    (root / "interfaces").mkdir(parents=True)
    (root / "interfaces" / "openapi.yaml").write_text("openapi: 3.0.0\n")
    os.symlink("/etc/passwd", root / "link-out.yaml")
    (root / "pacto.yaml").write_text(
        HEADER + f"interfaces:\n  - {{name: api, type: http, port: 80, contract: '{reference}'}}\n"
    )
    outcome = run_cli(["validate", "svc"], cwd=tmp_path)
    assert outcome.exit_code == 1
    assert "ERROR [FILE_NOT_FOUND] interfaces[0].contract" in outcome.stderr
    assert "root:" not in outcome.stderr + outcome.stdout
