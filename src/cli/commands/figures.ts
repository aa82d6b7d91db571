import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { formatTable, printJson, validateOutputFile, writeFileAtomic } from '../output.js';
import { checkLimit, maxWorkers, MAX_FIGURE_POINTS, MAX_LS_D_TIMES_N, MAX_LS_N, MAX_LS_T_TIMES_DN } from '../../limits.js';
import { FIGURE_SCALES, figureData, type FigureData, type FigureKind, type FigureScale } from '../../leastsquares/figures.js';
import { defaultWorkers, parseInteger, parseReal, progressBar } from './tbtTbv.js';

function parseList(flag: string, raw: string, integer: boolean, min: number): number[] {
  let count = 1;
  for (let i = 0; i < raw.length && count <= MAX_FIGURE_POINTS.max; i++) if (raw.charCodeAt(i) === 44) count++;
  checkLimit(flag, count, MAX_FIGURE_POINTS, 'the list length');
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

async function runFigure(kind: FigureKind, flags: FigureFlags): Promise<void> {
  if (!(flags.scale in FIGURE_SCALES) || flags.scale === 'smoke') throw new InputError('--scale', `must be "paper" or "quick", got "${flags.scale}"`);
  const scaleName = flags.scale as FigureScale;
  const scale = FIGURE_SCALES[scaleName];
  const seed = parseInteger('--seed', flags.seed, 0);
  if (flags.out !== undefined) validateOutputFile('--out', flags.out);
  const workers = flags.workers === undefined ? defaultWorkers() : parseInteger('--workers', flags.workers, 0, maxWorkers());
  const sigmas = kind === 'sigma' && flags.sigmas ? parseList('--sigmas', flags.sigmas, false, 0) : undefined;
  const ns = kind === 'n' && flags.ns ? parseList('--ns', flags.ns, true, 2) : undefined;
  for (const n of ns ?? []) {
    if (n % 2 !== 0) throw new InputError('--ns', `every n must be even (TbV splits it in halves), got ${n}`);
    checkLimit('--ns', n, MAX_LS_N, 'n');
    checkLimit('--ns', n * scale.d, MAX_LS_D_TIMES_N, `d*n (d = ${scale.d} at this scale)`);
    checkLimit('--ns', scale.t * (n + scale.d), MAX_LS_T_TIMES_DN, 't*(d + n)');
  }
  const bar = progressBar(flags.progress);
  // Ctrl-C keeps what is done: the run stops after the current point; the finished points go to --out, marked incomplete.
  let interrupted = false;
  const onInt = () => {
    interrupted = true;
    process.stderr.write('\ninterrupted: finishing the current point, then writing what is done\n');
  };
  process.once('SIGINT', onInt);
  let doc: FigureData;
  try {
    doc = await figureData(kind, scaleName, { seed, workers, sigmas, ns, onProgress: (p, d, m) => bar.update(p, d, m), shouldStop: () => interrupted });
  } finally {
    bar.stop();
    process.off('SIGINT', onInt);
  }
  if (flags.out !== undefined) writeFileAtomic(flags.out, `${JSON.stringify(doc, null, 2)}\n`);
  if (interrupted) process.exitCode = 130;
  if (flags.json) {
    printJson(doc);
    return;
  }
  const points = doc.points;
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
    `${doc.figure} (${scaleName} scale, d=${scale.d}, t=${scale.t}, m=${scale.tasks}, ${scale.testTasks} test tasks)\n` +
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
