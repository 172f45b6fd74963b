"""``pacto init <name>``: scaffold a bundle that passes ``pacto validate`` (08-cli.md §3.1)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from pacto.app.errors import CommandError

__all__ = ["SCHEMA_MODELINE", "InitOptions", "InitResult", "run"]

SCHEMA_MODELINE = (
    "# yaml-language-server: $schema=https://pacto.trianalab.com/schema/v1.0/pacto.schema.json"
)
_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")


@dataclass(frozen=True, slots=True, kw_only=True)
class InitOptions:
    name: str
    schema_url: str = ""
    """Overrides the modeline's schema location (e.g. a local ``pacto schema`` output)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class InitResult:
    dir: str
    path: str
    created: tuple[str, ...]


_CONTRACT = """{modeline}
pactoVersion: "1.0"

service:
  name: {name}
  version: 0.1.0
  owner: team/my-team
  image:
    ref: ghcr.io/my-org/{name}:0.1.0
    private: false

interfaces:
  - name: api
    type: http
    port: 8080
    visibility: internal
    contract: interfaces/openapi.yaml

configurations:
  - name: default
    schema: configuration/schema.json

# dependencies:
#   - name: other-service
#     ref: oci://ghcr.io/my-org/other-service-pacto:1.0.0
#     required: true
#     compatibility: "^1.0.0"

runtime:
  workload: service

  state:
    type: stateless
    persistence:
      scope: local
      durability: ephemeral
    dataCriticality: low

  lifecycle:
    upgradeStrategy: rolling
    gracefulShutdownSeconds: 30

  health:
    interface: api
    path: /health
    initialDelaySeconds: 5

scaling:
  min: 1
  max: 3

metadata:
  team: my-team
  tier: standard
"""

_OPENAPI = """openapi: "3.0.0"
info:
  title: {name}
  version: 0.1.0
paths:
  /health:
    get:
      summary: Health check
      responses:
        "200":
          description: OK
"""


def run(options: InitOptions) -> InitResult:
    """Create ``<name>/`` with pacto.yaml, a placeholder OpenAPI and a configuration schema.

    Raises :class:`CommandError` for an empty or invalid name or an existing path. Beyond the
    reference, the name is checked against the service-name pattern before anything is
    created (08-cli.md §6 item 5).
    """
    name = options.name
    if not name:
        raise CommandError("service name is required")
    if not _NAME.match(name):
        raise CommandError(
            f'invalid service name "{name}": use lowercase letters, digits and inner hyphens '
            "(for example orders-api)"
        )
    root = Path(name)
    if root.exists() or root.is_symlink():
        raise CommandError(f'directory "{name}" already exists')
    modeline = SCHEMA_MODELINE
    if options.schema_url:
        modeline = f"# yaml-language-server: $schema={options.schema_url}"
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {},
        "additionalProperties": False,
    }
    files = {
        root / "pacto.yaml": _CONTRACT.format(name=name, modeline=modeline),
        root / "interfaces" / "openapi.yaml": _OPENAPI.format(name=name),
        root / "configuration" / "schema.json": json.dumps(schema, indent=2) + "\n",
    }
    try:
        root.mkdir(mode=0o755)
        (root / "interfaces").mkdir(mode=0o755)
        (root / "configuration").mkdir(mode=0o755)
        for path, content in files.items():
            path.write_text(content, encoding="utf-8")
            path.chmod(0o644)
    except OSError as exc:
        raise CommandError(f"failed to create {name}: {exc.strerror or exc}") from exc
    return InitResult(
        dir=name,
        path=str(root / "pacto.yaml"),
        created=(
            f"{name}/pacto.yaml",
            f"{name}/interfaces/",
            f"{name}/configuration/",
        ),
    )
