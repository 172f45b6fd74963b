// The fleet overview (10-dashboard.md §13.3) with its table and graph views (§13.4).
import { api, list, serverCapabilities } from "./api.js";
import { html, render as renderInto } from "./dom.js";
import {
  CLASS_LABEL,
  STATUS_LABEL,
  STATUS_TONE,
  classificationBadge,
  complianceBadge,
  hrefService,
  icon,
  normStatus,
  plural,
  scoreTone,
  sourcePills,
  statusBadge,
} from "./format.js";
import { ForceGraph, graphModel } from "./graph.js";
import { overviewHash } from "./router.js";
import { matchesQuery } from "./search.js";
import * as store from "./store.js";

const ACTIVE = new Set(["Compliant", "Warning", "NonCompliant"]);
const CLASS_RANK = { BREAKING: 3, POTENTIAL_BREAKING: 2, NON_BREAKING: 1 };
const STATUS_RANK = { NonCompliant: 0, Warning: 1, Compliant: 2, Reference: 3, Unknown: 4 };
const VERSION_MAX_AGE = 60_000;
/** Columns whose first click sorts the biggest first. */
const DESC_FIRST = new Set(["impact", "deps", "change", "version"]);

export const viewKey = () => "overview";

// ------------------------------------------------------------------ data

let versionQueue = [];
let versionWorkers = 0;

function pumpVersions(app) {
  while (versionWorkers < 4 && versionQueue.length) {
    const name = versionQueue.shift();
    versionWorkers++;
    store
      .load(`versions:${name}`, () => api.versions(name))
      .catch(() => {})
      .finally(() => {
        versionWorkers--;
        pumpVersions(app);
      });
  }
}

/** Version histories feed the "latest change" column; only sources with history have one. */
function queueVersions(app, services, force) {
  const wanted = services.filter((s) => (s.sources || [s.source]).some((src) => src === "oci" || src === "k8s"));
  const queued = new Set(versionQueue);
  for (const s of wanted) {
    const key = `versions:${s.name}`;
    const entry = store.get(key);
    const stale = !entry || force || Date.now() - (entry.at || 0) > VERSION_MAX_AGE;
    if (stale && !queued.has(s.name) && !store.isLoading(key)) versionQueue.push(s.name);
  }
  pumpVersions(app);
}

export async function load(app, { force = false, manual = false } = {}) {
  const jobs = [store.load("services", api.services).then((services) => queueVersions(app, list(services), manual))];
  if (app.route.view === "graph" || (force && store.has("graph"))) jobs.push(store.load("graph", api.graph));
  serverCapabilities().then((caps) => {
    if (caps.diagnostics && (force || !store.get("debug"))) store.load("debug", api.debugSources).catch(() => {});
  });
  await Promise.allSettled(jobs);
}

export function busy() {
  return !store.has("services");
}

export function hasContent(app) {
  if (!store.has("services")) return false;
  return app.route.view !== "graph" || store.has("graph");
}

/** The latest release's classification: { version, classification } or null (no history). */
function latestChange(name) {
  const versions = store.value(`versions:${name}`);
  if (!Array.isArray(versions)) return undefined;
  const top = versions[0];
  return top && top.classification ? { version: top.version, classification: top.classification } : null;
}

function matches(app, s, { ignoreStatus = false } = {}) {
  const f = app.filters;
  if (f.q && !matchesQuery(s, f.q)) return false;
  if (f.source && !(s.sources || [s.source]).includes(f.source)) return false;
  if (f.owner && (s.owner || "") !== (f.owner === "(none)" ? "" : f.owner)) return false;
  if (f.class) {
    const change = latestChange(s.name);
    if (f.class === "none" ? change : change?.classification !== f.class) return false;
  }
  if (!ignoreStatus && f.status) {
    const st = normStatus(s.contractStatus);
    if (f.status === "unmonitored" ? ACTIVE.has(st) : st !== f.status) return false;
  }
  return true;
}

