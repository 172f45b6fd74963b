"""Generator plugins as real subprocesses written by the tests (09-plugins-doc-mcp.md §1).

One plugin per outcome: well-behaved, failing, hanging, writing outside its directory,
printing garbage, flooding stdout; plus discovery, the OCI flow and the schema-infer plugin.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap
import time
from pathlib import Path

import pytest

from pacto.app import Service
from pacto.app.generate import GenerateOptions
from pacto.contract import Bundle, MemoryFS, parse
from pacto.oci import Progress, PullResult, PushResult
from pacto.plugin import (
    GeneratedFile,
    PluginFailedError,
    PluginFileError,
    PluginNotFoundError,
    PluginOutputError,
    PluginRequest,
    PluginTimeoutError,
    SubprocessRunner,
    write_files,
)
from tests.conftest import EXAMPLES
from tests.e2e.conftest import run_cli

pytestmark = pytest.mark.integration

ORDERS = EXAMPLES / "orders"

GOOD = """
import json, os, sys
request = json.load(sys.stdin)
record = dict(request, cwd=os.getcwd(), bundleFiles=sorted(os.listdir(request["bundleDir"])))
name = request["contract"]["service"]["name"]
json.dump({"files": [
    {"path": "deployment.yaml", "content": "name: " + name + "\\n"},
    {"path": "nested/deep/values.yaml", "content": "x: 1\\n"},
    {"path": "/rooted.txt", "content": "rooted\\n"},
    {"path": "request.json", "content": json.dumps(record)},
], "message": "Generated manifests for " + name}, sys.stdout)
"""

HANG = """
import subprocess, sys, time
sys.stderr.write("warming up\\n"); sys.stderr.flush()
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
time.sleep(600)
"""

ESCAPE = """
import json, sys
json.dump({"files": [{"path": "ok.txt", "content": "fine"},
                     {"path": "../outside.txt", "content": "pwned"}]}, sys.stdout)
