"""Hermetic test defaults (STYLE.md §9).

Every test runs with ``PACTO_*``, ``DOCKER_CONFIG``, ``REGISTRY_AUTH_FILE`` and the XDG
variables stripped, ``HOME`` and the XDG dirs pointed into ``tmp_path``, and the update check
disabled, so that no test reads or writes the developer's real home directory.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = REPO_ROOT / "examples"
CORPUS = REPO_ROOT.parent / "shared" / "corpus"

_STRIPPED_PREFIXES = ("PACTO_", "XDG_")
_STRIPPED = {
    "DOCKER_CONFIG",
    "REGISTRY_AUTH_FILE",
    "GH_TOKEN",
    "GITHUB_TOKEN",
    "NO_COLOR",
    "KUBECONFIG",
    "KUBERNETES_SERVICE_HOST",
    "KUBERNETES_SERVICE_PORT",
}


@pytest.fixture(autouse=True)
def clean_environ(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Strip user configuration from the environment and give each test its own home."""
    for name in list(os.environ):
        if name.startswith(_STRIPPED_PREFIXES) or name in _STRIPPED:
            monkeypatch.delenv(name, raising=False)
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("PACTO_NO_UPDATE_CHECK", "1")
    return home


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpus is missing at {CORPUS}: the repository expects ../shared/")
    return CORPUS
