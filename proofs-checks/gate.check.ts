import { expect, it } from 'vitest';
import { runGate } from '../src/gate/run.js';
import { readRecordedResults } from '../src/vitest/recorded.js';

/**
 * The project's own CI gate (issues 5 and 8): the claims ledger and the audit of the built-in case,
 * with fixed seeds, against the committed gate-baseline.json. Fails on a changed status (a
 * weakening such as certified -> held included), a finding that only its literal fixture still shows
 * (the search stopped finding it), or an audited digit count that dropped by more than one.
 *
 * This file runs in the `gate` project, after every claim suite of the same `vitest run` finished
 * (vitest.config.ts, sequence.groupOrder): the verdicts those suites recorded with the gate's seed
 * are compared as they are, and only claims without a record (this file run alone, a replayed
 * claim) run here on worker threads. After an intended change: `npx l2l-verify gate --baseline
 * gate-baseline.json --update`, and commit the new baseline with the change.
 */
it('gate: ledger and audit match gate-baseline.json', async () => {
  const lines: string[] = [];
  const r = await runGate({ baseline: 'gate-baseline.json', recorded: (seed) => readRecordedResults(seed), log: (l) => lines.push(l) });
  if (r.code !== 0) console.error(`${lines.slice(0, 2).join('\n')}\n${r.text}`);
  expect(r.code, r.text).toBe(0);
}, 600_000);
