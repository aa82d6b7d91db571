import { Decimal } from 'decimal.js';
import { doubleToHex } from '../arith/decimal.js';

/**
 * Directed-rounding decimal arithmetic and intervals, the ground floor of the certificates.
 *
 * Two decimal.js constructors per precision P, made with `Decimal.clone` (the global configuration
 * is never read or written): `Lo` rounds every result toward −∞ (ROUND_FLOOR) and `Hi` toward +∞
 * (ROUND_CEIL). decimal.js documents `plus`, `minus`, `times`, `div` and `sqrt` as correctly rounded
 * in the constructor's rounding mode, and it rounds with the constructor of the LEFT operand
 * (`x.constructor`), so every lower end below is a `Lo` instance operated on from the left, every
 * upper end a `Hi` instance (`dn`/`up` convert when needed). `pow` is only "almost always" correctly
 * rounded (DESIGN.md), so integer powers go by repeated squaring with directed products.
 *
 * An interval is {lo, hi} with lo ≤ x ≤ hi for the exact real x it encloses. Every operation below
 * returns an interval that contains the exact result for every choice of operands in the operand
 * intervals (inclusion isotonicity); none of them is tight to better than one unit in the P-th
 * digit per rounding.
 */
export interface Iv {
  lo: Decimal;
  hi: Decimal;
}

type Ctor = typeof Decimal;

/** The exact decimal value of any input text or double (up to 1100 digits: a double needs ≤ 767). */
const Exact = Decimal.clone({ defaults: true, precision: 1100, maxE: 9e15, minE: -9e15 });

export class Directed {
  readonly Lo: Ctor;
  readonly Hi: Ctor;
  readonly zero: Iv;
  readonly one: Iv;

  constructor(readonly P: number) {
    if (!Number.isInteger(P) || P < 5 || P > 100000) throw new RangeError(`directed: precision must be an integer in [5, 1e5], got ${P}`);
    const base = { defaults: true, precision: P, maxE: 9e15, minE: -9e15, toExpNeg: -7, toExpPos: 21 };
    this.Lo = Decimal.clone({ ...base, rounding: Decimal.ROUND_FLOOR });
    this.Hi = Decimal.clone({ ...base, rounding: Decimal.ROUND_CEIL });
    this.zero = this.point(0);
    this.one = this.point(1);
  }

  /** x as a Lo instance (exact copy: the constructor never rounds). */
  dn(x: Decimal): Decimal {
    return x.constructor === this.Lo ? x : new this.Lo(x);
  }

  /** x as a Hi instance (exact copy). */
  up(x: Decimal): Decimal {
    return x.constructor === this.Hi ? x : new this.Hi(x);
  }

  /** Exact value rounded down / up to P digits. */
  roundDn(x: Decimal.Value): Decimal {
    return new this.Lo(x).toSignificantDigits(this.P, Decimal.ROUND_FLOOR);
  }

  roundUp(x: Decimal.Value): Decimal {
    return new this.Hi(x).toSignificantDigits(this.P, Decimal.ROUND_CEIL);
  }

  /**
   * The interval of a decimal text (exactly what is written: "0.1" is one tenth) or of a double
   * (its exact binary value), rounded outward to P digits.
   */
  point(x: string | number | Decimal): Iv {
    let v: Decimal;
    if (typeof x === 'number') {
      if (!Number.isFinite(x)) throw new RangeError(`directed: ${x} is not finite`);
      v = x === 0 ? new Exact(0) : new Exact(doubleToHex(x));
    } else {
      v = new Exact(x);
    }
    if (!v.isFinite()) throw new RangeError(`directed: ${String(x)} is not finite`);
    return { lo: this.roundDn(v), hi: this.roundUp(v) };
  }

  /** [lo, hi] from two decimals (rounded outward to P digits). */
  of(lo: Decimal.Value, hi: Decimal.Value): Iv {
    return { lo: this.roundDn(lo), hi: this.roundUp(hi) };
  }

  add(a: Iv, b: Iv): Iv {
    return { lo: this.dn(a.lo).plus(b.lo), hi: this.up(a.hi).plus(b.hi) };
  }

