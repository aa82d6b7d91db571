import * as fc from 'fast-check';
import { checkInt, intMat, intVec, invertible } from './lattice.js';

/**
 * A case of harrison2022 Section 4.3's cancellation (Eqns 18–19): H = (BBᵀ + cI)/4,
 * α = (u/64)·2/λ_max(H) ∈ (0, 2/λ_max(H)) (Lemma 3's hypothesis), P* = V diag(μ) V⁻¹ with
 * μᵢ = (kᵢ/8)·2/λ_max(H) (any diagonalizable P* with real eigenvalues in [0, 4/λ_max(H)]: the
 * cancelled system φ ← φ − P*∇ stable or not), uncertainty bound d̄ = dbar/4 ∈ (0, 2], so that
 * Δ = (1−ε)I ∈ D for every ε ∈ [1 − d̄, 1). `symmetric` draws P* = Q diag(μ) Qᵀ (Q = Cayley(K)).
 */
export interface CancellationCase {
  B: number[][];
  c: number;
  u: number;
  k: number[];
  V: number[][];
  /** Upper triangle of a skew-symmetric K (symmetric P*). */
  K?: number[];
  dbar: number;
}

export interface CancellationCaseConstraints {
  /** Largest dimension, in [1, 3]. Default 3. */
  maxDim?: number;
  /** Largest kᵢ (μᵢ ≤ (kMax/8)·2/λ_max(H)). Default 16. */
  kMax?: number;
  /** d̄ = dbar/4 with dbar in [1, maxDbar]. Default 8 (d̄ ≤ 2, negative ε admissible). */
  maxDbar?: number;
}

export function cancellationCase(constraints: CancellationCaseConstraints = {}): fc.Arbitrary<CancellationCase> {
  const { maxDim = 3, kMax = 16, maxDbar = 8 } = constraints;
  checkInt('cancellationCase', 'maxDim', maxDim, 1, 3);
  checkInt('cancellationCase', 'kMax', kMax, 0, 64);
  checkInt('cancellationCase', 'maxDbar', maxDbar, 1, 64);
  return fc.integer({ min: 1, max: maxDim }).chain((d) =>
    fc.oneof(
      fc
        .record({ B: intMat(d, d, -3, 3), c: fc.integer({ min: 1, max: 8 }), u: fc.integer({ min: 1, max: 63 }), k: intVec(d, 0, kMax), V: intMat(d, d, -4, 4), dbar: fc.integer({ min: 1, max: maxDbar }) })
        .filter((x) => invertible(x.V)),
      fc.record({
        B: intMat(d, d, -3, 3),
        c: fc.integer({ min: 1, max: 8 }),
        u: fc.integer({ min: 1, max: 63 }),
        k: intVec(d, 0, kMax),
        V: fc.constant(Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)))),
        K: intVec((d * (d - 1)) / 2, -3, 3),
        dbar: fc.integer({ min: 1, max: maxDbar }),
      }),
    ),
  ) as fc.Arbitrary<CancellationCase>;
}
