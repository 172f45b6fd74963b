"""Configuration, cache and plugin directories (XDG rules).

Every function takes the environment as a mapping so that callers (the composition root, tests)
decide where it comes from; nothing here reads ``os.environ`` itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

__all__ = ["cache_dir", "config_dir", "config_file", "home_dir", "plugins_dir", "update_check_file"]


def home_dir(env: Mapping[str, str]) -> Path:
    home = env.get("HOME")
    return Path(home) if home else Path.home()


def config_dir(env: Mapping[str, str]) -> Path:
    """``$XDG_CONFIG_HOME/pacto``, else ``~/.config/pacto``."""
    base = env.get("XDG_CONFIG_HOME")
    return (Path(base) if base else home_dir(env) / ".config") / "pacto"


def cache_dir(env: Mapping[str, str]) -> Path:
    """``$XDG_CACHE_HOME/pacto``, else ``~/.cache/pacto``."""
    base = env.get("XDG_CACHE_HOME")
    return (Path(base) if base else home_dir(env) / ".cache") / "pacto"


def config_file(env: Mapping[str, str]) -> Path:
    """The credentials file written by ``pacto login`` (``config.json``)."""
    return config_dir(env) / "config.json"


def plugins_dir(env: Mapping[str, str]) -> Path:
    return config_dir(env) / "plugins"


def update_check_file(env: Mapping[str, str]) -> Path:
    return config_dir(env) / "update-check.json"
