import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { Decimal } from 'decimal.js';
import { decimalArith } from '../arith/decimal.js';
import type { Arith } from '../arith/types.js';
import { matMul, trace } from './mat.js';

/**
 * Eigenvalues of a general real matrix (complex pairs included): float64 from ml-matrix, then
 * refined in decimal.js.
 *
 * Why refine: the NQM dynamics A = I − αH − PH is non-normal whenever P is, and float64 eigenvalues
 * of a non-normal matrix are only as good as eps·κ (eps^{1/m} at an m-fold defective eigenvalue:
 * 1e-8 at a Jordan pair). The CLI promises ρ(A) to ≥ 10 digits and the stability claims decide
 * ρ(A) ≤ 1 at equality, so each float64 eigenvalue seeds an Aberth–Ehrlich iteration on the
 * characteristic polynomial computed at `precision` digits (default 80). Aberth keeps the roots
 * apart (no two seeds collapse onto one root, unlike independent Newton), converges cubically at
 * simple roots and linearly at multiple ones; at an m-fold root the attainable accuracy is
 * ~10^(−precision/m), i.e. 1e-40 for a Jordan pair at 80 digits.
 */
export interface Complex<T> {
  re: T;
  im: T;
}

export function eigenvalues64(M: readonly (readonly number[])[], symmetric = false): Complex<number>[] {
  const n = M.length;
  if (n === 0) return [];
  const e = new EigenvalueDecomposition(new Matrix(M.map((r) => [...r])), { assumeSymmetric: symmetric });
  const re = e.realEigenvalues;
  const im = symmetric ? re.map(() => 0) : e.imaginaryEigenvalues;
  return sortByModulus(re.map((r, i) => ({ re: r, im: im[i] })), (x) => x);
}

export function spectralRadius64(M: readonly (readonly number[])[]): number {
  return Math.max(0, ...eigenvalues64(M).map((z) => Math.hypot(z.re, z.im)));
}

/** Sorted by modulus descending, then real part descending, then imaginary part descending. */
function sortByModulus<T>(zs: Complex<T>[], num: (x: T) => number, mod?: (z: Complex<T>) => number): Complex<T>[] {
  const m = mod ?? ((z: Complex<T>) => Math.hypot(num(z.re), num(z.im)));
  return [...zs].sort((a, b) => m(b) - m(a) || num(b.re) - num(a.re) || num(b.im) - num(a.im));
}

/**
 * Coefficients c[0..n] of det(zI − M) = Σ c_k z^k (c_n = 1), by Faddeev–LeVerrier: exact up to the
 * rounding of `A` (only + − × and division by the integers 1..n).
 */
export function charPoly<T>(A: Arith<T>, M: readonly (readonly T[])[]): T[] {
  const n = M.length;
  const c: T[] = new Array(n + 1).fill(A.zero);
  c[n] = A.one;
  let Mk: T[][] = M.map((r) => r.map(() => A.zero));
  for (let k = 1; k <= n; k++) {
    Mk = matMul(A, M, Mk);
    for (let i = 0; i < n; i++) Mk[i][i] = A.add(Mk[i][i], c[n - k + 1]);
    c[n - k] = A.neg(A.div(trace(A, matMul(A, M, Mk)), A.fromNumber(k)));
  }
  return c;
}

// ---- complex arithmetic over Arith ----
function cadd<T>(A: Arith<T>, x: Complex<T>, y: Complex<T>): Complex<T> {
  return { re: A.add(x.re, y.re), im: A.add(x.im, y.im) };
}
function csub<T>(A: Arith<T>, x: Complex<T>, y: Complex<T>): Complex<T> {
  return { re: A.sub(x.re, y.re), im: A.sub(x.im, y.im) };
}
function cmul<T>(A: Arith<T>, x: Complex<T>, y: Complex<T>): Complex<T> {
  return { re: A.sub(A.mul(x.re, y.re), A.mul(x.im, y.im)), im: A.add(A.mul(x.re, y.im), A.mul(x.im, y.re)) };
}
function cdiv<T>(A: Arith<T>, x: Complex<T>, y: Complex<T>): Complex<T> {
  const den = A.add(A.mul(y.re, y.re), A.mul(y.im, y.im));
  return {
    re: A.div(A.add(A.mul(x.re, y.re), A.mul(x.im, y.im)), den),
    im: A.div(A.sub(A.mul(x.im, y.re), A.mul(x.re, y.im)), den),
  };
}
function cabs<T>(A: Arith<T>, x: Complex<T>): T {
  return A.sqrt(A.add(A.mul(x.re, x.re), A.mul(x.im, x.im)));
}
function czero<T>(A: Arith<T>, x: Complex<T>): boolean {
  return A.isZero(x.re) && A.isZero(x.im);
}

