"""Dependency references as the graph reads them (05-graph.md §1.2, §3.4, §3.6, §3.7)."""

from __future__ import annotations

import pytest

from pacto.graph import (
    has_explicit_tag,
    local_path,
    request_key,
    short_ref,
)


@pytest.mark.parametrize(
    ("ref", "short"),
    [
        ("oci://ghcr.io/acme/auth-pacto@sha256:1a2b3c4d5e6f", "auth-pacto@sha256:1a2b3c4"),
        ("oci://ghcr.io/acme/auth-pacto:2.0.0", "auth-pacto:2.0.0"),
        ("oci://ghcr.io/acme/auth-pacto@sha256:ab", "auth-pacto@sha256:ab"),
        ("../shared-db", "shared-db"),
        ("shared-db", "shared-db"),
        ("", ""),
    ],
)
def test_short_ref_keeps_the_last_segment_and_seven_digest_characters(ref: str, short: str) -> None:
    assert short_ref(ref) == short


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("registry:5000/repo", False),
        ("registry:5000/repo:1.0", True),
        ("ghcr.io/acme/x", False),
        ("ghcr.io/acme/x@sha256:ab12", True),
        ("ghcr.io/acme/x:latest", True),
    ],
)
def test_has_explicit_tag_looks_for_a_colon_after_the_last_slash(
    location: str, expected: bool
) -> None:
    assert has_explicit_tag(location) is expected


def test_local_path_resolves_against_the_declaring_directory() -> None:
    assert local_path("../db", "/fleet/api") == "/fleet/db"
    assert local_path("./db/", "/fleet/api") == "/fleet/api/db"
    assert local_path("/abs/./db", "/fleet/api") == "/abs/db"
    assert local_path("/abs/db", None) == "/abs/db"


def test_a_relative_local_path_inside_an_oci_bundle_names_nothing() -> None:
    assert local_path("../db", None) is None


def test_an_empty_local_path_names_nothing() -> None:
    assert local_path("", "/fleet/api") is None


def test_request_keys_identify_what_a_fetch_would_return() -> None:
    # Two siblings naming one directory share a key; one name from two places does not.
    assert request_key("../db", "", "/fleet/a") == request_key("file://../db", "^1", "/fleet/b")
    assert request_key("./db", "", "/fleet/a") != request_key("./db", "", "/fleet/b")
    # A tagged OCI ref is its own key; an untagged one depends on the range picking the tag.
    assert request_key("oci://r/x:1.0.0", "^1", None) == "oci://r/x:1.0.0"
    assert request_key("oci://r/x", "^1", None) != request_key("oci://r/x", "^2", None)
    assert request_key("oci://r/x", "", None) == "oci://r/x"
    assert request_key("../db", "", None) == "../db"
