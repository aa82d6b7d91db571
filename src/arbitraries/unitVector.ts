import * as fc from 'fast-check';
import { Rng } from '../random/rng.js';

/**
 * How the coefficients cᵢ = ⟨w₀, uᵢ⟩ are drawn:
 * - `sphere`: uniform on the unit sphere;
 * - `axis`: w₀ = u_k for one k, so w₀ is orthogonal to u₁ or to u_d and c_min = 0 when d ≥ 2
 *   (exactly 0 with the standard basis; ~1e-17 with a computed one);
 * - `tiny`: uniform, then c₁ or c_d set to ±10^(−e), e ∈ [1, 15], or to exactly 0;
 * - `boundary` (only with minCMin > 0): |c₁| or |c_d| at the bound itself.
 */
export type UnitVectorMode = 'sphere' | 'axis' | 'tiny' | 'boundary';

export interface UnitVectorConstraints {
  /** Dimension, or an arbitrary of dimensions (integers >= 1). Default: relativeTo.length; required without relativeTo. */
  d?: number | fc.Arbitrary<number>;
  /**
   * Orthonormal basis u₁ … u_d as rows, in the order of descending eigenvalues (`SpdCase.eigenvectors`):
   * w₀ is built as Σ cᵢ uᵢ. Default: the standard basis, so w₀ = c and, with `axis`, c_min = 0 exactly.
   */
  relativeTo?: readonly (readonly number[])[];
  /**
   * Lower bound on c_min = min(|⟨w₀,u₁⟩|, |⟨w₀,u_d⟩|) (wang2021's c_min > 0 hypothesis), in
   * [0, 0.7] (|c₁|² + |c_d|² ≤ 1 caps it at 1/√2). Default 0: no bound, and c_min may be tiny or 0.
   * Honoured to rounding of the basis: the coefficients aim at minCMin·(1 + 1e-9).
   */
  minCMin?: number;
}

/** Parameters of one unit vector: integers, so fast-check shrinks them. @internal */
export interface UnitVectorParams {
  mode: UnitVectorMode;
  seed: number;
  /** axis index (mod d) or which extreme coefficient `tiny`/`boundary` acts on (parity). */
  k: number;
  /** `tiny`: c = ±10^(−e); e = 16 means exactly 0. */
  e: number;
}

/** Unit vectors w₀ (‖w₀‖ = 1 to rounding), optionally with c_min bounded below. */
export function unitVector(constraints: UnitVectorConstraints): fc.Arbitrary<number[]> {
  const { d, relativeTo, minCMin = 0 } = constraints;
  checkMinCMin(minCMin);
  if (relativeTo !== undefined) {
    const n = checkBasis(relativeTo);
    if (d !== undefined && (typeof d !== 'number' || d !== n)) {
      throw new RangeError(`unitVector: d (${typeof d === 'number' ? d : 'an arbitrary'}) conflicts with relativeTo (${n} vectors); give one of them`);
    }
    return unitVectorParams(minCMin).map((p) => buildUnitVector(p, n, relativeTo, minCMin));
  }
  if (d === undefined) throw new RangeError('unitVector: d is required when relativeTo is not given');
  if (typeof d === 'number') {
    if (!Number.isInteger(d) || d < 1) throw new RangeError(`unitVector: d must be an integer >= 1, got ${d}`);
    return unitVectorParams(minCMin).map((p) => buildUnitVector(p, d, undefined, minCMin));
  }
  return d.chain((n) => {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`unitVector: d must yield integers >= 1, got ${n}`);
    return unitVectorParams(minCMin).map((p) => buildUnitVector(p, n, undefined, minCMin));
  });
}

/** @internal The integer parameters (shared with quadraticCase, which knows the basis only later). */
export function unitVectorParams(minCMin: number): fc.Arbitrary<UnitVectorParams> {
  const modes: UnitVectorMode[] = minCMin > 0 ? ['sphere', 'boundary'] : ['sphere', 'axis', 'tiny'];
  return fc.record({
    mode: fc.constantFrom(...modes),
    seed: fc.integer(),
    k: fc.nat({ max: 1 << 20 }),
    e: fc.integer({ min: 1, max: 16 }),
  });
}

