import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * globalSetup of the `checks` project (vitest.config.ts): one fresh directory per `vitest run` for
 * the verdicts the claim suites record (src/vitest/recorded.ts), named by L2L_CLAIM_RESULTS_DIR,
 * which the forks of both projects inherit; removed when the whole run (the gate included) ends.
 * When the `checks` project runs no file (gate.check.ts alone), this does not run and the gate
 * runs every claim itself.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'l2l-claim-results-'));
  process.env.L2L_CLAIM_RESULTS_DIR = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env.L2L_CLAIM_RESULTS_DIR;
  };
}
