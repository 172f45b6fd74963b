// The service page (10-dashboard.md §13.5): header, tabs, lazy resolution of remote
// dependencies, version history and diffs.
import { api, list } from "./api.js";
import { html, render as renderInto } from "./dom.js";
import {
  CLASS_LABEL,
  STATUS_LABEL,
  classificationBadge,
  complianceBadge,
  extractServiceName,
  formatDate,
  hrefService,
  icon,
  normStatus,
  plural,
  scoreTone,
  shortHash,
  sourcePills,
  statusBadge,
  stripTag,
  valueText,
} from "./format.js";
import { ForceGraph, component, graphModel, lineage } from "./graph.js";
import { overviewHash } from "./router.js";
import * as store from "./store.js";

const NEIGHBOURHOOD_LIMIT = 150;

export const viewKey = (route) => `service:${route.name}:${route.tab}`;
export const scrollKey = (route) => `service:${route.name}`;

// ------------------------------------------------------------------ data

const RESOLVE_TITLES = {
  403: "Authentication failed",
  404: "Artifact not found in registry",
  422: "Invalid reference or bundle",
  502: "Registry unreachable",
};

/** A ref for `name` from the URL or from anything already loaded (dependencies, refs). */
function knownRef(app, name) {
  if (app.route.params.ref) return { ref: app.route.params.ref, compatibility: app.route.params.compat || "" };
  for (const key of store.keys()) {
    const v = store.value(key);
    if (key.startsWith("service:") || key.startsWith("resolved:")) {
      for (const dep of list(v?.dependencies)) {
        if (dep.name === name || extractServiceName(dep.ref) === name || extractServiceName(dep.ref).replace(/-pacto$/, "") === name) {
          return { ref: dep.ref, compatibility: dep.compatibility || "" };
        }
      }
      for (const ref of [v?.configuration?.ref, v?.policy?.ref]) {
        if (ref && extractServiceName(ref) === name) return { ref, compatibility: "" };
      }
    }
    if (key.startsWith("refs:")) {
      for (const r of [...list(v?.references), ...list(v?.referencedBy)]) if (r.name === name && r.ref) return { ref: r.ref, compatibility: "" };
    }
  }
  return null;
}

function isRemote(ref) {
  if (!ref) return false;
  if (ref.startsWith("oci://")) return true;
  const first = ref.split("/")[0];
  return ref.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
}

export async function load(app, { force = false } = {}) {
  const name = app.route.name;
  const jobs = [
    store.load(`service:${name}`, () => api.service(name)).catch((err) => {
      if (err.status === 404) return resolveMissing(app, name);
      return null;
    }),
    store.load(`versions:${name}`, () => api.versions(name)),
    store.load(`agg:${name}`, () => api.sources(name)),
    store.load(`svcgraph:${name}`, () => api.serviceGraph(name)),
    store.load(`dependents:${name}`, () => api.dependents(name)),
    store.load(`refs:${name}`, () => api.refs(name)),
    store.load("services", api.services),
  ];
  if (app.route.tab === "dependencies" || force || !store.has("graph")) jobs.push(store.load("graph", api.graph));
  await Promise.allSettled(jobs);
}

function resolveMissing(app, name) {
  if (store.has(`resolved:${name}`)) return null;
  const known = knownRef(app, name);
  if (!known) return null;
  return store
    .load(`resolved:${name}`, () => api.resolve(known.ref, known.compatibility))
    .then((details) => {
      if (details?.name && details.name !== name && app.route.name === name) {
        store.put(`resolved:${details.name}`, details);
        app.navigate(hrefService(details.name, app.route.tab, { ref: known.ref }), { replace: true });
      }
    })
    .catch(() => null);
}

// ------------------------------------------------------------------ small pieces

function kv(rows) {
  const shown = rows.filter(([, v]) => v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && !v.length));
  if (!shown.length) return html`<p class="muted">Nothing declared.</p>`;
  return html`<dl class="kv">${shown.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`;
}

function card(title, body, { id, extra } = {}) {
  return html`<section class="card" ${id ? html`aria-labelledby="${id}"` : ""}><div class="card-head"><h2 ${id ? html`id="${id}"` : ""}>${title}</h2>${extra || ""}</div>${body}</section>`;
}

function mono(v) {
  return v ? html`<span class="mono">${v}</span>` : "";
}

function serviceLink(app, name, { ref, compatibility } = {}) {
  const known = new Set(list(store.value("services")).map((s) => s.name));
  const query = !known.has(name) && ref ? { ref, ...(compatibility ? { compat: compatibility } : {}) } : undefined;
  return html`<a href="${hrefService(name, "", query)}">${name}</a>`;
}

function methodBadge(method) {
  const tone = { GET: "get", POST: "post", PUT: "put", PATCH: "put", DELETE: "delete" }[method] || "other";
  return html`<span class="method method-${tone}">${method}</span>`;
}

function loadingBlock(text = "Loading...") {
  return html`<div class="loading" role="status"><span class="spinner" aria-hidden="true"></span>${text}</div>`;
}

function errorBlock(title, message) {
  return html`<div class="alert tone-err" role="alert"><strong>${title}</strong>${message ? html` — ${message}` : ""}</div>`;
}

// ------------------------------------------------------------------ tabs

