import { countsLine } from '../ledger.js';
import { compactJson } from './json.js';
import type { Block, ClaimCard, LedgerBlock, Report, TableBlock } from '../types.js';

/** The report as Markdown (report.md): the same data as the HTML page, formatted for text. */

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(t: TableBlock): string {
  const out: string[] = [];
  if (t.title) out.push(`**${t.title}**`, '');
  out.push(`| ${t.header.map(cell).join(' | ')} |`, `| ${t.header.map(() => '---').join(' | ')} |`, ...t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`));
  if (t.note) out.push('', `*${t.note}*`);
  return out.join('\n');
}

function card(c: ClaimCard): string {
  const out = [`<a id="${c.id}"></a>`, `#### ${c.id}${c.control ? ' (control)' : c.finding ? ' (finding)' : ''}`, ''];
  const item = (k: string, v: string | null | undefined) => v && out.push(`- **${k}:** ${v}`);
  item('Source', c.source);
  item('Statement', c.statement);
  item('Verdict', `${c.status}${c.mismatch ? ` (EXPECTED ${c.expected})` : ` (expected ${c.expected})`}`);
  item('Rests on', c.restsOn);
  item('Class generated', c.classGenerated ? `\`${JSON.stringify(c.classGenerated)}\`` : null);
  item('The statement admits', c.classAdmitted === null ? null : typeof c.classAdmitted === 'string' ? c.classAdmitted : `\`${JSON.stringify(c.classAdmitted)}\``);
  item('Constants we fixed', c.constants ? `\`${JSON.stringify(c.constants)}\`` : null);
  item('Tightness', c.tightness === null ? null : String(Number(c.tightness.toPrecision(4))));
  item('Guards', c.controlOf);
  item('Controls', c.controls.join(', '));
  item('Found by', c.foundBy ? `${c.foundBy}${c.foundAtRun !== null ? ` at run ${c.foundAtRun}` : ''}` : null);
  item('Detail', c.detail);
  item('Proof step that breaks', c.brokenStep);
  item('Error', c.error);
  item('Replay', `\`${c.replay}\``);
  if (c.status === 'falsified' && c.counterexample !== null) out.push('', '```json', compactJson(c.counterexample), '```');
  if (c.frontier) out.push('', table({ kind: 'table', title: 'Frontier: where each named consequence holds', header: c.frontier.header, rows: c.frontier.rows }));
  return out.join('\n');
}

function ledger(l: LedgerBlock): string {
  const rows = l.cards.map((c) => [
    `[${c.id}](#${c.id})`,
    c.control ? 'control' : c.finding ? 'finding' : 'claim',
    c.mismatch ? `${c.status} (!)` : c.status,
    c.expected,
    String(c.cases),
    c.failureRateUpper95 === null ? '' : `${(100 * c.failureRateUpper95).toPrecision(3)}%`,
    c.tightness === null ? '' : String(Number(c.tightness.toPrecision(3))),
  ]);
  return [
    `**${l.cards.length} entries:** ${countsLine(l.counts)}. Seed ${l.seed}.${l.notRun.length ? ` Not run (interrupted): ${l.notRun.join(', ')}.` : ''}`,
    '',
    table({ kind: 'table', header: ['id', 'kind', 'verdict', 'expected', 'cases', 'failure rate ≤ (95%)', 'tightness'], rows }),
    '',
    ...l.cards.map(card).flatMap((c) => [c, '']),
  ].join('\n');
}

function block(b: Block): string {
  switch (b.kind) {
    case 'text':
      return b.text;
    case 'heading':
      return `${b.id ? `<a id="${b.id}"></a>\n` : ''}### ${b.text}`;
    case 'list':
      return b.items.map((i) => `- ${i}`).join('\n');
    case 'table':
      return table(b);
    case 'chart':
      return `![${b.chart.title}](charts/${b.chart.id}.svg)\n\n*${b.chart.caption}*`;
    case 'details':
      return [`**${b.summary}**`, '', ...b.blocks.map(block).flatMap((x) => [x, ''])].join('\n');
    case 'ledger':
      return ledger(b);
  }
}

export function reportMarkdown(r: Report): string {
  const out = [`# l2l-verify verification report`, '', `Generated ${r.generated}, scale \`${r.scale}\`, in ${(r.ms / 1000).toFixed(1)} s.`, ''];
  if (r.missing.length) out.push(`**Incomplete:** ${r.missing.map((m) => `${m.title} (${m.reason})`).join('; ')}.`, '');
  out.push('## Contents', '', ...r.sections.map((s) => `- [${s.title}](#${s.id})`), '');
  for (const s of r.sections) {
    out.push(`<a id="${s.id}"></a>`, `## ${s.title}`, '');
    if (s.summary) out.push(s.summary, '');
    for (const b of s.blocks) out.push(block(b), '');
  }
  return out.join('\n');
}
