from __future__ import annotations

import pytest

from pacto.oci import (
    InvalidRefError,
    NoMatchingVersionError,
    Reference,
    best_tag,
    filter_semver_tags,
    has_explicit_tag,
    is_plain_http_host,
    parse_reference,
)


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("ghcr.io/acme/svc:1.2.0", Reference("ghcr.io", "acme/svc", "1.2.0")),
        ("oci://localhost:5000/acme/svc", Reference("localhost:5000", "acme/svc")),
        ("127.0.0.1:5000/a/b/c:v1", Reference("127.0.0.1:5000", "a/b/c", "v1")),
        ("docker.io/library/alpine:3", Reference("index.docker.io", "library/alpine", "3")),
        ("alpine", Reference("index.docker.io", "library/alpine")),
        ("acme/svc:1", Reference("index.docker.io", "acme/svc", "1")),
        ("ghcr.io/a/b@sha256:" + "a" * 64, Reference("ghcr.io", "a/b", "", "sha256:" + "a" * 64)),
    ],
)
def test_references_parse_with_docker_rules(ref, expected):
    assert parse_reference(ref) == expected


@pytest.mark.parametrize(
    "ref", ["", "ghcr.io/Acme/svc", "ghcr.io/acme/svc:bad tag", "ghcr.io/a/b@sha256:12", "ghcr.io/"]
)
def test_invalid_references_raise_invalid_ref_error(ref):
    with pytest.raises(InvalidRefError) as caught:
        parse_reference(ref)
    assert str(caught.value).startswith(f'invalid OCI reference "{ref}": ')


@pytest.mark.parametrize(
    ("ref", "tagged"),
    [
        ("localhost:5000/acme/svc", False),
        ("localhost:5000/acme/svc:1.0.0", True),
        ("ghcr.io/a/b@sha256:ab", True),
        ("oci://ghcr.io/a/b", False),
    ],
)
def test_explicit_tag_rule(ref, tagged):
    assert has_explicit_tag(ref) is tagged


@pytest.mark.parametrize(
    ("host", "plain"),
    [
        ("localhost", True),
        ("localhost:5000", True),
        ("reg.localhost:80", True),
        ("127.0.0.1:5000", True),
        ("127.8.9.1", True),
        ("[::1]:5000", True),
        ("10.1.2.3:5000", True),
        ("172.20.0.1", True),
        ("192.168.1.1:443", True),
        ("172.32.0.1", False),
        ("8.8.8.8", False),
        ("ghcr.io", False),
        ("localhost.example.com", False),
    ],
)
def test_plain_http_is_allowed_only_for_local_hosts(host, plain):
    assert is_plain_http_host(host) is plain


def test_best_tag_ignores_non_semver_tags_and_keeps_the_original_string():
    assert best_tag(["latest", "v1.2.0", "main", "1.10.0", "sha-abc"], None) == "1.10.0"
    assert best_tag(["1.0.0", "v1.0.0"], "") == "v1.0.0"  # equal versions: the last one wins
    assert best_tag(["1.0.0", "1.5.0", "2.0.0"], "^1.0.0") == "1.5.0"


def test_best_tag_errors():
    with pytest.raises(NoMatchingVersionError, match="no semver tags found"):
        best_tag(["latest"], None, ref="r/x")
    with pytest.raises(NoMatchingVersionError, match='no tags satisfy constraint "\\^3"') as caught:
        best_tag(["1.0.0"], "^3", ref="r/x")
    assert str(caught.value).startswith('no versions of r/x match constraint "^3": ')
    with pytest.raises(NoMatchingVersionError, match="invalid constraint"):
        best_tag(["1.0.0"], ">>>1", ref="r/x")


def test_filter_semver_tags_sorts_descending():
    assert filter_semver_tags(["1.0.0", "latest", "2.0.0-rc.1", "2.0.0", "v0.9"]) == [
        "2.0.0",
        "2.0.0-rc.1",
        "1.0.0",
        "v0.9",
    ]
    assert filter_semver_tags(["latest"]) == []
