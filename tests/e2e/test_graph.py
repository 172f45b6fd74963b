"""``pacto graph`` end to end: tree, JSON, diagrams, references, summary, exit codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pacto.app import Service
from pacto.contract import Bundle, Range, highest_matching, load_directory
from pacto.oci import (
    ArtifactNotFoundError,
    NoMatchingVersionError,
    Progress,
    PullResult,
    PushResult,
)
from tests.e2e.conftest import run_cli, run_subprocess

pytestmark = pytest.mark.e2e

DEMO_PREFIX = "ghcr.io/trianalab/pacto-demo/"

DEMO_TREE = """\
pacto-demo@1.0.0
└─ frontend@1.0.0
   └─ api-gateway@1.2.0
      ├─ auth-service@1.0.0
      │  └─ redis@7.2.0
      ├─ orders-service@1.2.0
      │  ├─ postgresql@16.0.0
      │  ├─ payments-service@1.2.0 (shared)
      │  └─ notification-worker@1.0.0
      │     └─ email-provider@1.0.0
      └─ payments-service@1.2.0
         ├─ postgresql@16.0.0 (shared)
         ├─ stripe-api@2024.01.01
         └─ fraud-service@1.0.0
            └─ redis@7.2.0 (shared)
"""

SUMMARY = re.compile(
    r"^Resolved (\d+) dependenc(?:y|ies) in \d+\.\d\ds: (\d+) fetched, (\d+) from cache, "
    r"(\d+) local, (\d+) failed$"
)


class SiblingStore:
    """The corpus manifest's sibling resolver as a store: ``ghcr.io/trianalab/pacto-demo/<name>``
    is the directory ``<name>/`` of the demo folder, its tags the ``vX.Y.Z`` subdirectories (or
    the version of a single-version bundle)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.fetched: list[str] = []

    def _versions(self, repository: str) -> dict[str, Path]:
        directory = self.folder / repository.removeprefix(DEMO_PREFIX)
        if (directory / "pacto.yaml").is_file():
            bundle = load_directory(directory)
            return {bundle.contract.service.version: directory}
        if not directory.is_dir():
            raise ArtifactNotFoundError(repository, "name unknown")
        return {p.name.removeprefix("v"): p for p in directory.iterdir() if p.name.startswith("v")}

    def resolve(self, reference: str, compatibility: str | None = None) -> str:
        if ":" in reference.rsplit("/", 1)[-1]:
            return reference
        tag = highest_matching(
            self._versions(reference), Range(compatibility) if compatibility else None
        )
        if tag is None:
            raise NoMatchingVersionError(
                reference, compatibility or "", f'no tags satisfy constraint "{compatibility}"'
            )
        return f"{reference}:{tag}"

    def list_tags(self, repository: str) -> list[str]:
        return list(self._versions(repository))

    def fetch(self, reference: str, *, progress: Progress | None = None) -> PullResult:
        self.fetched.append(reference)
        repository, _, tag = reference.rpartition(":")
        return PullResult(
            ref=reference,
            digest="sha256:" + "0" * 64,
            bundle=load_directory(self._versions(repository)[tag]),
        )

    def pull(self, reference: str) -> Bundle:
        return self.fetch(self.resolve(reference)).bundle

    def push(
        self, reference: str, bundle: Bundle, *, force: bool, progress: Progress | None = None
    ) -> PushResult:
        raise NotImplementedError


@pytest.fixture
def demo(corpus_dir: Path) -> Path:
    return corpus_dir / "contracts" / "r3" / "pacto-demo"


def test_the_demo_fleet_renders_the_documented_tree_with_current_versions(demo: Path) -> None:
    store = SiblingStore(demo)
    outcome = run_cli(["graph", str(demo / "pacto-demo")], obj=Service(store=store))
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout == DEMO_TREE
    assert len(store.fetched) == len(set(store.fetched)) == 11
    match = SUMMARY.match(outcome.stderr.strip())
    assert match is not None, outcome.stderr
    assert match.groups() == ("11", "11", "0", "0", "0")


