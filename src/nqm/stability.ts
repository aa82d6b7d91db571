import type { Decimal } from 'decimal.js';
import { decimalArith } from '../arith/decimal.js';
import { refinedEigenvalues, symmetricEigenvalues, type RefinedEigenvalues } from './eigen.js';
import type { Mat } from './mat.js';

/**
 * Theorem 1, Lemma 2 and Lemma 3's hypotheses on (H, P, α), decided in decimal.
 *
 * Eigenvalues are refined at 80 digits (eigen.ts), so a computed eigenvalue is within ~1e-40 of the
 * true one even at a defective double root; comparisons allow a slack of 1e-30 × the spectral scale.
 * That slack is a rounding bound, not a loosening: inputs are decimal text and no system given in
 * 15-30 digits sits closer than 1e-30 to a bound without sitting on it.
 */
export const EIG_PRECISION = 80;
const SLACK = '1e-30';

type Entry = Decimal | string | number;

export interface PSpectrum {
  eig: RefinedEigenvalues;
  /** All eigenvalues real: |Im λ| ≤ 1e-12 · ρ(P) (CLI.md's "to 1e-12 relative"). */
  real: boolean;
  lambdaMin: Decimal;
  lambdaMax: Decimal;
}

export function pSpectrum(P: Mat<Entry>): PSpectrum {
  const D = decimalArith(EIG_PRECISION);
  const eig = refinedEigenvalues(P, { precision: EIG_PRECISION });
  const tol = eig.rho.times('1e-12');
  const real = eig.values.every((z) => z.im.abs().lte(tol));
  const res = eig.values.map((z) => z.re);
  let lo = res[0] ?? D.zero;
  let hi = res[0] ?? D.zero;
  for (const x of res) {
    if (x.lt(lo)) lo = x;
    if (x.gt(hi)) hi = x;
  }
  return { eig, real, lambdaMin: lo, lambdaMax: hi };
}

export function lambdaMaxH(H: Mat<Entry>): Decimal {
  const ev = symmetricEigenvalues(H, EIG_PRECISION);
  return ev[ev.length - 1];
}

function leq(a: Decimal, b: Decimal, scale: Decimal): boolean {
  return a.lte(b.plus(scale.abs().times(SLACK)));
}

export interface Theorem1Check {
  /** null when P has non-real eigenvalues (the theorem does not apply). */
  conditions: boolean | null;
  lower: boolean;
  upper: boolean;
  /** 2/λ_max(H) − α: the right side of (10). */
  upperBound: Decimal;
  spectrum: PSpectrum;
  lambdaMaxH: Decimal;
}

/** (9) −α ≤ λ_min(P) and (10) λ_max(P) ≤ 2/λ_max(H) − α (Theorem 1). */
export function theorem1Conditions(H: Mat<Entry>, P: Mat<Entry>, alpha: Entry): Theorem1Check {
  const D = decimalArith(EIG_PRECISION);
  const a = typeof alpha === 'number' ? D.fromNumber(alpha) : D.fromString(alpha.toString());
  const lH = lambdaMaxH(H);
  const spectrum = pSpectrum(P);
  const upperBound = D.sub(D.div(D.fromNumber(2), lH), a);
  const scale = D.add(D.add(spectrum.eig.rho, a.abs()), D.div(D.one, lH));
  const lower = leq(a.neg(), spectrum.lambdaMin, scale);
  const upper = leq(spectrum.lambdaMax, upperBound, scale);
  return { conditions: spectrum.real ? lower && upper : null, lower, upper, upperBound, spectrum, lambdaMaxH: lH };
}

/** Lemma 2: (9) and (13) λ_max(P) ≤ 2/√λ_max(H) − α. */
export function lemma2Conditions(H: Mat<Entry>, P: Mat<Entry>, alpha: Entry): Theorem1Check {
  const D = decimalArith(EIG_PRECISION);
  const a = typeof alpha === 'number' ? D.fromNumber(alpha) : D.fromString(alpha.toString());
  const lH = lambdaMaxH(H);
  const spectrum = pSpectrum(P);
  const upperBound = D.sub(D.div(D.fromNumber(2), D.sqrt(lH)), a);
  const scale = D.add(D.add(spectrum.eig.rho, a.abs()), D.div(D.one, D.sqrt(lH)));
  const lower = leq(a.neg(), spectrum.lambdaMin, scale);
  const upper = leq(spectrum.lambdaMax, upperBound, scale);
  return { conditions: spectrum.real ? lower && upper : null, lower, upper, upperBound, spectrum, lambdaMaxH: lH };
}

/** Lemma 3: (16) −α/max d̄ ≤ λ_min(P̃) and (17) λ_max(P̃) ≤ (2/λ_max(H) − α)/max d̄. */
export function lemma3Conditions(H: Mat<Entry>, Ptilde: Mat<Entry>, alpha: Entry, dbar: readonly Entry[]): Theorem1Check {
  const D = decimalArith(EIG_PRECISION);
  const conv = (x: Entry) => (typeof x === 'number' ? D.fromNumber(x) : D.fromString(x.toString()));
  const a = conv(alpha);
  const dmax = dbar.map(conv).reduce((m, x) => (x.gt(m) ? x : m));
  const lH = lambdaMaxH(H);
  const spectrum = pSpectrum(Ptilde);
  const upperBound = D.div(D.sub(D.div(D.fromNumber(2), lH), a), dmax);
  const scale = D.add(D.add(spectrum.eig.rho, D.div(a.abs(), dmax)), D.div(D.one, D.mul(lH, dmax)));
  const lower = leq(D.div(a.neg(), dmax), spectrum.lambdaMin, scale);
  const upper = leq(spectrum.lambdaMax, upperBound, scale);
  return { conditions: spectrum.real ? lower && upper : null, lower, upper, upperBound, spectrum, lambdaMaxH: lH };
}