  sub(a: Iv, b: Iv): Iv {
    return { lo: this.dn(a.lo).minus(b.hi), hi: this.up(a.hi).minus(b.lo) };
  }

  neg(a: Iv): Iv {
    return { lo: this.dn(a.hi).neg(), hi: this.up(a.lo).neg() };
  }

  /** Lower bound of x·y (x, y exact decimals). */
  mulDn(x: Decimal, y: Decimal): Decimal {
    return x.constructor === this.Lo ? x.times(y) : y.constructor === this.Lo ? y.times(x) : new this.Lo(x).times(y);
  }

  /** Upper bound of x·y. */
  mulUp(x: Decimal, y: Decimal): Decimal {
    return x.constructor === this.Hi ? x.times(y) : y.constructor === this.Hi ? y.times(x) : new this.Hi(x).times(y);
  }

  mul(a: Iv, b: Iv): Iv {
    const aPos = !a.lo.isNeg();
    const bPos = !b.lo.isNeg();
    const aNeg = a.hi.isNeg() || a.hi.isZero();
    const bNeg = b.hi.isNeg() || b.hi.isZero();
    if (aPos && bPos) return { lo: this.mulDn(a.lo, b.lo), hi: this.mulUp(a.hi, b.hi) };
    if (aPos && bNeg) return { lo: this.mulDn(a.hi, b.lo), hi: this.mulUp(a.lo, b.hi) };
    if (aNeg && bPos) return { lo: this.mulDn(a.lo, b.hi), hi: this.mulUp(a.hi, b.lo) };
    if (aNeg && bNeg) return { lo: this.mulDn(a.hi, b.hi), hi: this.mulUp(a.lo, b.lo) };
    // some operand straddles 0: the extremes are among the four corner products
    const los = [this.mulDn(a.lo, b.lo), this.mulDn(a.lo, b.hi), this.mulDn(a.hi, b.lo), this.mulDn(a.hi, b.hi)];
    const his = [this.mulUp(a.lo, b.lo), this.mulUp(a.lo, b.hi), this.mulUp(a.hi, b.lo), this.mulUp(a.hi, b.hi)];
    return { lo: this.dn(Decimal.min(...los)), hi: this.up(Decimal.max(...his)) };
  }

  /** a / b for b not containing 0 (throws otherwise). */
  div(a: Iv, b: Iv): Iv {
    if (!(b.lo.isPos() && !b.lo.isZero()) && !(b.hi.isNeg() && !b.hi.isZero())) {
      throw new RangeError(`directed.div: divisor [${b.lo}, ${b.hi}] contains 0`);
    }
    const divDn = (x: Decimal, y: Decimal) => this.dn(x).div(y);
    const divUp = (x: Decimal, y: Decimal) => this.up(x).div(y);
    if (b.lo.isPos()) {
      // b > 0: a.lo/b is smallest at b.hi when a.lo ≥ 0, at b.lo when a.lo < 0; likewise a.hi
      const lo = a.lo.isNeg() ? divDn(a.lo, b.lo) : divDn(a.lo, b.hi);
      const hi = a.hi.isNeg() ? divUp(a.hi, b.hi) : divUp(a.hi, b.lo);
      return { lo, hi };
    }
    return this.div(this.neg(a), this.neg(b));
  }

  /** a² (tight also when a straddles 0). */
  sqr(a: Iv): Iv {
    const m = this.absIv(a);
    return { lo: this.mulDn(m.lo, m.lo), hi: this.mulUp(m.hi, m.hi) };
  }

  /** {|x| : x ∈ a}. */
  absIv(a: Iv): Iv {
    if (!a.lo.isNeg()) return a;
    if (a.hi.isNeg() || a.hi.isZero()) return this.neg(a);
    const m = a.hi.gt(a.lo.neg()) ? a.hi : a.lo.neg();
    return { lo: this.dn(new this.Lo(0)), hi: this.up(m) };
  }

