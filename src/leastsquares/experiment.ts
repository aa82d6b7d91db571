import { argmin, refineMinimiser } from './grid.js';
import { TaskPool } from './pool.js';
import {
  evalTestTask,
  evalTrainTask,
  radiusOf,
  tbtAt,
  tbvAt,
  type TaskConfig,
  type TestTaskResult,
  type TrainTaskResult,
} from './tasks.js';

/**
 * Train-by-train against train-by-validation (wang2021 Section 4, Eqns 3 and 4): sample m training
 * tasks, evaluate both meta-objectives on a step-size grid, take their minimisers, and test them on
 * fresh tasks.
 */
export interface TbtTbvOptions {
  d: number;
  /** TbT's training-set size. */
  n: number;
  /** TbV's training and validation sizes; default n/2 each (CLI.md: TbV splits N into N/2 + N/2). */
  n1?: number;
  n2?: number;
  sigma: number;
  /** Unroll length (inner steps). */
  t: number;
  /** m, the number of training tasks. */
  tasks: number;
  testTasks: number;
  /** Step sizes to evaluate, ascending (logGrid). */
  grid: number[];
  seed: number;
  /** Default 'gd'. */
  inner?: 'gd' | 'sgd';
  /** Default true (Section 4's truncation); false for Theorem 9's SGD. */
  truncate?: boolean;
  /** Default 40 (the paper's 40σ). */
  truncationFactor?: number;
  /** Which objectives to compute; default both. */
  tbt?: boolean;
  tbv?: boolean;
  /** Polish each grid minimiser by golden-section search inside its bracket (GD only). Default false. */
  refine?: boolean;
  /**
   * GD tasks whose blocks of rows (TbV's n1 and n2, or TbT's n) all have ≥ d samples are drawn as
   * sufficient statistics (design.ts: equal in distribution to drawing X, d² instead of n·d work).
   * Default true; false always draws X.
   */
  stats?: boolean;
  /** Worker threads; 0 runs in-process. Default 0. */
  workers?: number;
  onProgress?: (phase: 'train' | 'test', done: number, total: number) => void;
}

export interface ObjectiveSummary {
  /** The minimiser used for testing (the refined one when refine is on). */
  eta: number;
  /** Index of the grid minimiser. */
  gridIndex: number;
  gridEta: number;
  /** F̂(η) at each grid point (mean over the m training tasks; +∞ if any run overflowed). */
  meta: number[];
  /** The population form at each grid point: mean of ½‖w_t − w*‖² + ½σ² over the same runs. */
  metaPop: number[];
  /** Fraction of training tasks whose run was truncated, per grid point. */
  truncated: number[];
  refined?: { eta: number; value: number; evals: number };
}

export interface TestSummary {
  /** Mean over test tasks of √((1/n_train)Σ(y_i − ⟨w_t, x_i⟩)²) on each task's own training set. */
  rmseTrain: number;
  /** Mean over test tasks of √(‖w_t − w*‖² + σ²): the task's exact population RMSE. */
  rmseTest: number;
  /** Mean over test tasks of ‖w_t − w*‖². */
  dist2: number;
  rmseTrainRange: [number, number];
  rmseTestRange: [number, number];
  dist2Range: [number, number];
  /** Per test task ‖w_t − w*‖², in task order (for paired comparisons and error bars). */
  dist2PerTask: number[];
}

export interface TbtTbvResult {
  config: Required<Omit<TbtTbvOptions, 'onProgress' | 'workers'>>;
  grid: number[];
  tbt?: ObjectiveSummary;
  tbv?: ObjectiveSummary;
  test: { tbt?: TestSummary; tbv?: TestSummary };
  /** Milliseconds: per phase summed over tasks (CPU time in workers), and wall-clock. */
  timings: { sampling: number; krylov: number; grid: number; test: number; refine: number; trainWall: number; testWall: number; totalWall: number };
}

