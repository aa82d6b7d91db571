import { decimalArith } from '../arith/decimal.js';
import { float64 } from '../arith/float.js';
import type { Arith } from '../arith/types.js';
import { InputError } from '../errors.js';

/**
 * Default relative symmetry tolerance: |Hij − Hji| ≤ 1e-12 · max|H|. Wide enough for a matrix
 * computed in float64 and written out (XᵀX summed in two orders differs by ~d·ε), narrow enough
 * that a genuinely non-symmetric input is never taken for a symmetric one.
 */
export const DEFAULT_SYMMETRY_TOLERANCE = 1e-12;

/** Precision of the definitive positive-definiteness check (decimal Cholesky). */
const CHECK_DIGITS = 50;

export interface SpdValidationOptions {
  /** Relative symmetry tolerance τ: |Hij − Hji| ≤ τ · max|H| passes. Default 1e-12. */
  symmetryTolerance?: number;
}

/**
 * Check a user-supplied Hessian: a non-empty square matrix of finite entries (numbers, or decimal
 * strings such as "1e-400" for values beyond float64), symmetric to the tolerance, and positive
 * definite. Throws an InputError with a one-line message that names the offending field
 * (`H`, `H[2]`, `H[2][1]`) and the fix. Passing does not symmetrise: the caller averages
 * (H + Hᵀ)/2 (see `symmetrize`), which moves it by at most τ·max|H|/2 per entry.
 *
 * Positive definiteness is decided by Cholesky (H ≻ 0 iff every pivot is > 0) on (H + Hᵀ)/2:
 * - number input: in float64 first; only if that fails (a pivot ≤ 0, or a non-finite one from
 *   under/overflow), again in decimal at 50 digits on the exact double values, so a PD matrix whose
 *   smallest eigenvalue is below float64's resolution (κ ≳ 1e16) is not rejected for rounding;
 * - string input: in decimal at 50 digits on the text values (definitive up to κ ~ 1e48).
 *   Cost O(d³) decimal operations (about 1 s at d = 100).
 */
export function validateSymmetricPositiveDefinite(
  H: unknown,
  field = 'H',
  options: SpdValidationOptions = {},
): void {
  const { symmetryTolerance = DEFAULT_SYMMETRY_TOLERANCE } = options;
  if (!(symmetryTolerance >= 0 && Number.isFinite(symmetryTolerance))) {
    throw new InputError('symmetryTolerance', `must be a finite number >= 0, got ${symmetryTolerance}`);
  }
  if (!Array.isArray(H) || H.length === 0) {
    throw new InputError(
      field,
      `expected a non-empty square matrix (d rows of d numbers or decimal strings, e.g. [[2, 1], [1, 3]]), got ${describe(H)}`,
    );
  }
  const d = H.length;
  for (let i = 0; i < d; i++) {
    const row: unknown = H[i];
    if (!Array.isArray(row)) {
      throw new InputError(`${field}[${i}]`, `row ${i} is ${describe(row)}, not an array; ${field} must be d rows of d entries`);
    }
    if (row.length !== d) {
      throw new InputError(
        `${field}[${i}]`,
        `row ${i} has ${row.length} entries but ${field} has ${d} rows; ${field} must be square (${d} entries in every row)`,
      );
    }
  }
  const rows = H as unknown[][];
  const allNumbers = rows.every((row) => row.every((x) => typeof x === 'number'));
  if (allNumbers) {
    const M = rows as number[][];
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) checkEntry(M[i][j], `${field}[${i}][${j}]`);
    }
    checkSymmetric(float64(), M, field, symmetryTolerance);
    if (cholesky(float64(), symmetrize(float64(), M)) === null) return;
    // float64 rounding (or range) may have failed a PD matrix: decide on the exact values
    const D = decimalArith(CHECK_DIGITS);
    const failure = cholesky(D, symmetrize(D, M.map((row) => row.map((x) => D.fromNumber(x)))));
    if (failure) throw notPositiveDefinite(field, failure.pivot, D.toString(failure.value, 6));
    return;
  }
  const D = decimalArith(CHECK_DIGITS);
  const M = rows.map((row, i) => row.map((x, j) => parseEntry(D, x, `${field}[${i}][${j}]`)));
  checkSymmetric(D, M, field, symmetryTolerance);
  if (certifiedByShiftedFloatCholesky(rows.map((row) => row.map((x) => Number(x))))) return;
  const failure = cholesky(D, symmetrize(D, M));
  if (failure) throw notPositiveDefinite(field, failure.pivot, D.toString(failure.value, 6));
}

/** Check a vector such as w₀: an array of exactly d finite numbers (or decimal strings). */
export function validateVector(w: unknown, d: number, field = 'w0'): void {
  if (!Array.isArray(w)) {
    throw new InputError(field, `expected an array of ${d} numbers (or decimal strings), got ${describe(w)}`);
  }
  if (w.length !== d) {
    throw new InputError(field, `has ${w.length} entries but H is ${d}×${d}; give exactly ${d} entries`);
  }
  const D = decimalArith(CHECK_DIGITS);
  w.forEach((x: unknown, i) => {
    if (typeof x === 'number') checkEntry(x, `${field}[${i}]`);
    else parseEntry(D, x, `${field}[${i}]`);
  });
}

/**
 * (H + Hᵀ)/2 entrywise, computed once per pair and mirrored, so the result is exactly symmetric
 * (equal pairs are kept as they are, which also avoids an overflow in Hij + Hji).
 */
