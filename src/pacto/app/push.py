"""``pacto push oci://ref``: validate, refuse local references, tag, push (07-oci.md §11.1,
08-cli.md §3.4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pacto.app._load import OCI_PREFIX, is_oci
from pacto.app.errors import CommandError
from pacto.app.pack import ContractInvalidError, load_for_publishing
from pacto.contract import Contract, parse_dependency_ref
from pacto.override import Overrides

if TYPE_CHECKING:
    from pacto.oci import Progress

__all__ = ["PushOptions", "PushResult", "local_reference_error", "run"]

_LOCAL_REFS = "Local references are not allowed when publishing. Use an OCI reference (oci://...)"


@dataclass(frozen=True, slots=True, kw_only=True)
class PushOptions:
    ref: str
    path: str = "."
    force: bool = False
    overrides: Overrides = field(default_factory=Overrides)
    progress: Progress | None = None
    """Where upload progress goes (the CLI passes a terminal display; ``None``: nowhere)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PushResult:
    ref: str
    """The reference pushed to, without ``oci://``, with the final tag."""
    digest: str
    name: str
    version: str
    pushed: bool = True
    """False when the tag existed and ``force`` was not given: nothing was pushed."""

    @property
    def warning(self) -> str:
        """The reference's ``ArtifactAlreadyExists`` text, when nothing was pushed."""
        if self.pushed:
            return ""
        return f"artifact already exists: {self.ref} (use --force to overwrite)"

    def to_wire(self) -> dict[str, Any]:
        """Capitalised keys in the reference's order (08-cli.md §3.4)."""
        return {"Ref": self.ref, "Digest": self.digest, "Name": self.name, "Version": self.version}


def _is_local(ref: str) -> bool:
    return parse_dependency_ref(ref).is_local()


def local_reference_error(contract: Contract) -> str | None:
    """The first local reference a published contract must not carry, as the reference's
    two-line message: dependencies, then the chart, then configuration refs, then policy refs."""
    for dependency in contract.dependencies:
        if _is_local(dependency.ref):
            return (
                f"local dependency detected: {dependency.ref}\n"
                "Local dependencies are not allowed when publishing. "
                "All dependencies must use OCI references (oci://...)"
            )
    chart = contract.service.chart
    if chart is not None and chart.ref and _is_local(chart.ref):
        return (
            f"local chart reference detected: {chart.ref}\n"
            "Local chart references are not allowed when publishing. "
            "Use an OCI reference (oci://...)"
        )
    for configuration in contract.effective_configurations():
        if configuration.ref and _is_local(configuration.ref):
            return f"local configuration ref detected: {configuration.ref}\n{_LOCAL_REFS}"
    for policy in contract.effective_policies():
        if policy.ref and _is_local(policy.ref):
            return f"local policy ref detected: {policy.ref}\n{_LOCAL_REFS}"
    return None


def run(store: Any, options: PushOptions) -> PushResult:
    """Raises :class:`CommandError` (no store, not ``oci://``, local references),
    :class:`ContractInvalidError`, and the registry's typed errors."""
    from pacto.app.validate import BundleRefResolver
    from pacto.oci import has_explicit_tag, parse_reference
    from pacto.validation import validate_with_resolver

    if store is None:
        raise CommandError("OCI registry client not configured")
    if not is_oci(options.ref):
        raise CommandError(f'push requires an OCI reference (oci://...): got "{options.ref}"')
    location = options.ref[len(OCI_PREFIX) :]
    parse_reference(location)
    publishable = load_for_publishing(options.path, options.overrides)
    bundle = publishable.bundle
    resolver = BundleRefResolver(store, str(publishable.root))
    result = validate_with_resolver(
        bundle.contract, bundle.raw(), bundle.fs, resolver, origin=str(publishable.root)
    )
    if not result.is_valid():
        raise ContractInvalidError(result)
    problem = local_reference_error(bundle.contract)
    if problem is not None:
        raise CommandError(problem)
    if not has_explicit_tag(location):
        location = f"{location}:{bundle.contract.service.version}"
    outcome = store.push(location, bundle, force=options.force, progress=options.progress)
    return PushResult(
        ref=location,
        digest=outcome.digest,
        name=bundle.contract.service.name,
        version=bundle.contract.service.version,
        pushed=outcome.pushed,
    )