  /** Upper bound of x^n for x ≥ 0 by repeated squaring, every product rounded up. */
  powUp(x: Decimal, n: number): Decimal {
    return squaring(new this.Hi(1), this.up(x), n);
  }

  /** Lower bound of x^n for x ≥ 0 by repeated squaring, every product rounded down. */
  powDn(x: Decimal, n: number): Decimal {
    return squaring(new this.Lo(1), this.dn(x), n);
  }

  /** aⁿ for an integer n ≥ 0 (even n of an interval straddling 0 gives [0, max|a|ⁿ]). */
  powInt(a: Iv, n: number): Iv {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`directed.powInt: n must be an integer >= 0, got ${n}`);
    if (n === 0) return this.one;
    if (n % 2 === 0) {
      const m = this.absIv(a);
      return { lo: this.powDn(m.lo, n), hi: this.powUp(m.hi, n) };
    }
    if (!a.lo.isNeg()) return { lo: this.powDn(a.lo, n), hi: this.powUp(a.hi, n) };
    if (a.hi.isNeg() || a.hi.isZero()) return { lo: this.dn(this.powUp(a.lo.neg(), n)).neg(), hi: this.up(this.powDn(a.hi.neg(), n)).neg() };
    return { lo: this.dn(this.powUp(a.lo.neg(), n)).neg(), hi: this.powUp(a.hi, n) };
  }

  /** √a for a ≥ 0 (sqrt is correctly rounded in decimal.js, and monotone). */
  sqrt(a: Iv): Iv {
    if (a.lo.isNeg() && !a.lo.isZero()) throw new RangeError(`directed.sqrt: [${a.lo}, ${a.hi}] has negative numbers`);
    return { lo: this.dn(a.lo).sqrt(), hi: this.up(a.hi).sqrt() };
  }

  hull(a: Iv, b: Iv): Iv {
    return { lo: a.lo.lte(b.lo) ? a.lo : b.lo, hi: a.hi.gte(b.hi) ? a.hi : b.hi };
  }

  /** {max(x, y)} and {min(x, y)} over x ∈ a, y ∈ b. */
  max(a: Iv, b: Iv): Iv {
    return { lo: a.lo.gte(b.lo) ? a.lo : b.lo, hi: a.hi.gte(b.hi) ? a.hi : b.hi };
  }

  min(a: Iv, b: Iv): Iv {
    return { lo: a.lo.lte(b.lo) ? a.lo : b.lo, hi: a.hi.lte(b.hi) ? a.hi : b.hi };
  }

  /** Every element > 0 / < 0. */
  pos(a: Iv): boolean {
    return a.lo.isPos() && !a.lo.isZero();
  }

  negative(a: Iv): boolean {
    return a.hi.isNeg() && !a.hi.isZero();
  }

  /** Nearest decimal to the midpoint (P digits): a point, not an enclosure. */
  mid(a: Iv): Decimal {
    return new this.Lo(a.lo).plus(a.hi).div(2);
  }
}

const cache = new Map<number, Directed>();

/** The directed arithmetic at P significant digits (cached per P). */
export function directed(P: number): Directed {
  let D = cache.get(P);
  if (!D) {
    D = new Directed(P);
    cache.set(P, D);
  }
  return D;
}

/** Text of an interval end for the CLI document (decimal.js- and mpmath-readable). */
export function endText(x: Decimal, sig?: number): string {
  const v = sig ? x.toSignificantDigits(sig, (x.constructor as Ctor).rounding) : x;
  if (v.isZero()) return '0';
  return v.e < -7 || v.e > 20 ? v.toExponential() : v.toFixed();
}

/**
 * x^n by repeated squaring; every product rounds in the direction of `one`'s and `x`'s clone (both of
 * the same one), so the result bounds x^n from that side for x ≥ 0.
 */
function squaring(one: Decimal, x: Decimal, n: number): Decimal {
  let result = one;
  let base = x;
  let k = n;
  while (k > 0) {
    if (k & 1) result = result.times(base);
    k = Math.floor(k / 2);
    if (k > 0) base = base.times(base);
  }
  return result;
}
