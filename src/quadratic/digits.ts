import { Decimal } from 'decimal.js';
import { doubleToHex } from '../arith/decimal.js';

// Digits are counted at 100 significant digits: ample for the ≤ 40 we ever report, and exact for doubles' error.
const D100 = Decimal.clone({ defaults: true, precision: 100, maxE: 9e15, minE: -9e15 });

/** The exact value of a double as a Decimal (NaN/±Infinity kept). */
export function exactDecimal(x: number): Decimal {
  if (!Number.isFinite(x) || x === 0) return new D100(x);
  return new D100(doubleToHex(x));
}

/**
 * Significant digits of x against a reference, counted relative to max(|ref|, scale) (CLI.md:
 * near η*, G' is a tiny difference of terms of size S and no float method can get it relatively,
 * so digits are counted against S there). Capped at `cap`; 0 when x is not finite.
 */
export function significantDigits(x: Decimal | number, ref: Decimal, scale?: Decimal, cap = 40): number {
  const xv = typeof x === 'number' ? exactDecimal(x) : new D100(x);
  if (!xv.isFinite() || !ref.isFinite()) return 0;
  let den = new D100(ref).abs();
  if (scale && scale.gt(den)) den = new D100(scale);
  const err = xv.minus(ref).abs();
  if (err.isZero()) return cap;
  if (den.isZero()) return 0;
  return Math.max(0, Math.min(cap, -err.div(den).log(10).toNumber()));
}
