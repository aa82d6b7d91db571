import type { Report, Section } from './types.js';

/** Writers only format the report's data (fast-check's RunDetails / formatter split). */
export function reportJson(r: Report): string {
  const strip = (s: Section) => ({ id: s.id, title: s.title, summary: s.summary, ms: Math.round(s.ms), charts: s.charts.map((c) => ({ id: c.id, title: c.title, caption: c.caption, file: `charts/${c.id}.svg` })), data: s.data });
  return `${JSON.stringify({ generated: r.generated, scale: r.scale, ms: Math.round(r.ms), sections: r.sections.map(strip), missing: r.missing }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : typeof v === 'bigint' ? v.toString() : v), 2)}\n`;
}

export function reportMarkdown(r: Report): string {
  const out = [`# l2l-verify verification report`, '', `Generated ${r.generated}, scale \`${r.scale}\`, in ${(r.ms / 1000).toFixed(1)} s.`, ''];
  if (r.missing.length) out.push(`**Incomplete:** ${r.missing.map((m) => `${m.title} (${m.reason})`).join('; ')}.`, '');
  out.push('## Contents', '', ...r.sections.map((s) => `- [${s.title}](#${s.id})`), '');
  for (const s of r.sections) {
    out.push(`<a id="${s.id}"></a>`, `## ${s.title}`, '');
    if (s.summary) out.push(s.summary, '');
    if (s.markdown) out.push(s.markdown, '');
    for (const c of s.charts) out.push(`![${c.title}](charts/${c.id}.svg)`, '', `*${c.caption}*`, '');
  }
  return out.join('\n');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Minimal Markdown for our own section bodies: fenced blocks, paragraphs, inline code and bold. */
function mdToHtml(md: string): string {
  const parts = md.split(/```\n?/);
  return parts
    .map((p, i) =>
      i % 2 === 1
        ? `<pre>${esc(p.replace(/\n$/, ''))}</pre>`
        : p
            .split(/\n\s*\n/)
            .filter((x) => x.trim())
            .map((para) => `<p>${esc(para).replace(/`([^`]+)`/g, '<code>$1</code>').replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')}</p>`)
            .join('\n'),
    )
    .join('\n');
}

/** One self-contained page: inline SVG charts, inline CSS, no script and no network. */
export function reportHtml(r: Report): string {
  const nav = r.sections.map((s) => `<li><a href="#${s.id}">${esc(s.title)}</a></li>`).join('');
  const body = r.sections
    .map(
      (s) => `<section id="${s.id}"><h2>${esc(s.title)}</h2>${mdToHtml(s.summary)}${s.html ?? mdToHtml(s.markdown)}${s.charts
        .map((c) => `<figure id="chart-${c.id}" class="chart">${c.svg}<figcaption><strong>${esc(c.title)}.</strong> ${esc(c.caption)}</figcaption></figure>`)
        .join('')}</section>`,
    )
    .join('\n');
  const missing = r.missing.length ? `<p class="missing"><strong>Incomplete report:</strong> ${r.missing.map((m) => `${esc(m.title)} (${esc(m.reason)})`).join('; ')}.</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>l2l-verify verification report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
pre{background:#f6f8fa;padding:.8em;overflow-x:auto;font-size:12px;line-height:1.3}
section{border-top:1px solid #ddd;margin-top:2em}
figure.chart{margin:1.5em 0}figcaption{font-size:.92em;color:#444;max-width:800px}
.missing{background:#fff3cd;padding:.6em}
code{background:#f6f8fa;padding:0 .2em}
</style></head><body>
<h1>l2l-verify verification report</h1>
<p>Generated ${esc(r.generated)}, scale <code>${r.scale}</code>, in ${(r.ms / 1000).toFixed(1)} s.</p>
${missing}
<nav><ol>${nav}</ol></nav>
${body}
</body></html>
`;
}
