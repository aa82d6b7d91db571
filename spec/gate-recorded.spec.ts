import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBaseline } from '../src/gate/baseline.js';
import { runGate } from '../src/gate/run.js';
import { readRecordedResults, recordClaimResult } from '../src/vitest/recorded.js';

const scratch = mkdtempSync(join(tmpdir(), 'l2l-recorded-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('verdicts recorded by the claim suites for the gate (src/vitest/recorded.ts)', () => {
  it('round-trips a record, and ignores records of another seed, a corrupt file and a missing directory', () => {
    const dir = join(scratch, 'a');
    recordClaimResult({ id: 'x.claim', status: 'falsified', foundBy: 'search', seed: 20211 }, dir);
    recordClaimResult({ id: 'y.claim', status: 'held', seed: 7 }, dir);
    writeFileSync(join(dir, 'z.json'), '{"id": "z", "stat');
    const got = readRecordedResults(20211, dir);
    expect([...got.keys()]).toEqual(['x.claim']);
    expect(got.get('x.claim')).toMatchObject({ status: 'falsified', foundBy: 'search', runsScale: 1 });
    expect(readRecordedResults(20211, join(scratch, 'missing')).size).toBe(0);
    expect(readRecordedResults(20211, '').size).toBe(0);
  });

  it('writes nothing when no directory is set (a user suite)', () => {
    expect(() => recordClaimResult({ id: 'x', status: 'held', seed: 1 }, '')).not.toThrow();
  });

  // The gate must compare the recorded verdicts, not ignore them: every claim recorded with its
  // baseline verdict except one, recorded flipped, must fail the gate on that claim, with no claim
  // run by the gate itself (the log says 0 to run).
  it('the gate compares recorded verdicts: one flipped record fails it, and it runs no claim itself', async () => {
    const baseline = parseBaseline(readFileSync('gate-baseline.json', 'utf8'), 'gate-baseline.json');
    const ids = Object.keys(baseline.verdicts);
    const flipped = ids.find((id) => baseline.verdicts[id] === 'held')!;
    const recorded = new Map(
      ids.map((id) => {
        const status = id === flipped ? 'falsified' : baseline.verdicts[id];
        return [id, { id, status: status as 'held', ...(status === 'falsified' ? { foundBy: id === flipped ? ('search' as const) : baseline.foundBy?.[id] } : {}) }];
      }),
    );
    const log: string[] = [];
    const r = await runGate({ baseline: 'gate-baseline.json', recorded: () => recorded, log: (l) => log.push(l) });
    expect(log.join('\n')).toContain(`${ids.length} verdicts recorded by this run's claim suites, 0 to run`);
    expect(r.code).toBe(1);
    expect(r.text).toContain(`claim ${flipped}: verdict held -> falsified`);
    expect(r.text.match(/^ {2}- /gm)).toHaveLength(1);
  }, 120_000);
});
