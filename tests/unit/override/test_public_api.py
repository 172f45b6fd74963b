"""The package's public surface: ``__all__`` complete, sorted and documented."""

from __future__ import annotations

import inspect

import pacto.override


def test_all_is_sorted_and_complete() -> None:
    exported = pacto.override.__all__
    assert exported == sorted(exported)
    public = {
        name
        for name, value in vars(pacto.override).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert public == set(exported)


def test_every_export_is_documented() -> None:
    for name in pacto.override.__all__:
        assert inspect.getdoc(getattr(pacto.override, name)), name


def test_the_package_is_pure() -> None:
    assert pacto.override.__doc__
    assert "never import" in pacto.override.__doc__
