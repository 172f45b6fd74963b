"""Reference grammars: dependency refs and OCI references (01-contract.md §4)."""

from __future__ import annotations

import enum

from pacto._record import Record
from pacto.contract.errors import InvalidReferenceError

__all__ = [
    "DependencyRef",
    "OCIReference",
    "RefScheme",
    "parse_dependency_ref",
    "parse_oci_reference",
]

OCI_PREFIX = "oci://"
FILE_PREFIX = "file://"


class RefScheme(enum.StrEnum):
    OCI = "oci"
    LOCAL = "local"


class DependencyRef(Record, kw_only=False):
    """A parsed dependency reference: ``oci://...``, ``file://...`` or a bare local path."""

    scheme: RefScheme
    location: str
    original: str

    def is_oci(self) -> bool:
        return self.scheme is RefScheme.OCI

    def is_local(self) -> bool:
        return self.scheme is RefScheme.LOCAL


def parse_dependency_ref(raw: str) -> DependencyRef:
    """Classify ``raw``; anything without ``oci://`` is local, even ``ghcr.io/x:1`` (Q1)."""
    if raw.startswith(OCI_PREFIX):
        return DependencyRef(RefScheme.OCI, raw[len(OCI_PREFIX) :], raw)
    if raw.startswith(FILE_PREFIX):
        return DependencyRef(RefScheme.LOCAL, raw[len(FILE_PREFIX) :], raw)
    return DependencyRef(RefScheme.LOCAL, raw, raw)


class OCIReference(Record, kw_only=False):
    """``registry/repository[:tag][@digest]`` (no ``oci://`` prefix)."""

    registry: str
    repository: str
    tag: str = ""
    digest: str = ""

    def __str__(self) -> str:
        base = f"{self.registry}/{self.repository}"
        if self.digest:
            return f"{base}@{self.digest}"
        if self.tag:
            return f"{base}:{self.tag}"
        return base

    @property
    def repository_ref(self) -> str:
        """``registry/repository`` without tag or digest."""
        return f"{self.registry}/{self.repository}"

    def with_tag(self, tag: str) -> OCIReference:
        return OCIReference(self.registry, self.repository, tag, "")

    def with_digest(self, digest: str) -> OCIReference:
        return OCIReference(self.registry, self.repository, self.tag, digest)


def parse_oci_reference(text: str) -> OCIReference:
    """Parse an OCI reference exactly as 01-contract.md §4.3 specifies.

    Raises :class:`InvalidReferenceError` (``empty OCI reference``, ``missing repository``,
    ``empty registry``, ``empty repository``).
    """
    if not text:
        raise InvalidReferenceError("invalid OCI reference: empty OCI reference", ref=text)
    rest, digest = text, ""
    if "@" in rest:
        rest, digest = rest.split("@", 1)
    tag = ""
    last_slash, last_colon = rest.rfind("/"), rest.rfind(":")
    if last_colon > last_slash:
        rest, tag = rest[:last_colon], rest[last_colon + 1 :]
    if "/" not in rest:
        raise InvalidReferenceError(f'invalid OCI reference "{text}": missing repository', ref=text)
    registry, repository = rest.split("/", 1)
    if not registry:
        raise InvalidReferenceError(f'invalid OCI reference "{text}": empty registry', ref=text)
    if not repository:
        raise InvalidReferenceError(f'invalid OCI reference "{text}": empty repository', ref=text)
    return OCIReference(registry, repository, tag, digest)
