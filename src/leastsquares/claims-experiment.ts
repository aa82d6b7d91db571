import { drawSplitTask, gdRun, rowsOf, sgdPrepare, sgdRun, spectral, type SpectralTask } from './claims-batch.js';
import { sgdIndices } from './simulate.js';

/**
 * The TbT/TbV experiment of wang2021 Section 4 at small d, batched for the claims (Eqns 3 and 4):
 * m training tasks and K test tasks are each drawn and decomposed once (claims-batch.ts) and then
 * evaluated at every (σ, t, η) the claim needs. Streams are keyed (seed, role, index) with roles of
 * their own, so the claims' tasks never coincide with the CLI experiment's.
 */
export const ClaimRole = { Train: 101, Test: 102, SgdTrain: 103, SgdTest: 104, Population: 105 } as const;

export interface GdBatchOptions {
  d: number;
  /** TbT training rows. */
  n: number;
  /** TbV training and validation rows (rows [0, n1) and [n1, n1 + n2) of the same draw). */
  n1: number;
  n2: number;
  m: number;
  /** Test tasks (fresh, role Test): each trained at the chosen η of every (σ, t) listed in testTs. */
  K: number;
  /**
   * TbV's test tasks (default K): the first K are the same tasks as TbT's (paired comparisons use
   * those); TbV's margin below ‖w*‖² is small at small n₁, n₂, so it may need more.
   */
  Kv?: number;
  seed: number;
  grid: readonly number[];
  sigmas: readonly number[];
  ts: readonly number[];
  /** Indices into ts at which test errors are measured (default: all). */
  testTs?: readonly number[];
  tbt: boolean;
  tbv: boolean;
  /** Truncation at ‖w‖ ≥ factor·σ (the paper's 40). */
  truncationFactor?: number;
}

export interface ObjectiveBatch {
  /** F[s][ti][g]: the empirical meta-objective (mean over the m tasks). */
  F: Float64Array[][];
  /** The grid minimiser (smallest η on ties) and its index. */
  eta: number[][];
  etaIndex: number[][];
  /** test[s][ti]: ‖w_{t,η*} − w*‖² per test task (null where not measured). */
  test: (Float64Array | null)[][];
}

export interface GdBatchResult {
  tbt?: ObjectiveBatch;
  tbv?: ObjectiveBatch;
}

/** Index of the smallest finite value, smallest index on ties (the smaller η); −1 if none. */
export function argminIndex(v: ArrayLike<number>): number {
  let best = -1;
  let bv = Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = Number.isNaN(v[i]) ? Infinity : v[i];
    if (x < bv) {
      bv = x;
      best = i;
    }
  }
  return best;
}

function emptyBatch(o: GdBatchOptions): ObjectiveBatch {
  return {
    F: o.sigmas.map(() => o.ts.map(() => new Float64Array(o.grid.length))),
    eta: o.sigmas.map(() => o.ts.map(() => NaN)),
    etaIndex: o.sigmas.map(() => o.ts.map(() => -1)),
    test: o.sigmas.map(() => o.ts.map(() => null)),
  };
}

export function gdBatch(o: GdBatchOptions): GdBatchResult {
  const factor = o.truncationFactor ?? 40;
  const rows = Math.max(o.tbt ? o.n : 0, o.tbv ? o.n1 + o.n2 : 0);
  const out: GdBatchResult = {};
  if (o.tbt) out.tbt = emptyBatch(o);
  if (o.tbv) out.tbv = emptyBatch(o);
  const G = o.grid.length;
  for (let k = 0; k < o.m; k++) {
    const task = drawSplitTask(o.d, rows, o.seed, ClaimRole.Train, k);
    const specs: [ObjectiveBatch, SpectralTask, 'train' | 'valid'][] = [];
    if (out.tbt) specs.push([out.tbt, spectral(rowsOf(task, 0, o.n)), 'train']);
    if (out.tbv) specs.push([out.tbv, spectral(rowsOf(task, 0, o.n1), rowsOf(task, o.n1, o.n1 + o.n2)), 'valid']);
    for (const [batch, sp, which] of specs)
      o.sigmas.forEach((sigma, s) =>
        o.ts.forEach((t, ti) => {
          const F = batch.F[s][ti];
          for (let g = 0; g < G; g++) F[g] += gdRun(sp, sigma, o.grid[g], t, factor * sigma)[which] / o.m;
        }),
      );
  }
  for (const b of [out.tbt, out.tbv])
    if (b)
      b.F.forEach((row, s) =>
        row.forEach((F, ti) => {
          const i = argminIndex(F);
          b.etaIndex[s][ti] = i;
          b.eta[s][ti] = i >= 0 ? o.grid[i] : NaN;
        }),
      );
  const testTs = o.testTs ?? o.ts.map((_, i) => i);
  const Kv = out.tbv ? (o.Kv ?? o.K) : 0;
  const Kt = out.tbt ? o.K : 0;
  const Kmax = Math.max(Kt, Kv);
  if (Kmax > 0) {
    for (const [b, K] of [[out.tbt, Kt], [out.tbv, Kv]] as const) if (b && K > 0) for (let s = 0; s < o.sigmas.length; s++) for (const ti of testTs) b.test[s][ti] = new Float64Array(K);
    for (let k = 0; k < Kmax; k++) {
      const task = drawSplitTask(o.d, rows, o.seed, ClaimRole.Test, k);
      // Theorem 5's "expectation over new tasks": TbT's η on the task's n rows, TbV's on its n1 rows
      const specs: [ObjectiveBatch, SpectralTask][] = [];
      if (out.tbt && k < Kt) specs.push([out.tbt, spectral(rowsOf(task, 0, o.n))]);
      if (out.tbv && k < Kv) specs.push([out.tbv, spectral(rowsOf(task, 0, o.n1))]);
      for (const [b, sp] of specs)
        o.sigmas.forEach((sigma, s) => {
          for (const ti of testTs) b.test[s][ti]![k] = gdRun(sp, sigma, b.eta[s][ti], o.ts[ti], factor * sigma).dist2;
        });
    }
  }
  return out;
}

