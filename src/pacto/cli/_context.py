"""Per-invocation CLI state: global settings read once, and the lazily built service."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pacto.app import Service

__all__ = ["OUTPUT_FORMATS", "CliContext"]

OUTPUT_FORMATS = ("text", "json", "markdown", "sarif")


@dataclass
class CliContext:
    """What every command needs: settings (flag > env > config file > default) and the service.

    Tests may hand a ready ``Service`` (or a fake) through ``CliRunner.invoke(obj=...)``.
    """

    env: Mapping[str, str] = field(default_factory=dict)
    output_format: str = "text"
    verbose: bool = False
    no_cache: bool = False
    config_path: str = ""
    config: dict[str, Any] = field(default_factory=dict)
    explicit: set[str] = field(default_factory=set)
    injected_service: Service | None = None
    update_check: Any = None
    _service: Service | None = None

    def service(self) -> Service:
        """The application service, built by the composition root on first use."""
        if self.injected_service is not None:
            return self.injected_service
        if self._service is None:
            from pacto.bootstrap import build_service

            self._service = build_service(self.env, no_cache=self.no_cache)
        return self._service

    def setting(self, key: str, default: Any = None) -> Any:
        """A non-global setting: env ``PACTO_<KEY>`` > config file > ``default``."""
        env_name = "PACTO_" + key.upper().replace("-", "_").replace(".", "_")
        if env_name in self.env:
            return self.env[env_name]
        node: Any = self.config
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node
