import { availableParallelism } from 'node:os';
import { SingleBar, Presets } from 'cli-progress';
import { InputError } from '../errors.js';
import { replayFixture, resultBase, runClaim, runsScale } from './run.js';
import { jsonSafe } from './json.js';
import { ClaimPool, PoolStopped } from './pool.js';
import type { ClaimDefinition, ClaimResult, FrontierScale, Verdict } from './types.js';

/**
 * The ledger: run a list of claims and collect plain data (writers in `format.ts` only format it).
 *
 * In-process (`workers: 0`, the default without `registryModule`) claims run one at a time,
 * synchronously (fast-check's `fc.check`); between two claims the ledger yields to the event loop.
 * With workers, claims run on a pool of worker threads (`pool.ts`), each claim on its own with the
 * same seed as in-process, so every entry is the same whatever the number of workers; entries are
 * put back in the order of the selection (the registry's order).
 *
 * Ctrl-C (SIGINT) or `signal`: no new claim starts; the claims already running finish and are kept,
 * the others are named as not run. A second Ctrl-C (or `stopNow`) also stops the running claims
 * (with workers: their threads are terminated; in-process a synchronous claim cannot be cut short).
 *
 * A claim with a `fixture` (a published claim found false, its shrunk counterexample kept as a
 * literal) also replays the fixture when the random search found nothing: the finding is proved on
 * every run, whatever the seed, and its entry says `foundBy: 'fixture'`.
 */

export interface LedgerEntry extends ClaimResult {
  /** status ≠ expected. */
  mismatch: boolean;
}

/** `--shard I/N`: this ledger holds the I-th of N parts of `ids` (the whole selection, registry order). */
export interface ShardInfo {
  index: number;
  count: number;
  ids: string[];
}

export type LedgerSummary = { total: number; mismatches: number; controls: number } & Record<Verdict, number>;

export interface Ledger {
  /** The seed every claim ran with (fast-check's `seed`). */
  seed: number;
  /** `--runs N` when given: every claim ran exactly N cases. */
  runsOverride?: number;
  /** The L2L_RUNS_SCALE multiplier applied to each claim's own run count (1 when `runsOverride`). */
  runsScale: number;
  /** The id prefix selected (undefined: every claim). */
  only?: string;
  /** `--shard I/N` (undefined: the whole selection). */
  shard?: ShardInfo;
  /** `--frontier`: the scale frontier maps were computed at. */
  frontierScale?: FrontierScale;
  claims: LedgerEntry[];
  /** Selected claims (of this shard) that were not run because the run was interrupted (Ctrl-C). */
  notRun: string[];
  interrupted: boolean;
  summary: LedgerSummary;
  ms: number;
}

/** Default seed of a ledger run (runClaim's default). */
export const DEFAULT_LEDGER_SEED = 20211;

export interface LedgerOptions {
  /** Keep only claims whose id starts with this prefix (several, comma-separated). */
  only?: string;
  /** Run exactly N cases per claim (L2L_RUNS_SCALE does not apply). */
  runs?: number;
  seed?: number;
  /** Replay one failure: fast-check's path, with the seed it was printed with (use with `only` = the claim's id). */
  path?: string;
  /** Run only the `index`-th (1-based) of `count` disjoint parts of the selection. */
  shard?: { index: number; count: number };
  /** Compute each selected claim's frontier map at this scale (`claims --frontier`). */
  frontier?: FrontierScale;
  /**
   * Worker threads (default: every core, at most 8, when `registryModule` is given; else 0 = in-process).
   * The results do not depend on it.
   */
  workers?: number;
  /**
   * URL of a module exporting `allClaims(): ClaimDefinition[]` holding the claims of `all` (workers
   * look the claims up by id there: functions do not cross threads). `REGISTRY_MODULE` for the registry.
   */
  registryModule?: string;
  /** Show a cli-progress bar on stderr: 'auto' (default) when stderr is a TTY. */
  progress?: boolean | 'auto';
  /** Stop on SIGINT (default true; the handler is removed afterwards): a first one stops starting claims, a second stops the running ones. */
  handleSigint?: boolean;
  /** Once aborted, start no new claim (those running finish and are kept). */
  signal?: AbortSignal;
  /** Once aborted, also stop the claims running (with workers; in-process a claim cannot be cut short). */
  stopNow?: AbortSignal;
  /** Called after each claim (in the order they finish; `index` is the claim's place in the selection). */
  onResult?: (entry: LedgerEntry, index: number, total: number) => void;
  /** Run one claim in-process (default: runClaim). Injectable for tests. */
  runOne?: typeof runClaim;
}

/**
 * The known prefixes of a claim list, for messages: every paper ("wang2021"), every family
 * ("wang2021.thm3"), sorted.
 */
export function knownPrefixes(claims: readonly ClaimDefinition<any>[]): string[] {
  const set = new Set<string>();
  for (const c of claims) {
    const parts = c.id.split('.');
    set.add(parts[0]);
    if (parts.length > 2) set.add(parts.slice(0, 2).join('.'));
  }
  return [...set].sort();
}

