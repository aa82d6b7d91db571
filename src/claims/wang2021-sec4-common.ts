import { pairedStats } from '../leastsquares/claims-experiment.js';

/** The named consequences of one evaluation: which held, the numbers behind them, and one line each. */
export interface Consequences {
  holds: Record<string, boolean | null>;
  values: Record<string, number>;
  fails: string[];
  notes: string[];
}

/**
 * Every comparison of test errors is paired over the same test tasks and demands a margin of Z = 5
 * standard errors of the paired mean (one-sided normal false-alarm rate below 3e-7 per comparison).
 */
export const Z = 5;

/**
 * "Test error Ω(1)·σ²" as a falsifiable consequence: E‖w_t − w*‖² ≥ σ²/8. The minimum-norm ERM,
 * which TbT approaches, has E‖w − w*‖² = (1 − n/d) + σ²n/(d − n − 1) ≥ σ²/3 for n ≥ d/4.
 */
export const OMEGA_SIGMA2 = 1 / 8;

/**
 * TbT's η* sits at the edge of divergence, so a few test tasks diverge and are truncated at 40σ
 * (‖w − w*‖² ≈ 1600σ²): heavy tails. Where an error is claimed LARGE we use min(e, 4(σ² + 1)), whose
 * mean is a lower bound of the true mean (the check can only fail more often) with bounded spread.
 */
export const capLarge = (e: number, sigma: number) => Math.min(e, 4 * (sigma * sigma + 1));

export function lowerBoundCheck(e: ArrayLike<number>, sigma: number): { ok: boolean; decided: boolean | null; mean: number; se: number } {
  const x = Float64Array.from(e, (v) => capLarge(v, sigma) / (sigma * sigma) - OMEGA_SIGMA2);
  const st = pairedStats(x);
  // capped: the mean is a lower bound, so "false" is only claimed... never: a capped mean below the
  // threshold does not show the true mean below it
  const d = decide(st.mean, st.se);
  return { ok: st.mean > Z * st.se, decided: d === false ? null : d, mean: st.mean + OMEGA_SIGMA2, se: st.se };
}

export const g = (x: number) => (Number.isFinite(x) ? x.toPrecision(4) : String(x));

/** ⌈d·p/100⌉ (at least 1): n ∈ [d/4, 3d/4] for p ∈ [25, 75]. */
export const pct = (d: number, p: number) => Math.max(1, Math.ceil((d * p) / 100 - 1e-9));

/**
 * Three-valued reading of "x > 0" from a mean and its standard error, for frontiers: true when shown
 * by Z standard errors, false when the opposite is shown by Z, null (not decided at this sample size)
 * between. The claims' checks are stricter: a consequence not shown is a failing case.
 */
export function decide(mean: number, se: number): boolean | null {
  if (mean > Z * se) return true;
  if (mean < -Z * se) return false;
  return null;
}

/** AND over three-valued results: false if any is false, else null if any is null, else true. */
export function all3(xs: (boolean | null)[]): boolean | null {
  if (xs.some((x) => x === false)) return false;
  if (xs.some((x) => x === null)) return null;
  return true;
}