function tabOverview(app, d) {
  const rt = d.runtime;
  const sc = d.scaling;
  const meta = Object.entries(d.metadata || {});
  const validation = d.validation;
  const issues = [...list(validation?.errors).map((i) => ({ ...i, level: "error" })), ...list(validation?.warnings).map((i) => ({ ...i, level: "warning" }))];
  const insights = list(d.insights);
  return html`<div class="grid-2">
    ${card("Identity", kv([
      ["Name", d.name],
      ["Version", mono(d.version)],
      ["Owner", d.owner],
      ["Namespace", d.namespace],
      ["Image", mono(d.imageRef)],
      ["Chart", mono(d.chartRef)],
      ["Sources", sourcePills(d.sources || [d.source])],
      ["Version policy", d.versionPolicy],
      ["Latest available", d.latestAvailable ? html`${mono(d.latestAvailable)}${d.updateAvailable ? html` <span class="badge tone-accent">update available</span>` : ""}` : ""],
      ["Resolved ref", mono(d.resolvedRef)],
      ["Current revision", d.currentRevision],
      ["Last reconciled", d.lastReconciledAt],
    ]), { id: "h-identity" })}
    ${card("Runtime", rt ? kv([
      ["Workload", rt.workload],
      ["State", rt.stateType],
      ["Persistence", [rt.persistenceScope, rt.persistenceDurability].filter(Boolean).join(" / ")],
      ["Data criticality", rt.dataCriticality],
      ["Upgrade strategy", rt.upgradeStrategy],
      ["Graceful shutdown", rt.gracefulShutdownSeconds !== undefined ? `${rt.gracefulShutdownSeconds} s` : ""],
      ["Health", rt.healthInterface ? html`${rt.healthInterface}${rt.healthPath ? html` ${mono(rt.healthPath)}` : ""}` : ""],
      ["Metrics", rt.metricsInterface ? html`${rt.metricsInterface}${rt.metricsPath ? html` ${mono(rt.metricsPath)}` : ""}` : ""],
    ]) : html`<p class="muted">No runtime section (a reference or policy contract).</p>`, { id: "h-runtime" })}
    ${card("Scaling", sc ? kv([
      ["Replicas", sc.replicas],
      ["Minimum", sc.min],
      ["Maximum", sc.max],
    ]) : html`<p class="muted">No scaling declared.</p>`, { id: "h-scaling" })}
    ${card("Metadata", meta.length ? kv(meta.map(([k, v]) => [k, /^https?:\/\//.test(v) ? html`<a href="${v}" rel="noopener noreferrer" target="_blank">${v}</a>` : v])) : html`<p class="muted">No metadata.</p>`, { id: "h-metadata" })}
  </div>
  ${insights.length ? card("Insights", html`<ul class="insights">${insights.map((i) => html`<li class="insight-item tone-border-${i.severity === "critical" ? "err" : i.severity === "warning" ? "warn" : "neutral"}">
      <span class="badge tone-${i.severity === "critical" ? "err" : i.severity === "warning" ? "warn" : "neutral"}">${i.severity}</span> <strong>${i.title}</strong>${i.description ? html`<div class="muted small">${i.description}</div>` : ""}</li>`)}</ul>`, { id: "h-insights" }) : ""}
  ${validation ? card("Validation", issues.length ? html`<div class="table-wrap"><table class="data compact"><thead><tr><th scope="col">Level</th><th scope="col">Code</th><th scope="col">Path</th><th scope="col">Message</th></tr></thead>
      <tbody>${issues.map((i) => html`<tr><td><span class="badge tone-${i.level === "error" ? "err" : "warn"}">${i.level}</span></td><td class="mono small">${i.code}</td><td class="mono small">${i.path}</td><td>${i.message}</td></tr>`)}</tbody></table></div>`
      : html`<p><span class="badge tone-ok">valid</span> The contract passes all validation layers with no findings.</p>`, { id: "h-validation", extra: validation.valid ? html`<span class="badge tone-ok">valid</span>` : html`<span class="badge tone-err">invalid</span>` }) : ""}
  ${runtimeStatus(d)}`;
}

function runtimeStatus(d) {
  const endpoints = list(d.endpoints);
  const conditions = list(d.conditions);
  if (!endpoints.length && !conditions.length && !d.resources && !d.ports) return "";
  const order = (e) => (e.healthy === false ? 0 : e.healthy === undefined ? 1 : 2);
  return card("Runtime status", html`
    ${d.resources || d.ports ? kv([
      ["Service resource", d.resources?.serviceExists === undefined ? "" : d.resources.serviceExists ? "found" : "not found"],
      ["Workload", d.resources?.workloadExists === undefined ? "" : d.resources.workloadExists ? "found" : "not found"],
      ["Expected ports", list(d.ports?.expected).join(", ")],
      ["Observed ports", list(d.ports?.observed).join(", ")],
      ["Missing ports", list(d.ports?.missing).join(", ")],
      ["Unexpected ports", list(d.ports?.unexpected).join(", ")],
    ]) : ""}
    ${endpoints.length ? html`<h3>Probes</h3><div class="table-wrap"><table class="data compact"><thead><tr><th scope="col">Status</th><th scope="col">Type</th><th scope="col">Interface</th><th scope="col">URL</th><th scope="col">Code</th><th scope="col">Latency</th><th scope="col">Error</th></tr></thead>
      <tbody>${[...endpoints].sort((a, b) => order(a) - order(b)).map((e) => html`<tr><td>${e.healthy === undefined ? html`<span class="badge tone-neutral">unknown</span>` : e.healthy ? html`<span class="badge tone-ok">reachable</span>` : html`<span class="badge tone-err">failing</span>`}</td>
        <td>${e.type || ""}</td><td>${e.interface}</td><td class="mono small">${e.url || ""}</td><td>${e.statusCode ?? ""}</td><td>${e.latencyMs !== undefined ? `${e.latencyMs} ms` : ""}</td><td>${e.error || e.message || ""}</td></tr>`)}</tbody></table></div>` : ""}
    ${conditions.length ? html`<h3>Conditions</h3><div class="table-wrap"><table class="data compact"><thead><tr><th scope="col">Status</th><th scope="col">Type</th><th scope="col">Reason</th><th scope="col">Message</th></tr></thead>
      <tbody>${conditions.map((c) => html`<tr><td><span class="badge tone-${c.status === "True" ? "ok" : c.status === "False" ? (c.severity === "warning" ? "warn" : "err") : "neutral"}">${c.status}</span></td><td>${c.type}</td><td>${c.reason || ""}${c.lastTransitionAgo ? html` <span class="muted">· ${c.lastTransitionAgo}</span>` : ""}</td><td>${c.message || ""}</td></tr>`)}</tbody></table></div>` : ""}`, { id: "h-runtime-status" });
}

let endpointFilter = "";

function tabInterfaces(app, d) {
  const ifaces = list(d.interfaces);
  const needle = endpointFilter.toLowerCase();
  const total = ifaces.reduce((n, i) => n + list(i.endpoints).length, 0);
  return html`${card("Interfaces", html`<div class="table-wrap"><table class="data compact"><thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Port</th><th scope="col">Visibility</th><th scope="col">Contract file</th><th scope="col" class="num">Endpoints</th></tr></thead>
    <tbody>${ifaces.map((i) => html`<tr><td><a href="#iface-${i.name}" data-action="jump" data-target="iface-${i.name}">${i.name}</a></td><td><span class="pill">${i.type}</span></td><td class="mono">${i.port ?? "—"}</td><td>${i.visibility || "—"}</td><td class="mono small">${i.contractFile || "—"}</td><td class="num">${list(i.endpoints).length || "—"}</td></tr>`)}</tbody></table></div>`, { id: "h-interfaces" })}
    ${total ? html`<div class="toolbar"><div class="field inline"><label for="endpoint-filter">Filter endpoints</label><input id="endpoint-filter" type="search" data-input="endpoint-filter" value="${endpointFilter}" placeholder="method, path or summary"></div></div>` : ""}
    ${ifaces.map((i) => {
      const endpoints = list(i.endpoints).filter((e) => !needle || `${e.method} ${e.path} ${e.summary || ""}`.toLowerCase().includes(needle));
      return html`<section class="card" id="iface-${i.name}" aria-labelledby="iface-h-${i.name}">
        <div class="card-head"><h2 id="iface-h-${i.name}">${i.name}</h2>
          <span class="pills"><span class="pill">${i.type}</span>${i.port ? html`<span class="pill mono">:${i.port}</span>` : ""}${i.visibility ? html`<span class="pill">${i.visibility}</span>` : ""}</span></div>
        ${list(i.endpoints).length
          ? endpoints.length
            ? html`<div class="table-wrap"><table class="data compact endpoints" aria-label="Endpoints of ${i.name}"><thead><tr><th scope="col">Method</th><th scope="col">Path</th><th scope="col">Summary</th></tr></thead>
              <tbody>${endpoints.map((e) => html`<tr><td>${methodBadge(e.method)}</td><td class="mono">${e.path}</td><td>${e.summary || ""}</td></tr>`)}</tbody></table></div>`
            : html`<p class="muted">No endpoint matches “${endpointFilter}”.</p>`
          : i.contractContent
            ? html`<details class="disclosure-inline"><summary>Contract file <span class="mono">${i.contractFile}</span></summary><pre class="code"><code>${i.contractContent}</code></pre></details>`
            : html`<p class="muted">${i.hasContractFile ? html`Contract file ${mono(i.contractFile)} (no endpoints could be listed).` : "No contract file declared."}</p>`}
      </section>`;
    })}`;
}

