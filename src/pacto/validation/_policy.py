"""Layer 4: policy resolution and enforcement (02-validation.md §7).

A resolved policy is a compiled JSON Schema plus the origin its messages cite. All of them apply
to the contract document with AND semantics. Resolution is local-only
(:func:`resolve_policies_from_bundle`) or recursive through an injected
:class:`BundleResolver` (:func:`resolve_policies_with_resolver`); this module never does I/O
beyond the bundle file systems it is handed.

Beyond the reference, adopted here (02 §12):

* item 2 — local-only resolution warns ``POLICY_REF_NOT_ENFORCED`` for every ref policy it
  cannot enforce (only when there is a bundle file system: a contract validated inline, without
  files, stays silent, as in later upstream releases);
* item 3 — fail closed: a policy schema (of the root or of a referenced bundle) that cannot be
  read, parsed or compiled is ``POLICY_REF_UNRESOLVED`` instead of silently enforcing nothing;
* item 4 — a cycle is a ref that recurs within its *own* chain, keyed by (declaring bundle,
  ref) for relative local refs, so the same text in two directories is two different links;
* item 5 — relative local refs are resolved against the declaring contract's directory. The
  resolver always receives the ref text exactly as written; to learn the declaring bundle, a
  resolver may offer ``relative_to(bundle) -> BundleResolver``: before recursing into a
  referenced bundle's own ``policies[]`` the engine asks it for a resolver scoped to that bundle
  (whose ``origin`` names its directory or registry reference). The root contract's directory
  is the resolver's own business: the application builds it with that base.
"""

from __future__ import annotations

from collections.abc import Callable

from pacto._record import Record
from pacto.contract import (
    Bundle,
    Contract,
    EffectivePolicy,
    LocationIndex,
    SourceLocation,
    parse_dependency_ref,
)
from pacto.validation._crossfield import go_quote, read_bundle_file
from pacto.validation._locate import locate
from pacto.validation._result import ValidationResult
from pacto.validation._schema import (
    SchemaEvaluationError,
    UserSchema,
    describe_leaf,
    load_user_schema,
)
from pacto.validation._structural import DocumentConversionError, load_generic_document

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from typing import Any

    from pacto.contract import BundleFS
    from pacto.validation._ports import BundleResolver

__all__ = [
    "POLICY_SCHEMA_PATH",
    "ResolvedPolicy",
    "enforce_on_document",
    "enforce_policies",
    "resolve_policies_from_bundle",
    "resolve_policies_with_resolver",
]

POLICY_SCHEMA_PATH = "policy/schema.json"
"""Fixed path read from a referenced bundle that declares no policies of its own (01 §2.4)."""

_ARROW = " \u2192 "


class ResolvedPolicy(Record, kw_only=False):
    """A compiled policy schema and where it came from."""

    origin: str
    """Cited in messages: ``policies["name"]``, ``policy``, or ``<ref> → <origin>``."""
    schema: UserSchema
    """The compiled policy schema."""
    declared_at: str = ""
    """Path of the root contract's entry that led to this policy (``policies[0]``)."""


class _Link(Record, kw_only=False):
    ref: str
    key: tuple[str, str]


def _origin(policy: EffectivePolicy) -> str:
    """``policies["<name>"]``, or the entry's own path when it has no name (02 §7.1)."""
    if policy.name:
        return f"policies[{go_quote(policy.name)}]"
    return policy.path_prefix


def _link_key(ref: str, declaring_bundle: str) -> tuple[str, str]:
    parsed = parse_dependency_ref(ref)
    if parsed.is_oci() or parsed.location.startswith("/"):
        return ("", ref)
    return (declaring_bundle, ref)


