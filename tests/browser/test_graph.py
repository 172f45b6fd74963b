"""The global dependency graph on the example fleet."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _graph(page):
    return page.get_by_role("group", name=re.compile("^Dependency graph of"))


def _node(page, name: str):
    return _graph(page).get_by_role("link", name=re.compile(rf"^{re.escape(name)} "))


def test_graph_draws_every_service_with_a_legend(ui):
    page = ui.open("graph")
    ui.graph_settled()
    graph = _graph(page)
    expect(graph).to_have_attribute("aria-label", "Dependency graph of 16 services")
    expect(graph.get_by_role("link")).to_have_count(16)
    expect(_node(page, "orders")).to_have_accessible_name("orders Compliant · 1.4.2")
    expect(_node(page, "nightly-reconciliation")).to_have_accessible_name(
        "nightly-reconciliation Compliant · 1.0.5"
    )
    legend = page.get_by_label("Legend")
    expect(legend).to_contain_text("Compliant 16")
    expect(legend).to_contain_text("required")
    expect(legend).to_contain_text("optional")
    expect(legend).to_contain_text("config/policy reference")
    expect(
        page.get_by_role("navigation", name="Overview view").get_by_role("link", name="Graph")
    ).to_have_attribute("aria-current", "page")
    ui.shoot("graph-global")


def test_clicking_a_node_opens_the_service(ui):
    page = ui.open("graph")
    ui.graph_settled()
    _node(page, "payments").click()
    expect(page.get_by_role("heading", name="payments", level=1)).to_be_visible()
    assert page.url.endswith("#service/payments")


def test_hover_highlights_the_neighbourhood_and_blast_radius(ui):
    page = ui.open("graph")
    ui.graph_settled()
    _node(page, "inventory-db").hover()
    info = page.get_by_role("status").filter(has_text="blast radius")
    expect(info).to_have_text(
        "inventory-db 5.3.1 — Compliant; 0 dependencies, 1 dependent, blast radius 3"
    )
    ui.shoot("graph-highlight", full_page=False)
    page.mouse.move(5, 5)
    expect(info).to_be_hidden()


def test_keyboard_focus_highlights_and_enter_opens(ui):
    page = ui.open("graph")
    ui.graph_settled()
    node = _node(page, "auth")
    node.focus()
    expect(page.get_by_role("status").filter(has_text="blast radius")).to_contain_text(
        "auth 1.6.0 — Compliant; 1 dependency, 1 reference, 1 dependent, blast radius 1"
    )
    node.press("Enter")
    expect(page.get_by_role("heading", name="auth", level=1)).to_be_visible()


def test_zoom_buttons_and_filters_dim_nodes(ui):
    page = ui.open("graph")
    ui.graph_settled()
    viewport = page.locator("#graph-container svg > g").first
    before = viewport.get_attribute("transform")
    page.get_by_role("button", name="Zoom in").click()
    page.wait_for_function(
        "t => document.querySelector('#graph-container svg > g').getAttribute('transform') !== t",
        arg=before,
    )
    page.get_by_label("Owner", exact=True).select_option("team/checkout")
    ui.idle()
    # Filters dim the other nodes instead of removing them.
    expect(_graph(page).get_by_role("link")).to_have_count(16)
    dimmed = page.evaluate(
        "() => [...document.querySelectorAll('#graph-container [role=link]')]"
        ".filter(n => getComputedStyle(n).opacity < 0.5).length"
    )
    assert dimmed == 15


def test_service_connections_table_lists_edges(ui):
    page = ui.open("graph")
    ui.graph_settled()
    page.get_by_text("Service connections", exact=True).click()
    row = (
        page.locator("details", has=page.get_by_text("Service connections", exact=True))
        .get_by_role("row")
        .filter(has=page.get_by_role("link", name="api-gateway", exact=True))
    )
    expect(row).to_contain_text("orders")
    expect(row).to_contain_text("platform-policy")
    expect(row).to_contain_text("ref")
