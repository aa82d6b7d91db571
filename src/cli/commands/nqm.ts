import type { Command } from 'commander';
import { decimalArith, decimalText } from '../../arith/decimal.js';
import { readExactJson } from '../../io/json.js';
import { refinedEigenvalues } from '../../nqm/eigen.js';
import { expectedLossDoubling } from '../../nqm/loss.js';
import { dynamicsMatrix, type NqmSystem } from '../../nqm/model.js';
import { parseNqmCase, type NqmCaseText } from '../../nqm/input.js';
import { EIG_PRECISION, theorem1Conditions } from '../../nqm/stability.js';
import { formatTable, printJson } from '../output.js';
import { stageProgress, type StageProgress } from '../progress.js';

/**
 * `nqm` (CLI.md): harrison2022's noisy quadratic model for one system: A's spectrum, Theorem 1's
 * conditions, and the exact expected loss (Eqn 8 with the ½ of Eqn 4, see src/nqm/loss.ts).
 *
 * Everything is computed in decimal from the input's text: A at 80 digits for the eigenvalues
 * (Aberth refinement, ≥ 30 correct digits at simple eigenvalues), the loss at 60 digits by doubling
 * (O(d³ log T) per horizon). Printed values carry 20 significant digits.
 */
export interface NqmDocument {
  rho: string;
  eigA: Array<{ re: string; im: string }>;
  eigPReal: boolean;
  theorem1Conditions: boolean | null;
  loss: Array<{ T: number; expected: string; deterministic: string }>;
}

const DIGITS = 20;
const LOSS_PRECISION = 60;

export function evaluateNqm(c: NqmCaseText, progress?: StageProgress): NqmDocument {
  // d³ decimal work in each stage: seconds from d ≈ 30
  const long = c.H.length >= 30;
  progress?.update(`spectrum of A (${EIG_PRECISION} digits)`, 0, 3, long);
  const E = decimalArith(EIG_PRECISION);
  const toE = (M: string[][]) => M.map((r) => r.map((x) => E.fromString(x)));
  const A = dynamicsMatrix(E, toE(c.H), toE(c.P), E.fromString(c.alpha));
  const eig = refinedEigenvalues(A, { precision: EIG_PRECISION });
  progress?.update("Theorem 1's conditions", 1, 3, long);
  const t1 = theorem1Conditions(c.H, c.P, c.alpha);
  progress?.update(`expected loss (${LOSS_PRECISION} digits)`, 2, 3, long);
  const L = decimalArith(LOSS_PRECISION);
  const toL = (M: string[][]) => M.map((r) => r.map((x) => L.fromString(x)));
  const sys: NqmSystem<import('decimal.js').Decimal> = {
    H: toL(c.H),
    P: toL(c.P),
    alpha: L.fromString(c.alpha),
    SigmaXi: toL(c.SigmaXi),
    phi0: c.phi0.map((x) => L.fromString(x)),
  };
  const points = new Map(expectedLossDoubling(L, sys, c.T).map((p) => [p.T, p]));
  const text = (x: import('decimal.js').Decimal) => decimalText(x.toSignificantDigits(DIGITS));
  return {
    rho: text(eig.rho),
    eigA: eig.values.map((z) => ({ re: text(z.re), im: text(z.im) })),
    eigPReal: t1.spectrum.real,
    theorem1Conditions: t1.conditions,
    loss: c.T.map((T) => {
      const p = points.get(T)!;
      return { T, expected: text(p.expected), deterministic: text(p.deterministic) };
    }),
  };
}

export function registerNqm(program: Command): void {
  program
    .command('nqm')
    .description("harrison2022's noisy quadratic model: spectrum of A = I - alpha H - P H, Theorem 1's conditions, exact expected loss (Eqn 8)")
    .requiredOption('--input <file>', 'sys.json: {"H": number[][], "P": number[][], "alpha": number, "SigmaXi": number[][], "phi0": number[], "T": integer[]}')
    .option('--json', 'print one JSON document on stdout (CLI.md)')
    .option('--progress', 'show progress on stderr even when it is not a terminal (shown after 2 s)')
    .action((opts: { input: string; json?: boolean; progress?: boolean }) => {
      const c = parseNqmCase(readExactJson(opts.input));
      const bar = stageProgress('nqm', opts.progress);
      let doc: NqmDocument;
      try {
        doc = evaluateNqm(c, bar);
      } finally {
        bar.stop();
      }
      if (opts.json) return printJson(doc);
      const fmtEig = (z: { re: string; im: string }) => (z.im === '0' ? z.re : `${z.re} ${z.im.startsWith('-') ? '-' : '+'} ${z.im.replace(/^-/, '')}i`);
      process.stdout.write(
        `rho(A) = ${doc.rho}   (${Number(doc.rho) < 1 ? 'stable' : Number(doc.rho) === 1 ? 'marginally stable' : 'unstable'})\n` +
          `eigenvalues of A (by modulus): ${doc.eigA.map(fmtEig).join(', ')}\n` +
          `P has real eigenvalues: ${doc.eigPReal}   Theorem 1 conditions (9)-(10): ${doc.theorem1Conditions === null ? 'n/a (P has non-real eigenvalues)' : doc.theorem1Conditions}\n\n`,
      );
      process.stdout.write(
        formatTable(
          ['T', 'expected loss', 'deterministic loss'],
          doc.loss.map((p) => [String(p.T), p.expected, p.deterministic]),
        ) + '\n\nloss = E[(1/T) sum_{t=1..T} 1/2 (phi_t - xi_t)^T H (phi_t - xi_t)] (Eqn 8 with the 1/2 of Eqn 4); deterministic: SigmaXi = 0.\n',
      );
    });
}