/** Object values (compact JSON from the API) become one row per leaf, with dotted keys. */
function expandValues(values) {
  const out = [];
  const walk = (key, v) => {
    if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length) {
      for (const [k, child] of Object.entries(v)) walk(`${key}.${k}`, child);
    } else {
      const type = Array.isArray(v) ? "array" : v === null ? "any" : typeof v;
      out.push({ key, value: typeof v === "string" ? v : JSON.stringify(v), type, nested: true });
    }
  };
  for (const v of values) {
    if (v.type === "object" && /^[[{]/.test(v.value || "")) {
      try {
        walk(v.key, JSON.parse(v.value));
        continue;
      } catch {
        /* not JSON: show as is */
      }
    }
    out.push(v);
  }
  return out;
}

function valuesTable(values, secretKeys) {
  const secrets = new Set(secretKeys || []);
  const rows = expandValues(values);
  return html`<div class="table-wrap"><table class="data compact values-table"><thead><tr><th scope="col">Key</th><th scope="col">Value</th><th scope="col">Type</th></tr></thead>
    <tbody>${rows.map((v) => html`<tr><td class="mono">${v.key}</td><td class="mono value">${secrets.has(v.key) ? html`•••••• <span class="pill">secret</span>` : v.value === "(any)" ? html`<em class="muted">any</em>` : v.value}</td><td>${v.type || ""}</td></tr>`)}
    ${[...secrets].filter((k) => !rows.some((v) => v.key === k)).map((k) => html`<tr><td class="mono">${k}</td><td class="mono">•••••• <span class="pill">secret</span></td><td></td></tr>`)}</tbody></table></div>`;
}

function schemaTable(properties) {
  return html`<div class="table-wrap"><table class="data compact schema-table" aria-label="Configuration schema properties"><thead><tr><th scope="col">Property</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Default</th><th scope="col">Description</th></tr></thead>
    <tbody>${properties.map((p) => html`<tr><td class="mono">${p.key}</td>
      <td>${p.type || html`<span class="muted">—</span>`}${list(p.enum).length ? html`<div class="small muted">one of <span class="mono">${list(p.enum).map(valueText).join(" | ")}</span></div>` : ""}</td>
      <td>${p.required ? html`<span class="mini tone-neutral">required</span>` : html`<span class="muted small">optional</span>`}</td>
      <td class="mono value">${p.value === "(any)" ? html`<em class="muted">none</em>` : p.value}</td>
      <td class="small">${p.description || ""}</td></tr>`)}</tbody></table></div>`;
}

function relatedIssues(d, word) {
  const issues = [...list(d.validation?.errors), ...list(d.validation?.warnings)].filter((i) => (i.path || "").includes(word));
  if (!issues.length) return "";
  return card("Validation findings", html`<ul class="plain">${issues.map((i) => html`<li><span class="mono small">${i.path}</span> — ${i.message}</li>`)}</ul>`);
}

function tabConfiguration(app, d) {
  const c = d.configuration;
  if (!c) return html`${card("Configuration", html`<p class="muted">Configuration section is empty.</p>`)}${relatedIssues(d, "configuration")}`;
  const values = list(c.values);
  const fromValues = list(c.valueKeys).length > 0;
  const schemaProps = list(c.schemaProperties); // the schema as a table, next to the values
  const refName = c.ref ? extractServiceName(c.ref) : "";
  return html`${card("Configuration", kv([
      ["Schema", mono(c.schema)],
      ["Reference", c.ref ? html`${serviceLink(app, refName, { ref: c.ref })} <span class="mono small muted">${c.ref}</span>` : ""],
      ["Has schema", c.hasSchema ? "yes" : "no"],
    ]), { id: "h-config" })}
    ${schemaProps.length ? card("Schema", html`<p class="muted small">Properties of <span class="mono">${c.schema}</span>.</p>${schemaTable(schemaProps)}`, { id: "h-config-schema" }) : ""}
    ${!fromValues && schemaProps.length ? "" : card(fromValues ? "Values" : "Schema properties", values.length
      ? html`<p class="muted small">${fromValues ? "Values declared in the contract (flattened)." : "Properties of the configuration schema with their defaults."}</p>${valuesTable(values, c.secretKeys)}`
      : list(c.valueKeys).length
        ? html`<ul class="plain">${c.valueKeys.map((k) => html`<li class="mono">${k} <span class="muted">-</span></li>`)}</ul>`
        : html`<p class="muted">Configuration section is empty.</p>`, { id: "h-config-values" })}
    ${relatedIssues(d, "configuration")}`;
}

function tabPolicy(app, d) {
  const p = d.policy;
  if (!p) return html`${card("Policy", html`<p class="muted">No policy declared.</p>`)}${relatedIssues(d, "polic")}`;
  const refName = p.ref ? extractServiceName(p.ref) : "";
  return html`${card("Policy", kv([
      ["Schema", mono(p.schema)],
      ["Reference", p.ref ? html`${serviceLink(app, refName, { ref: p.ref })} <span class="mono small muted">${p.ref}</span>${p.content ? html` <span class="pill">in-bundle</span>` : ""}` : ""],
    ]), { id: "h-policy" })}
    ${list(p.values).length ? card("Policy values", valuesTable(list(p.values)), { id: "h-policy-values" }) : ""}
    ${p.content ? html`<details class="card disclosure"><summary><span class="summary-title">Policy document</span></summary><pre class="code"><code>${p.content}</code></pre></details>` : ""}
    ${relatedIssues(d, "polic")}`;
}

function resolveControl(dep) {
  if (!isRemote(dep.ref)) return "";
  const entry = store.get(`resolve:${dep.ref}`);
  if (store.isLoading(`resolve:${dep.ref}`)) return html`<span class="muted small" role="status">Resolving…</span>`;
  if (entry?.value) {
    const r = entry.value;
    return html`<span class="small">Resolved <a href="${hrefService(r.name, "", { ref: dep.ref })}">${r.name} ${r.version}</a> ${statusBadge(r.contractStatus)}</span>`;
  }
  return html`<button type="button" class="btn btn-small" data-action="resolve" data-ref="${dep.ref}" data-compat="${dep.compatibility || ""}" aria-label="Resolve ${dep.name} from the registry">Resolve</button>
    ${entry?.error ? html`<span class="tone-text-err small" role="alert">${RESOLVE_TITLES[entry.error.status] || "Failed to resolve dependency"}: ${entry.error.message}</span>` : ""}`;
}

const collapsed = new Set(); // tree paths the user folded

function treeItem(app, node, edge, path) {
  const known = new Set(list(store.value("services")).map((s) => s.name));
  const name = node?.name || extractServiceName(edge?.ref || "");
  const children = list(node?.dependencies);
  const open = !collapsed.has(path);
  const row = html`<span class="tree-row">
    ${children.length
      ? html`<button type="button" class="tree-toggle" data-action="tree-toggle" data-path="${path}" aria-expanded="${open ? "true" : "false"}" aria-label="${open ? "Collapse" : "Expand"} ${name}">${open ? "▾" : "▸"}</button>`
      : html`<span class="tree-leaf" aria-hidden="true">•</span>`}
    ${edge ? (known.has(name) ? serviceLink(app, name) : html`<span>${name}</span>`) : html`<strong>${name}</strong>`}
    ${node?.version ? html`<span class="mono small muted">${node.version}</span>` : ""}
    ${edge ? html`<span class="mini ${edge.required ? "tone-neutral" : "tone-muted"}">${edge.required ? "required" : "optional"}</span>` : ""}
    ${edge?.compatibility ? html`<span class="mono small">${edge.compatibility}</span>` : ""}
    ${edge?.error ? html`<span class="badge tone-ext">${edge.error}</span> ${resolveControl({ name, ref: edge.ref, compatibility: edge.compatibility })}` : ""}
  </span>`;
  if (!children.length || !open) return html`<li>${row}</li>`;
  return html`<li>${row}<ul>${children.map((e, i) => treeItem(app, e.node, e, `${path}/${i}`))}</ul></li>`;
}

function tabDependencies(app, d) {
  const deps = list(d.dependencies);
  const dependents = store.get(`dependents:${d.name}`);
  const refs = store.get(`refs:${d.name}`);
  const tree = store.get(`svcgraph:${d.name}`);
  const entry = list(store.value("services")).find((s) => s.name === d.name);
  const blast = entry?.blastRadius || 0;
  const known = new Set(list(store.value("services")).map((s) => s.name));
  const statusOf = new Map(list(store.value("services")).map((s) => [s.name, s.contractStatus]));
  const dependentRows = list(dependents?.value);
  const references = list(refs?.value?.references);
  const referencedBy = list(refs?.value?.referencedBy);
  return html`<div class="summary-chips">
      <span class="chip"><strong>${deps.length}</strong> ${deps.length === 1 ? "dependency" : "dependencies"} (${deps.filter((x) => x.required).length} required)</span>
      <span class="chip"><strong>${dependentRows.length}</strong> direct ${dependentRows.length === 1 ? "dependent" : "dependents"}</span>
      <span class="chip ${blast ? "tone-text-warn" : ""}"><strong>${blast}</strong> in blast radius</span>
    </div>
    <section class="card flush" aria-labelledby="h-dep-graph">
      <div class="card-head"><h2 id="h-dep-graph">Dependency neighbourhood</h2>
        <div class="btn-group" role="group" aria-label="Zoom">
          <button type="button" class="btn icon-btn" data-action="zoom-in" aria-label="Zoom in" title="Zoom in">${icon("plus")}</button>
          <button type="button" class="btn icon-btn" data-action="zoom-out" aria-label="Zoom out" title="Zoom out">${icon("minus")}</button>
          <button type="button" class="btn icon-btn" data-action="zoom-reset" aria-label="Reset layout and fit" title="Reset layout and fit">${icon("fit")}</button>
        </div></div>
      ${!app.hasD3 ? html`<div class="alert tone-err" role="alert">The graph needs D3, which is missing (vendor/d3.min.js). Run <code>scripts/setup</code> to fetch the front-end assets.</div>` : ""}
      <div id="graph-container" class="graph-area graph-small"></div>
      <p class="graph-empty muted" hidden>No dependency relationships to display.</p>
      <p class="graph-note graph-hint muted small" data-preserve hidden></p>
    </section>
    <div class="grid-2">
    ${card("Dependency tree", tree?.value
      ? html`<ul class="tree">${treeItem(app, tree.value.root, null, "0")}</ul>`
      : tree?.error ? errorBlock("Failed to load", tree.error.message) : loadingBlock(), { id: "h-dep-tree" })}
    ${card("Depends on", deps.length
      ? html`<div class="table-wrap"><table class="data compact"><thead><tr><th scope="col">Service</th><th scope="col">Required</th><th scope="col">Compatibility</th><th scope="col">Status</th></tr></thead>
        <tbody>${deps.map((dep) => {
          const isKnown = known.has(dep.name);
          const st = statusOf.get(dep.name);
          return html`<tr><td>${serviceLink(app, dep.name, dep)}${isKnown ? "" : html` <span class="badge tone-ext">external</span>`}<div class="mono small muted">${dep.ref}</div></td>
            <td>${dep.required ? "required" : html`<span class="muted">optional</span>`}</td><td class="mono">${dep.compatibility || "—"}</td>
            <td>${isKnown ? html`${statusBadge(st)}${dep.required && ["Warning", "NonCompliant"].includes(st) ? html`<div class="tone-text-warn small">Required dependency is ${STATUS_LABEL[normStatus(st)]}</div>` : ""}` : resolveControl(dep) || html`<span class="muted">unresolved</span>`}</td></tr>`;
        })}</tbody></table></div>`
      : html`<p class="muted">No dependencies declared.</p>`, { id: "h-dep-on" })}
    </div>
    <div class="grid-2">
    ${card("Dependents", dependents?.value
      ? dependentRows.length
        ? html`<p class="muted small">${plural(dependentRows.length, "service")} depend${dependentRows.length === 1 ? "s" : ""} on this${blast > dependentRows.length ? html` · <span class="tone-text-warn">${blast} total affected</span>` : ""}</p>
          <div class="table-wrap"><table class="data compact"><thead><tr><th scope="col">Service</th><th scope="col">Version</th><th scope="col">Required</th><th scope="col">Compatibility</th><th scope="col">Status</th></tr></thead>
          <tbody>${dependentRows.map((x) => html`<tr><td>${serviceLink(app, x.name)}</td><td class="mono">${x.version || ""}</td><td>${x.required ? "required" : html`<span class="muted">optional</span>`}</td><td class="mono">${x.compatibility || "—"}</td><td>${x.contractStatus ? statusBadge(x.contractStatus) : ""}</td></tr>`)}</tbody></table></div>`
        : html`<p class="muted">Nothing depends on this service.</p>`
      : dependents?.error ? errorBlock("Failed to load", dependents.error.message) : loadingBlock(), { id: "h-dependents" })}
    ${card("Cross-references", refs?.value
      ? references.length || referencedBy.length
        ? html`${references.length ? html`<h3>References</h3>${refTable(app, references)}` : ""}${referencedBy.length ? html`<h3>Referenced by</h3>${refTable(app, referencedBy)}` : ""}`
        : html`<p class="muted">No configuration or policy references.</p>`
      : refs?.error ? errorBlock("Failed to load", refs.error.message) : loadingBlock(), { id: "h-refs" })}
    </div>`;
}

function refTable(app, rows) {
  return html`<div class="table-wrap"><table class="data compact"><thead><tr><th scope="col">Contract</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Ref</th></tr></thead>
    <tbody>${rows.map((r) => html`<tr><td>${serviceLink(app, r.name, { ref: r.ref })}</td><td><span class="pill">${r.refType}</span></td><td>${r.contractStatus ? statusBadge(r.contractStatus) : html`<em class="muted">untracked</em>`}</td><td class="mono small">${r.ref || ""}</td></tr>`)}</tbody></table></div>`;
}

const fetchState = new Map(); // service -> { busy, error }

function tabVersions(app, d) {
  const entry = store.get(`versions:${d.name}`);
  if (!entry || !("value" in entry)) return entry?.error ? errorBlock("Failed to load", entry.error.message) : loadingBlock();
  const versions = list(entry.value);
  const withRef = versions.find((v) => v.ref);
  const fs = fetchState.get(d.name) || {};
  const newest = versions[0]?.version;
  return card("Version history", html`
    ${versions.length ? html`<div class="table-wrap"><table class="data compact"><thead><tr><th scope="col">Version</th><th scope="col">Source</th><th scope="col">Hash</th><th scope="col">Created</th><th scope="col">Changes</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
      <tbody>${versions.map((v, i) => {
        const current = v.isCurrent || v.version === d.version;
        const older = versions[i + 1];
        return html`<tr><td class="mono"><strong>${v.version}</strong></td>
          <td>${v.source ? sourcePills([v.source]) : ""}${v.ref ? html` <span class="mono small muted">${v.ref}</span>` : ""}</td>
          <td class="mono small" title="${v.contractHash || ""}">${shortHash(v.contractHash) || html`<span class="muted">—</span>`}</td>
          <td class="small">${formatDate(v.createdAt) || html`<span class="muted">—</span>`}</td>
          <td>${classificationBadge(v.classification)}</td>
          <td>${current ? html`<span class="badge tone-accent">current</span>` : ""}</td>
          <td class="actions">${older ? html`<a class="btn btn-small" href="${hrefService(d.name, "diff", { from: older.version, to: v.version })}" data-action="tab-link">Diff with ${older.version}</a>` : ""}
            ${versions.length > 1 && v.version !== newest ? html`<a class="btn btn-small" href="${hrefService(d.name, "diff", { from: v.version, to: newest })}" data-action="tab-link">Compare with latest</a>` : ""}</td></tr>`;
      })}</tbody></table></div>` : html`<p class="muted">No version history.</p>`}`, {
    id: "h-versions",
    extra: withRef
      ? html`<span class="toolbar-inline">${fs.error ? html`<span class="tone-text-err small" role="alert">${fs.error}</span>` : ""}
        <button type="button" class="btn" data-action="fetch-all" ${fs.busy ? "disabled" : ""}>${fs.busy ? "Fetching…" : "Fetch all versions"}</button></span>`
      : "",
  });
}

function tabDiff(app, d) {
  const versions = list(store.value(`versions:${d.name}`));
  if (versions.length < 2) return card("Diff", html`<p class="muted">At least two versions are needed to compare.</p>`);
  const { from, to } = diffSelection(app, versions);
  const opts = (sel) => versions.map((v) => html`<option value="${v.version}" ${v.version === sel ? "selected" : ""}>${v.version}${v.isCurrent || v.version === d.version ? " (current)" : ""}</option>`);
  return html`<section class="card" aria-labelledby="h-diff"><div class="card-head"><h2 id="h-diff">Compare versions</h2></div>
    <form class="diff-form" data-form="diff">
      <div class="field"><label for="diff-from">From</label><select id="diff-from" name="from" data-diff="from">${opts(from)}</select></div>
      <span class="arrow" aria-hidden="true">→</span>
      <div class="field"><label for="diff-to">To</label><select id="diff-to" name="to" data-diff="to">${opts(to)}</select></div>
      <button type="submit" class="btn btn-primary">Compare</button>
      <button type="button" class="btn" data-action="swap-diff">Swap</button>
    </form></section>
    <div id="diff-result" aria-live="polite"></div>`;
}

function diffSelection(app, versions) {
  const names = versions.map((v) => v.version);
  const p = app.route.params;
  const to = names.includes(p.to) ? p.to : names[0];
  const from = names.includes(p.from) ? p.from : names[1] ?? names[0];
  return { from, to };
}

function diffResultMarkup(d, from, to, entry) {
  if (!entry || (!("value" in entry) && !entry.error)) return loadingBlock(`Comparing ${from} → ${to}…`);
  if (entry.error && !("value" in entry)) return errorBlock("Diff failed", entry.error.message);
  const r = entry.value;
  const changes = list(r.changes);
  const counts = { BREAKING: 0, POTENTIAL_BREAKING: 0, NON_BREAKING: 0 };
  for (const c of changes) counts[c.classification] = (counts[c.classification] || 0) + 1;
  const tone = { BREAKING: "err", POTENTIAL_BREAKING: "warn", NON_BREAKING: "ok" }[r.classification] || "neutral";
  const sbom = r.sbomDiff;
  return html`<section class="card diff-banner tone-border-${tone}" aria-labelledby="h-diff-result">
      <div class="card-head"><h2 id="h-diff-result">${r.from?.name || d.name} ${r.from?.version || from} → ${r.to?.version || to}</h2>${classificationBadge(r.classification)}</div>
      <p>${changes.length ? html`${plural(changes.length, "change")}: ${Object.entries(counts).filter(([, n]) => n).map(([k, n]) => `${n} ${CLASS_LABEL[k].toLowerCase()}`).join(", ")}.` : "No changes detected between these versions."}</p>
    </section>
    ${changes.length ? html`<section class="card flush" aria-labelledby="h-diff-changes"><div class="card-head"><h2 id="h-diff-changes">Contract changes</h2></div><div class="table-wrap"><table class="data compact diff-table"><thead><tr><th scope="col">Path</th><th scope="col">Change</th><th scope="col">Classification</th><th scope="col">Old value</th><th scope="col">New value</th><th scope="col">Reason</th></tr></thead>
      <tbody>${changes.map((c) => html`<tr class="row-${c.classification}"><td class="mono small">${c.path}</td><td><span class="mini tone-${{ BREAKING: "err", POTENTIAL_BREAKING: "warn", NON_BREAKING: "ok" }[c.classification] || "neutral"}">${c.type}</span></td><td>${classificationBadge(c.classification, { short: true })}</td>
        <td class="mono small value">${valueText(c.oldValue)}</td><td class="mono small value">${valueText(c.newValue)}</td><td class="small">${c.reason || ""}</td></tr>`)}</tbody></table></div></section>` : ""}
    ${sbom ? html`<section class="card flush" aria-labelledby="h-sbom"><div class="card-head"><h2 id="h-sbom">SBOM changes</h2>${sbom.oldFormat || sbom.newFormat ? html`<span class="muted small">${sbom.oldFormat || "none"} → ${sbom.newFormat || "none"}</span>` : ""}</div>
      ${list(sbom.changes).length ? html`<div class="table-wrap"><table class="data compact"><thead><tr><th scope="col">Package</th><th scope="col">Change</th><th scope="col">Old</th><th scope="col">New</th><th scope="col">purl</th></tr></thead>
      <tbody>${list(sbom.changes).map((c) => html`<tr><td>${c.package || c.name || ""}</td><td class="nowrap"><span class="mini tone-neutral">${c.type}${c.field && c.field !== "package" ? ` ${c.field}` : ""}</span></td><td class="mono small">${valueText(c.oldValue)}</td><td class="mono small">${valueText(c.newValue)}</td><td class="mono small muted">${c.purl || ""}</td></tr>`)}</tbody></table></div>` : html`<p class="muted">No SBOM changes.</p>`}</section>` : ""}`;
}

function tabSources(app, d) {
  const entry = store.get(`agg:${d.name}`);
  if (!entry || !("value" in entry)) return entry?.error ? errorBlock("Failed to load", entry.error.message) : loadingBlock();
  const agg = entry.value;
  const cols = [...list(agg.sources).map((s) => ({ label: s.sourceType, d: s.service })), { label: "merged", d: agg.merged }];
  const rows = [
    ["Version", (x) => mono(x.version)],
    ["Contract status", (x) => statusBadge(x.contractStatus)],
    ["Owner", (x) => x.owner || "—"],
    ["Image", (x) => mono(x.imageRef) || "—"],
    ["Interfaces", (x) => list(x.interfaces).length],
    ["Dependencies", (x) => list(x.dependencies).length],
    ["Configuration", (x) => (x.configuration ? "yes" : "—")],
    ["Policy", (x) => (x.policy ? "yes" : "—")],
    ["Runtime workload", (x) => x.runtime?.workload || "—"],
    ["Scaling", (x) => (x.scaling ? [x.scaling.replicas !== undefined ? `${x.scaling.replicas} replicas` : "", x.scaling.min !== undefined ? `${x.scaling.min}–${x.scaling.max ?? "?"}` : ""].filter(Boolean).join(", ") || "—" : "—")],
    ["Validation", (x) => (x.validation ? (x.validation.valid ? html`<span class="badge tone-ok">valid</span>` : html`<span class="badge tone-err">${plural(list(x.validation.errors).length, "error")}</span>`) : "—")],
    ["Checks", (x) => (x.checksSummary ? `${x.checksSummary.passed}/${x.checksSummary.total}` : "—")],
    ["Conditions", (x) => list(x.conditions).length || "—"],
    ["Insights", (x) => list(x.insights).length || "—"],
  ];
  const contractSrc = agg.merged?.source;
  return html`${card("Per-source breakdown", html`<p class="muted small">Contract data comes from exactly one source (<strong>${contractSrc}</strong>); runtime data comes from Kubernetes when present.</p>
    <div class="table-wrap"><table class="data compact"><thead><tr><th scope="col">Field</th>${cols.map((c) => html`<th scope="col">${c.label === "merged" ? "Merged view" : sourcePills([c.label])}</th>`)}</tr></thead>
    <tbody>${rows.map(([label, fn]) => html`<tr><th scope="row">${label}</th>${cols.map((c) => html`<td>${fn(c.d)}</td>`)}</tr>`)}</tbody></table></div>`, { id: "h-sources" })}`;
}

function tabRuntime(app, d) {
  const rows = list(d.runtimeDiff);
  const o = d.observedRuntime;
  const counts = { match: 0, mismatch: 0, skipped: 0 };
  for (const r of rows) counts[r.status] = (counts[r.status] || 0) + 1;
  return html`${rows.length ? card("Contract vs runtime", html`<p class="muted small">${counts.match} match · ${counts.mismatch} mismatch · ${counts.skipped} skipped</p>
      <div class="table-wrap"><table class="data compact"><thead><tr><th scope="col">Field</th><th scope="col">Contract path</th><th scope="col">Declared</th><th scope="col">Observed</th><th scope="col">Status</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr><td>${r.field}</td><td class="mono small">${r.contractPath || ""}</td><td>${r.declaredValue}</td><td>${r.observedValue}</td><td><span class="badge tone-${r.status === "match" ? "ok" : r.status === "mismatch" ? "err" : "neutral"}">${r.status}</span></td></tr>`)}</tbody></table></div>`, { id: "h-rt-diff" }) : ""}
    ${o ? card("Observed runtime", kv([
      ["Workload kind", o.workloadKind],
      ["Deployment strategy", o.deploymentStrategy],
      ["Pod management policy", o.podManagementPolicy],
      ["Termination grace period", o.terminationGracePeriodSeconds !== undefined ? `${o.terminationGracePeriodSeconds} s` : ""],
      ["Container images", list(o.containerImages).join(", ")],
      ["PVC", o.hasPVC === undefined ? "" : o.hasPVC ? "yes" : "no"],
      ["emptyDir", o.hasEmptyDir === undefined ? "" : o.hasEmptyDir ? "yes" : "no"],
      ["Probe initial delay", o.healthProbeInitialDelaySeconds !== undefined ? `${o.healthProbeInitialDelaySeconds} s` : ""],
    ]), { id: "h-observed" }) : ""}
    ${runtimeStatus(d)}`;
}

// ------------------------------------------------------------------ page

function tabsFor(d) {
  const versions = list(store.value(`versions:${d.name}`));
  const aggCount = list(store.value(`agg:${d.name}`)?.sources).length;
  const tabs = [["overview", "Overview"]];
  if (list(d.interfaces).length) tabs.push(["interfaces", "Interfaces", list(d.interfaces).length]);
  if (d.configuration || [...list(d.validation?.errors), ...list(d.validation?.warnings)].some((i) => (i.path || "").includes("configuration"))) tabs.push(["configuration", "Configuration"]);
  if (d.policy) tabs.push(["policy", "Policy"]);
  tabs.push(["dependencies", "Dependencies", list(d.dependencies).length]);
  tabs.push(["versions", "Versions", versions.length || undefined]);
  if (versions.length >= 2) tabs.push(["diff", "Diff"]);
  tabs.push(["sources", "Sources", aggCount || undefined]);
  if (list(d.runtimeDiff).length || d.observedRuntime) tabs.push(["runtime", "Runtime"]);
  return tabs;
}

const TAB_RENDER = {
  overview: tabOverview,
  interfaces: tabInterfaces,
  configuration: tabConfiguration,
  policy: tabPolicy,
  dependencies: tabDependencies,
  versions: tabVersions,
  diff: tabDiff,
  sources: tabSources,
  runtime: tabRuntime,
};

function header(app, d) {
  const c = d.compliance;
  const st = normStatus(d.contractStatus);
  return html`<div class="service-head">
    <div class="service-title"><h1>${d.name}</h1>${statusBadge(d.contractStatus)}
      ${c ? html`${complianceBadge(c.status)}${c.score !== null && c.score !== undefined ? html`<span class="score tone-text-${scoreTone(c.status, c.score)}">${c.score}%</span>` : ""}
        ${c.summary?.errors ? html`<span class="mini tone-err">${plural(c.summary.errors, "error")}</span>` : ""}${c.summary?.warnings ? html`<span class="mini tone-warn">${plural(c.summary.warnings, "warning")}</span>` : ""}` : ""}
      ${d.checksSummary ? html`<span class="muted">${d.checksSummary.passed}/${d.checksSummary.total} checks</span>` : ""}
    </div>
    <div class="service-meta">
      <span class="pill mono" title="Version">${d.version || "no version"}</span>
      ${d.updateAvailable ? html`<a class="badge tone-accent" href="${hrefService(d.name, "versions")}" data-action="tab-link">update available: ${d.latestAvailable}</a>` : ""}
      ${d.versionPolicy ? html`<span class="pill" title="Version policy">${d.versionPolicy}</span>` : ""}
      ${sourcePills(d.sources || [d.source])}
      ${d.owner ? html`<span class="muted">owner: <strong>${d.owner}</strong></span>` : ""}
      ${d.imageRef ? html`<span class="mono small muted">${d.imageRef}</span>` : ""}
    </div>
    ${st === "Reference" || st === "Unknown" ? html`<div class="alert tone-neutral small">Reference-only contract — no runtime target is monitored for this service.</div>` : ""}
  </div>`;
}

function breadcrumb(app, name) {
  return html`<nav class="breadcrumb" aria-label="Breadcrumb"><ol><li><a href="${overviewHash("table", app.filters)}">Overview</a></li><li><span aria-current="page">${name}</span></li></ol></nav>`;
}

export function busy(app) {
  return !store.has(`service:${app.route.name}`) && !store.has(`resolved:${app.route.name}`);
}

export function hasContent(app) {
  return !busy(app);
}

export function render(app) {
  const name = app.route.name;
  const entry = store.get(`service:${name}`);
  const resolved = store.get(`resolved:${name}`);
  let d = entry?.value || resolved?.value;
  if (!d) {
    const crumb = breadcrumb(app, name);
    if (!entry || (!entry.error && !("value" in entry))) return html`${crumb}${loadingBlock()}`;
    if (entry.error.status === 404) {
      const known = knownRef(app, name);
      if (known && (store.isLoading(`resolved:${name}`) || !resolved)) {
        return html`${crumb}<div class="card resolving" role="status"><span class="spinner" aria-hidden="true"></span><div><strong>Resolving remote dependency…</strong><div class="mono small muted">${known.ref}</div></div></div>`;
      }
      if (known && resolved?.error) {
        const e = resolved.error;
        return html`${crumb}<div class="alert tone-err" role="alert"><h2>${RESOLVE_TITLES[e.status] || "Failed to resolve dependency"}</h2>
          <p>${e.message}</p><p class="mono small">${known.ref}</p><p><a href="${overviewHash("table", app.filters)}">Back to the overview</a></p></div>`;
      }
      return html`${crumb}<div class="alert tone-err" role="alert"><h2>Service not found</h2><p>${entry.error.message}</p><p><a href="${overviewHash("table", app.filters)}">Back to the overview</a></p></div>`;
    }
    return html`${crumb}${errorBlock("Failed to load", entry.error.message)}`;
  }
  const tabs = tabsFor(d);
  const tab = tabs.some(([id]) => id === app.route.tab) ? app.route.tab : "overview";
  const current = tabs.find(([id]) => id === tab);
  return html`${breadcrumb(app, name)}${header(app, d)}
    ${entry?.error && entry.value ? html`<div class="alert tone-warn small" role="status">Showing cached data: the last refresh failed (${entry.error.message}).</div>` : ""}
    ${resolved?.value && !entry?.value ? html`<div class="alert tone-neutral small" role="status">Resolved on demand from the registry${app.route.params.ref ? html` (<span class="mono">${app.route.params.ref}</span>)` : ""}.</div>` : ""}
    <div class="tabs" role="tablist" aria-label="Service sections">
      ${tabs.map(([id, label, count]) => html`<a role="tab" id="tab-${id}" href="${hrefService(name, id)}" data-action="tab" data-tab="${id}"
        aria-selected="${id === tab ? "true" : "false"}" aria-controls="tabpanel" tabindex="${id === tab ? "0" : "-1"}">${label}${count !== undefined ? html`<span class="tab-count">${count}</span>` : ""}</a>`)}
    </div>
    <section id="tabpanel" role="tabpanel" aria-labelledby="tab-${tab}" data-tab="${tab}" aria-label="${current[1]}">
      ${TAB_RENDER[tab](app, d)}
    </section>`;
}

// ------------------------------------------------------------------ mount

export function mount(app, main) {
  const name = app.route.name;
  const d = store.value(`service:${name}`) || store.value(`resolved:${name}`);
  if (!d) return;
  const tab = main.querySelector("#tabpanel")?.dataset.tab;
  if (tab === "dependencies") mountGraph(app, main, d);
  if (tab === "diff") mountDiff(app, main, d);
  if (tab !== app.route.tab && app.route.tab !== "overview" && tab === "overview" && store.has(`versions:${name}`) && store.has(`agg:${name}`)) {
    // Deep link to a tab this service does not have: fall back to the overview tab.
    app.replaceHash(hrefService(name, "overview"));
  }
}

function mountGraph(app, main, d) {
  const container = main.querySelector("#graph-container");
  const raw = store.value("graph");
  if (!container || !raw || !app.hasD3) return;
  const full = graphModel(raw);
  let model = component(full, d.name);
  const note = main.querySelector(".graph-note");
  if (model.nodes.length > NEIGHBOURHOOD_LIMIT) {
    // Big fleets are often one connected component: show the dependency lineage instead
    // (what this service needs and what needs it), cut by distance when still too big.
    const total = model.nodes.length;
    let hops = Infinity;
    model = lineage(full, d.name);
    for (let h = 4; model.nodes.length > NEIGHBOURHOOD_LIMIT && h >= 1; h--) {
      hops = h;
      model = lineage(full, d.name, h);
    }
    if (note) {
      note.hidden = false;
      note.textContent =
        `Showing ${model.nodes.length} of the ${total} connected services: what ${d.name} depends on ` +
        `and what depends on it${hops === Infinity ? "" : `, up to ${hops} step${hops === 1 ? "" : "s"} away`}.`;
    }
  }
  const empty = main.querySelector(".graph-empty");
  if (model.nodes.length < 2) {
    container.hidden = true;
    if (empty) empty.hidden = false;
    return;
  }
  if (!container.__graph) {
    container.__graph = new ForceGraph(container, {
      key: `service:${d.name}`,
      focus: d.name,
      fitPadding: 40,
      label: `Dependency neighbourhood of ${d.name}`,
      onOpen: (n) => {
        if (n.id !== d.name) app.navigate(hrefService(n.id, "dependencies"));
      },
    });
  }
  container.__graph.setData(model);
}

function mountDiff(app, main, d) {
  const versions = list(store.value(`versions:${d.name}`));
  const out = main.querySelector("#diff-result");
  if (!out || versions.length < 2) return;
  const p = app.route.params;
  if (!p.from || !p.to) {
    if (!out.childElementCount) renderInto(out, html`<p class="muted hint">Pick two versions and press Compare to see the classified changes.</p>`, false);
    return;
  }
  const key = `diff:${d.name}:${p.from}:${p.to}`;
  if (!store.get(key) && !store.isLoading(key)) {
    store.load(key, () => api.diff(d.name, p.from, d.name, p.to)).catch(() => {});
  }
  const entry = store.get(key);
  const stamp = `${key}#${entry?.seq ?? "loading"}#${entry?.error ? "e" : ""}`;
  if (out.dataset.stamp === stamp) return;
  const same = out.dataset.key === key;
  out.dataset.key = key;
  out.dataset.stamp = stamp;
  renderInto(out, diffResultMarkup(d, p.from, p.to, entry), same);
}

