import { Rng } from '../random/index.js';
import { dataDoc, gapStats, metaProblems, stepSizeGrid, testProblem, testRun, type MlpMetaSummary, type MnistResult, type SeedRun } from './experiment.js';
import { DEFAULT_SHAPE, metaTrainMlp, mlpUpdater, type MlpOptShape } from './mlpopt.js';
import type { Scale, SettingName } from './settings.js';
import { metaTrainStepSize } from './stepsize.js';
import { cachedSplit, makeProblem, sgd } from './train.js';
import { splitSizes } from './settings.js';

/**
 * The MLP learned optimizer's budget per scale (the paper's is far larger: 100 inner problems × 3
 * trajectories of 10 + Exp(30) segments of 50 + Exp(100) steps; we fix the segment count and
 * length instead of sampling them). Its test runs use the scale's T steps, like the step-size runs.
 */
export interface MlpBudget {
  shape: MlpOptShape;
  updates: number;
  segmentLength: number;
  segmentsPerTrajectory: number;
  lr: number;
}

export function mlpBudget(scale: Scale): MlpBudget {
  if (scale.name === 'paper') return { shape: DEFAULT_SHAPE, updates: 40, segmentLength: 20, segmentsPerTrajectory: 5, lr: 0.01 };
  if (scale.name === 'quick') return { shape: DEFAULT_SHAPE, updates: 60, segmentLength: 20, segmentsPerTrajectory: 5, lr: 0.01 };
  return { shape: DEFAULT_SHAPE, updates: 10, segmentLength: 10, segmentsPerTrajectory: 5, lr: 0.01 };
}

export function runMlpSeed(seed: number, setting: SettingName, scale: Scale, onProgress?: (phase: string, done: number, total: number) => void): SeedRun {
  const b = mlpBudget(scale);
  const split = cachedSplit(seed, splitSizes(scale, setting));
  const root = Rng.fromSeed(seed).split('mnist').split(setting).split('mlp');
  const problem = (j: number) => makeProblem(split, scale.sizes, root.split('meta-problem').split(j), scale.batch);
  const train = (objective: 'train' | 'validation') => {
    const r = metaTrainMlp({
      shape: b.shape,
      objective,
      updates: b.updates,
      segmentLength: b.segmentLength,
      segmentsPerTrajectory: b.segmentsPerTrajectory,
      lr: b.lr,
      problem,
      // the same θ initialisation and problems for TbT and TbV: only the meta-objective differs
      rng: root.split('theta-init'),
      onUpdate: (d, n) => onProgress?.(`seed ${seed}: meta-train MLP (${objective === 'train' ? 'TbT' : 'TbV'})`, d, n),
    });
    const last = r.curve.slice(-10).filter((p) => Number.isFinite(p.metaLoss));
    const summary: MlpMetaSummary = {
      curve: r.curve,
      updates: b.updates,
      innerSteps: r.innerSteps,
      hessianVectorProducts: r.hessianVectorProducts,
      seconds: r.seconds,
      skipped: r.skipped,
      segmentLength: b.segmentLength,
      segmentsPerTrajectory: b.segmentsPerTrajectory,
      hidden: b.shape.hidden,
    };
    return { theta: r.theta, summary, metaLoss: last.length ? last.reduce((s, p) => s + p.metaLoss, 0) / last.length : Infinity };
  };
  const tbt = train('train');
  const tbv = train('validation');
  // baseline: SGD with η tuned on the final validation loss over the step-size grid
  const meta = metaTrainStepSize(metaProblems(seed, setting, { ...scale, metaProblems: 1 }), scale.steps, stepSizeGrid(scale), (d, n) => onProgress?.(`seed ${seed}: tune SGD`, d, n));
  const pr = testProblem(seed, setting, scale);
  const n = pr.net.nParams;
  onProgress?.(`seed ${seed}: test runs`, 0, 1);
  const oT = testRun(pr, mlpUpdater(b.shape, tbt.theta, n), scale.steps);
  const oV = testRun(pr, mlpUpdater(b.shape, tbv.theta, n), scale.steps);
  const oS = testRun(pr, sgd(meta.etaSgd), scale.steps);
  onProgress?.(`seed ${seed}: test runs`, 1, 1);
  return {
    seed,
    tbt: { ...oT, metaLoss: tbt.metaLoss },
    tbv: { ...oV, metaLoss: tbv.metaLoss },
    sgd: { ...oS, eta: meta.etaSgd },
    meta,
    mlp: { tbt: tbt.summary, tbv: tbv.summary },
  };
}

export function runMnistMlp(setting: SettingName, seeds: number[], scale: Scale, onProgress?: (phase: string, done: number, total: number) => void): MnistResult {
  const started = performance.now();
  const runs = seeds.map((s) => runMlpSeed(s, setting, scale, onProgress));
  return { setting, optimizer: 'mlp', scale, data: dataDoc(setting, scale), runs, gap: gapStats(runs), seconds: (performance.now() - started) / 1000 };
}
