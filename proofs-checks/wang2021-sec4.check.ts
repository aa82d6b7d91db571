import { wang2021Sec4Claims } from '../src/claims/wang2021-sec4.js';
import { claimSuite } from '../src/vitest/claimSuite.js';

/**
 * wang2021 Section 4 (train-by-train vs train-by-validation): every claim of the registry, one
 * test per id (the shared claimSuite prints seed, path and replay command on a mismatch). The
 * runner's seed is fixed, so the statistical checks cannot flip between runs. The asymptotic
 * theorems are `kind: 'witnessed'`: a passing run is `witnessed`, with the constants we fixed.
 */
claimSuite('wang2021, Section 4: train-by-train vs train-by-validation', wang2021Sec4Claims);
