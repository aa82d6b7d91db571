import { metaProblems, testProblem, testRun } from './experiment.js';
import { metaTrainMlpFor, type MlpTrained } from './mlpExperiment.js';
import { mlpUpdater, type MlpOptShape } from './mlpopt.js';
import type { Scale, SettingName } from './settings.js';
import { evalEta, type EtaPoint } from './stepsize.js';
import { sgd, type Outcome } from './train.js';

/**
 * The independent pieces of wang2021 Section 5.2's experiments, as plain data that can cross to a
 * worker thread: every random thing inside is named by (seed, setting, scale) streams, so a job's
 * result depends on the job alone, never on the thread that ran it or on what ran before.
 *
 * - `eta`: SGD at one step size on the seed's meta-training problems (one point of the η grid:
 *   both meta-objectives and the final validation loss);
 * - `test`: one test run (SGD at η, or a meta-trained MLP optimizer) on the seed's test problem;
 * - `mlp-meta`: meta-training of the MLP optimizer by TbT or TbV for one seed.
 */
export type TestOptimizer = { kind: 'sgd'; eta: number } | { kind: 'mlp'; shape: MlpOptShape; theta: Float64Array };

export type MnistJob =
  | { kind: 'eta'; seed: number; setting: SettingName; scale: Scale; eta: number }
  | { kind: 'test'; seed: number; setting: SettingName; scale: Scale; opt: TestOptimizer }
  | { kind: 'mlp-meta'; seed: number; setting: SettingName; scale: Scale; objective: 'train' | 'validation' };

export type JobResult<J extends MnistJob> = J extends { kind: 'eta' } ? EtaPoint : J extends { kind: 'test' } ? Outcome : MlpTrained;

export function runJob(job: MnistJob): EtaPoint | Outcome | MlpTrained {
  switch (job.kind) {
    case 'eta':
      return evalEta(metaProblems(job.seed, job.setting, job.scale), job.eta, job.scale.steps);
    case 'test': {
      const pr = testProblem(job.seed, job.setting, job.scale);
      const opt = job.opt.kind === 'sgd' ? sgd(job.opt.eta) : mlpUpdater(job.opt.shape, job.opt.theta, pr.net.nParams);
      return testRun(pr, opt, job.scale.steps);
    }
    case 'mlp-meta':
      return metaTrainMlpFor(job.seed, job.setting, job.scale, job.objective);
  }
}

/** A short label for progress lines. */
export function jobLabel(job: MnistJob): string {
  const head = `${job.setting} seed ${job.seed}`;
  if (job.kind === 'eta') return `${head}: SGD at eta ${job.eta.toPrecision(3)} (meta-objectives)`;
  if (job.kind === 'test') return `${head}: test run (${job.opt.kind === 'sgd' ? `SGD at eta ${job.opt.eta.toPrecision(3)}` : 'MLP optimizer'})`;
  return `${head}: meta-train the MLP optimizer (${job.objective === 'train' ? 'TbT' : 'TbV'})`;
}

/**
 * Jobs that give the same result are run once per pool: an η point or an SGD test run is keyed by
 * its parameters (the report's MLP runs reuse the step-size runs' SGD grid and baseline test run).
 */
export function jobKey(job: MnistJob): string | null {
  if (job.kind === 'mlp-meta' || (job.kind === 'test' && job.opt.kind === 'mlp')) return null;
  return JSON.stringify(job);
}
