import { pathToFileURL } from 'node:url';
import { logGrid, runTbtTbv } from '../src/leastsquares/index.js';

/**
 * One paper-scale TbT/TbV configuration end to end (appendix F: d = 1000, n = 500, TbV 250 + 250,
 * m = 300 training tasks, 25-point log grid on [1e−6, 1], t = 40, 10 test tasks), on 2 workers.
 * Goal from the issue: under 20 s wall and 1 GiB peak RSS on 2 cores. Phase times are CPU time
 * summed over the workers (so they add up to about workers × wall when the pool is busy).
 */
export interface LeastSquaresBench {
  config: { d: number; n: number; tasks: number; grid: number; t: number; testTasks: number; workers: number };
  wallSeconds: number;
  phasesCpuSeconds: { sampling: number; krylov: number; gridEvaluation: number; test: number };
  phasesWallSeconds: { train: number; test: number };
  peakRssMiB: number;
  etaTbT: number;
  etaTbV: number;
  withinGoal: boolean;
}

export async function benchLeastSquares(options: { workers?: number; seed?: number } = {}): Promise<LeastSquaresBench> {
  const workers = options.workers ?? 2;
  const cfg = { d: 1000, n: 500, sigma: 1, t: 40, tasks: 300, testTasks: 10, grid: logGrid(1e-6, 1, 25), seed: options.seed ?? 1, workers };
  const t0 = performance.now();
  const r = await runTbtTbv(cfg);
  const wall = (performance.now() - t0) / 1000;
  // maxRSS covers the whole process, worker threads included (they share it).
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  const out: LeastSquaresBench = {
    config: { d: cfg.d, n: cfg.n, tasks: cfg.tasks, grid: cfg.grid.length, t: cfg.t, testTasks: cfg.testTasks, workers },
    wallSeconds: wall,
    phasesCpuSeconds: {
      sampling: r.timings.sampling / 1000,
      krylov: r.timings.krylov / 1000,
      gridEvaluation: r.timings.grid / 1000,
      test: r.timings.test / 1000,
    },
    phasesWallSeconds: { train: r.timings.trainWall / 1000, test: r.timings.testWall / 1000 },
    peakRssMiB,
    etaTbT: r.tbt!.eta,
    etaTbV: r.tbv!.eta,
    withinGoal: wall < 20 && peakRssMiB < 1024,
  };
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchLeastSquares().then(
    (b) => process.stdout.write(`${JSON.stringify(b, null, 2)}\n`),
    (e) => {
      process.stderr.write(`${(e as Error).stack ?? e}\n`);
      process.exitCode = 1;
    },
  );
}
