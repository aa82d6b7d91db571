import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { runReport } from '../src/report/run.js';
import { MODULE, REPORT_SECTIONS } from './fixtures/report-sections.js';

const scratch = mkdtempSync(join(tmpdir(), 'l2l-report-run-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('runReport builds sections concurrently on worker threads (report/run.ts)', () => {
  it('lists sections in builders order whatever the start order, names the failed one, and builds off this thread', async () => {
    const out = join(scratch, 'a');
    const log: string[] = [];
    const [slow, fails, quick] = REPORT_SECTIONS;
    const r = await runReport({ scale: 'smoke', out, builders: REPORT_SECTIONS, order: [quick, fails, slow], sectionModule: MODULE, concurrency: 2, log: (l) => log.push(l) });
    expect(r.sections.map((s) => s.id)).toEqual(['slow', 'quick']);
    expect(r.missing).toEqual([{ id: 'fails', title: 'Fails', reason: 'failed: Error: this section fails on purpose' }]);
    for (const s of r.sections) expect((s.data as { threadId: number }).threadId).not.toBe(threadId);
    // typed arrays cross the thread as they are
    expect((r.sections[1].data as { values: Float64Array }).values).toEqual(new Float64Array([1, 2]));
    // the written report is the final one (both sections, the failure named)
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { sections: Array<{ id: string }>; missing: Array<{ id: string }> };
    expect(json.sections.map((s) => s.id)).toEqual(['slow', 'quick']);
    expect(json.missing.map((m) => m.id)).toEqual(['fails']);
    // started in the given order: quick and fails before slow
    const started = log.filter((l) => l.endsWith('(started)')).map((l) => l.replace(/^\[\d+\/3\] /, '').replace(' (started)', ''));
    expect(started).toEqual(['Quick', 'Fails', 'Slow']);
    expect(log).toContain('  slow: started');
  }, 60_000);

  it('Ctrl-C reaches a synchronous section on its thread through the shared flag: it stops early and its result is kept', async () => {
    const out = join(scratch, 'b');
    const ac = new AbortController();
    const [slow, , quick] = REPORT_SECTIONS;
    const t0 = Date.now();
    setTimeout(() => ac.abort(), 1500);
    // scale 'paper': the slow section would spin 20 s unless it sees the flag
    const r = await runReport({ scale: 'paper', out, builders: [slow, quick], sectionModule: MODULE, concurrency: 2, order: [slow, quick], signal: ac.signal, log: () => {} }).catch((e) => e);
    expect(Date.now() - t0).toBeLessThan(15000);
    expect(r.sections.map((s: { id: string }) => s.id)).toContain('slow');
    expect((r.sections.find((s: { id: string }) => s.id === 'slow').data as { stopped: boolean }).stopped).toBe(true);
  }, 60_000);
});
