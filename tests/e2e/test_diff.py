"""``pacto diff`` and ``pacto rules`` end to end: formats, exit codes, overrides, OCI sides."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import cast

import pytest

from pacto.app import Service
from pacto.app._ports import BundleStore
from pacto.contract import Bundle, load_directory
from tests.conftest import CORPUS
from tests.e2e.conftest import Outcome, run_cli, run_subprocess

pytestmark = pytest.mark.e2e

DEMO = CORPUS / "contracts" / "r3" / "pacto-demo" / "payments-service"
SBOMS = CORPUS / "sbom" / "pacto-demo"
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "diff" / "cli"


@pytest.fixture
def pair(tmp_path: Path) -> Path:
    """payments-service 1.2.0 (old/) and 2.0.0 (new/) with their SBOMs, in one directory."""
    for side, version in (("old", "1.2.0"), ("new", "2.0.0")):
        shutil.copytree(DEMO / f"v{version}", tmp_path / side)
        (tmp_path / side / "sbom").mkdir()
        shutil.copyfile(
            SBOMS / f"payments-service-v{version}" / "sbom.spdx.json",
            tmp_path / side / "sbom" / "sbom.spdx.json",
        )
    return tmp_path


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, f"{path} differs (UPDATE_GOLDEN=1 refreshes)"


def _show(outcome: Outcome) -> str:
    return f"exit={outcome.exit_code}\nstdout:\n{outcome.stdout}\nstderr:\n{outcome.stderr}"


def test_text_report_and_exit_code_on_breaking_changes(pair: Path) -> None:
    outcome = run_cli(["diff", "old", "new"], cwd=pair)
    assert outcome.exit_code == 1, _show(outcome)
    assert outcome.stderr == "breaking changes detected\n"
    assert outcome.stdout.startswith("Classification: BREAKING\nChanges (25):\n")
    assert "\nSBOM changes (1):\n  ~ stripe-go version: 1.0.0 -> 2.0.0\n" in outcome.stdout
    _golden("payments-1.2.0-2.0.0.txt", outcome.stdout)


def test_json_report(pair: Path) -> None:
    outcome = run_cli(["diff", "old", "new", "--output-format", "json"], cwd=pair)
    assert outcome.exit_code == 1
    document = outcome.json()
    assert list(document) == [
        "oldPath",
        "newPath",
        "classification",
        "changes",
        "graphDiff",
        "sbomDiff",
    ]
    assert document["graphDiff"] == {"root": {"name": "payments-service", "version": "2.0.0"}}
    first = document["changes"][0]
    assert list(first) == [
        "path",
        "type",
        "oldValue",
        "newValue",
        "classification",
        "reason",
        "rule",
        "oldLocation",
        "newLocation",
    ]
    assert first["oldLocation"] == "pacto.yaml:5:12"
    _golden("payments-1.2.0-2.0.0.json", outcome.stdout)


def test_markdown_report(pair: Path) -> None:
    outcome = run_cli(["diff", "old", "new", "--output-format", "markdown"], cwd=pair)
    assert outcome.exit_code == 1
    assert outcome.stdout.startswith("## Contract Diff\n\n**Classification:** `BREAKING`\n\n")
    assert "### SBOM Changes\n\n| Package | Type | Field | Old | New |\n" in outcome.stdout
    _golden("payments-1.2.0-2.0.0.md", outcome.stdout)


def test_markdown_folds_long_tables_and_escapes_pipes(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    for root, count in ((old, 0), (new, 30)):
        (root / "interfaces").mkdir(parents=True)
        paths = {
            f"/p{i}": {"get": {"responses": {"200": {"description": "a|b"}}}} for i in range(count)
        }
        (root / "interfaces" / "api.json").write_text(
            json.dumps({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths})
        )
        (root / "pacto.yaml").write_text(
            'pactoVersion: "1.0"\nservice: {name: s, version: 1.0.0}\ninterfaces:\n'
            "  - {name: api, type: http, port: 80, contract: interfaces/api.json}\n"
        )
    outcome = run_cli(["diff", "old", "new", "--output-format", "markdown"], cwd=tmp_path)
    assert outcome.exit_code == 0, _show(outcome)
    assert "<details>\n<summary>Show 30 changes</summary>\n\n| Classification |" in outcome.stdout
    assert outcome.stdout.endswith("\n\n</details>\n")


def test_sarif_results_are_located_in_the_new_files(pair: Path) -> None:
    outcome = run_cli(["diff", "old", "new", "--output-format", "sarif"], cwd=pair)
    assert outcome.exit_code == 1
    run = outcome.json()["runs"][0]
    results = run["results"]
    assert len(results) == 25
    removed = next(r for r in results if r["ruleId"] == "openapi.path.removed")
    assert removed["level"] == "error"
    location = removed["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "new/interfaces/openapi.json"
    assert location["region"]["startLine"] > 0
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {r["ruleId"] for r in results}
    levels = {r["level"] for r in results}
    assert levels == {"error", "warning", "note"}


def test_fail_on_potential_breaking_and_none(tmp_path: Path) -> None:
    shutil.copytree(DEMO / "v1.1.0", tmp_path / "old")
    shutil.copytree(DEMO / "v1.2.0", tmp_path / "new")
    relaxed = run_cli(["diff", "old", "new", "--ruleset", "reference"], cwd=tmp_path)
    assert relaxed.exit_code == 0 and relaxed.stdout.startswith(
        "Classification: POTENTIAL_BREAKING"
    )
    strict = run_cli(
        ["diff", "old", "new", "--ruleset", "reference", "--fail-on", "POTENTIAL_BREAKING"],
        cwd=tmp_path,
    )
    assert strict.exit_code == 1
    assert strict.stderr == "potentially breaking changes detected\n"
    assert (
        run_cli(
            ["diff", "old", "new", "--ruleset", "reference", "--fail-on", "potential"], cwd=tmp_path
        ).exit_code
        == 1
    )
    never = run_cli(["diff", "old", "new", "--fail-on", "none"], cwd=tmp_path)
    assert never.exit_code == 0
    bad = run_cli(["diff", "old", "new", "--fail-on", "sometimes"], cwd=tmp_path)
    assert bad.exit_code == 1 and "is not one of BREAKING, POTENTIAL_BREAKING, none" in bad.stderr


def test_identical_bundles(tmp_path: Path) -> None:
    shutil.copytree(DEMO / "v1.0.0", tmp_path / "a")
    outcome = run_cli(["diff", "a", "a"], cwd=tmp_path)
    assert (outcome.exit_code, outcome.stdout) == (
        0,
        "Classification: NON_BREAKING\nNo changes detected.\n",
    )
    markdown = run_cli(["diff", "a", "a", "--output-format", "markdown"], cwd=tmp_path)
    assert markdown.stdout == (
        "## Contract Diff\n\n**Classification:** `NON_BREAKING`\n\nNo changes detected.\n"
    )
    document = run_cli(["diff", "a", "a", "--output-format", "json"], cwd=tmp_path).json()
    assert document["changes"] is None


def test_overrides_apply_to_one_side_only(tmp_path: Path) -> None:
    shutil.copytree(DEMO / "v1.0.0", tmp_path / "a")
    (tmp_path / "values.yaml").write_text("scaling:\n  min: 7\n")
    outcome = run_cli(
        [
            "diff",
            "a",
            "a",
            "--new-set",
            "service.version=9.9.9",
            "--old-values",
            "values.yaml",
            "--output-format",
            "json",
        ],
        cwd=tmp_path,
    )
    changes = outcome.json()["changes"]
    assert [(c["path"], c.get("oldValue"), c.get("newValue")) for c in changes] == [
        ("service.version", "1.0.0", "9.9.9"),
        ("scaling.min", 7, 2),
    ]


def test_a_pacto_yaml_path_is_accepted(tmp_path: Path) -> None:
    shutil.copytree(DEMO / "v1.0.0", tmp_path / "a")
    shutil.copytree(DEMO / "v1.1.0", tmp_path / "b")
    outcome = run_cli(["diff", "a/pacto.yaml", "b/pacto.yaml"], cwd=tmp_path)
    assert outcome.exit_code == 0 and "openapi.paths[/webhooks/stripe] (added)" in outcome.stdout


class _DirectoryStore:
    """An OCI store that serves bundles from local directories (ref -> directory)."""

    def __init__(self, bundles: dict[str, Path]) -> None:
        self.bundles = bundles
        self.pulled: list[str] = []

    def pull(self, reference: str) -> Bundle:
        self.pulled.append(reference)
        return load_directory(self.bundles[reference])

    def list_tags(self, repository: str) -> list[str]:
        return [ref.rsplit(":", 1)[1] for ref in self.bundles if ref.startswith(repository + ":")]

    def resolve(self, reference: str, compatibility: str | None = None) -> str:
        if reference in self.bundles:
            return reference
        from pacto.oci.errors import ArtifactNotFoundError

        raise ArtifactNotFoundError(reference)


def test_an_oci_side_goes_through_the_bundle_store(tmp_path: Path) -> None:
    shutil.copytree(DEMO / "v2.1.0", tmp_path / "new")
    store = _DirectoryStore({"ghcr.io/acme/payments-pacto:2.0.0": DEMO / "v2.0.0"})
    outcome = run_cli(
        ["diff", "oci://ghcr.io/acme/payments-pacto:2.0.0", "new", "--output-format", "json"],
        cwd=tmp_path,
        # Deliberately partial (no fetch/push): the pull-only path must serve the OCI side.
        obj=Service(store=cast(BundleStore, store)),
    )
    assert outcome.exit_code == 0, _show(outcome)
    assert store.pulled == ["ghcr.io/acme/payments-pacto:2.0.0"]
    document = outcome.json()
    assert document["oldPath"] == "oci://ghcr.io/acme/payments-pacto:2.0.0"
    assert [c["path"] for c in document["changes"]] == [
        "service.version",
        "service.owner",
        "service.image",
    ]


def test_load_failures_name_their_side(tmp_path: Path) -> None:
    shutil.copytree(DEMO / "v1.0.0", tmp_path / "a")
    outcome = run_cli(["diff", "missing", "a"], cwd=tmp_path)
    assert outcome.exit_code == 1
    assert outcome.stderr.startswith("old contract: failed to access missing")
    outcome = run_cli(["diff", "a", "missing"], cwd=tmp_path)
    assert outcome.stderr.startswith("new contract: ")


def test_wrong_number_of_arguments_is_a_usage_error(tmp_path: Path) -> None:
    outcome = run_cli(["diff", "only-one"], cwd=tmp_path)
    assert outcome.exit_code == 1 and "accepts 2 arg(s), received 1" in outcome.stderr


def test_warnings_go_to_stderr_and_do_not_fail(tmp_path: Path) -> None:
    shutil.copytree(DEMO / "v1.0.0", tmp_path / "a")
    shutil.copytree(DEMO / "v1.0.0", tmp_path / "b")
    (tmp_path / "b" / "interfaces" / "openapi.json").write_text('{"not": "openapi"}')
    (tmp_path / "b" / "sbom").mkdir()
    (tmp_path / "b" / "sbom" / "bom.xml").write_text("<bom/>")
    outcome = run_cli(["diff", "a", "b"], cwd=tmp_path)
    assert outcome.exit_code == 0
    assert "warning: interfaces/openapi.json: interface http: is not an OpenAPI document" in (
        outcome.stderr
    )
    assert "warning: sbom/ holds no recognised SBOM (bom.xml)" in outcome.stderr
    document = run_cli(["diff", "a", "b", "--output-format", "json"], cwd=tmp_path).json()
    assert len(document["warnings"]) == 2


def test_details_show_rules_and_locations(pair: Path) -> None:
    outcome = run_cli(["diff", "old", "new", "--details"], cwd=pair)
    assert "      rule openapi.path.removed  old interfaces/openapi.json:" in outcome.stdout
    markdown = run_cli(["diff", "old", "new", "--details", "--output-format", "markdown"], cwd=pair)
    assert (
        "| Classification | Path | Type | Reason | Old | New | Rule | Location |" in markdown.stdout
    )


def test_reference_ruleset_prints_the_reference_rows(pair: Path) -> None:
    outcome = run_cli(["diff", "old", "new", "--ruleset", "reference"], cwd=pair)
    assert outcome.stdout.startswith("Classification: BREAKING\nChanges (24):\n")


def test_rules_catalogue(tmp_path: Path) -> None:
    listing = run_cli(["rules"], cwd=tmp_path)
    assert listing.exit_code == 0
    lines = listing.stdout.splitlines()
    assert lines[0].split() == ["RULE", "CLASSIFICATION", "RULESET", "SUMMARY"]
    assert any(line.startswith("openapi.request.property.required-added ") for line in lines)
    same = run_cli(["diff", "--rules"], cwd=tmp_path)
    assert same.stdout == listing.stdout
    rules = run_cli(
        ["rules", "--output-format", "json", "--ruleset", "reference", "--family", "openapi"],
        cwd=tmp_path,
    ).json()
    assert {r["id"] for r in rules} >= {"openapi.paths.removed", "openapi.request-body.removed"}
    assert all("reference" in r["rulesets"] for r in rules)
    docs = Path(__file__).resolve().parents[2] / "docs" / "diff-rules.md"
    markdown = run_cli(["rules", "--output-format", "markdown"], cwd=tmp_path)
    assert markdown.stdout == docs.read_text(encoding="utf-8")


def test_real_process_exit_code_and_streams(pair: Path) -> None:
    outcome = run_subprocess(["diff", "old", "new"], cwd=pair)
    assert outcome.exit_code == 1
    assert outcome.stdout.startswith("Classification: BREAKING\n")
    assert outcome.stderr.strip() == "breaking changes detected"
