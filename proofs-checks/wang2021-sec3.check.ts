import { wang2021Sec3Claims } from '../src/claims/wang2021-sec3.js';
import { claimSuite } from '../src/vitest/claimSuite.js';

/**
 * wang2021 Section 3 (one quadratic task): Theorem 3, Theorem 4 (its conclusion past the proof's k′,
 * and the proof's steps), Claims 1–3, Corollary 1 and their negative controls, one test per registry
 * id. Every inequality is decided exactly in decimal (src/claims/decide.ts); explode-vanish and cor1
 * are asymptotic statements with verdict `witnessed`.
 */
claimSuite('wang2021, Section 3: one quadratic task', wang2021Sec3Claims);