/**
 * The claims whose id starts with `only` (a plain string prefix: "wang2021.thm3" selects
 * "wang2021.thm3.upper" and every other thm3 claim; several prefixes may be comma-separated).
 * A prefix that selects nothing is an InputError naming the known prefixes.
 */
export function selectClaims<C extends ClaimDefinition<any>>(claims: readonly C[], only?: string): C[] {
  if (only === undefined) return [...claims];
  const prefixes = only
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (prefixes.length === 0) throw new InputError('--only', `needs a claim id prefix, got "${only}"; known prefixes: ${knownPrefixes(claims).join(', ')}`);
  for (const p of prefixes) {
    if (!claims.some((c) => c.id.startsWith(p))) {
      throw new InputError('--only', `no claim id starts with "${p}"; known prefixes: ${knownPrefixes(claims).join(', ') || '(none: the registry is empty)'}`);
    }
  }
  return claims.filter((c) => prefixes.some((p) => c.id.startsWith(p)));
}

/**
 * The I-th (1-based) of N disjoint parts of a selection: every N-th claim starting at the I-th
 * (round robin, so that the slow families spread over the shards). Deterministic, and the union of
 * the N parts is the selection.
 */
export function shardOf<T>(selected: readonly T[], index: number, count: number): T[] {
  return selected.filter((_, i) => i % count === index - 1);
}

function scaleOrInputError(): number {
  try {
    return runsScale();
  } catch (e) {
    throw new InputError('L2L_RUNS_SCALE', `${(e as Error).message.replace(/^L2L_RUNS_SCALE /, '')}; unset it or give a positive number`);
  }
}

/** What one claim of a ledger runs with (the same on every thread). */
export interface EntryOptions {
  seed: number;
  /** Exactly this many cases; undefined: the claim's own count times L2L_RUNS_SCALE. */
  numRuns?: number;
  path?: string;
  frontier?: FrontierScale;
}

/**
 * One ledger entry: the search, the fixture when the search found nothing, the frontier when asked.
 * The counterexample is made JSON-safe here, so an entry computed on a worker thread (structured
 * clone) and one computed in-process are the same data.
 */
export async function runLedgerEntry(claim: ClaimDefinition<any>, o: EntryOptions, runOne: typeof runClaim = runClaim): Promise<LedgerEntry> {
  let result = replayFixture(claim, runOne(claim, { seed: o.seed, ...(o.path ? { path: o.path } : {}), ...(o.numRuns !== undefined ? { numRuns: o.numRuns } : {}) }));
  if (o.frontier !== undefined && claim.frontier) {
    const started = performance.now();
    try {
      result = { ...result, frontier: jsonSafe(await claim.frontier(o.frontier)) as ClaimResult['frontier'] };
    } catch (e) {
      result = { ...result, error: `${result.error ? `${result.error}; ` : ''}frontier: ${(e as Error).message}` };
    }
    result.ms += performance.now() - started;
  }
  if (result.counterexample !== undefined) result = { ...result, counterexample: jsonSafe(result.counterexample) };
  if (result.class !== undefined) result = { ...result, class: jsonSafe(result.class) as ClaimResult['class'] };
  if (result.constants !== undefined) result = { ...result, constants: jsonSafe(result.constants) as ClaimResult['constants'] };
  return { ...result, mismatch: result.status !== claim.expected };
}

/** Count each verdict kind, the mismatches and the controls of a list of entries. */
export function summarize(entries: readonly LedgerEntry[], total: number): LedgerSummary {
  const count = (s: Verdict) => entries.filter((e) => e.status === s).length;
  return {
    total,
    certified: count('certified'),
    held: count('held'),
    witnessed: count('witnessed'),
    falsified: count('falsified'),
    undecided: count('undecided'),
    error: count('error'),
    mismatches: entries.filter((e) => e.mismatch).length,
    controls: entries.filter((e) => e.control).length,
  };
}

/** Workers for a ledger when none are asked for: every core, at most 8. */
export function defaultLedgerWorkers(): number {
  return Math.max(1, Math.min(availableParallelism(), 8));
}

