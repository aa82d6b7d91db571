import type { Arith } from '../arith/types.js';
import { addMat, congruence, identity, inverse, matMul, scaleMat, subMat, type Mat, type Vec } from './mat.js';

/**
 * harrison2022's noisy quadratic model (Section 4, Eqns 4–6).
 *
 *   ℓ(φ_t) = ½ (φ_t − ξ_t)ᵀ H (φ_t − ξ_t),   ξ_t ~ N(0, Σ_ξ) i.i.d.,   ∇_t = H(φ_t − ξ_t)
 *   φ_{t+1} = φ_t − (αI + P)∇_t = A φ_t + (I − A) ξ_t,   A = I − αH − PH          (Eqn 6)
 *
 * Index convention (used everywhere in src/nqm, and matched by the Monte Carlo): ξ_t is drawn once
 * per step t = 0, 1, 2, …; it is both the minimum of the loss ℓ_t evaluated at φ_t and the noise of
 * the update φ_t → φ_{t+1}. φ_t depends on ξ_0 … ξ_{t−1} only, so it is independent of ξ_t.
 * φ₀ is deterministic (optionally φ₀ ~ N(phi0, phi0Cov), see below).
 */
export interface NqmSystem<T> {
  H: Mat<T>;
  P: Mat<T>;
  alpha: T;
  SigmaXi: Mat<T>;
  phi0: Vec<T>;
  /**
   * Covariance of a random start φ₀ ~ N(phi0, phi0Cov), independent of the ξ_t. Absent = 0
   * (CLI.md's deterministic φ₀). The paper's Fig. 2a draws φ₀ ~ N(0, 10 I).
   */
  phi0Cov?: Mat<T>;
}

/** A = I − αH − PH (Eqn 6). */
export function dynamicsMatrix<T>(A: Arith<T>, H: Mat<T>, P: Mat<T>, alpha: T): Mat<T> {
  const n = H.length;
  return subMat(A, subMat(A, identity(A, n), scaleMat(A, alpha, H)), matMul(A, P, H));
}

/** I − A = (αI + P)H. */
export function noiseGain<T>(A: Arith<T>, Amat: Mat<T>): Mat<T> {
  return subMat(A, identity(A, Amat.length), Amat);
}

/** Q = (I − A) Σ_ξ (I − A)ᵀ: the covariance the noise injects per step (Eqn 7's summand at k = t−1). */
export function injectedCovariance<T>(A: Arith<T>, Amat: Mat<T>, SigmaXi: Mat<T>): Mat<T> {
  return congruence(A, noiseGain(A, Amat), SigmaXi);
}

/**
 * H^{1/2} and H^{−1/2} of an SPD H by the Denman–Beavers iteration (quadratically convergent, stable
 * for SPD H; no eigenvectors needed, so it runs unchanged in decimal).
 */
export function sqrtm<T>(A: Arith<T>, H: Mat<T>, maxIterations = 200): { sqrt: Mat<T>; invSqrt: Mat<T> } {
  const n = H.length;
  let Y = H;
  let Z = identity(A, n);
  const half = A.div(A.one, A.fromNumber(2));
  for (let k = 0; k < maxIterations; k++) {
    const Yi = inverse(A, Y);
    const Zi = inverse(A, Z);
    const Yn = scaleMat(A, half, addMat(A, Y, Zi));
    const Zn = scaleMat(A, half, addMat(A, Z, Yi));
    let diff = A.zero;
    let size = A.zero;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        diff = A.add(diff, A.abs(A.sub(Yn[i][j], Y[i][j])));
        size = A.add(size, A.abs(Yn[i][j]));
      }
    Y = Yn;
    Z = Zn;
    // stop once the update is at the rounding level of the arithmetic
    if (A.cmp(diff, A.mul(size, A.fromString(`1e-${Math.max(1, Math.floor(A.digits) - 3)}`))) <= 0) break;
  }
  // symmetrise: both are symmetric in exact arithmetic
  const sym = (M: Mat<T>) => M.map((r, i) => r.map((_, j) => A.mul(half, A.add(M[i][j], M[j][i]))));
  return { sqrt: sym(Y), invSqrt: sym(Z) };
}

/**
 * Lemma 2's preconditioned dynamics (Eqn 12): φ_{t+1} = φ_t − H^{−1/2}(αI + P)∇_t, so
 * A₂ = I − H^{−1/2}(αI + P)H.
 */
export function preconditionedDynamicsMatrix<T>(A: Arith<T>, H: Mat<T>, P: Mat<T>, alpha: T, invSqrtH?: Mat<T>): Mat<T> {
  const n = H.length;
  const Z = invSqrtH ?? sqrtm(A, H).invSqrt;
  const M = addMat(A, scaleMat(A, alpha, identity(A, n)), P);
  return subMat(A, identity(A, n), matMul(A, matMul(A, Z, M), H));
}

/** Convert a system between arithmetics (e.g. decimal text → float64). */
export function mapSystem<T, U>(s: NqmSystem<T>, f: (x: T) => U): NqmSystem<U> {
  const m = (M: Mat<T>) => M.map((r) => r.map(f));
  return {
    H: m(s.H),
    P: m(s.P),
    alpha: f(s.alpha),
    SigmaXi: m(s.SigmaXi),
    phi0: s.phi0.map(f),
    ...(s.phi0Cov ? { phi0Cov: m(s.phi0Cov) } : {}),
  };
}
