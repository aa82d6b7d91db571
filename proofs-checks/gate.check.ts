import { expect, it } from 'vitest';
import { runGate } from '../src/gate/run.js';

/**
 * The project's own CI gate (issues 5 and 8): the claims ledger (on worker threads) and the audit of
 * the built-in case, with fixed seeds, against the committed gate-baseline.json. Fails on a changed
 * status (a weakening such as certified -> held included), a finding that only its literal fixture
 * still shows (the search stopped finding it), or an audited digit count that dropped by more than one. After an intended change: `npx l2l-verify gate
 * --baseline gate-baseline.json --update`, and commit the new baseline with the change.
 */
it('gate: ledger and audit match gate-baseline.json', async () => {
  const r = await runGate({ baseline: 'gate-baseline.json' });
  if (r.code !== 0) console.error(r.text);
  expect(r.code, r.text).toBe(0);
}, 600_000);
