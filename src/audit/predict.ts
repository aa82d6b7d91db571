import type { Decimal } from 'decimal.js';
import { decimalArith } from '../arith/decimal.js';
import type { Quadratic } from '../quadratic/problem.js';
import { symmetricEigen64 } from '../linalg/symmetricEigen.js';
import { THRESHOLDS, type FormatName } from './thresholds.js';

/**
 * Theorem 3's rates, made concrete for each way of computing G'.
 *
 * In the eigenbasis (λᵢ, cᵢ = ⟨w₀, uᵢ⟩, rᵢ = 1 − ηλᵢ) everything is geometric in t:
 *   w_k = Σ cᵢ rᵢ^k uᵢ,  F = ½ Σ cᵢ²λᵢ rᵢ^{2t},  F' = −t Σ cᵢ²λᵢ² rᵢ^{2t−1}.
 * With s = max |rᵢ| over the directions w₀ touches and σ = log10 s, F ~ ½C s^{2t} (C = Σ cᵢ²λᵢ over
 * the directions with |rᵢ| = s): log10 F grows by 2σ per step (Theorem 3; exponentially large for
 * η > 2/L, small for η < 2/L).
 *
 * Backpropagation through the unrolled loop (what tf.grad does; src/autodiff/tape), seeded at G:
 *   Ḡ = 1 → F̄ = 1/(tF)                         rate −2σ   (and −log10 t)
 *   w̄_t = F̄ H w_t, ḡ_t = ½F̄ w_t  (coordinate j) rate −2σ + ρⱼ
 *   w̄_k = (I − ηH) w̄_{k+1}  → w̄_0 ~ F̄ λ c r^{2t}  rate −2σ + 2ρⱼ
 *   w_t, Hw_t                                    rate ρⱼ
 *   F                                            rate 2σ
 *   η̄ = G' and each step's share of it             rate 0 (Claim 2: polynomially bounded)
 * where ρⱼ = max log10|rᵢ| over the directions present in coordinate j of the tape's vectors (the
 * i with Uⱼᵢcᵢ ≠ 0): ρⱼ = σ for a generic H (every coordinate mixes every direction), but for a
 * diagonal H each coordinate is one direction and ρⱼ = log10|rⱼ|. Corollary 1's "exponentially
 * large/small intermediates" are F and its adjoint 1/(tF): log10 max and log10 min of the tape move
 * by ±2σ per step, unless a pure fast-decaying direction (diagonal H) is smaller still.
 *
 * For the breakdown of a float method only intermediates that carry the result count: a component
 * of w_t that underflows while it is negligible beside the dominant one changes nothing (strict
 * range mode flags it anyway; the audit reports that flag separately). Those are:
 *   backprop: F and F̄ = 1/(tF);   closedForm: Σcᵢ²λᵢrᵢ^{2t} and Σcᵢ²λᵢ²rᵢ^{2t−1};
 *   forward: F, tF and Ḟ = F' (≈ t Σcᵢ²λᵢ²rᵢ^{2t−1});   stable: none (every scaled power is in [−1, 1]).
 */
export interface Family {
  /** Human name, e.g. "F = ½Σc²λr^{2t}". */
  name: string;
  /** Class of tape intermediate (for matching the tape's reported extremes). */
  kind: FamilyKind;
  /** log10 |x(t)| ≈ a + b·t + e·log10 t. */
  a: number;
  b: number;
  e: number;
}

export type FamilyKind = 'F' | 'adjF' | 'w_t' | 'adjW_t' | 'adjW_0' | 'const' | 'sum' | 'other';

/** Per-η spectral data the predictions need. */
export interface RateData {
  eta: number;
  /** log10 |rᵢ| (−Infinity when rᵢ = 0), for the touched directions only. */
  logR: number[];
  /** cᵢ²λᵢ and cᵢ²λᵢ² of the touched directions. */
  c2l: number[];
  c2l2: number[];
  /** σ = log10 max |rᵢ|. */
  sigma: number;
  /** log10 of C = Σ_{|rᵢ| = s} cᵢ²λᵢ and of N = Σ_{|rᵢ| = s} cᵢ²λᵢ². */
  log10C: number;
  log10N: number;
  /** ρⱼ for each coordinate j of the tape's vectors. */
  rho: number[];
}

