// The client-side cache: one entry per API resource. Each load is tagged with a sequence
// number so an older response never overwrites a newer one; failed background loads keep
// the stale value and record the error (10-dashboard.md §13.6).

const entries = new Map();
const inflight = new Map();
let seq = 0;
let onChange = () => {};

export function setChangeListener(fn) {
  onChange = fn;
}

export function get(key) {
  return entries.get(key);
}

export function value(key) {
  return entries.get(key)?.value;
}

export function has(key) {
  const e = entries.get(key);
  return e !== undefined && "value" in e;
}

export function put(key, v) {
  const prev = entries.get(key) || {};
  entries.set(key, { ...prev, value: v, error: null, seq: ++seq, at: Date.now() });
  onChange(key);
}

export function drop(key) {
  entries.delete(key);
}

/** Loads `key` with `fn` unless a load is in flight (or `fresh` and younger than `maxAge`). */
export function load(key, fn, { maxAge = 0 } = {}) {
  const cur = entries.get(key);
  if (maxAge && cur && "value" in cur && Date.now() - cur.at < maxAge) return Promise.resolve(cur.value);
  if (inflight.has(key)) return inflight.get(key);
  const mine = ++seq;
  const promise = (async () => {
    try {
      const v = await fn();
      const now = entries.get(key);
      if (!now || !(now.seq > mine)) entries.set(key, { value: v, error: null, seq: mine, at: Date.now() });
      return v;
    } catch (error) {
      const now = entries.get(key) || {};
      entries.set(key, { ...now, error, seq: Math.max(now.seq || 0, mine), at: now.at || 0 });
      throw error;
    } finally {
      inflight.delete(key);
      onChange(key);
    }
  })();
  inflight.set(key, promise);
  promise.catch(() => {});
  return promise;
}

export function isLoading(key) {
  return inflight.has(key);
}

export function keys() {
  return [...entries.keys()];
}
