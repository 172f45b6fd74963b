"""OCI distribution of contract bundles: artifact format, registry client, credential chain,
two-level cache and version resolution (07-oci.md).

Public and usable without the CLI. Depends only on :mod:`pacto.contract`, :mod:`pacto.errors`
and :mod:`pacto._paths`; must never import click, the app or the CLI. httpx is imported only
when a :class:`RegistryClient` is first needed (``build_default_store`` or attribute access),
so packing and the cache stay cheap to import.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from pacto.oci._artifact import (
    CONFIG_MEDIA_TYPE,
    LABEL_NAME,
    LABEL_PACTO_VERSION,
    LABEL_VERSION,
    LAYER_MEDIA_TYPE,
    MANIFEST_MEDIA_TYPE,
    Artifact,
    build_artifact,
    bundle_files,
)
from pacto.oci._cache import CacheEntry, DiskCache
from pacto.oci._codec import (
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    MAX_INFLATED_BYTES,
    MAX_TOTAL_BYTES,
    ArchiveLimits,
    bundle_from_archive,
    collect_directory,
    pack_files,
    unpack_files,
)
from pacto.oci._credentials import (
    CloudHelperCredentials,
    CommandOutput,
    Credential,
    CredentialKind,
    CredentialSource,
    DockerConfigCredentials,
    ExplicitCredentials,
    GitHubCLICredentials,
    Keychain,
    PactoConfigCredentials,
    default_keychain,
    docker_config_paths,
    normalise_login_registry,
    run_command,
    store_login,
)
from pacto.oci._progress import NullProgress, Progress, ProgressTask, terminal_progress
from pacto.oci._reference import (
    Reference,
    best_tag,
    filter_semver_tags,
    has_explicit_tag,
    is_plain_http_host,
    parse_reference,
    parse_repository,
    strip_scheme,
)
from pacto.oci._resolver import ResolveMode, Resolver
from pacto.oci._store import (
    DEFAULT_TAGS_TTL,
    CachedStore,
    PullResult,
    PushResult,
    RegistryStore,
)
from pacto.oci.errors import (
    ArchiveError,
    ArtifactNotFoundError,
    AuthenticationError,
    CredentialStoreError,
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

if TYPE_CHECKING:
    from pacto.oci._auth import RegistryAuth
    from pacto.oci._client import Manifest, RegistryClient, RetryPolicy

__all__ = [
    "CONFIG_MEDIA_TYPE",
    "DEFAULT_TAGS_TTL",
    "LABEL_NAME",
    "LABEL_PACTO_VERSION",
    "LABEL_VERSION",
    "LAYER_MEDIA_TYPE",
    "MANIFEST_MEDIA_TYPE",
    "MAX_ENTRIES",
    "MAX_FILE_BYTES",
    "MAX_INFLATED_BYTES",
    "MAX_TOTAL_BYTES",
    "ArchiveError",
    "ArchiveLimits",
    "Artifact",
    "ArtifactNotFoundError",
    "AuthenticationError",
    "CacheEntry",
    "CachedStore",
    "CloudHelperCredentials",
    "CommandOutput",
    "Credential",
    "CredentialKind",
    "CredentialSource",
    "CredentialStoreError",
    "DiskCache",
    "DockerConfigCredentials",
    "ExplicitCredentials",
    "GitHubCLICredentials",
    "InvalidBundleError",
    "InvalidRefError",
    "Keychain",
    "Manifest",
    "NoMatchingVersionError",
    "NullProgress",
    "PactoConfigCredentials",
    "Progress",
    "ProgressTask",
    "PullResult",
    "PushResult",
    "Reference",
    "RegistryAuth",
    "RegistryClient",
    "RegistryError",
    "RegistryStore",
    "RegistryUnreachableError",
    "ResolveMode",
    "Resolver",
    "RetryPolicy",
    "best_tag",
    "build_artifact",
    "build_default_store",
    "bundle_files",
    "bundle_from_archive",
    "collect_directory",
    "default_keychain",
    "docker_config_paths",
    "filter_semver_tags",
    "has_explicit_tag",
    "is_authentication_error",
    "is_invalid_bundle",
    "is_not_found",
    "is_plain_http_host",
    "is_unreachable",
    "normalise_login_registry",
    "pack_files",
    "parse_reference",
    "parse_repository",
    "run_command",
    "store_login",
    "strip_scheme",
    "terminal_progress",
    "unpack_files",
]

_LAZY = {
    "Manifest": "pacto.oci._client",
    "RegistryClient": "pacto.oci._client",
    "RetryPolicy": "pacto.oci._client",
    "RegistryAuth": "pacto.oci._auth",
}

logger = logging.getLogger(__name__)

_TRUE = frozenset({"1", "t", "T", "true", "TRUE", "True"})


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pacto.oci' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def _insecure_from_env(env: Mapping[str, str]) -> set[str]:
    """``PACTO_INSECURE_REGISTRIES``: comma-separated hosts (with port), blanks ignored."""
    return {
        item.strip() for item in env.get("PACTO_INSECURE_REGISTRIES", "").split(",") if item.strip()
    }


def _tags_ttl_from_env(env: Mapping[str, str]) -> float:
    """``PACTO_TAG_CACHE_TTL``: seconds (``0`` turns the stored tag lists off); unset, empty
    or not a non-negative number → the default."""
    value = env.get("PACTO_TAG_CACHE_TTL", "").strip()
    if not value:
        return DEFAULT_TAGS_TTL
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        logger.warning("ignoring PACTO_TAG_CACHE_TTL=%r: not a number of seconds", value)
        return DEFAULT_TAGS_TTL
    return seconds


def build_default_store(
    env: Mapping[str, str],
    *,
    no_cache: bool = False,
    insecure_registries: Iterable[str] = (),
    plain_http: bool = False,
) -> CachedStore:
    """``CachedStore(RegistryStore(RegistryClient(keychain)))`` configured from ``env``.

    Reads ``PACTO_REGISTRY_{USERNAME,PASSWORD,TOKEN}``, ``PACTO_INSECURE_REGISTRIES``,
    ``PACTO_PLAIN_HTTP``, ``PACTO_TAG_CACHE_TTL``,
    ``DOCKER_CONFIG``/``REGISTRY_AUTH_FILE``/``XDG_RUNTIME_DIR``, ``PATH`` and the XDG
    directories from the mapping given (never from ``os.environ``). ``no_cache`` starts cold:
    disk reads are skipped, writes continue.
    """
    from pacto._paths import cache_dir, config_file
    from pacto.oci._client import RegistryClient

    insecure = set(insecure_registries) | _insecure_from_env(env)
    plain = plain_http or env.get("PACTO_PLAIN_HTTP", "") in _TRUE
    keychain = default_keychain(env, config_file=config_file(env))
    client = RegistryClient(keychain, insecure_registries=insecure, plain_http=plain)
    try:
        oci_cache: str | None = str(cache_dir(env) / "oci")
    except RuntimeError:  # no home directory: memory cache only (07-oci.md §7.1)
        oci_cache = None
    return CachedStore(
        RegistryStore(client),
        cache_dir=oci_cache,
        skip_disk_reads=no_cache,
        tags_ttl=_tags_ttl_from_env(env),
    )
