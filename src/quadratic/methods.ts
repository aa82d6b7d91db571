import type { Arith } from '../arith/types.js';
import type { Quadratic } from './problem.js';
import { Tape } from '../autodiff/tape.js';

/**
 * G(η) = (1/t) ln F(η), F(η) = f(w_{t,η}), and their η-derivatives, by one method.
 * Values the method does not produce naturally are still filled consistently
 * (e.g. the scaled form produces ln F, so F itself may overflow to ±Infinity in a float).
 */
export interface MetaValue<T> {
  F: T;
  G: T;
  dF: T;
  dG: T;
}

export type MethodName = 'closedForm' | 'stable' | 'backprop' | 'forward';

function two<T>(A: Arith<T>): T {
  return A.fromNumber(2);
}

/**
 * Eqn 1 via the eigen-decomposition, evaluated as written:
 *   F = ½ Σ cᵢ²λᵢ rᵢ^{2t},  F' = −t Σ cᵢ²λᵢ² rᵢ^{2t−1},  G' = −2 Σ cᵢ²λᵢ² rᵢ^{2t−1} / Σ cᵢ²λᵢ rᵢ^{2t},
 * with rᵢ = 1 − ηλᵢ. Numerator and denominator are exponentially large or small in t (Theorem 3):
 * in a float they overflow or underflow, which is the point of comparing it with `stable`.
 */
export function closedForm<T>(q: Quadratic<T>, eta: T, t: number): MetaValue<T> {
  const A = q.arith;
  const { lambda, c } = q.spectrum();
  let num = A.zero;
  let den = A.zero;
  for (let i = 0; i < lambda.length; i++) {
    const r = A.sub(A.one, A.mul(eta, lambda[i]));
    const c2l = A.mul(A.mul(c[i], c[i]), lambda[i]);
    const p = A.powInt(r, 2 * t - 1);
    num = A.add(num, A.mul(A.mul(c2l, lambda[i]), p));
    den = A.add(den, A.mul(c2l, A.mul(p, r)));
  }
  const tt = A.fromNumber(t);
  const F = A.div(den, two(A));
  return {
    F,
    G: A.div(A.ln(F), tt),
    dF: A.neg(A.mul(tt, num)),
    dG: A.neg(A.div(A.mul(two(A), num), den)),
  };
}

/**
 * The scaled form (Eqn 2, Claim 2 of the proof): divide numerator and denominator of Eqn 1 by s^{2t},
 * s = max |1 − ηλᵢ| over the directions w₀ touches (cᵢ ≠ 0). With c₁, c_d ≠ 0 this is exactly the
 * paper's choice, (1 − ηα) for η ≤ 2/(α+L) and (ηL − 1) otherwise; taking it over the touched
 * directions keeps the denominator ≥ min cᵢ²λᵢ > 0 also when c₁ or c_d vanishes.
 * Every scaled power lies in [−1, 1], so nothing overflows; a power that underflows is negligible
 * beside the term equal to ±1. F and F' are recovered through logarithms (F = ½ s^{2t} D̃).
 */
export function stable<T>(q: Quadratic<T>, eta: T, t: number): MetaValue<T> {
  const A = q.arith;
  const { s, num, den } = scaledSums(q, eta, t);
  const tt = A.fromNumber(t);
  const dG = A.neg(A.div(A.mul(two(A), num), A.mul(s, den)));
  // ln F = ln ½ + 2t ln s + ln D̃ ; G = ln F / t
  const lnF = A.add(A.add(A.ln(A.div(A.one, two(A))), A.mul(A.fromNumber(2 * t), A.ln(s))), A.ln(den));
  const F = A.exp(lnF);
  return { F, G: A.div(lnF, tt), dF: A.mul(A.mul(dG, tt), F), dG };
}

/** The sums of Eqn 1 divided by s^{2t}, over the directions with cᵢ ≠ 0 (see `stable`). */
export interface ScaledSums<T> {
  /** s = max |1 − ηλᵢ| over cᵢ ≠ 0. */
  s: T;
  /** Ñ = Σ cᵢ²λᵢ² ρᵢ^{2t−1}, ρᵢ = (1 − ηλᵢ)/s (with |ρᵢ| when `absolute`). */
  num: T;
  /** D̃ = Σ cᵢ²λᵢ ρᵢ^{2t}. */
  den: T;
  /** M̃ = Σ cᵢ²λᵢ³ ρᵢ^{2t−2} (for G'', when asked). */
  curv?: T;
}

