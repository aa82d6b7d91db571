/**
 * The precision audit's data (STYLE.md: results are plain data; the JSON, Markdown and HTML
 * writers in ./writers only format it). Numbers that may leave float64's range, or be non-finite,
 * travel as decimal strings ("NaN", "Infinity", "1.2e-812"); every `number` field here is finite
 * or null, so `JSON.stringify` never loses anything.
 */

/** Built-in columns of the audit (a user module adds `module:<name>` columns). */
export type BuiltinMethodId = 'closedForm64' | 'stable64' | 'backprop64' | 'forward64' | 'backprop32' | 'tfjs32';

export const BUILTIN_METHODS: readonly BuiltinMethodId[] = ['closedForm64', 'stable64', 'backprop64', 'forward64', 'backprop32', 'tfjs32'];

export interface MethodInfo {
  /** Column id: a built-in id, or `module:<name>` / `fn:<name>` for a user's meta-gradient. */
  id: string;
  /** What it computes, in words (for the report). */
  description: string;
  /** Number format of the result: its significand bits give the "bits of error" scale. */
  format: 'float64' | 'float32';
  /** Significand bits (53 or 24). */
  bits: number;
  kind: 'builtin' | 'external' | 'user';
  /** Largest t this column was run at (TF.js is capped for speed); null: the whole grid. */
  tMax: number | null;
  /** Whether the column was also run with `strict` range checking (src/arith RangeMode). */
  strict: boolean;
}

/** How one method fared at one (t, η). */
export type PointStatus =
  | 'ok' // a finite number with ≥ 1 significant digit
  | 'nonFinite' // NaN or ±Infinity
  | 'noDigits' // finite, but not one digit right (e.g. 0 where F overflowed)
  | 'error' // the user's function threw
  | 'notNumber' // the user's function returned something other than a number
  | 'timeout' // the user's function did not return within the timeout
  | 'skipped' // not run: too many timeouts before
  | 'notRun'; // outside the column's range (e.g. TF.js above its t cap)

export interface MethodPoint {
  status: PointStatus;
  /** G'(η) as computed, as text ("NaN", "Infinity", ...); null when there is none. */
  value: string | null;
  /** Significant digits against the reference, relative to max(|G'|, S) (CLI.md); 0 when not finite. */
  digits: number;
  /** Of the format's significand bits, how many are wrong: max(0, bits − digits·log2 10). */
  bitsOfError: number;
  finite: boolean;
  /** Strict range mode made the result NaN: some intermediate left the normal range. null: not checked. */
  strictFlagged: boolean | null;
  /** Why, for error/notNumber/timeout/skipped/notRun. */
  message?: string;
}

export interface EtaPoint {
  /** How it was asked for: "1e-3/L", "2/(α+L)", "0.1", ... */
  label: string;
  /** The double every float method starts from. */
  value: number;
  /** The decimal text the reference uses (the exact expansion of `value`, or the user's text). */
  text: string;
}

export interface ReferenceInfo {
  /** G' to the digits the reference promises. */
  dG: string;
  /** Digits on which the reference agreed with itself at precisions P and 2P. */
  agreement: number;
  /** The higher precision 2P. */
  precision: number;
  /** S of CLI.md, the size of the terms that cancel in G'. */
  S: string;
  F: string;
}

export interface AuditPoint {
  t: number;
  etaIndex: number;
  eta: number;
  reference: ReferenceInfo;
  /** Digits the problem's conditioning lets a float method keep (src/quadratic/accuracy promisedDigits). */
  promised: { float64: number; float32: number };
  results: Record<string, MethodPoint>;
}

