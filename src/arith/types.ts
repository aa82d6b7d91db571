/**
 * One arithmetic interface, three number systems (DESIGN.md "One algorithm, several number systems").
 * Every numerical algorithm of l2l-verify is written once against `Arith<T>` and run in float64,
 * float32 (each operation rounded with Math.fround) and decimal.js at a chosen precision.
 *
 * Accuracy of each implementation (decimal.js style):
 * - float64: every operation correctly rounded (IEEE 754 binary64); `ln`, `exp` as V8 gives them (≤ 1 ulp).
 * - float32: every operation is computed in float64 and rounded once to binary32 with Math.fround.
 *   For + − × ÷ √ this equals the correctly rounded float32 result (a double holds the exact
 *   product of two floats and double rounding is innocuous for these ops); ln/exp are within 1 ulp.
 * - decimal: every operation correctly rounded to `precision` significant digits (decimal.js
 *   ROUND_HALF_EVEN); ln/exp correctly rounded as decimal.js documents.
 */
export type ArithName = 'float64' | 'float32' | 'decimal';

/**
 * What a float arithmetic does when a result leaves the normal range:
 * - `ieee`: exactly what the hardware does (overflow to ±Infinity, gradual underflow to subnormals
 *   and zero). This is what a float program, or TensorFlow, computes.
 * - `strict`: an overflow, or an underflow (a subnormal result, or zero from nonzero operands of
 *   × ÷ or from `exp`), yields NaN instead. NaN then propagates, so a method run in strict mode is
 *   either computed with every intermediate in the normal range, or non-finite: never silently wrong.
 */
export type RangeMode = 'ieee' | 'strict';

export interface Arith<T> {
  readonly name: ArithName;
  /** Significant decimal digits carried: 15.95 for float64, 7.22 for float32, the precision for decimal. */
  readonly digits: number;
  readonly rangeMode: RangeMode;
  readonly zero: T;
  readonly one: T;
  /** The exact value of a double (decimal: its full binary expansion; float32: nearest float). */
  fromNumber(x: number): T;
  /** Decimal text ("0.1", "1e-300", "0x1.8p-3"): decimal keeps it exactly (operations round, input never); floats round to nearest. */
  fromString(s: string): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  neg(a: T): T;
  abs(a: T): T;
  sqrt(a: T): T;
  ln(a: T): T;
  exp(a: T): T;
  /** a^n for an integer n ≥ 0 (floats: one pow, rounded once; decimal: correctly rounded). */
  powInt(a: T, n: number): T;
  cmp(a: T, b: T): -1 | 0 | 1;
  sign(a: T): -1 | 0 | 1;
  isFinite(a: T): boolean;
  isZero(a: T): boolean;
  /** log10 |a| as a number, also for decimals far beyond float64's range; −Infinity for 0, NaN for NaN. */
  log10Abs(a: T): number;
  /** Nearest double (may be ±Infinity or 0 when out of float64 range). */
  toNumber(a: T): number;
  /** Decimal text readable by decimal.js and mpmath: "1.25e-812", "NaN", "Infinity", "-Infinity". */
  toString(a: T, significantDigits?: number): string;
}

export function max<T>(A: Arith<T>, a: T, b: T): T {
  return A.cmp(a, b) >= 0 ? a : b;
}

export function min<T>(A: Arith<T>, a: T, b: T): T {
  return A.cmp(a, b) <= 0 ? a : b;
}

/** Σ xᵢ in order (the summation order is part of a method's definition). */
export function sum<T>(A: Arith<T>, xs: readonly T[]): T {
  let s = A.zero;
  for (const x of xs) s = A.add(s, x);
  return s;
}

export function dot<T>(A: Arith<T>, x: readonly T[], y: readonly T[]): T {
  let s = A.zero;
  for (let i = 0; i < x.length; i++) s = A.add(s, A.mul(x[i], y[i]));
  return s;
}

/** y = M x for a dense square M. */
export function matVec<T>(A: Arith<T>, M: readonly (readonly T[])[], x: readonly T[]): T[] {
  return M.map((row) => dot(A, row, x));
}