export function scaledSums<T>(q: Quadratic<T>, eta: T, t: number, options: { absolute?: boolean; curvature?: boolean } = {}): ScaledSums<T> {
  const { absolute = false, curvature = false } = options;
  const A = q.arith;
  const { lambda, c } = q.spectrum();
  const d = lambda.length;
  const r: T[] = new Array(d);
  let s = A.zero;
  for (let i = 0; i < d; i++) {
    r[i] = A.sub(A.one, A.mul(eta, lambda[i]));
    if (!A.isZero(c[i]) && A.cmp(A.abs(r[i]), s) > 0) s = A.abs(r[i]);
  }
  let num = A.zero;
  let den = A.zero;
  let curv = A.zero;
  for (let i = 0; i < d; i++) {
    if (A.isZero(c[i])) continue;
    const rho = A.div(absolute ? A.abs(r[i]) : r[i], s);
    const c2l = A.mul(A.mul(c[i], c[i]), lambda[i]);
    const c2l2 = A.mul(c2l, lambda[i]);
    const p = A.powInt(rho, 2 * t - 1);
    num = A.add(num, A.mul(c2l2, p));
    den = A.add(den, A.mul(c2l, A.mul(p, rho)));
    if (curvature) curv = A.add(curv, A.mul(A.mul(c2l2, lambda[i]), A.powInt(rho, 2 * t - 2)));
  }
  return curvature ? { s, num, den, curv } : { s, num, den };
}

/**
 * Forward mode: dual numbers (w, ẇ = ∂w/∂η) through the unrolled loop.
 *   g = Hw, ġ = Hẇ;  w ← w − ηg,  ẇ ← ẇ − g − ηġ;  F = ½wᵀg, Ḟ = ½(ẇᵀg + wᵀġ);  Ġ = Ḟ/(tF).
 */
export function forward<T>(q: Quadratic<T>, eta: T, t: number): MetaValue<T> {
  const A = q.arith;
  const H = q.H;
  const d = q.d;
  let w = q.w0.slice();
  let wd: T[] = new Array(d).fill(A.zero);
  const mv = (x: T[]): T[] => {
    const y: T[] = new Array(d);
    for (let i = 0; i < d; i++) {
      let s = A.zero;
      const row = H[i];
      for (let j = 0; j < d; j++) s = A.add(s, A.mul(row[j], x[j]));
      y[i] = s;
    }
    return y;
  };
  for (let k = 0; k < t; k++) {
    const g = mv(w);
    const gd = mv(wd);
    const nw: T[] = new Array(d);
    const nwd: T[] = new Array(d);
    for (let i = 0; i < d; i++) {
      nw[i] = A.sub(w[i], A.mul(eta, g[i]));
      nwd[i] = A.sub(A.sub(wd[i], g[i]), A.mul(eta, gd[i]));
    }
    w = nw;
    wd = nwd;
  }
  const g = mv(w);
  const gd = mv(wd);
  let wg = A.zero;
  let dot1 = A.zero;
  let dot2 = A.zero;
  for (let i = 0; i < d; i++) {
    wg = A.add(wg, A.mul(w[i], g[i]));
    dot1 = A.add(dot1, A.mul(wd[i], g[i]));
    dot2 = A.add(dot2, A.mul(w[i], gd[i]));
  }
  const half = A.div(A.one, two(A));
  const F = A.mul(half, wg);
  const dF = A.mul(half, A.add(dot1, dot2));
  const tt = A.fromNumber(t);
  return { F, G: A.div(A.ln(F), tt), dF, dG: A.div(dF, A.mul(tt, F)) };
}

/**
 * Reverse mode through the unrolled loop, on a tape: what `tf.grad` of G over t GD steps computes.
 *   wₖ₊₁ = wₖ − η H wₖ (k < t), F = ½ w_tᵀ H w_t, G = ln F / t, then G' = η̄ after one backward pass.
 * Also returns the tape, whose magnitude report shows the exponentially large or small intermediates
 * of Corollary 1 (F, dG/dF = 1/(tF), the adjoint of w_t, ...).
 */
export function backpropWithTape<T>(q: Quadratic<T>, eta: T, t: number): MetaValue<T> & { tape: Tape<T> } {
  const A = q.arith;
  const tape = new Tape(A);
  const etaNode = tape.input('eta', [eta]);
  let w = tape.input('w[0]', q.w0);
  for (let k = 0; k < t; k++) {
    const g = tape.matVec(`Hw[${k}]`, q.H, w);
    w = tape.axmy(`w[${k + 1}]`, w, etaNode, g);
  }
  const g = tape.matVec(`Hw[${t}]`, q.H, w);
  const F = tape.dot('F', w, g, A.div(A.one, two(A)));
  const tt = A.fromNumber(t);
  const G = tape.lnOver('G', F, tt);
  const dF = tape.backward(F, etaNode)[0];
  const dG = tape.backward(G, etaNode)[0];
  return { F: F.value[0], G: G.value[0], dF, dG, tape };
}

export function backprop<T>(q: Quadratic<T>, eta: T, t: number): MetaValue<T> {
  const { F, G, dF, dG } = backpropWithTape(q, eta, t);
  return { F, G, dF, dG };
}

export const methods: Record<MethodName, <T>(q: Quadratic<T>, eta: T, t: number) => MetaValue<T>> = {
  closedForm,
  stable,
  backprop,
  forward,
};
