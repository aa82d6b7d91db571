import { Rng } from '../random/index.js';
import { MNIST_SOURCE } from './data.js';
import { splitSizes, type Scale, type SettingName } from './settings.js';
import { logGrid, type StepSizeMeta } from './stepsize.js';
import { cachedSplit, makeProblem, outcome, sgd, trajectory, type Outcome, type Problem, type Updater } from './train.js';

/**
 * wang2021 Section 5.2, one setting: meta-train a learned optimizer by train-by-train and by
 * train-by-validation, then run each (and the tuned-SGD baseline) on a test problem and measure
 * training and test accuracy.
 *
 * Streams: the data split of a seed is `splitDigits(seed)`; the meta-training problems of that seed
 * use `seed / 'meta' / k` for initialisation and batch order, the test run `seed / 'test'`, so the
 * three optimizers' test runs share initialisation, batches and data (paired).
 */
export type OptimizerName = 'step-size' | 'mlp';

export interface RunSide extends Outcome {
  metaLoss: number;
  eta?: number;
}

export interface SeedRun {
  seed: number;
  tbt: RunSide;
  tbv: RunSide;
  sgd: Outcome & { eta: number };
  /** the step-size meta-training record (the η grid and both meta-objectives); for the MLP optimizer, the SGD baseline's grid */
  meta: StepSizeMeta;
  /** the MLP optimizer's meta-training (TbT and TbV): curve and compute */
  mlp?: { tbt: MlpMetaSummary; tbv: MlpMetaSummary };
}

/** Meta-training of one MLP optimizer: its curve and what it cost. */
export interface MlpMetaSummary {
  curve: Array<{ update: number; innerSteps: number; seconds: number; metaLoss: number }>;
  updates: number;
  innerSteps: number;
  hessianVectorProducts: number;
  seconds: number;
  skipped: number;
  segmentLength: number;
  segmentsPerTrajectory: number;
  hidden: number;
}

export function metaProblems(seed: number, setting: SettingName, scale: Scale): Problem[] {
  const split = cachedSplit(seed, splitSizes(scale, setting));
  const root = Rng.fromSeed(seed).split('mnist').split(setting);
  return Array.from({ length: scale.metaProblems }, (_, k) => makeProblem(split, scale.sizes, root.split('meta').split(k), scale.batch));
}

export function testProblem(seed: number, setting: SettingName, scale: Scale): Problem {
  const split = cachedSplit(seed, splitSizes(scale, setting));
  return makeProblem(split, scale.sizes, Rng.fromSeed(seed).split('mnist').split(setting).split('test'), scale.batch);
}

/** Run `opt` for the scale's T steps on the problem and measure it. */
export function testRun(pr: Problem, opt: Updater, T: number): Outcome {
  const tr = trajectory(pr, opt, T, false);
  return outcome(pr, tr.params);
}

export function stepSizeGrid(scale: Scale): number[] {
  return logGrid(scale.grid[0], scale.grid[1], scale.grid[2]);
}

/** Test runs of given step sizes on the seed's test problem; equal η run once (same problem, same result). */
export function testStepSizes(seed: number, setting: SettingName, scale: Scale, etas: number[]): Outcome[] {
  const pr = testProblem(seed, setting, scale);
  const memo = new Map<number, Outcome>();
  return etas.map((eta) => {
    let o = memo.get(eta);
    if (!o) {
      o = testRun(pr, sgd(eta), scale.steps);
      memo.set(eta, o);
    }
    return o;
  });
}

export interface MnistResult {
  setting: SettingName;
  optimizer: OptimizerName;
  scale: Scale;
  data: { source: string; train: number; validation: number; test: number; labelNoise: number };
  runs: SeedRun[];
  gap: { mean: number; se: number };
  seconds: number;
}

/** Mean and standard error of the paired test-accuracy gap TbV − TbT over the seeds. */
export function gapStats(runs: Array<{ tbt: { testAcc: number }; tbv: { testAcc: number } }>): { mean: number; se: number } {
  const d = runs.map((r) => r.tbv.testAcc - r.tbt.testAcc);
  const k = d.length;
  const mean = d.reduce((s, x) => s + x, 0) / k;
  const v = k > 1 ? d.reduce((s, x) => s + (x - mean) ** 2, 0) / (k - 1) : NaN;
  return { mean, se: Math.sqrt(v / k) };
}

export function dataDoc(setting: SettingName, scale: Scale) {
  const s = scale.data[setting];
  return { source: MNIST_SOURCE + (scale.pooled ? ', pooled to 14x14' : ''), train: s.train, validation: s.validation, test: s.test, labelNoise: s.labelNoise };
}
