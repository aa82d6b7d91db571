import { Decimal } from 'decimal.js';

/**
 * Exact fixed-point numbers as BigInt: x stands for x · 2^−F (F fractional bits, chosen by the
 * caller). Dot products are accumulated exactly and rounded once, so a d-term dot product of numbers
 * of magnitude ≤ 1 has absolute error ≤ 2^−F−1. BigInt multiplication of a few 64-bit limbs is about
 * 15 times faster than decimal.js at the same number of digits, which is what makes the refined
 * eigen-decomposition (refine.ts) affordable at d in the hundreds.
 */

/** round(a / b) for b > 0, ties away from zero. */
export function divRound(a: bigint, b: bigint): bigint {
  if (a >= 0n) return (2n * a + b) / (2n * b);
  return -((-2n * a + b) / (2n * b));
}

/** round(a · 2^−k), ties away from zero (k ≥ 0). */
export function shiftRound(a: bigint, k: bigint): bigint {
  if (k === 0n) return a;
  const half = 1n << (k - 1n);
  return a >= 0n ? (a + half) >> k : -((-a + half) >> k);
}

/** Enough digits for the exact expansion of any double (at most 767 significant digits). */
const WideDecimal = Decimal.clone({ precision: 1100, maxE: 9e15, minE: -9e15 });

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * A decimal text (JSON number or decimal.js output) as round(value · 2^shift), exactly rounded: the
 * text's digits are read as an integer and scaled by the power of ten it names, in BigInt.
 */
export function textToFixed(text: string, shift: number): bigint {
  let m = DECIMAL.exec(text.trim());
  // decimal.js also reads hexadecimal, binary and octal literals ("0x1.8p-3", as exactText-style
  // inputs may be): a binary fraction has a finite decimal expansion, written out exactly here
  if (!m) m = DECIMAL.exec(new WideDecimal(text.trim()).toString());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`not a finite decimal number: "${text}"`);
  const frac = m[3] ?? '';
  const digits = BigInt(`${m[2]}${frac}` || '0');
  const exp10 = Number(m[4] ?? '0') - frac.length;
  let num = digits;
  let den = 1n;
  if (exp10 >= 0) num *= 10n ** BigInt(exp10);
  else den *= 10n ** BigInt(-exp10);
  if (shift >= 0) num <<= BigInt(shift);
  else den <<= BigInt(-shift);
  const v = divRound(num, den);
  return m[1] === '-' ? -v : v;
}

/** A double as round(x · 2^shift) (exact when the double's bits fit, as for |x| ≤ 1 and shift ≥ 1074). */
export function numberToFixed(x: number, shift: number): bigint {
  if (!Number.isFinite(x)) throw new RangeError(`not finite: ${x}`);
  if (x === 0) return 0n;
  // x = mant · 2^exp read from the IEEE bits (subnormals included: no arithmetic that could underflow)
  F64[0] = x;
  const bits = U64[0];
  const biased = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & 0xfffffffffffffn;
  const mant = biased === 0 ? frac : frac | (1n << 52n);
  const exp = (biased === 0 ? 1 : biased) - 1075;
  const v = shiftRoundSigned(mant, exp + shift);
  return x < 0 ? -v : v;
}

const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);

function shiftRoundSigned(a: bigint, k: number): bigint {
  return k >= 0 ? a << BigInt(k) : shiftRound(a, BigInt(-k));
}

/** The fixed-point value x · 2^−F as a double (for norms and thresholds; never for results). */
export function fixedToNumber(x: bigint, F: number): number {
  // Number(x) stays finite while |x| < 2^1024; beyond F = 1000 the bits below 2^−1000 are dropped
  // first (such values only ever feed thresholds, for which they are zero)
  if (F <= 1000) return Number(x) * 2 ** -F;
  return Number(x >> BigInt(F - 1000)) * 2 ** -1000;
}
