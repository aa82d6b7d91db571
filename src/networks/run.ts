import { dataDoc, gapStats, stepSizeGrid, type MnistResult, type OptimizerName, type SeedRun } from './experiment.js';
import { mlpBudget, mlpSeedRun } from './mlpExperiment.js';
import { defaultMnistWorkers, withMnistPool, type MnistPool, type PoolProgress } from './pool.js';
import { SCALES, type Scale, type SettingName } from './settings.js';
import { metaTrainStepSizeWith, summariseStepSize } from './stepsize.js';

/**
 * `l2l-verify mnist` and the report: one setting, one learned optimizer, TbT / TbV / tuned SGD per
 * seed, with the independent pieces (η grid points, MLP meta-training by TbT and by TbV, test runs)
 * on a worker pool (src/networks/pool.ts). The results do not depend on the number of workers.
 */
export interface RunOptions {
  /** worker threads (default: every core, at most 8; <= 1 runs in-process) */
  workers?: number;
  /** an open pool to share (the report runs every setting on one pool); `workers` is then ignored */
  pool?: MnistPool;
  onProgress?: PoolProgress;
}

/** The step-size optimizer on one seed: the η grid and its refinement, then the three test runs. */
export async function stepSizeSeed(pool: MnistPool, seed: number, setting: SettingName, scale: Scale): Promise<SeedRun> {
  const meta = await metaTrainStepSizeWith((eta) => pool.run({ kind: 'eta', seed, setting, scale, eta }), stepSizeGrid(scale));
  // equal step sizes are run once (same problem, same result: the pool's memo)
  const [tbt, tbv, base] = await Promise.all([meta.etaTbT, meta.etaTbV, meta.etaSgd].map((eta) => pool.run({ kind: 'test', seed, setting, scale, opt: { kind: 'sgd', eta } })));
  return {
    seed,
    tbt: { ...tbt, metaLoss: meta.metaLossTbT, eta: meta.etaTbT },
    tbv: { ...tbv, metaLoss: meta.metaLossTbV, eta: meta.etaTbV },
    sgd: { ...base, eta: meta.etaSgd },
    meta,
  };
}

/**
 * The MLP optimizer on one seed: TbT and TbV meta-training and the SGD baseline's grid (tuned on the
 * final validation loss over the grid only, the paper's grid search) at once, then the test runs.
 */
export async function mlpSeed(pool: MnistPool, seed: number, setting: SettingName, scale: Scale): Promise<SeedRun> {
  const started = performance.now();
  const b = mlpBudget(scale);
  const one = { ...scale, metaProblems: 1 };
  const grid = stepSizeGrid(scale);
  const [tbt, tbv, g] = await Promise.all([
    pool.run({ kind: 'mlp-meta', seed, setting, scale, objective: 'train' }),
    pool.run({ kind: 'mlp-meta', seed, setting, scale, objective: 'validation' }),
    Promise.all(grid.map((eta) => pool.run({ kind: 'eta', seed, setting, scale: one, eta }))),
  ]);
  const meta = summariseStepSize(
    g.map((x) => x.point),
    grid,
    g.reduce((s, x) => s + x.steps, 0),
    (performance.now() - started) / 1000,
  );
  const [oT, oV, oS] = await Promise.all([
    pool.run({ kind: 'test', seed, setting, scale, opt: { kind: 'mlp', shape: b.shape, theta: tbt.theta } }),
    pool.run({ kind: 'test', seed, setting, scale, opt: { kind: 'mlp', shape: b.shape, theta: tbv.theta } }),
    pool.run({ kind: 'test', seed, setting, scale, opt: { kind: 'sgd', eta: meta.etaSgd } }),
  ]);
  return mlpSeedRun(seed, tbt, tbv, meta, oT, oV, oS);
}

/** One setting and optimizer over the seeds, on `pool`. */
export async function runMnistOn(pool: MnistPool, setting: SettingName, optimizer: OptimizerName, seeds: number[], scale: Scale): Promise<MnistResult> {
  const started = performance.now();
  const runs = await Promise.all(seeds.map((s) => (optimizer === 'mlp' ? mlpSeed(pool, s, setting, scale) : stepSizeSeed(pool, s, setting, scale))));
  return { setting, optimizer, scale, data: dataDoc(setting, scale), runs, gap: gapStats(runs), seconds: (performance.now() - started) / 1000 };
}

export async function runMnist(setting: SettingName, optimizer: OptimizerName, seeds: number[], scale: Scale = SCALES.paper, o: RunOptions = {}): Promise<MnistResult> {
  if (o.pool) return runMnistOn(o.pool, setting, optimizer, seeds, scale);
  return withMnistPool(o.workers ?? defaultMnistWorkers(), o.onProgress, (pool) => runMnistOn(pool, setting, optimizer, seeds, scale));
}

/** CLI.md's `mnist` document, exactly its keys. */
export function mnistDocument(r: MnistResult) {
  const side = (s: { trainAcc: number; testAcc: number; metaLoss: number }) => ({ trainAcc: s.trainAcc, testAcc: s.testAcc, metaLoss: s.metaLoss });
  return {
    setting: r.setting,
    optimizer: r.optimizer,
    data: r.data,
    runs: r.runs.map((s) => ({ seed: s.seed, tbt: side(s.tbt), tbv: side(s.tbv), sgd: { trainAcc: s.sgd.trainAcc, testAcc: s.sgd.testAcc, eta: s.sgd.eta } })),
    gap: r.gap,
  };
}
