import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { wishartCase } from '../src/audit/cases.js';
import { ReferenceQuadratic } from '../src/quadratic/reference.js';

/**
 * The decimal reference at the sizes users bring (issue 9 item 6): eigen-decompositions at P = 40
 * and 2P = 80 digits of a Wishart H = XXᵀ (X: d × 2d, seeded as the audit's `--seed 1`), by the
 * refined route (float64 + Ogita–Aishima in fixed point, linalg/refine.ts) and, where it is
 * affordable, by cyclic Jacobi in decimal (the former route); and a whole `eval` process from dist/
 * (t = 10, one η) at d = 20, 100 and 300. CPU seconds are given beside wall seconds because the
 * machine is shared: the load average is printed with each run.
 *
 *   npx tsx bench/reference.ts [--d 20,100,300] [--jacobi-max-d 50]
 */

const ROOT = resolve(import.meta.dirname, '..');

export interface ReferenceBenchRow {
  d: number;
  route: 'refined' | 'jacobi';
  /** Seconds for the decompositions at P = 40 and 2P = 80 (fresh object). */
  seconds: number;
  cpuSeconds: number;
}

export interface EvalProcessRow {
  d: number;
  wallSeconds: number;
  cpuSeconds: number;
  maxRssMiB: number;
  load1: number;
}

export interface ReferenceBench {
  decompositions: ReferenceBenchRow[];
  evalProcess: EvalProcessRow[];
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function decompositions(d: number, route: 'refined' | 'jacobi'): ReferenceBenchRow {
  const c = wishartCase({ seed: 1, index: 0, d });
  const ref = new ReferenceQuadratic(c.H, c.w0, { eigen: route });
  const t0 = performance.now();
  const c0 = cpuSeconds();
  ref.at(40).spectrum();
  ref.at(80).spectrum();
  return { d, route: ref.eigenRoute.get(40) ?? route, seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuSeconds() - c0 };
}

function evalProcess(d: number, dir: string): EvalProcessRow | null {
  const main = join(ROOT, 'dist', 'src', 'cli', 'main.js');
  if (!existsSync(main)) return null;
  const c = wishartCase({ seed: 1, index: 0, d });
  let trace = 0;
  for (let i = 0; i < d; i++) trace += Number(c.H[i][i]);
  const file = join(dir, `case-${d}.json`);
  writeFileSync(file, JSON.stringify({ H: c.H.map((r) => r.map(Number)), w0: c.w0.map(Number), t: 10, eta: [Number((1 / trace).toPrecision(3))] }));
  const load1 = loadavg()[0];
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, main, 'eval', '--input', file, '--json'], { encoding: 'utf8' });
  const wallSeconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`eval at d = ${d} failed: ${r.stderr}`);
  const [u, s, kb] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { d, wallSeconds, cpuSeconds: u + s, maxRssMiB: kb / 1024, load1 };
}

export async function benchReference(options: { ds?: number[]; jacobiMaxD?: number; log?: (s: string) => void } = {}): Promise<ReferenceBench> {
  const { ds = [20, 100, 300], jacobiMaxD = 50, log = () => {} } = options;
  const out: ReferenceBench = { decompositions: [], evalProcess: [] };
  for (const d of ds) {
    log(`reference: decompositions at d = ${d}`);
    out.decompositions.push(decompositions(d, 'refined'));
    if (d <= jacobiMaxD) out.decompositions.push(decompositions(d, 'jacobi'));
  }
  const dir = mkdtempSync(join(tmpdir(), 'l2l-bench-ref-'));
  try {
    for (const d of ds) {
      log(`reference: eval process at d = ${d}`);
      const row = evalProcess(d, dir);
      if (row) out.evalProcess.push(row);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const ds = arg('--d')?.split(',').map(Number);
  const jacobiMaxD = arg('--jacobi-max-d') === undefined ? undefined : Number(arg('--jacobi-max-d'));
  const r = await benchReference({ ds, jacobiMaxD, log: (s) => process.stderr.write(`${s}\n`) });
  process.stdout.write(`${cpus().length} cpus, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
  for (const x of r.decompositions) process.stdout.write(`d = ${x.d} ${x.route}: P = 40 and 80 in ${x.seconds.toFixed(2)} s wall, ${x.cpuSeconds.toFixed(2)} s CPU\n`);
  for (const x of r.evalProcess) {
    process.stdout.write(`eval d = ${x.d} (t = 10, one eta): ${x.wallSeconds.toFixed(1)} s wall, ${x.cpuSeconds.toFixed(1)} s CPU, ${x.maxRssMiB.toFixed(0)} MiB, load ${x.load1.toFixed(1)}\n`);
  }
}
