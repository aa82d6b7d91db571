import type * as fc from 'fast-check';

/**
 * A claim, defined once (DESIGN.md): the registry entry is shared by vitest (`proofs-checks/`)
 * and by `l2l-verify claims`. Its id is its name everywhere.
 */
export type Verdict = 'certified' | 'held' | 'witnessed' | 'falsified' | 'undecided' | 'error';

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
  /**
   * This case was proved with directed rounding over the claim's whole continuous range (a
   * certificate, src/certify/), not only at sampled points. A claim every case of which is
   * certified gets status `certified`.
   */
  certified?: boolean;
  /**
   * The inequality could not be decided at the top precision (set `ok: true` with it so the search
   * goes on): the claim's status is then `undecided` unless another case falsifies it. Never held.
   */
  undecided?: boolean;
}

/** The hypothesis class actually generated, as data, beside what the statement admits. */
export interface ClaimClass {
  /** Ranges of what the arbitrary generates: d, t, σ, spectra, ... (plain JSON). */
  generated: Record<string, unknown>;
  /** What the statement admits, in words or as ranges. */
  admitted: Record<string, unknown> | string;
}

/** One point of a frontier map: at these values of the open quantities, which named consequences held. */
export interface FrontierPoint {
  at: Record<string, number>;
  /** Each named consequence of the claim: held (true), failed (false) or not decided (null). */
  holds: Record<string, boolean | null>;
  /** The measured quantities behind the decision (ratios, slopes, errors). */
  values?: Record<string, number>;
}

export type FrontierScale = 'quick' | 'paper';

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
  /** What CI asserts: the claim's status as last established (certified, held or witnessed for a true claim; falsified for a control or a finding; undecided where the ledger records that the check could not decide a case). */
  expected: Exclude<Verdict, 'error'>;
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
  /** For a published claim found false: the step of the published proof (or the sentence of the paper) that breaks. */
  brokenStep?: string;
  /**
   * `universal` (default): a ∀-statement, `held` when no sampled case fails, `certified` when every
   * case is certified. `witnessed`: an existential or asymptotic statement (Θ/Ω, open constants);
   * a passing run is `witnessed`, with `constants` stating what we fixed.
   */
  kind?: 'universal' | 'witnessed';
  /** For `witnessed`: the constants and ranges we fixed (part of the verdict). */
  constants?: Record<string, unknown>;
  /** The class generated beside what the statement admits (ledger `class`). */
  class?: ClaimClass;
  /** For `witnessed`: where each named consequence holds over a grid of the open quantities (`claims --frontier`, the report). */
  frontier?: (scale: FrontierScale) => FrontierPoint[] | Promise<FrontierPoint[]>;
}

/** How a falsified claim's counterexample was found: fast-check's random search, or only the claim's literal fixture. */
export type FoundBy = 'search' | 'fixture';

/** The result of running one claim: plain data (writers only format it). */
export interface ClaimResult extends Pick<ClaimDefinition, 'id' | 'source' | 'statement' | 'control' | 'controlOf' | 'expected'> {
  status: Verdict;
  /**
   * Cases run: generated cases checked (for a search falsification, up to and including the first
   * failing one; shrinking not counted), plus one when the literal fixture was replayed.
   */
  cases: number;
  /** Same as `cases` (the ledger's older name, kept for readers of it). */
  runs: number;
  /** For `held`: 1 − 0.05^(1/cases), the 95% upper confidence bound on the failure rate over the generated class; else null. */
  failureRateUpper95: number | null;
  /** For `falsified`: who found the counterexample. */
  foundBy?: FoundBy;
  /** For `foundBy: 'search'`: the (1-based) run at which fast-check's search first failed. */
  foundAtRun?: number;
  seed: number;
  /** fast-check replay path of the failure (`{ seed, path, endOnFailure: true }` replays it). */
  path?: string;
  counterexample?: unknown;
  detail?: string;
  /** Largest observed tightness over the runs (see CheckOutcome.tightness). */
  tightness?: number;
  error?: string;
  /** The claim's `class`, `constants` (copied so a result is self-contained data). */
  class?: ClaimClass;
  constants?: Record<string, unknown>;
  /** `claims --frontier`: the claim's frontier map (undefined when not asked or the claim has none). */
  frontier?: FrontierPoint[];
  ms: number;
}
