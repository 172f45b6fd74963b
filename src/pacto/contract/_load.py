"""Loading a bundle from a local directory (01-contract.md §2.5, 08-cli.md §1.1)."""

from __future__ import annotations

import os
from pathlib import Path

from pacto.contract._bundle import CONTRACT_FILE, MAX_CONTRACT_BYTES, Bundle, DirectoryFS
from pacto.contract._parse import parse
from pacto.contract.errors import BundleError, ParseError

__all__ = ["load_directory", "read_contract_file"]


def read_contract_file(path: Path) -> bytes:
    """Read ``pacto.yaml`` with a size cap, so a 50 MB file is refused without being read."""
    try:
        size = path.stat().st_size
        if size > MAX_CONTRACT_BYTES:
            raise BundleError(
                f"{path} is {size / 1_048_576:.1f} MB; a contract may be at most "
                f"{MAX_CONTRACT_BYTES // 1_048_576} MB",
                path=str(path),
            )
        with path.open("rb") as handle:
            return handle.read(MAX_CONTRACT_BYTES + 1)
    except OSError as exc:
        raise BundleError(f"failed to read {path}: {exc.strerror or exc}", path=str(path)) from exc


def load_directory(directory: str | os.PathLike[str], *, accept_file: bool = True) -> Bundle:
    """Load the bundle rooted at ``directory``.

    Raises :class:`BundleError` with the reference's messages (``failed to access <dir>``,
    ``<dir> is not a directory``, ``no pacto.yaml found in <dir>``,
    ``failed to parse <file>: <cause>``). With ``accept_file`` a path to ``pacto.yaml`` itself
    is accepted too (beyond the reference).
    """
    shown = os.fspath(directory)
    if shown.startswith("file://"):
        shown = shown[len("file://") :]
    root = Path(shown)
    try:
        is_dir = root.is_dir()
        exists = is_dir or root.exists()
    except OSError as exc:
        raise BundleError(f"failed to access {shown}: {exc}", path=shown) from exc
    if not exists:
        raise BundleError(f"failed to access {shown}: no such file or directory", path=shown)
    if not is_dir:
        if accept_file and root.name == CONTRACT_FILE:
            root = root.parent
            shown = str(root)
        else:
            raise BundleError(f"{shown} is not a directory", path=shown)
    contract_path = root / CONTRACT_FILE
    if not contract_path.is_file():
        raise BundleError(f"no pacto.yaml found in {shown}", path=shown)
    raw = read_contract_file(contract_path)
    shown_file = os.path.normpath(Path(shown) / CONTRACT_FILE)
    try:
        contract = parse(raw)
    except ParseError as exc:
        raise BundleError(f"failed to parse {shown_file}: {exc}", path=shown) from exc
    return Bundle(contract=contract, raw_yaml=raw, fs=DirectoryFS(root), origin=shown)
