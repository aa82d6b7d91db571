import * as fc from 'fast-check';
import { Rng } from '../random/rng.js';
import type { QuadraticCase } from './quadraticCase.js';

/**
 * Instances of wang2021 Theorem 4 (meta-gradient descent on G(η) = (1/t) ln F(η) with μ_k = 1/√k)
 * on which the theorem's own k′ — computed from the proof's constants — fits in a simulation
 * budget, so that its conclusion "|η_k − η*| ≤ ε for every k ≥ k′" is observable.
 *
 * k′ from the proof (Appendix A.2, after Claim 3), for μ_k = s/√k and a given 0 < ε < 1/L:
 *   D_max = 4L³/(c_min² α(L−α))                                         (Claim 2)
 *   k₁ = ⌈(s·D_max/ε)²⌉       (from k₁ on, one step moves η by at most ε: no overshoot)
 *   M̂ = max(1/α + s·D_max, η₀, 2/α),  R = max(1/α, 1/α + s·D_max − 1/L, M̂ − 1/L)
 *   D_min = min(2εc_d²α³/L, 2εc₁²L²/(M̂L − 1)²)                          (Claim 3, appendix form)
 *   k₂: Σ_{k=k₁}^{k₂} μ_k ≥ R/D_min, taken through Σ_{k=k₁}^{k₂} 1/√k ≥ 2(√(k₂+1) − √k₁)
 * and k′ = max(k₁, k₂). The proof's k′ is astronomically large on most of the class (≥ 10⁶ for
 * L = 1 whatever α/L and c), which is why this generator draws the sub-class where it fits, stated in
 * the claim's `class`. Meta-GD with (cH, μ_k) is meta-GD with (H, c²μ_k) on θ = cη, so the
 * experiments' schedule μ_k = 1/(100√k) has the same k′ as μ_k = 1/√k with L ten times larger: each
 * schedule is drawn with L in [minL, maxL]/√scale.
 */
export interface MetaGdCase {
  /** The quadratic task, η = η₀ (the meta-iteration's start), t the unroll length. */
  c: QuadraticCase;
  /** ε = (1 − 1e-9)·10^(−epsK/1000)/L_float. */
  epsK: number;
  /** ε itself (from the float L of the construction). */
  eps: number;
  /** The proof's k′ for this case, from the construction's float spectrum (the claim recomputes it exactly). */
  kPrime: number;
  /** The meta step sizes μ_k = scale/√k. */
  scale: number;
}

export interface MetaGdCaseConstraints {
  /** Schedules μ_k = scale/√k drawn. Default [1, 0.01] (the theorem's and the experiments'). */
  scales?: readonly number[];
  /** Largest k′ accepted (the simulation budget). Default 100000. */
  maxKPrime?: number;
  /** Largest dimension d (≥ 2). Default 3. */
  maxDim?: number;
  /** L = λ₁ log-uniform in [minL, maxL]/√scale. Defaults 0.03 and 0.3 (where k′ is smallest, see the file comment). */
  minL?: number;
  maxL?: number;
  /** α/L uniform in [minRatio, maxRatio] ⊂ (0, 1). Defaults 0.5 and 0.95. */
  minRatio?: number;
  maxRatio?: number;
  /** c₁² and c_d² uniform in [minC2, 0.5]. Default 0.25. */
  minC2?: number;
  /** Largest t. Default 2000. */
  maxT?: number;
  /** Largest η₀·L (η₀ log-uniform in [1e-3/L, maxEta0TimesL/L], or 0). Default 20. */
  maxEta0TimesL?: number;
  /** Largest epsK (ε down to 10^(−maxEpsK/1000)/L). Default 600. */
  maxEpsK?: number;
}

export interface KPrimeInput {
  L: number;
  alpha: number;
  c1sq: number;
  cdsq: number;
  eta0: number;
  eps: number;
  /** μ_k = scale/√k. */
  scale: number;
}

