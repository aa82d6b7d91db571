import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { InputError } from '../../errors.js';
import { formatTable, printJson } from '../output.js';
import { SCALES, SETTING_NAMES, type SettingName } from '../../networks/settings.js';
import { defaultMnistWorkers, mnistDocument, runMnist, type MnistResult, type OptimizerName } from '../../networks/index.js';
import { maxWorkers } from '../../limits.js';
import { parseInteger } from './tbtTbv.js';

interface MnistFlags {
  setting?: string;
  optimizer?: string;
  seeds: string;
  scale: string;
  json?: boolean;
  workers?: string;
}

const OPTIMIZERS: OptimizerName[] = ['step-size', 'mlp'];

function parseSeeds(raw: string): number[] {
  const parts = String(raw).split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((s) => !/^\d+$/.test(s))) throw new InputError('--seeds', `must be a comma-separated list of integers >= 0 (e.g. 1,2,3), got "${raw}"`);
  const seeds = parts.map(Number);
  if (seeds.some((s) => !Number.isSafeInteger(s))) throw new InputError('--seeds', `has a seed that is too large: "${raw}"`);
  if (new Set(seeds).size !== seeds.length) throw new InputError('--seeds', `repeats a seed: "${raw}" (repeated seeds repeat the same run)`);
  return seeds;
}

/**
 * Progress on stderr: a bar of jobs done / submitted on a terminal (jobs: η grid points, MLP
 * meta-trainings, test runs; the total grows as later phases submit theirs), otherwise one line
 * per finished job.
 */
function progress() {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar({ stream: process.stderr, format: 'mnist [{bar}] {value}/{total} jobs | {duration_formatted} | {phase}', hideCursor: true }, cliProgress.Presets.shades_classic);
    let started = false;
    return {
      update(p: string, done: number, total: number) {
        if (!started) {
          bar.start(total, done, { phase: p });
          started = true;
        }
        bar.setTotal(total);
        bar.update(done, { phase: p });
      },
      stop: () => started && bar.stop(),
    };
  }
  return {
    update(p: string, done: number, total: number) {
      process.stderr.write(`mnist: ${done}/${total} ${p}\n`);
    },
    stop() {},
  };
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(4) : String(x);
}

function table(r: MnistResult): string {
  const d = r.data;
  const head = `mnist  setting=${r.setting}  optimizer=${r.optimizer}  network=${r.scale.sizes.join('-')}  steps=${r.scale.steps}  data: ${d.train} train + ${d.validation} validation, ${d.test} test, label noise ${d.labelNoise}  (${d.source})`;
  const rows = r.runs.flatMap((s) => [
    [String(s.seed), 'TbT', fmt(s.tbt.trainAcc), fmt(s.tbt.testAcc), fmt(s.tbt.metaLoss), s.tbt.eta === undefined ? '-' : fmt(s.tbt.eta)],
    [String(s.seed), 'TbV', fmt(s.tbv.trainAcc), fmt(s.tbv.testAcc), fmt(s.tbv.metaLoss), s.tbv.eta === undefined ? '-' : fmt(s.tbv.eta)],
    [String(s.seed), 'SGD (tuned on validation)', fmt(s.sgd.trainAcc), fmt(s.sgd.testAcc), '-', fmt(s.sgd.eta)],
  ]);
  return [
    head,
    '',
    formatTable(['seed', 'optimizer', 'train acc', 'test acc', 'meta-loss', 'eta'], rows),
    '',
    `test accuracy gap TbV - TbT: mean ${fmt(r.gap.mean)}, standard error ${fmt(r.gap.se)} over ${r.runs.length} seeds  (${r.seconds.toFixed(1)} s)`,
    '',
  ].join('\n');
}

export function registerMnist(program: Command): void {
  program
    .command('mnist')
    .description('wang2021 Section 5.2 on real MNIST digits: TbT vs TbV for a step-size or MLP learned optimizer, with a tuned-SGD baseline')
    .option('--setting <S>', `one of ${SETTING_NAMES.join(', ')}`)
    .option('--optimizer <O>', `one of ${OPTIMIZERS.join(', ')}`)
    .option('--seeds <LIST>', 'comma-separated seeds; each draws its own split, initialisations and batches', '1,2,3')
    .option('--scale <S>', 'paper (784-100-20-10, the paper sample sizes) or quick (reduced network and data)', 'paper')
    .option('--workers <W>', `worker threads (default: the cores, at most 8; here ${defaultMnistWorkers()}; 0 or 1: in-process); results do not depend on it`)
    .option('--json', 'print one JSON document (CLI.md) on stdout')
    .action(async (flags: MnistFlags) => {
      if (flags.setting === undefined) throw new InputError('--setting', `is required: one of ${SETTING_NAMES.join(', ')}`);
      if (!(SETTING_NAMES as readonly string[]).includes(flags.setting)) throw new InputError('--setting', `must be one of ${SETTING_NAMES.join(', ')}, got "${flags.setting}"`);
      if (flags.optimizer === undefined) throw new InputError('--optimizer', `is required: one of ${OPTIMIZERS.join(', ')}`);
      if (!(OPTIMIZERS as string[]).includes(flags.optimizer)) throw new InputError('--optimizer', `must be one of ${OPTIMIZERS.join(', ')}, got "${flags.optimizer}"`);
      if (flags.scale !== 'paper' && flags.scale !== 'quick') throw new InputError('--scale', `must be paper or quick, got "${flags.scale}"`);
      const seeds = parseSeeds(flags.seeds);
      const workers = flags.workers === undefined ? defaultMnistWorkers() : parseInteger('--workers', flags.workers, 0, maxWorkers());
      const bar = progress();
      let r: MnistResult;
      try {
        r = await runMnist(flags.setting as SettingName, flags.optimizer as OptimizerName, seeds, SCALES[flags.scale], { workers, onProgress: (p, d, n) => bar.update(p, d, n) });
      } finally {
        bar.stop();
      }
      if (flags.json) printJson(mnistDocument(r));
      else process.stdout.write(table(r));
    });
}
