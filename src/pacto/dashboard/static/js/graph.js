// Force-directed dependency graph (10-dashboard.md §13.4) in SVG, built to stay usable at a
// thousand nodes: depth-column initial placement, a bounded number of ticks (sliced across
// frames for big graphs) after which the simulation is stopped for good, pan/zoom applied
// once per frame, and labels hidden when zoomed far out. Layout and zoom are remembered per
// graph so refreshes and navigation keep them.
import { list } from "./api.js";
import { STATUS_LABEL, normStatus } from "./format.js";

const W = 160;
const H = 44;
const TICKS = 150;
const BIG = 250; // above this many nodes: sliced ticks, no per-node tab stops
const memory = new Map(); // graph key -> { positions: Map(id -> {x, y, fx, fy}), transform, fingerprint }

// ------------------------------------------------------------------ data

/** Normalises `/api/graph` into { nodes, links, byId }; duplicate ids keep the real service. */
export function graphModel(raw) {
  const byId = new Map();
  for (const n of list(raw?.nodes)) {
    const node = {
      id: n.id,
      name: n.serviceName || n.id,
      status: n.status === "external" ? "external" : normStatus(n.status),
      version: n.version || "",
      source: n.source || "",
      edges: list(n.edges),
    };
    const prev = byId.get(node.id);
    if (!prev || (prev.status === "external" && node.status !== "external")) byId.set(node.id, node);
  }
  const links = [];
  for (const node of byId.values()) {
    for (const e of node.edges) {
      if (!byId.has(e.targetId) || e.targetId === node.id) continue;
      links.push({
        source: node.id,
        target: e.targetId,
        kind: e.type === "reference" ? "ref" : e.required ? "req" : "opt",
        required: !!e.required,
        compatibility: e.compatibility || "",
      });
    }
  }
  return { nodes: [...byId.values()], links, byId };
}

/** The connected component around `focus`, following edges both ways; `hops` limits the
 *  distance (big fleets are often one component). */
export function component(model, focus, hops = Infinity) {
  if (!model.byId.has(focus)) return { nodes: [], links: [], byId: new Map() };
  const adj = new Map();
  for (const l of model.links) {
    (adj.get(l.source) || adj.set(l.source, []).get(l.source)).push(l.target);
    (adj.get(l.target) || adj.set(l.target, []).get(l.target)).push(l.source);
  }
  const dist = new Map([[focus, 0]]);
  const queue = [focus];
  while (queue.length) {
    const id = queue.shift();
    if (dist.get(id) >= hops) continue;
    for (const next of adj.get(id) || []) {
      if (!dist.has(next)) {
        dist.set(next, dist.get(id) + 1);
        queue.push(next);
      }
    }
  }
  const seen = new Set(dist.keys());
  const nodes = model.nodes.filter((n) => seen.has(n.id));
  const links = model.links.filter((l) => seen.has(l.source) && seen.has(l.target));
  return { nodes, links, byId: new Map(nodes.map((n) => [n.id, n])) };
}

/** What `focus` depends on and what depends on it, transitively (directed paths only),
 *  up to `hops` steps each way. */
export function lineage(model, focus, hops = Infinity) {
  if (!model.byId.has(focus)) return { nodes: [], links: [], byId: new Map() };
  const down = new Map();
  const up = new Map();
  for (const l of model.links) {
    (down.get(l.source) || down.set(l.source, []).get(l.source)).push(l.target);
    (up.get(l.target) || up.set(l.target, []).get(l.target)).push(l.source);
  }
  const seen = new Set([focus]);
  for (const adj of [down, up]) {
    const dist = new Map([[focus, 0]]);
    const queue = [focus];
    while (queue.length) {
      const id = queue.shift();
      if (dist.get(id) >= hops) continue;
      for (const next of adj.get(id) || []) {
        if (!dist.has(next)) {
          dist.set(next, dist.get(id) + 1);
          seen.add(next);
          queue.push(next);
        }
      }
    }
  }
  const nodes = model.nodes.filter((n) => seen.has(n.id));
  const links = model.links.filter((l) => seen.has(l.source) && seen.has(l.target));
  return { nodes, links, byId: new Map(nodes.map((n) => [n.id, n])) };
}

function fingerprintOf(model) {
  const parts = model.nodes.map((n) => n.id).sort();
  const edges = model.links.map((l) => `${l.source}>${l.target}:${l.kind}`).sort();
  return parts.join(",") + "|" + edges.join(",");
}

