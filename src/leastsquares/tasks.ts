import { StreamRole, streamRng, unitSphere } from './rng.js';
import { sampleDualTask, sampleStatsBlock, stackDesigns, type Design } from './design.js';
import { sampleTask, sliceTask, empiricalLoss, dist2, type LsqTask } from './task.js';
import { simulateSgd, sgdIndices, truncationRadius } from './simulate.js';
import {
  bidiagonalise,
  dist2Krylov,
  gdInKrylov,
  project,
  trainLossKrylov,
  validLossKrylov,
  type Bidiagonal,
  type Projections,
} from './krylov.js';
import { finiteOrInf } from './grid.js';
import { arenaScope } from './wasm.js';

/**
 * The per-task work of the TbT/TbV experiment: pure functions of (config, task index), run either
 * in-process or on worker threads (pool.ts). Nothing here depends on which thread runs it.
 */
export interface TaskConfig {
  d: number;
  /** TbT training samples. */
  n: number;
  /** TbV training and validation samples (rows [0, n1) and [n1, n1+n2) of the same draw). */
  n1: number;
  n2: number;
  sigma: number;
  t: number;
  seed: number;
  inner: 'gd' | 'sgd';
  /** Apply the paper's truncation (‖w‖ ≥ factor·σ). Theorem 9's SGD runs without it. */
  truncate: boolean;
  truncationFactor: number;
  tbt: boolean;
  tbv: boolean;
  /**
   * Draw GD tasks' sufficient statistics instead of X when every block of rows has at least d
   * samples (design.ts; equal in distribution, much cheaper for n ≫ d). Default false: the data
   * are then exactly `drawTask`'s.
   */
  stats?: boolean;
}

/** Rows drawn per task: TbT's n and TbV's n1+n2 share the first rows (CLI.md: TbV splits N). */
export function rowsPerTask(c: TaskConfig): number {
  return Math.max(c.tbt ? c.n : 0, c.tbv ? c.n1 + c.n2 : 0, 1);
}

export function radiusOf(c: TaskConfig): number {
  return c.truncate ? truncationRadius(c.sigma, c.truncationFactor) : Infinity;
}

/**
 * How a GD task is drawn when `stats` is on (SGD reads single rows: never):
 * - 'primal': every block of rows (TbV's n1 and n2, or TbT's n alone) has ≥ d samples: each block
 *   is its Bartlett factor R (d×d), design.ts `sampleStatsBlock`;
 * - 'dual': all rows together are ≤ d: the task in the row space of X, L (n×n), `sampleDualTask`;
 * - null otherwise (explicit X, `drawTask`).
 * TbT's rows must be TbV's two blocks (n = n1 + n2) when both are on, so that they stay paired.
 */
export function statsMode(c: TaskConfig): 'primal' | 'dual' | null {
  if (!c.stats || c.inner !== 'gd') return null;
  if (c.tbt && c.tbv && c.n !== c.n1 + c.n2) return null;
  if (c.tbv ? c.n1 >= c.d && c.n2 >= c.d : c.tbt && c.n >= c.d) return 'primal';
  if (rowsPerTask(c) <= c.d) return 'dual';
  return null;
}

export function usesStats(c: TaskConfig): boolean {
  return statsMode(c) !== null;
}

export interface StatsTask {
  tbt: Design;
  tbvTrain?: Design;
  tbvValid?: Design;
  /** w* in each objective's coordinates, and the part of ‖w*‖² outside them (0 for 'primal'). */
  wStar: Float64Array;
  perp2: number;
  wStarTbV: Float64Array;
  perp2TbV: number;
}

/**
 * A task as statistics, from the (seed, role, index) stream. 'primal': w* as in `drawTask`, then
 * one design per block of rows, block b from that stream's split b; TbT's rows are TbV's two
 * blocks stacked, exactly as TbT's rows are TbV's in `drawTask`. 'dual': `sampleDualTask`.
 */
