import { Decimal } from 'decimal.js';
import { runAudit } from '../audit/run.js';
import { wishartFamily, inputCaseSpec, type AuditCaseSpec } from '../audit/cases.js';
import { exactText, parseEta } from '../audit/grid.js';
import type { MetaGradientFn } from '../audit/userMethod.js';
import type { AuditResult, PointStatus } from '../audit/types.js';
import { significantDigits } from '../quadratic/digits.js';
import { validateSymmetricPositiveDefinite, validateVector } from '../linalg/validate.js';
import { InputError } from '../errors.js';

/**
 * `toKeepDigits`'s audit as plain data (STYLE.md: the matcher in ./index.ts only formats it): a
 * user's G'(η) against the arbitrary-precision reference of src/audit on a (t, η) grid over a
 * seeded family of quadratics or given cases, digits counted as CLI.md counts them (relative to
 * max(|G'|, S), S the size of the terms that cancel near η*).
 */

/** One quadratic f(w) = ½wᵀHw with GD from w₀: H exactly symmetric positive definite, w₀ of length d. */
export interface KeepDigitsCase {
  H: number[][];
  w0: number[];
}

/** Options of `toKeepDigits`; every field documents its default (KEEP_DIGITS_DEFAULTS). */
export interface KeepDigitsOptions {
  /**
   * Quadratics to audit, as the doubles your function receives (the reference reads their exact
   * values). Default: a seeded family of `count` Wishart quadratics of dimension `d`.
   * When given, `seed`, `count` and `d` are not used.
   */
  cases?: KeepDigitsCase[];
  /** Seed of the family: H = XXᵀ (X d×2d standard Gaussian), w₀ uniform on the sphere (wang2021 footnote 2). Default 1. */
  seed?: number;
  /** Quadratics in the family. Default 3. */
  count?: number;
  /** Their dimension. Default 4 (the reference's Jacobi in decimal costs O(d³) per precision). */
  d?: number;
  /** Unroll lengths t, integers >= 1. Default [1, 10, 100, 1000]. */
  t?: number[];
  /**
   * Step sizes η: a number is an absolute step (the reference uses its exact double); a string is
   * either absolute ('0.05', '10^-2.5') or relative to the case: '1/L', '2/L', '0.5/L', '1e-3/L',
   * '2/(a+L)' (L, α: the extreme eigenvalues of H, computed in float64 per case, the reference then
   * using that double exactly). Default ['1e-3/L', '1e-2/L', '0.1/L', '1/L', '2/(a+L)', '2/L', '10/L', '100/L'].
   */
  eta?: (number | string)[];
}

/**
 * The defaults of KeepDigitsOptions: 3 cases × 4 t × 8 η = 96 points, about 1 s on an idle core
 * (the reference costs ~10 ms a point; 3 s when the machine is shared).
 */
export const KEEP_DIGITS_DEFAULTS: { readonly seed: number; readonly count: number; readonly d: number; readonly t: readonly number[]; readonly eta: readonly string[] } = {
  seed: 1,
  count: 3,
  d: 4,
  t: [1, 10, 100, 1000],
  // below, at and beyond the stability edge 2/L, where Theorem 3's regimes meet and an unrolled
  // loop's intermediates leave float range (100/L: F grows like 99^{2t})
  eta: ['1e-3/L', '1e-2/L', '0.1/L', '1/L', '2/(a+L)', '2/L', '10/L', '100/L'],
};

