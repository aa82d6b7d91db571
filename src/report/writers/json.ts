import type { Block, Report } from '../types.js';

/** JSON for people: arrays of numbers or strings on one line, everything else indented. */
export function compactJson(v: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.every((x) => x === null || typeof x !== 'object')) return `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
    return `[\n${v.map((x) => inner + compactJson(x, inner)).join(',\n')}\n${indent}]`;
  }
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${compactJson(x, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** The report as JSON (report.json): every section's blocks and data; charts by file name, not inline SVG. */
function strip(b: Block): unknown {
  if (b.kind === 'chart') return { kind: 'chart', id: b.chart.id, title: b.chart.title, caption: b.chart.caption, file: `charts/${b.chart.id}.svg` };
  if (b.kind === 'details') return { ...b, blocks: b.blocks.map(strip) };
  return b;
}

export function reportJson(r: Report): string {
  const doc = {
    generated: r.generated,
    scale: r.scale,
    ms: Math.round(r.ms),
    sections: r.sections.map((s) => ({ id: s.id, title: s.title, summary: s.summary, ms: Math.round(s.ms), blocks: s.blocks.map(strip), data: s.data })),
    missing: r.missing,
  };
  return `${JSON.stringify(doc, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : typeof v === 'bigint' ? v.toString() : v), 2)}\n`;
}
