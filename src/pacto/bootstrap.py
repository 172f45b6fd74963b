"""The composition root: the only module that names concrete adapter classes.

Builds, from the environment the CLI hands in: the credential chain, the registry client, the
cached store, the plugin runner, and the application :class:`~pacto.app.Service`. Heavy
adapters (httpx) are imported only when a command actually reaches the registry.
"""

from __future__ import annotations

from collections.abc import Mapping

from pacto.app import Service

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["build_service", "build_store"]


def build_store(env: Mapping[str, str], *, no_cache: bool = False) -> Any:
    """The OCI bundle store (cache over the registry client); ``None`` when unavailable."""
    try:
        from pacto.oci import build_default_store
    except ImportError:
        return None
    return build_default_store(env, no_cache=no_cache)


def build_plugin_runner(env: Mapping[str, str]) -> Any:
    try:
        from pacto.plugin import SubprocessRunner
    except ImportError:
        return None
    from pacto._paths import plugins_dir

    return SubprocessRunner(path=env.get("PATH", ""), plugins_dir=plugins_dir(env))


def build_service(env: Mapping[str, str], *, no_cache: bool = False) -> Service:
    """Wire the adapters into a service. The store is built lazily on first registry use."""
    from pacto._paths import cache_dir
    from pacto.validation import use_compiled_schema_cache

    use_compiled_schema_cache(cache_dir(env) / "schemas")
    return Service(
        store=_LazyStore(env, no_cache),
        plugins=_LazyPlugins(env),
        extras={"env": dict(env), "no_cache": no_cache},
    )


class _LazyStore:
    """Defers building the registry client (and importing httpx) until a bundle is pulled."""

    def __init__(self, env: Mapping[str, str], no_cache: bool) -> None:
        self._env = env
        self._no_cache = no_cache
        self._store: Any = None

    def _target(self) -> Any:
        if self._store is None:
            self._store = build_store(self._env, no_cache=self._no_cache)
            if self._store is None:
                from pacto.app import CommandError

                raise CommandError("OCI registry client not configured")
        return self._store

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target(), name)


class _LazyPlugins:
    """Defers building the plugin runner until ``generate`` uses it."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self._env = env
        self._runner: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._runner is None:
            self._runner = build_plugin_runner(self._env)
            if self._runner is None:
                from pacto.app import CommandError

                raise CommandError("plugin runner not configured")
        return getattr(self._runner, name)
