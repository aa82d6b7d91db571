import type * as fc from 'fast-check';
import type { CheckOutcome, ClaimClass, ClaimDefinition, FrontierPoint, FrontierScale, Verdict } from '../claims/types.js';

/** What a user writes to state a claim; `defineClaim` fills in the rest of a ClaimDefinition. */
export interface ClaimInput<C> {
  /** The claim's name everywhere (test title, failure message, replay): letters, digits and . _ - : / @, no spaces. */
  id: string;
  /** The statement in words, hypotheses included. */
  statement: string;
  /** Its hypotheses as a fast-check arbitrary (e.g. from `l2l-verify/arbitraries`), or a function building one. */
  arbitrary: fc.Arbitrary<C> | (() => fc.Arbitrary<C>);
  /** The predicate on one case: a boolean, or a CheckOutcome with `tightness` and a `detail` line. Deterministic given the case. */
  check: (c: C) => boolean | CheckOutcome;
  /** Where it comes from (paper, theorem, equation). Default "user claim". */
  source?: string;
  /** A deliberately wrong variant the suite must falsify. Default false. */
  control?: boolean;
  /** For a control: the id of the claim it guards. Default none. */
  controlOf?: string;
  /** Default: "falsified" for a control, "witnessed" for kind "witnessed", else "held". */
  expected?: Exclude<Verdict, 'error' | 'undecided'>;
  /** Property runs at L2L_RUNS_SCALE = 1. Default 100 (fast-check's; 59 runs already bound the failure rate below 5% at 95%). */
  runs?: number;
  /** JSON-able description of a case, for the failure message. Default: the case itself. */
  describe?: (c: C) => unknown;
  /** A published claim found false: the shrunk counterexample, replayed by a test of its own. Default none. */
  fixture?: C;
  /** "universal" (a ∀-statement, default) or "witnessed" (existential or asymptotic, with `constants`). */
  kind?: 'universal' | 'witnessed';
  /** For "witnessed": the constants and ranges fixed. */
  constants?: Record<string, unknown>;
  /** The class generated beside what the statement admits. */
  class?: ClaimClass;
  /** For "witnessed": where each named consequence holds over a grid. */
  frontier?: (scale: FrontierScale) => FrontierPoint[] | Promise<FrontierPoint[]>;
}

/** The defaults `defineClaim` applies. */
export const CLAIM_DEFAULTS = { source: 'user claim', control: false, runs: 100 } as const;

const VERDICTS: readonly string[] = ['certified', 'held', 'witnessed', 'falsified'];

function fail(id: string, field: string, message: string): never {
  throw new TypeError(`defineClaim(${JSON.stringify(id)}): ${field}: ${message}`);
}

/**
 * Builds a ClaimDefinition from the fields a user must give (id, statement, arbitrary, check) and
 * the defaults above, checking each field (a wrong one throws a TypeError naming it). Pass the
 * result to `claimSuite`: one test per claim, fast-check's shrinking, the seed and path of a failure
 * and the line that replays it, as for the claims of l2l-verify itself.
 *
 * @example
 *   defineClaim({
 *     id: 'mine.trace-bound',
 *     statement: 'tr H ≤ d·L for every SPD H',
 *     arbitrary: spdMatrix({ maxDim: 8 }),
 *     check: (c) => c.H.reduce((s, row, i) => s + row[i], 0) <= c.d * c.eigenvalues[0] * (1 + 1e-12),
 *   });
 */
export function defineClaim<C>(input: ClaimInput<C>): ClaimDefinition<C> {
  if (input === null || typeof input !== 'object') throw new TypeError('defineClaim: expected an object { id, statement, arbitrary, check, ... }');
  const { id, statement, arbitrary, check } = input;
  if (typeof id !== 'string' || !/^[\w.:@/-]+$/.test(id)) fail(String(id), 'id', 'must be a non-empty string of letters, digits and . _ - : / @ (no spaces: it names the test and the replay)');
  if (typeof statement !== 'string' || statement.trim() === '') fail(id, 'statement', 'must be a non-empty string');
  if (typeof check !== 'function') fail(id, 'check', 'must be a function (case) => boolean | { ok, ... }');
  const isArbitrary = (a: unknown): a is fc.Arbitrary<C> => a !== null && typeof a === 'object' && typeof (a as { generate?: unknown }).generate === 'function';
  if (typeof arbitrary !== 'function' && !isArbitrary(arbitrary)) fail(id, 'arbitrary', 'must be a fast-check Arbitrary or a function returning one');
  const { source = CLAIM_DEFAULTS.source, control = CLAIM_DEFAULTS.control, runs = CLAIM_DEFAULTS.runs, kind = 'universal' } = input;
  const expected = input.expected ?? (control ? 'falsified' : kind === 'witnessed' ? 'witnessed' : 'held');
  if (typeof source !== 'string') fail(id, 'source', 'must be a string');
  if (typeof control !== 'boolean') fail(id, 'control', 'must be a boolean');
  if (!VERDICTS.includes(expected)) fail(id, 'expected', `must be one of ${VERDICTS.join(', ')}, got ${String(expected)}`);
  if (!Number.isSafeInteger(runs) || runs < 1) fail(id, 'runs', `must be an integer >= 1, got ${String(runs)}`);
  if (kind !== 'universal' && kind !== 'witnessed') fail(id, 'kind', `must be "universal" or "witnessed", got ${String(kind)}`);
  if (input.controlOf !== undefined && !control) fail(id, 'controlOf', 'is set but control is false');

  const arb = typeof arbitrary === 'function' ? (arbitrary as () => fc.Arbitrary<C>) : () => arbitrary;
  return {
    id,
    source,
    statement,
    control,
    ...(input.controlOf !== undefined ? { controlOf: input.controlOf } : {}),
    expected,
    runs,
    arbitrary: arb,
    check: (c: C): CheckOutcome => {
      const out = check(c);
      if (typeof out === 'boolean') return { ok: out };
      if (out === null || typeof out !== 'object' || typeof out.ok !== 'boolean') {
        throw new TypeError(`${id}: check returned ${out === null ? 'null' : typeof out}, not a boolean or { ok: boolean, ... }`);
      }
      return out;
    },
    ...(input.describe ? { describe: input.describe } : {}),
    ...(input.fixture !== undefined ? { fixture: input.fixture } : {}),
    kind,
    ...(input.constants ? { constants: input.constants } : {}),
    ...(input.class ? { class: input.class } : {}),
    ...(input.frontier ? { frontier: input.frontier } : {}),
  };
}
