"""``pacto graph`` against a real registry on loopback: a generated 200-service fleet, each
reference fetched once per run (counted by a proxy), the disk cache on the second run,
failures reported in the tree, cycles through registry refs."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from benchmarks.bench_graph import (
    LAYERS,
    CountingProxy,
    push_fleet,
    root_ref,
    service_name,
)

from pacto.contract import Bundle, MemoryFS, parse
from tests.integration.registry import RunningRegistry, free_port

pytestmark = pytest.mark.integration

FLEET_SIZE = sum(LAYERS)


def pacto(
    args: list[str], env: dict[str, str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pacto", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@contextmanager
def registry_store(env: dict[str, str]) -> Iterator[Any]:
    """A bare registry store (no cache) for publishing test bundles."""
    from pacto.oci import build_default_store

    store = build_default_store(env).inner
    try:
        yield store
    finally:
        store.close()


def publish(store: Any, reference: str, text: str) -> None:
    raw = text.encode()
    bundle = Bundle(contract=parse(raw), raw_yaml=raw, fs=MemoryFS({"pacto.yaml": raw}))
    store.push(reference, bundle, force=True)


@pytest.fixture(scope="module")
def proxy(registry_noauth: RunningRegistry) -> Iterator[CountingProxy]:
    counting = CountingProxy(registry_noauth.host)
    yield counting
    counting.stop()


@pytest.fixture(scope="module")
def fleet(
    registry_noauth: RunningRegistry, proxy: CountingProxy, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """The benchmark's fleet, pushed to the registry with refs that go through the proxy;
    returns the namespace."""
    from benchmarks.bench_graph import hermetic_env

    namespace = f"fleet-{uuid.uuid4().hex[:8]}"
    with registry_store(hermetic_env(tmp_path_factory.mktemp("publisher"))) as store:
        push_fleet(store, registry_noauth.host, proxy.host, namespace)
    return namespace


def test_the_fleet_resolves_with_each_reference_fetched_once(
    fleet: str, proxy: CountingProxy, pacto_env: dict[str, str]
) -> None:
    proxy.reset()
    done = pacto(["graph", root_ref(proxy.host, fleet)], pacto_env)
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(f"Resolved {FLEET_SIZE - 1} dependencies in ")
    assert f": {FLEET_SIZE - 1} fetched, 0 from cache, 0 local, 0 failed" in done.stderr

    lines = done.stdout.splitlines()
    assert lines[0] == f"{service_name(0, 0)}@1.1.0"
    full = [line for line in lines if not line.endswith("(shared)")]
    assert len(full) == FLEET_SIZE  # every service is drawn in full exactly once
    assert all(line.rsplit("@", 1)[-1].split()[0] == "1.1.0" for line in lines)
    assert "error" not in done.stdout

    gets = proxy.paths("GET")
    repeated = {path: n for path, n in gets.items() if n > 1 and path != "/v2/"}
    assert repeated == {}, f"fetched more than once: {repeated}"
    tag_lists = [p for p in gets if p.endswith("/tags/list")]
    manifests = [p for p in gets if "/manifests/" in p]
    blobs = [p for p in gets if "/blobs/" in p]
    assert len(tag_lists) == len(manifests) == len(blobs) == FLEET_SIZE
    assert all(p.endswith("/manifests/1.1.0") for p in manifests)


def test_a_second_run_is_served_from_the_disk_cache(
    fleet: str, proxy: CountingProxy, pacto_env: dict[str, str]
) -> None:
    assert pacto(["graph", root_ref(proxy.host, fleet)], pacto_env).returncode == 0
    proxy.reset()
    done = pacto(["graph", root_ref(proxy.host, fleet)], pacto_env)
    assert done.returncode == 0, done.stderr
    assert f": 0 fetched, {FLEET_SIZE - 1} from cache, 0 local, 0 failed" in done.stderr
    assert not [p for p in proxy.paths("GET") if "/blobs/" in p]
    assert max(proxy.paths("HEAD").values()) == 1


def test_sequential_and_concurrent_resolution_print_the_same_graph(
    fleet: str, proxy: CountingProxy, pacto_env: dict[str, str]
) -> None:
    ref = root_ref(proxy.host, fleet)
    concurrent = pacto(["graph", ref, "--output-format", "json"], pacto_env)
    sequential = pacto(
        ["graph", ref, "--output-format", "json", "--jobs", "1", "--no-cache"], pacto_env
    )
    assert concurrent.returncode == sequential.returncode == 0
    assert json.loads(concurrent.stdout) == json.loads(sequential.stdout)


def test_missing_and_unreachable_dependencies_are_reported_and_the_rest_resolves(
    registry_noauth: RunningRegistry, pacto_env: dict[str, str], tmp_path: Path
) -> None:
    host = registry_noauth.host
    namespace = f"broken-{uuid.uuid4().hex[:8]}"
    with registry_store(pacto_env) as store:
        publish(
            store,
            f"{host}/{namespace}/ok:1.0.0",
            'pactoVersion: "1.0"\nservice: {name: ok, version: 1.0.0}\n',
        )
    closed = f"127.0.0.1:{free_port()}"
    root = tmp_path / "root"
    root.mkdir()
    (root / "pacto.yaml").write_text(
        'pactoVersion: "1.0"\n'
        "service: {name: root, version: 1.0.0}\n"
        "dependencies:\n"
        f"  - {{name: ok, ref: 'oci://{host}/{namespace}/ok', compatibility: '^1.0.0'}}\n"
        f"  - {{name: missing, ref: 'oci://{host}/{namespace}/missing:1.0.0', "
        "compatibility: '^1'}\n"
        f"  - {{name: newer, ref: 'oci://{host}/{namespace}/ok', compatibility: '^2.0.0'}}\n"
        f"  - {{name: down, ref: 'oci://{closed}/x/down:1.0.0', compatibility: '^1'}}\n"
        "  - {name: local, ref: ../nowhere, compatibility: '^1'}\n"
    )
    done = pacto(["graph", "root"], pacto_env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0:2] == ["root@1.0.0", "├─ ok@1.0.0"]
    assert lines[2].startswith(
        f"├─ missing:1.0.0 (error: artifact not found: {host}/{namespace}/missing:1.0.0"
    )
    assert lines[3] == '├─ ok (error: no tags satisfy constraint "^2.0.0")'
    assert lines[4].startswith(
        f"├─ down:1.0.0 (error: registry unreachable for {closed}/x/down:1.0.0"
    )
    assert (
        lines[5]
        == f"└─ nowhere (error: failed to access {tmp_path / 'nowhere'}: no such file or directory)"
    )
    assert "1 fetched, 0 from cache, 0 local, 4 failed" in done.stderr

    as_json = pacto(["graph", "root", "--output-format", "json"], pacto_env, cwd=tmp_path)
    edges = json.loads(as_json.stdout)["root"]["dependencies"]
    assert [("node" in e, bool(e.get("error"))) for e in edges] == [
        (True, False),
        (False, True),
        (False, True),
        (False, True),
        (False, True),
    ]


def test_a_cycle_through_registry_refs_is_cut_and_listed(
    registry_noauth: RunningRegistry, pacto_env: dict[str, str]
) -> None:
    host = registry_noauth.host
    namespace = f"cycle-{uuid.uuid4().hex[:8]}"
    with registry_store(pacto_env) as store:
        for name, other in (("a", "b"), ("b", "a")):
            publish(
                store,
                f"{host}/{namespace}/{name}:1.0.0",
                f'pactoVersion: "1.0"\nservice: {{name: {name}, version: 1.0.0}}\n'
                f"dependencies:\n  - {{name: {other}, ref: 'oci://{host}/{namespace}/{other}', "
                "compatibility: '^1.0.0'}\n",
            )
    done = pacto(["graph", f"oci://{host}/{namespace}/a"], pacto_env)
    assert done.returncode == 0, done.stderr
    b_ref = f"oci://{host}/{namespace}/b"
    a_ref = f"oci://{host}/{namespace}/a"
    assert done.stdout == (
        "a@1.0.0\n"
        "└─ b@1.0.0\n"
        "   └─ a@1.0.0\n"
        f"      └─ b (error: cycle detected: {b_ref})\n"
        "\n"
        "Cycles (1):\n"
        f"  a -> {b_ref} -> {a_ref} -> {b_ref}\n"
    )


def test_the_published_demo_fleet_resolves_to_the_documented_tree(
    registry_noauth: RunningRegistry, pacto_env: dict[str, str], corpus_dir: Path
) -> None:
    from pacto.contract import load_directory
    from tests.e2e.test_graph import DEMO_PREFIX, DEMO_TREE

    host = registry_noauth.host
    namespace = f"demo-{uuid.uuid4().hex[:8]}"
    demo = corpus_dir / "contracts" / "r3" / "pacto-demo"
    with registry_store(pacto_env) as store:
        for path in sorted(demo.glob("**/pacto.yaml")):
            text = path.read_text().replace(f"oci://{DEMO_PREFIX}", f"oci://{host}/{namespace}/")
            loaded = load_directory(path.parent)
            assert loaded.fs is not None
            files = {name: loaded.fs.read_bytes(name) for name in loaded.fs.list_files()}
            files["pacto.yaml"] = text.encode()
            bundle = Bundle(
                contract=parse(text.encode()), raw_yaml=text.encode(), fs=MemoryFS(files)
            )
            versioned = path.parent.name.startswith("v") and path.parent.name[1:2].isdigit()
            repository = path.parent.parent.name if versioned else path.parent.name
            store.push(
                f"{host}/{namespace}/{repository}:{bundle.contract.service.version}",
                bundle,
                force=True,
            )
    done = pacto(["graph", f"oci://{host}/{namespace}/pacto-demo"], pacto_env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == DEMO_TREE
    assert ": 11 fetched, 0 from cache, 0 local, 0 failed" in done.stderr
