import { describe, expect, it } from 'vitest';
import { harrison2022Claims } from '../src/claims/harrison2022.js';
import { runClaim } from '../src/claims/run.js';

/**
 * harrison2022 Section 4 (noisy quadratic model): every claim of the registry, one test per id.
 * A published claim found false is expected `falsified` and its shrunk counterexample is replayed
 * from the literal fixture by a test of its own, so CI keeps proving the finding.
 */
describe('harrison2022, Section 4: the noisy quadratic model', () => {
  for (const claim of harrison2022Claims) {
    it(claim.id, () => {
      const r = runClaim(claim);
      if (r.status !== claim.expected) {
        console.error(
          `${claim.id}: expected ${claim.expected}, got ${r.status}\n` +
            `  seed ${r.seed}, path ${r.path ?? '-'} (replay: runClaim(claim, { seed: ${r.seed}, path: '${r.path ?? ''}' }))\n` +
            `  ${r.error ?? r.detail ?? ''}\n  counterexample: ${JSON.stringify(r.counterexample)}`,
        );
      }
      expect(r.status).toBe(claim.expected);
    });
    if (claim.fixture !== undefined) {
      it(`${claim.id} (fixture)`, () => {
        const out = claim.check(claim.fixture);
        if (out.ok !== (claim.expected === 'held')) console.error(`${claim.id} fixture: ${out.detail}`);
        expect(out.ok).toBe(claim.expected === 'held');
      });
    }
  }
});
