import type { Command } from 'commander';
import { Decimal } from 'decimal.js';
import { decimalText } from '../../arith/decimal.js';
import { readExactJson } from '../../io/json.js';
import { evaluateCase } from '../../quadratic/evaluate.js';
import { isUnitNorm, parseQuadraticCase } from '../../quadratic/input.js';
import { formatTable, printJson, warn } from '../output.js';
import { stageProgress } from '../progress.js';

export { evaluateCase, type EvalDocument, type EvalDetail } from '../../quadratic/evaluate.js';

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description("F, G, F', G' of a quadratic at several step sizes; G' by every method beside the arbitrary-precision reference")
    .requiredOption('--input <file>', 'case.json: {"H": number[][], "w0": number[], "t": integer, "eta": number[]}')
    .option('--json', 'print one JSON document on stdout (CLI.md)')
    .option('--progress', 'show progress on stderr even when it is not a terminal (shown after 2 s)')
    .action((opts: { input: string; json?: boolean; progress?: boolean }) => {
      const c = parseQuadraticCase(readExactJson(opts.input));
      if (!isUnitNorm(c.w0)) warn('w0 is not of unit norm; the theorem bounds (Theorem 3, Claims 2-3) assume ||w0|| = 1');
      const bar = stageProgress('eval', opts.progress);
      let detail;
      try {
        detail = evaluateCase(c, (stage, done, total, long) => bar.update(stage, done, total, long));
      } finally {
        bar.stop();
      }
      const { digits, ...doc } = detail;
      if (opts.json) return printJson(doc);
      process.stdout.write(
        `L = ${doc.L}   alpha = ${doc.alpha}   cMin = ${doc.cMin}   t = ${c.t}\n` +
          `eta* = ${doc.etaStar}   Claim 2 bound on |G'| = ${doc.claim2Bound}\n\n`,
      );
      const short = (s: string) => (s.length > 16 ? decimalText(new Decimal(s).toSignificantDigits(10)) : s);
      const rows = doc.points.map((p, i) => [
        p.eta,
        short(p.F),
        short(p.dG.reference),
        ...(['closedForm64', 'stable64', 'backprop64', 'backprop32'] as const).map(
          (m) => `${short(p.dG[m])} (${digits[i][m].toFixed(1)})`,
        ),
      ]);
      process.stdout.write(
        formatTable(["eta", 'F', "G' reference", 'closedForm64 (digits)', 'stable64 (digits)', 'backprop64 (digits)', 'backprop32 (digits)'], rows) +
          "\n\ndigits: significant digits against the reference, relative to max(|G'|, S) (CLI.md); NaN marks a method whose intermediates left its range.\n",
      );
    });
}