def test_an_oci_root_resolves_through_the_store(demo: Path) -> None:
    outcome = run_cli(
        ["graph", f"oci://{DEMO_PREFIX}pacto-demo"], obj=Service(store=SiblingStore(demo))
    )
    assert outcome.stdout == DEMO_TREE


def test_the_demo_fleet_resolves_the_manifests_versions(demo: Path) -> None:
    outcome = run_cli(
        ["graph", str(demo / "pacto-demo"), "--output-format", "json"],
        obj=Service(store=SiblingStore(demo)),
    )
    versions: dict[str, str] = {}
    pending = [outcome.json()["root"]]
    while pending:
        node = pending.pop()
        for edge in node.get("dependencies", []):
            if "node" in edge:
                versions[edge["node"]["name"]] = edge["node"]["version"]
                pending.append(edge["node"])
    assert versions == {
        "frontend": "1.0.0",
        "api-gateway": "1.2.0",
        "auth-service": "1.0.0",
        "redis": "7.2.0",
        "orders-service": "1.2.0",
        "postgresql": "16.0.0",
        "payments-service": "1.2.0",
        "notification-worker": "1.0.0",
        "email-provider": "1.0.0",
        "stripe-api": "2024.01.01",
        "fraud-service": "1.0.0",
    }


def write(root: Path, name: str, body: str = "", version: str = "1.0.0") -> Path:
    directory = root / name
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "pacto.yaml").write_text(
        f'pactoVersion: "1.0"\nservice: {{name: {name}, version: {version}}}\n{body}'
    )
    return directory


def local_fleet(tmp_path: Path) -> Path:
    write(
        tmp_path,
        "api",
        "dependencies:\n"
        "  - {name: db, ref: ../db, compatibility: '^1.0.0', required: true}\n"
        "  - {name: cache, ref: 'file://../cache', compatibility: '^2.0.0'}\n"
        "  - {name: gone, ref: ../gone, compatibility: '^1.0.0'}\n"
        "configurations:\n"
        "  - {name: platform, ref: 'oci://r.example/acme/platform-config:1.0.0'}\n"
        "policies:\n"
        "  - {name: baseline, ref: 'oci://r.example/acme/platform-policy:2.0.0'}\n",
    )
    write(tmp_path, "db", "dependencies:\n  - {name: cache, ref: ../cache, compatibility: '^2'}\n")
    write(tmp_path, "cache", version="2.1.0")
    return tmp_path


def test_local_dependencies_errors_and_shared_markers(tmp_path: Path) -> None:
    outcome = run_cli(["graph", "api"], cwd=local_fleet(tmp_path))
    assert outcome.exit_code == 0
    gone = tmp_path / "gone"
    assert outcome.stdout == (
        "api@1.0.0\n"
        "├─ db@1.0.0 [local]\n"
        "│  └─ cache@2.1.0 [local] (shared)\n"
        "├─ cache@2.1.0 [local]\n"
        f"└─ gone (error: failed to access {gone}: no such file or directory)\n"
    )
    summary = SUMMARY.match(outcome.stderr.strip())
    assert summary is not None and summary.groups() == ("3", "0", "0", "2", "1")


def test_json_output_is_one_document_with_the_spec_keys(tmp_path: Path) -> None:
    outcome = run_cli(["graph", "api", "--output-format", "json"], cwd=local_fleet(tmp_path))
    document = outcome.json()
    assert list(document) == ["root"]
    db, cache, gone = document["root"]["dependencies"]
    assert db["required"] is True and db["local"] is True
    assert db["node"]["dependencies"][0]["shared"] is True
    assert cache["ref"] == "file://../cache" and "shared" not in cache
    assert gone["error"].startswith("failed to access ") and "node" not in gone
    assert outcome.stderr.startswith("Resolved 3 dependencies")


