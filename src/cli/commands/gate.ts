import type { Command } from 'commander';
import { runGate } from '../../gate/run.js';
import { parseWorkers } from './claims.js';

export { runGate, GATE_AUDIT } from '../../gate/run.js';

/**
 * `gate --baseline FILE [--update]`: runs the ledger and the audit with fixed seeds and compares
 * them with a committed baseline: exit 1 with a readable diff when a status changes (a weakening
 * such as certified -> held included), a finding is no longer found by the search, or an audited
 * digit count drops by more than one; --update rewrites the baseline (only once the whole run has
 * finished, atomically). Ctrl-C: exit 130, saying so on stderr; the baseline is never touched then.
 * Progress goes to stderr, one line per claim.
 */
export function registerGate(program: Command): void {
  program
    .command('gate')
    .description('CI gate: run the ledger and the audit with fixed seeds and compare them with a baseline (exit 1 on a changed verdict, a finding the search no longer finds, or a drop of more than one digit)')
    .requiredOption('--baseline <file>', 'baseline JSON (e.g. gate-baseline.json in the repository)')
    .option('--update', 'write the current results as the new baseline (only after the whole run finished)')
    .option('--workers <N>', 'worker threads for the ledger (default: the cores, at most 8); results do not depend on it', parseWorkers)
    .action(async (opts: { baseline: string; update?: boolean; workers?: number }) => {
      const ac = new AbortController();
      let sigints = 0;
      const onSigint = () => {
        sigints++;
        if (sigints === 1) {
          process.stderr.write(`\ngate: interrupted; stopping${opts.update ? ` (the baseline "${opts.baseline}" will not be written)` : ''}\n`);
          ac.abort();
        } else {
          // a second Ctrl-C while the audit finishes: nothing is being written (writes are synchronous), so leave now
          process.stderr.write(`gate: interrupted again; exiting${opts.update ? `, the baseline "${opts.baseline}" left untouched` : ''}\n`);
          process.exit(130);
        }
      };
      process.on('SIGINT', onSigint);
      try {
        const r = await runGate({ baseline: opts.baseline, update: opts.update, workers: opts.workers, signal: ac.signal, log: (l) => process.stderr.write(`${l}\n`) });
        if (r.message) process.stderr.write(`${r.message}\n`);
        process.stdout.write(r.text);
        process.exitCode = r.code;
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}
