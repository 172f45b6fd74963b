"""The service page on the example fleet: every tab renders what the API returned."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _tab(page, name: str):
    return page.get_by_role("tablist", name="Service sections").get_by_role(
        "tab", name=re.compile(rf"^{name}")
    )


def _panel(page):
    return page.get_by_role("tabpanel")


def test_every_tab_of_a_service_renders(ui):
    page = ui.open("service/orders")
    expect(page.get_by_role("heading", name="orders", level=1)).to_be_visible()
    crumbs = page.get_by_role("navigation", name="Breadcrumb")
    expect(crumbs.get_by_role("link", name="Overview")).to_be_visible()
    tabs = page.get_by_role("tablist", name="Service sections").get_by_role("tab")
    names = [re.sub(r"\d+$", "", t).strip() for t in tabs.all_inner_texts()]
    assert names == [
        "Overview",
        "Interfaces",
        "Configuration",
        "Policy",
        "Dependencies",
        "Versions",
        "Sources",
    ]
    expected = {
        "Overview": ["Identity", "team/checkout", "Runtime", "stateless", "Scaling", "critical"],
        "Interfaces": ["/orders/{orderId}/cancellation", "Cancel an order", "order-events"],
        "Configuration": ["configuration/schema.json", "paymentsTimeoutMs", "4000"],
        "Policy": ["platform-policy"],
        "Dependencies": ["Dependency tree", "Depends on", "Dependents", "api-gateway"],
        "Versions": ["Version history", "1.4.2", "current"],
        "Sources": ["Per-source breakdown", "Merged view", "team/checkout"],
    }
    for name, texts in expected.items():
        _tab(page, name).click()
        ui.idle()
        expect(_tab(page, name)).to_have_attribute("aria-selected", "true")
        for text in texts:
            expect(_panel(page)).to_contain_text(text)
        ui.shoot(f"service-orders-{name.lower()}")


def test_interfaces_tab_lists_openapi_endpoints(ui):
    page = ui.open("service/orders/interfaces")
    table = page.get_by_role("table", name="Endpoints of rest")
    expect(table.get_by_role("row")).to_have_count(8)  # header + 7 operations
    row = table.get_by_role("row").filter(has_text="/orders/{orderId}/history")
    expect(row).to_contain_text("GET")
    expect(row).to_contain_text("List status transitions of an order")
    page.get_by_label("Filter endpoints").fill("delete")
    ui.idle()
    expect(table.get_by_role("row")).to_have_count(2)
    expect(table).to_contain_text("Cancel an order (legacy)")
    # The AsyncAPI document is not OpenAPI: its raw content is shown on demand.
    page.get_by_text("Contract file interfaces/events.yaml").click()
    expect(page.get_by_text("asyncapi: 2.6.0")).to_be_visible()


def test_configuration_tab_shows_the_schema_as_a_table_next_to_the_values(ui):
    """orders declares inline values and a schema file (examples/orders/configuration/
    schema.json): both are shown, the schema one row per leaf property."""
    page = ui.open("service/orders/configuration")
    schema = page.get_by_role("region", name="Schema", exact=True)
    expect(schema).to_contain_text("configuration/schema.json")
    table = schema.get_by_role("table", name="Configuration schema properties")
    headers = table.get_by_role("columnheader").all_inner_texts()
    assert headers == ["Property", "Type", "Required", "Default", "Description"]
    row = table.get_by_role("row").filter(
        has=page.get_by_role("cell", name="database.maxConnections", exact=True)
    )
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell")).to_have_text(
        [
            "database.maxConnections",
            "integer",
            "optional",
            "20",
            "Connection pool size per instance.",
        ]
    )
    url = table.get_by_role("row").filter(has=page.get_by_role("cell", name="database.url"))
    expect(url).to_contain_text("required")
    level = table.get_by_role("row").filter(has=page.get_by_role("cell", name="logLevel"))
    expect(level).to_contain_text("one of debug | info | warn | error")
    # The contract's own values stay in their table.
    values = page.get_by_role("region", name="Values", exact=True)
    expect(values.get_by_role("row").filter(has_text="paymentsTimeoutMs")).to_contain_text("4000")
    ui.shoot("service-orders-configuration-schema")


def test_dependencies_tab_tree_graph_and_dependents(ui):
    page = ui.open("service/orders/dependencies")
    ui.graph_settled()
    graph = page.get_by_role("group", name="Dependency neighbourhood of orders")
    expect(graph.get_by_role("link", name=re.compile("^orders "))).to_be_visible()
    tree = page.get_by_role("region", name="Dependency tree")
    expect(tree).to_contain_text("ledger")  # payments -> ledger, two levels down
    depends = page.get_by_role("region", name="Depends on")
    row = depends.get_by_role("row").filter(has=page.get_by_role("link", name="payments"))
    expect(row).to_contain_text("required")
    expect(row).to_contain_text("^2.0.0")
    expect(page.get_by_role("region", name="Dependents")).to_contain_text("api-gateway")
    refs = page.get_by_role("region", name="Cross-references")
    expect(refs).to_contain_text("platform-policy")
    expect(refs).to_contain_text("policy")
    ui.shoot("service-orders-dependencies-graph")
    tree.get_by_role("link", name="ledger").click()
    expect(page.get_by_role("heading", name="ledger", level=1)).to_be_visible()


def test_clicking_a_neighbour_in_the_service_graph_opens_it(ui):
    page = ui.open("service/catalog/dependencies")
    ui.graph_settled()
    page.get_by_role("group", name="Dependency neighbourhood of catalog").get_by_role(
        "link", name=re.compile("^catalog-cache ")
    ).click()
    expect(page.get_by_role("heading", name="catalog-cache", level=1)).to_be_visible()
    expect(_tab(page, "Dependencies")).to_have_attribute("aria-selected", "true")


def test_a_policy_bundle_and_a_scheduled_job(ui):
    page = ui.open("service/platform-policy")
    expect(page.get_by_role("heading", name="platform-policy", level=1)).to_be_visible()
    expect(_panel(page)).to_contain_text("No runtime section")
    page = ui.open("service/catalog-reindex")
    expect(_panel(page)).to_contain_text("scheduled")
    expect(_panel(page)).to_contain_text("Replicas")


def test_unknown_service_shows_not_found(ui):
    ui.allow_console(r"status of 404")
    page = ui.open("service/no-such-service")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Service not found")
    alert.get_by_role("link", name="Back to the overview").click()
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()
