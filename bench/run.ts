import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { formatTable, writeFileAtomic } from '../src/cli/output.js';
import { benchQuadratic, type QuadraticBench } from './quadratic.js';

/**
 * `npm run bench`: every bench module of bench/, one after the other (never in tests: DESIGN.md).
 * Prints a table on stdout and writes bench/results.json atomically. Progress lines go to stderr.
 * The least-squares bench (bench/leastsquares.ts) runs when that module exists.
 */

const here = import.meta.dirname;
const log = (s: string) => process.stderr.write(`${s}\n`);
const started = performance.now();

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
};

log('bench: quadratic');
const quad: QuadraticBench = await benchQuadratic({ log });
results.quadratic = quad;

let ls: unknown;
if (existsSync(join(here, 'leastsquares.ts')) || existsSync(join(here, 'leastsquares.js'))) {
  log('bench: least squares');
  // resolved at run time, so bench/ also runs before that module exists
  const modulePath = './leastsquares.js';
  const mod = (await import(modulePath)) as { benchLeastSquares?: () => Promise<unknown> };
  if (typeof mod.benchLeastSquares === 'function') {
    ls = await mod.benchLeastSquares();
    results.leastSquares = ls;
  } else log('  bench/leastsquares.ts exports no benchLeastSquares: skipped');
} else log('bench: least squares skipped (bench/leastsquares.ts not found)');
results.totalSeconds = (performance.now() - started) / 1000;

const sig = (x: number, n = 3) => (Number.isFinite(x) ? String(Number(x.toPrecision(n))) : String(x));
const lines: string[] = [];
lines.push(`G' evaluations per second at d = ${quad.d} (after one eigen-decomposition; paper task, seed ${quad.seed})`);
const ts = [...new Set(quad.rates.map((r) => r.t))];
const methodNames = [...new Set(quad.rates.map((r) => r.method))];
lines.push(
  formatTable(
    ['method', ...ts.map((t) => `t = ${t}`), ...ts.map((t) => `G'(eta*) t=${t}`)],
    methodNames.map((m) => [
      m,
      ...ts.map((t) => sig(quad.rates.find((r) => r.method === m && r.t === t)?.evalsPerSecond ?? NaN)),
      ...ts.map((t) => quad.rates.find((r) => r.method === m && r.t === t)?.dGAtEtaStar ?? '-'),
    ]),
  ),
);
lines.push('');
const ep = quad.evalProcess;
lines.push(
  formatTable(
    ['timing', 'seconds (median of 3)', 'runs'],
    [
      [`decimal reference, one point, d = ${quad.d}, t = ${quad.reference.t} (fresh object: Jacobi at P and 2P)`, sig(quad.reference.seconds), quad.reference.runs.map((x) => sig(x)).join(' ')],
      [`eval process, node dist/ (d = ${ep.case.d}, t = ${ep.case.t}, ${ep.case.etas} etas)`, ep.node ? sig(ep.node.seconds) : '-', ep.node?.runs.map((x) => sig(x)).join(' ') ?? ''],
      [`eval process, tsx src/`, ep.tsx ? sig(ep.tsx.seconds) : '-', ep.tsx?.runs.map((x) => sig(x)).join(' ') ?? ''],
    ],
  ),
);
if (ep.note) lines.push(`note: ${ep.note}`);
lines.push('', formatTable(['ratio (same run)', 'value'], Object.entries(quad.ratios).map(([k, v]) => [k, sig(v)])));
if (ls && typeof ls === 'object') {
  const l = ls as { config?: Record<string, unknown>; wallSeconds?: number; peakRssMiB?: number; withinGoal?: boolean };
  lines.push(
    '',
    `least squares (${Object.entries(l.config ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')}): ` +
      `${sig(l.wallSeconds ?? NaN)} s wall, peak RSS ${sig(l.peakRssMiB ?? NaN)} MiB${l.withinGoal === undefined ? '' : l.withinGoal ? ' (within goal)' : ' (OVER goal)'}`,
  );
}
lines.push('', `total ${sig(results.totalSeconds as number)} s; ${results.cpus} x ${results.cpuModel}, node ${process.version}`);
process.stdout.write(`${lines.join('\n')}\n`);
writeFileAtomic(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
log('wrote bench/results.json');
