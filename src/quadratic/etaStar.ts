import type { Quadratic } from './problem.js';
import { scaledSums } from './methods.js';

/**
 * G' and G'' at η from the scaled sums (Eqn 2), so that neither overflows in any arithmetic:
 *   G'  = −2 Ñ / (s D̃),
 *   G'' = 2(2t−1) M̃ / (s² D̃) − 4t Ñ² / (s² D̃²)   (differentiate Eqn 1; dD/dη = −2t N).
 */
export function dGandCurvature<T>(q: Quadratic<T>, eta: T, t: number): { dG: T; d2G: T } {
  const A = q.arith;
  const { s, num, den, curv } = scaledSums(q, eta, t, { curvature: true });
  const sD = A.mul(s, den);
  const ratio = A.div(num, sD);
  const dG = A.mul(A.fromNumber(-2), ratio);
  const d2G = A.sub(
    A.div(A.mul(A.fromNumber(2 * (2 * t - 1)), curv as T), A.mul(A.mul(s, s), den)),
    A.mul(A.fromNumber(4 * t), A.mul(ratio, ratio)),
  );
  return { dG, d2G };
}

/**
 * η*, the unique stationary point of G (Theorem 4), by a safeguarded Newton iteration (rtsafe):
 * Newton on G' inside the bracket [1/L, 1/α] of Claim 1 (over the directions w₀ touches), falling
 * back to bisection whenever a step would leave the bracket or fails to halve it.
 * Converges to the working precision of the arithmetic (about `digits − 3` significant digits).
 * Throws when G' has no sign change on the bracket (Claim 1 would then be false).
 */
export function etaStarOf<T>(q: Quadratic<T>, t: number): T {
  const A = q.arith;
  const { lambda, c } = q.spectrum();
  const touched = lambda.filter((_, i) => !A.isZero(c[i]));
  if (touched.length === 0) throw new RangeError('w0 is zero: G is -Infinity everywhere and has no minimiser');
  let lo = A.div(A.one, touched[0]);
  let hi = A.div(A.one, touched[touched.length - 1]);
  // One touched eigenvalue (or all equal): F(1/λ) = 0, G → −∞ there; η* = 1/λ.
  if (A.cmp(lo, hi) === 0) return lo;
  const sLo = A.sign(dGandCurvature(q, lo, t).dG);
  const sHi = A.sign(dGandCurvature(q, hi, t).dG);
  if (sLo === 0) return lo;
  if (sHi === 0) return hi;
  if (sLo > 0 || sHi < 0) {
    throw new RangeError(`G' does not change sign from - to + on [1/L, 1/alpha] (signs ${sLo}, ${sHi}): Claim 1 fails here`);
  }
  // rtsafe (Numerical Recipes): Newton while it stays in the bracket and at least halves the step
  const tol = A.fromString(`1e-${Math.max(3, Math.floor(A.digits) - 3)}`);
  const half = A.fromNumber(0.5);
  let x = A.mul(half, A.add(lo, hi));
  let dx = A.sub(hi, lo);
  let dxOld = dx;
  for (let iter = 0; iter < 10_000; iter++) {
    const { dG, d2G } = dGandCurvature(q, x, t);
    const sg = A.sign(dG);
    if (sg === 0) return x;
    if (sg < 0) lo = x;
    else hi = x;
    const step = A.sign(d2G) > 0 && A.isFinite(d2G) ? A.div(dG, d2G) : undefined;
    const cand = step === undefined ? undefined : A.sub(x, step);
    const newtonOk =
      step !== undefined && cand !== undefined && A.cmp(cand, lo) > 0 && A.cmp(cand, hi) < 0 && A.cmp(A.abs(A.mul(step, A.fromNumber(2))), A.abs(dxOld)) < 0;
    dxOld = dx;
    if (newtonOk) {
      dx = step as T;
      x = cand as T;
    } else {
      dx = A.mul(half, A.sub(hi, lo));
      x = A.add(lo, dx);
    }
    if (A.cmp(A.abs(dx), A.mul(tol, x)) <= 0) return x;
  }
  return x;
}
