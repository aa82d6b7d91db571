import * as fc from 'fast-check';
import { quadraticCase, type QuadraticCase, type QuadraticCaseConstraints } from './quadraticCase.js';

/**
 * A case of wang2021 Claim 3: an instance, ε = 10^(−epsK/1000)/L ∈ (0, 1/L), M̂ ≥ 2/α (at 2/α itself
 * up to 1e-12, or above it by a factor 1 + 10^(vK/1000)), and η in [0, η*−ε] (left) or [η*+ε, M̂] at
 * position f/1000 (both ends drawn).
 */
export interface Claim3Case {
  c: QuadraticCase;
  /** ε = (1/L_float)·10^(−epsK/1000), epsK ∈ [1, 6000]. */
  epsK: number;
  /** M̂ = (2/α_float)(1 + 1e-12)·(1 + v), v = 0 or 10^(vK/1000), vK ∈ [−3000, 2000]. */
  vZero: boolean;
  vK: number;
  left: boolean;
  /** Position of η in its interval, in thousandths (0 and 1000 are the ends). */
  f: number;
}

export interface Claim3CaseConstraints {
  /** Constraints of the instance. Default { spd: { minDim: 2, maxDim: 12 } } (Section 3's whole class). */
  quadratic?: QuadraticCaseConstraints;
}

export function claim3Case(constraints: Claim3CaseConstraints = {}): fc.Arbitrary<Claim3Case> {
  const { quadratic = { spd: { minDim: 2, maxDim: 12 } } } = constraints;
  if (typeof quadratic !== 'object' || quadratic === null) throw new RangeError('claim3Case: quadratic must be an object of quadraticCase constraints');
  return fc.record({
    c: quadraticCase(quadratic),
    epsK: fc.integer({ min: 1, max: 6000 }),
    vZero: fc.boolean(),
    vK: fc.integer({ min: -3000, max: 2000 }),
    left: fc.boolean(),
    f: fc.oneof(fc.constantFrom(0, 1000), fc.integer({ min: 0, max: 1000 })),
  });
}