export function symmetrize<T>(A: Arith<T>, H: readonly (readonly T[])[]): T[][] {
  const d = H.length;
  const half = A.fromString('0.5');
  const S: T[][] = Array.from({ length: d }, () => new Array<T>(d));
  for (let i = 0; i < d; i++) {
    S[i][i] = H[i][i];
    for (let j = i + 1; j < d; j++) {
      const a = H[i][j];
      const b = H[j][i];
      S[i][j] = S[j][i] = A.cmp(a, b) === 0 ? a : A.mul(A.add(a, b), half);
    }
  }
  return S;
}

function checkEntry(x: number, where: string): void {
  if (!Number.isFinite(x)) throw new InputError(where, `is ${x}; every entry must be a finite number`);
}

function parseEntry<T>(D: Arith<T>, x: unknown, where: string): T {
  if (typeof x === 'number') {
    checkEntry(x, where);
    return D.fromNumber(x);
  }
  if (typeof x !== 'string') {
    throw new InputError(where, `has type ${x === null ? 'null' : typeof x}; give a finite number or a decimal string such as "1.5e-3"`);
  }
  let v: T;
  try {
    v = D.fromString(x);
  } catch {
    throw new InputError(where, `${JSON.stringify(x)} is not a decimal number; give a finite number or a decimal string such as "1.5e-3"`);
  }
  if (!D.isFinite(v)) throw new InputError(where, `is ${JSON.stringify(x)}; every entry must be finite`);
  return v;
}

function checkSymmetric<T>(A: Arith<T>, M: T[][], field: string, tau: number): void {
  let maxAbs = A.zero;
  for (const row of M) for (const x of row) if (A.cmp(A.abs(x), maxAbs) > 0) maxAbs = A.abs(x);
  const tol = A.mul(A.fromNumber(tau), maxAbs);
  const d = M.length;
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      const diff = A.abs(A.sub(M[i][j], M[j][i]));
      if (A.cmp(diff, tol) > 0) {
        const s = (x: T) => A.toString(x, 17);
        throw new InputError(
          field,
          `not symmetric: ${field}[${i}][${j}] = ${s(M[i][j])} but ${field}[${j}][${i}] = ${s(M[j][i])} ` +
            `(|difference| ${A.toString(diff, 3)} exceeds the tolerance ${tau}·max|${field}| = ${A.toString(tol, 3)}); ` +
            `give a symmetric matrix, e.g. (${field} + ${field}ᵀ)/2`,
        );
      }
    }
  }
}

/**
 * Cholesky H = RᵀR by rows; null if every pivot is > 0 (H ≻ 0), else the first failing pivot.
 * A non-finite pivot (float overflow) counts as a failure, so that the caller re-checks in decimal.
 */
function cholesky<T>(A: Arith<T>, H: T[][]): { pivot: number; value: T } | null {
  const d = H.length;
  const R: T[][] = Array.from({ length: d }, () => new Array<T>(d).fill(A.zero));
  for (let k = 0; k < d; k++) {
    let s = H[k][k];
    for (let m = 0; m < k; m++) s = A.sub(s, A.mul(R[m][k], R[m][k]));
    if (!(A.sign(s) > 0) || !A.isFinite(s)) return { pivot: k, value: s };
    const r = A.sqrt(s);
    R[k][k] = r;
    for (let j = k + 1; j < d; j++) {
      let t = H[k][j];
      for (let m = 0; m < k; m++) t = A.sub(t, A.mul(R[m][k], R[m][j]));
      R[k][j] = A.div(t, r);
    }
  }
  return null;
}

/**
 * A sufficient test for positive definiteness in float64 (Rump, "Verification of positive
 * definiteness", BIT 46, 2006, Theorem 2.3): if float Cholesky of Ã − cI runs to completion with
 * c ≥ γ_{n+1}/(1 − 2γ_{n+1}) · tr(Ã), γ_k = ku/(1 − ku), u = 2^−53, then Ã is positive definite.
 * Ã here is the nearest-double rounding of the exact (H + Hᵀ)/2, which differs from it by at most
 * 2u|H| entrywise, so at most 2u‖H‖_F in norm: c adds that, and both terms are doubled as a margin
 * for the rounding of Ã − cI itself. Only a success is used (it replaces a d³/6 decimal Cholesky,
 * which dominated `eval` at d in the hundreds); any doubt falls through to the exact check. Entries
 * beyond 1e±150 fall through too (underflow would void the theorem).
 */
function certifiedByShiftedFloatCholesky(H: number[][]): boolean {
  const d = H.length;
  let trace = 0;
  let frob2 = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const x = H[i][j];
      if (!Number.isFinite(x) || (x !== 0 && (Math.abs(x) > 1e150 || Math.abs(x) < 1e-150))) return false;
      frob2 += x * x;
    }
    trace += Math.abs(H[i][i]);
  }
  const u = 2 ** -53;
  const gamma = ((d + 1) * u) / (1 - (d + 1) * u);
  const c = 2 * ((gamma / (1 - 2 * gamma)) * trace + 2 * u * Math.sqrt(frob2));
  const S = symmetrize(float64(), H).map((row, i) => row.map((x, j) => (i === j ? x - c : x)));
  return cholesky(float64(), S) === null;
}

function notPositiveDefinite(field: string, pivot: number, value: string): InputError {
  return new InputError(
    field,
    `not positive definite: Cholesky pivot ${pivot + 1} of (${field} + ${field}ᵀ)/2 is ${value} <= 0, so ${field} has an eigenvalue <= 0; ` +
      `give a symmetric positive definite matrix (all eigenvalues > 0)`,
  );
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (typeof x === 'string') return `the string ${JSON.stringify(x.length > 20 ? x.slice(0, 20) + '…' : x)}`;
  return typeof x === 'object' ? 'an object' : `${typeof x} ${String(x)}`;
}