def test_with_references_appends_reference_edges(tmp_path: Path) -> None:
    outcome = run_cli(["graph", "api", "--with-references"], cwd=local_fleet(tmp_path))
    assert outcome.stdout.splitlines()[-3:] == [
        f"├─ gone (error: failed to access {tmp_path / 'gone'}: no such file or directory)",
        "├─ platform-config:1.0.0 [ref]",
        "└─ platform-policy:2.0.0 [ref]",
    ]


def test_only_references_resolves_nothing(tmp_path: Path) -> None:
    outcome = run_cli(
        ["graph", "api", "--only-references", "--with-references"], cwd=local_fleet(tmp_path)
    )
    assert outcome.stdout == (
        "api@1.0.0\n├─ platform-config:1.0.0 [ref]\n└─ platform-policy:2.0.0 [ref]\n"
    )
    assert outcome.stderr.startswith("Resolved 0 dependencies")


def test_cycles_and_conflicts_do_not_fail_the_command(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a",
        "dependencies:\n  - {name: b, ref: ../b, compatibility: '*'}\n"
        "  - {name: c, ref: ../c, compatibility: '*'}\n",
    )
    write(tmp_path, "b", "dependencies:\n  - {name: a, ref: ../a, compatibility: '*'}\n")
    write(tmp_path / "c", "b", version="2.0.0")
    (tmp_path / "c" / "pacto.yaml").write_text(
        'pactoVersion: "1.0"\nservice: {name: c, version: 1.0.0}\n'
        "dependencies:\n  - {name: b, ref: ./b, compatibility: '*'}\n"
    )
    outcome = run_cli(["graph", "a"], cwd=tmp_path)
    assert outcome.exit_code == 0
    assert outcome.stdout.endswith(
        "Cycles (1):\n  a -> ../b -> ../a -> ../b\n\nConflicts (1):\n  b: [b@1.0.0 b@2.0.0]\n"
    )


def test_overrides_apply_to_the_root_only(tmp_path: Path) -> None:
    outcome = run_cli(["graph", "api", "--set", "service.version=9.9.9"], cwd=local_fleet(tmp_path))
    assert outcome.stdout.splitlines()[:2] == ["api@9.9.9", "├─ db@1.0.0 [local]"]


def test_dot_and_mermaid_print_diagrams(tmp_path: Path) -> None:
    local_fleet(tmp_path)
    dot = run_cli(["graph", "api", "--dot"], cwd=tmp_path)
    assert dot.stdout.startswith("digraph pacto {\n") and dot.stdout.endswith("}\n")
    assert 'n1 [label="db@1.0.0", shape=box, style=rounded];' in dot.stdout
    mermaid = run_cli(["graph", "api", "--mermaid", "--output-format", "json"], cwd=tmp_path)
    assert mermaid.stdout.startswith('flowchart LR\n  n0[["api@1.0.0"]]\n')


def test_jobs_one_gives_the_same_graph(tmp_path: Path) -> None:
    local_fleet(tmp_path)
    parallel = run_cli(["graph", "api"], cwd=tmp_path)
    sequential = run_cli(["graph", "api", "--jobs", "1"], cwd=tmp_path)
    assert sequential.stdout == parallel.stdout
    assert run_cli(["graph", "api", "--jobs", "0"], cwd=tmp_path).exit_code == 1


def test_a_missing_root_exits_1_with_the_reason(tmp_path: Path) -> None:
    outcome = run_subprocess(["graph", "nowhere"], cwd=tmp_path)
    assert outcome.exit_code == 1
    assert outcome.stdout == ""
    assert outcome.stderr == "failed to access nowhere: no such file or directory\n"


def test_the_real_process_splits_result_and_summary(tmp_path: Path) -> None:
    outcome = run_subprocess(["graph", "api", "--output-format", "json"], cwd=local_fleet(tmp_path))
    assert outcome.exit_code == 0
    assert outcome.json()["root"]["name"] == "api"
    assert SUMMARY.match(outcome.stderr.strip())


def test_no_color_on_a_pipe(tmp_path: Path) -> None:
    outcome = run_subprocess(["graph", "api"], cwd=local_fleet(tmp_path))
    assert "\x1b[" not in outcome.stdout
