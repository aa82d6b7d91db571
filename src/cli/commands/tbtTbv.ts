import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { InputError } from '../../errors.js';
import { formatTable, printJson } from '../output.js';
import { logGrid } from '../../leastsquares/grid.js';
import { runTbtTbv, type TbtTbvOptions, type TbtTbvResult } from '../../leastsquares/experiment.js';
import { defaultWorkers } from '../../leastsquares/pool.js';
import {
  checkLimit,
  maxWorkers,
  MAX_GRID,
  MAX_LS_D,
  MAX_LS_D_TIMES_N,
  MAX_LS_N,
  MAX_LS_T,
  MAX_LS_T_TIMES_DN,
  MAX_TASKS,
  MAX_TEST_TASKS,
  type Limit,
} from '../../limits.js';

export { defaultWorkers } from '../../leastsquares/pool.js';

/** Shared flag parsers: every bad value is an InputError naming the flag (exit 2, one line). */
export function parseInteger(flag: string, raw: string | undefined, min: number, limit?: Limit): number {
  if (raw === undefined) throw new InputError(flag, 'is required');
  const s = String(raw).trim();
  if (!/^[+-]?\d+$/.test(s)) throw new InputError(flag, `must be an integer, got "${raw}"`);
  const v = Number(s);
  if (!Number.isSafeInteger(v)) throw new InputError(flag, `is too large, got "${raw}"${limit ? `; the limit is ${limit.max} (${limit.why})` : ''}`);
  if (v < min) throw new InputError(flag, `must be ≥ ${min}, got ${v}`);
  if (limit) checkLimit(flag, v, limit);
  return v;
}

export function parseReal(flag: string, raw: string | undefined, min: number): number {
  if (raw === undefined) throw new InputError(flag, 'is required');
  const s = String(raw).trim();
  const v = s === '' ? NaN : Number(s);
  if (!Number.isFinite(v)) throw new InputError(flag, `must be a finite number, got "${raw}"`);
  if (v < min) throw new InputError(flag, `must be ≥ ${min}, got ${v}`);
  return v;
}

/** LO:HI:COUNT, log-spaced (CLI.md). */
export function parseGrid(raw: string): number[] {
  const parts = String(raw).split(':');
  if (parts.length !== 3) throw new InputError('--grid', `must be LO:HI:COUNT (e.g. 1e-6:1:25), got "${raw}"`);
  const lo = Number(parts[0]);
  const hi = Number(parts[1]);
  if (!Number.isFinite(lo) || !(lo > 0)) throw new InputError('--grid', `LO must be a number > 0 (the grid is log-spaced), got "${parts[0]}"`);
  if (!Number.isFinite(hi)) throw new InputError('--grid', `HI must be a finite number, got "${parts[1]}"`);
  const count = parseInteger('--grid', parts[2], 0, MAX_GRID);
  if (count < 1) throw new InputError('--grid', `is empty (COUNT = ${count}); use COUNT ≥ 1`);
  if (hi < lo) throw new InputError('--grid', `is inverted (HI ${hi} < LO ${lo}); write LO:HI with LO ≤ HI`);
  if (hi === lo && count > 1) throw new InputError('--grid', `LO = HI with COUNT = ${count} repeats one point; use COUNT = 1 or widen the range`);
  return logGrid(lo, hi, count);
}

/** Numbers that may leave float64's range travel as strings (CLI.md). */
export function num(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}


