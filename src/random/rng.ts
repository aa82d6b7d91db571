import { uniformInt } from 'pure-rand/distribution/uniformInt';

/**
 * The one seeded-stream module of the project (issue 10, item 5): one seed hashing, one generator,
 * one Gaussian, one sphere sampler, used by the quadratic tasks, the arbitraries, the NQM Monte
 * Carlo, the audit and the least-squares experiment alike.
 *
 * A stream is named by a key path: the seed, then any `split` keys. The generator state is a hash
 * of that path, so `derive(seed, i)` gives task i the same numbers whatever order, or on whichever
 * worker, the tasks run: nothing depends on how many draws another stream made before. The
 * least-squares experiment keys its streams by (seed, role, index): `Rng.stream`.
 *
 * Generator: xoshiro128** (Blackman and Vigna 2018), four 32-bit words of state. Every output bit
 * passes BigCrush (unlike xoroshiro128+, whose low bits are an LFSR), and every operation is a
 * native 32-bit one in JavaScript (Math.imul, shifts), which makes it about three times faster here
 * than pure-rand's 64-bit xoroshiro128+ emulated on 32-bit halves.
 *
 * Why not seed a generator with the seed directly: `xoroshiro128plus(seed)` keeps only `seed | 0`
 * (2³² and 0 collide) and puts it into the state almost unmixed, so nearby seeds start correlated.
 *
 * Gaussian: the ziggurat of Marsaglia and Tsang (2000) with Doornik's (2005) correction (the layer
 * index and the uniform come from disjoint bits, so they are independent), 128 layers. It is an
 * exact method: a rejection sampler whose accepted values have exactly the N(0, 1) density, given
 * exact uniforms; ours are on a 2⁻⁵² grid (53 random bits per value, two generator outputs). About
 * 99% of draws return after one comparison and one multiplication.
 *
 * Every method mutates the stream; `clone` forks it.
 */
export class Rng {
  private constructor(
    private s0: number,
    private s1: number,
    private s2: number,
    private s3: number,
    /** The key path that names this stream (seed words, then split keys). */
    readonly path: readonly number[],
  ) {}

  /** The stream of a numeric seed (any safe integer, negative too). */
  static fromSeed(seed: number): Rng {
    return Rng.fromPath(seedWords(seed));
  }

  /**
   * The least-squares stream keyed by (seed, role, index): `fromSeed(seed).split(role).split(index)`,
   * hashed in one go (no intermediate streams are built).
   */
  static stream(seed: number, role: number, index: number): Rng {
    return Rng.fromPath([...seedWords(seed), ...keyWords(role), ...keyWords(index)]);
  }

  private static fromPath(path: readonly number[]): Rng {
    const s: number[] = [0, 1, 2, 3].map((salt) => murmur3(path, 0x9e3779b9 * (salt + 1)) | 0);
    // the all-zero state is xoshiro's one fixed point
    if (!s.some((x) => x !== 0)) s[0] = 1;
    return new Rng(s[0], s[1], s[2], s[3], path);
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
    return new Rng(this.s0, this.s1, this.s2, this.s3, this.path);
  }

