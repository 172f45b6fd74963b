"""A generated fleet of local bundles for the dashboard benchmarks.

:func:`write_fleet` writes ``n`` bundle directories (``svc-0000`` …) into a directory, each a
valid contract with an HTTP interface and its OpenAPI document, a runtime, scaling, metadata
and up to four dependencies on services of deeper layers (``../svc-0123``, ``^1.0.0``, most of
them required). A few dependencies point at services that do not exist, so the graph has
external nodes too. Layers make the dependency graph a DAG about eight levels deep; the random
generator is seeded, so the same ``n`` always gives the same fleet.

Run it directly to keep a fleet on disk: ``python -m benchmarks.fleet 1000 /tmp/fleet``.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

TEAMS = (
    "team/checkout",
    "team/catalog",
    "team/identity",
    "team/payments",
    "team/risk",
    "team/search",
    "team/platform",
    "team/data",
    "team/notifications",
    "team/fulfilment",
    "team/growth",
    "team/edge",
)
LAYERS = 8
MISSING_EVERY = 97
"""Every this-many services, one dependency points at a service outside the fleet."""

OPENAPI = """\
openapi: 3.0.3
info:
  title: {name}
  version: {version}
paths:
  /items:
    get:
      summary: List items
      responses:
        "200":
          description: OK
  /items/{{id}}:
    get:
      summary: Get an item
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      responses:
        "200":
          description: OK
"""


def service_name(index: int) -> str:
    return f"svc-{index:04d}"


def _layer_bounds(n: int) -> list[tuple[int, int]]:
    """``[(start, end), …]`` per layer; deeper layers are wider."""
    weights = [i + 1 for i in range(LAYERS)]
    total = sum(weights)
    bounds = []
    start = 0
    for i, w in enumerate(weights):
        end = n if i == LAYERS - 1 else min(n, start + max(1, round(n * w / total)))
        bounds.append((start, end))
        start = end
    return [b for b in bounds if b[0] < b[1]]


def contract(index: int, n: int, rng: random.Random, bounds: list[tuple[int, int]]) -> str:
    name = service_name(index)
    layer = next(i for i, (s, e) in enumerate(bounds) if s <= index < e)
    version = f"1.{rng.randrange(0, 10)}.{rng.randrange(0, 20)}"
    lines = [
        'pactoVersion: "1.0"',
        "service:",
        f"  name: {name}",
        f"  version: {version}",
        f"  owner: {rng.choice(TEAMS)}",
        "  image:",
        f"    ref: ghcr.io/acme/{name}:{version}",
        "interfaces:",
        "  - name: api",
        "    type: http",
        "    port: 8080",
        "    visibility: internal",
        "    contract: interfaces/openapi.yaml",
    ]
    if layer + 1 < len(bounds):
        start = bounds[layer + 1][0]
        targets = sorted(rng.sample(range(start, n), k=min(rng.randint(1, 4), n - start)))
        lines.append("dependencies:")
        for target in targets:
            lines += [
                f"  - ref: ../{service_name(target)}",
                f"    required: {'true' if rng.random() < 0.8 else 'false'}",
                '    compatibility: "^1.0.0"',
            ]
        if index % MISSING_EVERY == 0:
            lines += [
                f"  - ref: oci://registry.example.com/legacy/{name}-legacy:2.0.0",
                "    required: false",
                '    compatibility: "^2.0.0"',
            ]
    lines += [
        "runtime:",
        "  workload: service",
        "  state:",
        "    type: stateless",
        "    persistence:",
        "      scope: local",
        "      durability: ephemeral",
        "    dataCriticality: low",
        "  health:",
        "    interface: api",
        "    path: /health",
        "scaling:",
        "  min: 1",
        "  max: 3",
        "metadata:",
        f"  tier: {'critical' if layer == 0 else 'standard'}",
    ]
    return "\n".join(lines) + "\n"


def write_fleet(root: Path, n: int, *, seed: int = 1000) -> list[str]:
    """Writes ``n`` bundles under ``root``; returns their service names."""
    rng = random.Random(seed)
    bounds = _layer_bounds(n)
    names = []
    for index in range(n):
        name = service_name(index)
        bundle = root / name
        (bundle / "interfaces").mkdir(parents=True, exist_ok=True)
        (bundle / "pacto.yaml").write_text(contract(index, n, rng, bounds))
        version = "1.0.0"
        (bundle / "interfaces" / "openapi.yaml").write_text(
            OPENAPI.format(name=name, version=version)
        )
        names.append(name)
    return names


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("fleet")
    write_fleet(target, count)
    print(f"wrote {count} bundles into {target}")
