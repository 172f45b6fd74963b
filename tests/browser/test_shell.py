"""Shell behaviour on the example fleet: refresh keeps state, deep links, keyboard, colour
schemes, small screens, the missing-D3 message and the accessibility pass."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _count_requests(page, path: str) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if r.url.split("?")[0].endswith(path) else None)
    return seen


def test_invariant_9_refresh_keeps_details_scroll_focus_and_form_values(ui):
    """Spec 10 §16 invariant 9 (scenario 20): a manual and a periodic refresh re-render the
    service page (the service is refetched) without losing an open ``<details>``, the scroll
    position, the focused element or a typed form value."""
    page = ui.page
    page.set_viewport_size({"width": 1280, "height": 560})
    ui.open("service/orders/interfaces")
    contract = page.get_by_text("Contract file interfaces/events.yaml")
    contract.click()
    details = page.locator("details", has=contract)
    expect(details).to_have_attribute("open", "")
    filter_box = page.get_by_label("Filter endpoints")
    filter_box.fill("orders")
    ui.idle()
    page.evaluate("() => window.scrollTo(0, 300)")
    page.evaluate("() => { document.querySelector('#tabpanel').probe = 'kept'; }")
    filter_box.focus()
    services = _count_requests(page, "/api/services/orders")
    # The reload button (manual refresh: POST /api/refresh, then refetch).
    page.get_by_role("button", name="Reload data").click()
    page.wait_for_timeout(100)
    ui.idle()
    assert services, "the refresh refetched the service"
    fetched = len(services)
    filter_box.focus()
    # A periodic refresh (what the auto-reload timer calls).
    page.evaluate("() => window.pacto.refresh()")
    page.wait_for_timeout(100)
    ui.idle()
    assert len(services) > fetched, "the periodic refresh refetched the service"
    expect(details).to_have_attribute("open", "")
    expect(filter_box).to_have_value("orders")
    expect(filter_box).to_be_focused()
    assert page.evaluate("() => window.scrollY") == 300
    # Same DOM nodes: the view was morphed, not rebuilt.
    assert page.evaluate("() => document.querySelector('#tabpanel').probe") == "kept"
    ui.shoot("refresh-kept-state", full_page=False)


def test_invariant_9_refresh_keeps_the_graph_layout_and_zoom(ui):
    """Spec 10 §16 invariant 9, D3 part: a refresh with an unchanged structure keeps the
    graph's SVG node, zoom transform and node positions."""
    page = ui.open("graph")
    ui.graph_settled()
    page.get_by_role("button", name="Zoom in").click()
    page.wait_for_timeout(400)
    read = (
        "() => [document.querySelector('#graph-container svg > g').getAttribute('transform'),"
        " document.querySelector('#graph-container [data-id=orders]').getAttribute('transform')]"
    )
    before = page.evaluate(read)
    page.evaluate("() => { document.querySelector('#graph-container svg').probe = 'kept'; }")
    page.get_by_role("button", name="Reload data").click()
    page.wait_for_timeout(100)
    ui.idle()
    page.evaluate("() => window.pacto.refresh()")
    page.wait_for_timeout(100)
    ui.idle()
    assert page.evaluate(read) == before
    assert page.evaluate("() => document.querySelector('#graph-container svg').probe") == ("kept")
    # Leaving and coming back restores the remembered layout and zoom too.
    page.get_by_role("navigation", name="Overview view").get_by_role("link", name="Table").click()
    ui.idle()
    page.get_by_role("navigation", name="Overview view").get_by_role("link", name="Graph").click()
    ui.graph_settled()
    page.wait_for_timeout(50)
    assert page.evaluate(read) == before


def test_periodic_refresh_runs_every_ten_seconds_when_enabled(ui):
    page = ui.page
    page.clock.install()
    ui.open()
    auto = page.get_by_role("switch", name="Auto")
    expect(auto).not_to_be_checked()
    requests = _count_requests(page, "/api/services")
    page.clock.run_for(11_000)
    ui.idle()
    assert requests == []
    auto.check()
    assert page.evaluate("() => localStorage.getItem('pacto-auto-reload')") == "true"
    page.clock.run_for(10_500)
    ui.idle()
    assert len(requests) == 1
    page.get_by_label("Owner", exact=True).select_option("team/checkout")
    page.clock.run_for(10_000)
    ui.idle()
    assert len(requests) == 2
    expect(page.get_by_label("Owner", exact=True)).to_have_value("team/checkout")
    auto.uncheck()
    page.clock.run_for(30_000)
    ui.idle()
    assert len(requests) == 2


def test_deep_links_restore_the_view(ui):
    page = ui.open("service/orders/dependencies")
    expect(page.get_by_role("tab", name=re.compile("^Dependencies"))).to_have_attribute(
        "aria-selected", "true"
    )
    page = ui.open("?q=cat&owner=team%2Fcatalog&sort=-deps")
    expect(page.get_by_role("combobox", name="Search services")).to_have_value("cat")
    expect(page.get_by_label("Owner", exact=True)).to_have_value("team/catalog")
    rows = page.get_by_role("table", name="All contracts").get_by_role("row")
    expect(rows).to_have_count(3)
    expect(rows.nth(1)).to_contain_text("catalog-reindex")  # 1 dependency sorts first
    header = page.get_by_role("columnheader", name=re.compile("^Deps"))
    expect(header).to_have_attribute("aria-sort", "descending")
    page = ui.open("graph?status=Compliant")
    ui.graph_settled()
    expect(page.get_by_label("Status", exact=True)).to_have_value("Compliant")
    # Tabs and filters replace the history entry; pages push one.
    page = ui.open()
    page.get_by_role("link", name="orders", exact=True).click()
    expect(page.get_by_role("heading", name="orders", level=1)).to_be_visible()
    page.get_by_role("tab", name=re.compile("^Interfaces")).click()
    assert page.url.endswith("#service/orders/interfaces")
    page.go_back()
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()
    page.go_forward()
    expect(page.get_by_role("tab", name=re.compile("^Interfaces"))).to_have_attribute(
        "aria-selected", "true"
    )


