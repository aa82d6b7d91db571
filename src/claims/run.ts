import * as fc from 'fast-check';
import type { ClaimDefinition, ClaimResult, Verdict } from './types.js';
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
  /** Exactly this many cases (neither the claim's count nor L2L_RUNS_SCALE applies). */
  numRuns?: number;
  /** Replay a printed failure. */
  path?: string;
}

/**
 * The 95% upper confidence bound on the failure rate after `cases` independent passing cases:
 * the p with (1 − p)^cases = 0.05, i.e. 1 − 0.05^(1/cases) (≈ 3/cases, the "rule of three").
 * It bounds the rate over the class the arbitrary generates, not over what the statement admits.
 */
export function failureRateUpper95(cases: number): number {
  return 1 - Math.pow(0.05, 1 / cases);
}

/** The run (1-based) at which the search first failed: the first segment of fast-check's path is its 0-based index. */
function runOfPath(path: string | null | undefined): number | undefined {
  const head = path?.split(':')[0];
  const i = head === undefined || head === '' ? NaN : Number(head);
  return Number.isSafeInteger(i) && i >= 0 ? i + 1 : undefined;
}

/**
 * Run one claim with fast-check; never throws (an exception in the predicate is verdict `error`).
 *
 * Status rule (BRIEF "verdict contract"): any failing case -> falsified; else any case undecided ->
 * undecided (never held); else every case certified -> certified; else a `witnessed` claim ->
 * witnessed; else held. Only the generated cases count towards undecided/certified: once a case
 * fails, fast-check's shrinking calls the predicate on candidates that are not samples of the class.
 */
export function runClaim<C>(claim: ClaimDefinition<C>, options: RunOptions = {}): ClaimResult {
  const seed = options.seed ?? 20211;
  const numRuns = options.numRuns ?? Math.max(1, Math.round((options.runs ?? claim.runs) * runsScale()));
  const started = performance.now();
  let tightness: number | undefined;
  // The last failure fast-check met is its (shrunk) counterexample: remember how that one failed.
  let lastFailure: { kind: 'false'; detail?: string } | { kind: 'throw'; message: string } | undefined;
  let sampled = 0;
  let certifiedAll = true;
  let anyUndecided = false;
  const base = resultBase(claim, seed);
  try {
    let undecidedAt: { detail?: string; counterexample: unknown; run: number } | undefined;
    const property = fc.property(claim.arbitrary(), (c) => {
      const sampling = lastFailure === undefined;
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
      if (sampling) {
        sampled++;
        if (out.ok && out.undecided && !anyUndecided) {
          anyUndecided = true;
          // the first undecided case, so the ledger can say which inequality stayed open, and where
          undecidedAt = { detail: out.detail, counterexample: claim.describe ? claim.describe(c) : c, run: sampled };
        }
        if (out.certified !== true) certifiedAll = false;
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
    if (!details.failed) {
      const status: Verdict = anyUndecided ? 'undecided' : certifiedAll ? 'certified' : claim.kind === 'witnessed' ? 'witnessed' : 'held';
      const cases = details.numRuns;
      const open = status === 'undecided' && undecidedAt ? { detail: `undecided at run ${undecidedAt.run}: ${undecidedAt.detail ?? '(no detail)'}`, counterexample: undecidedAt.counterexample } : {};
      return { ...base, status, cases, runs: cases, failureRateUpper95: status === 'held' ? failureRateUpper95(cases) : null, tightness, ...open, ms };
    }
    const path = details.counterexamplePath ?? undefined;
    if (lastFailure?.kind !== 'false') {
      // the predicate threw (or fast-check itself failed): not a verdict on the claim
      return {
        ...base,
        status: 'error',
        cases: sampled,
        runs: sampled,
        path,
        error: lastFailure?.kind === 'throw' ? lastFailure.message : String((details.errorInstance as Error)?.message ?? details.errorInstance),
        ms,
      };
    }
    const ce = details.counterexample?.[0] as C;
    const foundAtRun = runOfPath(path) ?? details.numRuns;
    return {
      ...base,
      status: 'falsified',
      cases: details.numRuns,
      runs: details.numRuns,
      foundBy: 'search',
      foundAtRun,
      path,
      counterexample: ce === undefined ? undefined : claim.describe ? claim.describe(ce) : ce,
      detail: lastFailure.detail,
      tightness,
      ms,
    };
  } catch (e) {
    return { ...base, status: 'error', cases: sampled, runs: sampled, error: (e as Error).message, ms: performance.now() - started };
  }
}

/**
 * Replay a claim's literal fixture after a search that found nothing: falsified (`foundBy:
 * 'fixture'`) when the predicate fails on it. A finding is then proved on every run, whatever the
 * seed, and the gate can still tell that the search stopped finding it.
 */
export function replayFixture(claim: ClaimDefinition<any>, searched: ClaimResult): ClaimResult {
  if (claim.fixture === undefined || searched.status === 'falsified' || searched.status === 'error') return searched;
  const started = performance.now();
  try {
    const out = claim.check(claim.fixture);
    const ms = searched.ms + (performance.now() - started);
    if (out.ok) return { ...searched, ms };
    const tightness = out.tightness !== undefined && Number.isFinite(out.tightness) ? Math.max(searched.tightness ?? -Infinity, out.tightness) : searched.tightness;
    return {
      ...searched,
      status: 'falsified',
      cases: searched.cases + 1,
      runs: searched.cases + 1,
      failureRateUpper95: null,
      foundBy: 'fixture',
      foundAtRun: undefined,
      path: undefined,
      counterexample: claim.describe ? claim.describe(claim.fixture) : claim.fixture,
      detail: out.detail,
      tightness,
      ms,
    };
  } catch (e) {
    return { ...searched, status: 'error', failureRateUpper95: null, error: `fixture: ${(e as Error).message}`, ms: searched.ms + (performance.now() - started) };
  }
}

/** The fields of a result that come from the claim's definition (shared by runClaim and the ledger's error entries). */
export function resultBase(claim: ClaimDefinition<any>, seed: number) {
  return {
    id: claim.id,
    source: claim.source,
    statement: claim.statement,
    control: claim.control,
    ...(claim.controlOf ? { controlOf: claim.controlOf } : {}),
    expected: claim.expected,
    ...(claim.class ? { class: claim.class } : {}),
    ...(claim.constants ? { constants: claim.constants } : {}),
    failureRateUpper95: null,
    seed,
  };
}
