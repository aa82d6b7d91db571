import { wang2021Sec52Claims } from '../src/claims/wang2021-sec52.js';
import { claimSuite } from '../src/vitest/claimSuite.js';

/**
 * wang2021 Section 5.2 on real MNIST digits (step-size learned optimizer, reduced network): every
 * claim and control, one test per id. The claims share one cache of trained runs per (setting,
 * seed), so the file trains each test problem once; fast-check's fixed seed keeps the cases fixed.
 */
claimSuite('wang2021, Section 5.2: TbT vs TbV on MNIST', wang2021Sec52Claims);
