import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { runReport } from '../src/report/run.js';
import { CHART_SECTIONS } from '../src/cli/commands/report.js';

/**
 * The report in a real browser (issue 5): Debian's chromium, driven by playwright-core, opens
 * index.html from disk; every chart must have rendered a non-empty SVG and the page must log no
 * error. .ci/run installs chromium when it is missing, so in CI this test always runs.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) throw new Error(`CI needs ${CHROMIUM} for the report's browser test (.ci/run installs Debian's chromium)`);

describe.skipIf(!haveChromium)('the report in headless chromium', () => {
  it('renders every chart as a non-empty SVG, logs no error, and is screenshotted', async () => {
    const out = mkdtempSync(join(tmpdir(), 'l2l-report-'));
    const report = await runReport({ scale: 'smoke', out, builders: CHART_SECTIONS, log: () => {} });
    expect(report.missing).toEqual([]);
    // charts the sections carry, plus the figures inside sections that bring their own HTML (the audit)
    const expectedCharts = report.sections.flatMap((s) => [...s.charts.map((c) => `chart-${c.id}`), ...[...(s.html ?? '').matchAll(/<figure id="([^"]+)" class="chart">/g)].map((m) => m[1])]);
    expect(expectedCharts.length).toBeGreaterThanOrEqual(CHART_SECTIONS.length + 1);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
      await page.goto(`file://${resolve(out, 'index.html')}`);
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
    } finally {
      await browser.close();
    }
  });
});
