"""The diff and SBOM cases of the shared corpus manifests (../shared/corpus).

* Contract diff cases: the ``expect`` parts (upstream facts) hold under both rulesets; the
  ``expect_inferred`` parts (derived from spec 03) hold exactly under the ``reference`` ruleset,
  which reproduces spec 03 §6-§7; under the default direction-aware ruleset the inferred lists are
  checked for consistency (same contract-level rows, the same OpenAPI paths refined further) and
  the verdicts are pinned in tests/golden/diff/contracts/.
* OpenAPI pairs (petstore, museum, twilio, the oasdiff peer cases): the inferred change lists hold
  exactly under ``reference``; the ``pacto`` verdicts are pinned in tests/golden/diff/openapi/
  (reviewed by hand; regenerate with UPDATE_GOLDEN=1).
* SBOM manifest: detection, parse cases and diff cases.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from pacto.contract import load_directory
from pacto.diff import DiffChange, Result, compare_bundles
from pacto.sbom import detect_format, diff_sboms, parse_from_fs
from pacto.sbom.wire import package_to_wire, sbom_diff_to_wire
from tests.conftest import CORPUS

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "diff"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

CONTRACT_MANIFESTS = [
    "contracts/r3/pacto-demo/expected.yaml",
    "contracts/legacy/pacto-demo-r1/expected.yaml",
    "contracts/legacy/pacto-demo-r2/expected.yaml",
]


def _load(relative: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((CORPUS / relative).read_text())
    return data


def _contract_cases() -> list[tuple[str, Path, dict[str, Any]]]:
    cases = []
    for manifest in CONTRACT_MANIFESTS:
        folder = (CORPUS / manifest).parent
        for case in _load(manifest).get("diff_cases", []):
            cases.append((f"{folder.parent.name}/{folder.name}:{case['id']}", folder, case))
    return cases


CONTRACT_CASES = _contract_cases()


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-")


def _compare(folder: Path, case: dict[str, Any], ruleset: str) -> Result:
    old = load_directory(folder / case["old"])
    new = load_directory(folder / case["new"])
    return compare_bundles(old, new, ruleset=ruleset)


def _row_matches(expected: dict[str, Any], change: DiffChange, *, classes: bool = True) -> bool:
    if expected["path"] != change.path or expected["type"] != str(change.type):
        return False
    if classes and expected["classification"] != str(change.classification):
        return False
    for key, attribute in (("oldValue", "old_value"), ("newValue", "new_value")):
        if key in expected and expected[key] != getattr(change, attribute):
            return False
    return True


def _assert_includes(rows: list[dict[str, Any]], result: Result) -> None:
    for row in rows:
        assert any(_row_matches(row, c) for c in result.changes), row


def _check_expect(expect: dict[str, Any], result: Result) -> None:
    if "classification" in expect:
        assert str(result.classification) == expect["classification"]
    if expect.get("exit_code") == 1:
        assert str(result.classification) == "BREAKING"
    if expect.get("not_breaking"):
        assert str(result.classification) != "BREAKING"
    _assert_includes(expect.get("changes_include", []), result)
    _assert_includes(expect.get("rows_expected_to_match", []), result)


UPSTREAM_CASES = [c for c in CONTRACT_CASES if "expect" in c[2]]


@pytest.mark.parametrize("ruleset", ["pacto", "reference"])
@pytest.mark.parametrize(
    ("folder", "case"), [c[1:] for c in UPSTREAM_CASES], ids=[c[0] for c in UPSTREAM_CASES]
)
def test_contract_diff_case_upstream_expectations(
    folder: Path, case: dict[str, Any], ruleset: str
) -> None:
    _check_expect(case["expect"], _compare(folder, case, ruleset))


def _assert_exact(inferred: dict[str, Any], result: Result) -> None:
    assert str(result.classification) == inferred["classification"]
    expected = inferred.get("changes", [])
    if "change_count" in inferred:
        assert len(result.changes) == inferred["change_count"], [c.path for c in result.changes]
    assert len(result.changes) == len(expected), [c.path for c in result.changes]
    for row, change in zip(expected, result.changes, strict=True):
        assert _row_matches(row, change), (row, change)
    if "counts" in inferred:
        counts = Counter(f"{c.classification} {c.type}" for c in result.changes)
        assert dict(counts) == inferred["counts"]
    if inferred.get("sbomDiff", "absent") is None:
        assert result.sbom_diff is None


@pytest.mark.parametrize(
    ("folder", "case"), [c[1:] for c in CONTRACT_CASES], ids=[c[0] for c in CONTRACT_CASES]
)
def test_contract_diff_case_inferred_list_under_the_reference_ruleset(
    folder: Path, case: dict[str, Any]
) -> None:
    _assert_exact(case["expect_inferred"], _compare(folder, case, "reference"))


def _consistent(row: dict[str, Any], result: Result) -> bool:
    """A spec-03 row and the direction-aware result describe the same difference."""
    path, kind = row["path"], row["type"]
    if not path.startswith(("openapi.", "schema.")):
        return any(_row_matches(row, c) for c in result.changes)
    if path.startswith("openapi.") and kind == "modified":
        return any(c.path.startswith(path) for c in result.changes)
    if path.startswith("openapi."):
        return any(_row_matches(row, c, classes=False) for c in result.changes)
    required = re.fullmatch(r"(.*)required\[(.+)\]", path)
    if required:  # a new or removed required property is one change at the property
        prefix, name = required.groups()
        alternative = {**row, "path": f"{prefix}properties.{name}"}
        alternative.pop("oldValue", None)
        alternative.pop("newValue", None)
        return any(
            _row_matches(row, c, classes=False) or _row_matches(alternative, c, classes=False)
            for c in result.changes
        )
    return any(_row_matches(row, c, classes=False) for c in result.changes)


def _golden(path: Path, payload: dict[str, Any]) -> None:
    text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"missing golden file {path}; create it with UPDATE_GOLDEN=1")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, f"{path} differs (UPDATE_GOLDEN=1 to refresh)"


def _verdict(case_id: str, result: Result) -> dict[str, Any]:
    return {
        "id": case_id,
        "ruleset": "pacto",
        "classification": str(result.classification),
        "counts": dict(sorted(Counter(str(c.classification) for c in result.changes).items())),
        "changes": [[c.path, str(c.type), str(c.classification), c.rule] for c in result.changes],
        "warnings": [str(d) for d in result.diagnostics],
    }


@pytest.mark.parametrize(
    ("folder", "case"), [c[1:] for c in CONTRACT_CASES], ids=[c[0] for c in CONTRACT_CASES]
)
def test_contract_diff_case_under_the_direction_aware_ruleset(
    folder: Path, case: dict[str, Any]
) -> None:
    result = _compare(folder, case, "pacto")
    for row in case["expect_inferred"].get("changes", []):
        assert _consistent(row, result), row
    case_id = _slug(f"{folder.parent.name}-{folder.name}-{case['id']}")
    _golden(GOLDEN / "contracts" / f"{case_id}.json", _verdict(case_id, result))


# -- OpenAPI pairs ---------------------------------------------------------------------------


def _openapi_cases() -> list[tuple[str, Path, Path, dict[str, Any]]]:
    cases = []
    for case in _load("openapi/expected.yaml")["cases"]:
        cases.append(
            (
                case["id"],
                CORPUS / "openapi" / case["old"],
                CORPUS / "openapi" / case["new"],
                case["expect_inferred"],
            )
        )
    for case in _load("openapi/peer-cases/expected.yaml")["cases"]:
        base = CORPUS / "openapi" / "peer-cases"
        cases.append(
            (
                case["id"],
                base / case["base"],
                base / case["revision"],
                case["pacto_expect_inferred"],
            )
        )
    return cases


OPENAPI_CASES = _openapi_cases()
PACTO_YAML = """\
pactoVersion: "1.0"
service:
  name: api
  version: 1.0.0
