import type { TopLevelSpec } from 'vega-lite';
import { runMnistOn } from './run.js';
import { defaultMnistWorkers, withMnistPool, type PoolProgress } from './pool.js';
import type { MnistResult, OptimizerName } from './experiment.js';
import { mlpBudget } from './mlpExperiment.js';
import { SCALES, SETTING_NAMES, type Scale, type SettingName } from './settings.js';

/**
 * Data of wang2021 Section 5.2's figures (ICLR Figures 5–7: training and test accuracy per
 * optimizer and setting; the MLP optimizer's meta-training) for the report: plain rows plus
 * vega-lite specs, no HTML (the report renders them). `quick` is the reduced run the report's
 * quick scale can afford; `paper` the paper's network and sample sizes.
 */
export interface MnistFigureScaleConfig {
  /** the scale of the step-size runs */
  scale: Scale['name'];
  seeds: number[];
  stepSize: SettingName[];
  /** the scale of the MLP optimizer's runs (network, data, steps and meta-training budget: mlpBudget) */
  mlpScale: Scale['name'];
  /** meta-updates of the MLP optimizer, when fewer than the scale's default (the time budget) */
  mlpUpdates?: number;
  mlpSeeds: number[];
  mlp: SettingName[];
}

export const MNIST_FIGURE_SCALES: Record<'quick' | 'paper', MnistFigureScaleConfig> = {
  /**
   * reduced: 196-32-16-10 on 14×14 digits, 400 steps; the step-size optimizer on every setting with
   * two seeds, the MLP optimizer on noisy-1000 with one seed and its quick budget (60 meta-updates)
   */
  quick: { scale: 'quick', seeds: [1, 2], stepSize: [...SETTING_NAMES], mlpScale: 'quick', mlpSeeds: [1], mlp: ['noisy-1000'] },
  /**
   * The report's paper scale, chosen by measurement for a budget of about 90 s of wall time on two
   * cores (issue 10: the whole report in under 6 minutes), docs-notes/mnistfast.md:
   * - the step-size optimizer exactly as `l2l-verify mnist` runs it by default: the paper's
   *   784-100-20-10 network and sample sizes, T = 1000 steps, the 10-point η grid and its refinement,
   *   on all three settings with three seeds (the least the claims ask for; about 13 s of CPU a seed);
   * - the MLP optimizer on the reduced network of the quick scale (196-32-16-10, 14×14 digits, 500
   *   training + 500 validation digits, T = 400), noisy-1000 only (the setting where the paper's
   *   TbV-over-TbT claim is strongest), three seeds, 30 meta-updates of 20 unrolled steps per
   *   meta-objective: on the paper network one inner step of the MLP optimizer costs 12× more
   *   (80,730 parameters against 7,002, each an MLP pass forward and one backward), so the paper's
   *   network would take about 14 minutes of CPU a seed.
   */
  paper: { scale: 'paper', seeds: [1, 2, 3], stepSize: [...SETTING_NAMES], mlpScale: 'quick', mlpUpdates: 30, mlpSeeds: [1, 2, 3], mlp: ['noisy-1000'] },
};
export type MnistFigureScale = keyof typeof MNIST_FIGURE_SCALES;

export interface AccuracyRow {
  setting: SettingName;
  optimizer: OptimizerName;
  method: 'TbT' | 'TbV' | 'SGD';
  /** accuracy on the training set's (possibly noisy) labels, or on the clean test digits */
  on: 'train' | 'test';
  mean: number;
  se: number;
  lo: number;
  hi: number;
  seeds: number;
}

function meanSe(xs: number[]): { mean: number; se: number } {
  const k = xs.length;
  const mean = xs.reduce((a, x) => a + x, 0) / k;
  const se = k > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (k - 1) / k) : 0;
  return { mean, se };
}

/** Figure 5–7 style bars: mean ± s.e. over seeds of training and test accuracy, per method. */
export function accuracyRows(results: MnistResult[]): AccuracyRow[] {
  const rows: AccuracyRow[] = [];
  for (const r of results) {
    for (const method of ['TbT', 'TbV', 'SGD'] as const) {
      const side = (s: MnistResult['runs'][number]) => (method === 'TbT' ? s.tbt : method === 'TbV' ? s.tbv : s.sgd);
      for (const on of ['train', 'test'] as const) {
        const { mean, se } = meanSe(r.runs.map((s) => (on === 'train' ? side(s).trainAcc : side(s).testAcc)));
        rows.push({ setting: r.setting, optimizer: r.optimizer, method, on, mean, se, lo: mean - se, hi: mean + se, seeds: r.runs.length });
      }
    }
  }
  return rows;
}

