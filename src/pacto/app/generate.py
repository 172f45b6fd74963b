"""``pacto generate <plugin>``: run a generator plugin on a contract (09 §1.4, 08-cli.md §3.10).

The contract is loaded with overrides and parsed, not fully validated. ``bundleDir`` and
``outputDir`` are sent as absolute paths (09 §6 item 2); an ``oci://`` bundle is extracted into
a temporary ``pacto-bundle-*`` directory that is removed afterwards whatever happens.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pacto.app._load import is_oci, load_bundle
from pacto.app.errors import CommandError
from pacto.contract import Bundle
from pacto.contract.wire import contract_to_wire
from pacto.override import Overrides
from pacto.plugin import PluginRequest, PluginRunner, write_files

if TYPE_CHECKING:
    from pacto.app._ports import BundleStore

__all__ = ["GenerateOptions", "GenerateResult", "run"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerateOptions:
    plugin: str
    path: str = "."
    output_dir: str = ""
    """Default ``<plugin>-output``."""
    options: Mapping[str, str] | None = None
    """``None`` when the user gave no ``--option`` (the request then has no ``options`` key)."""
    overrides: Overrides = field(default_factory=Overrides)
    timeout: float | None = None
    """Seconds; ``None`` uses the runner's default, ``0`` means no limit."""


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerateResult:
    plugin: str
    output_dir: str
    """As given (or the default), not made absolute."""
    files_count: int
    message: str = ""
    written: tuple[str, ...] = ()
    """Absolute paths of the files written, in the plugin's order."""

    def to_wire(self) -> dict[str, Any]:
        """``{plugin, outputDir, filesCount, message?}`` (08-cli.md §3.10)."""
        out: dict[str, Any] = {
            "plugin": self.plugin,
            "outputDir": self.output_dir,
            "filesCount": self.files_count,
        }
        if self.message:
            out["message"] = self.message
        return out


def run(store: BundleStore | None, runner: Any, options: GenerateOptions) -> GenerateResult:
    """Raises :class:`CommandError`, bundle errors and :class:`~pacto.plugin.PluginError`."""
    if runner is None or not isinstance(runner, PluginRunner):
        raise CommandError("plugin runner not configured")
    path = options.path or "."
    logger.debug("resolving contract for generation path=%s plugin=%s", path, options.plugin)
    bundle = load_bundle(path, options.overrides, store)
    output_dir = options.output_dir or f"{options.plugin}-output"
    temporary: str | None = None
    try:
        logger.debug("preparing bundle directory path=%s", path)
        if is_oci(path):
            temporary = _extract(bundle)
            bundle_dir = temporary
        else:
            local = path[len("file://") :] if path.startswith("file://") else path
            bundle_dir = str(Path(local).resolve())
        try:
            Path(output_dir).mkdir(mode=0o755, parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(
                f"failed to create output directory: {exc.strerror or exc}: {output_dir}"
            ) from exc
        request = PluginRequest(
            contract=contract_to_wire(bundle.contract),
            bundle_dir=bundle_dir,
            output_dir=str(Path(output_dir).resolve()),
            options=dict(options.options) if options.options is not None else None,
        )
        logger.debug("invoking plugin plugin=%s bundle_dir=%s", options.plugin, bundle_dir)
        response = runner.run(options.plugin, request, timeout=options.timeout)
        logger.debug(
            "plugin execution complete plugin=%s files=%d", options.plugin, len(response.files)
        )
        written = write_files(Path(output_dir), response.files, plugin=options.plugin)
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    return GenerateResult(
        plugin=options.plugin,
        output_dir=output_dir,
        files_count=len(response.files),
        message=response.message,
        written=tuple(written),
    )


def _extract(bundle: Bundle) -> str:
    try:
        directory = tempfile.mkdtemp(prefix="pacto-bundle-")
    except OSError as exc:
        raise CommandError(f"failed to create temp directory: {exc.strerror or exc}") from exc
    try:
        if bundle.fs is not None:
            for relative in bundle.fs.list_files():
                target = Path(directory).joinpath(*relative.split("/"))
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(bundle.fs.read_bytes(relative))
        elif bundle.raw_yaml:
            Path(directory, "pacto.yaml").write_bytes(bundle.raw_yaml)
    except OSError as exc:
        shutil.rmtree(directory, ignore_errors=True)
        raise CommandError(f"failed to extract bundle: {exc.strerror or exc}") from exc
    return directory
