import { describe, expect, it } from 'vitest';
import { wang2021Sec3Claims } from '../src/claims/wang2021-sec3.js';
import { runClaim } from '../src/claims/run.js';

/**
 * wang2021 Section 3 (one quadratic task): Theorem 3, Theorem 4 and Claims 1–3, Corollary 1 and
 * their negative controls, one test per registry id (title = the id). Every inequality is decided
 * exactly in decimal (src/claims/wang2021-sec3.ts). A published claim found false would be expected
 * `falsified` with its shrunk counterexample kept as a literal fixture, replayed by a test of its own.
 * L2L_RUNS_SCALE multiplies the runs of every claim.
 */
function failureMessage(id: string, expected: string, r: ReturnType<typeof runClaim>): string {
  return (
    `${id}: expected ${expected}, got ${r.status} after ${r.runs} runs\n` +
    `  seed ${r.seed}, path ${r.path ?? '-'} (replay: runClaim(claim, { seed: ${r.seed}, path: '${r.path ?? ''}' }))\n` +
    `  ${r.error ?? r.detail ?? '(no detail)'}\n` +
    `  counterexample: ${JSON.stringify(r.counterexample)}`
  );
}

describe('wang2021, Section 3: one quadratic task', () => {
  for (const claim of wang2021Sec3Claims) {
    it(claim.id, () => {
      const r = runClaim(claim);
      const msg = failureMessage(claim.id, claim.expected, r);
      if (r.status !== claim.expected) console.error(msg);
      expect(r.status, msg).toBe(claim.expected);
    });
    if (claim.fixture !== undefined) {
      it(`${claim.id} (fixture)`, () => {
        const out = claim.check(claim.fixture);
        const want = claim.expected === 'held';
        const msg = `${claim.id} fixture: ${out.detail ?? ''}\n  fixture: ${JSON.stringify(claim.describe ? claim.describe(claim.fixture) : claim.fixture)}`;
        if (out.ok !== want) console.error(msg);
        expect(out.ok, msg).toBe(want);
      });
    }
  }
});