/** @internal w₀ = Σ cᵢ uᵢ, normalised, from the parameters. */
export function buildUnitVector(
  p: UnitVectorParams,
  d: number,
  basis: readonly (readonly number[])[] | undefined,
  minCMin: number,
): number[] {
  const rng = Rng.fromSeed(p.seed);
  let c: number[];
  if (p.mode === 'axis') {
    c = new Array<number>(d).fill(0);
    c[p.k % d] = 1;
  } else {
    c = rng.unitSphere(d);
  }
  const last = d - 1;
  const side = p.k % 2 === 0 ? 0 : last;
  if (p.mode === 'tiny' && d > 1) {
    setCoefficient(c, side, p.e === 16 ? 0 : Math.sign(c[side] || 1) * 10 ** -p.e);
  }
  if (minCMin > 0 && d > 1) {
    const m = minCMin * (1 + 1e-9);
    if (p.mode === 'boundary') setCoefficient(c, side, Math.sign(c[side] || 1) * m);
    raiseExtremes(c, m);
  }
  if (!basis) return normalise(c);
  const w = new Array<number>(d).fill(0);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) w[j] += c[i] * basis[i][j];
  return normalise(w);
}

/** cᵢ := v, the other coefficients (but c₁, c_d when i is neither) rescaled to keep ‖c‖ = 1. */
function setCoefficient(c: number[], i: number, v: number): void {
  const fixed = new Set([i]);
  c[i] = v;
  // with nothing else to rescale (probability 0), the final normalisation restores ‖w₀‖ = 1
  rescaleRest(c, fixed, 1 - v * v);
}

/** |c₁|, |c_d| ≥ m (m ≤ 1/√2 + tiny), keeping ‖c‖ = 1. */
function raiseExtremes(c: number[], m: number): void {
  const last = c.length - 1;
  let a = Math.sign(c[0] || 1) * Math.max(Math.abs(c[0]), m);
  let b = Math.sign(c[last] || 1) * Math.max(Math.abs(c[last]), m);
  if (a * a + b * b > 1) {
    // the larger one gives way; it stays ≥ √(1 − m²) ≥ m
    if (Math.abs(a) >= Math.abs(b)) a = Math.sign(a) * Math.sqrt(1 - b * b);
    else b = Math.sign(b) * Math.sqrt(1 - a * a);
  }
  c[0] = a;
  c[last] = b;
  if (!rescaleRest(c, new Set([0, last]), 1 - a * a - b * b)) {
    // nothing else to carry the remaining norm (d = 2, or the rest is 0): scale c₁, c_d up together
    const n = Math.hypot(a, b);
    c[0] = a / n;
    c[last] = b / n;
  }
}

/** Scale the coefficients outside `fixed` to squared norm r2; false if they are all 0 (or none). */
function rescaleRest(c: number[], fixed: Set<number>, r2: number): boolean {
  let s = 0;
  c.forEach((x, i) => {
    if (!fixed.has(i)) s += x * x;
  });
  if (s === 0) return r2 <= 0;
  const f = Math.sqrt(Math.max(0, r2) / s);
  c.forEach((x, i) => {
    if (!fixed.has(i)) c[i] = x * f;
  });
  return true;
}

function normalise(w: number[]): number[] {
  const n = Math.hypot(...w);
  return w.map((x) => x / n);
}

function checkMinCMin(m: number): void {
  if (!(m >= 0 && m <= 0.7)) throw new RangeError(`unitVector: minCMin must be in [0, 0.7], got ${m}`);
}

function checkBasis(U: readonly (readonly number[])[]): number {
  if (!Array.isArray(U) || U.length === 0) throw new RangeError('unitVector: relativeTo must be a non-empty array of d vectors');
  const d = U.length;
  U.forEach((u, i) => {
    if (!Array.isArray(u) || u.length !== d || !u.every(Number.isFinite)) {
      throw new RangeError(`unitVector: relativeTo[${i}] must be ${d} finite numbers`);
    }
  });
  return d;
}
