"""``pacto validate`` end to end: outputs, exit codes, overrides, locations, SARIF."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.e2e.conftest import run_cli

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]

VALID = """pactoVersion: "1.0"
service:
  name: svc
  version: 1.0.0
interfaces:
  - name: api
    type: http
    port: 8080
runtime:
  workload: service
  state:
    type: stateless
    persistence: {scope: local, durability: ephemeral}
    dataCriticality: low
  health:
    interface: api
    path: /health
"""


def sarif_schema() -> dict[str, object]:
    """The OASIS SARIF 2.1.0 schema, installed from npm by scripts/setup (never committed)."""
    path = (
        REPO
        / "node_modules"
        / "@microsoft"
        / "jest-sarif"
        / "lib"
        / "schemas"
        / "sarif-2.1.0-rtm.5.json"
    )
    if not path.is_file():
        pytest.fail(f"{path} is missing: run scripts/setup (npm ci installs the SARIF schema)")
    loaded: dict[str, object] = json.loads(path.read_text())
    return loaded


def write_bundle(root: Path, text: str = VALID) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pacto.yaml").write_text(text)
    return root


def test_valid_bundle_text_output(tmp_path: Path) -> None:
    write_bundle(tmp_path / "svc")
    outcome = run_cli(["validate", "svc"], cwd=tmp_path)
    assert outcome.exit_code == 0
    assert outcome.stdout == "svc is valid\n"
    assert outcome.stderr == ""


def test_valid_bundle_json_uses_the_reference_keys(tmp_path: Path) -> None:
    write_bundle(tmp_path / "svc")
    outcome = run_cli(["validate", "svc", "--output-format", "json"], cwd=tmp_path)
    assert outcome.exit_code == 0
    assert (
        outcome.stdout
        == '{\n  "Path": "svc",\n  "Valid": true,\n  "Errors": null,\n  "Warnings": null\n}\n'
    )


def test_invalid_bundle_prints_located_errors_and_exits_1(tmp_path: Path) -> None:
    write_bundle(tmp_path / "svc", VALID.replace("interface: api", "interface: web"))
    outcome = run_cli(["validate", "svc"], cwd=tmp_path)
    assert outcome.exit_code == 1
    assert outcome.stdout == "svc is invalid\n"
    lines = outcome.stderr.splitlines()
    assert lines[0] == (
        "  svc/pacto.yaml:16:16: ERROR [HEALTH_INTERFACE_NOT_FOUND] runtime.health.interface: "
        'health interface "web" does not match any declared interface'
    )
    assert lines[-1] == "validation failed with 1 error(s)"


def test_invalid_bundle_json_keeps_reference_keys_and_adds_locations(tmp_path: Path) -> None:
    write_bundle(tmp_path / "svc", VALID.replace("interface: api", "interface: web"))
    outcome = run_cli(["--output-format", "json", "validate", "svc"], cwd=tmp_path)
    document = outcome.json()
    assert outcome.exit_code == 1
    assert list(document) == ["Path", "Valid", "Errors", "Warnings"]
    (error,) = document["Errors"]
    assert list(error)[:3] == ["Path", "Code", "Message"]
    assert error["Code"] == "HEALTH_INTERFACE_NOT_FOUND"
    assert error["Location"]["Line"] == 16
    assert document["Warnings"] is None


def test_parse_error_becomes_a_single_parse_error_finding(tmp_path: Path) -> None:
    write_bundle(tmp_path / "svc", VALID + "extra: 1\n")
    outcome = run_cli(["validate", "svc", "--output-format", "json"], cwd=tmp_path)
    document = outcome.json()
    assert outcome.exit_code == 1
    assert [e["Code"] for e in document["Errors"]] == ["PARSE_ERROR"]
    assert document["Errors"][0]["Path"] == ""
    assert "field extra not found" in document["Errors"][0]["Message"]


def test_default_path_is_the_working_directory(tmp_path: Path) -> None:
    write_bundle(tmp_path)
    outcome = run_cli(["validate"], cwd=tmp_path)
    assert outcome.stdout == ". is valid\n"


def test_overrides_apply_before_validation(tmp_path: Path) -> None:
    write_bundle(tmp_path / "svc")
    (tmp_path / "prod.yaml").write_text("scaling: {min: 2, max: 4}\n")
    ok = run_cli(["validate", "svc", "-f", "prod.yaml", "--set", "scaling.max=6"], cwd=tmp_path)
    assert ok.exit_code == 0, ok.stderr
    bad = run_cli(
        ["validate", "svc", "--set", "scaling.min=5", "--set", "scaling.max=2"], cwd=tmp_path
    )
    assert bad.exit_code == 1
    assert "SCALING_MIN_EXCEEDS_MAX" in bad.stderr


def test_override_producing_an_invalid_contract_is_a_parse_error(tmp_path: Path) -> None:
    write_bundle(tmp_path / "svc")
    outcome = run_cli(["validate", "svc", "--set", "runtime.state.type=invalid"], cwd=tmp_path)
    assert outcome.exit_code == 1
    assert "ERROR [PARSE_ERROR] : overrides produce an invalid contract:" in outcome.stderr


def test_missing_values_file_is_reported(tmp_path: Path) -> None:
    write_bundle(tmp_path / "svc")
    outcome = run_cli(["validate", "svc", "-f", "missing.yaml"], cwd=tmp_path)
    assert outcome.exit_code == 1
    assert 'failed to apply overrides: failed to read values file "missing.yaml"' in outcome.stderr


def test_warnings_do_not_fail(tmp_path: Path) -> None:
    text = VALID.replace("  health:", "  lifecycle: {upgradeStrategy: ordered}\n  health:")
    write_bundle(tmp_path / "svc", text)
    outcome = run_cli(["validate", "svc"], cwd=tmp_path)
    assert outcome.exit_code == 0
    assert "WARN  [UPGRADE_STRATEGY_STATE_MISMATCH]" in outcome.stderr


def test_sarif_output_is_valid_sarif_2_1_0(tmp_path: Path) -> None:
    import jsonschema

    write_bundle(tmp_path / "svc", VALID.replace("interface: api", "interface: web"))
    outcome = run_cli(["validate", "svc", "--output-format", "sarif"], cwd=tmp_path)
    document = json.loads(outcome.stdout)
    jsonschema.Draft4Validator(sarif_schema()).validate(document)
    (result,) = document["runs"][0]["results"]
    assert result["ruleId"] == "HEALTH_INTERFACE_NOT_FOUND"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 16, "startColumn": 16}
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "svc/pacto.yaml"


def test_every_example_bundle_is_valid(examples_dir: Path) -> None:
    bundles = sorted(p for p in examples_dir.rglob("pacto.yaml"))
    assert len(bundles) >= 8
    for contract in bundles:
        outcome = run_cli(["validate", str(contract.parent)])
        assert outcome.exit_code == 0, f"{contract.parent}: {outcome.stderr}"


def test_init_scaffold_passes_validate(tmp_path: Path) -> None:
    created = run_cli(["init", "orders"], cwd=tmp_path)
    assert created.exit_code == 0
    assert created.stdout == (
        "Created orders/\n  orders/pacto.yaml\n  orders/interfaces/\n  orders/configuration/\n"
    )
    text = (tmp_path / "orders" / "pacto.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    assert "# dependencies:\n#   - name: other-service\n" in text
    outcome = run_cli(["validate", "orders"], cwd=tmp_path)
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout == "orders is valid\n"
    assert outcome.stderr == ""


def test_init_json_and_errors(tmp_path: Path) -> None:
    outcome = run_cli(["init", "billing", "--output-format", "json"], cwd=tmp_path)
    assert outcome.json() == {"Dir": "billing", "Path": "billing/pacto.yaml"}
    again = run_cli(["init", "billing"], cwd=tmp_path)
    assert again.exit_code == 1
    assert again.stderr == 'directory "billing" already exists\n'
    bad = run_cli(["init", "Bad_Name"], cwd=tmp_path)
    assert bad.exit_code == 1 and "invalid service name" in bad.stderr
    assert not (tmp_path / "Bad_Name").exists()


def test_explain_text_and_json(tmp_path: Path) -> None:
    text = VALID.replace("version: 1.0.0", "version: 1.0.0\n  owner: team/checkout") + (
        "dependencies:\n"
        "  - {name: pay, ref: oci://r.io/pay, compatibility: '^2.0.0', required: true}\n"
        "scaling: {min: 2, max: 10}\n"
    )
    write_bundle(tmp_path / "svc", text)
    outcome = run_cli(["explain", "svc"], cwd=tmp_path)
    assert outcome.exit_code == 0
    assert outcome.stdout == (
        "Service: svc@1.0.0\nOwner: team/checkout\nPacto Version: 1.0\n\n"
        "Runtime:\n  Workload: service\n  State: stateless\n  Persistence: local/ephemeral\n"
        "  Data Criticality: low\n\nInterfaces (1):\n  - api (http, port 8080, internal)\n\n"
        "Dependencies (1):\n  - oci://r.io/pay (^2.0.0, required)\n\nScaling: 2-10\n"
    )
    document = run_cli(["explain", "svc", "--output-format", "json"], cwd=tmp_path).json()
    assert list(document) == [
        "name",
        "version",
        "owner",
        "pactoVersion",
        "runtime",
        "interfaces",
        "dependencies",
        "scaling",
    ]
    assert document["runtime"]["workloadType"] == "service"
    assert document["scaling"] == {"min": 2, "max": 10}


def test_explain_of_an_example_copy(tmp_path: Path, examples_dir: Path) -> None:
    source = next(p.parent for p in sorted(examples_dir.glob("*/pacto.yaml")))
    shutil.copytree(source, tmp_path / "copy")
    outcome = run_cli(["explain", "copy"], cwd=tmp_path)
    assert outcome.exit_code == 0
    assert outcome.stdout.startswith("Service: ")
