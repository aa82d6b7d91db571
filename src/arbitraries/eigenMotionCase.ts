import * as fc from 'fast-check';
import { checkInt, intMat } from './lattice.js';

/**
 * A learned linear optimizer on a quadratic (harrison2022 Figure 1): H = (BBᵀ + cI)/4, P = Pn/8 any
 * real matrix of the lattice (the captions say "for a learned optimizer": no hypothesis on P), and a
 * point x = m/16 ∈ [0, maxM/16] of the intervention's magnitude (α for the nominal term, the scale
 * s of P for weight decay), at which the eigenvalues of A are moved by an increment.
 */
export interface EigenMotionCase {
  B: number[][];
  c: number;
  Pn: number[][];
  /** The intervention's magnitude: m/16. */
  m: number;
}

export interface EigenMotionCaseConstraints {
  /** Largest dimension, in [1, 3]. Default 3. */
  maxDim?: number;
  /** Smallest m. Default 0. */
  minM?: number;
  /** Largest m (magnitude ≤ maxM/16). Default 32. */
  maxM?: number;
}

export function eigenMotionCase(constraints: EigenMotionCaseConstraints = {}): fc.Arbitrary<EigenMotionCase> {
  const { maxDim = 3, minM = 0, maxM = 32 } = constraints;
  checkInt('eigenMotionCase', 'maxDim', maxDim, 1, 3);
  checkInt('eigenMotionCase', 'minM', minM, 0, 1000);
  checkInt('eigenMotionCase', 'maxM', maxM, minM, 1000);
  return fc.integer({ min: 1, max: maxDim }).chain((d) =>
    fc.record({ B: intMat(d, d, -3, 3), c: fc.integer({ min: 1, max: 8 }), Pn: intMat(d, d, -8, 8), m: fc.integer({ min: minM, max: maxM }) }),
  );
}
