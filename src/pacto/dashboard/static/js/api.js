// The dashboard API (10-dashboard.md §12): thin fetch wrappers. Errors carry the HTTP status
// and the problem-details `detail` text.

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

const enc = encodeURIComponent;
let pending = 0;

/** Requests in flight (the browser tests wait for 0). */
export function pendingRequests() {
  return pending;
}

async function request(method, path, body) {
  pending++;
  try {
    return await send(method, path, body);
  } finally {
    pending--;
  }
}

async function send(method, path, body) {
  const init = { method, headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    throw new ApiError(0, `network error: ${err.message}`);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`.trim();
    if (data && typeof data === "object") {
      if (data.detail) message = data.detail;
      else if (data.title) message = data.title;
      if (Array.isArray(data.errors) && data.errors.length) {
        message += ": " + data.errors.map((e) => e.message + (e.location ? ` (${e.location})` : "")).join("; ");
      }
    }
    throw new ApiError(response.status, message, data);
  }
  return data;
}

/** `null` and `[]` mean the same thing (§3.11). */
export const list = (value) => (Array.isArray(value) ? value : []);

export const api = {
  health: () => request("GET", "health"),
  services: () => request("GET", "api/services"),
  service: (name) => request("GET", `api/services/${enc(name)}`),
  versions: (name) => request("GET", `api/services/${enc(name)}/versions`),
  sources: (name) => request("GET", `api/services/${enc(name)}/sources`),
  serviceGraph: (name) => request("GET", `api/services/${enc(name)}/graph`),
  dependents: (name) => request("GET", `api/services/${enc(name)}/dependents`),
  refs: (name) => request("GET", `api/services/${enc(name)}/refs`),
  graph: () => request("GET", "api/graph"),
  diff: (fromName, fromVersion, toName, toVersion) =>
    request(
      "GET",
      `api/diff?from_name=${enc(fromName)}&from_version=${enc(fromVersion)}` +
        `&to_name=${enc(toName)}&to_version=${enc(toVersion)}`,
    ),
  dataSources: () => request("GET", "api/sources"),
  refresh: () => request("POST", "api/refresh"),
  resolve: (ref, compatibility) =>
    request("POST", "api/resolve", compatibility ? { ref, compatibility } : { ref }),
  remoteVersions: (ref, fetchAll) => request("POST", "api/versions", { ref, fetch: !!fetchAll }),
  debugSources: () => request("GET", "api/debug/sources"),
  openapi: () => request("GET", "openapi.json"),
};

let capabilities = null;

/** Which conditional operations this server registered (§12.2), from its OpenAPI document:
 *  { diagnostics, resolve, remoteVersions }. Probing this way avoids 404s in the console. */
export function serverCapabilities() {
  if (!capabilities) {
    capabilities = api.openapi().then(
      (doc) => {
        const paths = doc && typeof doc.paths === "object" ? doc.paths : {};
        return {
          diagnostics: "/api/debug/sources" in paths,
          resolve: "/api/resolve" in paths,
          remoteVersions: "/api/versions" in paths,
        };
      },
      () => ({ diagnostics: false, resolve: true, remoteVersions: true }),
    );
  }
  return capabilities;
}
