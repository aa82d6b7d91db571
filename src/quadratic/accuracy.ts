import { decimalArith } from '../arith/decimal.js';
import type { Arith } from '../arith/types.js';
import type { Quadratic } from './problem.js';

/**
 * How many digits of G' a float method can keep, from the problem's own conditioning.
 *
 * A float method computes G' exactly for a nearby problem: forming rᵢ = 1 − ηλᵢ costs an absolute
 * error δr ≈ d·u·(1 + ηL) (the rounding of ηλᵢ, plus the eigen-solver's or the loop's backward error
 * of order d·u·L), and the weights cᵢ² move by δ(cᵢ²) ≈ 2|cᵢ|δc + δc² with δc ≈ d·u·‖w₀‖.
 * Differentiating G' = −2N/D (Eqn 1) with respect to rᵢ and cᵢ², scaled by s^{2t} as in Eqn 2:
 *   |δG'| ≤ 2(2t−1)δr Σ aᵢ|ρᵢ|^{2t−2}/(s²D̃) + 4t|Ñ| δr Σ bᵢ|ρᵢ|^{2t−1}/(s²D̃²)
 *         + 2 Σ δaᵢ|ρᵢ|^{2t−1}/(sD̃) + 2|Ñ| Σ δbᵢ|ρᵢ|^{2t}/(sD̃²),
 * δaᵢ = δ(cᵢ²)λᵢ² + 2cᵢ²λᵢδλ, δbᵢ = δ(cᵢ²)λᵢ + cᵢ²δλ,
 * with aᵢ = cᵢ²λᵢ², bᵢ = cᵢ²λᵢ, ρᵢ = rᵢ/s. `relativeErrorBound` returns that bound divided by
 * max(|G'|, S) (CLI.md's digit scale), so a method of unit roundoff u promises
 * −log10(C·bound) digits. Directions with cᵢ = 0 in floating point are included with δ(cᵢ²) = δc²:
 * when such a direction has |ρᵢ| > 1 (η ≈ 1/λ of the touched ones) the bound is huge, as it must be,
 * since an invisible component of w₀ then decides G'.
 *
 * Where C·bound > 1e-10, no float64 method can keep 10 digits of G' for this input: its answer is
 * already that sensitive to one rounding of the input itself.
 */
export const UNIT_ROUNDOFF = { float64: 2 ** -53, float32: 2 ** -24 } as const;

/** Safety factor C of the promise (a constant of the first-order bound; see spec/quadratic.spec.ts). */
export const PROMISE_FACTOR = 16;

