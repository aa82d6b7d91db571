import { SingleBar, Presets } from 'cli-progress';
import { InputError } from '../errors.js';
import { runClaim, runsScale } from './run.js';
import type { ClaimDefinition, ClaimResult } from './types.js';

/**
 * The ledger: run a list of claims and collect plain data (writers in `format.ts` only format it).
 *
 * Claims run one at a time, synchronously (fast-check's `fc.check`); between two claims the ledger
 * yields to the event loop, so a Ctrl-C (SIGINT) received during a claim stops the run after that
 * claim, keeping every verdict reached so far and naming the claims not run. A second Ctrl-C cannot
 * cut a claim short either (the predicate is synchronous), it is noted and the same stop applies.
 *
 * A claim with a `fixture` (a published claim found false, its shrunk counterexample kept as a
 * literal) also replays the fixture when the random search held: the finding is proved on every run,
 * whatever the seed.
 */

export interface LedgerEntry extends ClaimResult {
  /** Where the counterexample came from: fast-check's search (replay with seed + path) or the claim's literal fixture. */
  counterexampleFrom?: 'search' | 'fixture';
  /** status ≠ expected. */
  mismatch: boolean;
}

export interface Ledger {
  /** The seed every claim ran with (fast-check's `seed`). */
  seed: number;
  /** `--runs N` when given: every claim ran exactly N cases. */
  runsOverride?: number;
  /** The L2L_RUNS_SCALE multiplier applied to each claim's own run count (1 when `runsOverride`). */
  runsScale: number;
  /** The id prefix selected (undefined: every claim). */
  only?: string;
  claims: LedgerEntry[];
  /** Selected claims that were not run because the run was interrupted (Ctrl-C). */
  notRun: string[];
  interrupted: boolean;
  summary: { total: number; held: number; falsified: number; error: number; mismatches: number; controls: number };
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
  /** Show a cli-progress bar on stderr: 'auto' (default) when stderr is a TTY. */
  progress?: boolean | 'auto';
  /** Stop after the current claim on SIGINT (default true; the handler is removed afterwards). */
  handleSigint?: boolean;
  /** Stop after the current claim once aborted. */
  signal?: AbortSignal;
  /** Called after each claim. */
  onResult?: (entry: LedgerEntry, index: number, total: number) => void;
  /** Run one claim (default: runClaim). Injectable for tests. */
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

function scaleOrInputError(): number {
  try {
    return runsScale();
  } catch (e) {
    throw new InputError('L2L_RUNS_SCALE', `${(e as Error).message.replace(/^L2L_RUNS_SCALE /, '')}; unset it or give a positive number`);
  }
}

/** Replay a claim's literal fixture; a falsified entry when the predicate fails on it. */
function replayFixture(claim: ClaimDefinition<any>, held: ClaimResult): ClaimResult & { counterexampleFrom?: 'fixture' } {
  if (claim.fixture === undefined) return held;
  const started = performance.now();
  try {
    const out = claim.check(claim.fixture);
    const ms = held.ms + (performance.now() - started);
    if (out.ok) return { ...held, ms };
    const tightness = out.tightness !== undefined && Number.isFinite(out.tightness) ? Math.max(held.tightness ?? -Infinity, out.tightness) : held.tightness;
    return {
      ...held,
      status: 'falsified',
      runs: held.runs + 1,
      counterexample: claim.describe ? claim.describe(claim.fixture) : claim.fixture,
      counterexampleFrom: 'fixture',
      detail: out.detail,
      tightness,
      ms,
    };
  } catch (e) {
    return { ...held, status: 'error', error: `fixture: ${(e as Error).message}`, ms: held.ms + (performance.now() - started) };
  }
}

/** Run the selected claims (see the module comment). Throws InputError only for bad options. */
export async function runLedger(all: readonly ClaimDefinition<any>[], options: LedgerOptions = {}): Promise<Ledger> {
  const { only, runs, seed = DEFAULT_LEDGER_SEED, path, progress = 'auto', handleSigint = true, signal, onResult, runOne = runClaim } = options;
  if (runs !== undefined && (!Number.isSafeInteger(runs) || runs < 1)) throw new InputError('--runs', `must be an integer >= 1, got ${runs}`);
  if (!Number.isSafeInteger(seed)) throw new InputError('--seed', `must be a safe integer, got ${seed}`);
  const selected = selectClaims(all, only);
  const scale = scaleOrInputError();
  const started = performance.now();

  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.stderr.write('\nstill finishing the current claim; it cannot be cut short\n');
    else process.stderr.write('\ninterrupted: stopping after the current claim (what is done is kept)\n');
    interrupted = true;
  };
  if (handleSigint) process.on('SIGINT', onSigint);
  const showBar = progress === 'auto' ? Boolean(process.stderr.isTTY) : progress;
  const bar = showBar ? new SingleBar({ format: 'claims [{bar}] {value}/{total} {id}', clearOnComplete: true, stream: process.stderr }, Presets.shades_classic) : undefined;
  bar?.start(selected.length, 0, { id: '' });

  const entries: LedgerEntry[] = [];
  try {
    for (const [i, claim] of selected.entries()) {
      // let a pending SIGINT handler run before starting the next claim
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (interrupted || signal?.aborted) {
        interrupted = true;
        break;
      }
      bar?.update(i, { id: claim.id });
      // --runs N: exactly N cases (runClaim multiplies by L2L_RUNS_SCALE; divide it back out)
      let result: ClaimResult & { counterexampleFrom?: 'search' | 'fixture' } = runOne(claim, { seed, ...(path ? { path } : {}), ...(runs !== undefined ? { runs: runs / scale } : {}) });
      if (result.status === 'held') result = replayFixture(claim, result);
      else if (result.status === 'falsified') result = { ...result, counterexampleFrom: 'search' };
      const entry: LedgerEntry = { ...result, mismatch: result.status !== claim.expected };
      entries.push(entry);
      bar?.update(i + 1, { id: claim.id });
      onResult?.(entry, i, selected.length);
    }
  } finally {
    bar?.stop();
    if (handleSigint) process.off('SIGINT', onSigint);
  }
  const doneIds = new Set(entries.map((e) => e.id));
  const count = (s: string) => entries.filter((e) => e.status === s).length;
  return {
    seed,
    ...(runs !== undefined ? { runsOverride: runs } : {}),
    runsScale: runs !== undefined ? 1 : scale,
    ...(only !== undefined ? { only } : {}),
    claims: entries,
    notRun: selected.filter((c) => !doneIds.has(c.id)).map((c) => c.id),
    interrupted,
    summary: {
      total: selected.length,
      held: count('held'),
      falsified: count('falsified'),
      error: count('error'),
      mismatches: entries.filter((e) => e.mismatch).length,
      controls: entries.filter((e) => e.control).length,
    },
    ms: performance.now() - started,
  };
}

/**
 * The exit code of a ledger run (issue 3): 1 when any verdict differs from its expected verdict,
 * 130 (the shell's code for SIGINT) when the run was interrupted with no mismatch among what ran, else 0.
 */
export function ledgerExitCode(ledger: Ledger): 0 | 1 | 130 {
  if (ledger.claims.some((e) => e.mismatch)) return 1;
  if (ledger.interrupted) return 130;
  return 0;
}