function compareVersions(a, b) {
  const pa = String(a || "").replace(/^v/, "").split(/[.+-]/);
  const pb = String(b || "").replace(/^v/, "").split(/[.+-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "";
    const y = pb[i] ?? "";
    const nx = Number(x);
    const ny = Number(y);
    const c = !Number.isNaN(nx) && !Number.isNaN(ny) && x !== "" && y !== "" ? nx - ny : x.localeCompare(y);
    if (c) return c;
  }
  return 0;
}

const SORTS = {
  name: (a, b) => a.name.localeCompare(b.name),
  version: (a, b) => compareVersions(a.version, b.version),
  owner: (a, b) => (a.owner || "~").localeCompare(b.owner || "~"),
  status: (a, b) => STATUS_RANK[normStatus(a.contractStatus)] - STATUS_RANK[normStatus(b.contractStatus)],
  compliance: (a, b) => (a.complianceScore ?? 101) - (b.complianceScore ?? 101) || (a.complianceStatus || "").localeCompare(b.complianceStatus || ""),
  impact: (a, b) => (a.blastRadius || 0) - (b.blastRadius || 0),
  deps: (a, b) => (a.dependencyCount || 0) - (b.dependencyCount || 0),
  change: (a, b) => (CLASS_RANK[latestChange(a.name)?.classification] || 0) - (CLASS_RANK[latestChange(b.name)?.classification] || 0),
  sources: (a, b) => (a.sources || [a.source]).join(",").localeCompare((b.sources || [b.source]).join(",")),
};

function sorted(app, services) {
  const spec = app.filters.sort || "name";
  const desc = spec.startsWith("-");
  const key = desc ? spec.slice(1) : spec;
  const cmp = SORTS[key] || SORTS.name;
  return [...services].sort((a, b) => (desc ? -1 : 1) * cmp(a, b) || a.name.localeCompare(b.name));
}

// ------------------------------------------------------------------ pieces

function statusCounts(services) {
  const counts = { all: services.length, Compliant: 0, Warning: 0, NonCompliant: 0, unmonitored: 0, updates: 0 };
  for (const s of services) {
    const st = normStatus(s.contractStatus);
    if (ACTIVE.has(st)) counts[st]++;
    else counts.unmonitored++;
    if (s.updateAvailable) counts.updates++;
  }
  return counts;
}

function statCard(app, status, label, value, tone) {
  const pressed = app.filters.status === status;
  return html`<button type="button" class="stat tone-${tone} ${pressed ? "is-active" : ""}" data-action="status"
    data-status="${status}" aria-pressed="${pressed ? "true" : "false"}">
    <span class="stat-value">${value}</span><span class="stat-label">${label}</span></button>`;
}

function statusBar(counts) {
  const total = counts.all || 1;
  const seg = (n, tone, label) =>
    n ? html`<span class="seg tone-${tone}" style="width:${((n / total) * 100).toFixed(2)}%" title="${label}: ${n}"></span>` : "";
  return html`<div class="status-bar" role="img" aria-label="${counts.Compliant} compliant, ${counts.Warning} warning, ${counts.NonCompliant} non-compliant, ${counts.unmonitored} unmonitored">
    ${seg(counts.Compliant, "ok", "Compliant")}${seg(counts.Warning, "warn", "Warning")}${seg(counts.NonCompliant, "err", "Non-compliant")}${seg(counts.unmonitored, "neutral", "Unmonitored")}</div>`;
}

function compliance(s) {
  if (!s.complianceStatus) return statusBadge(s.contractStatus);
  const score = s.complianceScore;
  return html`<span class="cell-compliance">${complianceBadge(s.complianceStatus)}
    ${score === null || score === undefined ? "" : html`<span class="score tone-text-${scoreTone(s.complianceStatus, score)}">${score}%</span>`}
    ${s.complianceErrors ? html`<span class="mini tone-err" title="${plural(s.complianceErrors, "error")}">${s.complianceErrors}E</span>` : ""}
    ${s.complianceWarnings ? html`<span class="mini tone-warn" title="${plural(s.complianceWarnings, "warning")}">${s.complianceWarnings}W</span>` : ""}</span>`;
}

function impact(s) {
  const st = normStatus(s.contractStatus);
  if (s.blastRadius > 0 && st !== "Compliant" && ACTIVE.has(st)) {
    return html`<span class="tone-text-warn" title="Services that fail if this one fails">${icon("bolt")} ${s.blastRadius} affected</span>`;
  }
  if (s.blastRadius > 0) return html`<span title="Services that depend on this one, directly or transitively">${plural(s.blastRadius, "dependent")}</span>`;
  return html`<span class="muted">—</span>`;
}

function changeCell(s) {
  const change = latestChange(s.name);
  if (change === undefined) {
    const src = s.sources || [s.source];
    if (src.includes("oci") || src.includes("k8s")) return html`<span class="muted" aria-label="loading">…</span>`;
    return html`<span class="muted" title="No version history for local contracts">—</span>`;
  }
  if (!change) return html`<span class="muted">—</span>`;
  return html`<span class="change">${classificationBadge(change.classification, { short: true })} <span class="muted small">${change.version}</span></span>`;
}

function sortHeader(app, key, label, { numeric = false } = {}) {
  const spec = app.filters.sort || "name";
  const active = spec.replace(/^-/, "") === key;
  const desc = spec.startsWith("-");
  const sort = active ? (desc ? "descending" : "ascending") : "none";
  return html`<th scope="col" aria-sort="${sort}" class="${numeric ? "num" : ""}"><button type="button" class="sort" data-action="sort" data-key="${key}">${label}<span class="sort-icon" aria-hidden="true">${active ? (desc ? "▼" : "▲") : "↕"}</span></button></th>`;
}

function servicesTable(app, rows, total) {
  const showChecks = rows.some((s) => s.checksTotal > 0);
  return html`<section class="card flush" aria-labelledby="contracts-heading">
    <div class="card-head"><h2 id="contracts-heading">All contracts</h2>
      <span class="muted" role="status">${rows.length === total ? plural(total, "service") : `Showing ${rows.length} of ${total}`}</span></div>
    ${rows.length
      ? html`<div class="table-wrap"><table class="data services-table" aria-labelledby="contracts-heading">
      <thead><tr>
        ${sortHeader(app, "name", "Service")}${sortHeader(app, "version", "Version")}${sortHeader(app, "owner", "Owner")}
        ${sortHeader(app, "status", "Status")}${sortHeader(app, "compliance", "Compliance")}
        ${showChecks ? html`<th scope="col" class="num">Checks</th>` : ""}
        ${sortHeader(app, "impact", "Blast radius")}${sortHeader(app, "deps", "Deps", { numeric: true })}
        ${sortHeader(app, "change", "Latest change")}${sortHeader(app, "sources", "Sources")}
      </tr></thead>
      <tbody>${rows.map(
        (s) => html`<tr data-href="${hrefService(s.name)}">
          <td class="cell-name"><a href="${hrefService(s.name)}">${s.name}</a>${s.topInsight ? html`<div class="muted small insight">${s.topInsight}</div>` : ""}</td>
          <td class="nowrap"><span class="mono">${s.version || "—"}</span>${s.updateAvailable ? html` <span class="badge tone-accent" title="A newer version is available in the registry">update available</span>` : ""}</td>
          <td>${s.owner || html`<span class="muted">—</span>`}</td>
          <td>${statusBadge(s.contractStatus)}</td>
          <td>${compliance(s)}</td>
          ${showChecks ? html`<td class="num">${s.checksTotal ? html`<span class="${s.checksFailed ? "tone-text-err" : ""}">${s.checksPassed}/${s.checksTotal}</span>` : html`<span class="muted">—</span>`}</td>` : ""}
          <td>${impact(s)}</td>
          <td class="num">${s.dependencyCount || html`<span class="muted">0</span>`}</td>
          <td>${changeCell(s)}</td>
          <td>${sourcePills(s.sources || [s.source])}</td>
        </tr>`,
      )}</tbody></table></div>`
      : html`<div class="empty small-empty"><p>No service matches the current filters.</p><button type="button" class="btn" data-action="clear-filters">Clear filters</button></div>`}
  </section>`;
}

function needsAttention(services) {
  const list = services
    .filter((s) => ["Warning", "NonCompliant"].includes(normStatus(s.contractStatus)))
    .sort((a, b) => (b.blastRadius || 0) - (a.blastRadius || 0) || STATUS_RANK[normStatus(a.contractStatus)] - STATUS_RANK[normStatus(b.contractStatus)]);
  if (!list.length) return "";
  return html`<section aria-labelledby="attention-heading" class="attention">
    <h2 id="attention-heading">Needs attention <span class="count">${list.length}</span></h2>
    <div class="attention-grid">${list.slice(0, 12).map(
      (s) => html`<a class="attention-card tone-border-${STATUS_TONE[normStatus(s.contractStatus)]}" href="${hrefService(s.name)}">
        <span class="attention-title">${s.name} ${statusBadge(s.contractStatus)}</span>
        <span class="muted small">${s.topInsight || STATUS_LABEL[normStatus(s.contractStatus)]}</span>
        <span class="small">${s.checksFailed > 0 ? html`<span class="tone-text-err">${s.checksFailed} failed</span> ` : ""}${s.blastRadius > 0 ? html`<span class="tone-text-warn">${icon("bolt")} ${s.blastRadius} affected</span>` : ""}</span>
      </a>`,
    )}</div></section>`;
}

function option(value, label, current) {
  return html`<option value="${value}" ${value === current ? "selected" : ""}>${label}</option>`;
}

function filterBar(app, services, shown, total) {
  const f = app.filters;
  const sources = [...new Set(services.flatMap((s) => s.sources || [s.source]))].sort();
  const owners = [...new Set(services.map((s) => s.owner || "(none)"))].sort();
  const active = f.q || f.status || f.source || f.owner || f.class;
  const parts = [];
  if (f.status) parts.push(f.status === "unmonitored" ? "unmonitored" : STATUS_LABEL[f.status] || f.status);
  if (f.source) parts.push(`source ${f.source}`);
  if (f.owner) parts.push(`owner ${f.owner}`);
  if (f.class) parts.push(f.class === "none" ? "no classified change" : (CLASS_LABEL[f.class] || f.class).toLowerCase());
  if (f.q) parts.push(`search “${f.q}”`);
  return html`<form class="filters" data-form="filters" aria-label="Filter services">
    <div class="field"><label for="filter-source">Source</label><select id="filter-source" name="source" data-filter="source">
      ${option("", "All sources", f.source)}${sources.map((s) => option(s, s, f.source))}</select></div>
    <div class="field"><label for="filter-owner">Owner</label><select id="filter-owner" name="owner" data-filter="owner">
      ${option("", "All owners", f.owner)}${owners.map((o) => option(o, o, f.owner))}</select></div>
    <div class="field"><label for="filter-status">Status</label><select id="filter-status" name="status" data-filter="status">
      ${option("", "All statuses", f.status)}${option("Compliant", "Compliant", f.status)}${option("Warning", "Warning", f.status)}${option("NonCompliant", "Non-compliant", f.status)}${option("unmonitored", "Unmonitored", f.status)}</select></div>
    <div class="field"><label for="filter-class">Latest change</label><select id="filter-class" name="class" data-filter="class">
      ${option("", "Any change", f.class)}${option("BREAKING", "Breaking", f.class)}${option("POTENTIAL_BREAKING", "Potentially breaking", f.class)}${option("NON_BREAKING", "Non-breaking", f.class)}${option("none", "No classified change", f.class)}</select></div>
    <div class="filter-summary">${active
      ? html`<span class="muted">Showing ${shown} of ${total}: ${parts.join(" · ")}</span>
        <button type="button" class="btn btn-link" data-action="clear-filters">Clear filters</button>`
      : ""}</div>
  </form>`;
}

function sourcesPanel() {
  const data = store.value("sources");
  const rows = list(data?.sources);
  if (!rows.length) return "";
  const enabled = rows.filter((s) => s.enabled).map((s) => s.type);
  return html`<details class="card disclosure" id="sources-panel">
    <summary><span class="summary-title">Data sources</span> <span class="muted">${enabled.length ? enabled.join(", ") : "none enabled"}${data.discovering ? " · discovering…" : ""}</span></summary>
    <table class="data compact"><thead><tr><th scope="col">Source</th><th scope="col">State</th><th scope="col">Reason</th></tr></thead>
    <tbody>${rows.map(
      (s) => html`<tr><td>${sourcePills([s.type])}</td><td>${s.enabled ? html`<span class="badge tone-ok">enabled</span>` : html`<span class="badge tone-neutral">disabled</span>`}</td><td>${s.reason || ""}</td></tr>`,
    )}</tbody></table></details>`;
}

function yesNo(v) {
  return v === undefined || v === null ? "—" : v ? "yes" : "no";
}

function diagnosticsPanel(debug) {
  const d = debug?.diagnostics || {};
  const kv = (rows) => html`<table class="data compact kv"><tbody>${rows.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${v === undefined || v === "" ? "—" : v}</td></tr>`)}</tbody></table>`;
  const k = d.k8s || {};
  const c = d.cache || {};
  const o = d.oci || {};
  const l = d.local || {};
  const live = debug?.live || {};
  return html`<details class="card disclosure" id="diagnostics-panel"><summary><span class="summary-title">Source diagnostics</span></summary>
    <div class="diag-grid">
      <div><h3>Kubernetes</h3>${kv([["Client configured", yesNo(k.clientConfigured)], ["Kubeconfig", k.kubeconfigPath], ["Cluster reachable", yesNo(k.clusterReachable)], ["CRD exists", yesNo(k.crdExists)], ["Namespace", k.allNamespaces ? "all namespaces" : k.namespace], ["Resources found", k.resourceCount], ["Error", k.error]])}</div>
      <div><h3>OCI cache</h3>${kv([["Cache dir", c.cacheDir], ["Exists", yesNo(c.exists)], ["Services", c.serviceCount], ["Versions", c.versionCount], ["Error", c.error]])}</div>
      <div><h3>OCI registry</h3>${kv([["Store configured", yesNo(o.storeConfigured)], ["Repositories", list(o.repos).join(", ")], ["Error", o.error]])}</div>
      <div><h3>Local</h3>${kv([["Directory", l.dir], ["pacto.yaml found", yesNo(l.pactoYamlFound)], ["Found in", l.foundIn], ["Error", l.error]])}</div>
      <div><h3>Live API</h3>${kv([["Services", live.serviceCount], ["Error", live.error]])}</div>
    </div></details>`;
}

function legend(model) {
  const counts = {};
  for (const n of model?.nodes || []) counts[n.status] = (counts[n.status] || 0) + 1;
  const statuses = ["Compliant", "Warning", "NonCompliant", "Unknown", "Reference", "external"].filter((s) => counts[s]);
  return html`<div class="legend" aria-label="Legend">
    ${statuses.map((s) => html`<span class="legend-item"><span class="swatch status-${s}" aria-hidden="true"></span>${STATUS_LABEL[s]} <span class="muted">${counts[s]}</span></span>`)}
    <span class="legend-item"><svg width="28" height="8" aria-hidden="true"><line x1="0" y1="4" x2="28" y2="4" class="link link-req"/></svg>required</span>
    <span class="legend-item"><svg width="28" height="8" aria-hidden="true"><line x1="0" y1="4" x2="28" y2="4" class="link link-opt"/></svg>optional</span>
    <span class="legend-item"><svg width="28" height="8" aria-hidden="true"><line x1="0" y1="4" x2="28" y2="4" class="link link-ref"/></svg>config/policy reference</span>
    <span class="legend-item"><span class="swatch swatch-blast" aria-hidden="true"></span>blast radius on hover</span>
  </div>`;
}

function connections(model) {
  if (!model) return "";
  return html`<details class="card disclosure" id="connections-panel">
    <summary><span class="summary-title">Service connections</span> <span class="muted">${plural(model.nodes.length, "node")}, ${plural(model.links.length, "edge")}</span></summary>
    <div class="table-wrap"><table class="data compact"><thead><tr><th scope="col">Service</th><th scope="col">Status</th><th scope="col">Depends on / references</th></tr></thead>
    <tbody>${model.nodes.map(
      (n) => html`<tr><td>${n.status === "external" ? html`${n.name} <span class="badge tone-ext">external</span>` : html`<a href="${hrefService(n.id)}">${n.name}</a>`}</td>
        <td>${statusBadge(n.status)}</td>
        <td>${n.edges.length ? n.edges.map((e) => html`<span class="conn">${e.resolved ? html`<a href="${hrefService(e.targetId)}">${e.targetName}</a>` : e.targetName}<span class="mini ${e.type === "reference" ? "tone-accent" : e.required ? "tone-neutral" : "tone-muted"}">${e.type === "reference" ? "ref" : e.required ? "req" : "opt"}</span></span>`) : html`<span class="muted">—</span>`}</td></tr>`,
    )}</tbody></table></div></details>`;
}

let modelCache = { raw: null, model: null };
function currentModel() {
  const raw = store.value("graph");
  if (!raw) return null;
  if (modelCache.raw !== raw) modelCache = { raw, model: graphModel(raw) };
  return modelCache.model;
}

function graphSection(app) {
  const model = currentModel();
  const entry = store.get("graph");
  return html`<section class="card flush graph-card" aria-labelledby="graph-heading">
    <div class="card-head graph-toolbar">
      <h2 id="graph-heading">Dependency graph</h2>
      ${model ? legend(model) : ""}
      <div class="btn-group" role="group" aria-label="Zoom">
        <button type="button" class="btn icon-btn" data-action="zoom-in" aria-label="Zoom in" title="Zoom in">${icon("plus")}</button>
        <button type="button" class="btn icon-btn" data-action="zoom-out" aria-label="Zoom out" title="Zoom out">${icon("minus")}</button>
        <button type="button" class="btn icon-btn" data-action="zoom-reset" aria-label="Reset layout and fit" title="Reset layout and fit">${icon("fit")}</button>
      </div>
    </div>
    ${!app.hasD3
      ? html`<div class="alert tone-err" role="alert">The graph needs D3, which is missing (vendor/d3.min.js). Run <code>scripts/setup</code> to fetch the front-end assets.</div>`
      : entry?.error && !model
        ? html`<div class="alert tone-err" role="alert">Failed to load the graph: ${entry.error.message}</div>`
        : !model
          ? html`<div class="loading" role="status"><span class="spinner" aria-hidden="true"></span>Loading...</div>`
          : model.nodes.length
            ? ""
            : html`<div class="empty"><p>No dependency relationships to display.</p></div>`}
    <div id="graph-container" class="graph-area" ${model && model.nodes.length && app.hasD3 ? "" : "hidden"}></div>
    <p class="graph-hint muted small">Drag to pan, scroll to zoom, drag a node to pin it (double-click unpins). Hover or focus a node to highlight its neighbourhood and blast radius; click to open it.</p>
  </section>
  ${model ? connections(model) : ""}`;
}

// ------------------------------------------------------------------ render

export function render(app) {
  const entry = store.get("services");
  const head = (sub) => html`<div class="page-head">
    <div><h1>Overview</h1>${sub ? html`<p class="subtitle muted">${sub}</p>` : ""}</div>
    <nav class="segmented" aria-label="Overview view">
      <a href="${overviewHash("table", app.filters)}" data-action="view" data-view="table" ${app.route.view === "table" ? html`aria-current="page"` : ""}>Table</a>
      <a href="${overviewHash("graph", app.filters)}" data-action="view" data-view="graph" ${app.route.view === "graph" ? html`aria-current="page"` : ""}>Graph</a>
    </nav></div>`;
  if (!entry || (!("value" in entry) && !entry.error)) {
    return html`${head("")}<div class="loading" role="status"><span class="spinner" aria-hidden="true"></span>Loading...</div>`;
  }
  if (!("value" in entry)) {
    return html`${head("")}<div class="alert tone-err" role="alert"><strong>Failed to load</strong> ${entry.error.message}</div>`;
  }
  const services = list(entry.value);
  if (!services.length) {
    return html`${head("")}<div class="empty card"><h2>No Pacto resources found</h2><p class="muted">No service contracts detected from any source.</p></div>
      ${sourcesPanel()}<div id="debug-panel-slot"></div>`;
  }
  const base = services.filter((s) => matches(app, s, { ignoreStatus: true }));
  const visible = sorted(app, base.filter((s) => matches(app, s)));
  const counts = statusCounts(base);
  const active = counts.Compliant + counts.Warning + counts.NonCompliant;
  const stale = entry.error ? html`<div class="alert tone-warn small" role="status">Showing cached data: the last refresh failed (${entry.error.message}).</div>` : "";
  return html`${head(`${plural(counts.all, "contract")} — ${active} active, ${counts.unmonitored} unmonitored`)}
    ${stale}
    ${statusBar(counts)}
    <div class="stats" role="group" aria-label="Filter by status">
      ${statCard(app, "", "All contracts", counts.all, "accent")}
      ${statCard(app, "Compliant", "Compliant", counts.Compliant, "ok")}
      ${statCard(app, "Warning", "Warning", counts.Warning, "warn")}
      ${statCard(app, "NonCompliant", "Non-compliant", counts.NonCompliant, "err")}
      ${counts.unmonitored ? statCard(app, "unmonitored", "Unmonitored", counts.unmonitored, "neutral") : ""}
      <div class="stat stat-static tone-accent"><span class="stat-value">${counts.updates}</span><span class="stat-label">Updates available</span></div>
    </div>
    ${needsAttention(base)}
    ${filterBar(app, services, visible.length, services.length)}
    ${app.route.view === "graph" ? graphSection(app) : servicesTable(app, visible, services.length)}
    ${sourcesPanel()}
    <div id="debug-panel-slot"></div>`;
}

export function mount(app, main) {
  // Selects mirror the filter state (which stat cards and pills change too).
  for (const select of main.querySelectorAll("select[data-filter]")) {
    const want = app.filters[select.dataset.filter] || "";
    if (select.value !== want && [...select.options].some((o) => o.value === want)) select.value = want;
  }
  const slot = main.querySelector("#debug-panel-slot");
  const debug = store.value("debug");
  if (slot && debug) renderInto(slot, diagnosticsPanel(debug), slot.childElementCount > 0);
  if (app.route.view !== "graph" || !app.hasD3) return;
  const container = main.querySelector("#graph-container");
  const model = currentModel();
  if (!container || !model || !model.nodes.length) return;
  if (!container.__graph) {
    container.__graph = new ForceGraph(container, {
      key: "global",
      label: `Dependency graph of ${plural(model.nodes.filter((n) => n.status !== "external").length, "service")}`,
      onOpen: (n) => app.navigate(hrefService(n.id)),
    });
  }
  const services = new Map(list(store.value("services")).map((s) => [s.name, s]));
  const f = app.filters;
  const filtering = f.q || f.status || f.source || f.owner || f.class;
  const filter = filtering
    ? (n) => {
        const s = services.get(n.id);
        if (!s) return !f.status && !f.source && !f.owner && !f.class && (!f.q || n.name.toLowerCase().includes(f.q.toLowerCase()));
        return matches(app, s);
      }
    : null;
  container.__graph.setData(model, { filter });
}

// ------------------------------------------------------------------ events

export function onAction(app, name, el, event) {
  const graph = document.getElementById("graph-container")?.__graph;
  switch (name) {
    case "status":
      app.setFilters({ status: app.filters.status === el.dataset.status ? "" : el.dataset.status });
      return true;
    case "sort": {
      const key = el.dataset.key;
      const cur = app.filters.sort || "name";
      const first = DESC_FIRST.has(key) ? `-${key}` : key;
      const next = cur.replace(/^-/, "") === key ? (cur.startsWith("-") ? key : `-${key}`) : first;
      app.setFilters({ sort: next });
      return true;
    }
    case "clear-filters":
      app.setFilters({ q: "", status: "", source: "", owner: "", class: "" });
      document.getElementById("search-input").value = "";
      return true;
    case "view":
      event.preventDefault();
      app.navigate(overviewHash(el.dataset.view, app.filters), { replace: true });
      return true;
    case "zoom-in":
      graph?.zoomBy(1.3);
      return true;
    case "zoom-out":
      graph?.zoomBy(0.7);
      return true;
    case "zoom-reset":
      graph?.reset();
      return true;
    default:
      return false;
  }
}

export function onChange(app, event) {
  const select = event.target.closest?.("select[data-filter]");
  if (select) app.setFilters({ [select.dataset.filter]: select.value });
}
