"""Dependency references as the graph sees them (05-graph.md §1, §3.4, §3.6).

Parsing itself is :func:`pacto.contract.parse_dependency_ref`; this module adds what the graph
needs on top: the short display name, where a local ref points, the key a fetch is memoised
under, and tag selection for untagged OCI refs. Everything here is string arithmetic: no file
or network access.
"""

from __future__ import annotations

import os.path
from pathlib import Path

from pacto.contract import parse_dependency_ref

__all__ = ["has_explicit_tag", "local_path", "request_key", "short_ref"]


def short_ref(ref: str) -> str:
    """The last path segment of ``ref``, with a digest cut to 7 characters (§1.2).

    ``oci://ghcr.io/acme/auth-pacto@sha256:1a2b3c4d5e6f`` → ``auth-pacto@sha256:1a2b3c4``.
    """
    tail = ref.rsplit("/", 1)[-1]
    marker = "@sha256:"
    at = tail.find(marker)
    if at >= 0:
        digest = tail[at + len(marker) :]
        tail = tail[: at + len(marker)] + digest[:7]
    return tail


def has_explicit_tag(location: str) -> bool:
    """True when an OCI location names a tag or digest (§3.6 step 1).

    ``registry:5000/repo`` has no tag; ``registry:5000/repo:1.0`` and ``repo@sha256:…`` have one.
    """
    return "@" in location or location.rfind(":") > location.rfind("/")


def local_path(location: str, base_dir: str | None) -> str | None:
    """The normalised directory a local ref names, or ``None`` when it cannot be known.

    Absolute locations stand alone; relative ones join ``base_dir``, the directory of the bundle
    that *declared* the dependency (beyond the reference, §3.4). A relative ref declared inside
    an OCI bundle (``base_dir`` ``None``) names nothing.
    """
    if not location:
        return None
    if Path(location).is_absolute():
        return os.path.normpath(location)
    if base_dir is None:
        return None
    return os.path.normpath(Path(base_dir) / location)


def request_key(ref: str, compatibility: str, base_dir: str | None) -> str:
    """The key one fetch is memoised under: equal keys always fetch the same contract.

    Local refs become their absolute directory (so ``../db`` from two siblings is one fetch and
    ``./db`` from two different parents is two). Tagged OCI refs are their own key; an untagged
    one also depends on the range that picks its tag.
    """
    parsed = parse_dependency_ref(ref)
    if parsed.is_oci():
        if has_explicit_tag(parsed.location):
            return ref
        return f"{ref} {compatibility}".rstrip()
    return local_path(parsed.location, base_dir) or ref
