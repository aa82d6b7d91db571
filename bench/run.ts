import { cpus } from 'node:os';
import { join } from 'node:path';
import { formatTable, writeFileAtomic } from '../src/io/output.js';
import { benchQuadratic, type QuadraticBench } from './quadratic.js';
import { benchLeastSquares, formatLeastSquares } from './leastsquares.js';

/**
 * `npm run bench`: every bench module of bench/, one after the other (never in tests: DESIGN.md).
 * Prints a table on stdout and writes bench/results.json atomically. Progress lines go to stderr.
 * The audit's timings are separate: `npx tsx bench/audit.ts`.
 *
 * Options (after `npm run bench --`): `--only quadratic|leastsquares|networks`, `--skip-large` (no n = 10 000
 * comparisons: those take minutes for the authors' script), `--rounds N` (alternating peer rounds),
 * `--peer-tasks N` (tasks per run of the authors' script at n = 500, default 12).
 */
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

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

let quad: QuadraticBench | undefined;
if (only === undefined || only === 'quadratic') {
  log('bench: quadratic');
  quad = await benchQuadratic({ log });
  results.quadratic = quad;
}

let ls: Awaited<ReturnType<typeof benchLeastSquares>> | undefined;
if (only === undefined || only === 'leastsquares') {
  log('bench: least squares (paper scale, 2 workers; plain simulation; the authors\' script alternately)');
  ls = await benchLeastSquares({
    log,
    skipLarge: args.includes('--skip-large'),
    rounds: args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : undefined,
    peerTasks: args.includes('--peer-tasks') ? Number(args[args.indexOf('--peer-tasks') + 1]) : undefined,
  });
  results.leastSquares = ls;
}
if (only === undefined || only === 'networks') {
  // the MNIST networks' kernels and workers (bench/networks.ts prints its own table)
  log('bench: networks');
  await import('./networks.js');
}
if (only === undefined) results.reference = await (await import('./reference.js')).benchReference({ log }); // issue 9: the reference at d = 20, 100, 300 (bench/reference.ts)
results.totalSeconds = (performance.now() - started) / 1000;

const sig = (x: number, n = 3) => (Number.isFinite(x) ? String(Number(x.toPrecision(n))) : String(x));
const lines: string[] = [];
if (quad) {
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
}
if (ls) lines.push('', ...formatLeastSquares(ls));
lines.push('', `total ${sig(results.totalSeconds as number)} s; ${results.cpus} x ${results.cpuModel}, node ${process.version}`);
process.stdout.write(`${lines.join('\n')}\n`);
writeFileAtomic(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
log('wrote bench/results.json');