/** How the user's function fared at one (case, t, η). */
export interface KeepDigitsPoint {
  caseIndex: number;
  /** "wishart d = 6, seed 1 #0" or "given case #0". */
  caseName: string;
  /** Seed of the family; null for a given case. */
  seed: number | null;
  t: number;
  eta: number;
  /** As asked for: "2/L", "0.05", ... */
  etaLabel: string;
  /** `ok` (a finite number), `nonFinite`, `noDigits`, `error` (threw), `notNumber`, `timeout`, `skipped`. */
  status: PointStatus;
  /** Significant digits against the reference relative to max(|G'|, S); 0 when not finite or not a number. */
  digits: number;
  /** What the function returned, as text; null when it threw or returned a non-number. */
  value: string | null;
  /** The reference G'(η) (≥ 20 correct digits, shown to 30). */
  reference: string;
  /** S of CLI.md at this point. */
  S: string;
  /**
   * Digits the problem's conditioning promises a backward-stable float64 method at this point
   * (src/quadratic/accuracy promisedDigits, a lower bound); 0 where one rounding of the input
   * could already move G′ by more than 1e-3 of max(|G′|, S).
   */
  promised: number;
  /** Why, for a call that threw, returned a non-number or timed out. */
  message?: string;
}

export interface KeepDigitsReport {
  /** The function's name ("metaGradient" when anonymous). */
  name: string;
  /** Digits asked for. */
  digits: number;
  pass: boolean;
  points: KeepDigitsPoint[];
  /** Points that kept fewer than `digits` (or gave no number). */
  failing: KeepDigitsPoint[];
  /** The worst point: the first call that gave no number, else the fewest digits. null: no points. */
  worst: KeepDigitsPoint | null;
  /** The grid as resolved: cases (by name), t, η labels, and the seed (null for given cases). */
  grid: { cases: string[]; t: number[]; eta: string[]; seed: number | null };
  seconds: number;
}

const NO_NUMBER: ReadonlySet<PointStatus> = new Set(['error', 'notNumber', 'timeout', 'skipped']);

function fail(field: string, message: string): never {
  throw new TypeError(`toKeepDigits: ${field}: ${message}`);
}

function checkInteger(x: unknown, field: string, min: number): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min) fail(field, `must be an integer >= ${min}, got ${String(x)}`);
  return x;
}

