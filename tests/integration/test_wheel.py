"""The built wheel is self-contained: package data (schema, templates, the dashboard UI and the
npm-built vendor assets), the typing marker and both console scripts (STYLE §8)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (path,) = out.glob("pacto_cli-*.whl")
    return zipfile.ZipFile(path)


def test_wheel_contains_package_data(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for required in (
        "pacto/py.typed",
        "pacto/validation/schema/pacto-v1.0.schema.json",
        "pacto/dashboard/static/index.html",
        "pacto/dashboard/static/vendor/d3.min.js",
        "pacto/dashboard/static/vendor/swagger-ui-bundle.js",
        "pacto/dashboard/static/vendor/swagger-ui.css",
        "pacto/dashboard/static/vendor/swagger-ui.LICENSE",
        "pacto/doc/static/vendor/mermaid.min.js",
    ):
        assert required in names, f"{required} missing from the wheel"
    # axe-core only serves the browser tests' accessibility pass.
    assert not any("/vendor/axe" in name for name in names)
    assert not any(name.startswith(("tests/", "examples/", "node_modules/")) for name in names)


def test_wheel_declares_both_console_scripts(wheel: zipfile.ZipFile) -> None:
    (entry_points,) = [n for n in wheel.namelist() if n.endswith("entry_points.txt")]
    text = wheel.read(entry_points).decode()
    assert "pacto = pacto.cli:main" in text
    assert "pacto-plugin-schema-infer = pacto.plugin.schema_infer:main" in text
