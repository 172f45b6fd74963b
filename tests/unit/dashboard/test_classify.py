"""Version classification (§8.10) and invariant 5."""

from __future__ import annotations

from pacto.dashboard.classify import classify_versions, compute_diff
from pacto.dashboard.model import Ref
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