export function relativeErrorBound(q: Quadratic<number>, eta: number, t: number, u: number): number {
  const A: Arith<import('decimal.js').Decimal> = decimalArith(30);
  const { lambda, c } = q.spectrum();
  const d = lambda.length;
  const L = Math.max(...lambda);
  const w0norm = Math.sqrt(q.w0.reduce((s, x) => s + x * x, 0));
  const dr = A.fromNumber(d * u * (1 + Math.abs(eta) * L));
  const dc = d * u * w0norm;
  const dl = A.fromNumber(d * u * L);
  const e = A.fromNumber(eta);
  const lam = lambda.map((x) => A.fromNumber(x));
  const cc = c.map((x) => A.fromNumber(x));
  const r = lam.map((l) => A.sub(A.one, A.mul(e, l)));
  let s = A.zero;
  r.forEach((ri, i) => {
    if (c[i] !== 0 && A.cmp(A.abs(ri), s) > 0) s = A.abs(ri);
  });
  if (A.isZero(s)) return Infinity;
  let N = A.zero;
  let D = A.zero;
  let Nabs = A.zero;
  let sumA = A.zero;
  let sumB = A.zero;
  let sumCA = A.zero;
  let sumCB = A.zero;
  for (let i = 0; i < d; i++) {
    const rho = A.div(r[i], s);
    const arho = A.abs(rho);
    const c2 = A.mul(cc[i], cc[i]);
    const a = A.mul(c2, A.mul(lam[i], lam[i]));
    const b = A.mul(c2, lam[i]);
    const p2 = A.powInt(arho, Math.max(0, 2 * t - 2));
    const p1 = A.mul(p2, arho);
    const p0 = A.mul(p1, arho);
    N = A.add(N, A.mul(a, A.powInt(rho, 2 * t - 1)));
    Nabs = A.add(Nabs, A.mul(a, p1));
    D = A.add(D, A.mul(b, p0));
    sumA = A.add(sumA, A.mul(a, p2));
    sumB = A.add(sumB, A.mul(b, p1));
    const dc2 = A.fromNumber(2 * Math.abs(c[i]) * dc + dc * dc);
    const da = A.add(A.mul(dc2, A.mul(lam[i], lam[i])), A.mul(A.mul(A.fromNumber(2), c2), A.mul(lam[i], dl)));
    const db = A.add(A.mul(dc2, lam[i]), A.mul(c2, dl));
    sumCA = A.add(sumCA, A.mul(da, p1));
    sumCB = A.add(sumCB, A.mul(db, p0));
  }
  // eigenvector mixing (see above): |δN|, |δD| from moving weight between terms i and j
  let mixN = A.zero;
  let mixD = A.zero;
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const gap = Math.abs(lambda[i] - lambda[j]);
      if (gap === 0) continue;
      const theta = Math.min(1, (d * u * L) / gap);
      const w = A.fromNumber(2 * Math.abs(c[i] * c[j]) * theta + theta * theta * (c[i] * c[i] + c[j] * c[j]));
      if (A.isZero(w)) continue;
      const rhoI = A.div(r[i], s);
      const rhoJ = A.div(r[j], s);
      const fN = (l: typeof lam[number], rho: typeof lam[number]) => A.mul(A.mul(l, l), A.powInt(rho, 2 * t - 1));
      const fD = (l: typeof lam[number], rho: typeof lam[number]) => A.mul(l, A.powInt(rho, 2 * t));
      mixN = A.add(mixN, A.mul(w, A.abs(A.sub(fN(lam[i], rhoI), fN(lam[j], rhoJ)))));
      mixD = A.add(mixD, A.mul(w, A.abs(A.sub(fD(lam[i], rhoI), fD(lam[j], rhoJ)))));
    }
  }
  sumCA = A.add(sumCA, mixN);
  sumCB = A.add(sumCB, mixD);
  const two = A.fromNumber(2);
  const s2D = A.mul(A.mul(s, s), D);
  const sD = A.mul(s, D);
  const bound = [
    A.div(A.mul(A.mul(A.fromNumber(2 * (2 * t - 1)), dr), sumA), s2D),
    A.div(A.mul(A.mul(A.fromNumber(4 * t), A.abs(N)), A.mul(dr, sumB)), A.mul(s2D, D)),
    A.div(A.mul(two, sumCA), sD),
    A.div(A.mul(A.mul(two, A.abs(N)), sumCB), A.mul(sD, D)),
  ].reduce((x, y) => A.add(x, y));
  const dG = A.abs(A.div(A.mul(two, N), sD));
  const S = A.div(A.mul(two, Nabs), sD);
  const scale = A.cmp(dG, S) >= 0 ? dG : S;
  return A.div(bound, scale).toNumber();
}

/**
 * Digits a float method with unit roundoff u promises for G' at (η, t): −log10(C·bound), at most 16.
 * The bound is first order, so below 3 digits (an error near the size of G' itself) nothing is
 * promised: 0.
 */
export function promisedDigits(q: Quadratic<number>, eta: number, t: number, u: number): number {
  const b = PROMISE_FACTOR * relativeErrorBound(q, eta, t, u);
  const digits = b <= 0 ? 16 : Math.min(16, -Math.log10(b));
  return digits < 3 ? 0 : digits;
}
