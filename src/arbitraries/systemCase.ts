import * as fc from 'fast-check';
import { checkInt, intMat, intVec } from './lattice.js';

/**
 * A noisy quadratic model (harrison2022 Section 4) on the integer lattice: H = (BBᵀ + cI)/4 (any SPD
 * of the lattice, ill-conditioned ones included), P = Pn/8 (any real matrix of the lattice), α = a/8,
 * Σ_ξ = CCᵀ/4 (any PSD, singular and zero included), φ₀ = phi/2.
 */
export interface SystemCase {
  B: number[][];
  c: number;
  /** P = Pn/8: any real matrix of the lattice. */
  Pn: number[][];
  /** α = a/8. */
  a: number;
  /** Σ_ξ = CCᵀ/4. */
  C: number[][];
  /** φ₀ = phi/2. */
  phi: number[];
}

export interface SystemCaseConstraints {
  /** α = a/8 with a in [0, maxA]. Default 8 (α ≤ 1). */
  maxA?: number;
  /** Largest dimension, in [1, 6]. Default 3. */
  maxDim?: number;
}

export function systemCase(constraints: SystemCaseConstraints = {}): fc.Arbitrary<SystemCase> {
  const { maxA = 8, maxDim = 3 } = constraints;
  checkInt('systemCase', 'maxA', maxA, 0, 1000);
  checkInt('systemCase', 'maxDim', maxDim, 1, 6);
  return fc.integer({ min: 1, max: maxDim }).chain((d) =>
    fc.record({
      B: intMat(d, d, -3, 3),
      c: fc.integer({ min: 1, max: 8 }),
      Pn: intMat(d, d, -4, 4),
      a: fc.integer({ min: 0, max: maxA }),
      C: intMat(d, d, -2, 2),
      phi: intVec(d, -3, 3),
    }),
  );
}