export function accuracySpec(rows: AccuracyRow[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: rows as unknown as Array<Record<string, unknown>> },
    facet: { row: { field: 'optimizer', type: 'nominal', title: 'learned optimizer' }, column: { field: 'setting', type: 'nominal', title: 'setting' } },
    spec: {
      width: 180,
      height: 160,
      layer: [
        {
          mark: 'bar',
          encoding: {
            x: { field: 'on', type: 'nominal', title: null },
            xOffset: { field: 'method', type: 'nominal' },
            y: { field: 'mean', type: 'quantitative', title: 'accuracy (mean over seeds)', scale: { domain: [0, 1] } },
            color: { field: 'method', type: 'nominal', title: 'method' },
          },
        },
        {
          mark: { type: 'rule' },
          encoding: {
            x: { field: 'on', type: 'nominal' },
            xOffset: { field: 'method', type: 'nominal' },
            y: { field: 'lo', type: 'quantitative' },
            y2: { field: 'hi' },
          },
        },
      ],
    },
  } as TopLevelSpec;
}

export interface MetaCurveRow {
  setting: SettingName;
  seed: number;
  method: 'TbT' | 'TbV';
  update: number;
  innerSteps: number;
  seconds: number;
  metaLoss: number | null;
}

export interface MlpCompute {
  setting: SettingName;
  seed: number;
  method: 'TbT' | 'TbV';
  metaUpdates: number;
  innerSteps: number;
  hessianVectorProducts: number;
  seconds: number;
  skippedUpdates: number;
  segmentLength: number;
  segmentsPerTrajectory: number;
  hidden: number;
}

/** The MLP optimizer's meta-training curves (segment meta-loss per meta-update) and their compute. */
export function metaCurve(results: MnistResult[]): { rows: MetaCurveRow[]; compute: MlpCompute[] } {
  const rows: MetaCurveRow[] = [];
  const compute: MlpCompute[] = [];
  for (const r of results) {
    for (const s of r.runs) {
      if (!s.mlp) continue;
      for (const method of ['TbT', 'TbV'] as const) {
        const m = method === 'TbT' ? s.mlp.tbt : s.mlp.tbv;
        for (const p of m.curve) rows.push({ setting: r.setting, seed: s.seed, method, update: p.update, innerSteps: p.innerSteps, seconds: p.seconds, metaLoss: Number.isFinite(p.metaLoss) ? p.metaLoss : null });
        compute.push({
          setting: r.setting,
          seed: s.seed,
          method,
          metaUpdates: m.updates,
          innerSteps: m.innerSteps,
          hessianVectorProducts: m.hessianVectorProducts,
          seconds: m.seconds,
          skippedUpdates: m.skipped,
          segmentLength: m.segmentLength,
          segmentsPerTrajectory: m.segmentsPerTrajectory,
          hidden: m.hidden,
        });
      }
    }
  }
  return { rows, compute };
}

export function metaCurveSpec(rows: MetaCurveRow[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 520,
    height: 280,
    data: { values: rows as unknown as Array<Record<string, unknown>> },
    transform: [{ calculate: "datum.method + ' ' + datum.setting + ' seed ' + datum.seed", as: 'series' }],
    mark: { type: 'line', clip: true },
    encoding: {
      x: { field: 'update', type: 'quantitative', title: 'meta-update (one per unrolled segment)' },
      y: { field: 'metaLoss', type: 'quantitative', title: 'segment meta-loss (mean inner loss)', scale: { zero: false } },
      color: { field: 'method', type: 'nominal', title: 'meta-objective' },
      detail: { field: 'series', type: 'nominal' },
    },
  } as TopLevelSpec;
}

/** What one optimizer's runs in the figure were: network, data, steps, seeds, and the MLP's meta-training. */
export interface MnistRunConfig {
  optimizer: OptimizerName;
  settings: SettingName[];
  network: string;
  pooled: boolean;
  steps: number;
  /** the step-size grid: LO, HI, COUNT (log-spaced) */
  grid: [number, number, number];
  seeds: number[];
  data: Record<string, { train: number; validation: number; test: number; labelNoise: number }>;
  /** the MLP optimizer's meta-training per meta-objective and seed */
  metaTraining?: { updates: number; segmentLength: number; segmentsPerTrajectory: number; hidden: number; lr: number };
}

export interface MnistFigureData {
  figure: 'wang2021.sec52.mnist';
  scale: MnistFigureScale;
  /** the step-size runs' network, steps and seeds (the first result's) */
  network: string;
  steps: number;
  seeds: number[];
  /** each optimizer's configuration (they may differ: the MLP optimizer runs reduced at paper scale) */
  configs: MnistRunConfig[];
  results: MnistResult[];
  accuracy: { rows: AccuracyRow[]; spec: TopLevelSpec };
  metaTraining: { rows: MetaCurveRow[]; compute: MlpCompute[]; spec: TopLevelSpec };
  /** what the paper reports, beside our numbers */
  paper: Record<string, string>;
  seconds: number;
}

