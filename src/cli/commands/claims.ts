import { availableParallelism } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import { InputError } from '../../errors.js';
import { runLedger, ledgerExitCode, defaultLedgerWorkers } from '../../claims/ledger.js';
import { formatLedgerTable, ledgerJsonText } from '../../claims/format.js';
import type { FrontierScale } from '../../claims/types.js';
import { validateOutputFile, writeFileAtomic } from '../output.js';
import { MAX_RUNS } from '../../limits.js';
import { parsePositiveInteger } from './metaTrain.js';

/** --seed: any safe integer (fast-check's seed). */
export function parseSeed(flag: string) {
  return (v: string): number => {
    const x = Number(v);
    if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(x)) throw new InvalidArgumentError(`${flag} must be an integer, got "${v}"`);
    return x;
  };
}

/** Most shards a ledger can be split into (more than there are claims only gives empty shards). */
export const MAX_SHARDS = 1000;

/** --shard I/N: 1 <= I <= N <= MAX_SHARDS. */
export function parseShard(v: string): { index: number; count: number } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(v);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1 && count <= MAX_SHARDS && index >= 1 && index <= count)) {
    throw new InvalidArgumentError(`--shard must be I/N with 1 <= I <= N <= ${MAX_SHARDS} (e.g. 2/4), got "${v}"`);
  }
  return { index, count };
}

/** --workers N: 1 <= N <= the machine's cores (more threads than cores only share them). */
export function parseWorkers(v: string): number {
  const cores = availableParallelism();
  const x = Number(v);
  if (!/^\s*\d+\s*$/.test(v) || !Number.isSafeInteger(x) || x < 1 || x > cores) {
    throw new InvalidArgumentError(`--workers must be an integer from 1 to ${cores} (this machine's cores), got "${v}"`);
  }
  return x;
}

/** --path: fast-check's replay path, colon-separated non-negative integers ("12:0:3"). */
export function parsePath(v: string): string {
  if (!/^\d{1,9}(:\d{1,9}){0,9999}$/.test(v)) {
    throw new InvalidArgumentError(`--path must be fast-check's replay path as printed (colon-separated integers, e.g. "12:0:3"), got "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`);
  }
  return v;
}

function parseScale(v: string): FrontierScale {
  if (v !== 'quick' && v !== 'paper') throw new InvalidArgumentError(`--scale must be quick or paper, got "${v}"`);
  return v;
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
    .option('--path <path>', "replay a printed failure: fast-check's path (with --seed and --only <the claim's id>)", parsePath)
    .option('--shard <I/N>', 'run only the I-th of N disjoint parts of the selected claims (same seeds; join the parts with `merge`)', parseShard)
    .option('--workers <N>', `worker threads running claims (default: the cores, at most 8; here ${defaultLedgerWorkers()}); results do not depend on it`, parseWorkers)
    .option('--frontier', "also compute each selected claim's frontier map (where each named consequence holds over a grid)")
    .option('--scale <scale>', 'grid of --frontier: quick (coarse, default) or paper (full)', parseScale)
    .option('--json', 'print one JSON document on stdout (CLI.md)')
    .option('--out <file>', 'also write the JSON ledger to this file (atomically)')
    .action(async (opts: { only?: string; runs?: number; seed?: number; path?: string; shard?: { index: number; count: number }; workers?: number; frontier?: boolean; scale?: FrontierScale; json?: boolean; out?: string }) => {
      if (opts.out !== undefined) validateOutputFile('--out', opts.out);
      if (opts.scale !== undefined && !opts.frontier) throw new InputError('--scale', 'sets the grid of --frontier; add --frontier (a plain claims run computes no frontier)');
      // loaded here, not at start-up: the registry pulls in every claim family
      const { allClaims, REGISTRY_MODULE } = await import('../../claims/registry.js');
      const ledger = await runLedger(allClaims(), {
        only: opts.only,
        runs: opts.runs,
        seed: opts.seed,
        path: opts.path,
        shard: opts.shard,
        workers: opts.workers,
        registryModule: REGISTRY_MODULE,
        ...(opts.frontier ? { frontier: opts.scale ?? 'quick' } : {}),
      });
      const json = ledgerJsonText(ledger);
      if (opts.out !== undefined) writeFileAtomic(opts.out, json);
      process.stdout.write(opts.json ? json : formatLedgerTable(ledger));
      process.exitCode = ledgerExitCode(ledger);
    });
}