/** p(z) and p'(z) by Horner. */
function horner<T>(A: Arith<T>, c: readonly T[], z: Complex<T>): [Complex<T>, Complex<T>] {
  const n = c.length - 1;
  let p: Complex<T> = { re: c[n], im: A.zero };
  let dp: Complex<T> = { re: A.zero, im: A.zero };
  for (let k = n - 1; k >= 0; k--) {
    dp = cadd(A, cmul(A, dp, z), p);
    p = cadd(A, cmul(A, p, z), { re: c[k], im: A.zero });
  }
  return [p, dp];
}

export interface RefinedEigenvalues {
  /** Sorted by modulus descending (then real part, then imaginary part, descending). */
  values: Complex<Decimal>[];
  moduli: Decimal[];
  /** ρ(M) = max |λᵢ|. */
  rho: Decimal;
  /** Aberth iterations used; `converged` false means the cap was hit (multiple roots converge slowly). */
  iterations: number;
  converged: boolean;
  precision: number;
}

/**
 * Eigenvalues of M (entries as Decimal of any precision or as decimal text) refined at `precision`
 * digits. Imaginary parts below 10^(−precision/2+5) of the spectral scale are set to 0: that is the
 * spread rounding leaves at a defective real double root, and no input given to 15 digits can tell
 * such a pair from a real one.
 */
