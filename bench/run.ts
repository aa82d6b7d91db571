import { cpus } from 'node:os';
import { join } from 'node:path';
import { formatTable, writeFileAtomic } from '../src/io/output.js';
import { benchQuadratic, type QuadraticBench } from './quadratic.js';
import { benchLeastSquares } from './leastsquares.js';

/**
 * `npm run bench`: every bench module of bench/, one after the other (never in tests: DESIGN.md).
 * Prints a table on stdout and writes bench/results.json atomically. Progress lines go to stderr.
 * The audit's timings are separate: `npx tsx bench/audit.ts`.
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

log('bench: least squares (paper scale, 2 workers)');
const ls = await benchLeastSquares();
results.leastSquares = ls;
results.reference = await (await import('./reference.js')).benchReference({ log }); // issue 9: the reference at d = 20, 100, 300 (bench/reference.ts)
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
const p = ls.phasesCpuSeconds;
lines.push(
  '',
  `least squares, paper scale (d ${ls.config.d}, n ${ls.config.n}, ${ls.config.tasks} tasks, ${ls.config.grid} grid points, t ${ls.config.t}, ${ls.config.testTasks} test tasks, ${ls.config.workers} workers): ` +
    `${sig(ls.wallSeconds)} s wall, peak RSS ${sig(ls.peakRssMiB)} MiB (goal: 20 s, 1 GiB: ${ls.withinGoal ? 'met' : 'NOT met'}); ` +
    `CPU seconds per phase: sampling ${sig(p.sampling)}, Krylov ${sig(p.krylov)}, grid ${sig(p.gridEvaluation)}, test ${sig(p.test)}`,
);
lines.push('', `total ${sig(results.totalSeconds as number)} s; ${results.cpus} x ${results.cpuModel}, node ${process.version}`);
process.stdout.write(`${lines.join('\n')}\n`);
writeFileAtomic(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
log('wrote bench/results.json');