export interface SpectralData {
  /** Decimal eigenvalues (descending) and cᵢ, as numbers. */
  lambda: Decimal[];
  c: Decimal[];
  /** Which directions each coordinate j carries: support[j] lists i with |Uⱼᵢcᵢ| > 1e-12·max. */
  support: number[][];
  touched: boolean[];
}

/** Reads the spectrum of a decimal quadratic and the coordinate supports from a float64 decomposition. */
export function spectralData(qDec: Quadratic<Decimal>, H64: number[][]): SpectralData {
  const { lambda, c } = qDec.spectrum();
  const cMax = Math.max(...c.map((x) => Math.abs(x.toNumber())));
  const touched = c.map((x) => Math.abs(x.toNumber()) > 1e-20 * cMax);
  const eig = symmetricEigen64(H64);
  const d = lambda.length;
  const w0 = qDec.w0.map((x) => x.toNumber());
  // cᵢ from the float64 vectors (only to decide supports): Uⱼᵢcᵢ = (uᵢ)ⱼ⟨uᵢ, w₀⟩
  const c64 = eig.vectors.map((u) => u.reduce((s, x, j) => s + x * w0[j], 0));
  const support: number[][] = Array.from({ length: d }, () => []);
  let big = 0;
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) big = Math.max(big, Math.abs(eig.vectors[i][j] * c64[i]));
  for (let j = 0; j < d; j++) {
    for (let i = 0; i < d; i++) if (touched[i] && Math.abs(eig.vectors[i][j] * c64[i]) > 1e-12 * big) support[j].push(i);
  }
  return { lambda, c, support, touched };
}

/** The rates at one η (double; used exactly). */
export function rateData(sp: SpectralData, eta: number): RateData {
  const A = decimalArith(60);
  const e = A.fromNumber(eta);
  const d = sp.lambda.length;
  const logRAll: number[] = [];
  for (let i = 0; i < d; i++) logRAll.push(A.log10Abs(A.sub(A.one, A.mul(e, sp.lambda[i]))));
  const idx = [...Array(d).keys()].filter((i) => sp.touched[i]);
  const logR = idx.map((i) => logRAll[i]);
  const c2l = idx.map((i) => sp.c[i].times(sp.c[i]).times(sp.lambda[i]).toNumber());
  const c2l2 = idx.map((i, k) => c2l[k] * sp.lambda[i].toNumber());
  const sigma = Math.max(...logR);
  const dom = logR.map((l) => l >= sigma - 1e-12);
  const log10C = Math.log10(c2l.reduce((s, x, k) => s + (dom[k] ? x : 0), 0));
  const log10N = Math.log10(c2l2.reduce((s, x, k) => s + (dom[k] ? x : 0), 0));
  const rho = sp.support.map((sup) => (sup.length === 0 ? -Infinity : Math.max(...sup.map((i) => logRAll[i]))));
  return { eta, logR, c2l, c2l2, sigma, log10C, log10N, rho };
}

const LOG2 = Math.log10(2);

/** The intermediates that carry each method's result (see the module comment). */
export function carryingFamilies(method: string, r: RateData): Family[] {
  const { sigma: s, log10C: C, log10N: N } = r;
  const F: Family = { name: 'F = ½Σc²λr^{2t}', kind: 'F', a: C - LOG2, b: 2 * s, e: 0 };
  const adjF: Family = { name: "F's adjoint 1/(tF)", kind: 'adjF', a: LOG2 - C, b: -2 * s, e: -1 };
  switch (method) {
    case 'backprop64':
    case 'backprop32':
    case 'tfjs32':
      return [F, adjF];
    case 'closedForm64':
      return [
        { name: 'Σc²λr^{2t} (Eqn 1 denominator)', kind: 'sum', a: C, b: 2 * s, e: 0 },
        { name: 'Σc²λ²r^{2t−1} (Eqn 1 numerator)', kind: 'sum', a: N - s, b: 2 * s, e: 0 },
      ];
    case 'forward64':
      return [
        F,
        { name: "F' = −tΣc²λ²r^{2t−1} (tangent)", kind: 'sum', a: N - s, b: 2 * s, e: 1 },
        { name: 'tF (denominator of Ḟ/(tF))', kind: 'sum', a: C - LOG2, b: 2 * s, e: 1 },
      ];
    default:
      return [];
  }
}

