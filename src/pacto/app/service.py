"""The application service: one stateless method per command (options in, result out).

Methods never print, prompt, exit or read the environment. The CLI, the MCP server and the
dashboard call the same methods. Each method lives in its own module (``app/<command>.py``) and
is imported when first called, so a command pays only for what it uses.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from typing import Any

    from pacto.app._ports import BundleStore
    from pacto.app.diff import DiffOptions, DiffResult, RulesOptions, RulesResult
    from pacto.app.doc import DocOptions, DocResult
    from pacto.app.explain import ExplainOptions, ExplainResult
    from pacto.app.generate import GenerateOptions, GenerateResult
    from pacto.app.graph import GraphOptions, GraphResult
    from pacto.app.init import InitOptions, InitResult
    from pacto.app.login import LoginOptions, LoginResult
    from pacto.app.pack import PackOptions, PackResult
    from pacto.app.pull import PullOptions, PullResult
    from pacto.app.push import PushOptions, PushResult
    from pacto.app.validate import ValidateOptions, ValidateResult
    from pacto.contract import Bundle
    from pacto.override import Overrides

__all__ = ["Service"]


class Service:
    """Holds the ports (registry store, plugin runner, extras) and nothing else."""

    def __init__(
        self,
        *,
        store: BundleStore | None = None,
        plugins: Any | None = None,
        extras: dict[str, Any] | None = None,
    ) -> None:
        self.store = store
        self.plugins = plugins
        self.extras = dict(extras or {})

    def load_bundle(self, ref: str, overrides: Overrides | None = None) -> Bundle:
        """A directory or ``oci://`` bundle with overrides applied."""
        from pacto.app._load import load_bundle

        return load_bundle(ref, overrides, self.store)

    def init(self, options: InitOptions) -> InitResult:
        from pacto.app import init

        return init.run(options)

    def validate(self, options: ValidateOptions) -> ValidateResult:
        from pacto.app import validate

        return validate.run(self.store, options)

    def explain(self, options: ExplainOptions) -> ExplainResult:
        from pacto.app import explain

        return explain.run(self.store, options)

    def doc(self, options: DocOptions) -> DocResult:
        """Markdown documentation of a contract (with its resolved dependency graph)."""
        from pacto.app import doc

        return doc.run(self.store, options)

    def generate(self, options: GenerateOptions) -> GenerateResult:
        """Run a generator plugin through the plugin runner port."""
        from pacto.app import generate

        return generate.run(self.store, self.plugins, options)

    def graph(self, options: GraphOptions) -> GraphResult:
        """Resolve the dependency graph of a contract; dependency failures stay in the graph."""
        from pacto.app import graph

        return graph.run(self.store, options)

    def pack(self, options: PackOptions) -> PackResult:
        """Validate a local bundle and write its reproducible tar.gz (no registry access)."""
        from pacto.app import pack

        return pack.run(options)

    def push(self, options: PushOptions) -> PushResult:
        """Validate a local bundle and push it to an OCI registry (skips an existing tag)."""
        from pacto.app import push

        return push.run(self.store, options)

    def pull(self, options: PullOptions) -> PullResult:
        """Fetch a bundle from an OCI registry (through the cache) and extract it."""
        from pacto.app import pull

        return pull.run(self.store, options)

    def login(self, options: LoginOptions) -> LoginResult:
        """Store registry credentials in the pacto config file."""
        from pacto.app import login

        return login.run(options)

    def diff(self, options: DiffOptions) -> DiffResult:
        """Compare two contracts (directories, pacto.yaml files or oci:// refs) and classify."""
        from pacto.app import diff

        return diff.run(self.store, options)

    def rules(self, options: RulesOptions) -> RulesResult:
        """The diff rule catalogue."""
        from pacto.app import diff

        return diff.rules(options)
