"""Layer 3: semantic consistency (02-validation.md §6). Warnings only, never errors."""

from __future__ import annotations

from pacto.contract import Contract, LocationIndex
from pacto.validation._locate import locate
from pacto.validation._result import ValidationResult

__all__ = ["validate_semantic"]


def validate_semantic(
    contract: Contract, *, locations: LocationIndex | None = None
) -> ValidationResult:
    """Warn when an ``ordered`` upgrade strategy is declared for a stateless service."""
    result = ValidationResult()
    runtime = contract.runtime
    if runtime is None or runtime.lifecycle is None:
        return result
    if runtime.lifecycle.upgrade_strategy == "ordered" and runtime.state.type == "stateless":
        path = "runtime.lifecycle.upgradeStrategy"
        result.add_warning(
            path,
            "UPGRADE_STRATEGY_STATE_MISMATCH",
            "ordered upgrade strategy is typically used with stateful services, "
            "but state is stateless",
            location=locate(locations, path),
        )
    return result
