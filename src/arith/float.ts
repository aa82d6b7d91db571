import { Decimal } from 'decimal.js';
import type { Arith, RangeMode } from './types.js';

/** Smallest positive normal float64 and float32. */
export const MIN_NORMAL_64 = 2.2250738585072014e-308;
export const MIN_NORMAL_32 = 1.1754943508222875e-38;

const ExactDecimal = Decimal.clone({ precision: 1200, defaults: true, toExpNeg: -9e15, toExpPos: 9e15 });

/**
 * The double nearest to a decimal text. JavaScript's Number() is correctly rounded, so this is it;
 * hex floats ("0x1.8p-3") are accepted too because decimal.js reads them exactly.
 */
function parseDouble(s: string): number {
  const t = s.trim();
  if (/^[+-]?0[xXbBoO]/.test(t)) return new ExactDecimal(t).toNumber();
  const x = Number(t);
  if (Number.isNaN(x) && !/^[+-]?NaN$/.test(t)) throw new RangeError(`not a number: "${s}"`);
  return x;
}

/**
 * The float32 nearest to a decimal text. Math.fround(Number(s)) rounds twice and can be off by one
 * float in halfway cases, so the candidates around it are compared with the exact decimal value.
 */
export function nearestFloat32(s: string): number {
  const d = parseDouble(s);
  const f = Math.fround(d);
  if (!Number.isFinite(f) || f === 0 && d === 0) return f;
  const exact = new ExactDecimal(s.trim());
  const candidates = [f, nextFloat32(f, -1), nextFloat32(f, 1)].filter(Number.isFinite);
  let best = f;
  let bestErr = exact.minus(new ExactDecimal(f)).abs();
  for (const c of candidates) {
    const err = exact.minus(new ExactDecimal(c)).abs();
    const cmp = err.cmp(bestErr);
    // ties go to the float with an even significand, as IEEE rounding does
    if (cmp < 0 || (cmp === 0 && evenFloat32(c) && !evenFloat32(best))) {
      best = c;
      bestErr = err;
    }
  }
  return best;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
function nextFloat32(f: number, dir: -1 | 1): number {
  if (f === 0) return dir * 1.401298464324817e-45;
  f32[0] = f;
  u32[0] += (f > 0) === (dir > 0) ? 1 : -1;
  return f32[0];
}
function evenFloat32(f: number): boolean {
  f32[0] = f;
  return (u32[0] & 1) === 0;
}

interface FloatSpec {
  name: 'float64' | 'float32';
  round: (x: number) => number;
  minNormal: number;
  digits: number;
  parse: (s: string) => number;
}

function makeFloat(spec: FloatSpec, rangeMode: RangeMode): Arith<number> {
  const { round, minNormal } = spec;
  const strict = rangeMode === 'strict';
  // In strict mode a result out of the normal range becomes NaN (see RangeMode).
  const guard = strict
    ? (r: number, a: number, b: number, zeroIsUnderflow: boolean): number => {
        if (r === 0) return zeroIsUnderflow && a !== 0 && b !== 0 && Number.isFinite(a) && Number.isFinite(b) ? NaN : r;
        if (Number.isFinite(r)) return Math.abs(r) < minNormal ? NaN : r;
        return Number.isFinite(a) && Number.isFinite(b) ? NaN : r;
      }
    : (r: number): number => r;
  const A: Arith<number> = {
    name: spec.name,
    digits: spec.digits,
    rangeMode,
    zero: 0,
    one: 1,
    fromNumber: (x) => round(x),
    fromString: (s) => spec.parse(s),
    add: (a, b) => guard(round(a + b), a, b, false),
    sub: (a, b) => guard(round(a - b), a, b, false),
    mul: (a, b) => guard(round(a * b), a, b, true),
    div: (a, b) => guard(round(a / b), a, b === 0 ? 1 : b, true),
    neg: (a) => -a,
    abs: (a) => Math.abs(a),
    sqrt: (a) => round(Math.sqrt(a)),
    ln: (a) => round(Math.log(a)),
    exp: (a) => guard(round(Math.exp(a)), a, 1, true),
    powInt(a, n) {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`powInt needs an integer n >= 0, got ${n}`);
      // One correctly rounded-ish operation (V8's fdlibm pow, < 1 ulp), as a framework's pow kernel:
      // repeated squaring would add log2(n) roundings whose errors double at each squaring.
      return guard(round(Math.pow(a, n)), a, a, true);
    },
    cmp: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
    sign: (a) => (a > 0 ? 1 : a < 0 ? -1 : 0),
    isFinite: (a) => Number.isFinite(a),
    isZero: (a) => a === 0,
    log10Abs: (a) => Math.log10(Math.abs(a)),
    toNumber: (a) => a,
    toString: (a, sig) => formatNumber(a, sig),
  };
  return A;
}

/** Shortest round-trip text of a double (or `sig` significant digits), in decimal.js-readable form. */
export function formatNumber(a: number, sig?: number): string {
  if (Number.isNaN(a)) return 'NaN';
  if (!Number.isFinite(a)) return a > 0 ? 'Infinity' : '-Infinity';
  if (sig === undefined) return String(a);
  return Number(a.toPrecision(Math.min(Math.max(sig, 1), 100))).toString();
}

const cache = new Map<string, Arith<number>>();

/** float64 arithmetic (JavaScript numbers). */
export function float64(rangeMode: RangeMode = 'ieee'): Arith<number> {
  const key = `64:${rangeMode}`;
  let a = cache.get(key);
  if (!a) {
    a = makeFloat({ name: 'float64', round: (x) => x, minNormal: MIN_NORMAL_64, digits: 15.95, parse: parseDouble }, rangeMode);
    cache.set(key, a);
  }
  return a;
}

/** float32 arithmetic: every operation rounded with Math.fround, as a float32 framework computes. */
export function float32(rangeMode: RangeMode = 'ieee'): Arith<number> {
  const key = `32:${rangeMode}`;
  let a = cache.get(key);
  if (!a) {
    a = makeFloat({ name: 'float32', round: Math.fround, minNormal: MIN_NORMAL_32, digits: 7.22, parse: nearestFloat32 }, rangeMode);
    cache.set(key, a);
  }
  return a;
}
