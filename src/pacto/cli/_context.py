"""Per-invocation CLI state: global settings read once, and the lazily built service."""

from __future__ import annotations

from collections.abc import Mapping

from pacto.cli._options import OUTPUT_FORMATS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from typing import Any

    from pacto.app import Service

__all__ = ["OUTPUT_FORMATS", "CliContext"]


class CliContext:
    """What every command needs: settings (flag > env > config file > default) and the service.

    Tests may hand a ready ``Service`` (or a fake) through ``CliRunner.invoke(obj=...)``. A plain
    class rather than a dataclass: ``dataclasses`` (and the ``inspect`` it imports) would be the
    costliest import of a cold ``pacto validate``.
    """

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        *,
        output_format: str = "text",
        verbose: bool = False,
        no_cache: bool = False,
        config_path: str = "",
        injected_service: Service | None = None,
    ) -> None:
        self.env: Mapping[str, str] = {} if env is None else env
        self.output_format = output_format
        self.verbose = verbose
        self.no_cache = no_cache
        self.config_path = config_path
        self.config: dict[str, Any] = {}
        self.explicit: set[str] = set()
        self.settings_resolved = False
        self.injected_service = injected_service
        self.update_check: Any = None
        self._service: Service | None = None

    def __repr__(self) -> str:
        return (
            f"CliContext(output_format={self.output_format!r}, verbose={self.verbose!r}, "
            f"no_cache={self.no_cache!r}, config_path={self.config_path!r})"
        )

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
