import * as fc from 'fast-check';
import { checkInt, intMat, intVec, invertible } from './lattice.js';

/**
 * A case of harrison2022 Theorem 1 (and Lemma 2): H = (BBᵀ + cI)/4, α = a/8 ≥ 0, P = V diag(λ) V⁻¹
 * with λᵢ = −α + (kᵢ/8)·w, where the claim sets w = 2/λ_max(H) (Theorem 1, condition (10)) or
 * 2/√λ_max(H) (Lemma 2, condition (13)): kᵢ ∈ [0, 8] is exactly the interval (9)–(10) (resp. (9),
 * (13)), both ends included; kMax > 8 goes beyond it (the controls).
 *
 * "P diagonalizable with real eigenvalues" is the whole class P = V D V⁻¹, V any invertible integer
 * matrix (far from orthogonal included); `symmetric` draws P = Q D Qᵀ with Q = Cayley(K) exactly
 * orthogonal instead (K skew-symmetric with integer entries).
 */
export interface StabilityCase {
  B: number[][];
  c: number;
  a: number;
  k: number[];
  /** Eigenvector matrix (general P); the identity when `K` is given. */
  V: number[][];
  /** Upper triangle of a skew-symmetric K: P = Q diag(λ) Qᵀ with Q = Cayley(K) (symmetric P). */
  K?: number[];
}

export interface StabilityCaseConstraints {
  /** Symmetric P (P = QDQᵀ, Q orthogonal) instead of any diagonalizable P. Default false. */
  symmetric?: boolean;
  /** Largest dimension, in [1, 3] (the 80-digit rounding margin of the claims assumes d ≤ 3). Default 3. */
  maxDim?: number;
  /** Largest kᵢ: eigenvalues of P up to −α + (kMax/8)·w (8 is the stated limit). Default 8. */
  kMax?: number;
  /** α = a/8 with a in [0, maxA]. Default 16 (α ≤ 2). */
  maxA?: number;
  /** Entries of V in [−maxV, maxV]. Default 4. */
  maxV?: number;
}

export function stabilityCase(constraints: StabilityCaseConstraints = {}): fc.Arbitrary<StabilityCase> {
  const { symmetric = false, maxDim = 3, kMax = 8, maxA = 16, maxV = 4 } = constraints;
  checkInt('stabilityCase', 'maxDim', maxDim, 1, 3);
  checkInt('stabilityCase', 'kMax', kMax, 0, 64);
  checkInt('stabilityCase', 'maxA', maxA, 0, 1000);
  checkInt('stabilityCase', 'maxV', maxV, 1, 100);
  if (typeof symmetric !== 'boolean') throw new RangeError(`stabilityCase: symmetric must be a boolean, got ${String(symmetric)}`);
  return fc.integer({ min: 1, max: maxDim }).chain((d) =>
    fc
      .record({
        B: intMat(d, d, -3, 3),
        c: fc.integer({ min: 1, max: 8 }),
        a: fc.integer({ min: 0, max: maxA }),
        k: intVec(d, 0, kMax),
        V: symmetric ? fc.constant(Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)))) : intMat(d, d, -maxV, maxV),
        ...(symmetric ? { K: intVec((d * (d - 1)) / 2, -3, 3) } : {}),
      })
      .filter((c) => invertible(c.V)),
  ) as fc.Arbitrary<StabilityCase>;
}