export function drawStatsTask(c: TaskConfig, role: number, index: number, alloc?: (len: number) => Float64Array): StatsTask {
  const rng = streamRng(c.seed, role, index);
  if (statsMode(c) === 'dual') {
    const rows = rowsPerTask(c);
    const t = sampleDualTask(rng, c.d, rows, c.sigma, c.tbv ? c.n1 : undefined, alloc);
    return {
      tbt: t.tbt,
      tbvTrain: t.tbvTrain,
      tbvValid: t.tbvValid,
      wStar: t.wStar,
      perp2: t.perp2,
      wStarTbV: t.wStarTbV ?? t.wStar,
      perp2TbV: t.perp2TbV ?? t.perp2,
    };
  }
  const wStar = unitSphere(rng, c.d);
  const sizes = c.tbv ? [c.n1, c.n2] : [c.n];
  const blocks = sizes.map((m, b) => sampleStatsBlock(rng.split(b), c.d, m, c.sigma, wStar, alloc));
  const base = { wStar, perp2: 0, wStarTbV: wStar, perp2TbV: 0 };
  return c.tbv ? { ...base, tbt: stackDesigns(blocks), tbvTrain: blocks[0], tbvValid: blocks[1] } : { ...base, tbt: blocks[0] };
}

export function drawTask(c: TaskConfig, role: number, index: number, alloc?: (len: number) => Float64Array): LsqTask {
  return sampleTask({ d: c.d, n: rowsPerTask(c), sigma: c.sigma }, c.seed, role, index, alloc);
}

/**
 * Bytes of kernel arena one task needs at most: its data (X, or one d×d block per block of rows)
 * plus the largest Golub–Kahan work space (U, V, p, q) and a projection's (V, one column).
 */
function arenaBytes(c: TaskConfig): number {
  const mode = statsMode(c);
  const rows = rowsPerTask(c);
  const stored = mode === 'primal' ? (c.tbv ? 2 : 1) * c.d * c.d : mode === 'dual' ? 2 * rows * rows : rows * c.d;
  const m = mode === 'primal' ? 2 * c.d : rows;
  return 8 * (stored + (c.t + 2) * m + 2 * c.t * c.d + 2 * c.d) + (1 << 20);
}

/** What the main thread keeps of a task to evaluate its meta-losses at any η (refinement). */
export interface ReducedTask {
  bd: Omit<Bidiagonal, 'V'>;
  pr: Projections;
}

export interface TrainTaskResult {
  index: number;
  /** Δ_TbT(η, P) at each grid η (Eqn 3's summand), and ½‖w − w*‖² + ½σ² for the same run. */
  tbt?: Float64Array;
  tbtPop?: Float64Array;
  /** Δ_TbV(η, P) (Eqn 4's summand) and its population form. */
  tbv?: Float64Array;
  tbvPop?: Float64Array;
  reduced?: { tbt?: ReducedTask; tbv?: ReducedTask };
  truncatedTbT?: Uint8Array;
  truncatedTbV?: Uint8Array;
  ms: { sampling: number; krylov: number; grid: number };
}

function strip(bd: Bidiagonal): Omit<Bidiagonal, 'V'> {
  const { V: _v, ...rest } = bd;
  void _v;
  return { ...rest, alpha: Float64Array.from(rest.alpha), beta: Float64Array.from(rest.beta) };
}

/** Meta-losses of the GD fast path at one η. */
export function tbtAt(r: ReducedTask, eta: number, t: number, radius: number): { loss: number; pop: number; truncated: boolean } {
  const run = gdInKrylov(r.bd as Bidiagonal, eta, t, radius);
  const pop = 0.5 * dist2Krylov(r.pr, run.c) + 0.5 * r.pr.sigma * r.pr.sigma;
  return { loss: trainLossKrylov(r.bd as Bidiagonal, run.c), pop, truncated: run.truncatedAt !== null };
}

export function tbvAt(r: ReducedTask, eta: number, t: number, radius: number): { loss: number; pop: number; truncated: boolean } {
  const run = gdInKrylov(r.bd as Bidiagonal, eta, t, radius);
  const pop = 0.5 * dist2Krylov(r.pr, run.c) + 0.5 * r.pr.sigma * r.pr.sigma;
  return { loss: validLossKrylov(r.pr, run.c), pop, truncated: run.truncatedAt !== null };
}

