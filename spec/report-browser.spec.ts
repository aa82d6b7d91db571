/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { runReport } from '../src/report/run.js';
import { CHART_SECTIONS, claimsSectionFor } from '../src/report/sections.js';
import { sectionCharts } from '../src/report/types.js';

/**
 * The report in a real browser (issues 5 and 11): Debian's chromium, driven by playwright-core,
 * opens index.html from disk. Every chart must have rendered a non-empty SVG; the ledger is an HTML
 * table whose every row links to a card whose element id is the claim id; every falsified claim's
 * card shows its counterexample and its replay command; the filters and sorting work; the page logs
 * no error. .ci/run installs chromium when it is missing, so in CI this test always runs.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) throw new Error(`CI needs ${CHROMIUM} for the report's browser test (.ci/run installs Debian's chromium)`);

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A part of the registry with a certified/held claim, a finding, controls and a witnessed claim, few cases each. */
const LEDGER_PART = 'wang2021.claim2,harrison2022.thm1,harrison2022.lemma5';

async function withPage<T>(file: string, hash: string, fn: (page: Awaited<ReturnType<Browser['newPage']>>, errors: string[]) => Promise<T>): Promise<T> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
    await page.goto(`file://${resolve(file)}${hash}`);
    return await fn(page, errors);
  } finally {
    await browser.close();
  }
}

describe.skipIf(!haveChromium)('the report in headless chromium', () => {
  it('renders every chart as a non-empty SVG, logs no error, and is screenshotted', async () => {
    const out = mkdtempSync(join(tmpdir(), 'l2l-report-'));
    const report = await runReport({ scale: 'smoke', out, builders: CHART_SECTIONS, log: () => {} });
    expect(report.missing).toEqual([]);
    const expectedCharts = report.sections.flatMap((s) => sectionCharts(s.blocks).map((c) => `chart-${c.id}`));
    expect(expectedCharts.length).toBeGreaterThanOrEqual(CHART_SECTIONS.length + 1);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).not.toMatch(/```/);
    await withPage(join(out, 'index.html'), '', async (page, errors) => {
      const charts = await page.$$eval('figure.chart', (figs) =>
        figs.map((f) => {
          const svg = f.querySelector('svg');
          const box = svg?.getBoundingClientRect();
          return { id: f.id, marks: svg ? svg.querySelectorAll('path, line, rect, circle, text').length : 0, width: box?.width ?? 0, height: box?.height ?? 0 };
        }),
      );
      expect(charts.map((c) => c.id)).toEqual(expectedCharts);
      for (const c of charts) {
        expect(c.marks, `chart ${c.id} has marks`).toBeGreaterThan(10);
        expect(c.width * c.height, `chart ${c.id} has an area`).toBeGreaterThan(10_000);
      }
      const shots = resolve('report', 'browser');
      mkdirSync(shots, { recursive: true });
      const png = await page.screenshot({ fullPage: true });
      writeFileSync(join(shots, 'screenshot.png'), png);
      expect(png.length).toBeGreaterThan(10_000);
      expect(errors).toEqual([]);
    });
  });

  it('shows the ledger as a table, a card at #<claim id> for every entry, counterexamples and replay commands, filters and sorting', async () => {
    const out = mkdtempSync(join(tmpdir(), 'l2l-report-ledger-'));
    const report = await runReport({ scale: 'smoke', out, builders: [claimsSectionFor({ only: LEDGER_PART, runs: 5 })], log: () => {} });
    expect(report.missing).toEqual([]);
    const data = report.sections[0].data as { claims: Array<{ id: string; status: string; seed: number }> };
    const ids = data.claims.map((c) => c.id);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    const falsified = data.claims.filter((c) => c.status === 'falsified');
    expect(falsified.length, 'the selection holds falsified entries (a finding, controls)').toBeGreaterThanOrEqual(2);
    const target = ids[0];
    await withPage(join(out, 'index.html'), `#${target}`, async (page, errors) => {
      // the ledger is an HTML table, one row per entry, each row linking to its card
      const rows = await page.$$eval('table#ledger tbody tr', (trs) => trs.map((tr) => ({ href: tr.querySelector('a')?.getAttribute('href'), status: (tr as HTMLElement).dataset.status })));
      expect(rows.map((r) => r.href)).toEqual(ids.map((id) => `#${id}`));
      // every entry has its card, whose element id is the claim id
      for (const id of ids) {
        const card = await page.evaluate((x) => {
          const el = document.getElementById(x);
          return el ? { tag: el.tagName, cls: el.className, text: el.textContent ?? '' } : null;
        }, id);
        expect(card, `card for ${id}`).not.toBeNull();
        expect(card!.cls).toContain('card');
        expect(card!.text).toContain('Statement');
        expect(card!.text).toContain('Rests on');
      }
      // every falsified card shows its counterexample and the exact replay command
      for (const f of falsified) {
        const got = await page.evaluate((x) => {
          const el = document.getElementById(x)!;
          return { ce: el.querySelector('pre.ce')?.textContent ?? '', replay: el.querySelector('code.replay')?.textContent ?? '' };
        }, f.id);
        expect(got.ce.length, `${f.id} shows its counterexample`).toBeGreaterThan(2);
        expect(got.replay).toContain(`npx l2l-verify claims --only ${f.id} --seed ${f.seed}`);
      }
      // the anchor lands on the card
      expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe(target);
      // the summary line counts each verdict kind
      expect(await page.textContent('#ledger-summary')).toMatch(/\d+ entries: .*\d+ falsified/);
      // filtering by verdict
      await page.selectOption('#f-status', 'falsified');
      const shown = await page.$$eval('table#ledger tbody tr', (trs) => trs.filter((tr) => !(tr as HTMLElement).hidden).map((tr) => (tr as HTMLElement).dataset.status));
      expect(shown.length).toBe(falsified.length);
      expect(new Set(shown)).toEqual(new Set(['falsified']));
      await page.selectOption('#f-status', '');
      // sorting by id (first column), twice: ascending then descending
      await page.click('table#ledger thead th:first-child');
      const asc = await page.$$eval('table#ledger tbody tr td:first-child', (tds) => tds.map((td) => td.textContent ?? ''));
      expect(asc).toEqual([...asc].sort((a, b) => a.localeCompare(b)));
      await page.click('table#ledger thead th:first-child');
      const desc = await page.$$eval('table#ledger tbody tr td:first-child', (tds) => tds.map((td) => td.textContent ?? ''));
      expect(desc).toEqual([...asc].reverse());
      expect(errors).toEqual([]);
    });
  });
});
