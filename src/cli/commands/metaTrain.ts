import { InvalidArgumentError, Option, type Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { decimalText } from '../../arith/decimal.js';
import { formatNumber } from '../../arith/float.js';
import { readExactJson } from '../../io/json.js';
import { isUnitNorm, parseQuadraticCase } from '../../quadratic/input.js';
import { metaMethods, metaTrain, type MetaMethod } from '../../quadratic/metaTrain.js';
import { ReferenceQuadratic } from '../../quadratic/reference.js';
import { formatTable, printJson, warn } from '../output.js';
import { stageProgress } from '../progress.js';
import { convergedPerCli } from '../../quadratic/experiments.js';
import { MAX_STEPS, type Limit } from '../../limits.js';

export function parsePositiveNumber(flag: string, allowZero = false) {
  return (v: string): number => {
    const x = Number(v);
    if (v.trim() === '' || !Number.isFinite(x) || x < 0 || (!allowZero && x === 0)) {
      throw new InvalidArgumentError(`${flag} must be a finite number ${allowZero ? '>= 0' : '> 0'}, got "${v}"`);
    }
    return x;
  };
}

/** An integer >= 1, and at most `limit.max` when a limit is given (src/limits.ts: the message names it and why). */
export function parsePositiveInteger(flag: string, limit?: Limit) {
  return (v: string): number => {
    const x = Number(v);
    if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(x) || x < 1) {
      throw new InvalidArgumentError(`${flag} must be an integer >= 1, got "${v}"`);
    }
    if (limit && x > limit.max) throw new InvalidArgumentError(`${flag} is ${v.trim()}, above the limit ${limit.max} (${limit.why})`);
    return x;
  };
}

export interface MetaTrainDocument {
  etaStar: string;
  etaFinal: string;
  converged: boolean;
  trajectory: string[];
}

export function registerMetaTrain(program: Command): void {
  program
    .command('meta-train')
    .description("meta-train the step size by projected meta-GD, eta_k = max(0, eta_{k-1} - mu_k G'(eta_{k-1})), mu_k = c/sqrt(k) (wang2021 Theorem 4)")
    .requiredOption('--input <file>', 'case.json (its "eta" field is ignored)')
    .requiredOption('--eta0 <x>', 'initial step size (>= 0)', parsePositiveNumber('--eta0', true))
    .requiredOption('--steps <K>', 'number of meta-steps', parsePositiveInteger('--steps', MAX_STEPS))
    .addOption(new Option('--method <m>', "how G' is computed").choices([...metaMethods]).default('stable64'))
    .addOption(new Option('--optimizer <o>', 'meta-optimizer: projected GD (the theorem) or RMSProp (TensorFlow defaults)').choices(['gd', 'rmsprop']).default('gd'))
    .option('--c <c>', 'c in mu_k = c/sqrt(k) (0.01 as in the experiments; Theorem 4 uses 1)', parsePositiveNumber('--c'), 0.01)
    .option('--json', 'print one JSON document on stdout (CLI.md)')
    .action((opts: { input: string; eta0: number; steps: number; method: MetaMethod; optimizer: 'gd' | 'rmsprop'; c: number; json?: boolean }) => {
      const c = parseQuadraticCase(readExactJson(opts.input), { requireEta: false });
      if (!isUnitNorm(c.w0)) warn('w0 is not of unit norm; the theorem bounds assume ||w0|| = 1');
      const pre = stageProgress('meta-train', undefined);
      let etaStar;
      try {
        etaStar = new ReferenceQuadratic(c.H, c.w0, { onEigen: (P) => pre.update(`eta* (eigen-decomposition at ${P} digits)`, 0, 1, c.H.length >= 60) }).etaStar(c.t);
      } finally {
        pre.stop();
      }
      const bar = process.stderr.isTTY && opts.steps >= 2000 ? new SingleBar({ clearOnComplete: true }, Presets.shades_classic) : undefined;
      bar?.start(opts.steps, 0);
      const result = metaTrain(c.H, c.w0, c.t, { eta0: opts.eta0, steps: opts.steps, method: opts.method, optimizer: opts.optimizer, c: opts.c }, bar && ((k) => k % 100 === 0 && bar.update(k)));
      bar?.stop();
      const etaFinal = result.trajectory[result.trajectory.length - 1];
      const doc: MetaTrainDocument = {
        etaStar: decimalText(etaStar.value.toSignificantDigits(Math.max(12, Math.min(30, Math.floor(etaStar.digits))))),
        etaFinal: formatNumber(etaFinal),
        converged: convergedPerCli(result.trajectory, etaStar.value.toNumber()),
        trajectory: result.trajectory.map((x) => formatNumber(x)),
      };
      if (opts.json) return printJson(doc);
      const K = result.trajectory.length - 1;
      const shown = [...new Set([0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, K])].filter((k) => k <= K);
      process.stdout.write(
        `method ${opts.method}, optimizer ${opts.optimizer}, t = ${c.t}, eta0 = ${opts.eta0}, ${K} meta-steps\n` +
          `eta* = ${doc.etaStar}\n\n` +
          formatTable(['k', 'eta_k'], shown.map((k) => [String(k), doc.trajectory[k]])) +
          `\n\nfinal eta ${doc.etaFinal}; ${doc.converged ? 'converged' : 'did NOT converge'} (|eta_K - eta*| <= 1e-3 eta*, all finite); ` +
          `${result.nonFinite} non-finite and ${result.zeroGradients} zero meta-gradients\n`,
      );
    });
}
