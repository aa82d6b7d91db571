/**
 * The audit's thresholds, one table per arithmetic (STYLE.md, after JAX's per-dtype tolerance
 * tables): nothing else in src/audit or spec/audit.spec.ts hard-codes a digit count or a range.
 */
export const THRESHOLDS = {
  float64: {
    /** Significand bits (binary64). */
    bits: 53,
    /** log10 of the largest finite double, 1.7976931348623157e308. */
    log10MaxFinite: Math.log10(Number.MAX_VALUE),
    /** log10 of the smallest positive normal double, 2.2250738585072014e-308. */
    log10MinNormal: Math.log10(2.2250738585072014e-308),
    /** The project's promise for the scaled form (Eqn 2): at least this many digits where the conditioning allows it. */
    stablePromise: 10,
  },
  float32: {
    bits: 24,
    /** log10 of 3.4028234663852886e38. */
    log10MaxFinite: Math.log10(3.4028234663852886e38),
    /** log10 of 1.1754943508222875e-38. */
    log10MinNormal: Math.log10(1.1754943508222875e-38),
  },
  /** A method "broke" at a point when it was not finite or kept fewer digits than this. */
  brokenBelowDigits: 1,
  /** Predicted and observed breakdown must agree within this many steps of the t grid. */
  breakdownGridSteps: 1,
  /** Corollary 1: fitted slopes within this relative error of the predicted rate. */
  slopeRelativeTolerance: 0.02,
  /** Corollary 1: a sampled t is in the asymptotic regime when the subdominant directions' share is below this. */
  settledShare: 1e-4,
} as const;

export type FormatName = 'float64' | 'float32';