class _Resolution:
    def __init__(self, locations: LocationIndex | None) -> None:
        self.locations = locations
        self.policies: list[ResolvedPolicy] = []
        self.result = ValidationResult()

    def at(self, path: str) -> SourceLocation | None:
        return locate(self.locations, path) if path else None

    def unresolved(self, message: str, declared_at: str) -> None:
        self.result.add_error("", "POLICY_REF_UNRESOLVED", message, location=self.at(declared_at))

    def local(self, fs: BundleFS | None, schema_path: str, origin: str, declared_at: str) -> None:
        """Compile a policy schema from ``fs``; any failure fails closed (02 §12 item 3)."""
        if fs is None or not schema_path:
            return
        data = read_bundle_file(fs, schema_path) if fs.is_file(schema_path) else None
        if data is None:
            self.unresolved(
                f"policy {origin}: cannot read schema {go_quote(schema_path)}", declared_at
            )
            return
        schema = load_user_schema(data)
        if schema.json_error:
            self.unresolved(
                f"policy {origin}: schema {go_quote(schema_path)} is not valid JSON", declared_at
            )
        elif schema.schema_error:
            self.unresolved(
                f"policy {origin}: schema {go_quote(schema_path)} failed to compile: "
                f"{schema.schema_error}",
                declared_at,
            )
        else:
            self.policies.append(ResolvedPolicy(origin, schema, declared_at))


def resolve_policies_from_bundle(
    contract: Contract, bundle_fs: BundleFS | None, *, locations: LocationIndex | None = None
) -> tuple[list[ResolvedPolicy], ValidationResult]:
    """Local-only resolution (02 §7.2): compile the contract's own policy schemas from
    ``bundle_fs``; ref policies are not enforced and each gets a ``POLICY_REF_NOT_ENFORCED``
    warning. Without a file system nothing is resolved and nothing is reported."""
    resolution = _Resolution(locations)
    if bundle_fs is None:
        return resolution.policies, resolution.result
    for policy in contract.effective_policies():
        if policy.ref and not policy.schema:
            path = f"{policy.path_prefix}.ref"
            resolution.result.add_warning(
                path,
                "POLICY_REF_NOT_ENFORCED",
                f"ref-based policy {go_quote(policy.ref)} is not enforced by local validation; "
                "run validate with a resolver to enforce it",
                location=locate(locations, path),
            )
            continue
        resolution.local(bundle_fs, policy.schema, _origin(policy), policy.path_prefix)
    return resolution.policies, resolution.result


def resolve_policies_with_resolver(
    contract: Contract,
    bundle_fs: BundleFS | None,
    resolver: BundleResolver | None,
    *,
    origin: str = "",
    locations: LocationIndex | None = None,
) -> tuple[list[ResolvedPolicy], ValidationResult]:
    """Recursive resolution (02 §7.3). ``resolver=None`` makes every ref policy fail closed
    (``POLICY_REF_UNRESOLVED``); a ref that recurs in its own chain is ``POLICY_REF_CYCLE``.
    ``origin`` names the root contract's location (its directory), for cycle keys."""
    resolution = _Resolution(locations)
    _resolve(resolution, contract, bundle_fs, resolver, (), origin, "")
    return resolution.policies, resolution.result


def _resolve(
    resolution: _Resolution,
    contract: Contract,
    fs: BundleFS | None,
    resolver: BundleResolver | None,
    chain: tuple[_Link, ...],
    bundle_origin: str,
    declared_at: str,
) -> None:
    for policy in contract.effective_policies():
        origin = _origin(policy)
        if chain:
            origin = f"{chain[-1].ref}{_ARROW}{origin}"
        entry_declared_at = declared_at or policy.path_prefix
        if policy.schema:
            resolution.local(fs, policy.schema, origin, entry_declared_at)
        elif policy.ref:
            _resolve_ref(
                resolution, policy.ref, origin, resolver, chain, bundle_origin, entry_declared_at
            )


