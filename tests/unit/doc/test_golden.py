"""Golden Markdown of ``pacto doc`` for every example service (tests/golden/doc/).

Regenerate with ``PACTO_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/doc/test_golden.py``
and review the diff by eye before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pacto.app import Service
from pacto.app.doc import DocOptions
from tests.conftest import EXAMPLES, REPO_ROOT

GOLDEN = REPO_ROOT / "tests" / "golden" / "doc"
# Read at import time: the autouse fixture strips PACTO_* from the environment of each test.
UPDATE = os.environ.get("PACTO_UPDATE_GOLDEN") == "1"
SERVICES = sorted(path.parent for path in EXAMPLES.glob("**/pacto.yaml"))


def golden_path(example: Path) -> Path:
    return GOLDEN / ("__".join(example.relative_to(EXAMPLES).parts) + ".md")


def test_every_example_is_covered() -> None:
    assert SERVICES, f"no examples under {EXAMPLES}"
    expected = {golden_path(s).name for s in SERVICES}
    present = {p.name for p in GOLDEN.glob("*.md")}
    assert present == expected or UPDATE, (
        f"stale or missing goldens: {sorted(present ^ expected)} "
        "(regenerate with PACTO_UPDATE_GOLDEN=1)"
    )


@pytest.mark.parametrize("example", SERVICES, ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_doc_markdown_matches_golden(example: Path) -> None:
    markdown = Service().doc(DocOptions(path=str(example))).markdown
    golden = golden_path(example)
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(markdown, encoding="utf-8", newline="\n")
    assert golden.is_file(), f"missing {golden} (regenerate with PACTO_UPDATE_GOLDEN=1)"
    assert markdown == golden.read_text(encoding="utf-8")
