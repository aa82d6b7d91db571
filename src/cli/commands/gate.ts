import type { Command } from 'commander';
import { runGate } from '../../gate/run.js';

export { runGate, GATE_AUDIT } from '../../gate/run.js';

/**
 * `gate --baseline FILE [--update]`: runs the ledger and the audit with fixed seeds and compares
 * them with a committed baseline: exit 1 with a readable diff when a verdict changes or an audited
 * digit count drops by more than one; --update rewrites the baseline (atomically).
 */
export function registerGate(program: Command): void {
  program
    .command('gate')
    .description('CI gate: run the ledger and the audit with fixed seeds and compare them with a baseline (exit 1 on a changed verdict or a drop of more than one digit)')
    .requiredOption('--baseline <file>', 'baseline JSON (e.g. gate-baseline.json in the repository)')
    .option('--update', 'write the current results as the new baseline')
    .action(async (opts: { baseline: string; update?: boolean }) => {
      const r = await runGate({ baseline: opts.baseline, update: opts.update, log: (l) => process.stderr.isTTY && process.stderr.write(`${l}\n`) });
      process.stdout.write(r.text);
      process.exitCode = r.code;
    });
}
