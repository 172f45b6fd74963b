"""Dependencies, matched by name (or by ref when unnamed, 03-diff.md §5.4, §14.1)."""

from __future__ import annotations

from pacto.contract import Contract, Dependency
from pacto.diff._draft import Emitter, contract_pointer
from pacto.diff._model import ChangeType

__all__ = ["compare_dependencies"]


def _index(contract: Contract) -> dict[str, tuple[int, Dependency]]:
    index: dict[str, tuple[int, Dependency]] = {}
    for position, dependency in enumerate(contract.dependencies):
        index[dependency.name or dependency.ref] = (position, dependency)  # last one wins
    return index


def compare_dependencies(emit: Emitter, old: Contract, new: Contract) -> None:
    old_index, new_index = _index(old), _index(new)
    for key in sorted(old_index):
        old_position, o = old_index[key]
        here = contract_pointer("dependencies", old_position)
        if key not in new_index:
            emit.contract(
                "dependencies",
                ChangeType.REMOVED,
                key,
                None,
                old_pointer=here,
                new_pointer=contract_pointer("dependencies"),
            )
            continue
        new_position, n = new_index[key]
        there = contract_pointer("dependencies", new_position)
        if o.ref != n.ref:
            emit.contract(
                "dependencies.ref",
                ChangeType.MODIFIED,
                f"{key}: {o.ref}",
                f"{key}: {n.ref}",
                old_pointer=(here[0], (*here[1], "ref")),
                new_pointer=(there[0], (*there[1], "ref")),
            )
        if o.compatibility != n.compatibility:
            emit.contract(
                "dependencies.compatibility",
                ChangeType.MODIFIED,
                f"{key}: {o.compatibility}",
                f"{key}: {n.compatibility}",
                old_pointer=(here[0], (*here[1], "compatibility")),
                new_pointer=(there[0], (*there[1], "compatibility")),
            )
        if o.required != n.required:
            emit.contract(
                "dependencies.required",
                ChangeType.MODIFIED,
                f"{key}: required={str(o.required).lower()}",
                f"{key}: required={str(n.required).lower()}",
                old_pointer=(here[0], (*here[1], "required")),
                new_pointer=(there[0], (*there[1], "required")),
            )
    for key in sorted(set(new_index) - set(old_index)):
        position, _ = new_index[key]
        emit.contract(
            "dependencies",
            ChangeType.ADDED,
            None,
            key,
            old_pointer=contract_pointer("dependencies"),
            new_pointer=contract_pointer("dependencies", position),
        )
