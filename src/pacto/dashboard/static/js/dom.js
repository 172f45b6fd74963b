// HTML templating with escaping, and the DOM morph that keeps user state across refreshes
// (10-dashboard.md §13.6).

class SafeHTML {
  constructor(text) {
    this.text = text;
  }
  toString() {
    return this.text;
  }
}

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHTML(value) {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function piece(value) {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHTML) return value.text;
  if (Array.isArray(value)) return value.map(piece).join("");
  return escapeHTML(value);
}

/** Tagged template: interpolations are escaped unless they are html`` results themselves. */
export function html(strings, ...values) {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += piece(values[i]) + strings[i + 1];
  return new SafeHTML(out);
}

/** Marks trusted markup (only for strings this code built itself). */
export function raw(text) {
  return new SafeHTML(String(text));
}

// Elements whose contents belong to someone else (D3, the diff output, the diagnostics
// panel): the morph only synchronises their attributes.
const PRESERVED_IDS = new Set(["graph-container", "graph-connections", "diff-result", "debug-panel-slot"]);

function preserved(el) {
  return PRESERVED_IDS.has(el.id) || el.hasAttribute("data-preserve");
}

function syncAttributes(live, next) {
  const isDetails = live.nodeName === "DETAILS";
  for (const attr of Array.from(live.attributes)) {
    if (isDetails && attr.name === "open") continue; // user state
    if (!next.hasAttribute(attr.name)) live.removeAttribute(attr.name);
  }
  for (const attr of Array.from(next.attributes)) {
    if (isDetails && attr.name === "open") continue;
    if (live.getAttribute(attr.name) !== attr.value) live.setAttribute(attr.name, attr.value);
  }
}

function morphNode(live, next) {
  if (live.nodeType !== next.nodeType || live.nodeName !== next.nodeName) {
    live.replaceWith(next.cloneNode(true));
    return;
  }
  if (live.nodeType === Node.TEXT_NODE || live.nodeType === Node.COMMENT_NODE) {
    if (live.nodeValue !== next.nodeValue) live.nodeValue = next.nodeValue;
    return;
  }
  if (live.nodeType !== Node.ELEMENT_NODE) return;
  if (preserved(live) && (live.id !== next.id || !preserved(next))) {
    live.replaceWith(next.cloneNode(true));
    return;
  }
  if (preserved(live)) {
    // Attributes from the markup win; attributes the owner added (data-*) survive.
    for (const attr of Array.from(next.attributes)) {
      if (live.getAttribute(attr.name) !== attr.value) live.setAttribute(attr.name, attr.value);
    }
    for (const name of ["hidden", "aria-busy"]) {
      if (live.hasAttribute(name) && !next.hasAttribute(name)) live.removeAttribute(name);
    }
    return;
  }
  if (live.namespaceURI === "http://www.w3.org/2000/svg" && live.nodeName.toLowerCase() === "svg") {
    if (live.outerHTML !== next.outerHTML) live.replaceWith(next.cloneNode(true));
    return;
  }
  const tag = live.nodeName;
  if (tag === "INPUT" || tag === "TEXTAREA") {
    const { value, checked } = live;
    syncAttributes(live, next);
    if (live.value !== value) live.value = value;
    if (live.checked !== checked) live.checked = checked;
    if (tag === "TEXTAREA") return;
    return;
  }
  if (tag === "SELECT") {
    const value = live.value;
    syncAttributes(live, next);
    morphChildren(live, next);
    if ([...live.options].some((o) => o.value === value)) live.value = value;
    return;
  }
  syncAttributes(live, next);
  morphChildren(live, next);
}

export function morphChildren(live, next) {
  const nextKids = next.childNodes;
  const count = nextKids.length;
  for (let i = 0; i < count; i++) {
    const l = live.childNodes[i];
    if (l === undefined) live.appendChild(nextKids[i].cloneNode(true));
    else morphNode(l, nextKids[i]);
  }
  while (live.childNodes.length > count) live.removeChild(live.lastChild);
}

/** Renders `content` (an html`` result) into `container`: a morph when `sameView`, else a
 *  wholesale replacement. */
export function render(container, content, sameView) {
  const template = document.createElement("template");
  template.innerHTML = piece(content);
  if (sameView) morphChildren(container, template.content);
  else container.replaceChildren(template.content);
}
