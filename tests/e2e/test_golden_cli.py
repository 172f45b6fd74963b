"""The CLI's JSON and text outputs pinned byte for byte by golden files (tests/golden/cli/).

Regenerate only on purpose: ``PACTO_UPDATE_GOLDEN=1 pytest tests/e2e/test_golden_cli.py``,
then review the diff by hand.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.e2e.conftest import run_cli

pytestmark = pytest.mark.e2e

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "cli"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# Read at import: the autouse clean_environ fixture strips PACTO_* before each test runs.
UPDATE = os.environ.get("PACTO_UPDATE_GOLDEN") == "1"

BROKEN = """pactoVersion: "1.0"
service:
  name: broken
  version: banana
interfaces:
  - name: api
    type: http
    port: 8080
  - name: api
    type: event
    contract: events.yaml
    port: 9000
runtime:
  workload: job
  state:
    type: stateless
    persistence: {scope: local, durability: ephemeral}
    dataCriticality: low
  lifecycle: {upgradeStrategy: ordered}
  health: {interface: web, path: /health}
scaling: {min: 1, max: 2}
"""

CASES = {
    "validate-valid.json": (["validate", "orders", "--output-format", "json"], "orders"),
    "validate-valid.txt": (["validate", "orders"], "orders"),
    "validate-invalid.json": (["validate", "broken", "--output-format", "json"], "broken"),
    "validate-invalid.txt": (["validate", "broken"], "broken"),
    "validate-parse-error.json": (["validate", "missing", "--output-format", "json"], None),
    "explain-orders.json": (["explain", "orders", "--output-format", "json"], "orders"),
    "explain-orders.txt": (["explain", "orders"], "orders"),
    "explain-gateway.txt": (["explain", "api-gateway"], "api-gateway"),
    "init.json": (["init", "fresh", "--output-format", "json"], None),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_cli_output_matches_its_golden_file(name: str, tmp_path: Path) -> None:
    args, bundle = CASES[name]
    if bundle == "broken":
        (tmp_path / "broken").mkdir()
        (tmp_path / "broken" / "pacto.yaml").write_text(BROKEN)
    elif bundle is not None:
        shutil.copytree(EXAMPLES, tmp_path, dirs_exist_ok=True)
    outcome = run_cli(args, cwd=tmp_path)
    actual = outcome.stdout
    if name.endswith(".txt"):
        actual += "--- stderr ---\n" + outcome.stderr
    actual += f"--- exit {outcome.exit_code} ---\n" if name.endswith(".txt") else ""
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual)
    assert path.is_file(), f"missing golden file {path}; run with PACTO_UPDATE_GOLDEN=1"
    assert actual == path.read_text()
