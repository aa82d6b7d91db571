import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClaimResult } from '../claims/types.js';
import type { RecordedVerdict } from '../gate/run.js';
import { runsScale } from '../claims/run.js';

/**
 * Results the claim suites of one `vitest run` hand to the gate check, so that the gate compares
 * the verdicts this run already computed instead of running the whole ledger a second time.
 *
 * `L2L_CLAIM_RESULTS_DIR` (set by the project's vitest.config.ts, one fresh directory per run)
 * names the directory; claimSuite writes one `<id>.json` per registry claim it ran, with the seed
 * and runs scale it ran with. The gate takes a record only when seed and scale equal its own (a
 * replayed or rescaled claim is rerun by the gate) and runs every claim without a record itself.
 * Unset (a user's own suite, `l2l-verify/vitest`): nothing is written.
 */
export const CLAIM_RESULTS_ENV = 'L2L_CLAIM_RESULTS_DIR';

export interface RecordedResult extends RecordedVerdict {
  seed: number;
  runsScale: number;
}

/** Record one claim's result (after its fixture replay, as the ledger does) when a directory is set. */
export function recordClaimResult(r: Pick<ClaimResult, 'id' | 'status' | 'foundBy' | 'seed'>, dir = process.env[CLAIM_RESULTS_ENV]): void {
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const rec: RecordedResult = { id: r.id, status: r.status, ...(r.foundBy ? { foundBy: r.foundBy } : {}), seed: r.seed, runsScale: runsScale() };
  // one small file per claim: written whole by the one fork that ran the claim
  writeFileSync(join(dir, `${encodeURIComponent(r.id)}.json`), `${JSON.stringify(rec)}\n`);
}

/** The records of a directory that ran with this seed and the current runs scale (others are ignored). */
export function readRecordedResults(seed: number, dir = process.env[CLAIM_RESULTS_ENV]): Map<string, RecordedResult> {
  const out = new Map<string, RecordedResult>();
  if (!dir) return out;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  const scale = runsScale();
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    try {
      const rec = JSON.parse(readFileSync(join(dir, name), 'utf8')) as RecordedResult;
      if (rec.seed === seed && rec.runsScale === scale && typeof rec.id === 'string' && typeof rec.status === 'string') out.set(rec.id, rec);
    } catch {
      // a record being written by a fork still running is not a result yet: the gate runs that claim
    }
  }
  return out;
}
