"""Reference and name helpers (10-dashboard.md §10.2-§10.5)."""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = [
    "extract_service_name",
    "has_explicit_tag",
    "parse_timestamp",
    "strip_oci_scheme",
    "strip_tag",
    "time_ago",
]

OCI_SCHEME = "oci://"


def strip_oci_scheme(ref: str) -> str:
    return ref[len(OCI_SCHEME) :] if ref.startswith(OCI_SCHEME) else ref


def extract_service_name(ref: str) -> str:
    """``oci://ghcr.io/acme/auth-pacto:1.2.0`` → ``auth-pacto``; ``../shared/auth`` → ``auth``."""
    name = strip_oci_scheme(ref).rsplit("/", 1)[-1]
    return name.split("@", 1)[0].split(":", 1)[0]


def strip_tag(ref: str) -> str:
    """Drop a digest (at the last ``@``) or a tag (a ``:`` after the last ``/``)."""
    at = ref.rfind("@")
    if at > 0:
        return ref[:at]
    colon = ref.rfind(":")
    if colon > ref.rfind("/"):
        return ref[:colon]
    return ref


def has_explicit_tag(repo: str) -> bool:
    return "@" in repo or repo.rfind(":") > repo.rfind("/")


def parse_timestamp(text: str) -> datetime | None:
    """An RFC 3339 timestamp, or ``None`` when it does not parse."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def time_ago(text: str, now: datetime) -> str:
    """``5m ago`` style relative text; ``""`` when ``text`` does not parse (§10.5)."""
    moment = parse_timestamp(text)
    if moment is None:
        return ""
    seconds = int((now - moment).total_seconds())
    seconds = max(seconds, 0)
    if seconds < 60:
        return f"{seconds}s ago"
    if seconds < 3600:
        return f"{seconds // 60}m ago"
    if seconds < 86400:
        return f"{seconds // 3600}h ago"
    return f"{seconds // 86400}d ago"
