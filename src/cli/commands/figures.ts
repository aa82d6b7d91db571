import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { formatTable, printJson, writeFileAtomic } from '../output.js';
import { runTbtTbv, type TbtTbvResult, type TestSummary } from '../../leastsquares/experiment.js';
import { logGrid } from '../../leastsquares/grid.js';
import { defaultWorkers, num, parseInteger, parseReal, progressBar } from './tbtTbv.js';

/**
 * Data of wang2021's TbT/TbV figures (ICML Figures 2 and 3, ICLR Figures 3 and 4): train and
 * test RMSE of both minimisers, with their range over the test tasks. The paper's scale is the
 * default (appendix F: d = 1000, t = 40, 300 training tasks, 10 test tasks, 25-point log grid on
 * [1e−6, 1]). The paper's text does not list the σ values or sample sizes on the figures' axes;
 * the defaults below are ours (σ ≥ 1 as Section 4 assumes; n up to 10000 as Figure 4's axis).
 */
export const FIGURE_SCALES = {
  paper: { d: 1000, t: 40, tasks: 300, testTasks: 10, grid: [1e-6, 1, 25] as const, n: 500, sigmas: [1, 2, 3, 4], ns: [500, 1000, 2000, 4000, 6000, 8000, 10000] },
  quick: { d: 100, t: 40, tasks: 60, testTasks: 10, grid: [1e-6, 1, 25] as const, n: 50, sigmas: [1, 2, 3, 4], ns: [50, 100, 200, 400, 1000] },
};

export interface FigurePoint {
  sigma: number;
  n: number;
  etaTbT: number | string;
  etaTbV: number | string;
  tbt: ReturnType<typeof testDoc>;
  tbv: ReturnType<typeof testDoc>;
}

function testDoc(s: TestSummary) {
  return {
    rmseTrain: num(s.rmseTrain),
    rmseTrainRange: s.rmseTrainRange.map(num),
    rmseTest: num(s.rmseTest),
    rmseTestRange: s.rmseTestRange.map(num),
    dist2: num(s.dist2),
  };
}

function point(r: TbtTbvResult): FigurePoint {
  return {
    sigma: r.config.sigma,
    n: r.config.n,
    etaTbT: num(r.tbt!.eta),
    etaTbV: num(r.tbv!.eta),
    tbt: testDoc(r.test.tbt!),
    tbv: testDoc(r.test.tbv!),
  };
}

function parseList(flag: string, raw: string, integer: boolean, min: number): number[] {
  const items = String(raw).split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new InputError(flag, 'must be a non-empty comma-separated list');
  return items.map((s) => (integer ? parseInteger(flag, s, min) : parseReal(flag, s, min)));
}

interface FigureFlags {
  scale: string;
  seed: string;
  workers?: string;
  json?: boolean;
  out?: string;
  progress?: boolean;
  sigmas?: string;
  ns?: string;
}

