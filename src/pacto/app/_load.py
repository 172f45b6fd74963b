"""Loading the bundle a command names: a local directory or an ``oci://`` reference, with the
user's overrides applied (08-cli.md §1.1-1.2, 06-overrides.md §2)."""

from __future__ import annotations

from pathlib import Path

from pacto.app.errors import CommandError
from pacto.contract import (
    CONTRACT_FILE,
    Bundle,
    BundleError,
    MemoryFS,
    ParseError,
    load_directory,
    parse,
)
from pacto.override import OverrideError, Overrides, apply

__all__ = ["OCI_PREFIX", "apply_overrides", "is_oci", "load_bundle"]

OCI_PREFIX = "oci://"


def is_oci(ref: str) -> bool:
    return ref.startswith(OCI_PREFIX)


def _read_values_file(path: str) -> bytes:
    return Path(path).read_bytes()


def load_bundle(ref: str, overrides: Overrides | None, store: object | None) -> Bundle:
    """Load ``ref`` (``oci://...`` through ``store``, anything else as a directory) and apply
    ``overrides``. Raises :class:`BundleError`, :class:`CommandError`, registry errors."""
    if is_oci(ref):
        if store is None:
            raise CommandError("OCI registry client not configured")
        bundle: Bundle = store.pull(ref[len(OCI_PREFIX) :])  # type: ignore[attr-defined]
    else:
        bundle = load_directory(ref)
    if overrides is None or overrides.is_empty():
        return bundle
    return apply_overrides(bundle, overrides)


def apply_overrides(bundle: Bundle, overrides: Overrides) -> Bundle:
    """The bundle with ``pacto.yaml`` replaced by the merged document (06-overrides.md §2)."""
    from pacto.validation import first_structural_error

    try:
        base = bundle.raw()
    except BundleError as exc:
        raise BundleError(f"no raw YAML available to apply overrides: {exc}") from exc
    try:
        merged = apply(base, overrides, read_file=_read_values_file)
    except OverrideError as exc:
        raise BundleError(f"failed to apply overrides: {exc}") from exc
    try:
        contract = parse(merged)
    except ParseError as exc:
        raise BundleError(f"failed to parse contract after overrides: {exc}") from exc
    problem = first_structural_error(merged)
    if problem is not None:
        raise BundleError(f"overrides produce an invalid contract: {problem}")
    files = MemoryFS.copy_of(bundle.fs) if bundle.fs is not None else MemoryFS()
    return Bundle(
        contract=contract,
        raw_yaml=merged,
        fs=files.replace(CONTRACT_FILE, merged),
        origin=bundle.origin,
    )
