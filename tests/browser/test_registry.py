"""The dashboard over a registry-backed fleet (``oci://`` sources on a loopback registry):
versions with classifications, diffs, fetch-all, and lazy resolution of a remote dependency."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def _wait_for_history(ui, name: str, count: int) -> None:
    """Background discovery materialises every tag; wait until the versions API has them."""
    ui.page.wait_for_function(
        "async ([name, count]) => { const r = await fetch(`api/services/${name}/versions`);"
        " const v = await r.json(); return v.length >= count && v[0].classification; }",
        arg=[name, count],
        timeout=60_000,
        polling=500,
    )


def test_registry_fleet_overview(oci_ui, registry_dashboard):
    page = oci_ui.open()
    rows = page.get_by_role("table", name="All contracts").get_by_role("row")
    expect(rows).to_have_count(17)
    orders = rows.filter(has=page.get_by_role("link", name="orders", exact=True))
    expect(orders).to_contain_text("oci")
    pills = page.get_by_role("group", name="Sources")
    expect(pills.get_by_role("button", name="oci")).to_be_visible()
    _wait_for_history(oci_ui, "orders", 3)
    page.get_by_role("button", name="Reload data").click()
    page.wait_for_timeout(100)
    oci_ui.idle()
    expect(orders).to_contain_text("Breaking")
    expect(orders).to_contain_text("2.0.0")
    page.get_by_label("Latest change", exact=True).select_option("BREAKING")
    oci_ui.idle()
    names = rows.filter(has=page.get_by_role("link")).all_inner_texts()
    assert any(n.startswith("orders") for n in names)
    page.get_by_role("button", name="Clear filters").first.click()
    oci_ui.idle()
    oci_ui.shoot("registry-overview")


def test_versions_tab_shows_history_with_classifications(oci_ui):
    page = oci_ui.open("service/orders")
    _wait_for_history(oci_ui, "orders", 3)
    page = oci_ui.open("service/orders/versions")
    table = page.get_by_role("region", name="Version history").get_by_role("table")
    rows = table.get_by_role("row")
    expect(rows).to_have_count(4)
    expect(rows.nth(1)).to_contain_text("2.0.0")
    expect(rows.nth(1)).to_contain_text("Breaking")
    expect(rows.nth(1)).to_contain_text("/fleet/orders:2.0.0")
    expect(rows.nth(2)).to_contain_text("1.5.0")
    expect(rows.nth(3)).to_contain_text("1.4.2")
    expect(rows.nth(3)).to_contain_text("—")  # the oldest version has no classification
    oci_ui.shoot("registry-service-versions")
    fetch = page.get_by_role("button", name="Fetch all versions")
    fetch.click()
    expect(page.get_by_role("button", name="Fetch all versions")).to_be_enabled(timeout=60_000)
    oci_ui.idle()
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(rows).to_have_count(4)
    rows.nth(1).get_by_role("link", name="Diff with 1.5.0").click()
    oci_ui.idle()
    assert page.url.endswith("#service/orders/diff?from=1.5.0&to=2.0.0")
    expect(page.get_by_role("heading", name="orders 1.5.0 → 2.0.0")).to_be_visible()


def test_diff_between_two_versions_is_classified(oci_ui):
    page = oci_ui.open("service/orders")
    _wait_for_history(oci_ui, "orders", 3)
    page = oci_ui.open("service/orders/diff")
    page.get_by_label("From", exact=True).select_option("1.4.2")
    page.get_by_label("To", exact=True).select_option("2.0.0")
    page.get_by_role("button", name="Compare").click()
    oci_ui.idle()
    result = page.get_by_role("region", name="orders 1.4.2 → 2.0.0")
    expect(result).to_contain_text("Breaking")
    expect(result).to_contain_text("breaking")
    changes = page.get_by_role("region", name="Contract changes").get_by_role("row")
    required = changes.filter(has_text="parameters[customerId:query].required")
    expect(required).to_contain_text("Breaking")
    expect(required).to_contain_text("false")
    expect(required).to_contain_text("true")
    expect(changes.filter(has_text="service.version")).to_contain_text("Non-breaking")
    assert page.url.endswith("#service/orders/diff?from=1.4.2&to=2.0.0")
    oci_ui.shoot("registry-service-diff")
    # A non-breaking step.
    page.get_by_label("From", exact=True).select_option("1.4.2")
    page.get_by_label("To", exact=True).select_option("1.5.0")
    page.get_by_role("button", name="Compare").click()
    oci_ui.idle()
    expect(page.get_by_role("region", name="orders 1.4.2 → 1.5.0")).to_contain_text("Non-breaking")


def test_diff_shows_the_sbom_changes_between_two_versions(oci_ui):
    """The Diff tab lists the SBOM changes of examples/versions/orders-1.4.2 → 1.5.0 (both
    SPDX) next to the contract changes; SBOM changes never raise the classification."""
    page = oci_ui.open("service/orders")
    _wait_for_history(oci_ui, "orders", 3)
    page = oci_ui.open("service/orders/diff")
    page.get_by_label("From", exact=True).select_option("1.4.2")
    page.get_by_label("To", exact=True).select_option("1.5.0")
    page.get_by_role("button", name="Compare").click()
    oci_ui.idle()
    expect(page.get_by_role("region", name="orders 1.4.2 → 1.5.0")).to_contain_text("Non-breaking")
    sbom = page.get_by_role("region", name="SBOM changes")
    expect(sbom).to_contain_text("spdx → spdx")
    jackson = sbom.get_by_role("row").filter(has_text="jackson-databind")
    expect(jackson).to_have_count(1)
    expect(jackson).to_contain_text("modified version")
    expect(jackson.get_by_role("cell").nth(2)).to_have_text("2.17.0")
    expect(jackson.get_by_role("cell").nth(3)).to_have_text("2.17.1")
    expect(jackson).to_contain_text("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.1")
    added = sbom.get_by_role("row").filter(has_text="commons-validator")
    expect(added).to_contain_text("added")
    expect(added).to_contain_text("1.9.0")
    oci_ui.shoot("registry-service-diff-sbom")


def test_diff_deep_link_and_refresh_keep_the_selection(oci_ui):
    page = oci_ui.open("service/orders")
    _wait_for_history(oci_ui, "orders", 3)
    page = oci_ui.open("service/orders/diff?from=1.4.2&to=2.0.0")
    expect(page.get_by_label("From", exact=True)).to_have_value("1.4.2")
    expect(page.get_by_label("To", exact=True)).to_have_value("2.0.0")
    expect(page.get_by_role("region", name="orders 1.4.2 → 2.0.0")).to_contain_text("Breaking")
    # Choose without comparing yet, then refresh: the selects keep the user's values and the
    # shown result stays.
    page.get_by_label("From", exact=True).select_option("1.5.0")
    page.get_by_role("button", name="Reload data").click()
    page.wait_for_timeout(100)
    oci_ui.idle()
    page.evaluate("() => window.pacto.refresh()")
    page.wait_for_timeout(100)
    oci_ui.idle()
    expect(page.get_by_label("From", exact=True)).to_have_value("1.5.0")
    expect(page.get_by_role("region", name="orders 1.4.2 → 2.0.0")).to_be_visible()


def test_graph_of_the_registry_fleet(oci_ui):
    page = oci_ui.open("graph")
    oci_ui.graph_settled()
    graph = page.get_by_role("group", name=re.compile("^Dependency graph of"))
    expect(graph.get_by_role("link")).to_have_count(16)
    graph.get_by_role("link", name=re.compile("^ledger ")).click()
    expect(page.get_by_role("heading", name="ledger", level=1)).to_be_visible()
    page.get_by_role("tab", name=re.compile("^Sources")).click()
    expect(page.get_by_role("tabpanel")).to_contain_text("oci")
    oci_ui.shoot("registry-graph-ledger-sources")


def test_lazy_resolution_of_a_remote_dependency(mixed_ui, mixed_dashboard):
    page = mixed_ui.open("service/storefront/dependencies")
    depends = page.get_by_role("region", name="Depends on")
    row = depends.get_by_role("row").filter(has_text="loyalty")
    expect(row).to_contain_text("external")
    row.get_by_role("button", name="Resolve loyalty from the registry").click()
    expect(row).to_contain_text("Resolved loyalty 1.0.0", timeout=30_000)
    mixed_ui.shoot("lazy-resolve-dependencies")
    # The global graph shows the unresolved dependency as external.
    page = mixed_ui.open("graph")
    mixed_ui.graph_settled()
    external = page.get_by_role("img", name=re.compile("^loyalty External"))
    expect(external).to_be_visible()


def test_navigating_to_a_remote_dependency_resolves_it(mixed_ui, mixed_dashboard):
    mixed_ui.allow_console(r"status of 404")
    page = mixed_ui.open("service/storefront/dependencies")
    depends = page.get_by_role("region", name="Depends on")
    depends.get_by_role("link", name="loyalty").click()
    expect(page.get_by_role("heading", name="loyalty", level=1)).to_be_visible(timeout=30_000)
    expect(page.get_by_role("status").filter(has_text="Resolved on demand")).to_be_visible()
    assert "ref=oci" in page.url
    mixed_ui.shoot("lazy-resolve-service")


def test_resolution_errors_are_titled(mixed_ui, mixed_dashboard):
    mixed_ui.allow_console(r"status of (404|422|502)")
    host = mixed_dashboard.extra["host"]
    page = mixed_ui.open(f"service/ghost?ref=oci://{host}/other/ghost:9.9.9")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Artifact not found in registry")
    expect(alert).to_contain_text(f"{host}/other/ghost:9.9.9")
    expect(alert.get_by_role("link", name="Back to the overview")).to_be_visible()


def test_a_non_compliant_service_needs_attention(mixed_ui):
    page = mixed_ui.open()
    attention = page.get_by_role("region", name=re.compile("^Needs attention"))
    card = attention.get_by_role("link", name=re.compile("^checkout-web"))
    expect(card).to_contain_text("Non-compliant")
    expect(card).to_contain_text("1 affected")
    stats = page.get_by_role("group", name="Filter by status")
    stats.get_by_role("button", name=re.compile(r"^1\s*Non-compliant")).click()
    mixed_ui.idle()
    rows = page.get_by_role("table", name="All contracts").get_by_role("row")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("ERROR")
    mixed_ui.shoot("attention-overview")
    page = mixed_ui.open("graph")
    mixed_ui.graph_settled()
    graph = page.get_by_role("group", name=re.compile("^Dependency graph of"))
    # storefront requires the failing service: it carries the impact marker.
    expect(graph.get_by_role("link", name=re.compile("^storefront "))).to_have_accessible_name(
        re.compile("⚠")
    )
    expect(
        graph.get_by_role("link", name=re.compile("^catalog-cache "))
    ).not_to_have_accessible_name(re.compile("⚠"))
    mixed_ui.shoot("attention-graph")
    card = mixed_ui.open()
    page.get_by_role("region", name=re.compile("^Needs attention")).get_by_role(
        "link", name=re.compile("^checkout-web")
    ).click()
    validation = page.get_by_role("region", name="Validation")
    expect(validation).to_contain_text("HEALTH_INTERFACE_NOT_FOUND")
    expect(page.get_by_role("region", name="Insights")).to_contain_text("Contract is non-compliant")


def test_source_diagnostics_panel(mixed_ui):
    page = mixed_ui.open()
    summary = page.get_by_text("Source diagnostics", exact=True)
    summary.click()
    panel = page.locator("details", has=summary)
    local = panel.get_by_role("table").filter(has_text="pacto.yaml found")
    expect(local.get_by_role("row").filter(has_text="pacto.yaml found")).to_contain_text("yes")
    expect(panel).to_contain_text("Kubernetes")
    expect(panel).to_contain_text("Live API")
    # It stays open across a refresh.
    page.get_by_role("button", name="Reload data").click()
    page.wait_for_timeout(100)
    mixed_ui.idle()
    expect(panel).to_have_attribute("open", "")