export function normaliseOptions(o: TbtTbvOptions): { cfg: TaskConfig; full: TbtTbvResult['config'] } {
  const n1 = o.n1 ?? Math.floor(o.n / 2);
  const n2 = o.n2 ?? o.n - n1;
  const cfg: TaskConfig = {
    d: o.d,
    n: o.n,
    n1,
    n2,
    sigma: o.sigma,
    t: o.t,
    seed: o.seed,
    inner: o.inner ?? 'gd',
    truncate: o.truncate ?? true,
    truncationFactor: o.truncationFactor ?? 40,
    tbt: o.tbt ?? true,
    tbv: o.tbv ?? true,
    stats: o.stats ?? true,
  };
  const full = { ...cfg, stats: cfg.stats ?? true, tasks: o.tasks, testTasks: o.testTasks, grid: o.grid, refine: o.refine ?? false };
  return { cfg, full };
}

function meanInOrder(rows: Float64Array[], G: number): number[] {
  const out: number[] = [];
  for (let g = 0; g < G; g++) {
    let s = 0;
    for (let k = 0; k < rows.length; k++) s += rows[k][g];
    out.push(s / rows.length);
  }
  return out;
}

function summarise(
  results: TrainTaskResult[],
  which: 'tbt' | 'tbv',
  grid: number[],
  refine: boolean,
  cfg: TaskConfig,
): ObjectiveSummary {
  const G = grid.length;
  const rows = results.map((r) => r[which]!);
  const pops = results.map((r) => r[which === 'tbt' ? 'tbtPop' : 'tbvPop']!);
  const tr = results.map((r) => r[which === 'tbt' ? 'truncatedTbT' : 'truncatedTbV']!);
  const meta = meanInOrder(rows, G);
  const metaPop = meanInOrder(pops, G);
  const truncated = grid.map((_, g) => tr.reduce((s, a) => s + a[g], 0) / tr.length);
  const i = argmin(meta);
  const s: ObjectiveSummary = { eta: i >= 0 ? grid[i] : NaN, gridIndex: i, gridEta: i >= 0 ? grid[i] : NaN, meta, metaPop, truncated };
  if (refine && cfg.inner === 'gd' && i >= 0) {
    const radius = radiusOf(cfg);
    const reduced = results.map((r) => r.reduced![which]!);
    const at = which === 'tbt' ? tbtAt : tbvAt;
    const f = (eta: number) => {
      let acc = 0;
      for (const r of reduced) acc += at(r, eta, cfg.t, radius).loss;
      return acc / reduced.length;
    };
    s.refined = refineMinimiser(f, grid, meta);
    s.eta = s.refined.eta;
  }
  return s;
}

function summariseTest(results: TestTaskResult[], which: 'tbt' | 'tbv', sigma: number): TestSummary {
  const rt = results.map((r) => Math.sqrt(r[which]!.mseTrain));
  const d2 = results.map((r) => r[which]!.dist2);
  const rs = d2.map((x) => Math.sqrt(x + sigma * sigma));
  const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
  const range = (a: number[]): [number, number] => [Math.min(...a), Math.max(...a)];
  return {
    rmseTrain: mean(rt),
    rmseTest: mean(rs),
    dist2: mean(d2),
    rmseTrainRange: range(rt),
    rmseTestRange: range(rs),
    dist2Range: range(d2),
    dist2PerTask: d2,
  };
}

function sumMs(rs: Array<{ ms: { sampling: number; krylov: number; grid: number } }>) {
  return rs.reduce(
    (a, r) => ({ sampling: a.sampling + r.ms.sampling, krylov: a.krylov + r.ms.krylov, grid: a.grid + r.ms.grid }),
    { sampling: 0, krylov: 0, grid: 0 },
  );
}

function assemble(
  full: TbtTbvResult['config'],
  cfg: TaskConfig,
  train: TrainTaskResult[],
  trainWall: number,
  summaries: { tbt?: ObjectiveSummary; tbv?: ObjectiveSummary; ms: number },
  tests: TestTaskResult[],
  testWall: number,
): TbtTbvResult {
  const { tbt, tbv, ms: refineMs } = summaries;
  const tr = sumMs(train);
  const te = sumMs(tests);
  return {
    config: full,
    grid: full.grid,
    tbt,
    tbv,
    test: {
      tbt: cfg.tbt && tests.length > 0 ? summariseTest(tests, 'tbt', cfg.sigma) : undefined,
      tbv: cfg.tbv && tests.length > 0 ? summariseTest(tests, 'tbv', cfg.sigma) : undefined,
    },
    timings: {
      sampling: tr.sampling,
      krylov: tr.krylov,
      grid: tr.grid,
      test: te.sampling + te.krylov + te.grid,
      refine: refineMs,
      trainWall,
      testWall,
      totalWall: trainWall + refineMs + testWall,
    },
  };
}