def _resolve_ref(
    resolution: _Resolution,
    ref: str,
    origin: str,
    resolver: BundleResolver | None,
    chain: tuple[_Link, ...],
    bundle_origin: str,
    declared_at: str,
) -> None:
    quoted = go_quote(ref)
    if resolver is None:
        resolution.unresolved(
            f"policy {origin}: ref {quoted} cannot be resolved (no resolver configured)",
            declared_at,
        )
        return
    link = _Link(ref, _link_key(ref, bundle_origin))
    if any(previous.key == link.key for previous in chain):
        refs = " ".join(item.ref for item in (*chain, link))
        resolution.result.add_error(
            "",
            "POLICY_REF_CYCLE",
            f"policy {origin}: cycle detected resolving ref {quoted} (chain: [{refs}])",
            location=resolution.at(declared_at),
        )
        return
    try:
        # Typed as optional: resolvers outside this codebase may return None (02 §7.3 step 4).
        bundle: Bundle | None = resolver.resolve_bundle(ref)
    except Exception as exc:  # the resolver is an injected port: any failure fails closed (§7.3)
        resolution.unresolved(
            f"policy {origin}: failed to resolve ref {quoted}: {exc}", declared_at
        )
        return
    if bundle is None or bundle.fs is None:
        resolution.unresolved(
            f"policy {origin}: ref {quoted} resolved to empty bundle", declared_at
        )
        return
    contract: Contract | None = bundle.contract
    if contract is not None and contract.effective_policies():
        _resolve(
            resolution,
            contract,
            bundle.fs,
            _scoped(resolver, bundle),
            (*chain, link),
            bundle.origin,
            declared_at,
        )
        return
    _fixed_path_policy(resolution, bundle.fs, quoted, origin, declared_at)


def _fixed_path_policy(
    resolution: _Resolution, fs: BundleFS, quoted: str, origin: str, declared_at: str
) -> None:
    """Legacy fallback (02 §7.3 step 6): ``policy/schema.json`` of the referenced bundle."""
    data = read_bundle_file(fs, POLICY_SCHEMA_PATH) if fs.is_file(POLICY_SCHEMA_PATH) else None
    if data is None:
        resolution.unresolved(
            f"policy {origin}: ref {quoted} bundle does not contain {POLICY_SCHEMA_PATH}",
            declared_at,
        )
        return
    schema = load_user_schema(data)
    if schema.json_error:
        resolution.unresolved(
            f"policy {origin}: ref {quoted} {POLICY_SCHEMA_PATH} is not valid JSON", declared_at
        )
    elif schema.schema_error:
        resolution.unresolved(
            f"policy {origin}: ref {quoted} {POLICY_SCHEMA_PATH} failed to compile: "
            f"{schema.schema_error}",
            declared_at,
        )
    else:
        resolution.policies.append(ResolvedPolicy(origin, schema, declared_at))


def _scoped(resolver: BundleResolver, bundle: Bundle) -> BundleResolver:
    relative_to: Callable[[Bundle], BundleResolver] | None = getattr(resolver, "relative_to", None)
    return relative_to(bundle) if callable(relative_to) else resolver


def enforce_policies(
    raw_yaml: bytes | str,
    policies: list[ResolvedPolicy],
    *,
    locations: LocationIndex | None = None,
) -> ValidationResult:
    """Apply every resolved policy to the contract document (02 §7.4): one ``POLICY_VIOLATION``
    per leaf error, sorted within each policy; ``POLICY_ENFORCEMENT_ERROR`` when the text
    cannot be converted."""
    result = ValidationResult()
    if not policies:
        return result
    try:
        document = load_generic_document(raw_yaml)
    except DocumentConversionError as exc:
        result.add_error(
            "",
            "POLICY_ENFORCEMENT_ERROR",
            f"failed to parse contract for policy enforcement: {exc}",
        )
        return result
    return enforce_on_document(document, policies, locations=locations)


def enforce_on_document(
    document: Any, policies: list[ResolvedPolicy], *, locations: LocationIndex | None = None
) -> ValidationResult:
    """:func:`enforce_policies` on an already converted generic document."""
    result = ValidationResult()
    for policy in policies:
        location = locate(locations, policy.declared_at) if policy.declared_at else None
        try:
            leaves = policy.schema.leaf_errors(document)
        except SchemaEvaluationError as exc:
            result.add_error(
                "", "POLICY_VIOLATION", f"policy {policy.origin}: {exc}", location=location
            )
            continue
        for description in sorted(describe_leaf(leaf) for leaf in leaves):
            result.add_error(
                "",
                "POLICY_VIOLATION",
                f"policy {policy.origin}: {description}",
                location=location,
            )
    return result
