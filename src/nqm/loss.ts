import type { Arith } from '../arith/types.js';
import { addMat, congruence, congruenceT, matMul, outer, quadForm, scaleMat, traceProd, zeros, type Mat } from './mat.js';
import { dynamicsMatrix, injectedCovariance, type NqmSystem } from './model.js';

/**
 * The expected meta-loss, Eqn 8 with the ½ of the loss (4) kept:
 *
 *   L(θ;T) = E[(1/T) Σ_{t=1..T} ½ (φ_t − ξ_t)ᵀ H (φ_t − ξ_t)]
 *          = (1/T) Σ_{t=1..T} ½ [ m_tᵀ H m_t + tr(H Σ_t) + tr(H Σ_ξ) ],
 *
 * m_t = Aᵗ φ₀, Σ_{t+1} = A Σ_t Aᵀ + (I − A) Σ_ξ (I − A)ᵀ, Σ_0 = 0 (Eqn 7; Σ_0 = phi0Cov for a random
 * start). Eqn 8 as printed drops the ½ of Eqn 4 in every term: our value is exactly ½ × the printed
 * expression. The sum starts at t = 1: the loss at φ₀ (which P cannot change) is not counted.
 * The cross term vanishes because φ_t is independent of ξ_t (see model.ts).
 *
 * `deterministic` is the same with Σ_ξ = 0 (Lemma 4's L̄): (1/T) Σ ½ [m_tᵀHm_t + tr(H Aᵗ Σ_0 Aᵗᵀ)].
 */
export interface LossPoint<T> {
  T: number;
  expected: T;
  deterministic: T;
}

function checkHorizons(horizons: readonly number[]): number[] {
  for (const T of horizons) if (!Number.isSafeInteger(T) || T < 1) throw new RangeError(`horizon must be an integer >= 1, got ${T}`);
  return [...new Set(horizons)].sort((a, b) => a - b);
}

/**
 * Eqns 7–8 by the recursion itself, one pass to max T (every horizon of the list read off the running
 * sums): O(T d³). The literal form of the paper's formula; `expectedLossDoubling` is the fast one.
 */
export function expectedLoss<T>(A: Arith<T>, sys: NqmSystem<T>, horizons: readonly number[]): LossPoint<T>[] {
  return expectedLossOfA(A, dynamicsMatrix(A, sys.H, sys.P, sys.alpha), sys, horizons);
}

/** The same for a given dynamics matrix A (any A is I − αH − PH for P = (I − αH − A)H⁻¹). */
export function expectedLossOfA<T>(
  A: Arith<T>,
  Am: Mat<T>,
  sys: Pick<NqmSystem<T>, 'H' | 'SigmaXi' | 'phi0' | 'phi0Cov'>,
  horizons: readonly number[],
): LossPoint<T>[] {
  const Ts = checkHorizons(horizons);
  const Q = injectedCovariance(A, Am, sys.SigmaXi);
  const half = A.div(A.one, A.fromNumber(2));
  const noiseFloor = A.mul(half, traceProd(A, sys.H, sys.SigmaXi)); // ½ tr(H Σ_ξ), every step
  let m = sys.phi0;
  let SigmaNoise = zeros(A, sys.H.length);
  let SigmaStart: Mat<T> | undefined = sys.phi0Cov;
  let detSum = A.zero; // Σ ½ (m_tᵀHm_t + tr(H Aᵗ Σ_0 Aᵗᵀ))
  let noiseSum = A.zero; // Σ ½ tr(H Σ_t^noise)
  const out: LossPoint<T>[] = [];
  let k = 0;
  for (let t = 1; t <= Ts[Ts.length - 1]; t++) {
    m = matVecLocal(A, Am, m);
    SigmaNoise = addMat(A, congruence(A, Am, SigmaNoise), Q);
    let det = quadForm(A, sys.H, m);
    if (SigmaStart) {
      SigmaStart = congruence(A, Am, SigmaStart);
      det = A.add(det, traceProd(A, sys.H, SigmaStart));
    }
    detSum = A.add(detSum, A.mul(half, det));
    noiseSum = A.add(noiseSum, A.mul(half, traceProd(A, sys.H, SigmaNoise)));
    if (t === Ts[k]) {
      const Tn = A.fromNumber(t);
      const deterministic = A.div(detSum, Tn);
      out.push({ T: t, deterministic, expected: A.add(A.add(deterministic, A.div(noiseSum, Tn)), noiseFloor) });
      k++;
    }
  }
  return out;
}

