"""Interfaces, matched by name, and the deep diff of their OpenAPI files (03-diff.md §5.5)."""

from __future__ import annotations

import logging

from pacto.contract import Contract, Interface
from pacto.diff._documents import LoadedDocument, LoadProblem
from pacto.diff._draft import Emitter, contract_pointer
from pacto.diff._model import ChangeType, Ruleset
from pacto.diff._openapi import compare_openapi
from pacto.diff._reference import compare_openapi_reference

__all__ = ["compare_interfaces"]

log = logging.getLogger(__name__)


def _index(contract: Contract) -> dict[str, tuple[int, Interface]]:
    index: dict[str, tuple[int, Interface]] = {}
    for position, interface in enumerate(contract.interfaces):
        index[interface.name] = (position, interface)  # duplicate names: the last one wins
    return index


def compare_interfaces(emit: Emitter, old: Contract, new: Contract) -> None:
    old_index, new_index = _index(old), _index(new)
    for name in sorted(old_index):
        old_position, o = old_index[name]
        here = contract_pointer("interfaces", old_position)
        if name not in new_index:
            emit.contract(
                "interfaces",
                ChangeType.REMOVED,
                name,
                None,
                old_pointer=here,
                new_pointer=contract_pointer("interfaces"),
            )
            continue
        new_position, n = new_index[name]
        there = contract_pointer("interfaces", new_position)

        def at(
            field: str, here: tuple[str, tuple[str | int, ...]] = here
        ) -> tuple[str, tuple[str | int, ...]]:
            return (here[0], (*here[1], field))

        def there_at(
            field: str, there: tuple[str, tuple[str | int, ...]] = there
        ) -> tuple[str, tuple[str | int, ...]]:
            return (there[0], (*there[1], field))

        if o.type != n.type:
            emit.contract(
                "interfaces.type",
                ChangeType.MODIFIED,
                f"{name}: {o.type}",
                f"{name}: {n.type}",
                old_pointer=at("type"),
                new_pointer=there_at("type"),
            )
        if o.port != n.port:
            change_type = ChangeType.MODIFIED
            if o.port is None:
                change_type = ChangeType.ADDED
            elif n.port is None:
                change_type = ChangeType.REMOVED
            emit.contract(
                "interfaces.port",
                change_type,
                o.port or 0,
                n.port or 0,
                old_pointer=at("port"),
                new_pointer=there_at("port"),
            )
        if o.visibility != n.visibility:
            emit.contract(
                "interfaces.visibility",
                ChangeType.MODIFIED,
                f"{name}: {o.visibility}",
                f"{name}: {n.visibility}",
                old_pointer=at("visibility"),
                new_pointer=there_at("visibility"),
            )
        if o.contract and n.contract:
            if o.contract != n.contract:
                emit.contract(
                    "interfaces.contract",
                    ChangeType.MODIFIED,
                    f"{name}: {o.contract}",
                    f"{name}: {n.contract}",
                    old_pointer=at("contract"),
                    new_pointer=there_at("contract"),
                )
            _deep(emit, n, o.contract, n.contract)
        elif o.contract or n.contract:
            emit.contract(
                "interfaces.contract",
                ChangeType.MODIFIED,
                o.contract,
                n.contract,
                old_pointer=at("contract"),
                new_pointer=there_at("contract"),
            )
    for name in sorted(set(new_index) - set(old_index)):
        position, _ = new_index[name]
        emit.contract(
            "interfaces",
            ChangeType.ADDED,
            None,
            name,
            old_pointer=contract_pointer("interfaces"),
            new_pointer=contract_pointer("interfaces", position),
        )


def _deep(emit: Emitter, interface: Interface, old_path: str, new_path: str) -> None:
    """Deep OpenAPI diff of one interface's files; silent for files that are plainly not
    OpenAPI on non-HTTP interfaces (``.proto``, AsyncAPI), warned about otherwise."""
    if emit.old.fs is None or emit.new.fs is None:
        return
    is_http = interface.type == "http"
    documents: list[LoadedDocument] = []
    for side, path in ((emit.old, old_path), (emit.new, new_path)):
        try:
            documents.append(side.store.load(path))
        except LoadProblem as failure:
            if is_http:
                emit.diagnostics.add(
                    f"interface {interface.name}: {failure.message} ({side.name} side); "
                    "its OpenAPI changes are not compared",
                    path,
                )
            else:
                log.debug("interface=%s path=%s not compared: %s", interface.name, path, failure)
            return
    old_doc, new_doc = documents
    if emit.ruleset is Ruleset.REFERENCE:
        compare_openapi_reference(emit, old_doc, new_doc)
        return
    for side_name, document in (("old", old_doc), ("new", new_doc)):
        problem = _openapi_problem(document)
        if problem is None:
            continue
        is_fatal, message = problem
        if is_http or not is_fatal:
            emit.diagnostics.add(
                f"interface {interface.name}: {message} ({side_name} side)", document.path
            )
        if is_fatal:
            return
    compare_openapi(emit, old_doc, new_doc)


def _openapi_problem(document: LoadedDocument) -> tuple[bool, str] | None:
    """``(fatal, message)`` when the document is not (plain) OpenAPI 3."""
    data = document.data
    if not isinstance(data, dict):
        return True, "is not an OpenAPI document (not a mapping)"
    if "openapi" not in data and "swagger" not in data:
        if "asyncapi" in data:
            return True, "is an AsyncAPI document; only OpenAPI is compared"
        return True, "is not an OpenAPI document (no openapi version field)"
    paths = data.get("paths")
    if paths is not None and not isinstance(paths, dict):
        return True, "has a paths member that is not a mapping"
    if "swagger" in data:
        return False, (
            "is a Swagger 2.0 document: compared with OpenAPI 3 rules, so body parameters and "
            "response schemas are compared only in part"
        )
    version = str(data.get("openapi"))
    if not version.startswith("3."):
        return False, f"declares OpenAPI {version}; compared as OpenAPI 3"
    return None
