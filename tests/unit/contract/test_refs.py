"""Reference grammars (01-contract.md §4)."""

from __future__ import annotations

import pytest

from pacto.contract import (
    InvalidReferenceError,
    RefScheme,
    parse_dependency_ref,
    parse_oci_reference,
)


@pytest.mark.parametrize(
    ("raw", "scheme", "location"),
    [
        ("oci://ghcr.io/acme/x:1", RefScheme.OCI, "ghcr.io/acme/x:1"),
        ("file:///abs/x", RefScheme.LOCAL, "/abs/x"),
        ("file://./x", RefScheme.LOCAL, "./x"),
        ("../svc", RefScheme.LOCAL, "../svc"),
        ("ghcr.io/acme/x:1.0", RefScheme.LOCAL, "ghcr.io/acme/x:1.0"),
        ("OCI://ghcr.io/x", RefScheme.LOCAL, "OCI://ghcr.io/x"),
    ],
)
def test_dependency_refs_are_classified_by_exact_prefix(
    raw: str, scheme: RefScheme, location: str
) -> None:
    ref = parse_dependency_ref(raw)
    assert (ref.scheme, ref.location, ref.original) == (scheme, location, raw)
    assert ref.is_oci() is (scheme is RefScheme.OCI)
    assert ref.is_local() is (scheme is RefScheme.LOCAL)


@pytest.mark.parametrize(
    ("text", "registry", "repository", "tag", "digest", "shown"),
    [
        ("ghcr.io/acme/svc:1.0.0", "ghcr.io", "acme/svc", "1.0.0", "", "ghcr.io/acme/svc:1.0.0"),
        (
            "ghcr.io/acme/svc@sha256:abc123",
            "ghcr.io",
            "acme/svc",
            "",
            "sha256:abc123",
            "ghcr.io/acme/svc@sha256:abc123",
        ),
        (
            "ghcr.io/acme/svc:1.0.0@sha256:ab",
            "ghcr.io",
            "acme/svc",
            "1.0.0",
            "sha256:ab",
            "ghcr.io/acme/svc@sha256:ab",
        ),
        (
            "localhost:5000/team/svc",
            "localhost:5000",
            "team/svc",
            "",
            "",
            "localhost:5000/team/svc",
        ),
        ("localhost:5000/svc:2", "localhost:5000", "svc", "2", "", "localhost:5000/svc:2"),
        ("acme/svc:1.0", "acme", "svc", "1.0", "", "acme/svc:1.0"),
    ],
)
def test_oci_references_parse_as_specified(
    text: str, registry: str, repository: str, tag: str, digest: str, shown: str
) -> None:
    ref = parse_oci_reference(text)
    assert (ref.registry, ref.repository, ref.tag, ref.digest) == (
        registry,
        repository,
        tag,
        digest,
    )
    assert str(ref) == shown


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty OCI reference"),
        ("ghcr.io", "missing repository"),
        ("invalid", "missing repository"),
        ("/repo:1.0.0", "empty registry"),
        ("ghcr.io/:1.0.0", "empty repository"),
        ("nginx:1.25", "missing repository"),
    ],
)
def test_malformed_oci_references_are_refused(text: str, reason: str) -> None:
    with pytest.raises(InvalidReferenceError, match=reason):
        parse_oci_reference(text)


def test_with_tag_and_digest_build_new_references() -> None:
    ref = parse_oci_reference("r.io/a/b")
    assert str(ref.with_tag("1.2.0")) == "r.io/a/b:1.2.0"
    assert str(ref.with_digest("sha256:ff")) == "r.io/a/b@sha256:ff"
    assert ref.repository_ref == "r.io/a/b"
