import { describe, expect, it } from 'vitest';
import { reportHtml } from '../src/report/writers/html.js';
import { reportMarkdown } from '../src/report/writers/markdown.js';
import { compactJson, reportJson } from '../src/report/writers/json.js';
import { claimCard, countsLine, failureRateUpper95, ledgerBlock, replayCommand } from '../src/report/ledger.js';
import type { Ledger, LedgerEntry } from '../src/claims/ledger.js';
import type { Report } from '../src/report/types.js';

/** The report's writers only format data (issue 11): the same blocks give the same facts in HTML, Markdown and JSON. */

const entry = (over: Partial<LedgerEntry>): LedgerEntry => ({
  id: 'paper.claim.x',
  source: 'paper Theorem 1',
  statement: 'a < b for <all> "x" & y',
  control: false,
  expected: 'held',
  status: 'held',
  runs: 100,
  cases: 100,
  failureRateUpper95: 1 - 0.05 ** (1 / 100),
  seed: 7,
  ms: 1,
  mismatch: false,
  ...over,
});

const ledger = (claims: LedgerEntry[]): Ledger => ({
  seed: 7,
  runsScale: 1,
  claims,
  notRun: [],
  interrupted: false,
  summary: { total: claims.length, certified: 0, held: 0, witnessed: 0, falsified: 0, undecided: 0, error: 0, mismatches: 0, controls: 0 },
  ms: 1,
});

const held = entry({});
const finding = entry({ id: 'paper.claim.y', expected: 'falsified', status: 'falsified', path: '3:1:0', counterexample: { H: [[1, 2], [2, 5]] }, detail: 'rho = 1.02 > 1', foundBy: 'search', foundAtRun: 3, failureRateUpper95: null });
const control = entry({ id: 'paper.claim.x.control-shrunk', control: true, controlOf: 'paper.claim.x', expected: 'falsified', status: 'falsified', path: '0', counterexample: [1, 2], foundBy: 'search', foundAtRun: 1, failureRateUpper95: null });

function report(): Report {
  const l = ledgerBlock(ledger([held, finding, control]), [
    { id: held.id, source: '', statement: '', control: false, expected: 'held', runs: 1, arbitrary: () => { throw new Error('not run'); }, check: () => ({ ok: true }) },
    { id: control.id, controlOf: held.id, source: '', statement: '', control: true, expected: 'falsified', runs: 1, arbitrary: () => { throw new Error('not run'); }, check: () => ({ ok: true }) },
  ]);
  return {
    generated: 'now',
    scale: 'smoke',
    ms: 1,
    missing: [],
    sections: [
      {
        id: 'claims',
        title: 'Claims ledger',
        summary: 'summary <b>',
        ms: 1,
        data: null,
        blocks: [l, { kind: 'table', title: 'T', header: ['a', 'b|c'], rows: [['1', '<2>']] }, { kind: 'chart', chart: { id: 'c1', title: 'C', caption: 'cap', svg: '<svg></svg>' } }],
      },
    ],
  };
}

describe('report writers', () => {
  it('cards: what a verdict rests on, the failure-rate bound, replay commands, the guarding controls', () => {
    const l = ledgerBlock(ledger([held, finding, control]), []);
    expect(l.counts).toEqual({ held: 1, falsified: 2 });
    expect(countsLine(l.counts)).toBe('1 held, 2 falsified');
    const [h, f] = l.cards;
    expect(h.failureRateUpper95).toBeCloseTo(1 - 0.05 ** (1 / 100), 15);
    expect(failureRateUpper95(59)).toBeLessThanOrEqual(0.05);
    expect(failureRateUpper95(58)).toBeGreaterThan(0.05);
    expect(h.restsOn).toContain('100 generated cases');
    expect(h.restsOn).toContain('2.95%');
    expect(f.finding).toBe(true);
    expect(f.failureRateUpper95).toBeNull();
    expect(f.replay).toBe('npx l2l-verify claims --only paper.claim.y --seed 7 --path 3:1:0');
    expect(replayCommand({ id: 'a.b', seed: 1 })).toBe('npx l2l-verify claims --only a.b --seed 1');
    expect(claimCard(held, undefined, ['z']).controls).toEqual(['z']);
  });

  it('HTML: the ledger is a table, each row links to a card whose id is the claim id; text is escaped; no Markdown', () => {
    const html = reportHtml(report());
    expect(html).toContain('<table id="ledger"');
    for (const id of [held.id, finding.id, control.id]) {
      expect(html).toContain(`<a href="#${id}">`);
      expect(html).toContain(`<article class="card`);
      expect(html).toMatch(new RegExp(`<article class="card [a-z]+" id="${id.replace(/\./g, '\\.')}">`));
    }
    expect(html).toContain('a &lt; b for &lt;all&gt; &quot;x&quot; &amp; y');
    expect(html).not.toContain('<all>');
    expect(html).toContain('<pre class="ce">');
    expect(html).toContain('npx l2l-verify claims --only paper.claim.y --seed 7 --path 3:1:0');
    expect(html).toContain('<figure id="chart-c1" class="chart"><svg></svg>');
    expect(html).not.toMatch(/```|\*\*/);
  });

  it('Markdown and JSON carry the same cards and blocks', () => {
    const md = reportMarkdown(report());
    expect(md).toContain('<a id="paper.claim.y"></a>');
    expect(md).toContain('[paper.claim.x](#paper.claim.x)');
    expect(md).toContain('| a | b\\|c |');
    expect(md).toContain('![C](charts/c1.svg)');
    const doc = JSON.parse(reportJson(report()));
    const blocks = doc.sections[0].blocks;
    expect(blocks[0].kind).toBe('ledger');
    expect(blocks[0].cards.map((c: { id: string }) => c.id)).toEqual([held.id, finding.id, control.id]);
    expect(blocks[2]).toEqual({ kind: 'chart', id: 'c1', title: 'C', caption: 'cap', file: 'charts/c1.svg' });
  });

  it('a frontier map becomes a table, non-finite values (strings after a worker thread) included', () => {
    const withFrontier = entry({ id: 'paper.claim.w', expected: 'witnessed', status: 'witnessed', frontier: [
      { at: { sigma: 1, m: 50 }, holds: { a: true, b: null }, values: { ratio: 0.123456, hit: 'NaN' as unknown as number } },
      { at: { sigma: 8, m: 50 }, holds: { a: false, b: true }, values: { ratio: Number.POSITIVE_INFINITY } },
    ] });
    const card = claimCard(withFrontier, undefined, []);
    expect(card.frontier?.header).toEqual(['sigma', 'm', 'a', 'b', 'ratio', 'hit']);
    expect(card.frontier?.rows).toEqual([
      ['1', '50', 'holds', 'undecided', '0.1235', 'NaN'],
      ['8', '50', 'FAILS', 'holds', 'Infinity', ''],
    ]);
  });

  it('compactJson keeps rows of numbers on one line and round-trips', () => {
    const v = { H: [[1, 2], [3, 4]], s: 'x', n: null, e: [], o: {} };
    const text = compactJson(v);
    expect(text).toContain('[1, 2]');
    expect(JSON.parse(text)).toEqual(v);
  });
});
