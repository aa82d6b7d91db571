import type { Arith } from '../arith/types.js';
import {
  addMat,
  congruence,
  congruenceT,
  matMul,
  matTVec,
  matVec,
  outer,
  scaleMat,
  subMat,
  traceProd,
  type Mat,
  type Vec,
} from './mat.js';
import { dynamicsMatrix, noiseGain, type NqmSystem } from './model.js';

/**
 * Meta-gradients of L(θ;T) with respect to θ = (α, P).
 *
 * Everything goes through G_A = ∂L/∂A and the chain rule of A = I − αH − PH:
 *   ∂L/∂α = −⟨G_A, H⟩_F,   ∂L/∂P = −G_A H   (H symmetric).
 */
export interface MetaGradient<T> {
  T: number;
  /** The meta-loss itself at this horizon. */
  loss: T;
  dAlpha: T;
  dP: Mat<T>;
  /** ∂L/∂A. */
  dA: Mat<T>;
}

function chain<T>(A: Arith<T>, H: Mat<T>, GA: Mat<T>): { dAlpha: T; dP: Mat<T> } {
  return { dAlpha: A.neg(traceProd(A, GA, H)), dP: scaleMat(A, A.neg(A.one), matMul(A, GA, H)) };
}

/**
 * Exact derivative of the expected loss (Eqn 8, ½ kept, see loss.ts) by an adjoint recursion.
 *
 * With the second moment S_t = E[φ_t φ_tᵀ] = m_t m_tᵀ + Σ_t, the recursion S_{t+1} = A S_t Aᵀ + B Σ_ξ Bᵀ
 * (B = I − A, S_0 = φ₀φ₀ᵀ + Σ_0) gives L = (1/T) Σ_{t=1..T} ½ tr(H S_t) + ½ tr(H Σ_ξ). Its adjoint
 * Λ_t = ∂L/∂S_t obeys Λ_T = H/(2T), Λ_t = H/(2T) + Aᵀ Λ_{t+1} A, and
 *   G_A = Σ_{t=0}^{T−1} 2 Λ_{t+1} (A S_t − B Σ_ξ).
 * This is Section 4.1's degree-(2t−1) polynomial in A, summed; one backward pass gives all d² + 1
 * partial derivatives. S_t is stored at √T checkpoints and recomputed per segment, so memory is
 * O(√T d²) even at T = 10⁴ in decimal.
 */
export function expectedMetaGradient<T>(A: Arith<T>, sys: NqmSystem<T>, T: number): MetaGradient<T> {
  if (!Number.isSafeInteger(T) || T < 1) throw new RangeError(`horizon must be an integer >= 1, got ${T}`);
  const H = sys.H;
  const Am = dynamicsMatrix(A, H, sys.P, sys.alpha);
  const B = noiseGain(A, Am);
  const Q = congruence(A, B, sys.SigmaXi);
  const BSig = matMul(A, B, sys.SigmaXi);
  let S0 = outer(A, sys.phi0, sys.phi0);
  if (sys.phi0Cov) S0 = addMat(A, S0, sys.phi0Cov);
  const step = (S: Mat<T>) => addMat(A, congruence(A, Am, S), Q);
  const seg = Math.max(1, Math.ceil(Math.sqrt(T)));
  // forward: checkpoints S_{k·seg}, and the loss on the way
  const checkpoints: Mat<T>[] = [];
  let S = S0;
  let sum = A.zero;
  for (let t = 0; t < T; t++) {
    if (t % seg === 0) checkpoints.push(S);
    S = step(S);
    sum = A.add(sum, traceProd(A, H, S));
  }
  const half = A.div(A.one, A.fromNumber(2));
  const Tn = A.fromNumber(T);
  const loss = A.add(A.div(A.mul(half, sum), Tn), A.mul(half, traceProd(A, H, sys.SigmaXi)));
  // backward
  const c = A.div(half, Tn);
  const cH = scaleMat(A, c, H);
  let Lam = cH; // Λ_T
  let GA = H.map((r) => r.map(() => A.zero));
  const two = A.fromNumber(2);
  for (let k = checkpoints.length - 1; k >= 0; k--) {
    const start = k * seg;
    const end = Math.min(T, start + seg);
    const Ss: Mat<T>[] = [checkpoints[k]];
    for (let t = start + 1; t < end; t++) Ss.push(step(Ss[Ss.length - 1]));
    for (let t = end - 1; t >= start; t--) {
      const inner = subMat(A, matMul(A, Am, Ss[t - start]), BSig);
      GA = addMat(A, GA, scaleMat(A, two, matMul(A, Lam, inner)));
      if (t >= 1) Lam = addMat(A, cH, congruenceT(A, Am, Lam));
    }
  }
  return { T, loss, ...chain(A, H, GA), dA: GA };
}