export const PAPER_SAYS = {
  'clean-1000': 'Figure 5: training accuracy close to 1 for all; TbT1000 and TbT2000 overfit, TbV1000+1000 tests better',
  'noisy-1000': 'Figure 6: SGD and TbT fit the noisy labels (training accuracy close to 1) and test low; TbV tests much better',
  large: 'Figure 7: TbT and TbV perform similarly (both slightly below tuned SGD)',
};

/**
 * Run the figure's experiments at a scale and return its data (the integrator renders it). Every
 * setting and seed runs on one worker pool, so both cores stay busy to the end.
 */
export async function mnistFigureData(
  scaleName: MnistFigureScale,
  o: { seeds?: number[]; mlpSeeds?: number[]; workers?: number; onProgress?: PoolProgress } = {},
): Promise<MnistFigureData> {
  const f = MNIST_FIGURE_SCALES[scaleName];
  const scale = SCALES[f.scale];
  const mlpScale: Scale = f.mlpUpdates === undefined ? SCALES[f.mlpScale] : { ...SCALES[f.mlpScale], mlpUpdates: f.mlpUpdates };
  const seeds = o.seeds ?? f.seeds;
  const mlpSeeds = o.mlpSeeds ?? f.mlpSeeds;
  const started = performance.now();
  const results = await withMnistPool(o.workers ?? defaultMnistWorkers(), o.onProgress, (pool) =>
    Promise.all([
      ...f.stepSize.map((setting) => runMnistOn(pool, setting, 'step-size', seeds, scale)),
      ...f.mlp.map((setting) => runMnistOn(pool, setting, 'mlp', mlpSeeds, mlpScale)),
    ]),
  );
  return mnistFigureFrom(scaleName, results, (performance.now() - started) / 1000);
}

function runConfigs(results: MnistResult[]): MnistRunConfig[] {
  const out: MnistRunConfig[] = [];
  for (const optimizer of ['step-size', 'mlp'] as const) {
    const rs = results.filter((r) => r.optimizer === optimizer);
    if (rs.length === 0) continue;
    const sc = rs[0].scale;
    const b = mlpBudget(sc);
    out.push({
      optimizer,
      settings: rs.map((r) => r.setting),
      network: sc.sizes.join('-'),
      pooled: sc.pooled,
      steps: sc.steps,
      grid: sc.grid,
      seeds: rs[0].runs.map((r) => r.seed),
      data: Object.fromEntries(rs.map((r) => [r.setting, { train: r.data.train, validation: r.data.validation, test: r.data.test, labelNoise: r.data.labelNoise }])),
      ...(optimizer === 'mlp' ? { metaTraining: { updates: b.updates, segmentLength: b.segmentLength, segmentsPerTrajectory: b.segmentsPerTrajectory, hidden: b.shape.hidden, lr: b.lr } } : {}),
    });
  }
  return out;
}

/** One sentence per optimizer: which network, data, steps, seeds and (MLP) meta-training the figure ran. */
export function describeConfigs(configs: MnistRunConfig[]): string {
  return configs
    .map((c) => {
      const data = Object.entries(c.data)
        .map(([k, d]) => `${k} ${d.train} train + ${d.validation} validation, ${d.test} test`)
        .join('; ');
      const meta = c.metaTraining
        ? `, meta-trained by truncated backpropagation with RMSProp (lr ${c.metaTraining.lr}): ${c.metaTraining.updates} meta-updates of ${c.metaTraining.segmentLength} unrolled steps (${c.metaTraining.segmentsPerTrajectory} segments per trajectory, MLP width ${c.metaTraining.hidden}) per meta-objective and seed`
        : `, η from the ${c.grid[2]}-point log grid on [${c.grid[0]}, ${c.grid[1]}] and one parabolic refinement per meta-objective`;
      return `${c.optimizer} optimizer: network ${c.network}${c.pooled ? ' on 14×14 pooled digits' : ' on 28×28 digits'}, T = ${c.steps} SGD steps of 32, seeds ${c.seeds.join(', ')} (${data})${meta}`;
    })
    .join('. ');
}

/** The figure's data from results already run (their network, steps and seeds are read off the first). */
export function mnistFigureFrom(scaleName: MnistFigureScale, results: MnistResult[], seconds: number): MnistFigureData {
  const acc = accuracyRows(results);
  const mc = metaCurve(results);
  return {
    figure: 'wang2021.sec52.mnist',
    scale: scaleName,
    network: results[0]?.scale.sizes.join('-') ?? '',
    steps: results[0]?.scale.steps ?? 0,
    seeds: results[0]?.runs.map((r) => r.seed) ?? [],
    configs: runConfigs(results),
    results,
    accuracy: { rows: acc, spec: accuracySpec(acc) },
    metaTraining: { ...mc, spec: metaCurveSpec(mc.rows) },
    paper: PAPER_SAYS,
    seconds,
  };
}
