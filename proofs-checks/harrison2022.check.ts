import { harrison2022Claims } from '../src/claims/harrison2022.js';
import { claimSuite } from '../src/vitest/claimSuite.js';

/**
 * harrison2022 Section 4 (noisy quadratic model): every claim of the registry, one test per id.
 * Theorem 1 (non-symmetric P), Lemma 2 and Lemma 3 are findings: expected `falsified`, each with
 * its shrunk counterexample replayed from a literal fixture (README "Findings").
 */
claimSuite('harrison2022, Section 4: the noisy quadratic model', harrison2022Claims);
