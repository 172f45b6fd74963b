"""Warm runs against a real registry: version resolution comes from the stored tag lists (no
tag listing), every cached tag is still revalidated with one ``HEAD``, and a tag re-pushed
between two runs is served fresh."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest
from benchmarks.bench_graph import CountingProxy

from pacto.contract import Bundle, MemoryFS, parse
from tests.integration.registry import RunningRegistry

pytestmark = pytest.mark.integration


@pytest.fixture
def proxy(registry_noauth: RunningRegistry) -> Iterator[CountingProxy]:
    counting = CountingProxy(registry_noauth.host)
    yield counting
    counting.stop()


def _contract(name: str, deps: list[str], refs_to: str) -> str:
    lines = ['pactoVersion: "1.0"', "service:", f"  name: {name}", "  version: 1.0.0"]
    if deps:
        lines.append("dependencies:")
        for dep in deps:
            lines += [f"  - ref: oci://{refs_to}/{dep}", '    compatibility: "^1.0.0"']
    return "\n".join(lines) + "\n"


def _publish(env: dict[str, str], host: str, refs_to: str, name: str, deps: list[str]) -> None:
    from pacto.oci import build_default_store

    raw = _contract(name, deps, refs_to).encode()
    bundle = Bundle(contract=parse(raw), raw_yaml=raw, fs=MemoryFS({"pacto.yaml": raw}))
    store = build_default_store(env).inner
    try:
        store.push(f"{host}/{refs_to.split('/', 1)[1]}/{name}:1.0.0", bundle, force=True)
    finally:
        store.close()


def _graph(ref: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "pacto", "graph", ref],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done


def test_a_warm_graph_lists_no_tags_heads_each_tag_once_and_never_serves_a_repush_stale(
    registry_noauth: RunningRegistry, proxy: CountingProxy, pacto_env: dict[str, str]
) -> None:
    namespace = f"warm-{uuid.uuid4().hex[:8]}"
    refs_to = f"{proxy.host}/{namespace}"
    publish_env = dict(pacto_env, XDG_CACHE_HOME=pacto_env.get("HOME", "") + "/publisher-cache")
    for name, deps in (("root", ["api", "db"]), ("api", ["db"]), ("db", []), ("extra", [])):
        _publish(publish_env, registry_noauth.host, refs_to, name, deps)
    root = f"oci://{refs_to}/root:1.0.0"

    cold = _graph(root, pacto_env)
    assert "2 fetched, 0 from cache" in cold.stderr

    proxy.reset()
    warm = _graph(root, pacto_env)
    assert warm.stdout == cold.stdout
    assert "0 fetched, 2 from cache" in warm.stderr
    assert [path for path in proxy.paths("GET") if path.endswith("/tags/list")] == []
    assert [path for path in proxy.paths("GET") if "/blobs/" in path] == []
    heads = proxy.paths("HEAD")
    assert sorted(heads) == [
        f"/v2/{namespace}/{name}/manifests/1.0.0" for name in ("api", "db", "root")
    ]
    assert set(heads.values()) == {1}

    # Someone re-pushes db:1.0.0 with a new dependency: the next warm run must show it.
    _publish(publish_env, registry_noauth.host, refs_to, "db", ["extra"])
    again = _graph(root, pacto_env)
    assert "extra@1.0.0" in again.stdout
    assert "extra@1.0.0" not in warm.stdout
