import * as fc from 'fast-check';
import { checkInt, intMat } from './lattice.js';

/**
 * Heavy-ball momentum on a quadratic (harrison2022 Section 4.4): H = (BBᵀ + cI)/4, β = b/16 ∈ [0, 1),
 * step η = x/λ_max(H) with x = m/16 ∈ (0, maxX]: x = 2 (GD's limit) and x = 2(1+β) (momentum's) are
 * lattice points, so both ends and both sides of each are drawn.
 */
export interface MomentumCase {
  B: number[][];
  c: number;
  /** β = b/16. */
  b: number;
  /** η·λ_max(H) = m/16. */
  m: number;
}

export interface MomentumCaseConstraints {
  /** Largest dimension, in [1, 3]. Default 3. */
  maxDim?: number;
  /** Largest m (η·λ_max(H) ≤ maxM/16). Default 80 (≤ 5, beyond 2(1+β) < 4 for every β). */
  maxM?: number;
}

export function momentumCase(constraints: MomentumCaseConstraints = {}): fc.Arbitrary<MomentumCase> {
  const { maxDim = 3, maxM = 80 } = constraints;
  checkInt('momentumCase', 'maxDim', maxDim, 1, 3);
  checkInt('momentumCase', 'maxM', maxM, 1, 1000);
  return fc.integer({ min: 1, max: maxDim }).chain((d) =>
    fc
      .record({
        B: intMat(d, d, -3, 3),
        c: fc.integer({ min: 1, max: 8 }),
        b: fc.integer({ min: 0, max: 15 }),
        // half the draws at the edges: GD's limit x = 2 or momentum's x = 2(1+β), or one lattice step either side
        sel: fc.integer({ min: 0, max: 3 }),
        m: fc.integer({ min: 1, max: maxM }),
        off: fc.integer({ min: -1, max: 1 }),
      })
      .map(({ B, c, b, sel, m, off }) => ({ B, c, b, m: sel <= 1 ? m : Math.min(maxM, sel === 2 ? 32 + off : 32 + 2 * b + off) })),
  );
}
