"""``pacto pull oci://ref``: resolve, fetch (through the cache), extract (07-oci.md §11.2,
08-cli.md §3.5)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pacto.app._load import OCI_PREFIX, is_oci
from pacto.app.errors import CommandError
from pacto.contract import Bundle

if TYPE_CHECKING:
    from pacto.oci import Progress

__all__ = ["PullOptions", "PullResult", "extract_bundle", "run"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PullOptions:
    ref: str
    output: str = ""
    """Extraction directory; default: the pulled contract's ``service.name``."""
    progress: Progress | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PullResult:
    ref: str
    """The resolved reference (with tag), without ``oci://``."""
    output: str
    name: str
    version: str
    digest: str = ""
    source: str = ""
    """``registry``, ``memory`` or ``disk`` (where the bundle came from)."""
    files: int = 0

    def to_wire(self) -> dict[str, Any]:
        """Capitalised keys in the reference's order (08-cli.md §3.5)."""
        return {"Ref": self.ref, "Output": self.output, "Name": self.name, "Version": self.version}


def _write_file(target: Path, content: bytes) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
        Path(temporary).chmod(0o644)
        Path(temporary).replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


def extract_bundle(bundle: Bundle, output: str) -> int:
    """Write every file of ``bundle`` under ``output``: directories 0755, files 0644 (each
    replaced atomically), existing files overwritten, extra files left alone. A path that
    would leave ``output`` through an existing symbolic link is refused. Returns the number of
    files written; raises :class:`CommandError` (``failed to extract bundle: ...``)."""
    if bundle.fs is None:
        raise CommandError("failed to extract bundle: the bundle has no files")
    root = Path(output)
    written = 0
    try:
        root.mkdir(mode=0o755, parents=True, exist_ok=True)
        real_root = os.path.realpath(root)
        for name in bundle.fs.list_files():
            target = root.joinpath(*name.split("/"))
            target.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
            real_parent = os.path.realpath(target.parent)
            if real_parent != real_root and not real_parent.startswith(real_root + os.sep):
                raise CommandError(
                    f"failed to extract bundle: {name} would be written outside {output}"
                )
            if target.is_symlink():
                target.unlink()
            _write_file(target, bundle.fs.read_bytes(name))
            written += 1
    except OSError as exc:
        raise CommandError(f"failed to extract bundle: {exc}") from exc
    return written


def _safe_default_output(name: str) -> str:
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name:
        raise CommandError(
            f"the bundle's service name {name!r} is not a plain directory name; "
            "choose the output directory with -o"
        )
    return name


def run(store: Any, options: PullOptions) -> PullResult:
    """Raises :class:`CommandError` (no store, not ``oci://``, extraction failure) and the
    registry's typed errors (not found, authentication, unreachable, invalid bundle, no
    matching version)."""
    if store is None:
        raise CommandError("OCI registry client not configured")
    if not is_oci(options.ref):
        raise CommandError(f'pull requires an OCI reference (oci://...): got "{options.ref}"')
    location = options.ref[len(OCI_PREFIX) :]
    resolved = store.resolve(location)
    digest = source = ""
    fetch = getattr(store, "fetch", None)
    if callable(fetch):
        fetched = fetch(resolved, progress=options.progress)
        bundle, digest, source = fetched.bundle, fetched.digest, fetched.source
    else:
        bundle = store.pull(resolved)
    contract = bundle.contract
    output = options.output or _safe_default_output(contract.service.name)
    files = extract_bundle(bundle, output)
    return PullResult(
        ref=resolved,
        output=output,
        name=contract.service.name,
        version=contract.service.version,
        digest=digest,
        source=source,
        files=files,
    )
