import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

/**
 * Seeded sampling for the least-squares experiment. Every random stream is a pure function of
 * (seed, role, index) so a task's data never depend on which worker drew it or in which order:
 * that is what makes results identical for any number of workers.
 */
export interface Rng {
  /** 32 random bits as a signed int (pure-rand's `next`). */
  next(): number;
}

/** Roles keep the streams of different kinds of tasks apart (a plain object: const enums do not survive isolated transpilers). */
export const StreamRole = { Train: 1, Test: 2, SgdTrain: 3, SgdTest: 4 } as const;

/** murmur3's 32-bit finaliser: a bijection with full avalanche, so nearby inputs give unrelated words. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * A xoroshiro128+ stream keyed by (seed, role, index). The 128-bit state is four hashed words
 * (not pure-rand's 32-bit seeding), so distinct keys give distinct, decorrelated states.
 */
export function streamRng(seed: number, role: number, index: number): Rng {
  const s = seed | 0;
  const hi = Math.floor(seed / 4294967296) | 0;
  const words: number[] = [];
  for (let w = 0; w < 4; w++) {
    let h = fmix32(s ^ Math.imul(0x9e3779b9, w + 1));
    h = fmix32(h ^ hi ^ Math.imul(role, 0x27d4eb2f));
    h = fmix32(h ^ (index | 0) ^ Math.imul(Math.floor(index / 4294967296) | 0, 0x165667b1));
    h = fmix32(h + w);
    words.push(h);
  }
  if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 1; // the all-zero state is xoroshiro's fixed point
  const g = xoroshiro128plusFromState(words);
  // xoroshiro128+'s first outputs after hashing are fine, but skipping a few costs nothing.
  for (let i = 0; i < 8; i++) g.next();
  return g;
}

/** Uniform in [0, 1) with 53 random bits. */
export function uniform01(rng: Rng): number {
  return uniformFloat64(rng as never);
}

/** Uniform integer in [0, n): rejection sampling on 32 bits, so exactly uniform. */
export function uniformIndex(rng: Rng, n: number): number {
  if (n <= 1) return 0;
  const limit = 4294967296 - (4294967296 % n);
  for (;;) {
    const u = rng.next() >>> 0;
    if (u < limit) return u % n;
  }
}

const TWO_PI = 2 * Math.PI;

/**
 * Fill `out` with i.i.d. N(0, scale²) values by Box–Muller (two normals per pair of uniforms,
 * no rejection, so the number of draws per normal is fixed and the stream stays easy to reason about).
 */
export function fillGaussian(rng: Rng, out: Float64Array, scale = 1, from = 0, to = out.length): void {
  let i = from;
  while (i < to) {
    // 1 − U ∈ (0, 1] keeps the logarithm finite.
    const u1 = 1 - uniformFloat64(rng as never);
    const u2 = uniformFloat64(rng as never);
    const r = scale * Math.sqrt(-2 * Math.log(u1));
    const a = TWO_PI * u2;
    out[i++] = r * Math.cos(a);
    if (i < to) out[i++] = r * Math.sin(a);
  }
}

/** A point uniform on the unit sphere of ℝ^d (a normalised standard Gaussian). */
export function unitSphere(rng: Rng, d: number): Float64Array {
  const v = new Float64Array(d);
  for (;;) {
    fillGaussian(rng, v);
    let s = 0;
    for (let i = 0; i < d; i++) s += v[i] * v[i];
    if (s > 0) {
      const inv = 1 / Math.sqrt(s);
      for (let i = 0; i < d; i++) v[i] *= inv;
      return v;
    }
  }
}
