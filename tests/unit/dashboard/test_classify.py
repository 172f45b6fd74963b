"""Version classification (§8.10), invariant 5, and the diff the dashboard serves (with its
SBOM part)."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter

from pacto.dashboard import api
from pacto.dashboard.classify import DiffOutcome, classify_versions, compute_diff, engine_differ
from pacto.dashboard.model import Ref
from pacto.dashboard.wire import diff_result_to_wire
from pacto.sbom import SbomDiff
from tests.unit.dashboard.fakes import contract_yaml, fake_differ, make_bundle


def _bundle(version: str):
    return make_bundle(contract_yaml("svc", version))


def test_invariant_5_classification_only_for_adjacent_materialised_pairs():
    entries = [
        ("3.0.0", _bundle("3.0.0")),
        ("2.1.0", None),
        ("2.0.0", _bundle("2.0.0")),
        ("1.0.0", _bundle("1.0.0")),
    ]
    assert classify_versions(entries, fake_differ) == {"2.0.0": "BREAKING"}


def test_the_oldest_version_is_never_classified():
    entries = [("1.1.0", _bundle("1.1.0")), ("1.0.0", _bundle("1.0.0"))]
    assert classify_versions(entries, fake_differ) == {"1.1.0": "NON_BREAKING"}


def test_no_differ_means_no_classification():
    assert classify_versions([("1.1.0", _bundle("1.1.0")), ("1.0.0", _bundle("1.0.0"))], None) == {}


def test_compute_diff_carries_refs_classification_and_changes():
    result = compute_diff(
        fake_differ,
        Ref(name="svc", version="1.0.0"),
        Ref(name="svc", version="2.0.0"),
        _bundle("1.0.0"),
        _bundle("2.0.0"),
    )
    assert result.classification == "BREAKING"
    assert result.changes[0].old_value == "1.0.0"


# -- SBOM changes in the dashboard diff (04-sbom.md §7) -------------------------------------

SPDX_OLD = (
    b'{"spdxVersion": "SPDX-2.3", "packages": ['
    b'{"name": "jackson-databind", "versionInfo": "2.17.0",'
    b' "externalRefs": [{"referenceType": "purl",'
    b' "referenceLocator": "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.0"}]},'
    b' {"name": "left-pad", "versionInfo": "1.3.0"}]}'
)
CDX_NEW = (
    b'{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": ['
    b'{"name": "jackson-databind", "version": "2.17.1",'
    b' "purl": "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.1"}]}'
)


def _sbom_bundle(version: str, files: dict[str, bytes]):
    return make_bundle(contract_yaml("svc", version), files)


def _engine_diff(old, new):
    differ = engine_differ()
    assert differ is not None
    return compute_diff(
        differ, Ref(name="svc", version="1"), Ref(name="svc", version="2"), old, new
    )


def test_compute_diff_keeps_the_engines_sbom_diff_and_the_wire_names_it_sbom_diff():
    result = _engine_diff(
        _sbom_bundle("1.0.0", {"sbom/svc.spdx.json": SPDX_OLD}),
        _sbom_bundle("1.0.1", {"sbom/svc.cdx.json": CDX_NEW}),
    )
    assert result.classification == "NON_BREAKING"
    assert result.sbom_diff is not None
    wire = diff_result_to_wire(result)
    assert list(wire) == ["from", "to", "classification", "changes", "sbomDiff"]
    assert wire["sbomDiff"] == {
        "oldFormat": "spdx",
        "newFormat": "cyclonedx",
        "changes": [
            {
                "package": "jackson-databind",
                "type": "modified",
                "field": "version",
                "oldValue": "2.17.0",
                "newValue": "2.17.1",
                "purl": "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.1",
            },
            {"package": "left-pad", "type": "removed", "field": "package", "oldValue": "1.3.0"},
        ],
    }
    # The documented API shape accepts it (extra="forbid" everywhere).
    TypeAdapter(api.DiffResult).validate_python(wire)


def test_an_sbom_on_one_side_only_lists_every_package_with_one_format():
    result = _engine_diff(
        _sbom_bundle("1.0.0", {}), _sbom_bundle("1.0.1", {"sbom/svc.spdx.json": SPDX_OLD})
    )
    sbom = diff_result_to_wire(result)["sbomDiff"]
    assert sbom["newFormat"] == "spdx" and "oldFormat" not in sbom
    assert [c["type"] for c in sbom["changes"]] == ["added", "added"]


@pytest.mark.parametrize(
    ("old_files", "new_files"),
    [
        ({}, {}),  # no SBOM on either side
        ({"sbom/a.spdx.json": SPDX_OLD}, {"sbom/b.spdx.json": SPDX_OLD}),  # identical
        ({"sbom/a.spdx.json": SPDX_OLD}, {"sbom/a.spdx.json": b"{invalid}"}),  # unparseable
    ],
)
def test_no_sbom_difference_means_no_sbom_diff_key(old_files, new_files):
    result = _engine_diff(_sbom_bundle("1.0.0", old_files), _sbom_bundle("1.0.1", new_files))
    assert result.sbom_diff is None
    assert "sbomDiff" not in diff_result_to_wire(result)


def test_an_sbom_diff_without_changes_is_dropped_by_compute_diff():
    def differ(old, new):
        return DiffOutcome("NON_BREAKING", (), SbomDiff(old_format="spdx", new_format="spdx"))

    result = compute_diff(differ, Ref(name="a"), Ref(name="b"), _bundle("1.0.0"), _bundle("1.0.0"))
    assert result.sbom_diff is None
