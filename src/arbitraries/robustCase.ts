import * as fc from 'fast-check';
import { checkInt, intMat, intVec, invertible } from './lattice.js';

/**
 * A case of harrison2022 Lemma 3: H = (BBᵀ + cI)/4, α = (u/64)·2/λ_max(H) with u ∈ 1..63
 * (0 < α < 2/λ_max(H) strictly), dᵢ = dvᵢ/4 > 0 and d̄ᵢ = dᵢ + eᵢ/4 ≥ dᵢ, P̃ = V diag(λ̃) V⁻¹ with V
 * block-diagonal over the groups of equal dᵢ (that is exactly simultaneous diagonalizability with
 * the diagonal Δ = diag(d)), λ̃ᵢ in the interval (16)–(17): λ̃ᵢ = (−α + (kᵢ/8)·2/λ_max(H)) / max d̄.
 */
export interface RobustCase {
  B: number[][];
  c: number;
  u: number;
  dv: number[];
  e: number[];
  k: number[];
  W: number[][];
}

/** V: W with the entries between different dᵢ zeroed (block-diagonal over equal dᵢ). */
export function maskedV(c: RobustCase): number[][] {
  return c.W.map((r, i) => r.map((x, j) => (c.dv[i] === c.dv[j] ? x : 0)));
}

export interface RobustCaseConstraints {
  /** Largest dimension, in [1, 3]. Default 3. */
  maxDim?: number;
  /** Largest kᵢ (8 is the stated limit (17)). Default 8. */
  kMax?: number;
}

export function robustCase(constraints: RobustCaseConstraints = {}): fc.Arbitrary<RobustCase> {
  const { maxDim = 3, kMax = 8 } = constraints;
  checkInt('robustCase', 'maxDim', maxDim, 1, 3);
  checkInt('robustCase', 'kMax', kMax, 0, 64);
  return fc.integer({ min: 1, max: maxDim }).chain((d) =>
    fc
      .record({
        B: intMat(d, d, -3, 3),
        c: fc.integer({ min: 1, max: 8 }),
        u: fc.integer({ min: 1, max: 63 }),
        // Δ with all-equal entries (Δ = cI, where P̃ may be any diagonalizable matrix) is half the draws:
        // it is the part of the class the proof's eigenvalue products λⱼ(Δ)λₖ(P̃) say least about
        dv: fc.oneof(intVec(d, 1, 4), fc.integer({ min: 1, max: 4 }).map((x) => new Array<number>(d).fill(x))),
        e: intVec(d, 0, 4),
        k: intVec(d, 0, kMax),
        W: intMat(d, d, -4, 4),
      })
      .filter((c) => invertible(maskedV(c))),
  );
}