// ------------------------------------------------------------------ events

export function onAction(app, name, el, event) {
  const svc = app.route.name;
  const graph = document.getElementById("graph-container")?.__graph;
  switch (name) {
    case "tab":
    case "tab-link":
      event.preventDefault();
      app.navigate(el.getAttribute("href"), { replace: true });
      return true;
    case "tree-toggle": {
      const path = el.dataset.path;
      if (collapsed.has(path)) collapsed.delete(path);
      else collapsed.add(path);
      app.scheduleRender();
      return true;
    }
    case "jump": {
      event.preventDefault();
      document.getElementById(el.dataset.target)?.scrollIntoView({ behavior: "smooth", block: "start" });
      return true;
    }
    case "zoom-in":
      graph?.zoomBy(1.3);
      return true;
    case "zoom-out":
      graph?.zoomBy(0.7);
      return true;
    case "zoom-reset":
      graph?.reset();
      return true;
    case "swap-diff": {
      const form = el.closest("form");
      const a = form.elements.from.value;
      form.elements.from.value = form.elements.to.value;
      form.elements.to.value = a;
      return true;
    }
    case "resolve": {
      const ref = el.dataset.ref;
      const compat = el.dataset.compat;
      store
        .load(`resolve:${ref}`, () => api.resolve(ref, compat))
        .then((details) => {
          if (details?.name) store.put(`resolved:${details.name}`, details);
          store.load("services", api.services).catch(() => {});
        })
        .catch(() => {});
      app.scheduleRender();
      return true;
    }
    case "fetch-all": {
      const versions = list(store.value(`versions:${svc}`));
      const withRef = versions.find((v) => v.ref);
      if (!withRef) return true;
      const repo = withRef.ref.slice(0, withRef.ref.lastIndexOf(":")) || stripTag(withRef.ref);
      fetchState.set(svc, { busy: true });
      app.scheduleRender();
      api
        .remoteVersions(repo, true)
        .then(() => {
          fetchState.set(svc, {});
          return store.load(`versions:${svc}`, () => api.versions(svc));
        })
        .catch((err) => fetchState.set(svc, { error: `Fetching versions failed: ${err.message}` }))
        .finally(() => {
          const cur = fetchState.get(svc);
          if (cur?.busy) fetchState.set(svc, {});
          app.scheduleRender();
        });
      return true;
    }
    default:
      return false;
  }
}

