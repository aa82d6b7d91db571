import type * as fc from 'fast-check';

/**
 * A claim, defined once (DESIGN.md): the registry entry is shared by vitest (`proofs-checks/`)
 * and by `l2l-verify claims`. Its id is its name everywhere.
 */
export type Verdict = 'held' | 'falsified' | 'error';

/** What one check of one generated case found. */
export interface CheckOutcome {
  /** The claim's predicate held on this case. */
  ok: boolean;
  /**
   * How tight the inequality ran on this case: left side / right side of "left ≤ right"
   * (1 = equality, > 1 = violated). Omit where the claim is not an inequality.
   */
  tightness?: number;
  /** One line for people: what was compared with what, with the numbers. */
  detail?: string;
}

export interface ClaimDefinition<C = unknown> {
  /** Stable id from CLAIMS.md, e.g. "wang2021.claim2.bound"; controls end in ".control-<what>". */
  id: string;
  /** Paper and place: "wang2021 Claim 2 (Appendix A)". */
  source: string;
  /** The statement in words, as checked (hypotheses included). */
  statement: string;
  /** A deliberately wrong variant that the suite must falsify. */
  control: boolean;
  /** For a control: the id of the claim it guards. */
  controlOf?: string;
  /** `held` for a true claim, `falsified` for a control or a published claim found false (a finding). */
  expected: 'held' | 'falsified';
  /** Property runs at scale 1 (CI). L2L_RUNS_SCALE multiplies it. */
  runs: number;
  /** The hypotheses, as a fast-check arbitrary over the whole class the statement admits. */
  arbitrary: () => fc.Arbitrary<C>;
  /** The predicate on one case. Must be deterministic given the case. */
  check: (c: C) => CheckOutcome;
  /** JSON-able description of a case (numbers that may leave float64 range as strings). */
  describe?: (c: C) => unknown;
  /**
   * For a published claim found false: the shrunk counterexample, kept as a literal fixture
   * and replayed by its own test on every run.
   */
  fixture?: C;
}

/** The result of running one claim: plain data (writers only format it). */
export interface ClaimResult extends Pick<ClaimDefinition, 'id' | 'source' | 'statement' | 'control' | 'controlOf' | 'expected'> {
  status: Verdict;
  runs: number;
  seed: number;
  /** fast-check replay path of the failure (`{ seed, path, endOnFailure: true }` replays it). */
  path?: string;
  counterexample?: unknown;
  detail?: string;
  /** Largest observed tightness over the runs (see CheckOutcome.tightness). */
  tightness?: number;
  error?: string;
  ms: number;
}
