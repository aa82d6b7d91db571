import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  StreamRole,
  drawTask,
  empiricalLoss,
  evalTrainTask,
  logGrid,
  normaliseOptions,
  radiusOf,
  runTbtTbv,
  simulateGd,
  sliceTask,
  type TaskConfig,
} from '../src/leastsquares/index.js';

/**
 * Least-squares timings (issue 10): per-task times from one run, as ratios, never as absolute goals.
 *
 * - ours: `tbt-tbv` end to end (training tasks, grid, test tasks) on 2 workers; per task = wall / tasks.
 * - plain: the same per-task work by plain simulation (t GD steps with X for every grid η, TbT and
 *   TbV, losses by a pass over the data), in-process, against our fast path in-process on the same
 *   tasks (CPU time of this thread, so the ratio does not depend on the machine's load much).
 * - peer: the authors' grid_search_eta_lr.py (../shared/peer, numpy) when python3 and numpy are
 *   there, timed ALTERNATELY with ours (peer, ours, peer, ours, …) in the same run so that both see
 *   the same load; per task = wall / num_tasks for both, and the ratio is taken per round.
 * The machine's load average is printed with every figure.
 */

const ROOT = resolve(import.meta.dirname, '..');

export interface PerTask {
  label: string;
  seconds: number;
  load: number;
}

export interface PeerRound {
  n: number;
  /** Wall seconds per task. */
  peerPerTask: number;
  oursPerTask: number;
  ratio: number;
  /** CPU seconds per task (user + system, all threads): less sensitive to other processes' load. */
  peerCpuPerTask?: number;
  oursCpuPerTask: number;
  cpuRatio?: number;
  loadBefore: number;
}

export interface LeastSquaresBench {
  config: { d: number; n: number; tasks: number; grid: number; t: number; testTasks: number; workers: number };
  /** Paper scale end to end: wall seconds, per task, peak RSS of this process (workers included). */
  wallSeconds: number;
  perTaskSeconds: number;
  phasesCpuSeconds: { sampling: number; krylov: number; gridEvaluation: number; test: number };
  peakRssMiB: number;
  etaTbT: number;
  etaTbV: number;
  /** In-process, one thread, CPU seconds per training task: plain simulation against the fast path. */
  plain: { n: number; plainPerTask: number; fastPerTask: number; ratio: number; load: number }[];
  peer?: { script: string; rounds: PeerRound[]; medianRatio: Record<string, number>; medianCpuRatio: Record<string, number> } | { skipped: string };
}

const load = () => loadavg()[0];

function cpuSeconds<T>(f: () => T): [T, number] {
  const c0 = process.cpuUsage();
  const v = f();
  const c = process.cpuUsage(c0);
  return [v, (c.user + c.system) / 1e6];
}

/** Plain simulation of one training task: GD with X at every grid η, TbT on n rows, TbV on n1 → n2. */
function plainTask(c: TaskConfig, grid: readonly number[], index: number): number {
  const task = drawTask(c, StreamRole.Train, index);
  const radius = radiusOf(c);
  const tr = sliceTask(task, 0, c.n);
  const t1 = sliceTask(task, 0, c.n1);
  const v1 = sliceTask(task, c.n1, c.n1 + c.n2);
  let acc = 0;
  for (const eta of grid) {
    acc += empiricalLoss(tr, simulateGd(tr, eta, c.t, radius).w);
    acc += empiricalLoss(v1, simulateGd(t1, eta, c.t, radius).w);
  }
  return acc;
}

function comparePlain(n: number, tasks: number, grid: number[], stride = 1): LeastSquaresBench['plain'][number] {
  const l = load();
  // the plain path draws X (it is plain simulation); our fast path at this n may use the statistics
  const { cfg } = normaliseOptions({ d: 1000, n, sigma: 1, t: 40, tasks, testTasks: 0, grid, seed: 1 });
  const { cfg: plainCfg } = normaliseOptions({ d: 1000, n, sigma: 1, t: 40, tasks, testTasks: 0, grid, seed: 1, stats: false });
  evalTrainTask(cfg, grid, 1000, false); // warm-up
  const [, fast] = cpuSeconds(() => {
    for (let i = 0; i < 4 * tasks; i++) evalTrainTask(cfg, grid, i, false);
  });
  // Plain simulation costs the same for every η (t steps each, no shared work), so at large n it
  // is timed on every `stride`-th grid point and scaled by the grid's size.
  const sub = grid.filter((_, g) => g % stride === 0);
  const [, plainSub] = cpuSeconds(() => {
    for (let i = 0; i < tasks; i++) plainTask(plainCfg, sub, i);
  });
  const plain = (plainSub * grid.length) / sub.length;
  return { n, plainPerTask: plain / tasks, fastPerTask: fast / (4 * tasks), ratio: plain / tasks / (fast / (4 * tasks)), load: l };
}

