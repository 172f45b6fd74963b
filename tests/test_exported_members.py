"""Every package facade lists its public names in a sorted, complete ``__all__`` (STYLE §1)."""

from __future__ import annotations

import importlib
import pkgutil
import types

import pytest

import pacto

PACKAGES = sorted(
    name for _, name, is_package in pkgutil.iter_modules(pacto.__path__, "pacto.") if is_package
)


def isort_key(name: str) -> tuple[int, str]:
    """The order ruff's RUF022 enforces: CONSTANTS, then Classes, then functions."""
    if name.isupper() or (name.upper() == name and "_" in name):
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


@pytest.mark.parametrize("name", PACKAGES)
def test_package_all_is_sorted_and_complete(name: str) -> None:
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{name} has no __all__"
    assert list(exported) == sorted(exported, key=isort_key), f"{name}.__all__ is not sorted"
    assert len(set(exported)) == len(exported), f"{name}.__all__ has duplicates"
    for member in exported:
        assert hasattr(module, member), f"{name}.__all__ names missing {member}"
    public = {
        key
        for key, value in vars(module).items()
        if not key.startswith("_")
        and not isinstance(value, types.ModuleType)
        and str(getattr(value, "__module__", "")).startswith("pacto")
    }
    assert public <= set(exported), f"{name} exposes names not in __all__: {public - set(exported)}"


def test_every_package_has_a_docstring() -> None:
    for name in PACKAGES:
        assert importlib.import_module(name).__doc__, f"{name} has no module docstring"
