// Entry point: the shell (top bar, search, refresh, theme), the router and the render loop.
import { api, list, pendingRequests } from "./api.js";
import { html, render as renderInto } from "./dom.js";
import { icon, SOURCE_TITLE } from "./format.js";
import { filtersFrom, overviewHash, parseRoute } from "./router.js";
import { initSearch, closeSearch } from "./search.js";
import * as store from "./store.js";
import * as overview from "./overview.js";
import * as service from "./service.js";

const AUTO_KEY = "pacto-auto-reload";
const THEME_KEY = "pacto-theme";
const AUTO_INTERVAL = 10_000;
const DISCOVERY_INTERVAL = 2_000;

const main = document.getElementById("main");

export const app = {
  route: parseRoute(location.hash),
  filters: filtersFrom({}),
  generation: 0,
  viewKey: null,
  firstContent: false,
  navigate,
  replaceHash,
  refresh,
  scheduleRender,
  setFilters,
  overviewHref: (view) => overviewHash(view ?? (app.route.page === "overview" ? app.route.view : "table"), app.filters),
  hasD3: typeof window.d3 !== "undefined",
  /** True when no request is in flight and the last render has been flushed. */
  isIdle: () => pendingRequests() === 0 && !renderQueued && !app.inputPending && app.rendered,
};
window.pacto = app; // for the browser tests and the benchmark

function viewFor(route) {
  return route.page === "service" ? service : overview;
}

// ------------------------------------------------------------------ rendering

let renderQueued = false;
function scheduleRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    renderNow();
  });
}

function renderNow() {
  const view = viewFor(app.route);
  const key = view.viewKey(app.route);
  const same = key === app.viewKey;
  const scrollKey = view.scrollKey ? view.scrollKey(app.route) : key;
  const keepScroll = scrollKey === app.scrollKey;
  app.scrollKey = scrollKey;
  // Do not morph under an open <select> dropdown or an active text selection drag.
  renderInto(main, view.render(app), same);
  if (!same) {
    app.viewKey = key;
    if (!keepScroll) window.scrollTo(0, 0);
  }
  main.setAttribute("aria-busy", view.busy?.(app) ? "true" : "false");
  view.mount?.(app, main, same);
  renderShell();
  app.rendered = true;
  if (!app.firstContent && view.hasContent?.(app)) {
    app.firstContent = true;
    performance.mark("pacto:first-content");
  }
}

function renderShell() {
  const sources = store.value("sources");
  const pills = document.getElementById("source-pills");
  const enabled = list(sources?.sources).filter((s) => s.enabled);
  const active = app.filters.source;
  renderInto(
    pills,
    html`${enabled.map(
      (s) => html`<button type="button" class="pill source-${s.type} ${active && active !== s.type ? "is-off" : ""}"
        data-action="source-pill" data-source="${s.type}" aria-pressed="${active === s.type ? "true" : "false"}"
        title="${s.type}: ${SOURCE_TITLE[s.type] || ""}${s.reason ? ` — ${s.reason}` : ""}">${s.type}</button>`,
    )}${sources?.discovering ? html`<span class="pill is-discovering" role="status">discovering…</span>` : ""}`,
    true,
  );
  const health = store.value("health");
  const ver = document.getElementById("app-version");
  const text = health?.version ? `v${health.version.replace(/^v/, "")}` : "";
  if (ver.textContent !== text) ver.textContent = text;
  ver.hidden = !text;
  for (const link of document.querySelectorAll("[data-nav]")) {
    const current =
      app.route.page === "overview" && app.route.view === link.dataset.nav ? "page" : null;
    if (current) link.setAttribute("aria-current", current);
    else link.removeAttribute("aria-current");
    link.setAttribute("href", overviewHash(link.dataset.nav, app.filters));
  }
  const title = app.route.page === "service" ? `${app.route.name} · Pacto` : "Pacto Dashboard";
  if (document.title !== title) document.title = title;
}

store.setChangeListener(() => scheduleRender());

// ------------------------------------------------------------------ routing

function navigate(hash, { replace = false } = {}) {
  if (replace) {
    history.replaceState(null, "", hash || location.pathname + location.search);
    onRoute();
  } else if (location.hash === hash || (hash === "#" && !location.hash)) {
    onRoute();
  } else {
    location.hash = hash;
  }
}

/** Updates the URL without a history entry and without re-routing. */
function replaceHash(hash) {
  const url = hash === "#" ? location.pathname + location.search : hash;
  history.replaceState(null, "", url);
  app.route = parseRoute(location.hash);
}

function onRoute() {
  const route = parseRoute(location.hash);
  const prev = app.route;
  app.route = route;
  app.generation++;
  if (route.page === "overview") {
    app.filters = filtersFrom(route.params);
    const input = document.getElementById("search-input");
    if (input.value !== app.filters.q) input.value = app.filters.q;
  } else if (prev.page !== "service" || prev.name !== route.name) {
    // Navigating to a service clears the search (§13.1).
    closeSearch(true);
    if (app.filters.q) app.filters = { ...app.filters, q: "" };
  }
  renderNow();
  loadCurrent(false);
}

function setFilters(patch) {
  app.filters = { ...app.filters, ...patch };
  if (app.route.page === "overview") replaceHash(overviewHash(app.route.view, app.filters));
  scheduleRender();
}

