import * as fc from 'fast-check';
import { checkInt } from './lattice.js';
import { quadraticCase, type QuadraticCase, type QuadraticCaseConstraints } from './quadraticCase.js';

/** A Section 3 instance and a second point b = η + 2^(−j)·(1 + k/8)/L (wang2021 Theorem 3's convexity). */
export interface ConvexityCase {
  c: QuadraticCase;
  /** Second point b = a + 2^(−j)·(1+k/8)/L_float. */
  j: number;
  k: number;
}

export interface ConvexityCaseConstraints {
  /** Constraints of the instance. Default { spd: { minDim: 2, maxDim: 12 } } (Section 3's whole class). */
  quadratic?: QuadraticCaseConstraints;
  /** Largest j (b − a down to 2^(−maxJ)/L). Default 30. */
  maxJ?: number;
}

export function convexityCase(constraints: ConvexityCaseConstraints = {}): fc.Arbitrary<ConvexityCase> {
  const { quadratic = { spd: { minDim: 2, maxDim: 12 } }, maxJ = 30 } = constraints;
  checkInt('convexityCase', 'maxJ', maxJ, 0, 60);
  return fc.record({ c: quadraticCase(quadratic), j: fc.integer({ min: 0, max: maxJ }), k: fc.integer({ min: 0, max: 8 }) });
}
