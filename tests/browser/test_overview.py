"""The fleet overview on the example fleet: table, counts, search, filters, sorting."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SERVICES = [
    "api-gateway",
    "auth",
    "catalog",
    "catalog-cache",
    "catalog-reindex",
    "fraud-check",
    "inventory",
    "inventory-db",
    "ledger",
    "nightly-reconciliation",
    "notifications",
    "order-store",
    "orders",
    "payments",
    "platform-policy",
    "session-cache",
]


def _table(page):
    return page.get_by_role("table", name="All contracts")


def _row_names(page) -> list[str]:
    rows = _table(page).get_by_role("row")
    return [rows.nth(i).get_by_role("link").first.inner_text() for i in range(1, rows.count())]


def test_overview_lists_the_whole_fleet_with_counts(ui):
    page = ui.open()
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()
    expect(page.get_by_text("16 contracts — 16 active, 0 unmonitored")).to_be_visible()
    assert _row_names(page) == SERVICES
    stats = page.get_by_role("group", name="Filter by status")
    expect(stats.get_by_role("button", name=re.compile(r"^16\s*All contracts"))).to_be_visible()
    expect(stats.get_by_role("button", name=re.compile(r"^16\s*Compliant"))).to_be_visible()
    expect(stats.get_by_role("button", name=re.compile(r"^0\s*Non-compliant"))).to_be_visible()
    row = (
        _table(page)
        .get_by_role("row")
        .filter(has=page.get_by_role("link", name="orders", exact=True))
    )
    expect(row).to_contain_text("1.4.2")
    expect(row).to_contain_text("team/checkout")
    expect(row).to_contain_text("Compliant")
    expect(row).to_contain_text("1 dependent")
    expect(row).to_contain_text("local")
    ledger = (
        _table(page)
        .get_by_role("row")
        .filter(has=page.get_by_role("link", name="ledger", exact=True))
    )
    expect(ledger).to_contain_text("4 dependents")
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Services")
    ).to_have_attribute("aria-current", "page")
    ui.shoot("overview-table")


def test_search_filters_the_table_and_opens_a_service_from_the_dropdown(ui):
    page = ui.open()
    search = page.get_by_role("combobox", name="Search services")
    search.fill("pay")
    listbox = page.get_by_role("listbox", name="Matching services")
    expect(listbox.get_by_role("option")).to_have_count(1)
    expect(listbox.get_by_role("option").first).to_contain_text("payments")
    expect(page.get_by_role("status").filter(has_text="Showing 1 of 16")).to_be_visible()
    assert _row_names(page) == ["payments"]
    assert "q=pay" in page.url
    ui.shoot("overview-search")
    search.press("ArrowDown")
    search.press("Enter")
    expect(page.get_by_role("heading", name="payments", level=1)).to_be_visible()
    assert page.url.endswith("#service/payments")
    expect(search).to_have_value("")


def test_search_matches_owner_and_version(ui):
    page = ui.open()
    page.get_by_role("combobox", name="Search services").fill("team/catalog")
    ui.idle()
    assert _row_names(page) == ["catalog-cache", "catalog-reindex"]
    page.get_by_role("combobox", name="Search services").fill("7.2.4")
    ui.idle()
    assert _row_names(page) == ["session-cache"]
    page.get_by_role("combobox", name="Search services").press("Escape")
    page.get_by_role("combobox", name="Search services").press("Escape")
    ui.idle()
    assert len(_row_names(page)) == 16


def test_filters_by_owner_status_and_source(ui):
    page = ui.open()
    page.get_by_label("Owner", exact=True).select_option("team/checkout")
    ui.idle()
    assert _row_names(page) == ["orders"]
    assert "owner=team%2Fcheckout" in page.url
    page.get_by_role("button", name="Clear filters").first.click()
    ui.idle()
    assert len(_row_names(page)) == 16
    page.get_by_label("Status", exact=True).select_option("NonCompliant")
    ui.idle()
    expect(page.get_by_text("No service matches the current filters.")).to_be_visible()
    page.get_by_role("button", name="Clear filters").first.click()
    ui.idle()
    page.get_by_role("group", name="Filter by status").get_by_role(
        "button", name=re.compile("Compliant$")
    ).click()
    ui.idle()
    expect(page.get_by_label("Status", exact=True)).to_have_value("Compliant")
    assert len(_row_names(page)) == 16
    page.get_by_label("Source", exact=True).select_option("local")
    ui.idle()
    assert len(_row_names(page)) == 16
    page.get_by_label("Latest change", exact=True).select_option("BREAKING")
    ui.idle()
    expect(page.get_by_text("No service matches the current filters.")).to_be_visible()
    ui.shoot("overview-filtered-empty")


def test_columns_sort_both_ways(ui):
    page = ui.open()
    table = _table(page)
    header = table.get_by_role("columnheader", name=re.compile("^Blast radius"))
    header.get_by_role("button").click()
    ui.idle()
    expect(header).to_have_attribute("aria-sort", "descending")
    assert _row_names(page)[0] == "ledger"
    header.get_by_role("button").click()
    ui.idle()
    expect(header).to_have_attribute("aria-sort", "ascending")
    assert _row_names(page)[-1] == "ledger"
    name = table.get_by_role("columnheader", name=re.compile("^Service"))
    name.get_by_role("button").click()
    ui.idle()
    expect(name).to_have_attribute("aria-sort", "ascending")
    assert _row_names(page) == SERVICES
    name.get_by_role("button").click()
    ui.idle()
    assert _row_names(page) == list(reversed(SERVICES))
    version = table.get_by_role("columnheader", name=re.compile("^Version"))
    version.get_by_role("button").click()
    ui.idle()
    assert _row_names(page)[0] == "session-cache"  # 7.2.4 is the highest version


def test_a_row_click_opens_the_service(ui):
    page = ui.open()
    _table(page).get_by_role("row").filter(has_text="inventory-db").get_by_text(
        "data-platform"
    ).first.click()
    expect(page.get_by_role("heading", name="inventory-db", level=1)).to_be_visible()
    page.go_back()
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()


def test_data_sources_panel(ui):
    page = ui.open()
    summary = page.get_by_text("Data sources", exact=True)
    summary.click()
    panel = page.locator("details", has=summary)
    expect(panel.get_by_role("row").filter(has_text="pacto.yaml found")).to_contain_text("enabled")
    expect(panel.get_by_role("row").filter(has_text="no OCI repositories")).to_contain_text(
        "disabled"
    )
    pills = page.get_by_role("group", name="Sources")
    expect(pills.get_by_role("button", name="local")).to_be_visible()