/** Validates the options (a wrong one throws a TypeError naming the field) and builds the audit's cases and η texts. */
function resolve(options: KeepDigitsOptions): { cases: AuditCaseSpec[]; seed: number | null; t: number[]; eta: string[]; labels: Map<string, string> } {
  if (options === null || typeof options !== 'object') fail('options', `must be an object, got ${String(options)}`);
  const known = new Set(['cases', 'seed', 'count', 'd', 't', 'eta']);
  for (const k of Object.keys(options)) if (!known.has(k)) fail(`options.${k}`, `unknown option; known: ${[...known].join(', ')}`);
  const { seed = KEEP_DIGITS_DEFAULTS.seed, count = KEEP_DIGITS_DEFAULTS.count, d = KEEP_DIGITS_DEFAULTS.d, t = KEEP_DIGITS_DEFAULTS.t, eta = KEEP_DIGITS_DEFAULTS.eta } = options;

  let cases: AuditCaseSpec[];
  let usedSeed: number | null;
  if (options.cases !== undefined) {
    if (!Array.isArray(options.cases) || options.cases.length === 0) fail('options.cases', 'must be a non-empty array of { H, w0 }');
    cases = options.cases.map((c, i) => {
      const field = `options.cases[${i}]`;
      if (c === null || typeof c !== 'object') fail(field, 'must be an object { H, w0 }');
      try {
        // exact symmetry: your function and the reference must see the same H, not a symmetrised one
        validateSymmetricPositiveDefinite(c.H, `${field}.H`, { symmetryTolerance: 0 });
        validateVector(c.w0, c.H.length, `${field}.w0`);
      } catch (e) {
        if (e instanceof InputError) throw new TypeError(`toKeepDigits: ${e.message}`);
        throw e;
      }
      for (const [j, x] of [...c.H.flat(), ...c.w0].entries()) if (typeof x !== 'number') fail(field, `entry ${j} is ${typeof x}: H and w0 hold numbers (the doubles your function receives)`);
      if (c.w0.every((x) => x === 0)) fail(`${field}.w0`, 'is zero: f(w_t) = 0 and G = ln f / t is not defined; give a non-zero w0');
      // exact expansions of the doubles: the reference sees what the function sees
      return inputCaseSpec({ H: c.H.map((r) => r.map(exactText)), w0: c.w0.map(exactText) }, `given case #${i}`);
    });
    usedSeed = null;
  } else {
    checkInteger(seed, 'options.seed', 0);
    checkInteger(count, 'options.count', 1);
    checkInteger(d, 'options.d', 1);
    cases = wishartFamily(seed, count, d);
    usedSeed = seed;
  }

  if (!Array.isArray(t) || t.length === 0) fail('options.t', 'must be a non-empty array of integers >= 1');
  t.forEach((x, i) => checkInteger(x, `options.t[${i}]`, 1));

  if (!Array.isArray(eta) || eta.length === 0) fail('options.eta', "must be a non-empty array of numbers or strings like '1/L'");
  const texts: string[] = [];
  const labels = new Map<string, string>();
  eta.forEach((e, i) => {
    const field = `options.eta[${i}]`;
    let text: string;
    if (typeof e === 'number') {
      if (!Number.isFinite(e) || e < 0) fail(field, `must be a finite number >= 0, got ${e}`);
      text = exactText(e);
      labels.set(text, String(e));
    } else if (typeof e === 'string') {
      if (parseEta(e, 1, 1) === null) fail(field, `cannot read "${e}"; write a step size ('0.1', '10^-2.5') or a multiple of 1/L or 1/(α+L) ('1/L', '2/L', '2/(a+L)')`);
      // an absolute decimal text: your function receives its nearest double, so the reference uses that double too
      if (/^\s*[0-9.eE+-]+\s*$/.test(e)) {
        text = exactText(Number(e));
        labels.set(text, e.trim());
      } else text = e;
    } else fail(field, `must be a number or a string, got ${e === null ? 'null' : typeof e}`);
    texts.push(text);
  });
  return { cases, seed: usedSeed, t: [...new Set(t)].sort((a, b) => a - b), eta: texts, labels };
}

function digitsOf(value: string | null, reference: string, S: string, agreement: number): number {
  if (value === null) return 0;
  const v = Number(value);
  if (!Number.isFinite(v)) return 0;
  // recounted from the texts (not the audit's 2-decimal rounding) so "at least d digits" is exact
  return Math.min(significantDigits(v, new Decimal(reference), new Decimal(S)), agreement);
}

/**
 * Audits `fn` (G'(η) of the user's implementation) and says whether every point kept at least
 * `digits` significant digits. Throws a TypeError naming the field for a bad option or `digits`.
 */
