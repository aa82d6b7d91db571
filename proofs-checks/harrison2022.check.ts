import { harrison2022Claims } from '../src/claims/harrison2022.js';
import { claimSuite } from '../src/vitest/claimSuite.js';

/**
 * harrison2022 Section 4 (noisy quadratic model) and the Figure 1 captions: every claim of the
 * registry, one test per id. Theorem 1 (non-symmetric P), Lemma 2, Lemma 3, Figure 1(a) (real part and
 * real line, read literally) and Eqn 19 (for every system) are findings: expected `falsified`, found by
 * the search within the run count and replayed from a literal fixture (README "Findings").
 */
claimSuite('harrison2022, Section 4: the noisy quadratic model', harrison2022Claims);
