import { countsLine } from '../ledger.js';
import type { Block, ClaimCard, LedgerBlock, Report, TableBlock } from '../types.js';
import { compactJson } from './json.js';

/**
 * The report as one self-contained HTML page: inline SVG charts, inline CSS, one small inline
 * script (sorting and filtering the ledger table), no network. Formats the report's data only:
 * nothing here computes a result or parses Markdown.
 */

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function table(t: TableBlock): string {
  return [
    `<table>${t.title ? `<caption>${esc(t.title)}</caption>` : ''}`,
    `<thead><tr>${t.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>${t.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n')}</tbody>`,
    '</table>',
    t.note ? `<p class="note">${esc(t.note)}</p>` : '',
  ].join('\n');
}

const json = (v: unknown) => {
  const s = compactJson(v);
  return s.length > 6000 ? `${s.slice(0, 6000)}\n… (${s.length - 6000} more characters: see report.json)` : s;
};

function dl(rows: Array<[string, string | null | undefined]>): string {
  return `<dl>${rows.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function card(c: ClaimCard): string {
  const kind = c.control ? 'control' : c.finding ? 'finding' : 'claim';
  const rows: Array<[string, string | null]> = [
    ['Source', esc(c.source)],
    ['Statement', esc(c.statement)],
    ['Verdict', `<span class="v v-${esc(c.status)}">${esc(c.status)}</span>${c.mismatch ? ` <strong class="mismatch">expected ${esc(c.expected)}</strong>` : ` (expected ${esc(c.expected)})`}`],
    ['Rests on', esc(c.restsOn)],
    ['Class generated', c.classGenerated ? `<pre>${esc(json(c.classGenerated))}</pre>` : null],
    ['The statement admits', c.classAdmitted === null ? null : typeof c.classAdmitted === 'string' ? esc(c.classAdmitted) : `<pre>${esc(json(c.classAdmitted))}</pre>`],
    ['Constants we fixed', c.constants ? `<pre>${esc(json(c.constants))}</pre>` : null],
    ['Tightness', c.tightness === null ? null : `${esc(String(Number(c.tightness.toPrecision(4))))} (largest left/right ratio observed; 1 is equality)`],
    ['Guards', c.controlOf ? `<a href="#${esc(c.controlOf)}">${esc(c.controlOf)}</a> (a deliberately wrong variant: it must be falsified)` : null],
    ['Controls', c.controls.length ? c.controls.map((id) => `<a href="#${esc(id)}">${esc(id)}</a>`).join(', ') : null],
    ['Found by', c.foundBy ? `${esc(c.foundBy)}${c.foundAtRun !== null ? ` at run ${c.foundAtRun}` : ''}` : null],
    ['Counterexample', c.status === 'falsified' && c.counterexample !== null ? `<pre class="ce">${esc(json(c.counterexample))}</pre>` : null],
    ['Detail', c.detail ? esc(c.detail) : null],
    ['Proof step that breaks', c.brokenStep ? esc(c.brokenStep) : null],
    ['Error', c.error ? esc(c.error) : null],
    ['Replay', `<code class="replay">${esc(c.replay)}</code>`],
  ];
  const frontier = c.frontier
    ? `<details open><summary>Frontier: where each named consequence holds</summary>${table({ kind: 'table', header: c.frontier.header, rows: c.frontier.rows })}</details>`
    : '';
  return `<article class="card ${kind}" id="${esc(c.id)}"><h3><a href="#${esc(c.id)}">${esc(c.id)}</a> <span class="kind">${kind}</span></h3>${dl(rows)}${frontier}</article>`;
}

function ledger(l: LedgerBlock): string {
  const papers = [...new Set(l.cards.map((c) => c.paper))];
  const statuses = [...new Set(l.cards.map((c) => c.status))];
  const options = (xs: string[]) => xs.map((x) => `<option value="${esc(x)}">${esc(x)}</option>`).join('');
  const rows = l.cards
    .map((c) => {
      const kind = c.control ? 'control' : c.finding ? 'finding' : 'claim';
      const bound = c.failureRateUpper95 === null ? '' : `${(100 * c.failureRateUpper95).toPrecision(3)}%`;
      return (
        `<tr data-paper="${esc(c.paper)}" data-status="${esc(c.status)}" data-kind="${kind}"${c.mismatch ? ' class="mismatch"' : ''}>` +
        `<td><a href="#${esc(c.id)}">${esc(c.id)}</a></td><td>${esc(c.paper)}</td><td>${kind}</td>` +
        `<td class="v v-${esc(c.status)}">${esc(c.status)}</td><td>${esc(c.expected)}</td>` +
        `<td data-n="${c.cases}">${c.cases}</td><td data-n="${c.failureRateUpper95 ?? ''}">${bound}</td>` +
        `<td data-n="${c.tightness ?? ''}">${c.tightness === null ? '' : esc(String(Number(c.tightness.toPrecision(3))))}</td></tr>`
      );
    })
    .join('\n');
  const mismatches = l.cards.filter((c) => c.mismatch).length;
  return [
    `<p class="counts" id="ledger-summary"><strong>${l.cards.length} entries:</strong> ${esc(countsLine(l.counts))}. ${mismatches === 0 ? 'Every verdict equals its expected verdict.' : `<strong class="mismatch">${mismatches} verdicts differ from their expected verdict.</strong>`} Seed ${l.seed}.${l.notRun.length ? ` Not run (interrupted): ${esc(l.notRun.join(', '))}.` : ''}</p>`,
    `<div class="filters">Paper <select id="f-paper"><option value="">all</option>${options(papers)}</select> Verdict <select id="f-status"><option value="">all</option>${options(statuses)}</select> <label><input type="checkbox" id="f-controls" checked> show controls</label> <span id="f-count"></span></div>`,
    `<table id="ledger" class="ledger"><thead><tr><th>id</th><th>paper</th><th>kind</th><th>verdict</th><th>expected</th><th>cases</th><th>failure rate ≤ (95%)</th><th>tightness</th></tr></thead><tbody>\n${rows}\n</tbody></table>`,
    `<p class="note">Click a column head to sort. Verdicts: certified (proved over the whole range with directed rounding), held (no counterexample in the cases run; the bound is 1 − 0.05^(1/cases)), witnessed (an asymptotic or existential statement, with the constants we fixed), falsified (a counterexample), undecided, error. A control is a deliberately wrong variant that must be falsified; a finding is a published claim that is false.</p>`,
    `<div class="cards">${l.cards.map(card).join('\n')}</div>`,
  ].join('\n');
}

function block(b: Block): string {
  switch (b.kind) {
    case 'text':
      return `<p>${esc(b.text)}</p>`;
    case 'heading':
      return `<h3${b.id ? ` id="${esc(b.id)}"` : ''}>${esc(b.text)}</h3>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
    case 'table':
      return table(b);
    case 'chart':
      return `<figure id="chart-${esc(b.chart.id)}" class="chart">${b.chart.svg}<figcaption><strong>${esc(b.chart.title)}.</strong> ${esc(b.chart.caption)}</figcaption></figure>`;
    case 'details':
      return `<details><summary>${esc(b.summary)}</summary>${b.blocks.map(block).join('\n')}</details>`;
    case 'ledger':
      return ledger(b);
  }
}