/** The proof's k′ (see the file comment); Infinity when the hypotheses fail (α ≥ L, c = 0, ε ∉ (0, 1/L)). */
export function kPrimeOf(x: KPrimeInput): { k1: number; k2: number; kPrime: number; Dmax: number; Dmin: number; R: number; Mhat: number } {
  const { L, alpha, c1sq, cdsq, eta0, eps, scale } = x;
  const bad = { k1: Infinity, k2: Infinity, kPrime: Infinity, Dmax: Infinity, Dmin: 0, R: Infinity, Mhat: Infinity };
  if (!(alpha > 0 && alpha < L && c1sq > 0 && cdsq > 0 && eps > 0 && eps * L < 1 && scale > 0)) return bad;
  const cmin2 = Math.min(c1sq, cdsq);
  const Dmax = (4 * L ** 3) / (cmin2 * alpha * (L - alpha));
  const k1 = Math.ceil(((scale * Dmax) / eps) ** 2);
  const Mhat = Math.max(1 / alpha + scale * Dmax, eta0, 2 / alpha);
  const R = Math.max(1 / alpha, 1 / alpha + scale * Dmax - 1 / L, Mhat - 1 / L);
  const Dmin = Math.min((2 * eps * cdsq * alpha ** 3) / L, (2 * eps * c1sq * L * L) / (Mhat * L - 1) ** 2);
  const need = R / Dmin / scale;
  const k2 = Math.ceil((need / 2 + Math.sqrt(k1)) ** 2);
  return { k1, k2, kPrime: Math.max(k1, k2), Dmax, Dmin, R, Mhat };
}

/**
 * Cases of Theorem 4 where the proof's k′ (μ_k = 1/√k) is at most `maxKPrime`: H = Q·diag(λ)·Qᵀ with
 * Q Haar-orthogonal (src/random), λ₁ = L, λ_d = α, the others uniform between; w₀ = Σ cᵢuᵢ with
 * c₁², c_d² drawn and the rest of the unit mass spread over the middle eigenvectors (or onto c₁, c_d
 * when d = 2); η₀, t and ε drawn; then filtered on k′ (most draws pass).
 */
