import * as fc from 'fast-check';
import type { ClaimDefinition, ClaimResult } from './types.js';
import { MAX_RUNS_SCALE } from '../limits.js';

/** Multiplier for every claim's run count: L2L_RUNS_SCALE=10 npm test runs ten times as many cases. */
export function runsScale(): number {
  const raw = process.env.L2L_RUNS_SCALE;
  if (raw === undefined || raw === '') return 1;
  const x = Number(raw);
  if (!Number.isFinite(x) || x <= 0) throw new RangeError(`L2L_RUNS_SCALE must be a positive number, got "${raw}"`);
  if (x > MAX_RUNS_SCALE.max) throw new RangeError(`L2L_RUNS_SCALE is ${raw}, above the limit ${MAX_RUNS_SCALE.max} (${MAX_RUNS_SCALE.why})`);
  return x;
}

export interface RunOptions {
  seed?: number;
  /** Overrides the claim's own run count (before scaling). */
  runs?: number;
  /** Replay a printed failure. */
  path?: string;
}

/** Run one claim with fast-check; never throws (an exception in the predicate is verdict `error`). */
export function runClaim<C>(claim: ClaimDefinition<C>, options: RunOptions = {}): ClaimResult {
  const seed = options.seed ?? 20211;
  const numRuns = Math.max(1, Math.round((options.runs ?? claim.runs) * runsScale()));
  const started = performance.now();
  let tightness: number | undefined;
  // The last failure fast-check met is its (shrunk) counterexample: remember how that one failed.
  let lastFailure: { kind: 'false'; detail?: string } | { kind: 'throw'; message: string } | undefined;
  const base = {
    id: claim.id,
    source: claim.source,
    statement: claim.statement,
    control: claim.control,
    ...(claim.controlOf ? { controlOf: claim.controlOf } : {}),
    expected: claim.expected,
  };
  try {
    const property = fc.property(claim.arbitrary(), (c) => {
      let out;
      try {
        out = claim.check(c);
      } catch (e) {
        lastFailure = { kind: 'throw', message: String((e as Error)?.message ?? e) };
        throw e;
      }
      if (out.tightness !== undefined && Number.isFinite(out.tightness)) {
        tightness = tightness === undefined ? out.tightness : Math.max(tightness, out.tightness);
      }
      if (!out.ok) lastFailure = { kind: 'false', detail: out.detail };
      return out.ok;
    });
    const details = fc.check(property, {
      seed,
      numRuns,
      ...(options.path ? { path: options.path, endOnFailure: true } : {}),
    });
    const ms = performance.now() - started;
    if (!details.failed) return { ...base, status: 'held', runs: details.numRuns, seed, tightness, ms };
    if (lastFailure?.kind !== 'false') {
      // the predicate threw (or fast-check itself failed): not a verdict on the claim
      return {
        ...base,
        status: 'error',
        runs: details.numRuns,
        seed,
        path: details.counterexamplePath ?? undefined,
        error: lastFailure?.kind === 'throw' ? lastFailure.message : String((details.errorInstance as Error)?.message ?? details.errorInstance),
        ms,
      };
    }
    const ce = details.counterexample?.[0] as C;
    return {
      ...base,
      status: 'falsified',
      runs: details.numRuns,
      seed,
      path: details.counterexamplePath ?? undefined,
      counterexample: ce === undefined ? undefined : claim.describe ? claim.describe(ce) : ce,
      detail: lastFailure.detail,
      tightness,
      ms,
    };
  } catch (e) {
    return { ...base, status: 'error', runs: 0, seed, error: (e as Error).message, ms: performance.now() - started };
  }
}
