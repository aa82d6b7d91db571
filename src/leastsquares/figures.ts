import { runTbtTbv, type TbtTbvResult, type TestSummary } from './experiment.js';
import { logGrid } from './grid.js';

/**
 * Data of wang2021's TbT/TbV figures (ICML Figures 2 and 3, ICLR Figures 3 and 4): train and
 * test RMSE of both minimisers, with their range over the test tasks. `paper` is the paper's
 * scale (appendix F: d = 1000, t = 40, 300 training tasks, 10 test tasks, 25-point log grid on
 * [1e−6, 1]). The paper's text does not list the σ values or sample sizes on the figures' axes;
 * the lists below are ours (σ ≥ 1 as Section 4 assumes; n up to 10000 as Figure 4's axis).
 * `smoke` only exists so the suite can draw every chart of the report quickly.
 */
export const FIGURE_SCALES = {
  paper: { d: 1000, t: 40, tasks: 300, testTasks: 10, grid: [1e-6, 1, 25] as const, n: 500, sigmas: [1, 2, 3, 4], ns: [500, 1000, 2000, 4000, 6000, 8000, 10000] },
  quick: { d: 100, t: 40, tasks: 60, testTasks: 10, grid: [1e-6, 1, 25] as const, n: 50, sigmas: [1, 2, 3, 4], ns: [50, 100, 200, 400, 1000] },
  smoke: { d: 20, t: 20, tasks: 10, testTasks: 4, grid: [1e-6, 1, 13] as const, n: 10, sigmas: [1, 3], ns: [10, 40, 100] },
};
export type FigureScale = keyof typeof FIGURE_SCALES;
export type FigureKind = 'sigma' | 'n';

const num = (x: number): number | string => (Number.isFinite(x) ? x : String(x));

function testDoc(s: TestSummary) {
  return {
    rmseTrain: num(s.rmseTrain),
    rmseTrainRange: s.rmseTrainRange.map(num),
    rmseTest: num(s.rmseTest),
    rmseTestRange: s.rmseTestRange.map(num),
    dist2: num(s.dist2),
  };
}

export interface FigurePoint {
  sigma: number;
  n: number;
  etaTbT: number | string;
  etaTbV: number | string;
  tbt: ReturnType<typeof testDoc>;
  tbv: ReturnType<typeof testDoc>;
}

function point(r: TbtTbvResult): FigurePoint {
  return { sigma: r.config.sigma, n: r.config.n, etaTbT: num(r.tbt!.eta), etaTbV: num(r.tbv!.eta), tbt: testDoc(r.test.tbt!), tbv: testDoc(r.test.tbv!) };
}

export interface FigureOptions {
  seed: number;
  workers: number;
  /** Override the scale's σ list (kind 'sigma') or n list (kind 'n'). */
  sigmas?: number[];
  ns?: number[];
  onProgress?: (label: string, done: number, total: number) => void;
  /** Checked between points: stop early and return what is done (marked incomplete). */
  shouldStop?: () => boolean;
  /** Called after every finished point (the CLI writes its partial document from here). */
  onPoint?: (points: FigurePoint[]) => void;
}

export interface FigureData {
  figure: 'wang2021.fig-rmse-vs-sigma' | 'wang2021.fig-rmse-vs-n';
  scale: FigureScale;
  complete: boolean;
  config: { d: number; t: number; tasks: number; testTasks: number; grid: readonly [number, number, number]; seed: number; split: string };
  definitions: Record<string, string>;
  seconds: number;
  points: FigurePoint[];
}

export async function figureData(kind: FigureKind, scaleName: FigureScale, o: FigureOptions): Promise<FigureData> {
  const scale = FIGURE_SCALES[scaleName];
  const sigmas = kind === 'sigma' ? (o.sigmas ?? scale.sigmas) : [1];
  const ns = kind === 'n' ? (o.ns ?? scale.ns) : [scale.n];
  const grid = logGrid(scale.grid[0], scale.grid[1], scale.grid[2]);
  const started = performance.now();
  const points: FigurePoint[] = [];
  let complete = true;
  outer: for (const sigma of sigmas) {
    for (const n of ns) {
      if (o.shouldStop?.()) {
        complete = false;
        break outer;
      }
      const r = await runTbtTbv({
        d: scale.d,
        n,
        sigma,
        t: scale.t,
        tasks: scale.tasks,
        testTasks: scale.testTasks,
        grid,
        seed: o.seed,
        workers: o.workers,
        onProgress: (p, d, m) => o.onProgress?.(`${kind === 'sigma' ? `sigma=${sigma}` : `n=${n}`} ${p}`, d, m),
      });
      points.push(point(r));
      o.onPoint?.(points);
    }
  }
  return {
    figure: kind === 'sigma' ? 'wang2021.fig-rmse-vs-sigma' : 'wang2021.fig-rmse-vs-n',
    scale: scaleName,
    complete,
    config: { d: scale.d, t: scale.t, tasks: scale.tasks, testTasks: scale.testTasks, grid: scale.grid, seed: o.seed, split: 'TbV uses n/2 + n/2' },
    definitions: {
      rmseTrain: "mean over test tasks of sqrt((1/n_train) sum (y_i - <w_t, x_i>)^2) on the task's own training set (n for TbT, n/2 for TbV)",
      rmseTest: 'mean over test tasks of sqrt(||w_t - w*||^2 + sigma^2), the exact population RMSE of the task',
      range: '[min, max] over the test tasks',
    },
    seconds: (performance.now() - started) / 1000,
    points,
  };
}