// ------------------------------------------------------------------ loading and refresh

function loadShell() {
  store.load("sources", api.dataSources).then(scheduleDiscoveryPoll, () => {});
  store.load("health", api.health, { maxAge: 300_000 }).catch(() => {});
}

function loadCurrent(background) {
  loadShell();
  viewFor(app.route).load(app, { background });
}

let refreshing = false;
async function refresh({ manual = false } = {}) {
  if (refreshing) return;
  refreshing = true;
  app.generation++;
  const button = document.getElementById("reload-button");
  if (manual) {
    button.classList.add("is-spinning");
    setTimeout(() => button.classList.remove("is-spinning"), 600);
    try {
      await api.refresh();
    } catch {
      /* the refetch below still runs */
    }
  }
  try {
    loadShell();
    await viewFor(app.route).load(app, { background: true, force: true, manual });
  } finally {
    refreshing = false;
  }
}

let discoveryTimer = null;
function scheduleDiscoveryPoll(sources) {
  if (!sources?.discovering || discoveryTimer) return;
  discoveryTimer = setTimeout(() => {
    discoveryTimer = null;
    refresh();
  }, DISCOVERY_INTERVAL);
}

let autoTimer = null;
function setAuto(on) {
  localStorage.setItem(AUTO_KEY, on ? "true" : "false");
  const toggle = document.getElementById("auto-reload");
  toggle.checked = on;
  clearInterval(autoTimer);
  autoTimer = on
    ? setInterval(() => {
        if (!document.hidden) refresh();
      }, AUTO_INTERVAL)
    : null;
}

// ------------------------------------------------------------------ theme

function applyTheme(theme) {
  const root = document.documentElement;
  if (theme === "light" || theme === "dark") root.dataset.theme = theme;
  else delete root.dataset.theme;
  const button = document.getElementById("theme-button");
  const label = { light: "Light", dark: "Dark" }[theme] || "System";
  renderInto(button, html`${icon(theme === "dark" ? "moon" : theme === "light" ? "sun" : "auto")}<span class="visually-hidden">Colour scheme: ${label}</span>`, false);
  button.title = `Colour scheme: ${label} (click to change)`;
  document.dispatchEvent(new CustomEvent("pacto-theme"));
}

function cycleTheme() {
  const order = ["system", "light", "dark"];
  const cur = localStorage.getItem(THEME_KEY) || "system";
  const next = order[(order.indexOf(cur) + 1) % order.length];
  localStorage.setItem(THEME_KEY, next);
  applyTheme(next);
}

// ------------------------------------------------------------------ global events

function isTyping(target) {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName));
}

function onKeydown(event) {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  if (isTyping(event.target)) return;
  const dialog = document.getElementById("shortcuts");
  if (dialog.open) return;
  switch (event.key) {
    case "/":
      event.preventDefault();
      document.getElementById("search-input").focus();
      break;
    case "r":
      refresh({ manual: true });
      break;
    case "t":
      navigate(overviewHash("table", app.filters));
      break;
    case "g":
      navigate(overviewHash("graph", app.filters));
      break;
    case "u":
      if (app.route.page === "service") navigate(overviewHash("table", app.filters));
      break;
    case "?":
      dialog.showModal();
      break;
    default:
  }
}

function onClick(event) {
  const target = event.target instanceof Element ? event.target : null;
  if (!target) return;
  const action = target.closest("[data-action]");
  if (action) {
    const name = action.dataset.action;
    if (name === "source-pill") {
      const src = action.dataset.source;
      setFilters({ source: app.filters.source === src ? "" : src });
      if (app.route.page !== "overview") navigate(overviewHash("table", app.filters));
      return;
    }
    const view = viewFor(app.route);
    if (view.onAction?.(app, name, action, event)) return;
  }
  // Whole-row links: a click anywhere on a row opens its service (links inside still work).
  const row = target.closest("[data-href]");
  if (row && !target.closest("a, button, input, select, summary, label")) {
    navigate(row.dataset.href);
  }
}

function init() {
  applyTheme(localStorage.getItem(THEME_KEY) || "system");
  document.getElementById("theme-button").addEventListener("click", cycleTheme);
  document.getElementById("reload-button").addEventListener("click", () => refresh({ manual: true }));
  const auto = document.getElementById("auto-reload");
  auto.addEventListener("change", () => setAuto(auto.checked));
  setAuto(localStorage.getItem(AUTO_KEY) !== "false");
  document.getElementById("shortcuts-button").addEventListener("click", () => document.getElementById("shortcuts").showModal());
  if (!app.hasD3) document.getElementById("d3-missing").hidden = false;
  initSearch(app);
  document.addEventListener("keydown", onKeydown);
  document.addEventListener("click", onClick);
  document.addEventListener("change", (event) => viewFor(app.route).onChange?.(app, event));
  document.addEventListener("input", (event) => viewFor(app.route).onInput?.(app, event));
  document.addEventListener("submit", (event) => viewFor(app.route).onSubmit?.(app, event));
  document.addEventListener("keydown", (event) => viewFor(app.route).onKeydown?.(app, event));
  window.addEventListener("hashchange", onRoute);
  onRoute();
}

init();
