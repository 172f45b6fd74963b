"""Configurations and policies, matched by name, and their JSON Schema files (03-diff.md §5.6,
§5.7, §14.1)."""

from __future__ import annotations

from pacto.contract import Contract
from pacto.diff._documents import LoadProblem
from pacto.diff._draft import Emitter, parse_path_prefix
from pacto.diff._model import ChangeType, Ruleset
from pacto.diff._reference import walk_schema
from pacto.diff._refs import RefResolver
from pacto.diff._schema import Node, SchemaDiffer

__all__ = ["POLICY_SCHEMA_FILE", "compare_configurations", "compare_policies"]

POLICY_SCHEMA_FILE = "policy/schema.json"


def _summary(name: str, schema: str, ref: str) -> str:
    if ref:
        return f"{name}: {ref}"
    if schema:
        return f"{name}: {schema}"
    return name


def _compare_entries(
    emit: Emitter,
    section: str,
    noun: str,
    old: dict[str, tuple[str, str, str]],
    new: dict[str, tuple[str, str, str]],
) -> None:
    """Entries are (schema, ref, path prefix) keyed by name (or position key)."""
    for name in sorted(old):
        schema, ref, prefix = old[name]
        here = ("pacto.yaml", parse_path_prefix(prefix))
        if name not in new:
            emit.contract(
                section,
                ChangeType.REMOVED,
                _summary(name, schema, ref),
                None,
                old_pointer=here,
                new_pointer=("pacto.yaml", here[1][:1]),
            )
            continue
        new_schema, new_ref, new_prefix = new[name]
        there = ("pacto.yaml", parse_path_prefix(new_prefix))
        if schema != new_schema:
            emit.contract(
                f"{section}.schema",
                ChangeType.MODIFIED,
                f"{name}: {schema}",
                f"{name}: {new_schema}",
                old_pointer=(here[0], (*here[1], "schema")),
                new_pointer=(there[0], (*there[1], "schema")),
            )
        if ref != new_ref:
            change_type = ChangeType.MODIFIED
            if not ref:
                change_type = ChangeType.ADDED
            elif not new_ref:
                change_type = ChangeType.REMOVED
            emit.contract(
                f"{section}.ref",
                change_type,
                f"{name}: {ref}",
                f"{name}: {new_ref}",
                old_pointer=(here[0], (*here[1], "ref")),
                new_pointer=(there[0], (*there[1], "ref")),
            )
        if schema and new_schema:
            compare_schema_files(emit, schema, new_schema, f"{noun} {name}".rstrip())
    for name in sorted(set(new) - set(old)):
        schema, ref, prefix = new[name]
        emit.contract(
            section,
            ChangeType.ADDED,
            None,
            _summary(name, schema, ref),
            old_pointer=("pacto.yaml", parse_path_prefix(prefix)[:1]),
            new_pointer=("pacto.yaml", parse_path_prefix(prefix)),
        )


def compare_configurations(emit: Emitter, old: Contract, new: Contract) -> None:
    def entries(contract: Contract) -> dict[str, tuple[str, str, str]]:
        return {
            c.name: (c.schema, c.ref, c.path_prefix) for c in contract.effective_configurations()
        }

    _compare_entries(emit, "configurations", "configuration", entries(old), entries(new))


def compare_policies(emit: Emitter, old: Contract, new: Contract) -> None:
    def entries(contract: Contract) -> dict[str, tuple[str, str, str]]:
        found: dict[str, tuple[str, str, str]] = {}
        for position, policy in enumerate(contract.effective_policies()):
            found[policy.name or f"#{position}"] = (policy.schema, policy.ref, policy.path_prefix)
        return found

    old_entries, new_entries = entries(old), entries(new)
    _compare_entries(emit, "policies", "policy", old_entries, new_entries)
    if old_entries or new_entries or emit.old.fs is None or emit.new.fs is None:
        return
    old_has = emit.old.fs.is_file(POLICY_SCHEMA_FILE)
    new_has = emit.new.fs.is_file(POLICY_SCHEMA_FILE)
    if old_has and new_has:
        compare_schema_files(emit, POLICY_SCHEMA_FILE, POLICY_SCHEMA_FILE, "policy schema")
    elif old_has or new_has:
        here = (POLICY_SCHEMA_FILE, ())
        emit.contract(
            POLICY_SCHEMA_FILE,
            ChangeType.REMOVED if old_has else ChangeType.ADDED,
            POLICY_SCHEMA_FILE if old_has else None,
            POLICY_SCHEMA_FILE if new_has else None,
            old_pointer=here if old_has else None,
            new_pointer=here if new_has else None,
        )


def compare_schema_files(emit: Emitter, old_path: str, new_path: str, owner: str) -> None:
    """JSON Schema diff of two files, reported under the ``schema`` prefix (03-diff.md §7)."""
    if emit.old.fs is None or emit.new.fs is None:
        return
    json_only = emit.ruleset is Ruleset.REFERENCE  # the reference reads schema files as JSON
    documents = []
    for side, path in ((emit.old, old_path), (emit.new, new_path)):
        try:
            documents.append(side.store.load(path, json_only=json_only))
        except LoadProblem as problem:
            emit.diagnostics.add(
                f"{owner}: {problem.message} ({side.name} side); its schema changes are not "
                "compared",
                path,
            )
            return
    old_doc, new_doc = documents
    if emit.ruleset is Ruleset.REFERENCE:
        walk_schema(emit, old_doc.path, new_doc.path, old_doc.data, new_doc.data)
        return
    old_res = RefResolver(emit.old.store, old_doc.path, emit.diagnostics, "old")
    new_res = RefResolver(emit.new.store, new_doc.path, emit.diagnostics, "new")
    differ = SchemaDiffer("schema", old_res, new_res, emit.diagnostics)
    old_root = Node(old_doc.data, old_doc.path, ())
    new_root = Node(new_doc.data, new_doc.path, ())
    for change in differ.diff(old_root, new_root, owner):
        _emit_schema(emit, differ, "schema", owner, change)
    for anchor in differ.anchor_results():
        for change in anchor.changes:
            _emit_schema(
                emit, differ, f"schema.ref[{anchor.key}]", f"{owner} ({anchor.key})", change
            )


def _emit_schema(
    emit: Emitter, differ: SchemaDiffer, base: str, owner: str, change: object
) -> None:
    from pacto.diff._schema import RelChange

    assert isinstance(change, RelChange)
    emit.drafts.append(change.draft(base, owner, differ.context))