export interface SgdBatchOptions {
  d: number;
  n: number;
  n1: number;
  n2: number;
  m: number;
  K: number;
  seed: number;
  grid: readonly number[];
  sigma: number;
  t: number;
  /** Theorem 9 runs SGD without truncation, Theorem 10 with it. */
  truncate: boolean;
  tbt: boolean;
  tbv: boolean;
}

export interface SgdObjective {
  F: Float64Array;
  eta: number;
  /** ‖w_{t,η*} − w*‖² per test task (one SGD path each). */
  test: Float64Array;
}

/**
 * SGD (appendix D), one index sequence per task shared by every η (common random numbers). The
 * paper's meta-loss is the expectation over SGD noise; one path per task estimates it without bias
 * and the average over m tasks averages the SGD noise too.
 */
export function sgdBatch(o: SgdBatchOptions): { tbt?: SgdObjective; tbv?: SgdObjective } {
  const radius = o.truncate ? 40 * o.sigma : Infinity;
  const rows = Math.max(o.tbt ? o.n : 0, o.tbv ? o.n1 + o.n2 : 0);
  const G = o.grid.length;
  const out: { tbt?: SgdObjective; tbv?: SgdObjective } = {};
  if (o.tbt) out.tbt = { F: new Float64Array(G), eta: NaN, test: new Float64Array(o.K) };
  if (o.tbv) out.tbv = { F: new Float64Array(G), eta: NaN, test: new Float64Array(o.K) };
  for (let k = 0; k < o.m; k++) {
    const task = drawSplitTask(o.d, rows, o.seed, ClaimRole.Train, k);
    if (out.tbt) {
      const p = sgdPrepare(rowsOf(task, 0, o.n));
      const idx = sgdIndices(o.seed, ClaimRole.SgdTrain, k, o.n, o.t);
      for (let g = 0; g < G; g++) out.tbt.F[g] += sgdRun(p, o.sigma, o.grid[g], idx, radius).train / o.m;
    }
    if (out.tbv) {
      const p = sgdPrepare(rowsOf(task, 0, o.n1), rowsOf(task, o.n1, o.n1 + o.n2));
      const idx = sgdIndices(o.seed, ClaimRole.SgdTrain + 16, k, o.n1, o.t);
      for (let g = 0; g < G; g++) out.tbv.F[g] += sgdRun(p, o.sigma, o.grid[g], idx, radius).valid / o.m;
    }
  }
  for (const b of [out.tbt, out.tbv]) if (b) b.eta = o.grid[argminIndex(b.F)] ?? NaN;
  for (let k = 0; k < o.K; k++) {
    const task = drawSplitTask(o.d, rows, o.seed, ClaimRole.Test, k);
    if (out.tbt) {
      const idx = sgdIndices(o.seed, ClaimRole.SgdTest, k, o.n, o.t);
      out.tbt.test[k] = sgdRun(sgdPrepare(rowsOf(task, 0, o.n)), o.sigma, out.tbt.eta, idx, radius).dist2;
    }
    if (out.tbv) {
      const idx = sgdIndices(o.seed, ClaimRole.SgdTest + 16, k, o.n1, o.t);
      out.tbv.test[k] = sgdRun(sgdPrepare(rowsOf(task, 0, o.n1)), o.sigma, out.tbv.eta, idx, radius).dist2;
    }
  }
  return out;
}

/** Mean and standard error of a_k − b_k (paired over the same test tasks). */
export function pairedStats(a: ArrayLike<number>, b?: ArrayLike<number>): { mean: number; se: number } {
  const k = a.length;
  let mean = 0;
  for (let i = 0; i < k; i++) mean += a[i] - (b ? b[i] : 0);
  mean /= k;
  let v = 0;
  for (let i = 0; i < k; i++) v += (a[i] - (b ? b[i] : 0) - mean) ** 2;
  v /= Math.max(1, k - 1);
  return { mean, se: Math.sqrt(v / k) };
}
