/**
 * JSON-safe copy: non-finite numbers and bigints become strings ("NaN", "Infinity", "-Infinity",
 * digits), typed arrays and Sets become arrays, Maps objects, objects with `toJSON` (decimal.js)
 * their JSON form. The ledger applies it to every counterexample, so that an entry computed on a
 * worker thread (structured clone keeps neither prototypes nor `toJSON`) equals one computed
 * in-process, and the document is valid JSON with nothing silently null.
 */
export function jsonSafe(v: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (typeof v === 'bigint') return v.toString();
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return null;
  if (v === null || typeof v !== 'object') return v;
  if (seen.has(v)) return '[circular]';
  seen.add(v);
  try {
    const withToJson = v as { toJSON?: () => unknown };
    if (typeof withToJson.toJSON === 'function') return jsonSafe(withToJson.toJSON(), seen);
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number | bigint>, (x) => jsonSafe(x, seen));
    if (Array.isArray(v)) return v.map((x) => jsonSafe(x, seen));
    if (v instanceof Set) return [...v].map((x) => jsonSafe(x, seen));
    if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), jsonSafe(x, seen)]));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonSafe(x, seen)]));
  } finally {
    seen.delete(v);
  }
}
