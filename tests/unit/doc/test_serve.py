"""The HTML page of ``pacto doc --serve`` (09 §2.3), rendered without a server."""

from __future__ import annotations

from pacto.doc import MISSING_MERMAID_MESSAGE, heading_id, markdown_to_html, render_page

MARKDOWN = """# orders & co

## Table of Contents

- [2.1. HTTP Interface: api](#21-http-interface-api)

## 2.1. HTTP Interface: api

| A | B |
|---|---|
| `x\\|y` | 2 |

```mermaid
graph TB
  a["<b>"] --> b
```

```yaml
x: 1
```
"""


def test_heading_ids_match_the_table_of_contents_anchors() -> None:
    assert heading_id("2.1. HTTP Interface: api") == "21-http-interface-api"
    assert heading_id("4.1. payments <code>v2.3.0</code>") == "41-payments-v230"
    assert heading_id("  Spaced   out  ") == "spaced-out"


def test_markdown_renders_tables_ids_and_mermaid_blocks() -> None:
    html = markdown_to_html(MARKDOWN)
    assert '<h2 id="21-http-interface-api">2.1. HTTP Interface: api</h2>' in html
    assert "<td><code>x|y</code></td>" in html
    assert '<pre class="mermaid">graph TB\n  a[&quot;&lt;b&gt;&quot;] --&gt; b\n</pre>' in html
    assert '<code class="language-yaml">' in html


def test_page_embeds_escaped_title_source_and_mermaid_script() -> None:
    page = render_page(MARKDOWN, "orders & co", has_mermaid=True)
    assert "<title>orders &amp; co</title>" in page
    assert '<textarea id="markdown-source" hidden readonly># orders &amp; co' in page
    assert '<script src="/_pacto/mermaid.min.js"></script>' in page
    assert '.run({ querySelector: "pre.mermaid" })' in page
    assert "prefers-color-scheme: dark" in page
    assert "max-width: 980px" in page and "padding: 45px" in page
    assert 'class="notice"' not in page


def test_page_without_mermaid_says_how_to_get_it_and_shows_the_source() -> None:
    page = render_page(MARKDOWN, "orders", has_mermaid=False)
    assert MISSING_MERMAID_MESSAGE in page
    assert "scripts/build-assets" in page
    assert '<pre class="mermaid is-source">graph TB' in page
    assert "/_pacto/mermaid.min.js" not in page
