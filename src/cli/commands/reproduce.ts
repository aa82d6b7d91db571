import { Argument, type Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import {
  PAPER_SEED,
  PAPER_TABLE1,
  PAPER_TABLE2,
  PAPER_ROW_OF,
  etaVsT,
  figure1,
  table1,
  table2,
  type ConvergenceTable,
  type EtaVsT,
  type Figure1,
} from '../../quadratic/experiments.js';
import { jsonSafe } from '../../claims/format.js';
import { formatTable, validateOutputFile, writeFileAtomic } from '../output.js';
import { parseSeed } from './claims.js';

export const EXPERIMENTS = ['table1', 'table2', 'fig1', 'fig-eta-vs-t'] as const;
export type ExperimentName = (typeof EXPERIMENTS)[number];

/** A progress bar on stderr when it is a TTY. */
function progressBar(): { onProgress?: (done: number, total: number, label: string) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { stop: () => {} };
  const bar = new SingleBar({ format: '[{bar}] {value}/{total} {label}', clearOnComplete: true, stream: process.stderr }, Presets.shades_classic);
  let started = false;
  return {
    onProgress: (done, total, label) => {
      if (!started) {
        bar.start(total, 0, { label });
        started = true;
      }
      bar.update(done, { label });
    },
    stop: () => started && bar.stop(),
  };
}

const mark = (b: boolean | undefined) => (b === undefined ? '-' : b ? 'yes' : 'no');
const sig = (x: number, n = 6) => (Number.isFinite(x) ? String(Number(x.toPrecision(n))) : String(x));

function header(r: { seed: number; d: number; L: number; alpha: number; w0Norm?: number }): string {
  return (
    `task: d = ${r.d}, H = X^T X (X standard normal), w0 standard normal${r.w0Norm !== undefined ? ` (not normalised, ||w0|| = ${sig(r.w0Norm, 4)})` : ''}, seed ${r.seed}\n` +
    `L = ${sig(r.L)}, alpha = ${sig(r.alpha)}\n`
  );
}

export function formatConvergenceTable(r: ConvergenceTable): string {
  const byT = r.table === 'table1';
  const colName = (row: ConvergenceTable['rows'][number]) => (byT ? `t=${row.t}` : `eta0=${row.eta0}`);
  const methods = r.rows[0]?.cells.map((c) => c.method) ?? [];
  const paperShaped = formatTable(
    ['converged? ours (paper)', ...r.rows.map(colName)],
    methods.map((m) => [
      `${m}${PAPER_ROW_OF[m] ? ` [${PAPER_ROW_OF[m]}]` : ''}`,
      ...r.rows.map((row) => {
        const c = row.cells.find((x) => x.method === m);
        return c ? `${mark(c.converged)} (${mark(c.paper)})` : 'not run';
      }),
    ]),
  );
  const detail = formatTable(
    ['t', 'eta0', 'eta*', 'method', 'converged', 'within 1%', 'eta_K', '|eta_K-eta*|/eta*', 'non-finite', 'zero', 'stuck', 'paper'],
    r.rows.flatMap((row) =>
      row.cells.map((c) => [
        String(row.t),
        String(row.eta0),
        row.etaStarText.slice(0, 12),
        c.method,
        mark(c.converged),
        mark(c.within1pc),
        sig(c.etaFinal),
        c.relError.toExponential(1),
        String(c.nonFinite),
        String(c.zeroGradients),
        c.stuck ? 'yes' : 'no',
        mark(c.paper),
      ]),
    ),
  );
  const what = byT ? `Table 1: t in {${PAPER_TABLE1.t.join(', ')}}, eta0 = ${PAPER_TABLE1.eta0}` : `Table 2: eta0 in {${PAPER_TABLE2.eta0.join(', ')}}, t = ${PAPER_TABLE2.t}`;
  return (
    `${what}; ${r.steps} meta-steps, mu_k = ${r.metaC}/sqrt(k) (RMSProp: learning rate 0.001)\n` +
    header(r) +
    `converged: |eta_K - eta*| <= 1e-3 eta* and every eta_k finite (CLI.md); eta* by the decimal reference\n\n` +
    `${paperShaped}\n\n${detail}\n`
  );
}

export function formatFigure1(r: Figure1): string {
  const K = r.steps;
  const shown = [...new Set([0, 1, 2, 5, 10, 20, 50, 100, 150, 200, 250, 300, 400, 500, 700, K])].filter((k) => k <= K);
  return (
    `Figure 1: eta over ${K} meta-steps, t = ${r.t}, eta0 = ${r.eta0}, seed ${r.seed}\n` +
    `eta* = ${r.etaStarText} (paper: about ${r.paperEtaStar})\n` +
    `stable64 within 1% of eta* from step ${r.settledAt1pc ?? 'never'}, within 0.1% from step ${r.settledAt ?? 'never'} ` +
    `(paper: "converges quickly within 300 steps"); ${r.converged ? 'converged' : 'did NOT converge'}\n` +
    `backprop32 ${r.backprop32Stuck ? 'stuck at eta0 throughout' : 'moved'} (${r.backprop32NonFinite} non-finite meta-gradients; paper: TensorFlow stuck at the initial value, NaN meta-gradient)\n\n` +
    formatTable(
      ['k', 'stable64 eta_k', 'backprop32 eta_k'],
      shown.map((k) => [String(k), sig(r.stable64[k], 8), r.backprop32[k] === undefined ? '-' : sig(r.backprop32[k], 8)]),
    ) +
    '\n'
  );
}

export function formatEtaVsT(r: EtaVsT): string {
  return (
    `eta* against t (ICLR text, Figure 2 "Optimal eta* for different t")\n` +
    header(r) +
    `Claim 1 bracket [1/L, 1/alpha] = [${sig(r.bracket[0])}, ${sig(r.bracket[1])}]; t -> infinity limit 2/(L+alpha) = ${sig(r.limit, 10)}\n` +
    (r.maxRelDiff64 !== undefined ? `float64 rtsafe vs decimal reference: largest relative difference ${r.maxRelDiff64.toExponential(1)}\n` : '') +
    '\n' +
    formatTable(
      ['t', 'eta* (reference)', 'eta* (rtsafe64)', 't eta*'],
      r.points.map((p) => [String(p.t), p.reference ?? '-', sig(p.rtsafe64, 12), sig(p.tEtaStar, 6)]),
    ) +
    '\n'
  );
}

/** `reproduce`: the data of wang2021 Section 5's quadratic experiments, one command each. */
export function registerReproduce(program: Command): void {
  program
    .command('reproduce')
    .description("reproduce wang2021 Section 5's quadratic experiments: Tables 1-2 (which meta-gradients converge), Figure 1 (eta over meta-steps), eta* against t")
    .addArgument(new Argument('<experiment>', 'which experiment').choices([...EXPERIMENTS]))
    .option('--seed <S>', `seed of the random task H = X^T X, w0 (default ${PAPER_SEED})`, parseSeed('--seed'), PAPER_SEED)
    .option('--json', 'print one JSON document on stdout')
    .option('--out <file>', 'also write the JSON document to this file (atomically)')
    .action((experiment: ExperimentName, opts: { seed: number; json?: boolean; out?: string }) => {
      if (opts.out !== undefined) validateOutputFile('--out', opts.out);
      const bar = progressBar();
      let doc: ConvergenceTable | Figure1 | EtaVsT;
      let text: () => string;
      try {
        if (experiment === 'table1' || experiment === 'table2') {
          const r = (experiment === 'table1' ? table1 : table2)({ seed: opts.seed, onProgress: bar.onProgress });
          doc = { ...r, paper: experiment === 'table1' ? PAPER_TABLE1 : PAPER_TABLE2 } as ConvergenceTable;
          text = () => formatConvergenceTable(r);
        } else if (experiment === 'fig1') {
          const r = figure1({ seed: opts.seed });
          doc = r;
          text = () => formatFigure1(r);
        } else {
          const r = etaVsT({ seed: opts.seed, onProgress: bar.onProgress });
          doc = r;
          text = () => formatEtaVsT(r);
        }
      } finally {
        bar.stop();
      }
      const json = `${JSON.stringify({ experiment, ...(jsonSafe(doc) as object) }, null, 2)}\n`;
      if (opts.out !== undefined) writeFileAtomic(opts.out, json);
      process.stdout.write(opts.json ? json : text());
    });
}