interfaces:
  - name: api
    type: http
    port: 8080
    contract: interfaces/openapi{suffix}
"""


def _openapi_bundles(tmp_path: Path, old: Path, new: Path) -> tuple[Path, Path]:
    dirs = []
    for side, source in (("old", old), ("new", new)):
        root = tmp_path / side
        (root / "interfaces").mkdir(parents=True)
        shutil.copyfile(source, root / "interfaces" / f"openapi{source.suffix}")
        (root / "pacto.yaml").write_text(PACTO_YAML.format(suffix=old.suffix))
        dirs.append(root)
    return dirs[0], dirs[1]


def _diff_pair(tmp_path: Path, old: Path, new: Path, ruleset: str) -> Result:
    old_dir, new_dir = _openapi_bundles(tmp_path, old, new)
    return compare_bundles(load_directory(old_dir), load_directory(new_dir), ruleset=ruleset)


@pytest.mark.parametrize(
    ("old", "new", "inferred"), [c[1:] for c in OPENAPI_CASES], ids=[c[0] for c in OPENAPI_CASES]
)
def test_openapi_pair_inferred_list_under_the_reference_ruleset(
    tmp_path: Path, old: Path, new: Path, inferred: dict[str, Any]
) -> None:
    _assert_exact(inferred, _diff_pair(tmp_path, old, new, "reference"))


@pytest.mark.parametrize(
    ("case_id", "old", "new"), [c[:3] for c in OPENAPI_CASES], ids=[c[0] for c in OPENAPI_CASES]
)
def test_openapi_pair_verdict_under_the_direction_aware_ruleset(
    tmp_path: Path, case_id: str, old: Path, new: Path
) -> None:
    result = _diff_pair(tmp_path, old, new, "pacto")
    for change in result.changes:
        assert change.new_location is not None or change.old_location is not None
    _golden(GOLDEN / "openapi" / f"{_slug(case_id)}.json", _verdict(case_id, result))


# -- SBOM manifest ---------------------------------------------------------------------------

SBOM = _load("sbom/expected.yaml")


@pytest.mark.parametrize(
    "entry",
    SBOM["detection"]["expect_inferred"]["files"],
    ids=[e["file"] for e in SBOM["detection"]["expect_inferred"]["files"]],
)
def test_sbom_detection(entry: dict[str, Any]) -> None:
    detected = detect_format(Path(entry["file"]).name)
    assert (str(detected) if detected else None) == entry["recognised_as"]


def _sbom_document(relative: str) -> Any:
    from pacto.contract import MemoryFS

    path = CORPUS / "sbom" / relative
    return parse_from_fs(MemoryFS({f"sbom/{path.name}": path.read_bytes()}))


PARSE_CASES = [c["expect_inferred"] for c in SBOM["parse_cases"]]


@pytest.mark.parametrize("case", PARSE_CASES, ids=[c["file"] for c in PARSE_CASES])
def test_sbom_parse_case(case: dict[str, Any]) -> None:
    document = _sbom_document(case["file"])
    assert document is not None and str(document.format) == case["format"]
    assert len(document.packages) == case["package_count"]
    packages = [
        {k: v for k, v in package_to_wire(p).items() if v and k != "purl"}
        for p in document.packages
    ]
    if "packages" in case:
        assert packages == [{k: v for k, v in p.items() if v} for p in case["packages"]]
    if "first_packages" in case:
        first = case["first_packages"]
        assert packages[: len(first)] == first


DIFF_CASES = SBOM["diff_cases"]


@pytest.mark.parametrize("case", DIFF_CASES, ids=[f"{c['old']}..{c['new']}" for c in DIFF_CASES])
def test_sbom_diff_case(case: dict[str, Any]) -> None:
    result = diff_sboms(_sbom_document(case["old"]), _sbom_document(case["new"]))
    wire = sbom_diff_to_wire(result) if result is not None and result.changes else None
    if wire is not None:
        for change in wire["changes"]:
            change.pop("purl", None)
    assert wire == case["expect_inferred"]["result"]


def test_sbom_changes_never_change_the_classification(tmp_path: Path) -> None:
    """contract-reference.md "Change classification rules" / "SBOM" (an upstream statement)."""
    assert SBOM["classification_rule"]["expect"]["inferred"] is False
    bundle = CORPUS / "contracts" / "r3" / "pacto-demo" / "payments-service" / "v1.2.0"
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    shutil.copytree(bundle, old_dir)
    shutil.copytree(bundle, new_dir)
    for side, sbom in ((old_dir, "payments-service-v1.2.0"), (new_dir, "payments-service-v2.0.0")):
        (side / "sbom").mkdir()
        shutil.copyfile(
            CORPUS / "sbom" / "pacto-demo" / sbom / "sbom.spdx.json",
            side / "sbom" / "sbom.spdx.json",
        )
    result = compare_bundles(load_directory(old_dir), load_directory(new_dir))
    assert result.changes == () and str(result.classification) == "NON_BREAKING"
    assert result.sbom_diff is not None and len(result.sbom_diff.changes) == 1
