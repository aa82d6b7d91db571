import { describe, expect, it } from 'vitest';
import type { ClaimDefinition } from '../claims/types.js';
import { replayFixture, runClaim } from '../claims/run.js';
import { CLAIM_RESULTS_ENV, recordClaimResult } from './recorded.js';
import { cliReplay, replayFromEnv, type ReplayLine } from './replay.js';

function failureMessage(id: string, expected: string, r: ReturnType<typeof runClaim>, replay: ReplayLine = cliReplay): string {
  return (
    `${id}: expected ${expected}, got ${r.status} after ${r.cases} cases${r.foundAtRun ? ` (search failed at run ${r.foundAtRun})` : ''}\n` +
    `  seed ${r.seed}, path ${r.path ?? '-'}\n` +
    `  replay: ${replay(id, r.seed, r.path)}\n` +
    `  ${r.error ?? r.detail ?? '(no detail)'}\n` +
    `  counterexample: ${JSON.stringify(r.counterexample)}`
  );
}

/**
 * One vitest test per registry id (title = the id), asserting its status equals its expected
 * verdict (certified, held, witnessed or falsified; the random search alone, so a finding must be
 * found by the search, as the gate also requires); a published claim found false keeps its shrunk counterexample as a literal fixture,
 * replayed by a test of its own so CI proves the finding on every run. L2L_RUNS_SCALE multiplies
 * the runs of every claim. `replay` writes the replay line of a failure (default: the CLI's, for
 * the registry; l2l-verify/vitest passes `vitestReplay` for a user's claims).
 */
export function claimSuite(title: string, claims: readonly ClaimDefinition<any>[], replay: ReplayLine = cliReplay): void {
  describe(title, () => {
    for (const claim of claims) {
      it(claim.id, () => {
        const replayed = replayFromEnv(claim.id);
        const r = runClaim(claim, replayed);
        // the gate check of the same run compares this verdict instead of computing it again
        // (with the fixture replayed when the search found nothing, as the ledger does)
        if (replayed.seed === undefined && process.env[CLAIM_RESULTS_ENV]) recordClaimResult(replayFixture(claim, r));
        const msg = failureMessage(claim.id, claim.expected, r, replay);
        if (r.status !== claim.expected) console.error(msg);
        expect(r.status, msg).toBe(claim.expected);
      });
      if (claim.fixture !== undefined) {
        it(`${claim.id} (fixture)`, () => {
          const out = claim.check(claim.fixture);
          // a finding's fixture must falsify; the fixture of a true claim (certified, held, witnessed) must pass
          const want = claim.expected !== 'falsified';
          const msg = `${claim.id} fixture: ${out.detail ?? ''}\n  fixture: ${JSON.stringify(claim.describe ? claim.describe(claim.fixture) : claim.fixture)}`;
          if (out.ok !== want) console.error(msg);
          expect(out.ok, msg).toBe(want);
        });
      }
    }
  });
}
