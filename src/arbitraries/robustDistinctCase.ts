import * as fc from 'fast-check';
import { checkInt, intMat, intVec } from './lattice.js';

/**
 * A case of harrison2022 Lemma 3 with pairwise distinct d̄ᵢ: then D = {diag(d) : 0 < dᵢ ≤ d̄ᵢ} holds
 * Δ = diag(d̄) with distinct entries, and a P̃ simultaneously diagonalizable with every Δ of D commutes
 * with it, so P̃ is diagonal: P̃ = diag(λ̃), λ̃ᵢ = (−α + (kᵢ/8)·2/λ_max(H)) / max d̄ in (16)–(17).
 * H = (BBᵀ + cI)/4, α = (u/64)·2/λ_max(H), d̄ᵢ = dbarᵢ/4 pairwise distinct, dᵢ = dnᵢ/4 ∈ (0, d̄ᵢ]
 * (any realisation of the disturbance, equal dᵢ included).
 */
export interface RobustDistinctCase {
  B: number[][];
  c: number;
  u: number;
  /** d̄ᵢ = dbar[i]/4, pairwise distinct. */
  dbar: number[];
  /** dᵢ = dn[i]/4 with 1 ≤ dn[i] ≤ dbar[i]. */
  dn: number[];
  k: number[];
}

export interface RobustDistinctCaseConstraints {
  /** Largest dimension, in [1, 3]. Default 3. */
  maxDim?: number;
  /** Largest kᵢ (8 is the stated limit (17)). Default 8. */
  kMax?: number;
  /** d̄ᵢ numerators in [1, maxDbar] (d̄ ≤ maxDbar/4). Default 8. */
  maxDbar?: number;
}

export function robustDistinctCase(constraints: RobustDistinctCaseConstraints = {}): fc.Arbitrary<RobustDistinctCase> {
  const { maxDim = 3, kMax = 8, maxDbar = 8 } = constraints;
  checkInt('robustDistinctCase', 'maxDim', maxDim, 1, 3);
  checkInt('robustDistinctCase', 'kMax', kMax, 0, 64);
  checkInt('robustDistinctCase', 'maxDbar', maxDbar, maxDim, 64);
  return fc.integer({ min: 1, max: maxDim }).chain((d) =>
    fc
      .record({
        B: intMat(d, d, -3, 3),
        c: fc.integer({ min: 1, max: 8 }),
        u: fc.integer({ min: 1, max: 63 }),
        dbar: fc.uniqueArray(fc.integer({ min: 1, max: maxDbar }), { minLength: d, maxLength: d }),
        // the realisation as a fraction of d̄ (in thousandths, then rounded onto the lattice below)
        f: intVec(d, 1, 1000),
        k: intVec(d, 0, kMax),
      })
      .map(({ B, c, u, dbar, f, k }) => ({ B, c, u, dbar, dn: dbar.map((x, i) => Math.max(1, Math.round((x * f[i]) / 1000))), k })),
  );
}
