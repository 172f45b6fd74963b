"""``pacto validate``: load, then the four validation layers (08-cli.md §3.2)."""

from __future__ import annotations

from pathlib import Path

from pacto._record import Record, field
from pacto.app._load import OCI_PREFIX, is_oci, load_bundle
from pacto.contract import Bundle, ContractError, SourceLocation, load_directory
from pacto.errors import PactoError
from pacto.override import Overrides
from pacto.validation import ValidationResult, validate_with_resolver

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from pacto.app._ports import BundleStore

__all__ = ["BundleRefResolver", "ValidateOptions", "ValidateResult", "run"]


class ValidateOptions(Record):
    path: str = "."
    overrides: Overrides = field(default_factory=Overrides)


class ValidateResult(Record):
    path: str
    result: ValidationResult
    contract_file: str = ""
    """Where pacto.yaml was read from (for locations), ``""`` when it could not be loaded."""

    @property
    def valid(self) -> bool:
        return self.result.is_valid()


class BundleRefResolver:
    """Resolves policy/configuration refs: ``oci://`` through the store, anything else as a
    directory relative to ``base_dir``, the declaring contract's directory (02-validation.md §12
    item 5). A contract that came from a registry may not reference local paths at all."""

    def __init__(
        self, store: BundleStore | None, base_dir: str | None, *, from_registry: str = ""
    ) -> None:
        self._store = store
        self._base_dir = base_dir
        self._from_registry = from_registry

    def resolve_bundle(self, ref: str) -> Bundle:
        if is_oci(ref):
            if self._store is None:
                raise PactoError("OCI registry client not configured")
            return self._store.pull(ref[len(OCI_PREFIX) :])
        if self._from_registry:
            raise PactoError(
                f'{self._from_registry} references the local path "{ref}"; a contract pulled '
                "from a registry can only reference oci:// contracts"
            )
        location = Path(ref[len("file://") :] if ref.startswith("file://") else ref)
        if self._base_dir and not location.is_absolute():
            location = Path(self._base_dir) / location
        return load_directory(location)

    def relative_to(self, bundle: Bundle) -> BundleRefResolver:
        """A resolver for the refs that ``bundle`` itself declares."""
        if is_oci(bundle.origin):
            return BundleRefResolver(self._store, None, from_registry=bundle.origin)
        return BundleRefResolver(self._store, bundle.origin or self._base_dir)


def run(store: BundleStore | None, options: ValidateOptions) -> ValidateResult:
    try:
        bundle = load_bundle(options.path, options.overrides, store)
    except (ContractError, PactoError) as exc:
        return ValidateResult(
            path=options.path, result=ValidationResult.parse_error(str(exc), location=_where(exc))
        )
    base_dir = None if is_oci(options.path) else _bundle_dir(options.path)
    resolver = BundleRefResolver(
        store, base_dir, from_registry=options.path if is_oci(options.path) else ""
    )
    result = validate_with_resolver(
        bundle.contract, bundle.raw(), bundle.fs, resolver, origin=bundle.origin or options.path
    )
    contract_file = "" if base_dir is None else str(Path(base_dir) / "pacto.yaml")
    if is_oci(options.path):
        contract_file = f"{options.path}#pacto.yaml"
    return ValidateResult(path=options.path, result=result, contract_file=contract_file)


def _where(error: Exception) -> SourceLocation | None:
    """The line/column of a parse failure, found on the error or its causes."""
    current: BaseException | None = error
    while current is not None:
        line = getattr(current, "line", None)
        if isinstance(line, int):
            return SourceLocation("pacto.yaml", line, getattr(current, "column", None) or 1)
        current = current.__cause__
    return None


def _bundle_dir(path: str) -> str:
    location = Path(path[len("file://") :] if path.startswith("file://") else path)
    if location.name == "pacto.yaml" and location.is_file():
        location = location.parent
    return str(location)
