import { harrison2022Fig2Claims } from '../src/claims/harrison2022-fig2.js';
import { claimSuite } from '../src/vitest/claimSuite.js';

/**
 * harrison2022 Figure 2b–c (ES meta-training on the noisy quadratic): every claim of the family, one
 * test per id. The caption's "100× as many iterations, or fail to train entirely" is a finding:
 * expected `falsified`, replayed from its literal fixture (seed 1).
 */
claimSuite('harrison2022, Figure 2b–c: meta-training with a nominal term', harrison2022Fig2Claims);
