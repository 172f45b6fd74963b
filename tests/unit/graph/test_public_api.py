"""The package's public surface: ``__all__`` complete, sorted and documented."""

from __future__ import annotations

import inspect

import pacto.graph


def test_all_is_sorted_and_complete() -> None:
    exported = pacto.graph.__all__
    assert exported == sorted(exported)
    public = {
        name
        for name, value in vars(pacto.graph).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert public == set(exported)


def test_every_export_is_documented() -> None:
    for name in pacto.graph.__all__:
        assert inspect.getdoc(getattr(pacto.graph, name)), name


def test_the_package_says_what_it_must_never_import() -> None:
    assert pacto.graph.__doc__
    assert "never import" in pacto.graph.__doc__