/** Services that transitively depend on `id` through required edges (its blast radius). */
export function blastRadius(model, id) {
  const reverse = new Map();
  for (const l of model.links) {
    if (l.kind !== "req") continue;
    const s = l.source.id ?? l.source;
    const t = l.target.id ?? l.target;
    (reverse.get(t) || reverse.set(t, []).get(t)).push(s);
  }
  const seen = new Set();
  const queue = [id];
  while (queue.length) {
    for (const next of reverse.get(queue.shift()) || []) {
      if (next !== id && !seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** Depth per node: longest path from the roots (nodes nothing depends on). */
function depths(nodes, links) {
  const indeg = new Map(nodes.map((n) => [n.id, 0]));
  const out = new Map(nodes.map((n) => [n.id, []]));
  for (const l of links) {
    const s = l.source.id ?? l.source;
    const t = l.target.id ?? l.target;
    indeg.set(t, indeg.get(t) + 1);
    out.get(s).push(t);
  }
  const depth = new Map(nodes.map((n) => [n.id, 0]));
  const queue = nodes.filter((n) => indeg.get(n.id) === 0).map((n) => n.id);
  const remaining = new Map(indeg);
  while (queue.length) {
    const id = queue.shift();
    for (const t of out.get(id)) {
      depth.set(t, Math.max(depth.get(t), depth.get(id) + 1));
      remaining.set(t, remaining.get(t) - 1);
      if (remaining.get(t) === 0) queue.push(t);
    }
  }
  return depth; // nodes on cycles keep the depth reached so far
}

// ------------------------------------------------------------------ component

const SVGNS = "http://www.w3.org/2000/svg";

function el(name, attrs, parent) {
  const e = document.createElementNS(SVGNS, name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

export class ForceGraph {
  /**
   * @param {HTMLElement} container  owned entirely by this component
   * @param {object} options  key (layout memory), focus (outlined node id), onOpen(node),
   *   label (accessible name of the graph), fitPadding
   */
  constructor(container, options) {
    this.container = container;
    this.options = { fitPadding: 60, maxScale: 1.25, ...options };
    this.key = options.key;
    this.fingerprint = null;
    this.model = null;
    this.highlighted = null;
    this.pendingTransform = null;
    this.settled = false;
    container.replaceChildren();
    this.svg = el("svg", { class: "graph-svg", role: "group", "aria-label": options.label || "Dependency graph" }, container);
    const defs = el("defs", {}, this.svg);
    for (const kind of ["req", "opt", "ref", "hl", "blast"]) {
      const marker = el("marker", { id: `arrow-${kind}-${options.key.replace(/[^a-z0-9-]/gi, "_")}`, viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse", class: `marker marker-${kind}` }, defs);
      el("path", { d: "M0,0 L10,5 L0,10 z" }, marker);
    }
    const clipId = `clip-${options.key.replace(/[^a-z0-9-]/gi, "_")}`;
    el("rect", { x: 0, y: 0, width: W - 22, height: H }, el("clipPath", { id: clipId }, defs));
    this.clipUrl = `url(#${clipId})`;
    this.viewport = el("g", { class: "viewport" }, this.svg);
    this.linkLayer = el("g", { class: "links" }, this.viewport);
    this.nodeLayer = el("g", { class: "nodes" }, this.viewport);
    this.info = document.createElement("div");
    this.info.className = "graph-info";
    this.info.setAttribute("role", "status");
    this.info.setAttribute("aria-live", "polite");
    this.info.hidden = true;
    container.appendChild(this.info);

    const d3 = window.d3;
    this.zoom = d3
      .zoom()
      .scaleExtent([0.05, 4])
      .extent(() => [
        [0, 0],
        [this.svg.clientWidth || 800, this.svg.clientHeight || 500],
      ])
      .on("zoom", (event) => this.onZoom(event.transform));
    d3.select(this.svg).call(this.zoom).on("dblclick.zoom", null);
    this.resizeObserver = new ResizeObserver(() => {
      if (!container.isConnected) {
        this.destroy();
        return;
      }
      if (this.settled && !memory.get(this.key)?.transform) this.fit(false);
    });
    this.resizeObserver.observe(container);
  }

  markerId(kind) {
    return `url(#arrow-${kind}-${this.key.replace(/[^a-z0-9-]/gi, "_")})`;
  }

  // -------------------------------------------------------------- public API

  /** Shows `model`; rebuilds the layout only when the structure changed. */
  setData(model, { filter } = {}) {
    const fp = fingerprintOf(model);
    this.filter = filter || null;
    if (fp === this.fingerprint) {
      this.model.nodes.forEach((n) => {
        const fresh = model.byId.get(n.id);
        if (fresh) Object.assign(n, { status: fresh.status, version: fresh.version, name: fresh.name, source: fresh.source });
      });
      this.source = model;
      this.restyle();
      return;
    }
    this.fingerprint = fp;
    this.source = model;
    this.build(model);
  }

  zoomBy(factor) {
    window.d3.select(this.svg).transition().duration(200).call(this.zoom.scaleBy, factor);
  }

  reset() {
    const mem = memory.get(this.key);
    if (mem) {
      mem.positions.clear();
      mem.transform = null;
    }
    if (this.source) this.build(this.source);
  }

  destroy() {
    this.resizeObserver.disconnect();
    if (this.raf) cancelAnimationFrame(this.raf);
    this.stopped = true;
  }

  // -------------------------------------------------------------- layout

  build(model) {
    const d3 = window.d3;
    const started = performance.now();
    this.settled = false;
    const mem = memory.get(this.key) || { positions: new Map(), transform: null };
    memory.set(this.key, mem);
    const nodes = model.nodes.map((n) => ({ id: n.id, name: n.name, status: n.status, version: n.version, source: n.source }));
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const links = model.links.map((l) => ({
      ...l,
      source: byId.get(l.source.id ?? l.source),
      target: byId.get(l.target.id ?? l.target),
    }));
    const big = nodes.length > BIG;

    // Initial placement: layered left to right by depth (wrapped into sub-columns for big
    // graphs), rows ordered by the barycentre of their neighbours to limit crossings.
    const depth = depths(nodes, links);
    const columns = new Map();
    for (const n of nodes) {
      const d = depth.get(n.id);
      (columns.get(d) || columns.set(d, []).get(d)).push(n);
    }
    const order = [...columns.keys()].sort((a, b) => a - b);
    for (const d of order) columns.get(d).sort((a, b) => a.name.localeCompare(b.name));
    const parents = new Map(nodes.map((n) => [n.id, []]));
    const children = new Map(nodes.map((n) => [n.id, []]));
    for (const l of links) {
      parents.get(l.target.id).push(l.source.id);
      children.get(l.source.id).push(l.target.id);
    }
    const rank = new Map();
    const index = () => {
      for (const d of order) columns.get(d).forEach((n, i) => rank.set(n.id, i / Math.max(1, columns.get(d).length - 1)));
    };
    index();
    if (nodes.length <= 2000) {
      for (let sweep = 0; sweep < 4; sweep++) {
        const seq = sweep % 2 === 0 ? order.slice(1) : order.slice(0, -1).reverse();
        for (const d of seq) {
          const nbrs = sweep % 2 === 0 ? parents : children;
          const col = columns.get(d);
          const key = new Map(col.map((n) => {
            const ids = nbrs.get(n.id);
            return [n.id, ids.length ? ids.reduce((sum, id) => sum + rank.get(id), 0) / ids.length : rank.get(n.id)];
          }));
          col.sort((a, b) => key.get(a.id) - key.get(b.id));
          col.forEach((n, i) => rank.set(n.id, i / Math.max(1, col.length - 1)));
        }
      }
    }
    const maxRows = Math.max(10, Math.ceil(Math.sqrt(nodes.length) * 1.1));
    const targetX = new Map();
    const targetY = new Map();
    let x = 0;
    for (const d of order) {
      const col = columns.get(d);
      const sub = Math.ceil(col.length / maxRows);
      const rows = Math.ceil(col.length / sub);
      col.forEach((n, i) => {
        targetX.set(n.id, x + Math.floor(i / rows) * 200);
        targetY.set(n.id, ((i % rows) - (rows - 1) / 2) * 74);
      });
      x += (sub - 1) * 200 + 240;
    }
    let remembered = 0;
    for (const n of nodes) {
      const p = mem.positions.get(n.id);
      if (p) {
        n.x = p.x;
        n.y = p.y;
        if (p.fx != null) {
          n.fx = p.fx;
          n.fy = p.fy;
        }
        remembered++;
      } else {
        n.x = targetX.get(n.id);
        n.y = targetY.get(n.id);
      }
    }
    this.model = { nodes, links, byId };
    this.adjacency();
    this.draw();

    const sim = d3
      .forceSimulation(nodes)
      .alphaDecay(0.06)
      .velocityDecay(0.5)
      .force("link", d3.forceLink(links).id((d) => d.id).distance(220).strength(big ? 0.01 : 0.08))
      .force("charge", d3.forceManyBody().strength(big ? -40 : -180).distanceMax(big ? 160 : 400).theta(big ? 1.2 : 0.9))
      .force("x", d3.forceX((d) => targetX.get(d.id)).strength(big ? 0.9 : 0.6))
      .force("y", d3.forceY((d) => targetY.get(d.id)).strength(big ? 0.5 : 0.08))
      .force("collide", d3.forceCollide(40).iterations(big ? 1 : 2))
      .stop();
    this.simulation = sim;

    const finish = () => {
      sim.stop();
      this.draw();
      this.remember();
      this.settled = true;
      if (mem.transform) this.applyTransform(mem.transform);
      else this.fit(!big);
      const ms = performance.now() - started;
      this.container.dataset.settled = "true";
      this.container.dataset.settleMs = String(Math.round(ms));
      performance.mark(`pacto:graph-settled:${this.key}`);
      this.container.dispatchEvent(new CustomEvent("graph-settled", { detail: { ms }, bubbles: true }));
    };
    this.container.dataset.settled = "false";
    // Everything already placed before (same nodes, new edges or a refresh): keep the layout.
    if (remembered === nodes.length && nodes.length) {
      for (const n of nodes) {
        n.vx = n.vy = 0;
      }
      finish();
      return;
    }
    if (remembered) sim.alpha(0.3);
    if (!big) {
      for (let i = 0; i < TICKS && sim.alpha() >= sim.alphaMin(); i++) sim.tick();
      finish();
      return;
    }
    let done = 0;
    const slice = () => {
      if (this.stopped) return;
      const t0 = performance.now();
      while (done < TICKS && sim.alpha() >= sim.alphaMin() && performance.now() - t0 < 24) {
        sim.tick();
        done++;
      }
      if (done < TICKS && sim.alpha() >= sim.alphaMin()) {
        this.raf = requestAnimationFrame(slice);
      } else {
        finish();
      }
    };
    this.raf = requestAnimationFrame(slice);
  }

  remember() {
    const mem = memory.get(this.key);
    for (const n of this.model.nodes) mem.positions.set(n.id, { x: n.x, y: n.y, fx: n.fx, fy: n.fy });
  }

  adjacency() {
    const out = new Map();
    const inc = new Map();
    for (const l of this.model.links) {
      const s = l.source.id ?? l.source;
      const t = l.target.id ?? l.target;
      (out.get(s) || out.set(s, []).get(s)).push(t);
      (inc.get(t) || inc.set(t, []).get(t)).push(s);
    }
    this.out = out;
    this.inc = inc;
  }

  // -------------------------------------------------------------- drawing

  draw() {
    const { nodes, links } = this.model;
    if (!this.nodeEls || this.nodeEls.length !== nodes.length || this.drawnFor !== this.model) this.createElements();
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      this.nodeEls[i].setAttribute("transform", `translate(${(n.x - W / 2).toFixed(1)},${(n.y - H / 2).toFixed(1)})`);
    }
    for (let i = 0; i < links.length; i++) this.placeLink(this.linkEls[i], links[i]);
  }

  placeLink(line, l) {
    const s = typeof l.source === "object" ? l.source : this.model.byId.get(l.source);
    const t = typeof l.target === "object" ? l.target : this.model.byId.get(l.target);
    const dx = t.x - s.x;
    const dy = t.y - s.y;
    const clip = (sign) => {
      const ax = Math.abs(dx) || 1e-6;
      const ay = Math.abs(dy) || 1e-6;
      const k = Math.min(W / 2 / ax, H / 2 / ay);
      return [dx * k * sign, dy * k * sign];
    };
    const [sx, sy] = clip(1);
    const [tx, ty] = clip(-1);
    line.setAttribute("x1", (s.x + sx).toFixed(1));
    line.setAttribute("y1", (s.y + sy).toFixed(1));
    line.setAttribute("x2", (t.x + tx).toFixed(1));
    line.setAttribute("y2", (t.y + ty).toFixed(1));
  }

  createElements() {
    const { nodes, links } = this.model;
    const d3 = window.d3;
    this.drawnFor = this.model;
    this.linkLayer.replaceChildren();
    this.nodeLayer.replaceChildren();
    const big = nodes.length > BIG;
    this.linkEls = links.map((l) => {
      const line = el("line", { class: `link link-${l.kind}`, "marker-end": this.markerId(l.kind) }, this.linkLayer);
      l.el = line;
      return line;
    });
    this.nodeEls = nodes.map((n) => {
      const g = el("g", { class: "node", "data-id": n.id }, this.nodeLayer);
      el("rect", { width: W, height: H, rx: 6, ry: 6 }, g);
      // The accessible name comes from the drawn texts (so it matches what is visible);
      // long names are clipped to the box rather than shortened in the DOM.
      const label = el("text", { class: "label", x: 10, y: 18, "clip-path": this.clipUrl }, g);
      label.textContent = n.name;
      const sub = el("text", { class: "sub", x: 10, y: 34, "clip-path": this.clipUrl }, g);
      const mark = el("text", { class: "impact", x: W - 8, y: 16, "text-anchor": "end" }, g);
      mark.textContent = "⚠";
      const title = el("title", {}, g);
      n.el = g;
      n.subEl = sub;
      n.titleEl = title;
      if (n.status !== "external") {
        g.setAttribute("role", "link");
        g.setAttribute("tabindex", big ? "-1" : "0");
      } else {
        g.setAttribute("role", "img");
      }
      g.addEventListener("mouseenter", () => this.highlight(n.id));
      g.addEventListener("mouseleave", () => this.highlight(null));
      g.addEventListener("focus", () => this.highlight(n.id));
      g.addEventListener("blur", () => this.highlight(null));
      g.addEventListener("keydown", (event) => {
        if ((event.key === "Enter" || event.key === " ") && n.status !== "external") {
          event.preventDefault();
          this.options.onOpen?.(n);
        }
      });
      g.addEventListener("click", () => {
        if (n.status !== "external") this.options.onOpen?.(n);
      });
      g.addEventListener("dblclick", (event) => {
        event.stopPropagation();
        n.fx = n.fy = null;
        this.remember();
      });
      return g;
    });
    const drag = d3
      .drag()
      .subject((event, n) => ({ x: n.x, y: n.y }))
      .on("drag", (event, n) => {
        n.x = n.fx = event.x;
        n.y = n.fy = event.y;
        n.el.setAttribute("transform", `translate(${n.x - W / 2},${n.y - H / 2})`);
        for (const l of this.model.links) if (l.source === n || l.target === n) this.placeLink(l.el, l);
      })
      .on("end", () => this.remember());
    d3.select(this.nodeLayer).selectAll("g.node").data(nodes).call(drag);
    this.restyle();
  }

  restyle() {
    const { nodes, links } = this.model;
    const focus = this.options.focus;
    // Impact chain: everything that depends (required, transitively) on a broken node.
    const impacted = new Set();
    for (const n of nodes) {
      if (n.status === "NonCompliant" || n.status === "Warning") for (const id of blastRadius(this.model, n.id)) impacted.add(id);
    }
    for (const n of nodes) {
      const label = STATUS_LABEL[n.status] || n.status;
      const sub = n.status === "external" ? "External · not resolved" : `${label}${n.version ? ` · ${n.version}` : ""}`;
      if (n.subEl.textContent !== sub) n.subEl.textContent = sub;
      const text = `${n.name} ${sub}${impacted.has(n.id) ? " ⚠" : ""}`;
      if (n.titleEl.textContent !== text) n.titleEl.textContent = text;
      const cls = ["node", `status-${n.status}`];
      if (impacted.has(n.id)) cls.push("is-impacted");
      if (n.id === focus) cls.push("is-focus");
      if (this.filter && !this.filter(n)) cls.push("is-filtered");
      n.el.setAttribute("class", cls.join(" "));
    }
    if (this.filter) {
      for (const l of links) {
        const off = !this.filter(l.source) || !this.filter(l.target);
        l.el.classList.toggle("is-filtered", off);
      }
    } else {
      for (const l of links) l.el.classList.remove("is-filtered");
    }
    if (this.highlighted) this.highlight(this.highlighted);
  }

  highlight(id) {
    this.highlighted = id;
    const { nodes, links } = this.model;
    this.svg.classList.toggle("has-highlight", !!id);
    if (!id) {
      for (const n of nodes) n.el.classList.remove("hl-focus", "hl-neighbour", "hl-blast");
      for (const l of links) {
        l.el.classList.remove("hl", "hl-blast");
        l.el.setAttribute("marker-end", this.markerId(l.kind));
      }
      this.info.textContent = "";
      this.info.hidden = true;
      return;
    }
    const neighbours = new Set([...(this.out.get(id) || []), ...(this.inc.get(id) || [])]);
    const blast = blastRadius(this.model, id);
    for (const n of nodes) {
      n.el.classList.toggle("hl-focus", n.id === id);
      n.el.classList.toggle("hl-neighbour", neighbours.has(n.id));
      n.el.classList.toggle("hl-blast", blast.has(n.id) && !neighbours.has(n.id));
    }
    for (const l of links) {
      const s = l.source.id;
      const t = l.target.id;
      const near = s === id || t === id;
      const chain = l.kind === "req" && (t === id || blast.has(t)) && blast.has(s);
      l.el.classList.toggle("hl", near);
      l.el.classList.toggle("hl-blast", chain && !near);
      l.el.setAttribute("marker-end", this.markerId(near ? "hl" : chain ? "blast" : l.kind));
    }
    const node = this.model.byId.get(id);
    let deps = 0;
    let refs = 0;
    let dependents = 0;
    for (const l of links) {
      if (l.source.id === id) l.kind === "ref" ? refs++ : deps++;
      else if (l.target.id === id && l.kind !== "ref") dependents++;
    }
    const n = (count, one, many) => `${count} ${count === 1 ? one : many}`;
    this.info.hidden = false;
    this.info.textContent =
      node.status === "external"
        ? `${node.name} — external dependency (not resolved); ${n(dependents, "dependent", "dependents")}`
        : `${node.name}${node.version ? ` ${node.version}` : ""} — ${STATUS_LABEL[node.status] || node.status}; ` +
          `${n(deps, "dependency", "dependencies")}${refs ? `, ${n(refs, "reference", "references")}` : ""}, ` +
          `${n(dependents, "dependent", "dependents")}, blast radius ${blast.size}`;
  }

  // -------------------------------------------------------------- zoom

  onZoom(transform) {
    const mem = memory.get(this.key);
    if (mem && this.settled && !this.fitting) mem.transform = transform;
    this.pendingTransform = transform;
    if (this.zoomRaf) return;
    this.zoomRaf = requestAnimationFrame(() => {
      this.zoomRaf = null;
      const t = this.pendingTransform;
      this.viewport.setAttribute("transform", t.toString());
      this.svg.classList.toggle("is-zoomed-out", t.k < 0.45);
    });
  }

  applyTransform(t) {
    const d3 = window.d3;
    this.fitting = true;
    d3.select(this.svg).call(this.zoom.transform, d3.zoomIdentity.translate(t.x, t.y).scale(t.k));
    this.fitting = false;
  }

  fit(animate) {
    const d3 = window.d3;
    const nodes = this.model?.nodes || [];
    if (!nodes.length) return;
    const width = this.svg.clientWidth || this.container.clientWidth || 800;
    const height = this.svg.clientHeight || this.container.clientHeight || 500;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const n of nodes) {
      x0 = Math.min(x0, n.x - W / 2);
      x1 = Math.max(x1, n.x + W / 2);
      y0 = Math.min(y0, n.y - H / 2);
      y1 = Math.max(y1, n.y + H / 2);
    }
    const pad = this.options.fitPadding;
    const k = Math.min(this.options.maxScale, (width - 2 * pad) / (x1 - x0), (height - 2 * pad) / (y1 - y0));
    this.zoom.scaleExtent([Math.min(0.2, k * 0.8), 4]);
    const t = d3.zoomIdentity.translate(width / 2 - ((x0 + x1) / 2) * k, height / 2 - ((y0 + y1) / 2) * k).scale(k);
    const sel = d3.select(this.svg);
    this.fitting = true;
    if (animate) {
      sel.transition().duration(400).call(this.zoom.transform, t).on("end interrupt", () => (this.fitting = false));
    } else {
      sel.call(this.zoom.transform, t);
      this.fitting = false;
    }
    const mem = memory.get(this.key);
    if (mem) mem.transform = null;
  }
}

/** Forgets a graph's remembered layout (used by "reset"). */
export function forget(key) {
  memory.delete(key);
}