async function runFigure(kind: 'sigma' | 'n', flags: FigureFlags): Promise<void> {
  const scale = FIGURE_SCALES[flags.scale as keyof typeof FIGURE_SCALES];
  if (!scale) throw new InputError('--scale', `must be "paper" or "quick", got "${flags.scale}"`);
  const seed = parseInteger('--seed', flags.seed, 0);
  const workers = flags.workers === undefined ? defaultWorkers() : parseInteger('--workers', flags.workers, 0);
  const sigmas = kind === 'sigma' ? (flags.sigmas ? parseList('--sigmas', flags.sigmas, false, 0) : scale.sigmas) : [1];
  const ns = kind === 'n' ? (flags.ns ? parseList('--ns', flags.ns, true, 2) : scale.ns) : [scale.n];
  for (const n of ns) if (n % 2 !== 0) throw new InputError('--ns', `every n must be even (TbV splits it in halves), got ${n}`);
  const grid = logGrid(scale.grid[0], scale.grid[1], scale.grid[2]);
  const bar = progressBar(flags.progress);
  const points: FigurePoint[] = [];
  const started = performance.now();
  const docOf = (complete: boolean) => ({
    figure: kind === 'sigma' ? 'wang2021.fig-rmse-vs-sigma' : 'wang2021.fig-rmse-vs-n',
    scale: flags.scale,
    complete,
    config: { d: scale.d, t: scale.t, tasks: scale.tasks, testTasks: scale.testTasks, grid: scale.grid, seed, split: 'TbV uses n/2 + n/2' },
    definitions: {
      rmseTrain: "mean over test tasks of sqrt((1/n_train) sum (y_i - <w_t, x_i>)^2) on the task's own training set (n for TbT, n/2 for TbV)",
      rmseTest: 'mean over test tasks of sqrt(||w_t - w*||^2 + sigma^2), the exact population RMSE of the task',
      range: '[min, max] over the test tasks',
    },
    seconds: (performance.now() - started) / 1000,
    points,
  });
  // Ctrl-C keeps what is done: the finished points go to --out (atomically), marked incomplete.
  const onInt = () => {
    bar.stop();
    if (flags.out) writeFileAtomic(flags.out, `${JSON.stringify(docOf(false), null, 2)}\n`);
    process.stderr.write(`interrupted after ${points.length} point(s)${flags.out ? `; written to ${flags.out}` : ''}\n`);
    process.exit(130);
  };
  process.once('SIGINT', onInt);
  try {
    for (const sigma of sigmas) {
      for (const n of ns) {
        const r = await runTbtTbv({
          d: scale.d,
          n,
          sigma,
          t: scale.t,
          tasks: scale.tasks,
          testTasks: scale.testTasks,
          grid,
          seed,
          workers,
          onProgress: (p, d, m) => bar.update(`${kind === 'sigma' ? `sigma=${sigma}` : `n=${n}`} ${p}`, d, m),
        });
        points.push(point(r));
      }
    }
  } finally {
    bar.stop();
    process.off('SIGINT', onInt);
  }
  const doc = docOf(true);
  if (flags.out) writeFileAtomic(flags.out, `${JSON.stringify(doc, null, 2)}\n`);
  if (flags.json) {
    printJson(doc);
    return;
  }
  const f = (x: number | string) => (typeof x === 'number' ? x.toPrecision(4) : x);
  const rows = points.map((p) => [
    String(kind === 'sigma' ? p.sigma : p.n),
    f(p.etaTbT),
    f(p.tbt.rmseTrain),
    f(p.tbt.rmseTest),
    f(p.etaTbV),
    f(p.tbv.rmseTrain),
    f(p.tbv.rmseTest),
  ]);
  process.stdout.write(
    `${doc.figure} (${flags.scale} scale, d=${scale.d}, t=${scale.t}, m=${scale.tasks}, ${scale.testTasks} test tasks)\n` +
      formatTable([kind === 'sigma' ? 'sigma' : 'n', 'eta TbT', 'TbT train', 'TbT test', 'eta TbV', 'TbV train', 'TbV test'], rows) +
      `\n${flags.out ? `written to ${flags.out}\n` : ''}`,
  );
}

export function registerFigures(program: Command): void {
  for (const kind of ['sigma', 'n'] as const) {
    const cmd = program
      .command(kind === 'sigma' ? 'fig-rmse-vs-sigma' : 'fig-rmse-vs-n')
      .description(
        kind === 'sigma'
          ? 'Data of wang2021 Figure "RMSE for different sigma" (n = 500, TbV 250 + 250)'
          : 'Data of wang2021 Figure "RMSE for different sample sizes" (sigma = 1, TbV split evenly)',
      )
      .option('--scale <SCALE>', 'paper (d = 1000, m = 300) or quick (d = 100, m = 60)', 'paper')
      .option('--seed <SEED>', 'seed (integer >= 0)', '1')
      .option('--workers <W>', 'worker threads (0: in-process)')
      .option('--json', 'print the JSON document on stdout')
      .option('--out <FILE>', 'also write the JSON document to FILE (atomically)')
      .option('--progress', 'show the progress bar even when stderr is not a terminal');
    if (kind === 'sigma') cmd.option('--sigmas <LIST>', 'comma-separated sigma values (default 1,2,3,4)');
    else cmd.option('--ns <LIST>', 'comma-separated even sample sizes');
    cmd.action((flags: FigureFlags) => runFigure(kind, flags));
  }
}
