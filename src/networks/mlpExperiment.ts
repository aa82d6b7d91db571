import { Rng } from '../random/index.js';
import { dataDoc, gapStats, metaProblems, stepSizeGrid, testProblem, testRun, type MlpMetaSummary, type MnistResult, type SeedRun } from './experiment.js';
import { DEFAULT_SHAPE, metaTrainMlp, mlpUpdater, type MlpOptShape } from './mlpopt.js';
import type { Scale, SettingName } from './settings.js';
import { metaTrainStepSize, type StepSizeMeta } from './stepsize.js';
import { cachedSplit, makeProblem, sgd, type Outcome } from './train.js';
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
  const b =
    scale.name === 'paper'
      ? { shape: DEFAULT_SHAPE, updates: 40, segmentLength: 20, segmentsPerTrajectory: 5, lr: 0.01 }
      : scale.name === 'quick'
        ? { shape: DEFAULT_SHAPE, updates: 60, segmentLength: 20, segmentsPerTrajectory: 5, lr: 0.01 }
        : { shape: DEFAULT_SHAPE, updates: 10, segmentLength: 10, segmentsPerTrajectory: 5, lr: 0.01 };
  return scale.mlpUpdates === undefined ? b : { ...b, updates: scale.mlpUpdates };
}

/** A meta-trained MLP optimizer: its parameters θ, the record of its meta-training, its final meta-loss. */
export interface MlpTrained {
  theta: Float64Array;
  summary: MlpMetaSummary;
  /** mean segment meta-loss over the last 10 meta-updates (finite ones) */
  metaLoss: number;
}

/**
 * Meta-train the MLP optimizer of one seed by TbT (objective 'train') or TbV ('validation'): the same
 * θ initialisation and inner problems for both, only the meta-objective differs.
 */
export function metaTrainMlpFor(seed: number, setting: SettingName, scale: Scale, objective: 'train' | 'validation', onUpdate?: (done: number, total: number) => void): MlpTrained {
  const b = mlpBudget(scale);
  const split = cachedSplit(seed, splitSizes(scale, setting));
  const root = Rng.fromSeed(seed).split('mnist').split(setting).split('mlp');
  const problem = (j: number) => makeProblem(split, scale.sizes, root.split('meta-problem').split(j), scale.batch);
  const r = metaTrainMlp({
    shape: b.shape,
    objective,
    updates: b.updates,
    segmentLength: b.segmentLength,
    segmentsPerTrajectory: b.segmentsPerTrajectory,
    lr: b.lr,
    problem,
    rng: root.split('theta-init'),
    onUpdate,
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
}

/** The SeedRun of the MLP optimizer from its parts (shared by the in-process and the pooled paths). */
export function mlpSeedRun(seed: number, tbt: MlpTrained, tbv: MlpTrained, meta: StepSizeMeta, oT: Outcome, oV: Outcome, oS: Outcome): SeedRun {
  return {
    seed,
    tbt: { ...oT, metaLoss: tbt.metaLoss },
    tbv: { ...oV, metaLoss: tbv.metaLoss },
    sgd: { ...oS, eta: meta.etaSgd },
    meta,
    mlp: { tbt: tbt.summary, tbv: tbv.summary },
  };
}
