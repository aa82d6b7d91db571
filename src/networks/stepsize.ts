import { evaluate } from './net.js';
import { evalWorkspace, sgd, trajectory, type Problem } from './train.js';

/**
 * The step-size learned optimizer (the theory's own setting, wang2021 Eqns 3–4 with the network as
 * the inner problem): η minimising the meta-objective, the mean training (TbT) or validation (TbV)
 * mini-batch loss over a T-step SGD trajectory averaged over the meta-training problems. Minimised
 * over a log grid (as appendix F does for least squares: "we do not need to actually do the
 * meta-training"), then refined by one parabolic step in log η through each objective's grid
 * minimiser and its two neighbours (the vertex is evaluated, and kept only if it is better).
 *
 * The same trajectories give the baseline: plain SGD with η tuned by grid search against the final
 * validation loss (Section 5.2: "SGD as a baseline with step size tuned by grid search against
 * validation loss").
 */
export interface StepSizeMeta {
  /** every η evaluated, ascending (grid and refinement points) */
  etas: number[];
  metaTbT: number[];
  metaTbV: number[];
  /** validation loss at the end of the trajectory (full validation set), for the SGD baseline */
  finalVal: number[];
  etaTbT: number;
  etaTbV: number;
  etaSgd: number;
  metaLossTbT: number;
  metaLossTbV: number;
  /** inner SGD steps spent (all problems, all η) and wall time */
  innerSteps: number;
  seconds: number;
}

export { logGrid } from '../leastsquares/grid.js';

export interface Point {
  eta: number;
  tbt: number;
  tbv: number;
  finalVal: number;
}

export interface EtaPoint {
  point: Point;
  steps: number;
}

/** The meta-objectives (and the final validation loss) of SGD at η, averaged over the problems. */
export function evalEta(problems: Problem[], eta: number, T: number): EtaPoint {
  let tbt = 0;
  let tbv = 0;
  let fin = 0;
  let steps = 0;
  for (const pr of problems) {
    const tr = trajectory(pr, sgd(eta), T, true);
    steps += tr.steps;
    tbt += tr.meanTrainLoss / problems.length;
    tbv += tr.meanValLoss / problems.length;
    fin += tr.diverged ? Infinity : evaluate(pr.net, evalWorkspace(pr.net), tr.params, pr.split.validation).loss / problems.length;
  }
  return { point: { eta, tbt, tbv, finalVal: Number.isFinite(fin) ? fin : Infinity }, steps };
}

/** Vertex of the parabola through (x_i, y_i), i = 0..2, or NaN when it is not a minimum inside. */
function parabolaVertex(x: number[], y: number[]): number {
  const [x0, x1, x2] = x;
  const [y0, y1, y2] = y;
  const d = (x0 - x1) * (x0 - x2) * (x1 - x2);
  const a = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / d;
  const b = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) + x0 * x0 * (y1 - y2)) / d;
  if (!(a > 0) || !Number.isFinite(b)) return NaN;
  const v = -b / (2 * a);
  return v > x0 && v < x2 ? v : NaN;
}

function argmin(ps: Point[], key: 'tbt' | 'tbv' | 'finalVal'): number {
  let best = 0;
  for (let i = 1; i < ps.length; i++) if (ps[i][key] < ps[best][key]) best = i;
  return best;
}

/**
 * The refinement step sizes: one parabolic step in log η per objective through its grid minimiser
 * and the two neighbours (a vertex equal to a grid point or to the other objective's vertex is not
 * evaluated twice). Read off the grid alone, so both can run at once.
 */
export function refinementEtas(gridPts: Point[]): number[] {
  const out: number[] = [];
  for (const key of ['tbt', 'tbv'] as const) {
    const i = argmin(gridPts, key);
    let v = NaN;
    if (i > 0 && i < gridPts.length - 1 && [i - 1, i, i + 1].every((j) => Number.isFinite(gridPts[j][key]))) {
      v = parabolaVertex(
        [i - 1, i, i + 1].map((j) => Math.log(gridPts[j].eta)),
        [i - 1, i, i + 1].map((j) => gridPts[j][key]),
      );
    }
    if (Number.isFinite(v) && !gridPts.some((p) => Math.abs(Math.log(p.eta) - v) < 1e-9) && !out.some((e) => Math.abs(Math.log(e) - v) < 1e-9)) out.push(Math.exp(v));
  }
  return out;
}

/** The meta-training record from every evaluated point (grid and refinement). */
export function summariseStepSize(points: Point[], grid: number[], innerSteps: number, seconds: number): StepSizeMeta {
  const pts = points.slice().sort((a, b) => a.eta - b.eta);
  const it = argmin(pts, 'tbt');
  const iv = argmin(pts, 'tbv');
  // the baseline is tuned on the grid only (the paper's grid search)
  const gs = pts.filter((p) => grid.includes(p.eta));
  const is = argmin(gs, 'finalVal');
  return {
    etas: pts.map((p) => p.eta),
    metaTbT: pts.map((p) => p.tbt),
    metaTbV: pts.map((p) => p.tbv),
    finalVal: pts.map((p) => p.finalVal),
    etaTbT: pts[it].eta,
    etaTbV: pts[iv].eta,
    etaSgd: gs[is].eta,
    metaLossTbT: pts[it].tbt,
    metaLossTbV: pts[iv].tbv,
    innerSteps,
    seconds,
  };
}

/** In-process meta-training over explicit problems (the claims' path). */
export function metaTrainStepSize(problems: Problem[], T: number, grid: number[], onEval?: (done: number, total: number) => void): StepSizeMeta {
  const started = performance.now();
  let innerSteps = 0;
  const pts: Point[] = [];
  const total = grid.length + 2;
  for (const eta of grid) {
    const r = evalEta(problems, eta, T);
    innerSteps += r.steps;
    pts.push(r.point);
    onEval?.(pts.length, total);
  }
  for (const eta of refinementEtas(pts.slice(0, grid.length))) {
    const r = evalEta(problems, eta, T);
    innerSteps += r.steps;
    pts.push(r.point);
  }
  onEval?.(total, total);
  return summariseStepSize(pts, grid, innerSteps, (performance.now() - started) / 1000);
}

/**
 * The same meta-training with the evaluation of a step size handed to `evalAt` (a worker pool):
 * the grid at once, then the refinements at once. Identical to `metaTrainStepSize` on the same
 * problems (each point depends only on η and the problems).
 */
export async function metaTrainStepSizeWith(evalAt: (eta: number) => Promise<EtaPoint>, grid: number[]): Promise<StepSizeMeta> {
  const started = performance.now();
  const g = await Promise.all(grid.map(evalAt));
  const r = await Promise.all(refinementEtas(g.map((x) => x.point)).map(evalAt));
  const all = [...g, ...r];
  return summariseStepSize(
    all.map((x) => x.point),
    grid,
    all.reduce((s, x) => s + x.steps, 0),
    (performance.now() - started) / 1000,
  );
}
