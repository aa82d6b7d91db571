import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decimalArith } from '../src/arith/decimal.js';
import { float32, float64 } from '../src/arith/float.js';
import type { Arith } from '../src/arith/types.js';
import { paperQuadratic, referenceEtaStar } from '../src/quadratic/experiments.js';
import { backprop, closedForm, forward, stable, type MetaValue } from '../src/quadratic/methods.js';
import { DenseBackprop } from '../src/quadratic/backpropDense.js';
import { Quadratic } from '../src/quadratic/problem.js';
import { ReferenceQuadratic } from '../src/quadratic/reference.js';

/**
 * Quadratic benchmarks (issue 2, "bench/"): G' evaluations per second for each method at d = 20
 * after one eigen-decomposition (t = 40 and t = 1000), the decimal reference's time for one point
 * (a fresh ReferenceQuadratic, so its Jacobi decompositions at P and 2P are included) at d = 20,
 * t = 1000, and a whole `eval` process (compiled with tsc and run by node, and run through tsx),
 * wall time, median of 3. The task is the paper's (H = XᵀX, X 20×20 standard normal, seed 2021).
 * Timings are of this machine and this run; compare ratios within one run only.
 */

const ROOT = resolve(import.meta.dirname, '..');

export interface MethodRate {
  method: string;
  t: number;
  evalsPerSecond: number;
  evals: number;
  /** What one evaluation returned at η = η*(t) (NaN/±Infinity show a method's range failure). */
  dGAtEtaStar: string;
}

export interface QuadraticBench {
  d: number;
  seed: number;
  rates: MethodRate[];
  /** ReferenceQuadratic.point(η*, 1000) on a fresh object, seconds: median of `runs`, and each run. */
  reference: { t: number; seconds: number; runs: number[]; precision: number; dGDigits: number };
  /** Whole `eval --input case --json` processes, wall seconds, median of 3. */
  evalProcess: {
    case: { d: number; t: number; etas: number };
    node?: { seconds: number; runs: number[] };
    tsx?: { seconds: number; runs: number[] };
    tscSeconds?: number;
    note?: string;
  };
  ratios: Record<string, number>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Evaluations per second of f, run for at least `minMs` and at least `minEvals` times (after one warm-up). */
function rate(f: (i: number) => unknown, minMs: number, minEvals = 3): { perSecond: number; evals: number } {
  f(0);
  let n = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < minMs || n < minEvals) {
    f(n++);
    elapsed = performance.now() - t0;
  }
  return { perSecond: (n * 1000) / elapsed, evals: n };
}

type Method = { name: string; arith: Arith<any>; fn: <T>(q: Quadratic<T>, eta: T, t: number) => MetaValue<T>; needsSpectrum: boolean };