function findPeer(): string | undefined {
  const candidates = [process.env.L2L_PEER_DIR, join(ROOT, '..', 'shared', 'peer'), join(ROOT, '..', '..', 'shared', 'peer')];
  return candidates.find((p) => p && existsSync(join(p, 'grid_search_eta_lr.py')));
}

/** Wall seconds, and CPU seconds when /usr/bin/time is there (OpenBLAS's threads included). */
function runPeer(dir: string, n: number, tasks: number): { wall: number; cpu?: number } {
  const out = mkdtempSync(join(tmpdir(), 'l2l-peer-'));
  const timed = existsSync('/usr/bin/time');
  try {
    const t0 = performance.now();
    const argv = [
      'python3',
      'grid_search_eta_lr.py', '--ndim', '1000', '--t', '40', '--nsample', String(n), '--sigma', '1', '--num_tasks', String(tasks), '--num_tasks_test', '1', '--train_dir', `${out}/`,
    ];
    const cmd = timed ? ['/usr/bin/time', '-f', 'L2L-CPU %U %S', ...argv] : argv;
    const r = spawnSync(cmd[0], cmd.slice(1), { cwd: dir, env: { ...process.env, PYTHONPATH: join(dir, 'stubs') }, encoding: 'utf8' });
    const wall = (performance.now() - t0) / 1000;
    if (r.status !== 0) throw new Error(`peer failed: ${r.stderr || r.error}`);
    const m = /L2L-CPU ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
    return { wall, cpu: m ? Number(m[1]) + Number(m[2]) : undefined };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Wall and CPU seconds per task (process.cpuUsage counts the worker threads too). */
async function oursPerTask(n: number, tasks: number, workers: number): Promise<{ wall: number; cpu: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await runTbtTbv({ d: 1000, n, sigma: 1, t: 40, tasks, testTasks: 1, grid: logGrid(1e-6, 1, 25), seed: 7, workers });
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1000 / tasks, cpu: (c.user + c.system) / 1e6 / tasks };
}

export interface LeastSquaresBenchOptions {
  workers?: number;
  seed?: number;
  /** Alternating rounds per size (default 2). */
  rounds?: number;
  /** Skip the n = 10 000 comparison (minutes for the peer). */
  skipLarge?: boolean;
  /** Tasks per run of the authors' script at n = 500 (default 12, as its README's figure). */
  peerTasks?: number;
  log?: (s: string) => void;
}

export async function benchLeastSquares(options: LeastSquaresBenchOptions = {}): Promise<LeastSquaresBench> {
  const { workers = 2, seed = 1, rounds = 2, skipLarge = false, peerTasks = 12, log = () => {} } = options;
  const grid = logGrid(1e-6, 1, 25);
  const cfg = { d: 1000, n: 500, sigma: 1, t: 40, tasks: 300, testTasks: 10, grid, seed, workers };
  log(`  paper scale, ${cfg.tasks} tasks, ${workers} workers (load ${load().toFixed(1)})`);
  const t0 = performance.now();
  const r = await runTbtTbv(cfg);
  const wall = (performance.now() - t0) / 1000;
  // maxRSS covers the whole process, worker threads included (they share it).
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  log('  plain simulation against the fast path, in-process');
  const plain = [comparePlain(500, 2, grid)];
  log(`    plain n = 500: ${plain[0].ratio.toFixed(1)}x`);
  if (!skipLarge) {
    plain.push(comparePlain(10000, 1, grid, 5));
    log(`    plain n = 10000: ${plain[1].ratio.toFixed(1)}x`);
  }
  const out: LeastSquaresBench = {
    config: { d: cfg.d, n: cfg.n, tasks: cfg.tasks, grid: grid.length, t: cfg.t, testTasks: cfg.testTasks, workers },
    wallSeconds: wall,
    perTaskSeconds: wall / cfg.tasks,
    phasesCpuSeconds: {
      sampling: r.timings.sampling / 1000,
      krylov: r.timings.krylov / 1000,
      gridEvaluation: r.timings.grid / 1000,
      test: r.timings.test / 1000,
    },
    peakRssMiB,
    etaTbT: r.tbt!.eta,
    etaTbV: r.tbv!.eta,
    plain,
  };
  const peerDir = findPeer();
  const numpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  if (!peerDir) out.peer = { skipped: 'peer script not found (set L2L_PEER_DIR)' };
  else if (numpy.status !== 0) out.peer = { skipped: 'python3 with numpy not available' };
  else {
    const sizes: Array<{ n: number; peerTasks: number; ourTasks: number }> = [{ n: 500, peerTasks, ourTasks: 300 }];
    if (!skipLarge) sizes.push({ n: 10000, peerTasks: 1, ourTasks: 60 });
    const roundsOut: PeerRound[] = [];
    for (const s of sizes) {
      for (let k = 0; k < rounds; k++) {
        const loadBefore = load();
        log(`  peer n = ${s.n}, ${s.peerTasks} task(s), round ${k + 1} (load ${loadBefore.toFixed(1)})`);
        const peer = runPeer(peerDir, s.n, s.peerTasks);
        log(`  ours n = ${s.n}, ${s.ourTasks} tasks, round ${k + 1} (load ${load().toFixed(1)})`);
        const ours = await oursPerTask(s.n, s.ourTasks, workers);
        const peerCpu = peer.cpu === undefined ? undefined : peer.cpu / s.peerTasks;
        roundsOut.push({
          n: s.n,
          peerPerTask: peer.wall / s.peerTasks,
          oursPerTask: ours.wall,
          ratio: peer.wall / s.peerTasks / ours.wall,
          peerCpuPerTask: peerCpu,
          oursCpuPerTask: ours.cpu,
          cpuRatio: peerCpu === undefined ? undefined : peerCpu / ours.cpu,
          loadBefore,
        });
        log(`    ${formatLeastSquares({ ...out, plain: [], peer: { script: '', rounds: roundsOut.slice(-1), medianRatio: {}, medianCpuRatio: {} } }).slice(1, 2)[0]?.trim()}`);
      }
    }
    const median = (xs: number[]) => {
      const rs = [...xs].sort((a, b) => a - b);
      const m = rs.length >> 1;
      return rs.length === 0 ? NaN : rs.length % 2 ? rs[m] : (rs[m - 1] + rs[m]) / 2;
    };
    const medianRatio: Record<string, number> = {};
    const medianCpuRatio: Record<string, number> = {};
    for (const s of sizes) {
      const rows = roundsOut.filter((x) => x.n === s.n);
      medianRatio[`n=${s.n}`] = median(rows.map((x) => x.ratio));
      medianCpuRatio[`n=${s.n}`] = median(rows.flatMap((x) => (x.cpuRatio === undefined ? [] : [x.cpuRatio])));
    }
    out.peer = { script: join(peerDir, 'grid_search_eta_lr.py'), rounds: roundsOut, medianRatio, medianCpuRatio };
  }
  return out;
}

/** The lines `npm run bench` prints for this module. */
export function formatLeastSquares(ls: LeastSquaresBench): string[] {
  const sig = (x: number, n = 3) => (Number.isFinite(x) ? String(Number(x.toPrecision(n))) : String(x));
  const p = ls.phasesCpuSeconds;
  const lines = [
    `least squares, paper scale (d ${ls.config.d}, n ${ls.config.n}, ${ls.config.tasks} tasks, ${ls.config.grid} grid points, t ${ls.config.t}, ${ls.config.testTasks} test tasks, ${ls.config.workers} workers): ` +
      `${sig(ls.wallSeconds)} s wall (${sig(ls.perTaskSeconds * 1000)} ms per task), peak RSS ${sig(ls.peakRssMiB)} MiB; ` +
      `CPU seconds per phase: sampling ${sig(p.sampling)}, Krylov ${sig(p.krylov)}, grid ${sig(p.gridEvaluation)}, test ${sig(p.test)}`,
  ];
  for (const q of ls.plain) {
    lines.push(
      `  n = ${q.n}: plain simulation ${sig(q.plainPerTask)} s CPU per task, fast path ${sig(q.fastPerTask * 1000)} ms: ${sig(q.ratio)}x (one thread, load ${sig(q.load, 2)})`,
    );
  }
  if (ls.peer && 'skipped' in ls.peer) lines.push(`  peer comparison skipped: ${ls.peer.skipped}`);
  else if (ls.peer) {
    for (const r of ls.peer.rounds) {
      lines.push(
        `  n = ${r.n}: authors' script ${sig(r.peerPerTask)} s per task, ours ${sig(r.oursPerTask * 1000)} ms per task: ${sig(r.ratio)}x wall` +
          (r.cpuRatio !== undefined ? `; CPU ${sig(r.peerCpuPerTask!)} s vs ${sig(r.oursCpuPerTask * 1000)} ms per task: ${sig(r.cpuRatio)}x` : '') +
          ` (load ${sig(r.loadBefore, 2)})`,
      );
    }
    lines.push(`  against the authors' script, median per-task ratio, wall: ${Object.entries(ls.peer.medianRatio).map(([k, v]) => `${k} ${sig(v)}x`).join(', ')}`);
    lines.push(`  against the authors' script, median per-task ratio, CPU: ${Object.entries(ls.peer.medianCpuRatio).map(([k, v]) => `${k} ${sig(v)}x`).join(', ')}`);
  }
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  benchLeastSquares({
    rounds: args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : undefined,
    skipLarge: args.includes('--skip-large'),
    peerTasks: args.includes('--peer-tasks') ? Number(args[args.indexOf('--peer-tasks') + 1]) : undefined,
    log: (s) => process.stderr.write(`${s}\n`),
  }).then(
    (b) => process.stdout.write(`${formatLeastSquares(b).join('\n')}\n${JSON.stringify(b, null, 2)}\n`),
    (e) => {
      process.stderr.write(`${(e as Error).stack ?? e}\n`);
      process.exitCode = 1;
    },
  );
}