/**
 * Pathwise (single noise sample) derivative of the sampled meta-loss
 *   ℓ̂(θ;T) = (1/T) Σ_{t=1..T} ½ r_tᵀ H r_t,   r_t = φ_t − ξ_t,   φ_{t+1} = ξ_t + A r_t,
 * by reverse mode: p_T = H r_T / T, p_t = H r_t / T + Aᵀ p_{t+1}, G_A = Σ_{t=0}^{T−1} p_{t+1} r_tᵀ.
 * `xi[t]` for t = 0..T is the noise path (ξ_T enters only the last loss term), `phi0` the start.
 * Its mean over noise is `expectedMetaGradient`; its spread is the gradient variance of Fig. 2a.
 */
export function pathwiseMetaGradient<T>(
  A: Arith<T>,
  sys: Pick<NqmSystem<T>, 'H' | 'P' | 'alpha'>,
  phi0: Vec<T>,
  xi: readonly Vec<T>[],
  T: number,
): MetaGradient<T> {
  if (xi.length < T + 1) throw new RangeError(`pathwise gradient needs T+1 = ${T + 1} noise vectors, got ${xi.length}`);
  const H = sys.H;
  const Am = dynamicsMatrix(A, H, sys.P, sys.alpha);
  const r: Vec<T>[] = new Array(T + 1);
  let phi = phi0;
  let sum = A.zero;
  for (let t = 0; t <= T; t++) {
    r[t] = phi.map((x, i) => A.sub(x, xi[t][i]));
    if (t >= 1) sum = A.add(sum, dot(A, r[t], matVec(A, H, r[t])));
    if (t < T) phi = matVec(A, Am, r[t]).map((x, i) => A.add(x, xi[t][i]));
  }
  const half = A.div(A.one, A.fromNumber(2));
  const Tn = A.fromNumber(T);
  const loss = A.div(A.mul(half, sum), Tn);
  const invT = A.div(A.one, Tn);
  let p = matVec(A, H, r[T]).map((x) => A.mul(x, invT));
  const d = H.length;
  const GA: Mat<T> = H.map((row) => row.map(() => A.zero));
  for (let t = T - 1; t >= 0; t--) {
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) GA[i][j] = A.add(GA[i][j], A.mul(p[i], r[t][j]));
    if (t >= 1) {
      const back = matTVec(A, Am, p);
      p = matVec(A, H, r[t]).map((x, i) => A.add(A.mul(x, invT), back[i]));
    }
  }
  return { T, loss, ...chain(A, H, GA), dA: GA };
}

function dot<T>(A: Arith<T>, x: readonly T[], y: readonly T[]): T {
  let s = A.zero;
  for (let i = 0; i < x.length; i++) s = A.add(s, A.mul(x[i], y[i]));
  return s;
}

/** The gradient as one vector (α first, then P row by row): what "magnitude" and "variance" refer to. */
export function gradientVector<T>(g: Pick<MetaGradient<T>, 'dAlpha' | 'dP'>): T[] {
  return [g.dAlpha, ...g.dP.flat()];
}