function validate(o: TbtTbvOptions, cfg: TaskConfig): void {
  const posInt = (name: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${v}`);
  };
  posInt('d', o.d, 1);
  posInt('t', o.t, 1);
  posInt('tasks', o.tasks, 1);
  posInt('testTasks', o.testTasks, 0);
  if (cfg.tbt) posInt('n', o.n, 1);
  if (cfg.tbv) {
    posInt('n1', cfg.n1, 1);
    posInt('n2', cfg.n2, 1);
  }
  if (!(o.sigma >= 0) || !Number.isFinite(o.sigma)) throw new RangeError(`sigma must be finite and ≥ 0, got ${o.sigma}`);
  if (o.grid.length === 0 || o.grid.some((e, i) => !(e >= 0) || !Number.isFinite(e) || (i > 0 && e < o.grid[i - 1]))) {
    throw new RangeError('grid must be a non-empty ascending list of finite step sizes ≥ 0');
  }
}

function summariseAll(train: TrainTaskResult[], full: TbtTbvResult['config'], cfg: TaskConfig) {
  const t0 = performance.now();
  const tbt = cfg.tbt ? summarise(train, 'tbt', full.grid, full.refine, cfg) : undefined;
  const tbv = cfg.tbv ? summarise(train, 'tbv', full.grid, full.refine, cfg) : undefined;
  return { tbt, tbv, ms: performance.now() - t0 };
}

/** In-process, synchronous (the claim checks use this). */
export function runTbtTbvSync(o: TbtTbvOptions): TbtTbvResult {
  const { cfg, full } = normaliseOptions(o);
  validate(o, cfg);
  const t0 = performance.now();
  const train: TrainTaskResult[] = [];
  for (let i = 0; i < o.tasks; i++) {
    train.push(evalTrainTask(cfg, o.grid, i, full.refine));
    o.onProgress?.('train', i + 1, o.tasks);
  }
  const trainWall = performance.now() - t0;
  const sums = summariseAll(train, full, cfg);
  const t1 = performance.now();
  const tests: TestTaskResult[] = [];
  for (let i = 0; i < o.testTasks; i++) {
    tests.push(evalTestTask(cfg, i, sums.tbt?.eta ?? NaN, sums.tbv?.eta ?? NaN));
    o.onProgress?.('test', i + 1, o.testTasks);
  }
  return assemble(full, cfg, train, trainWall, sums, tests, performance.now() - t1);
}

/** On `workers` worker threads (0: in-process); the result is the same for any number of workers. */
export async function runTbtTbv(o: TbtTbvOptions): Promise<TbtTbvResult> {
  const workers = o.workers ?? 0;
  if (workers === 0) return runTbtTbvSync(o);
  const { cfg, full } = normaliseOptions(o);
  validate(o, cfg);
  const pool = new TaskPool(workers);
  try {
    const t0 = performance.now();
    const train = await pool.run<TrainTaskResult>(
      { kind: 'train', cfg, grid: o.grid, from: 0, to: 0, keepReduced: full.refine },
      o.tasks,
      (d, n) => o.onProgress?.('train', d, n),
    );
    const trainWall = performance.now() - t0;
    // The test phase needs η* first (reduced in index order, so worker-count independent).
    const sums = summariseAll(train, full, cfg);
    const t1 = performance.now();
    const tests = await pool.run<TestTaskResult>(
      { kind: 'test', cfg, from: 0, to: 0, etaTbT: sums.tbt?.eta ?? NaN, etaTbV: sums.tbv?.eta ?? NaN },
      o.testTasks,
      (d, n) => o.onProgress?.('test', d, n),
    );
    return assemble(full, cfg, train, trainWall, sums, tests, performance.now() - t1);
  } finally {
    await pool.close();
  }
}
