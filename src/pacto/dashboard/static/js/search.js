// The global search box (10-dashboard.md §13.1): filters the overview table live and offers
// a listbox of up to 8 matching services. ↓/↑ move, Enter opens, Escape closes.
import { list } from "./api.js";
import { html, render } from "./dom.js";
import { hrefService, sourcePills, statusBadge } from "./format.js";
import * as store from "./store.js";

const MAX = 8;
let app;
let input;
let box;
let active = -1;
let matches = [];

export function matchesQuery(service, q) {
  if (!q) return true;
  const needle = q.toLowerCase();
  const hay = [service.name, service.owner, service.version, ...(service.sources || [service.source])];
  return hay.some((v) => v && String(v).toLowerCase().includes(needle));
}

function open() {
  const q = input.value.trim();
  const services = list(store.value("services"));
  matches = q ? services.filter((s) => matchesQuery(s, q)).slice(0, MAX) : [];
  active = matches.length ? Math.min(Math.max(active, 0), matches.length - 1) : -1;
  render(
    box,
    q && !matches.length
      ? html`<li class="search-empty" role="presentation">No service matches “${q}”</li>`
      : matches.map(
          (s, i) => html`<li role="option" id="search-opt-${i}" aria-selected="${i === active ? "true" : "false"}"
            data-index="${i}" class="search-option">
            <span class="search-name">${s.name}</span>
            <span class="muted">${s.version || ""}</span>
            ${statusBadge(s.contractStatus)} ${sourcePills(s.sources || [s.source])}</li>`,
        ),
    false,
  );
  const show = q.length > 0;
  box.hidden = !show;
  input.setAttribute("aria-expanded", show ? "true" : "false");
  if (active >= 0) input.setAttribute("aria-activedescendant", `search-opt-${active}`);
  else input.removeAttribute("aria-activedescendant");
}

export function closeSearch(clear) {
  if (!box) return;
  box.hidden = true;
  input.setAttribute("aria-expanded", "false");
  input.removeAttribute("aria-activedescendant");
  active = -1;
  if (clear) input.value = "";
}

function choose(index) {
  const s = matches[index];
  if (!s) return;
  closeSearch(true);
  app.navigate(hrefService(s.name));
}

export function initSearch(theApp) {
  app = theApp;
  input = document.getElementById("search-input");
  box = document.getElementById("search-results");
  let timer;
  input.addEventListener("input", () => {
    active = 0;
    open();
    clearTimeout(timer);
    app.inputPending = true;
    timer = setTimeout(() => {
      app.inputPending = false;
      app.setFilters({ q: input.value.trim() });
    }, 120);
  });
  input.addEventListener("focus", () => {
    if (input.value.trim()) open();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (box.hidden) open();
      active = Math.min(active + 1, matches.length - 1);
      open();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      active = Math.max(active - 1, 0);
      open();
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (!box.hidden && active >= 0) choose(active);
    } else if (event.key === "Escape") {
      if (!box.hidden) {
        event.preventDefault();
        closeSearch(false);
      } else if (input.value) {
        input.value = "";
        app.setFilters({ q: "" });
      } else {
        input.blur();
      }
    }
  });
  box.addEventListener("mousedown", (event) => event.preventDefault()); // keep focus in the input
  box.addEventListener("click", (event) => {
    const option = event.target.closest("[data-index]");
    if (option) choose(Number(option.dataset.index));
  });
  document.addEventListener("click", (event) => {
    if (!event.target.closest(".search")) closeSearch(false);
  });
}