/** Which intermediate is predicted to leave the normal range first, and when. */
export interface BreakdownRow {
  method: string;
  etaIndex: number;
  eta: number;
  /** s = max |1 − ηλᵢ| over the directions w₀ touches; σ = log10 s. */
  sigma: number;
  /** Real t at which an intermediate carrying the result first leaves the normal range; null: beyond the grid. */
  predictedT: number | null;
  /** The first grid t ≥ predictedT (null: none). */
  predictedGridT: number | null;
  /** The intermediate that leaves first, e.g. "F = ½Σc²λr^{2t} overflows". */
  predictedBy: string | null;
  /** First grid t at which the method was non-finite or had no correct digit (null: never). */
  observedGridT: number | null;
  /** How it broke there. */
  observedStatus: PointStatus | null;
  /** First grid t at which strict range mode flagged an out-of-range intermediate (null: never or not checked). */
  strictGridT: number | null;
  /** Predicted and observed within one step of the t grid (both "never" counts as agreeing). */
  agree: boolean;
  /** Grid steps between observed and predicted (observed − predicted; "never" is index = grid length). */
  steps: number;
}

/** One t of the Corollary 1 study: the tape's extremes over every value and adjoint. */
export interface TapeSample {
  t: number;
  maxLog10: number;
  maxAt: string;
  minLog10: number;
  minAt: string;
}

export interface SlopeFit {
  /** Fitted d log10|·| / dt over the settled t (least squares), after the exact −log10 t of 1/(tF) is removed. */
  observed: number | null;
  /** Predicted rate per step (from the families of intermediates, see ./predict). */
  predicted: number;
  /** |observed − predicted| / |predicted|. */
  relativeError: number | null;
  /** The family predicted to be extreme, e.g. "F = ½Σc²λr^{2t} (value)". */
  family: string;
  /** The t used in the fit. */
  tUsed: number[];
}

export interface TapeRow {
  etaIndex: number;
  eta: number;
  sigma: number;
  /** 2·log10 s: the paper's rate (F's per-step slope). */
  paperRate: number;
  samples: TapeSample[];
  max: SlopeFit;
  min: SlopeFit;
  /** The subdominant directions' share has died out (< 1e-4) by at least two of the sampled t. */
  settled: boolean;
  /** Why not settled, when not. */
  note?: string;
}

export interface TapeStudy {
  /** Decimal precision of the tape (nothing overflows in decimal). */
  precision: number;
  t: number[];
  rows: TapeRow[];
}

export interface MethodSummary {
  method: string;
  /** One sentence, e.g. "stable64 kept ≥ 10 digits at every audited point". */
  verdict: string;
  pointsAudited: number;
  pointsBroken: number;
  minDigits: number | null;
  /** Where minDigits occurred. */
  minAt: { t: number; eta: number; etaLabel: string } | null;
  /** Statuses other than ok, counted. */
  statusCounts: Partial<Record<PointStatus, number>>;
  /** Points where the method kept fewer digits than the conditioning promises (stable64's promise check). */
  belowPromise: Array<{ t: number; eta: number; digits: number; promised: number }>;
}

export interface AuditCase {
  /** "default", "input", or "wishart seed S #i". */
  name: string;
  source: 'default' | 'input' | 'seeded';
  seed?: number;
  index?: number;
  d: number;
  /** Extreme eigenvalues and min(|c₁|, |c_d|) (reference, 15 digits). */
  L: string;
  alpha: string;
  cMin: string;
  /** The case itself, as the reference read it (decimal texts). */
  H: string[][];
  w0: string[];
  t: number[];
  eta: EtaPoint[];
  methods: MethodInfo[];
  points: AuditPoint[];
  breakdown: BreakdownRow[];
  tape: TapeStudy | null;
  summaries: MethodSummary[];
  /** Seconds spent on this case. */
  seconds: number;
}

export interface AuditResult {
  tool: 'l2l-verify audit';
  version: 1;
  generated: string;
  /** Thresholds used (STYLE.md: one table per arithmetic). */
  thresholds: typeof import('./thresholds.js').THRESHOLDS;
  cases: AuditCase[];
  /** Things a reader must know (e.g. "TF.js column capped at t ≤ 3000"). */
  notes: string[];
  seconds: number;
}
