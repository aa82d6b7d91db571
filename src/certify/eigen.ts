import type { Decimal } from 'decimal.js';
import { decimalArith } from '../arith/decimal.js';
import { symmetricEigenDecimal } from '../linalg/jacobi.js';
import { directed, type Directed, type Iv } from './directed.js';

/**
 * Enclosed eigen-data of the H AS WRITTEN (every decimal text exactly) and of w = w₀/‖w₀‖: the
 * claims assume a unit w₀ (CLAIMS.md, Section 3), and G′ does not depend on ‖w₀‖ at all.
 *
 * 1. Jacobi at P digits (linalg/jacobi, round to nearest) gives Ritz values θ₁ ≥ … ≥ θ_d and nearly
 *    orthonormal vectors V = [v₁ … v_d]. Nothing below trusts them: they are just a basis.
 * 2. With directed rounding: R = HV − VΘ (H's entries rounded outward, so the bound covers the
 *    exact H), ‖R‖₂ ≤ ‖R‖_F, and δ ≥ ‖VᵀV − I‖_F ≥ ‖VᵀV − I‖₂.
 * 3. Eigenvalues. S = (VᵀV)^{1/2}, Q = VS⁻¹ is exactly orthogonal and
 *      QᵀHQ = SΘS⁻¹ + S⁻¹VᵀRS⁻¹ =: Θ + E,   E symmetric (a difference of symmetric matrices),
 *    ‖S − I‖₂ ≤ δ, ‖S⁻¹‖₂ ≤ 1/√(1−δ), ‖V‖₂ ≤ √(1+δ) (S's eigenvalues are √(1+f), |f| ≤ δ), and
 *    SΘS⁻¹ − Θ = ((S−I)Θ − Θ(S−I))S⁻¹, so
 *      ‖E‖₂ ≤ ε := 2δ·θ_max/√(1−δ) + √(1+δ)·‖R‖_F/(1−δ).
 *    H and Θ + E have the same eigenvalues, so by Weyl's inequality (Horn & Johnson, Matrix
 *    Analysis, Thm 4.3.1) the i-th largest eigenvalue of H lies in [θ_i − ε, θ_i + ε] (the orthogonality
 *    defect δ is the correction for V being only nearly orthogonal).
 * 4. Coefficients. cᵢ = ⟨w, uᵢ⟩ = ⟨z, x̂ᵢ⟩ with z = Qᵀw and x̂ᵢ the eigenvectors of Θ + E. For a
 *    group J of consecutive indices (a cluster), let g_J = (distance from [θ_last, θ_first] to the
 *    other θ's) − ε > 0; the other eigenvalues of Θ + E lie outside the g_J-neighbourhood of that
 *    range (Weyl), so the Davis–Kahan sin θ theorem (Davis & Kahan 1970; Stewart & Sun, Matrix
 *    Perturbation Theory, Thm V.3.6) bounds the angle between span(e_J) and the exact eigenspace:
 *    ‖P̂_J − P_J‖₂ = ‖sin Θ‖₂ ≤ ‖E e_J‖₂/g_J ≤ ε/g_J. Hence with W_J = Σ_{i∈J} cᵢ² = ‖P̂_J z‖² and
 *    ‖z‖ = 1:  √W_J ∈ ‖z_J‖ ± ε/g_J, and ‖z − Vᵀw‖ ≤ ‖S⁻¹ − I‖₂‖Vᵀw‖ ≤ (1/√(1−δ) − 1)·√(1+δ).
 *    Indices are grouped when θᵢ − θᵢ₊₁ < √(ε·θ₁/2t), so a singleton's cᵢ is known to ≈ √(2tε/θ₁);
 *    a cluster (near-equal eigenvalues) carries its projected weight W_J and its λ-range instead,
 *    and an individual cᵢ² of it is only known to lie in [0, W_J].
 */
export interface Cluster {
  /** First and last index (descending order) of the group. */
  first: number;
  last: number;
  /** Hull of the enclosures of its eigenvalues. */
  lam: Iv;
  /** Σ_{i∈J} cᵢ² for the unit w. */
  weight: Iv;
}

export interface EigenEnclosure {
  P: number;
  d: number;
  /** The Ritz values (points, descending): the scaling points of the scaled form. */
  theta: Decimal[];
  /** Enclosure of the i-th largest eigenvalue of H. */
  lam: Iv[];
  /** The eigenvalue bound ε of step 3 (upper bound). */
  eps: Decimal;
  /** The orthogonality defect δ (upper bound). */
  delta: Decimal;
  clusters: Cluster[];
  L: Iv;
  alpha: Iv;
  /** c₁² and c_d² (an interval [0, W] when the extreme eigenvalue is in an unresolved cluster). */
  c1sq: Iv;
  cdsq: Iv;
  cminSq: Iv;
  /** Seconds spent (Jacobi, then the enclosure). */
  seconds: { jacobi: number; enclose: number };
}

