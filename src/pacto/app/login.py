"""``pacto login <registry>``: store a credential in the pacto config file (08-cli.md §3.11,
07-oci.md §6.1). The registry is not contacted."""

from __future__ import annotations

from dataclasses import dataclass, field

from pacto.app.errors import CommandError

__all__ = ["LoginOptions", "LoginResult", "run"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LoginOptions:
    registry: str
    username: str
    password: str = field(repr=False)
    config_file: str
    """The credentials file (``$XDG_CONFIG_HOME/pacto/config.json``), chosen by the caller."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LoginResult:
    registry: str
    """As the user typed it (``oci://`` stripped)."""
    key: str
    """The key written under ``auths`` (Docker Hub aliases become ``index.docker.io``)."""
    config_file: str


def run(options: LoginOptions) -> LoginResult:
    """Raises :class:`CommandError` (``--username is required``, empty registry) and
    :class:`~pacto.oci.CredentialStoreError` (``failed to parse existing <path>: ...``,
    ``failed to write <path>: ...``)."""
    from pathlib import Path

    from pacto.oci import store_login, strip_scheme

    registry = strip_scheme(options.registry.strip()).rstrip("/")
    if not registry:
        raise CommandError("registry is required")
    if not options.username:
        raise CommandError("--username is required")
    key = store_login(Path(options.config_file), registry, options.username, options.password)
    return LoginResult(registry=registry, key=key, config_file=options.config_file)
