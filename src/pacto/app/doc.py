"""``pacto doc``: the Markdown documentation of a contract (08-cli.md §3.9, 09 §2.1).

The bundle is loaded with overrides; its full transitive dependency graph is resolved (edge
errors stay inside the graph and never fail the command) and handed to the generator, which
falls back to the declared dependencies when no graph could be resolved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pacto.app._load import load_bundle
from pacto.app.errors import CommandError
from pacto.contract import Bundle
from pacto.doc import DEFAULT_DOCS_URL, DocGraph, generate, graph_from_result
from pacto.override import Overrides

if TYPE_CHECKING:
    from pacto.app._ports import BundleStore
    from pacto.graph import Result

__all__ = ["DocOptions", "DocResult", "GraphResolver", "run"]

logger = logging.getLogger(__name__)

GraphResolver = Callable[[Bundle, str], "Result | None"]
"""``(bundle, path as given) -> graph`` — how the service resolves the dependency graph."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DocOptions:
    path: str = "."
    output_dir: str = ""
    """When set, the document is also written to ``<output_dir>/<service.name>.md``."""
    overrides: Overrides = field(default_factory=Overrides)
    docs_url: str = DEFAULT_DOCS_URL


@dataclass(frozen=True, slots=True, kw_only=True)
class DocResult:
    service_name: str
    markdown: str
    path: str = ""
    """The file written (``-o``), ``""`` otherwise."""
    bundle: Bundle | None = field(default=None, compare=False, repr=False)
    """Not serialised (kept for viewers that need the bundle's files)."""

    def to_wire(self) -> dict[str, Any]:
        """``{serviceName, markdown, path?}`` (08-cli.md §3.9)."""
        out: dict[str, Any] = {"serviceName": self.service_name, "markdown": self.markdown}
        if self.path:
            out["path"] = self.path
        return out


def run(
    store: BundleStore | None,
    options: DocOptions,
    resolve_graph: GraphResolver | None = None,
) -> DocResult:
    """Raises bundle/registry errors and :class:`CommandError` for output failures."""
    bundle = load_bundle(options.path, options.overrides, store)
    graph: DocGraph | None = None
    resolver = resolve_graph or _default_graph_resolver(store)
    if bundle.contract.dependencies:
        result = resolver(bundle, options.path)
        if result is not None:
            graph = graph_from_result(result)
    try:
        markdown = generate(bundle.contract, bundle.fs, graph, docs_url=options.docs_url)
    except (OSError, ValueError) as exc:
        raise CommandError(f"generating documentation: {exc}") from exc
    name = bundle.contract.service.name
    path = ""
    if options.output_dir:
        path = _write(options.output_dir, name, markdown)
    return DocResult(service_name=name, markdown=markdown, path=path, bundle=bundle)


def _write(directory: str, name: str, markdown: str) -> str:
    try:
        Path(directory).mkdir(mode=0o755, parents=True, exist_ok=True)
    except OSError as exc:
        raise CommandError(f"creating output directory: {exc.strerror or exc}") from exc
    path = Path(directory) / f"{name}.md"
    try:
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(markdown)
        path.chmod(0o644)
    except OSError as exc:
        raise CommandError(f"writing documentation file: {exc.strerror or exc}") from exc
    logger.debug("documentation written path=%s", path)
    return str(path)


def _default_graph_resolver(store: BundleStore | None) -> GraphResolver:
    """The graph command's resolution: same fetcher, same rules (05-graph.md §3.4)."""
    from pacto.app.graph import base_dir_of, resolve_bundle_graph

    def resolver(bundle: Bundle, path: str) -> Result:
        return resolve_bundle_graph(store, bundle, base_dir_of(path))

    return resolver
