"""``pacto pack [dir]``: validate a local bundle and write its reproducible tar.gz
(08-cli.md §3.3, 07-oci.md §11.4).

Also home of what ``pack`` and ``push`` share: loading a bundle *for publishing* (every file
under the directory, ``.git/`` and the output archive excluded, symbolic links refused, the
merged ``pacto.yaml`` in place of the file) and :class:`ContractInvalidError`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pacto.app._load import apply_overrides
from pacto.app.errors import CommandError
from pacto.contract import (
    CONTRACT_FILE,
    Bundle,
    Contract,
    DirectoryFS,
    MemoryFS,
    load_directory,
)
from pacto.override import Overrides

if TYPE_CHECKING:
    from pacto.validation import ValidationResult

__all__ = [
    "ContractInvalidError",
    "PackOptions",
    "PackResult",
    "PublishableBundle",
    "load_for_publishing",
    "run",
]


class ContractInvalidError(CommandError):
    """``contract validation failed with N error(s)``; ``result`` holds the findings so the CLI
    can print them before failing (08-cli.md §6 item 2)."""

    def __init__(self, result: ValidationResult) -> None:
        super().__init__(f"contract validation failed with {len(result.errors)} error(s)")
        self.result = result


@dataclass(frozen=True, slots=True, kw_only=True)
class PackOptions:
    path: str = "."
    output: str = ""
    """Archive path; default ``<service.name>-<service.version>.tar.gz`` in the working dir."""
    overrides: Overrides = field(default_factory=Overrides)


@dataclass(frozen=True, slots=True, kw_only=True)
class PackResult:
    output: str
    name: str
    version: str
    digest: str = ""
    """``sha256:<hex>`` of the archive (not in the reference's JSON)."""
    size: int = 0

    def to_wire(self) -> dict[str, Any]:
        """Capitalised keys in the reference's order (08-cli.md §3.3)."""
        return {"Output": self.output, "Name": self.name, "Version": self.version}


@dataclass(frozen=True, slots=True)
class PublishableBundle:
    bundle: Bundle
    root: Path
    """The bundle directory (policy refs relative to it are resolved from there)."""


def load_for_publishing(
    path: str,
    overrides: Overrides | None,
    *,
    exclude: Callable[[Contract], Iterable[str]] | None = None,
) -> PublishableBundle:
    """The local bundle at ``path`` with overrides applied, its files read into memory;
    ``exclude`` names paths to leave out given the merged contract (the output archive).

    ``oci://`` is not accepted here: it is treated as a (missing) local path. Raises
    :class:`~pacto.contract.BundleError`, :class:`~pacto.oci.ArchiveError` (symbolic links,
    oversized files).
    """
    from pacto.oci import collect_directory

    loaded = load_directory(path)
    root = loaded.fs.root if isinstance(loaded.fs, DirectoryFS) else Path(path)
    merged = loaded
    if overrides is not None and not overrides.is_empty():
        merged = apply_overrides(loaded, overrides)
    files = collect_directory(root, exclude=exclude(merged.contract) if exclude else ())
    raw = merged.raw()
    files[CONTRACT_FILE] = raw
    bundle = Bundle(contract=merged.contract, raw_yaml=raw, fs=MemoryFS(files), origin=path)
    return PublishableBundle(bundle=bundle, root=root)


def _write_archive(output: str, data: bytes) -> None:
    target = Path(output)
    directory = target.parent if str(target.parent) else Path()
    try:
        descriptor, temporary = tempfile.mkstemp(
            dir=directory, prefix=f".{target.name}.", suffix=".tmp"
        )
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
            Path(temporary).chmod(0o644)
            Path(temporary).replace(target)
        except BaseException:
            with contextlib.suppress(OSError):
                Path(temporary).unlink()
            raise
    except OSError as exc:
        raise CommandError(f"failed to write {output}: {exc.strerror or exc}") from exc


def run(options: PackOptions) -> PackResult:
    """Load, override, validate locally (no registry access), write the archive.

    Raises :class:`ContractInvalidError` when validation finds errors, :class:`CommandError`
    (``failed to write <output>: ...``), bundle and archive errors.
    """
    import hashlib

    from pacto.oci import pack_files
    from pacto.validation import validate

    outputs: list[str] = []

    def output_for(contract: Contract) -> list[str]:
        name = f"{contract.service.name}-{contract.service.version}.tar.gz"
        outputs.append(options.output or name)
        return outputs

    publishable = load_for_publishing(options.path, options.overrides, exclude=output_for)
    output = outputs[0]
    bundle = publishable.bundle
    result = validate(bundle.contract, bundle.raw(), bundle.fs)
    if not result.is_valid():
        raise ContractInvalidError(result)
    assert isinstance(bundle.fs, MemoryFS)
    data = pack_files(dict(bundle.fs.files))
    _write_archive(output, data)
    return PackResult(
        output=output,
        name=bundle.contract.service.name,
        version=bundle.contract.service.version,
        digest="sha256:" + hashlib.sha256(data).hexdigest(),
        size=len(data),
    )
