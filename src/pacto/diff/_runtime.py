"""Runtime: workload, state, lifecycle, health, metrics (03-diff.md §5.3).

Reference behaviour kept on purpose: an absent runtime compares as an empty one field by field,
so adding a ``runtime`` section yields ``runtime.workload`` modified (BREAKING).
"""

from __future__ import annotations

from collections.abc import Callable

from pacto.contract import Contract, Health, Lifecycle, Metrics, Runtime
from pacto.diff._draft import Emitter, contract_pointer
from pacto.diff._model import ChangeType

__all__ = ["compare_runtime"]

_STRING_FIELDS: tuple[tuple[str, tuple[str, ...], Callable[[Runtime], str]], ...] = (
    ("runtime.workload", ("runtime", "workload"), lambda r: r.workload),
    ("runtime.state.type", ("runtime", "state", "type"), lambda r: r.state.type),
    (
        "runtime.state.persistence.scope",
        ("runtime", "state", "persistence", "scope"),
        lambda r: r.state.persistence.scope,
    ),
    (
        "runtime.state.persistence.durability",
        ("runtime", "state", "persistence", "durability"),
        lambda r: r.state.persistence.durability,
    ),
    (
        "runtime.state.dataCriticality",
        ("runtime", "state", "dataCriticality"),
        lambda r: r.state.data_criticality,
    ),
)


def compare_runtime(emit: Emitter, old: Contract, new: Contract) -> None:
    if old.runtime is None and new.runtime is None:
        return
    o = old.runtime or Runtime()
    n = new.runtime or Runtime()
    for rule_path, tokens, read in _STRING_FIELDS:
        if read(o) != read(n):
            where = contract_pointer(*tokens)
            emit.contract(rule_path, ChangeType.MODIFIED, read(o), read(n), old_pointer=where)
    _lifecycle(emit, o.lifecycle, n.lifecycle)
    _health(emit, o.health or Health(), n.health or Health())
    _metrics(emit, o.metrics or Metrics(), n.metrics or Metrics())


def _lifecycle(emit: Emitter, old: Lifecycle | None, new: Lifecycle | None) -> None:
    if old is None and new is None:
        return
    o = old or Lifecycle()
    n = new or Lifecycle()
    if o.upgrade_strategy != n.upgrade_strategy:
        change_type = ChangeType.MODIFIED
        if not o.upgrade_strategy:
            change_type = ChangeType.ADDED
        elif not n.upgrade_strategy:
            change_type = ChangeType.REMOVED
        emit.contract(
            "runtime.lifecycle.upgradeStrategy",
            change_type,
            o.upgrade_strategy,
            n.upgrade_strategy,
            old_pointer=contract_pointer("runtime", "lifecycle", "upgradeStrategy"),
        )
    before, after = o.graceful_shutdown_seconds, n.graceful_shutdown_seconds
    if before != after:
        change_type = ChangeType.MODIFIED
        if before is None:
            change_type = ChangeType.ADDED
        elif after is None:
            change_type = ChangeType.REMOVED
        emit.contract(
            "runtime.lifecycle.gracefulShutdownSeconds",
            change_type,
            before or 0,
            after or 0,
            old_pointer=contract_pointer("runtime", "lifecycle", "gracefulShutdownSeconds"),
        )


def _health(emit: Emitter, o: Health, n: Health) -> None:
    if o.interface != n.interface:
        emit.contract(
            "runtime.health.interface",
            ChangeType.MODIFIED,
            o.interface,
            n.interface,
            old_pointer=contract_pointer("runtime", "health", "interface"),
        )
    if o.path != n.path:
        emit.contract(
            "runtime.health.path",
            ChangeType.MODIFIED,
            o.path,
            n.path,
            old_pointer=contract_pointer("runtime", "health", "path"),
        )
    if o.initial_delay_seconds != n.initial_delay_seconds:
        emit.contract(
            "runtime.health.initialDelaySeconds",
            ChangeType.MODIFIED,
            o.initial_delay_seconds or 0,
            n.initial_delay_seconds or 0,
            old_pointer=contract_pointer("runtime", "health", "initialDelaySeconds"),
        )


def _metrics(emit: Emitter, o: Metrics, n: Metrics) -> None:
    if o.interface != n.interface:
        emit.contract(
            "runtime.metrics.interface",
            ChangeType.MODIFIED,
            o.interface,
            n.interface,
            old_pointer=contract_pointer("runtime", "metrics", "interface"),
        )
    if o.path != n.path:
        emit.contract(
            "runtime.metrics.path",
            ChangeType.MODIFIED,
            o.path,
            n.path,
            old_pointer=contract_pointer("runtime", "metrics", "path"),
        )