"""

TRAVERSAL = """
import json, sys
json.dump({"files": [{"path": "a/../b.txt", "content": "x"}]}, sys.stdout)
"""

GARBAGE = """
import sys
sys.stderr.write("about to misbehave\\n")
print("this is not json")
"""

FAIL = """
import sys
sys.stderr.write("boom: values file missing\\n")
sys.exit(3)
"""

SILENT_FAIL = """
import sys
sys.exit(3)
"""

FLOOD = """
import sys
sys.stdout.write("x" * 200000)
"""

DEAF = """
import json, sys
json.dump({"files": [], "message": "did not read stdin"}, sys.stdout)
"""


def write_plugin(directory: Path, name: str, body: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"pacto-plugin-{name}"
    path.write_text(f"#!{sys.executable}\n{textwrap.dedent(body)}")
    path.chmod(0o755)
    return path


@pytest.fixture
def plugin_path(tmp_path: Path) -> Path:
    bin_dir = tmp_path / "bin"
    for name, body in {
        "good": GOOD,
        "hang": HANG,
        "escape": ESCAPE,
        "traversal": TRAVERSAL,
        "garbage": GARBAGE,
        "fail": FAIL,
        "silent": SILENT_FAIL,
        "flood": FLOOD,
        "deaf": DEAF,
    }.items():
        write_plugin(bin_dir, name, body)
    return bin_dir


def service(plugin_path: Path, tmp_path: Path, **runner: object) -> Service:
    return Service(
        plugins=SubprocessRunner(
            path=str(plugin_path),
            plugins_dir=tmp_path / "config" / "plugins",
            **runner,  # type: ignore[arg-type]
        )
    )


def test_well_behaved_plugin_files_land_under_the_output_directory(
    plugin_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = service(plugin_path, tmp_path).generate(
        GenerateOptions(plugin="good", path=str(ORDERS), output_dir="out", options={"k": "v"})
    )
    assert result.to_wire() == {
        "plugin": "good",
        "outputDir": "out",
        "filesCount": 4,
        "message": "Generated manifests for orders",
    }
    out = tmp_path / "out"
    assert (out / "deployment.yaml").read_text() == "name: orders\n"
    assert (out / "nested" / "deep" / "values.yaml").read_text() == "x: 1\n"
    assert (out / "rooted.txt").read_text() == "rooted\n"  # a leading "/" stays inside
    assert oct((out / "deployment.yaml").stat().st_mode & 0o777) == "0o644"
    request = json.loads((out / "request.json").read_text())
    assert request["protocolVersion"] == "1"
    assert request["bundleDir"] == str(ORDERS.resolve())
    assert request["outputDir"] == str(out.resolve())
    assert request["options"] == {"k": "v"}
    assert request["contract"]["service"]["owner"] == "team/checkout"
    assert request["cwd"] == str(tmp_path)
    assert "pacto.yaml" in request["bundleFiles"]


def test_hanging_plugin_is_killed_with_its_children_at_the_timeout(
    plugin_path: Path, tmp_path: Path
) -> None:
    started = time.monotonic()
    with pytest.raises(PluginTimeoutError) as caught:
        service(plugin_path, tmp_path).generate(
            GenerateOptions(
                plugin="hang", path=str(ORDERS), output_dir=str(tmp_path / "o"), timeout=1
            )
        )
    assert time.monotonic() - started < 15
    message = str(caught.value)
    assert message.startswith("plugin hang: timed out after 1s")
    assert "warming up" in message


def test_plugin_writing_outside_its_directory_is_stopped(plugin_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "work" / "out"
    with pytest.raises(
        PluginFileError, match=r'^plugin file path "\.\./outside\.txt" escapes output directory$'
    ):
        service(plugin_path, tmp_path).generate(
            GenerateOptions(plugin="escape", path=str(ORDERS), output_dir=str(out))
        )
    assert (out / "ok.txt").read_text() == "fine"  # written before the bad one; stays
    assert not (tmp_path / "work" / "outside.txt").exists()


def test_dot_dot_anywhere_is_refused_even_when_it_stays_inside(
    plugin_path: Path, tmp_path: Path
) -> None:
    with pytest.raises(PluginFileError, match=r'"a/\.\./b\.txt" contains path traversal'):
        service(plugin_path, tmp_path).generate(
            GenerateOptions(plugin="traversal", path=str(ORDERS), output_dir=str(tmp_path / "o"))
        )


def test_garbage_output_is_an_invalid_output_error_with_stderr(
    plugin_path: Path, tmp_path: Path
) -> None:
    with pytest.raises(PluginOutputError) as caught:
        service(plugin_path, tmp_path).generate(
            GenerateOptions(plugin="garbage", path=str(ORDERS), output_dir=str(tmp_path / "o"))
        )
    message = str(caught.value)
    assert message.startswith("plugin garbage returned invalid output: Expecting value")
    assert "about to misbehave" in message


def test_failing_plugin_reports_its_stderr_else_its_exit_status(
    plugin_path: Path, tmp_path: Path
) -> None:
    with pytest.raises(
        PluginFailedError, match=r"^plugin fail: boom: values file missing$"
    ) as caught:
        service(plugin_path, tmp_path).generate(
            GenerateOptions(plugin="fail", path=str(ORDERS), output_dir=str(tmp_path / "o"))
        )
    assert caught.value.exit_code == 3
    with pytest.raises(PluginFailedError, match=r"^plugin silent: exit status 3$"):
        service(plugin_path, tmp_path).generate(
            GenerateOptions(plugin="silent", path=str(ORDERS), output_dir=str(tmp_path / "o"))
        )


def test_output_beyond_the_cap_kills_the_plugin(plugin_path: Path, tmp_path: Path) -> None:
    with pytest.raises(PluginOutputError, match=r"^plugin flood: output exceeds the 64 KiB limit"):
        service(plugin_path, tmp_path, max_output_bytes=65536).generate(
            GenerateOptions(plugin="flood", path=str(ORDERS), output_dir=str(tmp_path / "o"))
        )


def test_plugin_that_ignores_its_input_still_works(plugin_path: Path, tmp_path: Path) -> None:
    result = service(plugin_path, tmp_path).generate(
        GenerateOptions(plugin="deaf", path=str(ORDERS), output_dir=str(tmp_path / "o"))
    )
    assert (result.files_count, result.message) == (0, "did not read stdin")


def test_unknown_plugin_names_where_it_looked(plugin_path: Path, tmp_path: Path) -> None:
    runner = SubprocessRunner(path=str(plugin_path), plugins_dir=tmp_path / "plugins")
    with pytest.raises(PluginNotFoundError) as caught:
        runner.find("nope")
    assert str(caught.value) == (
        'plugin "nope" not found (looked for pacto-plugin-nope in $PATH and '
        f"{tmp_path / 'plugins'}/)"
    )
    with pytest.raises(PluginNotFoundError, match="invalid plugin name"):
        runner.find("../evil")


def test_plugins_dir_is_searched_after_path(plugin_path: Path, tmp_path: Path) -> None:
    plugins_dir = tmp_path / "config" / "pacto" / "plugins"
    write_plugin(plugins_dir, "local", DEAF)
    write_plugin(plugins_dir, "good", DEAF)
    runner = SubprocessRunner(path=str(plugin_path), plugins_dir=plugins_dir)
    assert runner.find("local") == str(plugins_dir / "pacto-plugin-local")
    assert runner.find("good") == str(plugin_path / "pacto-plugin-good")  # PATH wins
    (plugins_dir / "pacto-plugin-dir").mkdir()
    with pytest.raises(PluginNotFoundError):
        runner.find("dir")


def test_non_executable_plugin_fails_at_spawn(tmp_path: Path) -> None:
    plugins_dir = tmp_path / "plugins"
    plugins_dir.mkdir()
    (plugins_dir / "pacto-plugin-noexec").write_text("#!/bin/sh\n")
    runner = SubprocessRunner(path="", plugins_dir=plugins_dir)
    request = PluginRequest(contract={}, bundle_dir=".", output_dir=".")
    with pytest.raises(
        PluginFailedError, match=r"^plugin noexec: cannot execute .*: Permission denied$"
    ):
        runner.run("noexec", request)


def test_missing_runner_is_a_command_error() -> None:
    from pacto.app import CommandError

    with pytest.raises(CommandError, match=r"^plugin runner not configured$"):
        Service().generate(GenerateOptions(plugin="good", path=str(ORDERS)))


class FakeStore:
    """An in-memory registry holding one bundle."""

    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle
        self.pulled: list[str] = []

    def pull(self, reference: str) -> Bundle:
        self.pulled.append(reference)
        return self.bundle

    def resolve(self, reference: str, compatibility: str | None = None) -> str:
        raise NotImplementedError

    def list_tags(self, repository: str) -> list[str]:
        raise NotImplementedError

    def fetch(self, reference: str, *, progress: Progress | None = None) -> PullResult:
        raise NotImplementedError

    def push(
        self, reference: str, bundle: Bundle, *, force: bool, progress: Progress | None = None
    ) -> PushResult:
        raise NotImplementedError


def test_oci_bundles_are_extracted_to_a_temporary_directory_removed_afterwards(
    plugin_path: Path, tmp_path: Path
) -> None:
    raw = (ORDERS / "pacto.yaml").read_bytes()
    files = MemoryFS({"pacto.yaml": raw, "interfaces/openapi.yaml": b"openapi: 3.0.0\n"})
    store = FakeStore(Bundle(contract=parse(raw), raw_yaml=raw, fs=files))
    runner = SubprocessRunner(path=str(plugin_path), plugins_dir=tmp_path / "plugins")
    out = tmp_path / "out"
    Service(store=store, plugins=runner).generate(
        GenerateOptions(
            plugin="good", path="oci://ghcr.io/acme/orders-pacto:1.4.2", output_dir=str(out)
        )
    )
    assert store.pulled == ["ghcr.io/acme/orders-pacto:1.4.2"]
    request = json.loads((out / "request.json").read_text())
    bundle_dir = Path(request["bundleDir"])
    assert bundle_dir.name.startswith("pacto-bundle-")
    assert request["bundleFiles"] == ["interfaces", "pacto.yaml"]
    assert not bundle_dir.exists()


def test_write_files_refuses_symlinks_that_leave_the_directory(tmp_path: Path) -> None:
    out, outside = tmp_path / "out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (out / "link").symlink_to(outside, target_is_directory=True)
    with pytest.raises(PluginFileError, match="escapes output directory"):
        write_files(out, [GeneratedFile(path="link/sub/x.txt", content="x")])
    assert list(outside.iterdir()) == []
    (out / "file-link").symlink_to(outside / "target.txt")
    with pytest.raises(PluginFileError, match=r"^failed to write file-link: "):
        write_files(out, [GeneratedFile(path="file-link", content="x")])
    assert not (outside / "target.txt").exists()


def test_write_files_overwrites_and_rejects_directory_only_paths(tmp_path: Path) -> None:
    write_files(tmp_path, [GeneratedFile(path="a.txt", content="one")])
    write_files(tmp_path, [GeneratedFile(path="a.txt", content="two")])
    assert (tmp_path / "a.txt").read_text() == "two"
    with pytest.raises(PluginFileError, match="does not name a file"):
        write_files(tmp_path, [GeneratedFile(path="/", content="x")])


# --------------------------------------------------------------------------- the CLI


def test_generate_command_text_and_json_output(
    plugin_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", f"{plugin_path}{os.pathsep}{os.environ['PATH']}")
    outcome = run_cli(
        ["generate", "good", str(ORDERS), "--option", "a=1", "--option", "noequals"], cwd=tmp_path
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout == (
        "Generated 4 file(s) using good\nOutput: good-output/\n"
        "Message: Generated manifests for orders\n"
    )
    request = json.loads((tmp_path / "good-output" / "request.json").read_text())
    assert request["options"] == {"a": "1"}
    outcome = run_cli(
        ["generate", "deaf", str(ORDERS), "-o", "gen", "--output-format", "json"], cwd=tmp_path
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.json() == {
        "plugin": "deaf",
        "outputDir": "gen",
        "filesCount": 0,
        "message": "did not read stdin",
    }


def test_generate_command_failures_exit_1_with_one_message(
    plugin_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", f"{plugin_path}{os.pathsep}{os.environ['PATH']}")
    outcome = run_cli(["generate", "hang", str(ORDERS), "--timeout", "0.5"], cwd=tmp_path)
    assert outcome.exit_code == 1
    assert outcome.stderr.startswith("plugin hang: timed out after 0.5s")
    monkeypatch.setenv("PACTO_PLUGIN_TIMEOUT", "0.5")
    outcome = run_cli(["generate", "hang", str(ORDERS)], cwd=tmp_path)
    assert outcome.stderr.startswith("plugin hang: timed out after 0.5s")
    outcome = run_cli(["generate", "fail", str(ORDERS)], cwd=tmp_path)
    assert (outcome.exit_code, outcome.stderr) == (1, "plugin fail: boom: values file missing\n")


# --------------------------------------------------------------------------- schema-infer


def test_schema_infer_plugin_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "svc"
    bundle.mkdir()
    (bundle / "pacto.yaml").write_bytes((EXAMPLES / "orders" / "pacto.yaml").read_bytes())
    (bundle / "config.json").write_text('{"port": 8080, "ratio": 0.5, "db": {"host": "x"}}')
    (bundle / "config.yaml").write_text("port: 8080\nwhen: 2026-01-01\nlist:\n  - {a: 1}\n")
    (bundle / ".env").write_text("PORT=8080\n")
    scripts = Path(sys.executable).parent
    assert (scripts / "pacto-plugin-schema-infer").exists(), "pip install -e . first"
    monkeypatch.setenv("PATH", f"{scripts}{os.pathsep}{os.environ['PATH']}")

    def infer(file: str, *extra: str) -> dict[str, object]:
        outcome = run_cli(
            [
                "generate",
                "schema-infer",
                str(bundle),
                "-o",
                "out",
                "--option",
                f"file={file}",
                *extra,
            ],
            cwd=tmp_path,
        )
        assert outcome.exit_code == 0, outcome.stderr
        assert outcome.stdout.endswith(
            f"Message: Inferred JSON Schema from {file} \u2014 add configurations[].schema: "
            "config.schema.json to your pacto.yaml to use it\n"
        )
        text = (tmp_path / "out" / "config.schema.json").read_text()
        assert text.endswith("}\n") and '  "$schema"' in text
        document: dict[str, object] = json.loads(text)
        return document

    schema = infer("config.json")
    assert schema["title"] == "orders configuration"
    assert schema["properties"] == {
        "db": {"properties": {"host": {"type": "string"}}, "required": ["host"], "type": "object"},
        "port": {"type": "integer"},
        "ratio": {"type": "number"},
    }
    compatible = infer("config.json", "--option", "strict-numbers=false")
    assert compatible["properties"]["port"] == {"type": "number"}  # type: ignore[index]
    from_yaml = infer("config.yaml")
    assert from_yaml["properties"]["when"] == {"type": "string"}  # type: ignore[index]
    assert from_yaml["properties"]["list"]["items"]["type"] == "object"  # type: ignore[index]
    assert infer(".env")["properties"] == {"PORT": {"type": "string"}}

    outcome = run_cli(["generate", "schema-infer", str(bundle)], cwd=tmp_path)
    assert outcome.stderr == (
        "plugin schema-infer: missing required option: file (e.g. --option file=config.yaml)\n"
    )
    outcome = run_cli(
        ["generate", "schema-infer", str(bundle), "--option", "file=../../etc/passwd.json"],
        cwd=tmp_path,
    )
    assert "path is outside the bundle directory" in outcome.stderr
    outcome = run_cli(
        ["generate", "schema-infer", str(bundle), "--option", "file=nope.yaml"], cwd=tmp_path
    )
    assert outcome.stderr.startswith("plugin schema-infer: failed to read file nope.yaml: ")
