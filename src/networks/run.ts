import { runMnistStepSize, type MnistResult, type OptimizerName } from './experiment.js';
import { runMnistMlp } from './mlpExperiment.js';
import { SCALES, type Scale, type SettingName } from './settings.js';

/** `l2l-verify mnist`: one setting, one learned optimizer, TbT / TbV / tuned SGD per seed. */
export function runMnist(setting: SettingName, optimizer: OptimizerName, seeds: number[], scale: Scale = SCALES.paper, onProgress?: (phase: string, done: number, total: number) => void): MnistResult {
  return optimizer === 'mlp' ? runMnistMlp(setting, seeds, scale, onProgress) : runMnistStepSize(setting, seeds, scale, onProgress);
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