  /** 32 random bits as a signed int32 (the shape pure-rand's distributions expect). */
  next(): number {
    const s1 = this.s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** Uniform on the 32-bit unsigned integers. */
  nextUint32(): number {
    return this.next() >>> 0;
  }

  /** Uniform on [0, 1): a multiple of 2⁻⁵³ built from 27 + 26 bits of two outputs. */
  nextFloat(): number {
    const a = this.next() >>> 5;
    const b = this.next() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Uniform integer in [0, n) for 1 ≤ n ≤ 2³²: rejection on 32 bits, so exactly uniform. */
  uniformIndex(n: number): number {
    if (n <= 1) return 0;
    const limit = 4294967296 - (4294967296 % n);
    for (;;) {
      const u = this.next() >>> 0;
      if (u < limit) return u % n;
    }
  }

  /** Uniform integer in [lo, hi], both included (safe integers), unbiased (pure-rand's rejection). */
  int(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo > hi) {
      throw new RangeError(`int(lo, hi) needs safe integers lo <= hi, got ${lo}, ${hi}`);
    }
    return uniformInt({ next: () => this.next() } as never, lo, hi);
  }

  /** Standard normal N(0, 1) by the ziggurat (see the class comment). */
  gaussian(): number {
    for (;;) {
      const w1 = this.next();
      const w2 = this.next();
      const i = w1 & 127;
      // 25 + 28 bits: u uniform on [−1, 1) on a 2⁻⁵² grid, independent of the layer i
      const u = ((w1 >>> 7) * 268435456 + (w2 >>> 4)) * 2.220446049250313e-16 - 1;
      if (Math.abs(u) < ZIG_R[i]) return u * ZIG_X[i];
      const z = this.zigguratSlow(i, u);
      if (z === z) return z;
    }
  }

  /** The ziggurat's rare branches: the tail beyond R (layer 0) and the wedges; NaN means rejected. */
  private zigguratSlow(i: number, u: number): number {
    if (i === 0) {
      // Marsaglia's tail method: exact for the normal tail beyond R
      for (;;) {
        const x = Math.log(1 - this.nextFloat()) / ZIG_RADIUS;
        const y = Math.log(1 - this.nextFloat());
        if (-2 * y >= x * x) return u < 0 ? x - ZIG_RADIUS : ZIG_RADIUS - x;
      }
    }
    const x = u * ZIG_X[i];
    const f0 = Math.exp(-0.5 * (ZIG_X[i] * ZIG_X[i] - x * x));
    const f1 = Math.exp(-0.5 * (ZIG_X[i + 1] * ZIG_X[i + 1] - x * x));
    return f1 + this.nextFloat() * (f0 - f1) < 1 ? x : NaN;
  }

  /** out[from … to) ← i.i.d. N(0, scale²), drawn in index order. */
  fillGaussian(out: Float64Array | number[], scale = 1, from = 0, to = out.length): void {
    // The generator and the ziggurat's fast branch inlined on local state (≈2× faster than a
    // call per value); the slow branches go through the methods, after writing the state back.
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    let k = from;
    while (k < to) {
      let m = Math.imul(s1, 5);
      const w1 = Math.imul((m << 7) | (m >>> 25), 9);
      let t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      m = Math.imul(s1, 5);
      const w2 = Math.imul((m << 7) | (m >>> 25), 9);
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      const i = w1 & 127;
      const u = ((w1 >>> 7) * 268435456 + (w2 >>> 4)) * 2.220446049250313e-16 - 1;
      if (Math.abs(u) < ZIG_R[i]) {
        out[k++] = scale * (u * ZIG_X[i]);
        continue;
      }
      this.s0 = s0;
      this.s1 = s1;
      this.s2 = s2;
      this.s3 = s3;
      const z = this.zigguratSlow(i, u);
      // rejected: the next try starts over with two fresh words, exactly as gaussian() does
      if (z === z) out[k++] = scale * z;
      s0 = this.s0;
      s1 = this.s1;
      s2 = this.s2;
      s3 = this.s3;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /** d independent standard normals. */
  gaussianVector(d: number): number[] {
    checkDim(d, 0, 'gaussianVector');
    const x = new Array<number>(d);
    for (let i = 0; i < d; i++) x[i] = this.gaussian();
    return x;
  }

  /**
   * The one sphere sampler: `out` ← a point uniform on the unit sphere S^{d−1} (a normalised
   * standard Gaussian vector, Muller 1959); ‖out‖ = 1 to rounding.
   */
  unitSphereInto(out: Float64Array | number[]): void {
    const d = out.length;
    for (;;) {
      let s = 0;
      for (let i = 0; i < d; i++) {
        const z = this.gaussian();
        out[i] = z;
        s += z * z;
      }
      if (s > 0 && Number.isFinite(s)) {
        const n = Math.sqrt(s);
        for (let i = 0; i < d; i++) out[i] /= n;
        return;
      }
    }
  }

  /** Uniform on the unit sphere S^{d−1} as a plain array. */
  unitSphere(d: number): number[] {
    checkDim(d, 1, 'unitSphere');
    const x = new Array<number>(d).fill(0);
    this.unitSphereInto(x);
    return x;
  }

  /**
   * Gamma(a, 1) for a > 0 by Marsaglia and Tsang (2000), an exact rejection method (a normal and a
   * uniform per try, acceptance ≥ 95%); a < 1 by Gamma(a) = Gamma(a + 1)·U^{1/a}.
   */
  gamma(a: number): number {
    if (!(a > 0) || !Number.isFinite(a)) throw new RangeError(`gamma(a) needs a finite a > 0, got ${a}`);
    if (a < 1) return this.gamma(a + 1) * Math.pow(1 - this.nextFloat(), 1 / a);
    const d = a - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.gaussian();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - this.nextFloat(); // (0, 1]
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** χ²_k = 2·Gamma(k/2, 1) for an integer k ≥ 0 (χ²₀ = 0). */
  chiSquared(k: number): number {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`chiSquared(k) needs an integer k >= 0, got ${k}`);
    return k === 0 ? 0 : 2 * this.gamma(k / 2);
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

// ---- ziggurat tables (Doornik 2005, "An improved ziggurat method to generate normal random samples")

const ZIG_LAYERS = 128;
/** R: where the tail starts; V: the common area of every layer (base strip and tail included). */
const ZIG_RADIUS = 3.442619855899;
const ZIG_AREA = 9.91256303526217e-3;
/** ZIG_X[i]: right edge of layer i (ZIG_X[0] = V/f(R) is the base strip's virtual width, ZIG_X[128] = 0). */
const ZIG_X = new Float64Array(ZIG_LAYERS + 1);
/** ZIG_R[i] = ZIG_X[i+1]/ZIG_X[i]: |u| below it lies inside the layer's rectangle under the density. */
const ZIG_R = new Float64Array(ZIG_LAYERS);
{
  let f = Math.exp(-0.5 * ZIG_RADIUS * ZIG_RADIUS);
  ZIG_X[0] = ZIG_AREA / f;
  ZIG_X[1] = ZIG_RADIUS;
  ZIG_X[ZIG_LAYERS] = 0;
  for (let i = 2; i < ZIG_LAYERS; i++) {
    ZIG_X[i] = Math.sqrt(-2 * Math.log(ZIG_AREA / ZIG_X[i - 1] + f));
    f = Math.exp(-0.5 * ZIG_X[i] * ZIG_X[i]);
  }
  for (let i = 0; i < ZIG_LAYERS; i++) ZIG_R[i] = ZIG_X[i + 1] / ZIG_X[i];
}

// ---- seed hashing: path words are tagged so that a seed, a numeric key and a string key never hash alike.

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
