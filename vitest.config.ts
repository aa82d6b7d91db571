import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// spec/: the machinery is right; proofs-checks/: the papers' claims. Forks on the machine's cores
// (two in CI); property runs are sized for CI, L2L_RUNS_SCALE=10 runs ten times as many.
//
// Two projects run one after the other (sequence.groupOrder): every spec and claim suite first,
// then the gate, which compares the verdicts the claim suites of this run recorded (one fresh
// directory per run, L2L_CLAIM_RESULTS_DIR, made and removed by spec/support/claim-results.ts and
// inherited by the forks) with gate-baseline.json instead of running the ledger a second time
// (src/vitest/recorded.ts).

// One fork per core: vitest's own default in run mode is cores − 1, which on a two-core machine runs
// every file one after another.
const shared = { testTimeout: 240_000, hookTimeout: 120_000, pool: 'forks' as const, maxWorkers: Math.max(1, availableParallelism()) };

export default defineConfig({
  test: {
    // in CI also a JSON summary, from which .ci/run prints the plain "N passed, N failed" line
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'report/vitest-results.json' }]] : ['default'],
    projects: [
      { test: { ...shared, name: 'checks', include: ['spec/**/*.spec.ts', 'proofs-checks/**/*.check.ts'], exclude: ['proofs-checks/gate.check.ts'], globalSetup: ['./spec/support/claim-results.ts'], sequence: { groupOrder: 0 } } },
      { test: { ...shared, name: 'gate', include: ['proofs-checks/gate.check.ts'], sequence: { groupOrder: 1 } } },
    ],
  },
});
