"""The validation engine: four layers over a parsed contract and its raw text (02-validation.md).

1. structural — the raw document against the embedded JSON Schema;
2. cross-field — references between fields and to the bundle's files;
3. semantic — consistency warnings;
4. policies — resolve the contract's policies (locally or through a :class:`BundleResolver`)
   and enforce them on the document.

Layers short-circuit as §1.2 says. Findings are data (:class:`ValidationResult`); nothing here
raises for an invalid contract. Findings of layers 1-3 carry the line and column of the node
they are about (computed lazily: a valid contract never pays for it).

Pure: no network (other bundles are reached only through the injected resolver), no
environment, no clock. Must never import click, httpx, web frameworks, :mod:`pacto.oci` or
:mod:`pacto.app`; jsonschema and fastjsonschema are imported lazily, on first use.
"""

from __future__ import annotations

from pacto.validation._crossfield import validate_cross_field
from pacto.validation._policy import (
    ResolvedPolicy,
    enforce_policies,
    resolve_policies_from_bundle,
    resolve_policies_with_resolver,
)
from pacto.validation._policy import enforce_on_document as _enforce_on_document
from pacto.validation._result import Severity, ValidationIssue, ValidationResult
from pacto.validation._runtime import RuntimeContext, RuntimeValidationResult, validate_runtime
from pacto.validation._schema import schema_bytes, schema_document, use_compiled_schema_cache
from pacto.validation._semantic import validate_semantic
from pacto.validation._structural import (
    first_structural_error,
    validate_structural,
    validate_structural_raw,
)
from pacto.validation._structural import location_index as _location_index
from pacto.validation._structural import structural_from_raw as _structural_from_raw
from pacto.validation.wire import issue_to_wire, result_to_wire

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from collections.abc import Callable

    from pacto.contract import BundleFS, Contract, LocationIndex
    from pacto.validation._ports import BundleResolver

    _Resolve = Callable[[LocationIndex], tuple[list[ResolvedPolicy], ValidationResult]]
del TYPE_CHECKING  # not part of the package's surface

# Plain sorted order (tests/test_exported_members.py); no constants are exported, so ruff's
# isort-style order is the same.
__all__ = [
    "BundleResolver",
    "ResolvedPolicy",
    "RuntimeContext",
    "RuntimeValidationResult",
    "Severity",
    "ValidationIssue",
    "ValidationResult",
    "enforce_policies",
    "first_structural_error",
    "issue_to_wire",
    "resolve_policies_from_bundle",
    "resolve_policies_with_resolver",
    "result_to_wire",
    "schema_bytes",
    "schema_document",
    "use_compiled_schema_cache",
    "validate",
    "validate_cross_field",
    "validate_runtime",
    "validate_semantic",
    "validate_structural",
    "validate_structural_raw",
    "validate_with_resolver",
]


def __getattr__(name: str) -> object:
    # BundleResolver is a typing.Protocol: importing it (and typing) waits until someone asks.
    if name == "BundleResolver":
        from pacto.validation._ports import BundleResolver

        return BundleResolver
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def validate(
    contract: Contract, raw_yaml: bytes | str, bundle_fs: BundleFS | None
) -> ValidationResult:
    """All four layers; layer 4 resolves only the bundle's own policy schemas.

    ``raw_yaml`` is the exact contract text (after overrides) and ``contract`` its parse.
    ``bundle_fs=None`` skips every file check. Ref policies are not enforced: each gets a
    ``POLICY_REF_NOT_ENFORCED`` warning when there is a file system (02 §12 item 2).
    """
    return _run(
        contract,
        raw_yaml,
        bundle_fs,
        lambda locations: resolve_policies_from_bundle(contract, bundle_fs, locations=locations),
    )


def validate_with_resolver(
    contract: Contract,
    raw_yaml: bytes | str,
    bundle_fs: BundleFS | None,
    resolver: BundleResolver | None,
    *,
    origin: str = "",
) -> ValidationResult:
    """All four layers; ref policies are resolved recursively through ``resolver``.

    ``resolver=None`` makes every ref policy fail closed (``POLICY_REF_UNRESOLVED``).
    ``origin`` names where the root contract lives (its directory), used to key relative local
    refs in cycle detection; see :mod:`pacto.validation._policy` for how a resolver can resolve
    relative refs against the declaring contract's directory.
    """
    return _run(
        contract,
        raw_yaml,
        bundle_fs,
        lambda locations: resolve_policies_with_resolver(
            contract, bundle_fs, resolver, origin=origin, locations=locations
        ),
    )


def _run(
    contract: Contract, raw_yaml: bytes | str, bundle_fs: BundleFS | None, resolve: _Resolve
) -> ValidationResult:
    """The §1.2 pipeline. The location index only parses the text if a finding needs it."""
    locations = _location_index(raw_yaml)
    document, result = _structural_from_raw(raw_yaml, locations)
    if not result.is_valid():
        return result
    result.merge(validate_cross_field(contract, bundle_fs, locations=locations))
    if not result.is_valid():
        return result
    result.merge(validate_semantic(contract, locations=locations))
    policies, resolution = resolve(locations)
    result.merge(resolution)
    if result.is_valid():
        # If any policy failed to resolve, none is enforced (02 §1.2).
        result.merge(_enforce_on_document(document, policies, locations=locations))
    return result