export function metaGdCase(constraints: MetaGdCaseConstraints = {}): fc.Arbitrary<MetaGdCase> {
  const {
    scales = [1, 0.01],
    maxKPrime = 100000,
    maxDim = 3,
    minL = 0.03,
    maxL = 0.3,
    minRatio = 0.5,
    maxRatio = 0.95,
    minC2 = 0.25,
    maxT = 2000,
    maxEta0TimesL = 20,
    maxEpsK = 600,
  } = constraints;
  if (!Array.isArray(scales) || scales.length === 0 || scales.some((x) => !(x > 0 && Number.isFinite(x)))) throw new RangeError(`metaGdCase: scales must be a non-empty array of finite numbers > 0, got ${JSON.stringify(scales)}`);
  if (!(Number.isInteger(maxKPrime) && maxKPrime >= 1)) throw new RangeError(`metaGdCase: maxKPrime must be an integer >= 1, got ${maxKPrime}`);
  if (!(Number.isInteger(maxDim) && maxDim >= 2 && maxDim <= 12)) throw new RangeError(`metaGdCase: maxDim must be an integer in [2, 12], got ${maxDim}`);
  if (!(minL > 0 && Number.isFinite(minL))) throw new RangeError(`metaGdCase: minL must be finite and > 0, got ${minL}`);
  if (!(maxL >= minL && Number.isFinite(maxL))) throw new RangeError(`metaGdCase: maxL must be finite and >= minL, got ${maxL}`);
  if (!(minRatio > 0 && minRatio < 1)) throw new RangeError(`metaGdCase: minRatio must be in (0, 1), got ${minRatio}`);
  if (!(maxRatio >= minRatio && maxRatio < 1)) throw new RangeError(`metaGdCase: maxRatio must be in [minRatio, 1), got ${maxRatio}`);
  if (!(minC2 > 0 && minC2 <= 0.5)) throw new RangeError(`metaGdCase: minC2 must be in (0, 0.5] (k′ is infinite at c = 0), got ${minC2}`);
  if (!(Number.isInteger(maxT) && maxT >= 1)) throw new RangeError(`metaGdCase: maxT must be an integer >= 1, got ${maxT}`);
  if (!(maxEta0TimesL >= 1e-3 && Number.isFinite(maxEta0TimesL))) throw new RangeError(`metaGdCase: maxEta0TimesL must be finite and >= 1e-3, got ${maxEta0TimesL}`);
  if (!(Number.isInteger(maxEpsK) && maxEpsK >= 0)) throw new RangeError(`metaGdCase: maxEpsK must be an integer >= 0, got ${maxEpsK}`);
  const lLo = Math.ceil(1000 * Math.log10(minL));
  const lHi = Math.max(lLo, Math.floor(1000 * Math.log10(maxL)));
  const eHi = Math.floor(1000 * Math.log10(maxEta0TimesL));
  return fc
    .record({
      d: fc.integer({ min: 2, max: maxDim }),
      logL: fc.integer({ min: lLo, max: lHi }),
      ratio: fc.integer({ min: Math.ceil(1000 * minRatio), max: Math.floor(1000 * maxRatio) }),
      c1: fc.integer({ min: Math.ceil(1000 * minC2), max: 500 }),
      cd: fc.integer({ min: Math.ceil(1000 * minC2), max: 500 }),
      t: fc.integer({ min: 1, max: maxT }),
      eta0Zero: fc.boolean(),
      eta0Log: fc.integer({ min: -3000, max: eHi }),
      epsK: fc.integer({ min: 0, max: maxEpsK }),
      seed: fc.integer(),
      scale: fc.constantFrom(...scales),
    })
    .map((p) => {
      const rng = Rng.fromSeed(p.seed);
      const L = 10 ** (p.logL / 1000) / Math.sqrt(p.scale);
      const alpha = (L * p.ratio) / 1000;
      const d = p.d;
      const lam = Array.from({ length: d }, (_, i) => (i === 0 ? L : i === d - 1 ? alpha : alpha + (L - alpha) * rng.nextFloat()));
      lam.sort((a, b) => b - a);
      const Q = rng.haarOrthogonal(d);
      const U = Array.from({ length: d }, (_, k) => Q.map((row) => row[k]));
      const H = Array.from({ length: d }, () => new Array<number>(d).fill(0));
      for (let i = 0; i < d; i++)
        for (let j = 0; j <= i; j++) {
          let s = 0;
          for (let k = 0; k < d; k++) s += Q[i][k] * lam[k] * Q[j][k];
          H[i][j] = H[j][i] = s;
        }
      // c₁², c_d² as drawn; the rest of the unit mass over the middle eigenvectors (d = 2: c_d² = 1 − c₁²)
      const c2 = new Array<number>(d).fill(0);
      c2[0] = p.c1 / 1000;
      if (d === 2) c2[1] = 1 - c2[0];
      else {
        c2[d - 1] = p.cd / 1000;
        const rest = 1 - c2[0] - c2[d - 1];
        const wts = Array.from({ length: d - 2 }, () => rng.nextFloat() + 1e-3);
        const tot = wts.reduce((a, b) => a + b, 0);
        for (let i = 1; i < d - 1; i++) c2[i] = (rest * wts[i - 1]) / tot;
      }
      const coef = c2.map((x) => (rng.nextFloat() < 0.5 ? -1 : 1) * Math.sqrt(x));
      const w0 = new Array<number>(d).fill(0);
      for (let k = 0; k < d; k++) for (let i = 0; i < d; i++) w0[i] += coef[k] * U[k][i];
      const nrm = Math.hypot(...w0);
      for (let i = 0; i < d; i++) w0[i] /= nrm;
      const eta = p.eta0Zero ? 0 : 10 ** (p.eta0Log / 1000) / L;
      const c: QuadraticCase = { H, eigenvalues: lam, eigenvectors: U, w0, t: p.t, eta, etaKind: p.eta0Zero ? 'zero' : 'logUniform', d, kind: 'logUniform', condition: L / alpha, seed: p.seed };
      const eps = ((1 - 1e-9) * 10 ** (-p.epsK / 1000)) / L;
      const c1 = dot(w0, U[0]);
      const cd = dot(w0, U[d - 1]);
      const kPrime = kPrimeOf({ L, alpha, c1sq: c1 * c1, cdsq: cd * cd, eta0: eta, eps, scale: p.scale }).kPrime;
      return { c, epsK: p.epsK, eps, kPrime, scale: p.scale };
    })
    .filter((x) => x.kPrime <= maxKPrime);
}

function dot(x: readonly number[], y: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}
