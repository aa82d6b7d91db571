import type { AuditResult } from '../types.js';
import { breakdownTable, digitTables, referenceTable, tapeTable, type Table } from './tables.js';

function mdTable(t: Table): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `### ${t.title}`,
    '',
    `| ${t.header.map(esc).join(' | ')} |`,
    `| ${t.header.map(() => '---').join(' | ')} |`,
    ...t.rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
    '',
    ...(t.note ? [`_${t.note}_`, ''] : []),
  ].join('\n');
}

/** audit.md: verdicts first, then the breakdown, the tape's slopes and the full digit tables. */
export function auditMarkdown(result: AuditResult): string {
  const out: string[] = ['# Precision audit of meta-gradients', ''];
  out.push(`Generated ${result.generated} by ${result.tool} in ${result.seconds.toFixed(1)} s.`, '');
  for (const n of result.notes) out.push(`- ${n}`);
  if (result.notes.length) out.push('');
  for (const c of result.cases) {
    out.push(`## ${c.name}`, '');
    out.push(`d = ${c.d}, L = ${c.L}, α = ${c.alpha}, c_min = ${c.cMin}; t ∈ {${c.t.join(', ')}}; ${c.eta.length} step sizes; ${c.points.length} points; ${c.seconds.toFixed(1)} s.`, '');
    out.push('### Verdicts', '');
    for (const s of c.summaries) out.push(`- ${s.verdict}`);
    out.push('');
    out.push(mdTable(breakdownTable(c)));
    const tt = tapeTable(c);
    if (tt) out.push(mdTable(tt));
    for (const t of digitTables(c)) out.push(mdTable(t));
    out.push(mdTable(referenceTable(c)));
  }
  return out.join('\n');
}