export function refinedEigenvalues(
  M: readonly (readonly (Decimal | string | number)[])[],
  options: { precision?: number; maxIterations?: number; symmetric?: boolean } = {},
): RefinedEigenvalues {
  const precision = options.precision ?? 80;
  const A = decimalArith(precision);
  const n = M.length;
  const toD = (x: Decimal | string | number): Decimal =>
    typeof x === 'number' ? A.fromNumber(x) : A.fromString(typeof x === 'string' ? x : x.toString());
  const Md = M.map((r) => r.map(toD));
  if (n === 0) return { values: [], moduli: [], rho: A.zero, iterations: 0, converged: true, precision };
  const c = charPoly(A, Md);
  const seeds = eigenvalues64(
    Md.map((r) => r.map((x) => x.toNumber())),
    options.symmetric ?? false,
  );
  // scale of the spectrum: Frobenius norm bounds every |λ|
  let scale = A.zero;
  for (const r of Md) for (const x of r) scale = A.add(scale, A.mul(x, x));
  scale = A.sqrt(scale);
  if (A.isZero(scale)) {
    const zs = Md.map(() => ({ re: A.zero, im: A.zero }));
    return { values: zs, moduli: zs.map(() => A.zero), rho: A.zero, iterations: 0, converged: true, precision };
  }
  const z: Complex<Decimal>[] = seeds.map((s) => ({
    re: Number.isFinite(s.re) ? A.fromNumber(s.re) : A.zero,
    im: Number.isFinite(s.im) ? A.fromNumber(s.im) : A.zero,
  }));
  // Aberth needs distinct seeds: spread exact duplicates (a float64 multiple root) on a small circle
  const sep = A.mul(scale, A.fromString('1e-7'));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (z[i].re.eq(z[j].re) && z[i].im.eq(z[j].im)) {
        const ang = (2 * Math.PI * (i + 1)) / (n + 1) + 0.3;
        z[i] = { re: A.add(z[i].re, A.mul(sep, A.fromNumber(Math.cos(ang)))), im: A.add(z[i].im, A.mul(sep, A.fromNumber(Math.sin(ang)))) };
        j = -1; // recheck against all earlier ones
      }
    }
  }
  const tol = A.mul(scale, A.fromString(`1e-${precision - 6}`));
  const maxIterations = options.maxIterations ?? 400;
  let iterations = 0;
  let converged = false;
  const one: Complex<Decimal> = { re: A.one, im: A.zero };
  // A root whose |p(z)| is within a few times Horner's rounding bound ε·Σ|c_k||z|^k cannot be improved
  // at this precision: it is frozen (otherwise the iteration wanders at noise level and never stops).
  const absC = c.map((x) => x.abs());
  const eps = A.fromString(`1e-${precision - 2}`);
  const frozen = new Array<boolean>(n).fill(false);
  while (iterations < maxIterations) {
    iterations++;
    let maxStep = A.zero;
    for (let i = 0; i < n; i++) {
      if (frozen[i]) continue;
      const [p, dp] = horner(A, c, z[i]);
      if (czero(A, p)) {
        frozen[i] = true;
        continue;
      }
      const r = cabs(A, z[i]);
      let bound = A.zero;
      for (let k = n; k >= 0; k--) bound = A.add(A.mul(bound, r), absC[k]);
      if (cabs(A, p).lte(A.mul(A.mul(bound, eps), A.fromNumber(4 * (n + 1))))) {
        frozen[i] = true;
        continue;
      }
      let s: Complex<Decimal> = { re: A.zero, im: A.zero };
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const diff = csub(A, z[i], z[j]);
        if (czero(A, diff)) continue;
        s = cadd(A, s, cdiv(A, one, diff));
      }
      let w: Complex<Decimal>;
      if (czero(A, dp)) {
        w = { re: sep, im: sep }; // a critical point: step off it
      } else {
        const ratio = cdiv(A, p, dp);
        const den = csub(A, one, cmul(A, ratio, s));
        w = czero(A, den) ? ratio : cdiv(A, ratio, den);
      }
      z[i] = csub(A, z[i], w);
      const step = cabs(A, w);
      if (step.gt(maxStep)) maxStep = step;
    }
    if (maxStep.lte(tol) || frozen.every((f) => f)) {
      converged = true;
      break;
    }
  }
  const snap = A.mul(scale, A.fromString(`1e-${Math.floor(precision / 2) - 5}`));
  const values = z.map((x) => (x.im.abs().lte(snap) ? { re: x.re, im: A.zero } : x));
  // M is real, so its non-real eigenvalues come in conjugate pairs; refined independently they differ
  // in the last digits, which would make their moduli (and the output order) arbitrary. Pair each
  // λ with Im λ > 0 with the nearest Im < 0 root and make them exact conjugates.
  const used = new Set<number>();
  for (let i = 0; i < n; i++) {
    if (values[i].im.lte(0)) continue;
    let best = -1;
    let bestDist: Decimal | undefined;
    for (let j = 0; j < n; j++) {
      if (j === i || used.has(j) || values[j].im.gte(0)) continue;
      const dist = cabs(A, { re: A.sub(values[i].re, values[j].re), im: A.add(values[i].im, values[j].im) });
      if (bestDist === undefined || dist.lt(bestDist)) {
        best = j;
        bestDist = dist;
      }
    }
    if (best < 0) continue;
    used.add(best);
    used.add(i);
    const half = A.div(A.one, A.fromNumber(2));
    const re = A.mul(half, A.add(values[i].re, values[best].re));
    const im = A.mul(half, A.sub(values[i].im, values[best].im));
    values[i] = { re, im };
    values[best] = { re, im: A.neg(im) };
  }
  // an unpaired non-real root of a real polynomial is a real root (a multiple one) blurred by rounding
  for (let i = 0; i < n; i++) if (!used.has(i) && !values[i].im.isZero()) values[i] = { re: values[i].re, im: A.zero };
  const withMod = values.map((v) => ({ v, m: cabs(A, v) }));
  withMod.sort((a, b) => b.m.cmp(a.m) || b.v.re.cmp(a.v.re) || b.v.im.cmp(a.v.im));
  return {
    values: withMod.map((x) => x.v),
    moduli: withMod.map((x) => x.m),
    rho: withMod[0].m,
    iterations,
    converged,
    precision,
  };
}

/** Residual |det(λI − M)| / |det'| scale check helper for specs: |p(λ)| at the given precision. */
export function charPolyResidual(M: readonly (readonly (Decimal | string)[])[], z: Complex<Decimal>, precision = 120): Decimal {
  const A = decimalArith(precision);
  const Md = M.map((r) => r.map((x) => A.fromString(x.toString())));
  const c = charPoly(A, Md);
  const [p] = horner(A, c, { re: A.fromString(z.re.toString()), im: A.fromString(z.im.toString()) });
  return cabs(A, p);
}

/**
 * Extreme eigenvalues of a symmetric matrix, refined (H's λ_max enters Theorem 1's bound (10)).
 * Returns them ascending.
 */
export function symmetricEigenvalues(M: readonly (readonly (Decimal | string | number)[])[], precision = 80): Decimal[] {
  const r = refinedEigenvalues(M, { precision, symmetric: true });
  return r.values.map((z) => z.re).sort((a, b) => a.cmp(b));
}
