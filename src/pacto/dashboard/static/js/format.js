// Labels, badges and small formatting helpers shared by the views.
import { html } from "./dom.js";

export const STATUS_LABEL = {
  Compliant: "Compliant",
  Warning: "Warning",
  NonCompliant: "Non-compliant",
  Unknown: "Unmonitored",
  Reference: "Reference",
  external: "External",
};

export const STATUS_TONE = {
  Compliant: "ok",
  Warning: "warn",
  NonCompliant: "err",
  Unknown: "neutral",
  Reference: "neutral",
  external: "ext",
};


export const CLASS_LABEL = {
  BREAKING: "Breaking",
  POTENTIAL_BREAKING: "Potentially breaking",
  NON_BREAKING: "Non-breaking",
};
const CLASS_TONE = { BREAKING: "err", POTENTIAL_BREAKING: "warn", NON_BREAKING: "ok" };

const COMPLIANCE_TONE = { OK: "ok", WARNING: "warn", ERROR: "err", REFERENCE: "neutral" };

export const SOURCE_TITLE = {
  k8s: "live CRD status from the cluster operator",
  oci: "contract versions pushed to container registries",
  local: "contract from the working directory (pacto.yaml)",
};

export function normStatus(status) {
  return STATUS_LABEL[status] ? status : "Unknown";
}

export function statusBadge(status) {
  const s = normStatus(status);
  return html`<span class="badge tone-${STATUS_TONE[s]}"><span class="dot" aria-hidden="true"></span>${STATUS_LABEL[s]}</span>`;
}

export function classificationBadge(classification, { short = false } = {}) {
  if (!classification) return html`<span class="muted" aria-label="no classification">—</span>`;
  const label = CLASS_LABEL[classification] || classification;
  return html`<span class="badge tone-${CLASS_TONE[classification] || "neutral"}">${short ? label.replace("Potentially breaking", "Potential") : label}</span>`;
}

export function complianceBadge(status) {
  if (!status) return "";
  return html`<span class="badge tone-${COMPLIANCE_TONE[status] || "neutral"}">${status}</span>`;
}

export function scoreTone(status, score) {
  if (status === "ERROR" || score < 50) return "err";
  if (status === "WARNING" || score < 80) return "warn";
  return "ok";
}

export function sourcePill(source) {
  return html`<span class="pill source-${source}" title="${SOURCE_TITLE[source] || source}">${source}</span>`;
}

export function sourcePills(sources) {
  return html`<span class="pills">${(sources || []).map(sourcePill)}</span>`;
}

export function plural(n, one, many = one + "s") {
  return `${n} ${n === 1 ? one : many}`;
}

export function shortHash(hash) {
  return hash ? hash.slice(0, 12) : "";
}