/** The eigen-enclosure of (H, w₀/‖w₀‖) at P digits. H must be symmetric as written (parseQuadraticCase makes it so). */
export function encloseEigen(H: readonly (readonly string[])[], w0: readonly string[], P: number, options: { t?: number } = {}): EigenEnclosure {
  const { t = 1 } = options;
  const d = H.length;
  const t0 = performance.now();
  const A = decimalArith(P);
  const { values, vectors } = symmetricEigenDecimal(
    A,
    H.map((row) => row.map((x) => A.fromString(x))),
  );
  const t1 = performance.now();
  const D = directed(P);
  const Hi = D.Hi;
  const Hv = H.map((row) => row.map((x) => D.point(x)));
  // vectors[k] is column k of V; entries are P-digit decimals, used as exact points
  const V = vectors.map((v) => v.map((x) => D.dn(x)));
  const Vu = vectors.map((v) => v.map((x) => D.up(x)));
  const theta = values;

  // ‖R‖_F² = Σ_k ‖H v_k − θ_k v_k‖²
  let r2 = new Hi(0);
  for (let k = 0; k < d; k++) {
    const v = V[k];
    const vu = Vu[k];
    const th = theta[k];
    for (let i = 0; i < d; i++) {
      // −θ_k v_ik: its lower end is minus the upper bound of the product
      let lo = D.dn(D.mulUp(th, vu[i])).neg();
      let hi = D.up(D.mulDn(th, v[i])).neg();
      const row = Hv[i];
      for (let j = 0; j < d; j++) {
        const h = row[j];
        const x = v[j];
        if (x.isNeg()) {
          lo = lo.plus(D.mulDn(h.hi, x));
          hi = hi.plus(D.mulUp(h.lo, vu[j]));
        } else {
          lo = lo.plus(D.mulDn(h.lo, x));
          hi = hi.plus(D.mulUp(h.hi, vu[j]));
        }
      }
      const m = lo.abs().gt(hi.abs()) ? lo.abs() : hi.abs();
      r2 = r2.plus(D.mulUp(m, m));
    }
  }
  const normR = r2.sqrt();

  // δ² ≥ ‖VᵀV − I‖_F² (symmetric: off-diagonal entries twice)
  let f2 = new Hi(0);
  for (let k = 0; k < d; k++) {
    for (let l = k; l < d; l++) {
      let lo = k === l ? new D.Lo(-1) : new D.Lo(0);
      let hi = k === l ? new Hi(-1) : new Hi(0);
      const a = V[k];
      const b = V[l];
      const bu = Vu[l];
      for (let i = 0; i < d; i++) {
        lo = lo.plus(D.mulDn(a[i], b[i]));
        hi = hi.plus(D.mulUp(a[i], bu[i]));
      }
      const m = lo.abs().gt(hi.abs()) ? lo.abs() : hi.abs();
      const sq = D.mulUp(m, m);
      f2 = f2.plus(k === l ? sq : sq.times(2));
    }
  }
  const delta = f2.sqrt();
  if (!delta.lt(0.5)) throw new Error(`encloseEigen: Jacobi vectors far from orthonormal (delta = ${delta.toExponential(3)})`);
  const thetaMax = D.up(theta[0].abs().gt(theta[d - 1].abs()) ? theta[0].abs() : theta[d - 1].abs());
  const oneMinus = D.dn(new D.Lo(1).minus(delta)); // lower bound of 1 − δ
  const sqrtOneMinus = oneMinus.sqrt();
  const eps = D.up(D.up(delta.times(2).times(thetaMax)).div(sqrtOneMinus)).plus(
    D.up(D.up(new Hi(1).plus(delta)).sqrt().times(normR)).div(oneMinus),
  );
  const lam: Iv[] = theta.map((th) => ({ lo: D.dn(th).minus(eps), hi: D.up(th).plus(eps) }));

  // y = Vᵀw₀ / ‖w₀‖ (intervals), τ = (1/√(1−δ) − 1)·√(1+δ)
  const w = w0.map((x) => D.point(x));
  let n2: Iv = D.zero;
  for (const x of w) n2 = D.add(n2, D.sqr(x));
  const wNorm = D.sqrt(n2);
  const y: Iv[] = V.map((v) => {
    let s: Iv = D.zero;
    for (let i = 0; i < d; i++) s = D.add(s, D.mul(w[i], { lo: v[i], hi: D.up(v[i]) }));
    return D.div(s, wNorm);
  });
  const tau = D.up(D.up(new Hi(1).div(sqrtOneMinus)).minus(1)).times(D.up(new Hi(1).plus(delta)).sqrt());

  // clusters: consecutive θ closer than √(ε θ₁ / 2t). Splitting costs |cᵢ| an error ε/g; joining
  // costs the terms a λ-range of width g, which moves (1 − ηλ)^{2t} by about 2tηg relative: the
  // threshold balances the two for unrolls of length t.
  const joinGap = D.up(D.up(eps.times(thetaMax)).div(2 * t)).sqrt();
  const groups: [number, number][] = [];
  let first = 0;
  for (let i = 0; i < d; i++) {
    // ≤: an exactly diagonalised H (ε = 0) with equal eigenvalues still groups them
    if (i === d - 1 || theta[i].minus(theta[i + 1]).gt(joinGap)) {
      groups.push([first, i]);
      first = i + 1;
    }
  }
  const clusters: Cluster[] = groups.map(([a, b]) => {
    const gaps: Decimal[] = [];
    if (a > 0) gaps.push(D.dn(theta[a - 1]).minus(theta[a]));
    if (b < d - 1) gaps.push(D.dn(theta[b]).minus(theta[b + 1]));
    let weight: Iv;
    // ‖y_J‖ enclosure
    let s2: Iv = D.zero;
    for (let i = a; i <= b; i++) s2 = D.add(s2, D.sqr(y[i]));
    const yn = D.sqrt(s2);
    if (gaps.length === 0) {
      weight = D.one; // one group: W = ‖w‖² = 1 exactly
    } else {
      const g = D.dn(gaps.reduce((m, x) => (x.lt(m) ? x : m))).minus(eps);
      if (!(g.isPos() && !g.isZero())) throw new Error(`encloseEigen: cluster [${a}, ${b}] has no gap at ${P} digits`);
      const sinT = D.up(eps).div(g);
      const spread = D.up(sinT).plus(tau);
      const lo = D.dn(yn.lo).minus(spread);
      const hi = D.up(yn.hi).plus(spread);
      const lo2 = lo.isPos() ? D.mulDn(lo, lo) : new D.Lo(0);
      const hi1 = hi.gt(1) ? new Hi(1) : hi;
      weight = { lo: lo2, hi: D.mulUp(hi1, hi1) };
    }
    return { first: a, last: b, lam: D.hull(lam[a], lam[b]), weight };
  });
  const top = clusters[0];
  const bottom = clusters[clusters.length - 1];
  // An extreme index inside a cluster still has its own Davis–Kahan enclosure whenever its own gap
  // exceeds ε (a wide one: ε/g is large); intersected with [0, W_J], both being valid.
  const own = (i: number): Iv | null => {
    const nb = i === 0 ? 1 : d - 2;
    const g = D.dn(theta[Math.min(i, nb)]).minus(theta[Math.max(i, nb)]).minus(eps);
    if (!(g.isPos() && !g.isZero())) return null;
    const spread = D.up(D.up(eps).div(g)).plus(tau);
    const m = D.absIv(y[i]);
    const lo = D.dn(m.lo).minus(spread);
    const hi = D.up(m.hi).plus(spread);
    return { lo: lo.isPos() ? D.mulDn(lo, lo) : new D.Lo(0), hi: D.mulUp(hi, hi) };
  };
  const single = (c: Cluster, i: number): Iv => {
    if (c.first === c.last) return c.weight;
    const o = own(i);
    if (!o) return { lo: new D.Lo(0), hi: c.weight.hi };
    return { lo: o.lo, hi: o.hi.lt(c.weight.hi) ? o.hi : c.weight.hi };
  };
  const c1sq = d === 1 ? D.one : single(top, 0);
  const cdsq = d === 1 ? D.one : single(bottom, d - 1);
  return {
    P,
    d,
    theta,
    lam,
    eps,
    delta,
    clusters,
    L: lam[0],
    alpha: lam[d - 1],
    c1sq,
    cdsq,
    cminSq: D.min(c1sq, cdsq),
    seconds: { jacobi: (t1 - t0) / 1000, enclose: (performance.now() - t1) / 1000 },
  };
}

export type { Directed };
