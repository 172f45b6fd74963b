"""The typed errors: the spec's messages, a next step, and is-a checks through wrapping."""

from __future__ import annotations

import pytest

from pacto.errors import PactoError
from pacto.oci import (
    ArtifactNotFoundError,
    AuthenticationError,
    InvalidBundleError,
    InvalidRefError,
    NoMatchingVersionError,
    RegistryError,
    RegistryUnreachableError,
    is_authentication_error,
    is_invalid_bundle,
    is_not_found,
    is_unreachable,
)


@pytest.mark.parametrize(
    ("error", "start", "hint"),
    [
        (
            RegistryUnreachableError("r/x:1", "dial tcp"),
            "registry unreachable for r/x:1: dial tcp",
            "retry",
        ),
        (
            AuthenticationError("r/x:1", "UNAUTHORIZED"),
            "authentication failed for r/x:1: UNAUTHORIZED "
            "\u2014 run `pacto login` or check PACTO_REGISTRY_TOKEN",
            "pacto login",
        ),
        (ArtifactNotFoundError("r/x:1", "MANIFEST_UNKNOWN"), "artifact not found: r/x:1", "tag"),
        (
            InvalidRefError("BAD", "invalid tag"),
            'invalid OCI reference "BAD": invalid tag',
            "oci://",
        ),
        (
            InvalidBundleError("r/x:1", "no pacto.yaml"),
            "artifact at r/x:1 is not a valid Pacto bundle: no pacto.yaml",
            "pacto push",
        ),
        (
            NoMatchingVersionError("r/x", "^2", "no tags satisfy"),
            'no versions of r/x match constraint "^2": no tags satisfy',
            "push",
        ),
    ],
)
def test_messages_start_with_the_spec_text_and_name_a_next_step(error, start, hint):
    assert isinstance(error, RegistryError) and isinstance(error, PactoError)
    assert str(error).startswith(start)
    assert hint in str(error)


def test_not_found_hides_its_cause():
    assert "MANIFEST_UNKNOWN" not in str(ArtifactNotFoundError("r/x:1", "MANIFEST_UNKNOWN"))


def test_is_checks_walk_the_cause_chain():
    try:
        try:
            raise ArtifactNotFoundError("r/x:1", "404")
        except ArtifactNotFoundError as inner:
            raise PactoError("while resolving the graph") from inner
    except PactoError as outer:
        assert is_not_found(outer)
        assert not is_authentication_error(outer)
    assert is_unreachable(RegistryUnreachableError("r", "x"))
    assert is_invalid_bundle(InvalidBundleError("r", "x"))
    assert is_authentication_error(AuthenticationError("r", "x"))