export function formatDate(text) {
  if (!text) return "";
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return text;
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function valueText(value) {
  if (value === undefined) return "";
  if (value === null) return "null";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

export function hrefService(name, tab, query) {
  let h = `#service/${encodeURIComponent(name)}`;
  if (tab) h += `/${tab}`;
  if (query) {
    const q = new URLSearchParams(query).toString();
    if (q) h += `?${q}`;
  }
  return h;
}

/** `extract_service_name` (§10.2). */
export function extractServiceName(ref) {
  let r = (ref || "").replace(/^oci:\/\//, "");
  r = r.slice(r.lastIndexOf("/") + 1);
  const at = r.indexOf("@");
  if (at >= 0) r = r.slice(0, at);
  const colon = r.indexOf(":");
  if (colon >= 0) r = r.slice(0, colon);
  return r;
}

/** Strips a tag or digest (§10.3). */
export function stripTag(ref) {
  const at = ref.lastIndexOf("@");
  if (at > 0) return ref.slice(0, at);
  const colon = ref.lastIndexOf(":");
  if (colon > ref.lastIndexOf("/")) return ref.slice(0, colon);
  return ref;
}

export function icon(name) {
  const paths = {
    refresh: "M13.65 2.35A7.95 7.95 0 0 0 8 0a8 8 0 1 0 7.74 10h-2.08A6 6 0 1 1 8 2c1.66 0 3.14.69 4.22 1.78L9 7h7V0l-2.35 2.35z",
    search: "M11.5 7a4.5 4.5 0 1 1-9 0 4.5 4.5 0 0 1 9 0zm-.82 4.74a6 6 0 1 1 1.06-1.06l3.04 3.04a.75.75 0 1 1-1.06 1.06l-3.04-3.04z",
    sun: "M8 12a4 4 0 1 1 0-8 4 4 0 0 1 0 8zm0-1.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM8 0a.75.75 0 0 1 .75.75v1.5a.75.75 0 0 1-1.5 0V.75A.75.75 0 0 1 8 0zm0 13a.75.75 0 0 1 .75.75v1.5a.75.75 0 0 1-1.5 0v-1.5A.75.75 0 0 1 8 13zM2.34 2.34a.75.75 0 0 1 1.06 0l1.06 1.06a.75.75 0 0 1-1.06 1.06L2.34 3.4a.75.75 0 0 1 0-1.06zm9.2 9.2a.75.75 0 0 1 1.06 0l1.06 1.06a.75.75 0 1 1-1.06 1.06l-1.06-1.06a.75.75 0 0 1 0-1.06zM0 8a.75.75 0 0 1 .75-.75h1.5a.75.75 0 0 1 0 1.5H.75A.75.75 0 0 1 0 8zm13 0a.75.75 0 0 1 .75-.75h1.5a.75.75 0 0 1 0 1.5h-1.5A.75.75 0 0 1 13 8zM2.34 13.66a.75.75 0 0 1 0-1.06l1.06-1.06a.75.75 0 0 1 1.06 1.06L3.4 13.66a.75.75 0 0 1-1.06 0zm9.2-9.2a.75.75 0 0 1 0-1.06l1.06-1.06a.75.75 0 0 1 1.06 1.06l-1.06 1.06a.75.75 0 0 1-1.06 0z",
    moon: "M9.6 1.05a.75.75 0 0 1 .83-.98A8 8 0 1 1 .07 10.43a.75.75 0 0 1 .98-.83A6.5 6.5 0 0 0 9.6 1.05zM2.1 11.83A6.5 6.5 0 0 0 14.5 8c0-2.4-1.3-4.5-3.24-5.63A8 8 0 0 1 2.1 11.83z",
    auto: "M8 0a8 8 0 1 1 0 16A8 8 0 0 1 8 0zm0 1.5v13a6.5 6.5 0 0 0 0-13z",
    plus: "M7.25 2.75a.75.75 0 0 1 1.5 0v4.5h4.5a.75.75 0 0 1 0 1.5h-4.5v4.5a.75.75 0 0 1-1.5 0v-4.5h-4.5a.75.75 0 0 1 0-1.5h4.5v-4.5z",
    minus: "M2 8a.75.75 0 0 1 .75-.75h10.5a.75.75 0 0 1 0 1.5H2.75A.75.75 0 0 1 2 8z",
    fit: "M1.75 1h3.5a.75.75 0 0 1 0 1.5H2.5v2.75a.75.75 0 0 1-1.5 0v-3.5A.75.75 0 0 1 1.75 1zm9 0h3.5a.75.75 0 0 1 .75.75v3.5a.75.75 0 0 1-1.5 0V2.5h-2.75a.75.75 0 0 1 0-1.5zM1.75 10a.75.75 0 0 1 .75.75v2.75h2.75a.75.75 0 0 1 0 1.5h-3.5a.75.75 0 0 1-.75-.75v-3.5a.75.75 0 0 1 .75-.75zm12.5 0a.75.75 0 0 1 .75.75v3.5a.75.75 0 0 1-.75.75h-3.5a.75.75 0 0 1 0-1.5h2.75v-2.75a.75.75 0 0 1 .75-.75z",
    bolt: "M9.5 0 2 9h5l-1 7 7.5-9h-5l1-7z",
    keyboard: "M0 4.75C0 3.78.78 3 1.75 3h12.5c.97 0 1.75.78 1.75 1.75v6.5A1.75 1.75 0 0 1 14.25 13H1.75A1.75 1.75 0 0 1 0 11.25v-6.5zm1.75-.25a.25.25 0 0 0-.25.25v6.5c0 .14.11.25.25.25h12.5a.25.25 0 0 0 .25-.25v-6.5a.25.25 0 0 0-.25-.25H1.75zM3 6.5h1.5V8H3V6.5zm3 0h1.5V8H6V6.5zm3 0h1.5V8H9V6.5zm3 0h1.5V8H12V6.5zM4 9.5h8V11H4V9.5z",
  };
  return html`<svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false"><path d="${paths[name]}"/></svg>`;
}