function matVecLocal<T>(A: Arith<T>, M: Mat<T>, x: readonly T[]): T[] {
  return M.map((row) => {
    let s = A.zero;
    for (let j = 0; j < row.length; j++) s = A.add(s, A.mul(row[j], x[j]));
    return s;
  });
}

/**
 * A block of n steps: P = Aⁿ, X = Σ_{k<n} G_k, Y = Σ_{k<n} (n−k) G_k with G_k = (Aᵏ)ᵀ H Aᵏ.
 * With S_1 = A S_0 Aᵀ (S_0 = φ₀φ₀ᵀ + Σ_0) and Q = (I−A)Σ_ξ(I−A)ᵀ:
 *   Σ_{t=1..T} (m_tᵀHm_t + tr(H Aᵗ Σ_0 Aᵗᵀ)) = tr(X_T S_1),   Σ_{t=1..T} tr(H Σ_t) = tr(Y_T Q).
 * Y is carried with its positive weights (not as T·X − Σ k G_k) so no cancellation occurs.
 */
interface Block<T> {
  n: number;
  P: Mat<T>;
  X: Mat<T>;
  Y: Mat<T>;
}

/** Block a followed by block b: steps k ≥ a.n see G_k = a.Pᵀ G'_{k−a.n} a.P. */
function concat<T>(A: Arith<T>, a: Block<T>, b: Block<T>): Block<T> {
  const X = addMat(A, a.X, congruenceT(A, a.P, b.X));
  const Y = addMat(A, addMat(A, a.Y, scaleMat(A, A.fromNumber(b.n), a.X)), congruenceT(A, a.P, b.Y));
  return { n: a.n + b.n, P: matMul(A, b.P, a.P), X, Y };
}

/**
 * Eqn 8 for every horizon of the list in O(d³ log T) each, by doubling blocks of the recursion: the
 * decimal reference at T = 10⁴, d = 10 takes seconds instead of minutes. Same values as
 * `expectedLoss` (spec/nqm.spec.ts checks it) up to rounding.
 */
export function expectedLossDoubling<T>(A: Arith<T>, sys: NqmSystem<T>, horizons: readonly number[]): LossPoint<T>[] {
  const Ts = checkHorizons(horizons);
  const Am = dynamicsMatrix(A, sys.H, sys.P, sys.alpha);
  const Q = injectedCovariance(A, Am, sys.SigmaXi);
  const half = A.div(A.one, A.fromNumber(2));
  const noiseFloor = A.mul(half, traceProd(A, sys.H, sys.SigmaXi));
  let S0 = outer(A, sys.phi0, sys.phi0);
  if (sys.phi0Cov) S0 = addMat(A, S0, sys.phi0Cov);
  const S1 = congruence(A, Am, S0);
  const pow2: Block<T>[] = [{ n: 1, P: Am, X: sys.H, Y: sys.H }];
  const blockOf = (len: number): Block<T> => {
    let acc: Block<T> | undefined;
    for (let bit = 0; Math.floor(len / 2 ** bit) > 0; bit++) {
      while (pow2.length <= bit) pow2.push(concat(A, pow2[pow2.length - 1], pow2[pow2.length - 1]));
      if (Math.floor(len / 2 ** bit) % 2 === 1) acc = acc ? concat(A, acc, pow2[bit]) : pow2[bit];
    }
    return acc!;
  };
  const out: LossPoint<T>[] = [];
  let cur: Block<T> | undefined;
  for (const T of Ts) {
    const len = T - (cur?.n ?? 0);
    cur = cur ? concat(A, cur, blockOf(len)) : blockOf(len);
    const Tn = A.fromNumber(T);
    const deterministic = A.div(A.mul(half, traceProd(A, cur.X, S1)), Tn);
    const noise = A.div(A.mul(half, traceProd(A, cur.Y, Q)), Tn);
    out.push({ T, deterministic, expected: A.add(A.add(deterministic, noise), noiseFloor) });
  }
  return out;
}