/** One training task: every meta-loss at every grid η (one arena scope: X is copied to the kernels once). */
export function evalTrainTask(c: TaskConfig, grid: readonly number[], index: number, keepReduced: boolean): TrainTaskResult {
  return arenaScope(arenaBytes(c), (alloc) => evalTrainTaskIn(c, grid, index, keepReduced, alloc));
}

function evalTrainTaskIn(c: TaskConfig, grid: readonly number[], index: number, keepReduced: boolean, alloc?: (len: number) => Float64Array): TrainTaskResult {
  const ms = { sampling: 0, krylov: 0, grid: 0 };
  const G = grid.length;
  const radius = radiusOf(c);
  const out: TrainTaskResult = { index, ms };
  if (c.inner === 'gd') {
    let t0 = performance.now();
    let wStar: Float64Array;
    let wStarTbV: Float64Array;
    let perp2 = 0;
    let perp2TbV = 0;
    let tbtData: LsqTask | Design;
    let tbvTrain: LsqTask | Design;
    let tbvValid: LsqTask | Design;
    if (usesStats(c)) {
      const st = drawStatsTask(c, StreamRole.Train, index, alloc);
      ({ wStar, wStarTbV, perp2, perp2TbV, tbt: tbtData } = st);
      tbvTrain = st.tbvTrain!;
      tbvValid = st.tbvValid!;
    } else {
      const task = drawTask(c, StreamRole.Train, index, alloc);
      wStar = wStarTbV = task.wStar;
      tbtData = sliceTask(task, 0, c.n);
      tbvTrain = sliceTask(task, 0, c.n1);
      tbvValid = sliceTask(task, c.n1, c.n1 + c.n2);
    }
    ms.sampling = performance.now() - t0;
    t0 = performance.now();
    let rTbT: ReducedTask | undefined;
    let rTbV: ReducedTask | undefined;
    if (c.tbt) {
      const bd = bidiagonalise(tbtData, c.t);
      rTbT = { bd: strip(bd), pr: project(bd, wStar, c.sigma, undefined, perp2) };
    }
    if (c.tbv) {
      const bd = bidiagonalise(tbvTrain, c.t);
      rTbV = { bd: strip(bd), pr: project(bd, wStarTbV, c.sigma, tbvValid, perp2TbV) };
    }
    ms.krylov = performance.now() - t0;
    t0 = performance.now();
    // every grid point reuses the task's one bidiagonalisation: O(t) per η
    const sweep = (r: ReducedTask, at: typeof tbtAt) => {
      const loss = new Float64Array(G);
      const pop = new Float64Array(G);
      const truncated = new Uint8Array(G);
      for (let g = 0; g < G; g++) {
        const v = at(r, grid[g], c.t, radius);
        loss[g] = v.loss;
        pop[g] = v.pop;
        truncated[g] = v.truncated ? 1 : 0;
      }
      return { loss, pop, truncated };
    };
    if (rTbT) ({ loss: out.tbt, pop: out.tbtPop, truncated: out.truncatedTbT } = sweep(rTbT, tbtAt));
    if (rTbV) ({ loss: out.tbv, pop: out.tbvPop, truncated: out.truncatedTbV } = sweep(rTbV, tbvAt));
    ms.grid = performance.now() - t0;
    if (keepReduced) out.reduced = { tbt: rTbT, tbv: rTbV };
    return out;
  }
  // SGD (appendix D): no Krylov shortcut (the sampled rows change every step), plain simulation.
  let t0 = performance.now();
  const task = drawTask(c, StreamRole.Train, index);
  ms.sampling = performance.now() - t0;
  t0 = performance.now();
  const half = 0.5 * c.sigma * c.sigma;
  // one SGD path per task and objective, shared by every η of the grid; TbV samples its own n1 rows
  const sweep = (tr: LsqTask, evalOn: LsqTask, role: number) => {
    const idx = sgdIndices(c.seed, role, index, tr.n, c.t);
    const loss = new Float64Array(G);
    const pop = new Float64Array(G);
    const truncated = new Uint8Array(G);
    for (let g = 0; g < G; g++) {
      const run = simulateSgd(tr, grid[g], c.t, radius, idx);
      loss[g] = finiteOrInf(empiricalLoss(evalOn, run.w));
      pop[g] = finiteOrInf(0.5 * dist2(run.w, task.wStar) + half);
      truncated[g] = run.truncatedAt !== null ? 1 : 0;
    }
    return { loss, pop, truncated };
  };
  if (c.tbt) {
    const tr = sliceTask(task, 0, c.n);
    ({ loss: out.tbt, pop: out.tbtPop, truncated: out.truncatedTbT } = sweep(tr, tr, StreamRole.SgdTrain));
  }
  if (c.tbv) {
    ({ loss: out.tbv, pop: out.tbvPop, truncated: out.truncatedTbV } = sweep(sliceTask(task, 0, c.n1), sliceTask(task, c.n1, c.n1 + c.n2), StreamRole.SgdTrain + 16));
  }
  ms.grid = performance.now() - t0;
  return out;
}

