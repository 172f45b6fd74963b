"""References as the registry client sees them (07-oci.md §1.2, §8).

A reference here never carries ``oci://``. Parsing follows the Docker/OCI distribution naming
rules: the first path component is a registry when it contains ``.`` or ``:`` or is
``localhost``; otherwise the registry is Docker Hub (``index.docker.io``, with ``library/`` for
single-component names). ``docker.io`` is rewritten to ``index.docker.io``.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass

from pacto.contract import Range, SemverError, highest_matching, parse_version
from pacto.oci.errors import InvalidRefError, NoMatchingVersionError

__all__ = [
    "DOCKER_HUB",
    "Reference",
    "best_tag",
    "filter_semver_tags",
    "has_explicit_tag",
    "is_plain_http_host",
    "parse_reference",
    "parse_repository",
    "strip_scheme",
]

DOCKER_HUB = "index.docker.io"
OCI_SCHEME = "oci://"

# distribution/reference grammar (reference/regexp.go), lower-case path components.
_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*"
_REPOSITORY_RE = re.compile(rf"{_COMPONENT}(?:/{_COMPONENT})*")
_TAG_RE = re.compile(r"[\w][\w.-]{0,127}")
_DIGEST_RE = re.compile(r"[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}")
_SHA256_RE = re.compile(r"sha256:[a-f0-9]{64}")
_HOST_RE = re.compile(
    r"(?:\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?)(?::[0-9]+)?"
)


def strip_scheme(ref: str) -> str:
    """``ref`` without a leading ``oci://``."""
    return ref[len(OCI_SCHEME) :] if ref.startswith(OCI_SCHEME) else ref


def has_explicit_tag(ref: str) -> bool:
    """Tagged or pinned: contains ``@``, or the last ``:`` comes after the last ``/`` (§1.2)."""
    ref = strip_scheme(ref)
    return "@" in ref or ref.rfind(":") > ref.rfind("/")


@dataclass(frozen=True, slots=True)
class Reference:
    """A parsed ``registry/repository[:tag][@digest]``."""

    registry: str
    repository: str
    tag: str = ""
    digest: str = ""

    @property
    def repository_ref(self) -> str:
        """``registry/repository``."""
        return f"{self.registry}/{self.repository}"

    @property
    def identifier(self) -> str:
        """What goes after ``/manifests/``: the digest if any, else the tag (``latest`` if none)."""
        return self.digest or self.tag or "latest"

    @property
    def is_pinned(self) -> bool:
        return bool(self.digest)

    def with_tag(self, tag: str) -> Reference:
        return Reference(self.registry, self.repository, tag, "")

    def __str__(self) -> str:
        text = self.repository_ref
        if self.tag:
            text += f":{self.tag}"
        if self.digest:
            text += f"@{self.digest}"
        return text


def _split_registry(name: str, original: str) -> tuple[str, str]:
    first, slash, rest = name.partition("/")
    if slash and ("." in first or ":" in first or first == "localhost" or first.startswith("[")):
        registry, repository = first, rest
    else:
        registry, repository = DOCKER_HUB, name
    if registry == "docker.io":
        registry = DOCKER_HUB
    if registry == DOCKER_HUB and "/" not in repository:
        repository = f"library/{repository}"
    if not _HOST_RE.fullmatch(registry):
        raise InvalidRefError(original, f"invalid registry host {registry!r}")
    if not repository:
        raise InvalidRefError(original, "missing repository")
    if not _REPOSITORY_RE.fullmatch(repository):
        raise InvalidRefError(
            original,
            f"invalid repository {repository!r}: use lower-case letters, digits and . _ - / only",
        )
    return registry, repository


def parse_reference(ref: str) -> Reference:
    """Parse ``ref`` (``oci://`` allowed); raises :class:`InvalidRefError`."""
    text = strip_scheme(ref)
    if not text:
        raise InvalidRefError(ref, "empty reference")
    name, digest = text, ""
    if "@" in name:
        name, digest = name.split("@", 1)
        if not _DIGEST_RE.fullmatch(digest):
            raise InvalidRefError(ref, f"invalid digest {digest!r}")
        if digest.startswith("sha256:") and not _SHA256_RE.fullmatch(digest):
            raise InvalidRefError(ref, f"invalid sha256 digest {digest!r}")
    tag = ""
    if name.rfind(":") > name.rfind("/"):
        name, tag = name.rsplit(":", 1)
        if not _TAG_RE.fullmatch(tag):
            raise InvalidRefError(ref, f"invalid tag {tag!r}")
    registry, repository = _split_registry(name, ref)
    return Reference(registry, repository, tag, digest)


def parse_repository(repo: str) -> Reference:
    """Parse a repository (no tag, no digest); raises :class:`InvalidRefError`."""
    text = strip_scheme(repo)
    if "@" in text or text.rfind(":") > text.rfind("/"):
        raise InvalidRefError(repo, "a repository takes no tag or digest")
    if not text:
        raise InvalidRefError(repo, "empty repository")
    registry, repository = _split_registry(text, repo)
    return Reference(registry, repository)


def is_plain_http_host(registry: str) -> bool:
    """Hosts that may fall back to plain HTTP automatically (07-oci.md §4.1): ``localhost`` and
    ``*.localhost``, loopback and RFC 1918 IPv4 literals, ``::1``."""
    host = registry
    if host.startswith("["):
        host = host[1 : host.find("]")] if "]" in host else host
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    host = host.lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if address.version == 6:
        return address.is_loopback
    return address.is_loopback or any(
        address in ipaddress.ip_network(net)
        for net in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
    )


def filter_semver_tags(tags: Iterable[str]) -> list[str]:
    """Semver-parsable tags only, highest first, as written (07-oci.md §8.2)."""
    parsed = []
    for index, tag in enumerate(tags):
        try:
            parsed.append((parse_version(tag), index, tag))
        except SemverError:
            continue
    parsed.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [tag for _, _, tag in parsed]


def best_tag(tags: Iterable[str], constraint: str | None, *, ref: str = "") -> str:
    """The highest semver tag allowed by ``constraint`` (``""``/``None``: any).

    Raises :class:`NoMatchingVersionError` (``no semver tags found``,
    ``no tags satisfy constraint "<c>"``, ``invalid constraint "<c>": ...``).
    """
    rng: Range | None = None
    if constraint:
        try:
            rng = Range(constraint)
        except SemverError as exc:
            raise NoMatchingVersionError(
                ref, constraint, f'invalid constraint "{constraint}": {exc}'
            ) from exc
    tag = highest_matching(list(tags), rng)
    if tag is None:
        if constraint:
            raise NoMatchingVersionError(
                ref, constraint, f'no tags satisfy constraint "{constraint}"'
            )
        raise NoMatchingVersionError(ref, "", "no semver tags found")
    return tag