export async function benchQuadratic(options: { seed?: number; minMs?: number; log?: (s: string) => void } = {}): Promise<QuadraticBench> {
  const { seed = 2021, minMs = 400, log = () => {} } = options;
  const task = paperQuadratic(seed);
  const methods: Method[] = [
    { name: 'closedForm64', arith: float64('ieee'), fn: closedForm, needsSpectrum: true },
    { name: 'stable64', arith: float64('ieee'), fn: stable, needsSpectrum: true },
    { name: 'backprop64', arith: float64('ieee'), fn: backprop, needsSpectrum: false },
    { name: 'backprop32', arith: float32('ieee'), fn: backprop, needsSpectrum: false },
    { name: 'forward64', arith: float64('ieee'), fn: forward, needsSpectrum: false },
    { name: 'closedFormDecimal40', arith: decimalArith(40), fn: closedForm, needsSpectrum: true },
  ];
  const rates: MethodRate[] = [];
  const refT = 1000;
  for (const t of [40, refT]) {
    const etaStar = referenceEtaStar(task, t).value;
    // three step sizes around η*, so no method is timed on one lucky value
    const etas = [0.5 * etaStar, etaStar, 1.5 * etaStar];
    for (const m of methods) {
      const q = Quadratic.fromText(m.arith, task.HText, task.w0Text);
      if (m.needsSpectrum) q.spectrum(); // the one eigen-decomposition, outside the timing
      const etaValues = etas.map((e) => m.arith.fromNumber(e));
      const r = rate((i) => m.fn(q, etaValues[i % 3], t), minMs);
      const atStar = m.fn(q, etaValues[1], t).dG;
      rates.push({ method: m.name, t, evalsPerSecond: r.perSecond, evals: r.evals, dGAtEtaStar: m.arith.toString(atStar, 6) });
      log(`  ${m.name} t=${t}: ${r.perSecond.toPrecision(3)} G'/s`);
    }
    // the flat-array tape that meta-training and the audit use (bit-identical to backprop in IEEE mode)
    for (const [name, arith, round] of [['backpropDense64', float64('ieee'), (x: number) => x], ['backpropDense32', float32('ieee'), Math.fround]] as const) {
      const q = Quadratic.fromText(arith, task.HText, task.w0Text);
      const dense = new DenseBackprop(q.H, q.w0, round);
      const etaValues = etas.map((e) => round(e));
      const r = rate((i) => dense.dG(etaValues[i % 3], t), minMs);
      rates.push({ method: name, t, evalsPerSecond: r.perSecond, evals: r.evals, dGAtEtaStar: arith.toString(dense.dG(etaValues[1], t), 6) });
      log(`  ${name} t=${t}: ${r.perSecond.toPrecision(3)} G'/s`);
    }
  }

  // the decimal reference at one point, a fresh object each run (Jacobi at P and 2P included)
  const etaStarRef = referenceEtaStar(task, refT).text;
  const refRuns: number[] = [];
  let precision = 0;
  let dGDigits = 0;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    const p = new ReferenceQuadratic(task.HText, task.w0Text).point(etaStarRef, refT);
    refRuns.push((performance.now() - t0) / 1000);
    precision = p.dG.precision;
    dGDigits = p.dG.digits;
  }
  log(`  reference point t=${refT}: ${median(refRuns).toFixed(2)} s`);

  const evalProcess = benchEvalProcess(task, log);

  const get = (m: string, t: number) => rates.find((r) => r.method === m && r.t === t)?.evalsPerSecond ?? NaN;
  const ratios: Record<string, number> = {
    'stable64 / backprop64 (t=40)': get('stable64', 40) / get('backprop64', 40),
    'stable64 / backprop64 (t=1000)': get('stable64', 1000) / get('backprop64', 1000),
    'backprop64 / backprop32 (t=1000)': get('backprop64', 1000) / get('backprop32', 1000),
    'backpropDense64 / backprop64 (t=1000)': get('backpropDense64', 1000) / get('backprop64', 1000),
    'backprop64 / forward64 (t=1000)': get('backprop64', 1000) / get('forward64', 1000),
    'stable64 / closedFormDecimal40 (t=1000)': get('stable64', 1000) / get('closedFormDecimal40', 1000),
    'reference point (t=1000) / stable64 eval': median(refRuns) * get('stable64', 1000),
  };
  if (evalProcess.node && evalProcess.tsx) ratios['eval process: tsx / node'] = evalProcess.tsx.seconds / evalProcess.node.seconds;
  return { d: task.d, seed, rates, reference: { t: refT, seconds: median(refRuns), runs: refRuns, precision, dGDigits }, evalProcess, ratios };
}

/** `eval --input case --json` as a whole process: node on tsc's output, and tsx on the sources. */
function benchEvalProcess(task: ReturnType<typeof paperQuadratic>, log: (s: string) => void): QuadraticBench['evalProcess'] {
  const t = 80;
  const etas = ['0.01', '0.0267', '0.1'];
  const out: QuadraticBench['evalProcess'] = { case: { d: task.d, t, etas: etas.length } };
  const dir = mkdtempSync(join(tmpdir(), 'l2l-bench-'));
  try {
    const casePath = join(dir, 'case.json');
    writeFileSync(casePath, JSON.stringify({ H: task.H, w0: task.w0, t, eta: etas.map(Number) }));
    const time3 = (cmd: string, args: string[]): { seconds: number; runs: number[] } | string => {
      const runs: number[] = [];
      for (let k = 0; k < 3; k++) {
        const t0 = performance.now();
        const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
        runs.push((performance.now() - t0) / 1000);
        if (r.status !== 0) return `${cmd} ${args.join(' ')} exited ${r.status}: ${(r.stderr ?? '').split('\n')[0]}`;
        if (k === 0) JSON.parse(r.stdout); // it printed one JSON document
      }
      return { seconds: median(runs), runs };
    };
    const notes: string[] = [];
    const t0 = performance.now();
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, encoding: 'utf8' });
    out.tscSeconds = (performance.now() - t0) / 1000;
    // tsc emits even when it reports errors (another module mid-edit); only a missing main.js stops us
    if (tsc.status !== 0) notes.push(`tsc reported errors (${(tsc.stdout || tsc.stderr).split('\n')[0]}); timed its output anyway`);
    const mainJs = join(ROOT, 'dist', 'src', 'cli', 'main.js');
    if (existsSync(mainJs)) {
      const r = time3(process.execPath, [mainJs, 'eval', '--input', casePath, '--json']);
      if (typeof r === 'string') notes.push(r);
      else out.node = r;
      log(`  eval process (node dist): ${typeof r === 'string' ? r : `${r.seconds.toFixed(2)} s`}`);
    } else notes.push('dist/src/cli/main.js missing after tsc');
    const tsxCli = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const r = time3(process.execPath, [tsxCli, join(ROOT, 'src', 'cli', 'main.ts'), 'eval', '--input', casePath, '--json']);
    if (typeof r === 'string') notes.push(r);
    else out.tsx = r;
    log(`  eval process (tsx): ${typeof r === 'string' ? r : `${r.seconds.toFixed(2)} s`}`);
    if (notes.length) out.note = notes.join('; ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchQuadratic({ log: (s) => process.stderr.write(`${s}\n`) });
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
}