export function onSubmit(app, event) {
  const form = event.target.closest?.("form[data-form='diff']");
  if (!form) return;
  event.preventDefault();
  const from = form.elements.from.value;
  const to = form.elements.to.value;
  const key = `diff:${app.route.name}:${from}:${to}`;
  store.drop(key);
  app.navigate(hrefService(app.route.name, "diff", { from, to }), { replace: true });
}

export function onInput(app, event) {
  const input = event.target.closest?.("[data-input='endpoint-filter']");
  if (input) {
    endpointFilter = input.value;
    app.scheduleRender();
  }
}

export function onKeydown(app, event) {
  const tab = event.target.closest?.("[role='tab']");
  if (!tab || !["ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) return;
  event.preventDefault();
  const tabs = [...document.querySelectorAll("[role='tab']")];
  let i = tabs.indexOf(tab);
  if (event.key === "ArrowLeft") i = (i - 1 + tabs.length) % tabs.length;
  else if (event.key === "ArrowRight") i = (i + 1) % tabs.length;
  else if (event.key === "Home") i = 0;
  else i = tabs.length - 1;
  app.navigate(tabs[i].getAttribute("href"), { replace: true });
  requestAnimationFrame(() => document.getElementById(`tab-${tabs[i].dataset.tab}`)?.focus());
}