export async function keepDigits(fn: MetaGradientFn, digits: number, options: KeepDigitsOptions = {}): Promise<KeepDigitsReport> {
  if (typeof fn !== 'function') throw new TypeError(`toKeepDigits: expected a function (eta, H, w0, t) => G′(η), received ${fn === null ? 'null' : typeof fn}`);
  if (typeof digits !== 'number' || !Number.isFinite(digits) || digits < 0) fail('digits', `must be a finite number >= 0, got ${String(digits)}`);
  const started = performance.now();
  const r = resolve(options);
  const name = fn.name || 'metaGradient';
  const audit: AuditResult = await runAudit({ cases: r.cases, t: r.t, eta: r.eta, methods: [], tape: false, users: [{ fn, name }] });

  const points: KeepDigitsPoint[] = [];
  audit.cases.forEach((c, caseIndex) => {
    const id = c.methods.find((m) => m.kind === 'user')?.id;
    if (id === undefined) throw new Error('toKeepDigits: the audit returned no column for the function');
    for (const p of c.points) {
      const m = p.results[id];
      const e = c.eta[p.etaIndex];
      points.push({
        caseIndex,
        caseName: c.name,
        seed: c.seed ?? null,
        t: p.t,
        eta: p.eta,
        etaLabel: r.labels.get(e.text) ?? e.label,
        status: m.status,
        digits: digitsOf(m.value, p.reference.dG, p.reference.S, p.reference.agreement),
        value: m.value,
        reference: p.reference.dG,
        S: p.reference.S,
        promised: p.promised.float64,
        ...(m.message ? { message: m.message } : {}),
      });
    }
  });
  const failing = points.filter((p) => NO_NUMBER.has(p.status) || !(p.digits >= digits));
  const noNumber = points.find((p) => NO_NUMBER.has(p.status));
  const worst = noNumber ?? points.reduce<KeepDigitsPoint | null>((w, p) => (w === null || p.digits < w.digits ? p : w), null);
  const first = audit.cases[0];
  return {
    name,
    digits,
    pass: failing.length === 0 && points.length > 0,
    points,
    failing,
    worst,
    grid: {
      cases: audit.cases.map((c) => c.name),
      t: r.t,
      eta: first ? first.eta.map((e) => r.labels.get(e.text) ?? e.label) : [],
      seed: r.seed,
    },
    seconds: (performance.now() - started) / 1000,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function fmt(x: number): string {
  return (Math.floor(x * 100) / 100).toFixed(2);
}

function where(p: KeepDigitsPoint): string {
  // a seeded case's name carries its seed and index ("wishart d = 6, seed 1 #0"): the family replays it
  const c = `case #${p.caseIndex} (${p.caseName})`;
  return `${c}, t = ${p.t}, η = ${p.etaLabel}${/^[0-9.eE+-]+$/.test(p.etaLabel) ? '' : ` = ${p.eta}`}`;
}

/** The text a person reads: what was compared with what, the worst point, and how to replay it. */
export function formatKeepDigits(r: KeepDigitsReport, isNot = false): string {
  const grid =
    `grid: ${plural(r.grid.cases.length, 'case')} × t ∈ {${r.grid.t.join(', ')}} × η ∈ {${r.grid.eta.join(', ')}} = ${plural(r.points.length, 'point')}; ` +
    (r.grid.seed === null ? 'given cases' : `seed ${r.grid.seed} (the same options replay it exactly)`);
  const w = r.worst;
  if (isNot) {
    return `expected ${r.name} not to keep ${r.digits} significant digits of G′(η), but it kept ≥ ${w ? fmt(w.digits) : '?'} at every point` + (w ? ` (fewest at ${where(w)})` : '') + `\n${grid}`;
  }
  if (w === null) return `${r.name}: no point was audited\n${grid}`;
  const head = `expected ${r.name} to keep ${r.digits} significant digits of G′(η) at every point (counted against the reference relative to max(|G′|, S), CLI.md)`;
  if (NO_NUMBER.has(w.status)) {
    const n = r.points.filter((p) => p.status === w.status).length;
    const what = w.status === 'error' ? 'threw' : w.status === 'notNumber' ? 'returned a non-number' : w.status === 'timeout' ? 'timed out' : 'was not run';
    return `${head}; it ${what} at ${n} of ${plural(r.points.length, 'point')}, first at ${where(w)}: ${w.message ?? w.status}\n${grid}`;
  }
  if (r.pass) return `${head}; it did: ≥ ${fmt(w.digits)} digits, fewest at ${where(w)}\n${grid}`;
  const got = w.status === 'nonFinite' ? `returned ${w.value} (not finite): 0 digits kept` : `kept ${fmt(w.digits)} digits (returned ${w.value}, reference ${w.reference}, S = ${w.S})`;
  return (
    `${head}; it kept fewer at ${r.failing.length} of ${plural(r.points.length, 'point')}.\n` +
    `worst: ${where(w)}: ${got}; here the problem's conditioning promises a backward-stable float64 method ≥ ${fmt(w.promised)} digits\n${grid}`
  );
}