/** Run the selected claims (see the module comment). Throws InputError only for bad options. */
export async function runLedger(all: readonly ClaimDefinition<any>[], options: LedgerOptions = {}): Promise<Ledger> {
  const { only, runs, seed = DEFAULT_LEDGER_SEED, path, shard, frontier, registryModule, progress = 'auto', handleSigint = true, signal, stopNow, onResult, runOne = runClaim } = options;
  if (runs !== undefined && (!Number.isSafeInteger(runs) || runs < 1)) throw new InputError('--runs', `must be an integer >= 1, got ${runs}`);
  if (!Number.isSafeInteger(seed)) throw new InputError('--seed', `must be a safe integer, got ${seed}`);
  if (shard !== undefined && !(Number.isSafeInteger(shard.count) && shard.count >= 1 && Number.isSafeInteger(shard.index) && shard.index >= 1 && shard.index <= shard.count)) {
    throw new InputError('--shard', `must be I/N with 1 <= I <= N, got ${shard.index}/${shard.count}`);
  }
  if (path !== undefined && !/^\d{1,9}(:\d{1,9})*$/.test(path)) throw new InputError('--path', `must be fast-check's replay path as printed (colon-separated integers, e.g. "12:0:3"), got "${path.slice(0, 40)}"`);
  const workers = options.workers ?? (registryModule ? defaultLedgerWorkers() : 0);
  if (!Number.isSafeInteger(workers) || workers < 0) throw new InputError('--workers', `must be an integer >= 1, got ${workers}`);
  if (workers > 0 && !registryModule) throw new Error('runLedger: workers need `registryModule` (the claims are looked up by id on each thread)');
  const selected = selectClaims(all, only);
  const mine = shard ? shardOf(selected, shard.index, shard.count) : selected;
  const scale = scaleOrInputError();
  const entryOptions: EntryOptions = { seed, ...(path ? { path } : {}), ...(runs !== undefined ? { numRuns: runs } : {}), ...(frontier ? { frontier } : {}) };
  const started = performance.now();

  let interrupted = false;
  let stopped = false;
  let pool: ClaimPool | undefined;
  const stopRunning = () => {
    stopped = true;
    void pool?.close();
  };
  const onSigint = () => {
    if (interrupted) {
      process.stderr.write(pool ? '\nstopping the running claims too (they are named as not run)\n' : '\nstill finishing the current claim; it cannot be cut short\n');
      stopRunning();
    } else process.stderr.write('\ninterrupted: no new claim starts; the running ones finish (what is done is kept; Ctrl-C again to stop them)\n');
    interrupted = true;
  };
  if (handleSigint) process.on('SIGINT', onSigint);
  const onStopNow = () => {
    interrupted = true;
    stopRunning();
  };
  stopNow?.addEventListener('abort', onStopNow);
  const showBar = progress === 'auto' ? Boolean(process.stderr.isTTY) : progress;
  const bar = showBar ? new SingleBar({ format: 'claims [{bar}] {value}/{total} {id}', clearOnComplete: true, stream: process.stderr }, Presets.shades_classic) : undefined;
  bar?.start(mine.length, 0, { id: '' });

  const results: Array<LedgerEntry | undefined> = new Array(mine.length);
  let next = 0;
  let done = 0;
  const shouldStop = () => {
    if (signal?.aborted || stopNow?.aborted) interrupted = true;
    return interrupted || stopped;
  };
  const record = (i: number, entry: LedgerEntry) => {
    results[i] = entry;
    bar?.update(++done, { id: entry.id });
    onResult?.(entry, i, mine.length);
  };
  try {
    if (stopNow?.aborted) onStopNow();
    if (workers === 0) {
      for (const [i, claim] of mine.entries()) {
        // let a pending SIGINT handler run before starting the next claim
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (shouldStop()) break;
        record(i, await runLedgerEntry(claim, entryOptions, runOne));
      }
    } else {
      pool = new ClaimPool(registryModule!);
      if (stopped) await pool.close();
      const lane = async () => {
        while (!shouldStop() && next < mine.length) {
          const i = next++;
          try {
            record(i, await pool!.run(mine[i].id, entryOptions));
          } catch (e) {
            if (e instanceof PoolStopped) return;
            // the thread died (out of memory, a crash outside the predicate): an error verdict for this claim
            record(i, { ...errorEntry(mine[i], seed, `worker thread failed: ${(e as Error).message}`) });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(workers, mine.length) }, lane));
    }
  } finally {
    bar?.stop();
    await pool?.close();
    if (handleSigint) process.off('SIGINT', onSigint);
    stopNow?.removeEventListener('abort', onStopNow);
  }
  const entries = results.filter((e): e is LedgerEntry => e !== undefined);
  return {
    seed,
    ...(runs !== undefined ? { runsOverride: runs } : {}),
    runsScale: runs !== undefined ? 1 : scale,
    ...(only !== undefined ? { only } : {}),
    ...(shard ? { shard: { ...shard, ids: selected.map((c) => c.id) } } : {}),
    ...(frontier ? { frontierScale: frontier } : {}),
    claims: entries,
    notRun: mine.filter((_, i) => results[i] === undefined).map((c) => c.id),
    interrupted,
    summary: summarize(entries, mine.length),
    ms: performance.now() - started,
  };
}

function errorEntry(claim: ClaimDefinition<any>, seed: number, error: string): LedgerEntry {
  return {
    ...resultBase(claim, seed),
    status: 'error',
    cases: 0,
    runs: 0,
    error,
    ms: 0,
    mismatch: true,
  };
}

/**
 * The exit code of a ledger run (issue 3): 1 when any verdict differs from its expected verdict,
 * 130 (the shell's code for SIGINT) when the run was interrupted with no mismatch among what ran, else 0.
 */
export function ledgerExitCode(ledger: Pick<Ledger, 'claims' | 'interrupted'>): 0 | 1 | 130 {
  if (ledger.claims.some((e) => e.mismatch)) return 1;
  if (ledger.interrupted) return 130;
  return 0;
}
