"""Every golden document's page in headless Chromium: the Mermaid diagram must render.

Needs Debian's chromium, Playwright from PyPI (never ``playwright install``) and the Mermaid
build (``scripts/build-assets``); the ``browser`` fixture is the session one of this directory's
conftest, so one Chromium (and one Playwright event loop) serves every browser test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pacto.doc import DocServer, mermaid_script
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.browser

GOLDEN = sorted((REPO_ROOT / "tests" / "golden" / "doc").glob("*.md"))


@pytest.fixture(autouse=True)
def _needs_mermaid() -> None:
    if mermaid_script() is None:
        pytest.fail("mermaid.min.js is missing: run scripts/build-assets")


@pytest.mark.parametrize("golden", GOLDEN, ids=lambda p: p.stem)
def test_golden_document_diagram_renders_without_mermaid_errors(
    browser: Any, golden: Path, tmp_path: Path
) -> None:
    markdown = golden.read_text(encoding="utf-8")
    title = markdown.splitlines()[0].removeprefix("# ")
    server = DocServer(markdown, title, port=0)
    server.serve_in_background()
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(server.url + "/")
        page.wait_for_function("document.body.dataset.mermaid !== undefined", timeout=30000)
        status = page.evaluate("document.body.dataset.mermaid")
        detail = page.evaluate("document.body.dataset.mermaidError || ''")
        assert status == "rendered", f"mermaid {status}: {detail}"
        assert page.locator("pre.mermaid svg").count() == 1
        assert page.get_by_role("heading", name=title, exact=True).count() == 1
        broken_links = page.evaluate(
            """Array.from(document.querySelectorAll("a[href^='#']"))
                .map((a) => a.getAttribute("href").slice(1))
                .filter((id) => !document.getElementById(id))"""
        )
        assert broken_links == [], "table-of-contents links without a target"
        assert errors == []
    except AssertionError:
        page.screenshot(path=str(tmp_path / f"{golden.stem}.png"), full_page=True)
        raise
    finally:
        page.close()
        server.shutdown()
