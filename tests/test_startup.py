"""Start-up stays light: the plain commands never import the heavy libraries (the guide's
"speed is a feature"; ENVIRONMENT.md §1 measured their costs)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = (
    "httpx",
    "jsonschema",
    "starlette",
    "fastapi",
    "uvicorn",
    "rich",
    "pydantic",
    "mcp",
    "kubernetes",
)


def imported_modules(code: str, cwd: Path) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )
    modules = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            modules.add(name.split(".")[0])
    return modules


def test_import_pacto_costs_nothing(tmp_path: Path) -> None:
    modules = imported_modules("import pacto", tmp_path)
    assert "pacto" in modules
    assert not modules & {*HEAVY, "yaml", "click"}


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["version"], ["validate", "{bundle}"], ["explain", "{bundle}"]],
    ids=["help", "version", "validate", "explain"],
)
def test_plain_commands_do_not_import_heavy_libraries(
    argv: list[str], tmp_path: Path, examples_dir: Path
) -> None:
    bundle = next(p for p in sorted(examples_dir.iterdir()) if (p / "pacto.yaml").is_file())
    args = [a.replace("{bundle}", str(bundle)) for a in argv]
    code = (
        "import sys; from pacto.cli import main; sys.argv=['pacto', *"
        + repr(args)
        + "]\ntry:\n    main()\nexcept SystemExit:\n    pass"
    )
    modules = imported_modules(code, tmp_path)
    assert "pacto" in modules
    leaked = modules & set(HEAVY)
    assert not leaked, f"pacto {' '.join(argv)} imported {sorted(leaked)}"
