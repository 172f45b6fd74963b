"""Reference helpers and version tracking (10-dashboard.md §10, §8.11)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pacto.dashboard.model import Version
from pacto.dashboard.naming import extract_service_name, has_explicit_tag, strip_tag, time_ago
from pacto.dashboard.versioning import (
    classify_version_policy,
    compare_semver_desc,
    compute_latest_available,
    is_update_available,
    mark_current_version,
    normalize_resolution_policy,
    sort_semver_desc,
    sort_tags_desc,
)


@pytest.mark.parametrize(
    ("ref", "name"),
    [
        ("oci://ghcr.io/acme/auth-pacto:1.2.0", "auth-pacto"),
        ("ghcr.io/acme/auth@sha256:ab", "auth"),
        ("auth", "auth"),
        ("../shared/auth", "auth"),
        ("localhost:5000/acme/svc:1.0.0", "svc"),
    ],
)
def test_extract_service_name_takes_the_last_segment_without_tag_or_digest(ref, name):
    assert extract_service_name(ref) == name


@pytest.mark.parametrize(
    ("ref", "stripped"),
    [
        ("ghcr.io/a/b:1.0", "ghcr.io/a/b"),
        ("localhost:5000/a/b", "localhost:5000/a/b"),
        ("ghcr.io/a/b@sha256:x", "ghcr.io/a/b"),
        ("localhost:5000/a/b:2.0.0", "localhost:5000/a/b"),
    ],
)
def test_strip_tag_drops_tag_or_digest_but_keeps_a_registry_port(ref, stripped):
    assert strip_tag(ref) == stripped


def test_has_explicit_tag_sees_tags_and_digests_but_not_ports():
    assert has_explicit_tag("ghcr.io/a/b:1.0")
    assert has_explicit_tag("ghcr.io/a/b@sha256:x")
    assert not has_explicit_tag("localhost:5000/a/b")


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=5), "5s ago"),
        (timedelta(minutes=5, seconds=59), "5m ago"),
        (timedelta(hours=3), "3h ago"),
        (timedelta(days=2, hours=23), "2d ago"),
    ],
)
def test_time_ago_truncates_to_the_largest_unit(delta, text):
    now = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
    assert time_ago((now - delta).isoformat().replace("+00:00", "Z"), now) == text


def test_time_ago_of_an_unparseable_time_is_empty():
    assert time_ago("yesterday", datetime.now(UTC)) == ""


@pytest.mark.parametrize(
    ("resolved_ref", "policy"),
    [
        ("ghcr.io/org/svc", ""),
        ("ghcr.io/org/svc:latest", ""),
        ("ghcr.io/org/svc:1.0.0", "pinned-tag"),
        ("ghcr.io/org/svc:v2.3.4", "pinned-tag"),
        ("ghcr.io/org/svc:1.0.0-beta.1", "pinned-tag"),
        ("ghcr.io/org/svc@sha256:abc", "pinned-digest"),
        ("ghcr.io/org/svc:1.0.0@sha256:abc", "pinned-digest"),
        ("localhost:5000/repo:v1", "pinned-tag"),
        ("", ""),
    ],
)
def test_classify_version_policy_reproduces_the_spec_table(resolved_ref, policy):
    assert classify_version_policy(resolved_ref) == policy


@pytest.mark.parametrize(
    ("value", "policy"),
    [
        ("Latest", "tracking"),
        ("PinnedTag", "pinned-tag"),
        ("PinnedDigest", "pinned-digest"),
        ("latest", ""),
        ("", ""),
    ],
)
def test_normalize_resolution_policy_is_case_sensitive(value, policy):
    assert normalize_resolution_policy(value) == policy


@pytest.mark.parametrize(
    ("current", "latest", "available"),
    [
        ("1.0.0", "2.0.0", True),
        ("1.0.0", "2.0.0-beta.1", True),
        ("2.0.0", "1.0.0", False),
        ("1.0.0", "1.0.0", False),
        ("", "1.0.0", False),
        ("1.0.0", "latest", False),
    ],
)
def test_is_update_available_uses_semver_precedence(current, latest, available):
    assert is_update_available(current, latest) is available


def test_compute_latest_available_skips_non_semver_entries():
    versions = [Version(version="main"), Version(version="2.0.0"), Version(version="1.0.0")]
    assert compute_latest_available(versions) == "2.0.0"
    assert compute_latest_available([Version(version="dev")]) == ""


def test_mark_current_version_marks_only_the_first_exact_match():
    versions = [Version(version="1.0.0"), Version(version="1.0.0"), Version(version="0.9.0")]
    marked = mark_current_version(versions, "1.0.0")
    assert [v.is_current for v in marked] == [True, False, False]
    assert not any(v.is_current for v in mark_current_version(versions, ""))


def test_compare_semver_desc_ignores_prereleases_and_falls_back_to_strings():
    assert compare_semver_desc("2.0.0", "1.9.9") < 0
    assert compare_semver_desc("v1.0.0", "1.0.0-rc1") == 0
    assert compare_semver_desc("b", "a") < 0
    ordered = sort_semver_desc([Version(version=v) for v in ["1.0.0", "1.10.0", "1.2.0"]])
    assert [v.version for v in ordered] == ["1.10.0", "1.2.0", "1.0.0"]


def test_sort_tags_desc_keeps_only_semver_tags_in_precedence_order():
    tags = ["latest", "1.0.0", "v2.0.0", "2.0.0-rc.1", "1.10.0", "main"]
    assert sort_tags_desc(tags) == ["v2.0.0", "2.0.0-rc.1", "1.10.0", "1.0.0"]
