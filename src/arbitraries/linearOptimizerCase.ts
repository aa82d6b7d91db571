import * as fc from 'fast-check';
import { checkInt, intMat } from './lattice.js';

/**
 * A learned linear optimizer P on a quadratic H (harrison2022 Figure 1d): H = (BBᵀ + cI)/4, P = Pn/8
 * any real matrix of the lattice (non-normal, complex spectrum, indefinite: no hypothesis on P).
 */
export interface LinearOptimizerCase {
  B: number[][];
  c: number;
  Pn: number[][];
}

export interface LinearOptimizerCaseConstraints {
  /** Largest dimension, in [1, 3]. Default 3. */
  maxDim?: number;
  /** Entries of Pn in [−maxP, maxP] (P = Pn/8). Default 16. */
  maxP?: number;
}

export function linearOptimizerCase(constraints: LinearOptimizerCaseConstraints = {}): fc.Arbitrary<LinearOptimizerCase> {
  const { maxDim = 3, maxP = 16 } = constraints;
  checkInt('linearOptimizerCase', 'maxDim', maxDim, 1, 3);
  checkInt('linearOptimizerCase', 'maxP', maxP, 0, 1000);
  return fc.integer({ min: 1, max: maxDim }).chain((d) => fc.record({ B: intMat(d, d, -3, 3), c: fc.integer({ min: 1, max: 8 }), Pn: intMat(d, d, -maxP, maxP) }));
}
