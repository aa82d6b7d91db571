import { Decimal } from 'decimal.js';
import type { Arith } from './types.js';

/**
 * decimal.js at `precision` significant digits. Each instance has its own constructor made by
 * `Decimal.clone({ defaults: true, ... })`, so no two precisions ever share state and the global
 * Decimal configuration is never read or written.
 *
 * `fromNumber` converts a double exactly (its full binary expansion, through its hex form), not
 * through Number#toString: `fromNumber(0.1)` is 0.1000000000000000055511151231257827…
 */
export type DecimalValue = Decimal;

const cache = new Map<number, Arith<Decimal>>();

export function decimalArith(precision: number): Arith<Decimal> {
  if (!Number.isInteger(precision) || precision < 2 || precision > 1e6) {
    throw new RangeError(`decimal precision must be an integer in [2, 1e6], got ${precision}`);
  }
  const hit = cache.get(precision);
  if (hit) return hit;
  const D = Decimal.clone({
    defaults: true,
    precision,
    rounding: Decimal.ROUND_HALF_EVEN,
    toExpNeg: -7,
    toExpPos: 21,
    maxE: 9e15,
    minE: -9e15,
  });
  // Exact conversion of a double needs up to 767 significant digits; a constructor of its own
  // keeps it exact regardless of the working precision (constructor input is never rounded,
  // but the hex path goes through arithmetic).
  const Exact = Decimal.clone({ defaults: true, precision: 1100, maxE: 9e15, minE: -9e15 });
  const zero = new D(0);
  const one = new D(1);
  const A: Arith<Decimal> = {
    name: 'decimal',
    digits: precision,
    rangeMode: 'ieee',
    zero,
    one,
    fromNumber(x) {
      if (!Number.isFinite(x)) return new D(x);
      if (x === 0) return new D(Object.is(x, -0) ? '-0' : '0');
      return new D(new Exact(doubleToHex(x)).toFixed());
    },
    // constructor input is never rounded: the number means exactly what is written
    fromString: (s) => (/^[+-]?0[xXbBoO]/.test(s.trim()) ? new D(new Exact(s.trim()).toFixed()) : new D(s.trim())),
    add: (a, b) => a.plus(b),
    sub: (a, b) => a.minus(b),
    mul: (a, b) => a.times(b),
    div: (a, b) => a.div(b),
    neg: (a) => a.neg(),
    abs: (a) => a.abs(),
    sqrt: (a) => a.sqrt(),
    ln: (a) => a.ln(),
    exp: (a) => a.exp(),
    powInt(a, n) {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`powInt needs an integer n >= 0, got ${n}`);
      // decimal.js pow with an integer exponent is exact-then-rounded (correctly rounded)
      return a.pow(n);
    },
    cmp: (a, b) => a.cmp(b) as -1 | 0 | 1,
    sign: (a) => (a.isZero() ? 0 : a.isNeg() ? -1 : 1),
    isFinite: (a) => a.isFinite(),
    isZero: (a) => a.isZero(),
    log10Abs(a) {
      if (a.isNaN()) return NaN;
      if (a.isZero()) return -Infinity;
      if (!a.isFinite()) return Infinity;
      // exponent + log10 of the leading digits: exact to ~15 digits for any exponent
      const e = a.e;
      const mant = a.abs().div(new D(10).pow(e)).toNumber();
      return e + Math.log10(mant);
    },
    toNumber: (a) => a.toNumber(),
    toString: (a, sig) => decimalText(sig === undefined ? a : a.toSignificantDigits(Math.max(1, sig))),
  };
  cache.set(precision, A);
  return A;
}

/** decimal.js-readable, mpmath-readable text: "1.25e-812", "NaN", "Infinity", "-Infinity". */
export function decimalText(a: Decimal): string {
  if (a.isNaN()) return 'NaN';
  if (!a.isFinite()) return a.isNeg() ? '-Infinity' : 'Infinity';
  if (a.isZero()) return '0';
  const e = a.e;
  return e < -7 || e > 20 ? a.toExponential() : a.toString();
}

/** Exact hex form of a finite double, e.g. 0.1 → "0x1.999999999999ap-4". */
export function doubleToHex(x: number): string {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const sign = hi >>> 31 ? '-' : '';
  const exp = (hi >>> 20) & 0x7ff;
  const mantHex = ((hi & 0xfffff).toString(16).padStart(5, '0') + lo.toString(16).padStart(8, '0'));
  if (exp === 0) return `${sign}0x0.${mantHex}p-1022`;
  return `${sign}0x1.${mantHex}p${exp - 1023}`;
}