/** Sorting by column and filtering by paper, verdict and kind: the page's only script. */
const SCRIPT = `(() => {
  const t = document.getElementById('ledger'); if (!t) return;
  const body = t.tBodies[0], rows = [...body.rows];
  const paper = document.getElementById('f-paper'), status = document.getElementById('f-status'), controls = document.getElementById('f-controls'), count = document.getElementById('f-count');
  const apply = () => { let n = 0; for (const r of rows) { const show = (!paper.value || r.dataset.paper === paper.value) && (!status.value || r.dataset.status === status.value) && (controls.checked || r.dataset.kind !== 'control'); r.hidden = !show; if (show) n++; } count.textContent = n + ' shown'; };
  for (const el of [paper, status, controls]) el.addEventListener('change', apply);
  [...t.tHead.rows[0].cells].forEach((th, j) => { let asc = true; th.addEventListener('click', () => {
    const key = (r) => { const c = r.cells[j]; const n = c.dataset.n; return n !== undefined && n !== '' ? Number(n) : c.textContent; };
    rows.sort((a, b) => { const x = key(a), y = key(b); const r = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)); return asc ? r : -r; });
    asc = !asc; for (const r of rows) body.appendChild(r); }); });
  apply();
})();`;

const STYLE = `body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
pre{background:#f6f8fa;padding:.6em;overflow-x:auto;font-size:12px;line-height:1.3;max-height:24em}
section{border-top:1px solid #ddd;margin-top:2em}
table{border-collapse:collapse;margin:1em 0;font-size:.85em}caption{text-align:left;font-weight:600;padding:.3em 0}
td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}th{background:#f4f4f4}
table.ledger th{cursor:pointer}tr.mismatch td{background:#fde2e2}
.v-certified{background:#c8f0d4}.v-held{background:#e3f6e8}.v-witnessed{background:#e4ecfb}.v-falsified{background:#fff1c7}.v-undecided{background:#eee}.v-error{background:#f8c9c9}
span.v{padding:0 .3em;border-radius:3px}
.card{border:1px solid #ddd;border-radius:6px;padding:.4em 1em;margin:1em 0}.card:target{outline:3px solid #5b8def}
.card details{overflow-x:auto}.card h3{margin:.3em 0;font-size:1.05em}.card .kind{font-weight:normal;color:#666;font-size:.85em}
.card dl{display:grid;grid-template-columns:12em 1fr;gap:.2em 1em;margin:.5em 0}.card dt{color:#555}.card dd{margin:0}
.mismatch{color:#a00}.counts{font-size:1.05em}.filters{margin:.5em 0}
figure.chart{margin:1.5em 0}figcaption{font-size:.92em;color:#444;max-width:800px}
.missing{background:#fff3cd;padding:.6em}.note{font-size:.85em;color:#555;max-width:60em}
code{background:#f6f8fa;padding:0 .2em}`;

export function reportHtml(r: Report): string {
  const nav = r.sections.map((s) => `<li><a href="#${esc(s.id)}">${esc(s.title)}</a></li>`).join('');
  const body = r.sections
    .map((s) => `<section id="${esc(s.id)}"><h2>${esc(s.title)}</h2>${s.summary ? `<p class="summary">${esc(s.summary)}</p>` : ''}${s.blocks.map(block).join('\n')}</section>`)
    .join('\n');
  const missing = r.missing.length ? `<p class="missing"><strong>Incomplete report:</strong> ${r.missing.map((m) => `${esc(m.title)} (${esc(m.reason)})`).join('; ')}.</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>l2l-verify verification report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
${STYLE}
</style></head><body>
<h1>l2l-verify verification report</h1>
<p>Generated ${esc(r.generated)}, scale <code>${esc(r.scale)}</code>, in ${(r.ms / 1000).toFixed(1)} s.</p>
${missing}
<nav><ol>${nav}</ol></nav>
${body}
<script>${SCRIPT}</script>
</body></html>
`;
}
