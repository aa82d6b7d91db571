import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

/**
 * A small seeded N(0,1) source for the NQM Monte Carlo (pure-rand's xoroshiro128+, the generator
 * family fast-check uses, and Box–Muller). Local to src/nqm so that the simulation does not depend
 * on src/random while that is being written; the stream for a seed is fixed forever (the claims'
 * verdicts depend on it).
 */
export class Gaussian {
  private readonly rng;
  private spare: number | undefined;

  constructor(seed: number) {
    // pure-rand's xoroshiro128plus(seed) starts from the state (−1, ~seed, seed, 0): neighbouring seeds
    // give nearly the same first outputs, which biased per-sample streams seeded seed+s. Each state
    // word is therefore a murmur3-finalised hash of (seed, word index), and the first outputs are
    // discarded.
    this.rng = xoroshiro128plusFromState([0, 1, 2, 3].map((k) => fmix32((seed | 0) ^ Math.imul(k + 1, 0x9e3779b9))));
    for (let i = 0; i < 16; i++) this.rng.next();
  }

  next(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    // 1 − u ∈ (0, 1] keeps ln finite
    const u1 = 1 - uniformFloat64(this.rng);
    const u2 = uniformFloat64(this.rng);
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  vector(n: number): number[] {
    return Array.from({ length: n }, () => this.next());
  }
}

/**
 * A factor L with L Lᵀ = Σ for a symmetric positive semi-definite Σ: Cholesky that skips pivots at
 * the rounding level (a singular Σ_ξ, e.g. noise along one direction only, is allowed by CLI.md).
 */
export function psdFactor(S: readonly (readonly number[])[]): number[][] {
  const n = S.length;
  const L = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const scale = Math.max(0, ...S.map((r, i) => Math.abs(r[i])));
  const tol = 1e-13 * scale;
  for (let j = 0; j < n; j++) {
    let d = S[j][j];
    for (let k = 0; k < j; k++) d -= L[j][k] * L[j][k];
    if (d <= tol) continue; // column j is (numerically) in the span of the earlier ones
    const ljj = Math.sqrt(d);
    L[j][j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = S[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = s / ljj;
    }
  }
  return L;
}

export function applyFactor(L: readonly (readonly number[])[], z: readonly number[]): number[] {
  return L.map((row) => {
    let s = 0;
    for (let k = 0; k < row.length; k++) s += row[k] * z[k];
    return s;
  });
}

/** murmur3's 32-bit finaliser: a bijection that spreads every input bit over the output. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
