"""Concurrent pulls: two processes into one cache, and many threads through one store."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from pacto.oci import DiskCache, build_default_store
from tests.integration.fleet import publishable_fleet

pytestmark = pytest.mark.integration


@pytest.fixture
def pushed(pacto, registry_noauth, tmp_path):
    bundles = publishable_fleet(tmp_path / "fleet", registry_noauth.host, "concurrent")
    names = ["catalog-cache", "fraud-check", "inventory-db", "session-cache"]
    refs = []
    for bundle in (b for b in bundles if b.name in names):
        outcome = pacto(
            "push",
            f"oci://{registry_noauth.host}/concurrent/{bundle.name}",
            "-p",
            str(bundle),
            "--force",
            "--output-format",
            "json",
        )
        assert outcome.exit_code == 0, outcome
        refs.append(outcome.json()["Ref"])
    return refs


def test_two_processes_pulling_one_ref_into_one_cache(pushed, pacto_env, tmp_path):
    ref = pushed[0]
    for round_number in range(3):
        processes = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "pacto",
                    "--no-cache",
                    "pull",
                    f"oci://{ref}",
                    "-o",
                    str(tmp_path / f"out{round_number}-{i}"),
                ],
                env=pacto_env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for i in range(2)
        ]
        for process in processes:
            stdout, stderr = process.communicate(timeout=120)
            assert process.returncode == 0, stderr
            assert stdout.startswith("Pulled catalog-cache@1.1.0 -> ")
    cache = DiskCache(__import__("pathlib").Path(pacto_env["XDG_CACHE_HOME"]) / "pacto" / "oci")
    entry = cache.load(ref)
    assert entry is not None and entry.digest.startswith("sha256:")
    leftovers = [p for p in cache.path_for(ref).parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_threads_share_one_store(pushed, pacto_env):
    store = build_default_store(pacto_env)
    try:
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(store.fetch, pushed * 6))
        assert {r.bundle.contract.service.name for r in results} == {
            "catalog-cache",
            "fraud-check",
            "inventory-db",
            "session-cache",
        }
        assert len({(r.ref, r.digest) for r in results}) == len(pushed)
    finally:
        store.close()
