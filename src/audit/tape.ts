import type { Decimal } from 'decimal.js';
import { decimalArith } from '../arith/decimal.js';
import { Quadratic } from '../quadratic/problem.js';
import { backpropWithTape } from '../quadratic/methods.js';
import type { EtaPoint, SlopeFit, TapeRow, TapeSample, TapeStudy } from './types.js';
import { extremeRates, rateData, subdominantShare, type Family, type FamilyKind, type SpectralData } from './predict.js';
import { THRESHOLDS } from './thresholds.js';

export interface TapeStudyOptions {
  /** Sampled t: the audit's t grid up to `tMax`. */
  t: readonly number[];
  /** Largest t of the study (default 300: the decimal tape costs O(t·d²) decimal operations). */
  tMax?: number;
  /** Decimal precision of the tape (default 30: enough to resolve 1 − ηλ ≈ 1e-17 at η = 1/L). */
  precision?: number;
  onStep?: () => void;
}

/**
 * wang2021 Corollary 1, measured: backpropagation through the unrolled loop, run on the tape in
 * decimal (so nothing overflows and every intermediate is what exact arithmetic gives to P digits),
 * and the tape's largest and smallest |value| or |adjoint| reported against t, with fitted slopes
 * beside the rates of ./predict.
 */
export function tapeStudy(H: readonly (readonly string[])[], w0: readonly string[], eta: readonly EtaPoint[], sp: SpectralData, options: TapeStudyOptions): TapeStudy {
  const { tMax = 300, precision = 30, onStep } = options;
  const ts = options.t.filter((t) => t <= tMax);
  const A = decimalArith(precision);
  const q = Quadratic.fromText(A, H, w0);
  const rows: TapeRow[] = eta.map((e, etaIndex) => {
    const r = rateData(sp, e.value);
    const samples: TapeSample[] = [];
    const kinds: Array<{ max: FamilyKind; min: FamilyKind; maxAdj: boolean; minAdj: boolean }> = [];
    for (const t of ts) {
      const { tape } = backpropWithTape<Decimal>(q, A.fromNumber(e.value), t);
      const m = tape.magnitudes();
      const maxAdj = m.adjoints.maxLog10 > m.values.maxLog10;
      const minAdj = m.adjoints.minLog10 < m.values.minLog10;
      const max = maxAdj ? m.adjoints : m.values;
      const min = minAdj ? m.adjoints : m.values;
      samples.push({
        t,
        maxLog10: max.maxLog10,
        maxAt: `${maxAdj ? 'adjoint of ' : ''}${max.maxAt}`,
        minLog10: min.minLog10,
        minAt: `${minAdj ? 'adjoint of ' : ''}${min.minAt}`,
      });
      kinds.push({ max: classify(max.maxAt, maxAdj, t), min: classify(min.minAt, minAdj, t), maxAdj, minAdj });
      onStep?.();
    }
    const predicted = extremeRates(r);
    const shares = ts.map((t) => subdominantShare(r, t));
    const fit = (which: 'max' | 'min'): SlopeFit => {
      const fam: Family = predicted[which];
      // |1 − ηλ|max = 1 (η = 2/L on a diagonal H): nothing grows, any bounded intermediate may be the extreme
      const bounded = Math.abs(fam.b) < 1e-9;
      const use = ts
        .map((t, k) => ({ t, k }))
        .filter(({ t, k }) => t > 1 && shares[k] <= THRESHOLDS.settledShare && (bounded || kinds[k][which] === fam.kind));
      // 1/(tF) and everything downstream of it carry an exact −log10 t: remove it before fitting the per-step rate
      const ys = use.map(({ t, k }) => (which === 'max' ? samples[k].maxLog10 : samples[k].minLog10) - fam.e * Math.log10(t));
      const observed = use.length >= 2 ? slope(use.map((u) => u.t), ys) : null;
      return {
        observed,
        predicted: fam.b,
        relativeError: observed === null || bounded ? null : Math.abs(observed - fam.b) / Math.abs(fam.b),
        family: bounded ? 'bounded intermediates (no exponential growth: max |1−ηλ| = 1)' : fam.name,
        tUsed: use.map((u) => u.t),
      };
    };
    const maxFit = fit('max');
    const minFit = fit('min');
    const settled = maxFit.observed !== null && minFit.observed !== null;
    let note: string | undefined;
    if (!settled) {
      const shareAt = shares.length ? shares[shares.length - 1] : NaN;
      note =
        shareAt > THRESHOLDS.settledShare
          ? `not settled by t = ${ts[ts.length - 1]}: the subdominant directions still carry ${shareAt.toPrecision(2)} of F (|1−ηλ| too close to each other)`
          : 'the asymptotically extreme family is not yet the extreme at two or more of the sampled t';
    }
    return { etaIndex, eta: e.value, sigma: r.sigma, paperRate: 2 * r.sigma, samples, max: maxFit, min: minFit, settled, ...(note ? { note } : {}) };
  });
  return { precision, t: ts, rows };
}

/** Which family a tape extreme belongs to, from its label (src/quadratic/methods backpropWithTape). */
export function classify(label: string, adjoint: boolean, t: number): FamilyKind {
  if (label === 'F') return adjoint ? 'adjF' : 'F';
  if (label === 'G' || label === 'eta') return 'const';
  const m = /^(?:Hw|w)\[(\d+)\]$/.exec(label);
  if (!m) return 'other';
  const k = Number(m[1]);
  if (adjoint) return k >= t - 1 ? 'adjW_t' : k <= 1 ? 'adjW_0' : 'other';
  return k === t ? 'w_t' : k === 0 ? 'const' : 'other';
}

/** Least-squares slope of y on x. */
export function slope(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  return sxy / sxx;
}
