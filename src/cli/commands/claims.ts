import { InvalidArgumentError, type Command } from 'commander';
import { runLedger, ledgerExitCode } from '../../claims/ledger.js';
import { formatLedgerTable, ledgerJsonText } from '../../claims/format.js';
import { validateOutputFile, writeFileAtomic } from '../output.js';
import { MAX_RUNS } from '../../limits.js';
import { InputError } from '../../errors.js';
import { parsePositiveInteger } from './metaTrain.js';

/** --seed: any safe integer (fast-check's seed). */
export function parseSeed(flag: string) {
  return (v: string): number => {
    const x = Number(v);
    if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(x)) throw new InvalidArgumentError(`${flag} must be an integer, got "${v}"`);
    return x;
  };
}

/**
 * `claims` (CLI.md "claims", issue 3 item 6): run the registry's claims and print the ledger.
 * Exit code 1 when any verdict differs from its expected verdict, 2 on bad arguments (an unknown
 * prefix names the known ones), 130 when interrupted by Ctrl-C with no mismatch among the claims run.
 */
export function registerClaims(program: Command): void {
  program
    .command('claims')
    .description('check every claim of CLAIMS.md on generated cases and print the ledger (exit 1 when a verdict differs from its expected verdict)')
    .option('--only <prefix>', 'run only claims whose id starts with this prefix (e.g. wang2021.thm3, harrison2022; comma-separate several)')
    .option('--runs <N>', "cases per claim, exactly (default: each claim's own count times L2L_RUNS_SCALE)", parsePositiveInteger('--runs', MAX_RUNS))
    .option('--seed <S>', 'fast-check seed of every claim (default 20211)', parseSeed('--seed'))
    .option('--path <path>', "replay a printed failure: fast-check's path (with --seed and --only <the claim's id>)")
    .option('--json', 'print one JSON document on stdout (CLI.md)')
    .option('--out <file>', 'also write the JSON ledger to this file (atomically)')
    .action(async (opts: { only?: string; runs?: number; seed?: number; path?: string; json?: boolean; out?: string }) => {
      // usage errors before the run (issue 9 items 4-5): the output path, and a replay path of fast-check's form
      if (opts.out !== undefined) validateOutputFile('--out', opts.out);
      if (opts.path !== undefined && !/^\d+(:\d+)*$/.test(opts.path)) throw new InputError('--path', `must be fast-check's replay path, numbers separated by ':' (e.g. 12:0:3), got "${opts.path}"`);
      // loaded here, not at start-up: the registry pulls in every claim family
      const { allClaims } = await import('../../claims/registry.js');
      const ledger = await runLedger(allClaims(), { only: opts.only, runs: opts.runs, seed: opts.seed, path: opts.path });
      const json = ledgerJsonText(ledger);
      if (opts.out !== undefined) writeFileAtomic(opts.out, json);
      process.stdout.write(opts.json ? json : formatLedgerTable(ledger));
      process.exitCode = ledgerExitCode(ledger);
    });
}