export function familyLog10(f: Family, t: number): number {
  return f.a + f.b * t + f.e * Math.log10(t);
}

/**
 * First integer t in [1, tMax] at which one of the families leaves the normal range of the format;
 * null when none does.
 */
export function predictBreakdown(families: Family[], format: FormatName, tMax: number): { t: number; by: string } | null {
  const { log10MaxFinite: hi, log10MinNormal: lo } = THRESHOLDS[format];
  let best: { t: number; by: string } | null = null;
  for (const f of families) {
    if (!Number.isFinite(f.a)) continue;
    // monotone for t ≥ 1 once |b| dominates e/(t ln 10); a scan is cheap and exact on integers
    for (let t = 1; t <= tMax && (!best || t < best.t); t++) {
      const y = familyLog10(f, t);
      if (y > hi || y < lo) {
        best = { t, by: `${f.name} ${y > hi ? 'overflows' : 'leaves the normal range (underflow)'}` };
        break;
      }
    }
  }
  return best;
}

/**
 * Corollary 1 on the tape: the families of every value and adjoint, with their per-step rates.
 * Returns the predicted extreme (largest and smallest rate) and its family.
 */
export function tapeFamilies(r: RateData): Family[] {
  const s = r.sigma;
  const out: Family[] = [
    { name: 'F = ½Σc²λr^{2t} (value)', kind: 'F', a: r.log10C - LOG2, b: 2 * s, e: 0 },
    { name: "1/(tF), F's adjoint", kind: 'adjF', a: LOG2 - r.log10C, b: -2 * s, e: -1 },
    { name: "η̄ = G', w₀, η, G (bounded)", kind: 'const', a: 0, b: 0, e: 0 },
  ];
  const seen = new Set<number>();
  for (const rho of r.rho) {
    if (!Number.isFinite(rho) || seen.has(rho)) continue;
    seen.add(rho);
    const tag = r.rho.length > 1 && new Set(r.rho).size > 1 ? ` (a coordinate with ρ = ${rho.toPrecision(4)})` : '';
    out.push({ name: `w_t, Hw_t (value)${tag}`, kind: 'w_t', a: 0, b: rho, e: 0 });
    out.push({ name: `adjoint of w_t: F̄·Hw_t${tag}`, kind: 'adjW_t', a: 0, b: rho - 2 * s, e: -1 });
    out.push({ name: `adjoint of w₀: F̄·H(I−ηH)^t w_t${tag}`, kind: 'adjW_0', a: 0, b: 2 * rho - 2 * s, e: -1 });
  }
  return out;
}

export function extremeRates(r: RateData): { max: Family; min: Family } {
  const fams = tapeFamilies(r);
  // ties (e.g. equal rates) go to the family listed first: F and 1/(tF), Corollary 1's own
  let max = fams[0];
  let min = fams[0];
  for (const f of fams) {
    if (f.b > max.b + 1e-12) max = f;
    if (f.b < min.b - 1e-12) min = f;
  }
  return { max, min };
}

/**
 * The share of F carried by the subdominant directions at t: Σ_{|rᵢ| < s} cᵢ²λᵢ(rᵢ/s)^{2t} / C.
 * Below THRESHOLDS.settledShare, log10 F is on its asymptotic line to better than 1e-4/ln 10.
 */
export function subdominantShare(r: RateData, t: number): number {
  let share = 0;
  const C = 10 ** r.log10C;
  r.logR.forEach((l, k) => {
    if (l >= r.sigma - 1e-12) return;
    share += (r.c2l[k] / C) * 10 ** (2 * t * (l - r.sigma));
  });
  return share;
}
