"""Errors raised by :mod:`pacto.oci`, with the messages of 07-oci.md §10.

::

    PactoError
    ├── RegistryError                 a registry operation failed (ref, cause)
    │   ├── AuthenticationError       HTTP 401/403
    │   ├── ArtifactNotFoundError     HTTP 404 (manifest, blob or repository unknown)
    │   ├── RegistryUnreachableError  network/DNS/TLS failure, or any other HTTP error status
    │   ├── InvalidRefError           the reference does not parse
    │   ├── InvalidBundleError        the artifact is not a Pacto bundle (bad layer, bad archive)
    │   └── NoMatchingVersionError    no semver tag (satisfying the constraint) exists
    ├── ArchiveError                  a bundle archive cannot be written or read safely
    └── CredentialStoreError          the pacto credentials file cannot be read or written

``str(error)`` starts with the message upstream prints (scripts match on it) and, where upstream
gives none, goes on with `` — <what to do next>``. Every error keeps the failing ``ref`` and the
underlying ``cause``; the helpers :func:`is_not_found` and friends walk ``__cause__`` so that an
error wrapped by a caller is still recognised (07-oci.md §10).
"""

from __future__ import annotations

from pacto.errors import PactoError

__all__ = [
    "ArchiveError",
    "ArtifactNotFoundError",
    "AuthenticationError",
    "CredentialStoreError",
    "InvalidBundleError",
    "InvalidRefError",
    "NoMatchingVersionError",
    "RegistryError",
    "RegistryUnreachableError",
    "is_authentication_error",
    "is_invalid_bundle",
    "is_not_found",
    "is_unreachable",
]


class RegistryError(PactoError):
    """Base class of registry failures; ``ref`` is what the failing operation was given."""

    def __init__(self, ref: str, cause: object = "", *, message: str = "") -> None:
        self.ref = ref
        self.cause = cause
        super().__init__(message or self._format())

    def _format(self) -> str:
        return f"registry error for {self.ref}: {self.cause}"


class AuthenticationError(RegistryError):
    """The registry answered 401 or 403."""

    def _format(self) -> str:
        return (
            f"authentication failed for {self.ref}: {self.cause} "
            "\u2014 run `pacto login` or check PACTO_REGISTRY_TOKEN"
        )


class ArtifactNotFoundError(RegistryError):
    """The registry answered 404; the cause is kept but not shown (upstream wording)."""

    def _format(self) -> str:
        return (
            f"artifact not found: {self.ref} "
            "\u2014 check the repository and tag (an untagged oci:// ref picks the highest version)"
        )


class RegistryUnreachableError(RegistryError):
    """Network, DNS or TLS failure, or an HTTP status other than 401/403/404 (500, 429, ...).

    ``retryable`` tells whether trying again may help (a reset, a timeout, 429/5xx).
    """

    def __init__(self, ref: str, cause: object = "", *, retryable: bool = False) -> None:
        self.retryable = retryable
        super().__init__(ref, cause)

    def _format(self) -> str:
        return (
            f"registry unreachable for {self.ref}: {self.cause} "
            "\u2014 check the address and your network, or retry later"
        )


class InvalidRefError(RegistryError):
    """The reference cannot be parsed."""

    def _format(self) -> str:
        return (
            f'invalid OCI reference "{self.ref}": {self.cause} '
            "\u2014 use oci://registry/repository[:tag|@sha256:digest]"
        )


class InvalidBundleError(RegistryError):
    """The artifact exists but is not a valid Pacto bundle."""

    def _format(self) -> str:
        return (
            f"artifact at {self.ref} is not a valid Pacto bundle: {self.cause} "
            "\u2014 publish it with `pacto push` from a directory that holds pacto.yaml"
        )


class NoMatchingVersionError(RegistryError):
    """No tag of the repository parses as semver, or none satisfies ``constraint``."""

    def __init__(self, ref: str, constraint: str = "", cause: object = "") -> None:
        self.constraint = constraint
        super().__init__(ref, cause)

    def _format(self) -> str:
        if self.constraint:
            return (
                f'no versions of {self.ref} match constraint "{self.constraint}": {self.cause} '
                "\u2014 push a matching version or widen the compatibility range"
            )
        return (
            f"no versions of {self.ref} found: {self.cause} "
            "\u2014 push a semver tag (e.g. 1.0.0) or name a tag explicitly"
        )


class ArchiveError(PactoError):
    """A bundle archive cannot be written, or is refused while reading (unsafe or too big)."""

    def __init__(self, message: str, *, path: str = "") -> None:
        super().__init__(message)
        self.path = path


class CredentialStoreError(PactoError):
    """The pacto credentials file (``config.json``) cannot be read, parsed or written."""

    def __init__(self, message: str, *, path: str = "") -> None:
        super().__init__(message)
        self.path = path


def _chain(error: BaseException | None) -> list[BaseException]:
    seen: list[BaseException] = []
    while error is not None and error not in seen:
        seen.append(error)
        error = error.__cause__ or error.__context__
    return seen


def is_not_found(error: BaseException) -> bool:
    """True when ``error`` or anything in its cause chain is an :class:`ArtifactNotFoundError`."""
    return any(isinstance(e, ArtifactNotFoundError) for e in _chain(error))


def is_authentication_error(error: BaseException) -> bool:
    """True when ``error`` or its cause chain holds an :class:`AuthenticationError`."""
    return any(isinstance(e, AuthenticationError) for e in _chain(error))


def is_unreachable(error: BaseException) -> bool:
    """True when ``error`` or its cause chain holds a :class:`RegistryUnreachableError`."""
    return any(isinstance(e, RegistryUnreachableError) for e in _chain(error))


def is_invalid_bundle(error: BaseException) -> bool:
    """True when ``error`` or its cause chain holds an :class:`InvalidBundleError`."""
    return any(isinstance(e, InvalidBundleError) for e in _chain(error))
