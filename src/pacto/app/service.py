"""The application service: one stateless method per command (options in, result out).

Methods never print, prompt, exit or read the environment. The CLI, the MCP server and the
dashboard call the same methods. Each method lives in its own module (``app/<command>.py``) and
is imported when first called, so a command pays only for what it uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pacto.app._ports import BundleStore
    from pacto.app.explain import ExplainOptions, ExplainResult
    from pacto.app.init import InitOptions, InitResult
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