def test_keyboard_navigation(ui):
    page = ui.open()
    page.keyboard.press("/")
    search = page.get_by_role("combobox", name="Search services")
    expect(search).to_be_focused()
    page.keyboard.type("ledg")
    expect(search).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="ledger", level=1)).to_be_visible()
    selected = page.get_by_role("tab", name="Overview")
    selected.focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("tab", name=re.compile("^Interfaces"))).to_be_focused()
    expect(page.get_by_role("tab", name=re.compile("^Interfaces"))).to_have_attribute(
        "aria-selected", "true"
    )
    page.keyboard.press("End")
    expect(page.get_by_role("tab", name=re.compile("^Sources"))).to_have_attribute(
        "aria-selected", "true"
    )
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("u")
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()
    page.keyboard.press("g")
    ui.graph_settled()
    page.keyboard.press("t")
    expect(page.get_by_role("table", name="All contracts")).to_be_visible()
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    # Tab order reaches the table links.
    page.get_by_role("link", name="api-gateway", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="api-gateway", level=1)).to_be_visible()


def _background(page) -> tuple[int, ...]:
    rgb = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    return tuple(int(v) for v in re.findall(r"\d+", rgb)[:3])


def test_light_and_dark_colour_schemes(ui):
    page = ui.page
    page.emulate_media(color_scheme="dark")
    ui.open()
    assert sum(_background(page)) < 120, "dark scheme follows prefers-color-scheme"
    ui.shoot("overview-dark")
    button = page.get_by_role("button", name=re.compile("^Colour scheme"))
    expect(button).to_have_accessible_name("Colour scheme: System")
    button.click()
    expect(button).to_have_accessible_name("Colour scheme: Light")
    assert sum(_background(page)) > 600
    button.click()
    expect(button).to_have_accessible_name("Colour scheme: Dark")
    assert sum(_background(page)) < 120
    ui.open("graph")
    ui.graph_settled()
    ui.shoot("graph-dark")
    ui.open("service/orders/interfaces")
    ui.shoot("service-orders-interfaces-dark")
    # The choice survives a reload.
    page.emulate_media(color_scheme="light")
    page.reload()
    ui.idle()
    assert sum(_background(page)) < 120


@pytest.mark.parametrize("size", [(1280, 720), (1366, 768)])
def test_laptop_screens_have_no_horizontal_scroll(ui, size):
    page = ui.page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    for route in ("", "graph", "service/orders", "service/orders/dependencies"):
        ui.open(route)
        if route.endswith(("graph", "dependencies")):
            ui.graph_settled()
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"#{route} overflows by {overflow}px at {size}"
    ui.open()
    ui.shoot(f"overview-{size[0]}x{size[1]}", full_page=False)


def test_missing_d3_shows_how_to_fix_it(ui):
    page = ui.page
    ui.allow_console(r"status of 404")
    page.route("**/vendor/d3.min.js", lambda route: route.fulfill(status=404, body="missing"))
    ui.open("graph")
    banner = page.get_by_role("alert").filter(has_text="D3 is missing")
    expect(banner).to_contain_text("scripts/setup")
    expect(page.get_by_role("alert").filter(has_text="The graph needs D3")).to_be_visible()
    # Everything that does not need D3 still works.
    page.get_by_role("navigation", name="Overview view").get_by_role("link", name="Table").click()
    expect(page.get_by_role("table", name="All contracts").get_by_role("row")).to_have_count(17)


def test_api_docs_render_offline_from_the_vendored_swagger_ui(ui):
    """``/docs`` renders with every request to another host refused: Swagger UI comes from
    package data and reads ``/openapi.json`` from the dashboard itself."""
    page = ui.page
    remote: list[str] = []

    def only_local(route) -> None:
        if route.request.url.startswith(ui.base_url):
            route.continue_()
        else:
            remote.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto(f"{ui.base_url}/docs")
    expect(page.get_by_role("heading", name=re.compile("^Pacto Dashboard API"))).to_be_visible()
    expect(page.get_by_text("/api/services/{name}/versions").first).to_be_visible()
    assert remote == []
    ui.shoot("api-docs", full_page=False)


PAGES = [
    ("overview-table", ""),
    ("overview-graph", "graph"),
    ("service-overview", "service/orders"),
    ("service-interfaces", "service/orders/interfaces"),
    ("service-configuration", "service/orders/configuration"),
    ("service-policy", "service/orders/policy"),
    ("service-dependencies", "service/orders/dependencies"),
    ("service-versions", "service/orders/versions"),
    ("service-sources", "service/orders/sources"),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_accessibility_has_no_serious_or_critical_violations(ui, axe, scheme):
    page = ui.page
    page.emulate_media(color_scheme=scheme)
    failures = {}
    for name, route in PAGES:
        ui.open(route)
        if "graph" in route or "dependencies" in route:
            ui.graph_settled()
        violations = axe(page)
        if violations:
            failures[name] = violations
    ui.open()
    page.get_by_role("combobox", name="Search services").fill("o")
    ui.idle()
    violations = axe(page)
    if violations:
        failures["search-open"] = violations
    assert not failures, failures
