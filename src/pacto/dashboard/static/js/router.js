// Hash routes (10-dashboard.md §13.2), extended so the URL carries the whole view:
//   #[?filters]                         overview, table view
//   #graph[?filters]                    overview, graph view
//   #service/<name>[/<tab>][?from=&to=&ref=&compat=]
// Filters: q (search), status, source, owner, class (latest change), sort ("key" or "-key").

export const TABS = ["overview", "interfaces", "configuration", "policy", "dependencies", "versions", "diff", "sources", "runtime"];

export function parseRoute(hash) {
  let h = (hash || "").replace(/^#/, "");
  let query = "";
  const qi = h.indexOf("?");
  if (qi >= 0) {
    query = h.slice(qi + 1);
    h = h.slice(0, qi);
  }
  const params = Object.fromEntries(new URLSearchParams(query));
  if (h.startsWith("service/")) {
    const rest = h.slice("service/".length);
    const slash = rest.indexOf("/");
    let name = slash >= 0 ? rest.slice(0, slash) : rest;
    let tab = slash >= 0 ? rest.slice(slash + 1) : "";
    try {
      name = decodeURIComponent(name);
    } catch {
      /* keep as is */
    }
    if (!TABS.includes(tab)) tab = "overview";
    return { page: "service", name, tab, params };
  }
  return { page: "overview", view: h === "graph" ? "graph" : "table", params };
}

export function overviewHash(view, filters) {
  const q = new URLSearchParams();
  const f = filters || {};
  if (f.q) q.set("q", f.q);
  if (f.status) q.set("status", f.status);
  if (f.source) q.set("source", f.source);
  if (f.owner) q.set("owner", f.owner);
  if (f.class) q.set("class", f.class);
  if (f.sort && f.sort !== "name") q.set("sort", f.sort);
  const qs = q.toString();
  return `#${view === "graph" ? "graph" : ""}${qs ? "?" + qs : ""}`;
}

export function filtersFrom(params) {
  return {
    q: params.q || "",
    status: params.status || "",
    source: params.source || "",
    owner: params.owner || "",
    class: params.class || "",
    sort: params.sort || "name",
  };
}
