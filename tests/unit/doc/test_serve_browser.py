"""Every golden document's page in headless Chromium: the Mermaid diagram must render.

Needs Debian's chromium (``apt-get install -y chromium``), Playwright from PyPI (never
``playwright install``) and the Mermaid build (``scripts/build-assets``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pacto.doc import DocServer, mermaid_script
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.browser

GOLDEN = sorted((REPO_ROOT / "tests" / "golden" / "doc").glob("*.md"))
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail("chromium is missing: apt-get install -y chromium (or run scripts/setup)")
    if mermaid_script() is None:
        pytest.fail("mermaid.min.js is missing: run scripts/build-assets")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is missing: install the dev dependency group (scripts/setup)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        yield instance
        instance.close()


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
