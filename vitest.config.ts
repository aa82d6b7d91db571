import { defineConfig } from 'vitest/config';

// spec/: the machinery is right; proofs-checks/: the papers' claims. Forks on the machine's cores
// (two in CI); property runs are sized for CI, L2L_RUNS_SCALE=10 runs ten times as many.
export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts', 'proofs-checks/**/*.check.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // in CI also a JSON summary, from which .ci/run prints the plain "N passed, N failed" line
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'report/vitest-results.json' }]] : ['default'],
  },
});