export interface TestOutcome {
  /** (1/n_train) Σ (y_i − ⟨w_t, x_i⟩)² on the test task's own training set. */
  mseTrain: number;
  /** ‖w_t − w*‖². */
  dist2: number;
}

export interface TestTaskResult {
  index: number;
  tbt?: TestOutcome;
  tbv?: TestOutcome;
  ms: { sampling: number; krylov: number; grid: number };
}

/**
 * A fresh task (role Test) trained with the chosen η: TbT's η on its n rows, TbV's η on its first
 * n1 rows (the task format TbV was tuned for, as Theorem 5's "expectation over new tasks" reads).
 * The test task is the same draw for both, so the comparison is paired.
 */
export function evalTestTask(c: TaskConfig, index: number, etaTbT: number, etaTbV: number): TestTaskResult {
  return arenaScope(arenaBytes(c), (alloc) => evalTestTaskIn(c, index, etaTbT, etaTbV, alloc));
}

function evalTestTaskIn(c: TaskConfig, index: number, etaTbT: number, etaTbV: number, alloc?: (len: number) => Float64Array): TestTaskResult {
  const ms = { sampling: 0, krylov: 0, grid: 0 };
  let t0 = performance.now();
  const stats = usesStats(c) ? drawStatsTask(c, StreamRole.Test, index, alloc) : undefined;
  const task = stats ? undefined : drawTask(c, StreamRole.Test, index, alloc);
  const wStar = stats ? stats.wStar : task!.wStar;
  const tbtSide = (nTrain: number) => (stats && nTrain !== c.n ? { w: stats.wStarTbV, p: stats.perp2TbV } : { w: wStar, p: stats?.perp2 ?? 0 });
  ms.sampling = performance.now() - t0;
  const radius = radiusOf(c);
  const out: TestTaskResult = { index, ms };
  const one = (nTrain: number, eta: number, role: number): TestOutcome => {
    if (!(eta >= 0)) return { mseTrain: NaN, dist2: NaN };
    if (c.inner === 'gd') {
      t0 = performance.now();
      const data = stats ? (nTrain === c.n ? stats.tbt : stats.tbvTrain!) : sliceTask(task!, 0, nTrain);
      const bd = bidiagonalise(data, c.t);
      const side = tbtSide(nTrain);
      const pr = project(bd, side.w, c.sigma, undefined, side.p);
      ms.krylov += performance.now() - t0;
      t0 = performance.now();
      const run = gdInKrylov(bd, eta, c.t, radius);
      const res = { mseTrain: 2 * trainLossKrylov(bd, run.c), dist2: dist2Krylov(pr, run.c) };
      ms.grid += performance.now() - t0;
      return res;
    }
    t0 = performance.now();
    const tr = sliceTask(task!, 0, nTrain);
    const idx = sgdIndices(c.seed, role, index, nTrain, c.t);
    const run = simulateSgd(tr, eta, c.t, radius, idx);
    const res = { mseTrain: finiteOrInf(2 * empiricalLoss(tr, run.w)), dist2: finiteOrInf(dist2(run.w, wStar)) };
    ms.grid += performance.now() - t0;
    return res;
  };
  if (c.tbt) out.tbt = one(c.n, etaTbT, StreamRole.SgdTest);
  if (c.tbv) out.tbv = one(c.n1, etaTbV, StreamRole.SgdTest + 16);
  return out;
}
