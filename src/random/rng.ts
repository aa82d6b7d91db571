import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/**
 * Seeded, reproducible sampling on pure-rand 8's xoroshiro128+ (the generator fast-check draws from).
 *
 * A stream is named by a key path: the seed, then any `split` keys. The generator state is a hash
 * of that path, so `derive(seed, i)` gives task i the same numbers whatever order, or on whichever
 * worker, the tasks run: nothing depends on how many draws another stream made before.
 *
 * Why not `xoroshiro128plus(seed)` directly: it keeps only `seed | 0` (32 bits; 2³² and 0 collide)
 * and puts the seed into the state almost unmixed, so nearby seeds start with correlated outputs.
 * Why not pure-rand's `uniformFloat64`: it takes the *low* bits of each output, and the low bits of
 * xoroshiro128+ are its weakest (the lowest is an LFSR); `nextFloat` takes the high bits.
 *
 * Every method mutates the stream (pure-rand 8 generators are mutable); `clone` forks it.
 */
export class Rng {
  private spare: number | undefined;

  private constructor(
    private readonly gen: JumpableRandomGenerator,
    /** The key path that names this stream (seed words, then split keys). */
    readonly path: readonly number[],
  ) {}

  /** The stream of a numeric seed (any safe integer, negative too). */
  static fromSeed(seed: number): Rng {
    return Rng.fromPath(seedWords(seed));
  }

  private static fromPath(path: readonly number[]): Rng {
    const s: number[] = [0, 1, 2, 3].map((salt) => murmur3(path, 0x9e3779b9 * (salt + 1)) | 0);
    // the all-zero state is xoroshiro's one fixed point
    if (!s.some((x) => x !== 0)) s[0] = 1;
    return new Rng(xoroshiro128plusFromState(s), path);
  }

  /**
   * An independent stream named by `key`, derived from this stream's *name* (not its position), so
   * it is the same whether or not this stream has been drawn from. Different keys give unrelated streams.
   */
  split(key: number | string): Rng {
    return Rng.fromPath([...this.path, ...keyWords(key)]);
  }

  /** A copy at the same position: both produce the same numbers from here on. */
  clone(): Rng {
    const r = new Rng(this.gen.clone(), this.path);
    r.spare = this.spare;
    return r;
  }

  /** Uniform on the 32-bit unsigned integers. */
  nextUint32(): number {
    return this.gen.next() >>> 0;
  }

  /** Uniform on [0, 1): a multiple of 2⁻⁵³ built from the high 27 + 26 bits of two outputs. */
  nextFloat(): number {
    const a = this.gen.next() >>> 5;
    const b = this.gen.next() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Uniform integer in [lo, hi], both included (safe integers), unbiased (pure-rand's rejection). */
  int(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo > hi) {
      throw new RangeError(`int(lo, hi) needs safe integers lo <= hi, got ${lo}, ${hi}`);
    }
    return uniformInt(this.gen, lo, hi);
  }

  /**
   * Standard normal N(0, 1) by Marsaglia's polar method. Deterministic: the second value of each
   * pair is kept for the next call (and carried by `clone`).
   */
  gaussian(): number {
    if (this.spare !== undefined) {
      const z = this.spare;
      this.spare = undefined;
      return z;
    }
    for (;;) {
      const u = 2 * this.nextFloat() - 1;
      const v = 2 * this.nextFloat() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.spare = v * f;
        return u * f;
      }
    }
  }

  /** d independent standard normals. */
  gaussianVector(d: number): number[] {
    checkDim(d, 0, 'gaussianVector');
    const x = new Array<number>(d);
    for (let i = 0; i < d; i++) x[i] = this.gaussian();
    return x;
  }

  /** Uniform on the unit sphere S^{d−1} (a normalised Gaussian vector); ‖x‖ = 1 to rounding. */
  unitSphere(d: number): number[] {
    checkDim(d, 1, 'unitSphere');
    for (;;) {
      const x = this.gaussianVector(d);
      const n = Math.hypot(...x);
      if (n > 0 && Number.isFinite(n)) return x.map((v) => v / n);
    }
  }

  /**
   * A Haar-distributed (uniform) orthogonal d×d matrix Q, as rows (Q[i][j]).
   *
   * QR of a standard Gaussian matrix G, made unique by taking R's diagonal positive, is Haar
   * (Mezzadri 2007, "How to generate random matrices from the classical compact groups"); a library
   * QR whose R has diagonal entries of either sign is not, hence the sign correction. Gram–Schmidt
   * gives R_kk = ‖…‖ > 0 directly; it is run twice per column ("twice is enough", Giraud et al.
   * 2005) so QᵀQ = I to a few ulps.
   */
  haarOrthogonal(d: number): number[][] {
    checkDim(d, 1, 'haarOrthogonal');
    const cols: number[][] = [];
    const G: number[][] = [];
    for (let i = 0; i < d; i++) G.push(this.gaussianVector(d));
    for (let k = 0; k < d; k++) {
      const v = G.map((row) => row[k]);
      for (let pass = 0; pass < 2; pass++) {
        for (const q of cols) {
          let r = 0;
          for (let i = 0; i < d; i++) r += q[i] * v[i];
          for (let i = 0; i < d; i++) v[i] -= r * q[i];
        }
      }
      const n = Math.hypot(...v);
      // a Gaussian matrix is singular with probability 0; guard anyway so Q stays orthogonal
      if (!(n > 0)) throw new Error('haarOrthogonal: degenerate Gaussian draw (probability 0)');
      cols.push(v.map((x) => x / n));
    }
    return Array.from({ length: d }, (_, i) => cols.map((q) => q[i]));
  }
}

/** The stream of a numeric seed. */
export function createRng(seed: number): Rng {
  return Rng.fromSeed(seed);
}

/** Stream number `index` of `seed`: independent of every other index and of scheduling order. */
export function derive(seed: number, index: number): Rng {
  return Rng.fromSeed(seed).split(index);
}

function checkDim(d: number, min: number, what: string): void {
  if (!Number.isInteger(d) || d < min) throw new RangeError(`${what}: dimension must be an integer >= ${min}, got ${d}`);
}

// Path words are tagged so that a seed, a numeric key and a string key never hash alike.
const TAG_SEED = 0x5eed;
const TAG_INDEX = 0x1d;
const TAG_STRING = 0x57;

function safeIntWords(n: number, what: string): [number, number] {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be a safe integer, got ${n}`);
  const hi = Math.floor(n / 4294967296);
  return [n - hi * 4294967296, hi >>> 0];
}

function seedWords(seed: number): number[] {
  return [TAG_SEED, ...safeIntWords(seed, 'seed')];
}

function keyWords(key: number | string): number[] {
  if (typeof key === 'number') return [TAG_INDEX, ...safeIntWords(key, 'split key')];
  const units = Array.from({ length: key.length }, (_, i) => key.charCodeAt(i));
  return [TAG_STRING, key.length, murmur3(units, 0x243f6a88), murmur3(units, 0x85a308d3)];
}

/** MurmurHash3 (x86, 32-bit) over 32-bit words: a well-mixed, portable, integer-only hash. */
function murmur3(words: readonly number[], seed: number): number {
  let h = seed >>> 0;
  for (const w of words) {
    let k = Math.imul(w >>> 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= words.length * 4;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
