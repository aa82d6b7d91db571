import type { AuditResult } from '../types.js';
import { digitsChart, tapeChart, type Chart } from './charts.js';
import { renderSvg } from '../../charts/render.js';
import { breakdownTable, digitTables, referenceTable, tapeTable, type Table } from './tables.js';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function htmlTable(t: Table): string {
  return [
    `<table><caption>${escapeHtml(t.title)}</caption>`,
    `<thead><tr>${t.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>${t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')}</tbody>`,
    '</table>',
    t.note ? `<p class="note">${escapeHtml(t.note)}</p>` : '',
  ].join('\n');
}

async function figure(chart: Chart, anchor: string): Promise<string> {
  const svg = await renderSvg(chart.spec);
  return `<figure id="${anchor}" class="chart">${svg}<figcaption>${escapeHtml(chart.caption)}</figcaption></figure>`;
}

/**
 * The audit as an HTML fragment (one <section>, inline SVG charts, no script, no network), for
 * embedding in the report page.
 */
export async function auditHtmlFragment(result: AuditResult): Promise<string> {
  const out: string[] = ['<section class="l2l-audit" id="audit">', '<h2>Precision audit of meta-gradients</h2>'];
  out.push(`<p>Generated ${escapeHtml(result.generated)} in ${result.seconds.toFixed(1)} s.</p>`);
  if (result.notes.length) out.push(`<ul class="notes">${result.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`);
  for (const [i, c] of result.cases.entries()) {
    const id = `audit-case-${i}`;
    out.push(`<section id="${id}"><h3>${escapeHtml(c.name)}</h3>`);
    out.push(`<p>d = ${c.d}, L = ${escapeHtml(c.L)}, α = ${escapeHtml(c.alpha)}, c<sub>min</sub> = ${escapeHtml(c.cMin)}; t ∈ {${c.t.join(', ')}}; ${c.eta.length} step sizes; ${c.seconds.toFixed(1)} s.</p>`);
    out.push(`<h4>Verdicts</h4><ul class="verdicts">${c.summaries.map((s) => `<li>${escapeHtml(s.verdict)}</li>`).join('')}</ul>`);
    out.push(await figure(digitsChart(c), `${id}-digits`));
    const tc = tapeChart(c);
    if (tc) out.push(await figure(tc, `${id}-tape`));
    out.push(htmlTable(breakdownTable(c)));
    const tt = tapeTable(c);
    if (tt) out.push(htmlTable(tt));
    out.push('<details><summary>Digits of every method at every point</summary>');
    for (const t of digitTables(c)) out.push(htmlTable(t));
    out.push(htmlTable(referenceTable(c)));
    out.push('</details></section>');
  }
  out.push('</section>');
  return out.join('\n');
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:0.85em}caption{text-align:left;font-weight:600;padding:0.3em 0}
td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}th{background:#f4f4f4}td:first-child{text-align:left}
figure{margin:1.5em 0}figcaption{font-size:0.9em;color:#444;max-width:60em}.note{font-size:0.85em;color:#555;max-width:60em}`;

/** audit.html: a self-contained page around the fragment. */
export async function auditHtml(result: AuditResult): Promise<string> {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>l2l-verify precision audit</title><style>${STYLE}</style></head>\n<body>\n${await auditHtmlFragment(result)}\n</body></html>\n`;
}