/** A cli-progress bar on stderr, only when stderr is a terminal or when asked. */
export function progressBar(force: boolean | undefined) {
  if (!(force || process.stderr.isTTY)) return { update: (_p: string, _d: number, _n: number) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: '{phase} [{bar}] {value}/{total} tasks | {duration_formatted}', hideCursor: true, noTTYOutput: true, notTTYSchedule: 1000 },
    cliProgress.Presets.shades_classic,
  );
  let phase = '';
  let started = false;
  return {
    update(p: string, done: number, total: number) {
      if (!started || p !== phase) {
        if (started) bar.stop();
        bar.start(total, 0, { phase: p });
        started = true;
        phase = p;
      }
      bar.update(done, { phase: p });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

interface TbtTbvFlags {
  d: string;
  n: string;
  sigma: string;
  t: string;
  tasks: string;
  testTasks: string;
  grid: string;
  seed: string;
  json?: boolean;
  sgd?: boolean;
  workers?: string;
  refine?: boolean;
  truncation: boolean;
  progress?: boolean;
}

export function optionsFromFlags(f: TbtTbvFlags): TbtTbvOptions {
  // every size within its limit (src/limits.ts) before anything is sampled (issue 9 item 3)
  const d = parseInteger('--d', f.d, 1, MAX_LS_D);
  const n = parseInteger('--n', f.n, 2, MAX_LS_N);
  if (n % 2 !== 0) throw new InputError('--n', `must be even: TbV splits the N samples into N/2 + N/2; got ${n}`);
  checkLimit('--n', d * n, MAX_LS_D_TIMES_N, 'd*n');
  const sigma = parseReal('--sigma', f.sigma, 0);
  const t = parseInteger('--t', f.t, 1, MAX_LS_T);
  checkLimit('--t', t * (d + n), MAX_LS_T_TIMES_DN, 't*(d + n)');
  const tasks = parseInteger('--tasks', f.tasks, 1, MAX_TASKS);
  const testTasks = parseInteger('--test-tasks', f.testTasks, 1, MAX_TEST_TASKS);
  const grid = parseGrid(f.grid);
  const seed = parseInteger('--seed', f.seed, 0);
  const workers = f.workers === undefined ? defaultWorkers() : parseInteger('--workers', f.workers, 0, maxWorkers());
  if (f.refine && f.sgd) throw new InputError('--refine', 'is available for GD only (SGD has no exact fast path to re-evaluate)');
  return {
    d,
    n,
    sigma,
    t,
    tasks,
    testTasks,
    grid,
    seed,
    inner: f.sgd ? 'sgd' : 'gd',
    truncate: f.truncation,
    refine: !!f.refine,
    workers,
  };
}

/** The stdout document of CLI.md's `tbt-tbv`, exactly its keys. */
export function tbtTbvJson(r: TbtTbvResult) {
  const test = (s: NonNullable<TbtTbvResult['test']['tbt']>) => ({ rmseTrain: num(s.rmseTrain), rmseTest: num(s.rmseTest), dist2: num(s.dist2) });
  return {
    etaTbT: num(r.tbt!.eta),
    etaTbV: num(r.tbv!.eta),
    grid: r.grid.map(num),
    metaTbT: r.tbt!.meta.map(num),
    metaTbV: r.tbv!.meta.map(num),
    test: { tbt: test(r.test.tbt!), tbv: test(r.test.tbv!) },
  };
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(6) : String(x);
}

export function tbtTbvTable(r: TbtTbvResult): string {
  const c = r.config;
  const head = [
    `tbt-tbv  d=${c.d}  n=${c.n} (TbV ${c.n1}+${c.n2})  sigma=${c.sigma}  t=${c.t}  tasks=${c.tasks}  test tasks=${c.testTasks}  inner=${c.inner}${c.truncate ? '' : ' (no truncation)'}  seed=${c.seed}`,
    '',
  ];
  const rows = r.grid.map((eta, i) => [
    fmt(eta),
    fmt(r.tbt!.meta[i]) + (i === r.tbt!.gridIndex ? ' *' : ''),
    fmt(r.tbv!.meta[i]) + (i === r.tbv!.gridIndex ? ' *' : ''),
    fmt(r.tbv!.metaPop[i]),
  ]);
  const grid = formatTable(['eta', 'F_TbT (Eqn 3)', 'F_TbV (Eqn 4)', 'F_TbV population'], rows);
  const tt = r.test.tbt!;
  const tv = r.test.tbv!;
  const test = formatTable(
    ['', 'eta*', 'train RMSE', 'test RMSE', 'E||w_t - w*||^2'],
    [
      ['TbT', fmt(r.tbt!.eta), fmt(tt.rmseTrain), fmt(tt.rmseTest), fmt(tt.dist2)],
      ['TbV', fmt(r.tbv!.eta), fmt(tv.rmseTrain), fmt(tv.rmseTest), fmt(tv.dist2)],
    ],
  );
  return [...head, grid, '', `test on ${c.testTasks} fresh tasks (test RMSE = sqrt(||w_t - w*||^2 + sigma^2), exact per task):`, test, ''].join('\n');
}

export function registerTbtTbv(program: Command): void {
  program
    .command('tbt-tbv')
    .description('Train-by-train vs train-by-validation on least-squares tasks (wang2021 Section 4, Eqns 3-4)')
    .option('--d <D>', 'dimension', '1000')
    .option('--n <N>', 'samples per task (TbT uses N, TbV splits N/2 + N/2; must be even)', '500')
    .option('--sigma <S>', 'noise level sigma >= 0', '1')
    .option('--t <T>', 'inner steps (unroll length)', '40')
    .option('--tasks <M>', 'training tasks m', '300')
    .option('--test-tasks <K>', 'fresh test tasks', '10')
    .option('--grid <LO:HI:COUNT>', 'log-spaced step-size grid', '1e-6:1:25')
    .option('--seed <SEED>', 'seed (integer >= 0)', '1')
    .option('--json', 'print one JSON document (CLI.md) on stdout')
    .option('--sgd', 'inner optimiser: SGD, one uniformly drawn sample per step (appendix D)')
    .option('--no-truncation', 'do not truncate at ||w|| >= 40 sigma (Theorem 9 runs SGD without it)')
    .option('--refine', 'polish each grid minimiser by golden-section search in its bracket (GD)')
    .option('--workers <W>', 'worker threads (0: in-process); results do not depend on it')
    .option('--progress', 'show the progress bar even when stderr is not a terminal')
    .action(async (flags: TbtTbvFlags) => {
      const opts = optionsFromFlags(flags);
      const bar = progressBar(flags.progress);
      let result: TbtTbvResult;
      try {
        result = await runTbtTbv({ ...opts, onProgress: (p, d, n) => bar.update(p, d, n) });
      } finally {
        bar.stop();
      }
      if (flags.json) printJson(tbtTbvJson(result));
      else process.stdout.write(tbtTbvTable(result));
    });
}
