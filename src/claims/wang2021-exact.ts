import type { Decimal } from 'decimal.js';
import { decimalArith } from '../arith/decimal.js';
import type { Arith } from '../arith/types.js';
import { Quadratic } from '../quadratic/problem.js';
import { etaStarOf } from '../quadratic/etaStar.js';
import type { Ineq } from './decide.js';

/**
 * wang2021 Section 3 in exact arithmetic: the decimal problem whose H and w₀ are exactly the given
 * doubles (L, α, cᵢ of the float input itself, not of a float eigen-decomposition), η* of that
 * problem, and F, F′, F″, G′ in closed form (Eqn 1). Shared by the Section 3 claims; every value is
 * exact up to the P-digit rounding of decimal.js (see decide.ts for how inequalities are decided).
 */

type Dec = Decimal;

export interface DecSpec {
  P: number;
  A: Arith<Dec>;
  q: Quadratic<Dec>;
  lam: Dec[];
  c: Dec[];
  L: Dec;
  alpha: Dec;
  c1: Dec;
  cd: Dec;
  cmin: Dec;
}

const specCache = new Map<string, DecSpec>();

/** The decimal problem at precision P whose H and w₀ are exactly the given doubles (cached). */
export function specOf(H: readonly (readonly number[])[], w0: readonly number[], P: number): DecSpec {
  const key = `${P}|${H.map((r) => r.join(',')).join(';')}|${w0.join(',')}`;
  const hit = specCache.get(key);
  if (hit) return hit;
  const A = decimalArith(P);
  // The statements assume ‖w₀‖ = 1 exactly (Σcᵢ² = 1 is used by Theorem 3 and Claims 2–3); a float w₀
  // is unit only to rounding (‖w₀‖² − 1 ~ 1e-16 suffices to break Theorem 3's bound at equality), so
  // the problem checked is (H, w₀/‖w₀‖) with H and w₀ the exact doubles and the division at P digits.
  const raw = Quadratic.fromNumbers(A, H, w0);
  let n2 = A.zero;
  for (const x of raw.w0) n2 = A.add(n2, A.mul(x, x));
  const norm = A.sqrt(n2);
  const q = new Quadratic(A, raw.H, raw.w0.map((x) => A.div(x, norm)));
  const { lambda, c } = q.spectrum();
  const d = lambda.length;
  const c1 = A.abs(c[0]);
  const cd = A.abs(c[d - 1]);
  const s: DecSpec = { P, A, q, lam: lambda, c, L: lambda[0], alpha: lambda[d - 1], c1, cd, cmin: A.cmp(c1, cd) <= 0 ? c1 : cd };
  if (specCache.size > 4000) specCache.clear();
  specCache.set(key, s);
  return s;
}

const etaStarCache = new Map<string, Dec>();
/** η* of the exact input at precision P (rtsafe in the bracket of Claim 1; cached). */
export function etaStarAt(c: { H: number[][]; w0: number[] }, t: number, P: number): Dec {
  const key = `${P}|${t}|${c.H.map((r) => r.join(',')).join(';')}|${c.w0.join(',')}`;
  const hit = etaStarCache.get(key);
  if (hit) return hit;
  const v = etaStarOf(specOf(c.H, c.w0, P).q, t);
  if (etaStarCache.size > 4000) etaStarCache.clear();
  etaStarCache.set(key, v);
  return v;
}

/** F = ½ Σ cᵢ²λᵢ rᵢ^{2t}, F' = −t Σ cᵢ²λᵢ² rᵢ^{2t−1}, F'' = t(2t−1) Σ cᵢ²λᵢ³ rᵢ^{2t−2}, G' = F'/(tF). */
export function meta(s: DecSpec, eta: Dec, t: number): { F: Dec; dF: Dec; d2F: Dec; dG: Dec; N: Dec; D: Dec } {
  const { A, lam, c } = s;
  let N = A.zero;
  let D = A.zero;
  let M = A.zero;
  for (let i = 0; i < lam.length; i++) {
    const r = A.sub(A.one, A.mul(eta, lam[i]));
    const c2l = A.mul(A.mul(c[i], c[i]), lam[i]);
    const p2 = A.powInt(r, 2 * t - 2);
    const p1 = A.mul(p2, r);
    N = A.add(N, A.mul(A.mul(c2l, lam[i]), p1));
    D = A.add(D, A.mul(c2l, A.mul(p1, r)));
    M = A.add(M, A.mul(A.mul(A.mul(c2l, lam[i]), lam[i]), p2));
  }
  const tt = A.fromNumber(t);
  const two = A.fromNumber(2);
  return {
    F: A.div(D, two),
    dF: A.neg(A.mul(tt, N)),
    d2F: A.mul(A.mul(tt, A.fromNumber(2 * t - 1)), M),
    dG: A.neg(A.div(A.mul(two, N), D)),
    N,
    D,
  };
}


/** The basic hypotheses of Section 3 on the exact input: L > α and c_min > 0. */
export function setting(s: DecSpec): Ineq[] {
  return [
    { name: 'alpha < L', lhs: s.alpha, rhs: s.L, strict: true },
    { name: '0 < c_min', lhs: s.A.zero, rhs: s.cmin, strict: true },
  ];
}
