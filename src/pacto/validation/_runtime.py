"""Runtime validation: declared state versus observed state (02-validation.md §8).

Collecting observations (Kubernetes, CI, a local run) is someone else's job; this only compares,
and is pure and platform-neutral. An empty observation means "not observed", never "absent".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pacto._record import Record, field
from pacto.contract import Contract, LocationIndex
from pacto.validation._crossfield import go_quote
from pacto.validation._locate import locate, path_tokens
from pacto.validation._result import ValidationResult

__all__ = ["RuntimeContext", "RuntimeValidationResult", "validate_runtime"]

RuntimeValidationResult = ValidationResult
"""Same shape as :class:`ValidationResult` (02 §3.1); an alias kept for upstream's name."""


class RuntimeContext(Record):
    """What was observed about a running service. Every field is optional."""

    http_paths: Sequence[str] = ()
    """HTTP paths actually served. Reserved: no 1.0 rule uses it."""
    env_vars: Mapping[str, str] = field(default_factory=dict)
    """Configuration environment variables present at runtime."""
    ports: Sequence[int] = ()
    """Ports actually exposed."""


def validate_runtime(
    contract: Contract, runtime_context: RuntimeContext, *, locations: LocationIndex | None = None
) -> ValidationResult:
    """Compare ``contract`` with ``runtime_context``.

    ``PORT_NOT_OBSERVED`` (error) for each declared interface port missing from a non-empty
    ``ports``; ``CONFIG_NOT_OBSERVED`` (warning) for each configuration value key missing from a
    non-empty ``env_vars``, keys in sorted order (beyond the reference, 02 §12 item 7).
    """
    result = ValidationResult()
    if runtime_context.ports:
        observed = set(runtime_context.ports)
        for index, interface in enumerate(contract.interfaces):
            if interface.port is not None and interface.port not in observed:
                path = f"interfaces[{index}].port"
                result.add_error(
                    path,
                    "PORT_NOT_OBSERVED",
                    f"interface {go_quote(interface.name)} declares port {interface.port} "
                    "but it was not observed at runtime",
                    location=locate(locations, path),
                )
    if runtime_context.env_vars:
        for config in contract.effective_configurations():
            for key in sorted(config.values or {}):
                if key not in runtime_context.env_vars:
                    path = f"{config.path_prefix}.values.{key}"
                    result.add_warning(
                        path,
                        "CONFIG_NOT_OBSERVED",
                        f"configuration key {go_quote(key)} is declared but not found in "
                        "runtime environment",
                        location=locate(
                            locations, (*path_tokens(config.path_prefix), "values", key)
                        ),
                    )
    return result
