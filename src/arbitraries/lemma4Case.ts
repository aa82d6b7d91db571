import * as fc from 'fast-check';
import { checkInt } from './lattice.js';
import { systemCase, type SystemCase } from './systemCase.js';

/** A system (systemCase, α ≤ 2, unstable ones included) and 1–4 distinct horizons (harrison2022 Lemma 4). */
export interface Lemma4Case extends SystemCase {
  T: number[];
}

export interface Lemma4CaseConstraints {
  /** Largest horizon. Default 60. */
  maxT?: number;
}

export function lemma4Case(constraints: Lemma4CaseConstraints = {}): fc.Arbitrary<Lemma4Case> {
  const { maxT = 60 } = constraints;
  checkInt('lemma4Case', 'maxT', maxT, 1, 100000);
  return systemCase({ maxA: 16 }).chain((s) =>
    fc.record({ T: fc.uniqueArray(fc.integer({ min: 1, max: maxT }), { minLength: 1, maxLength: 4 }) }).map((x) => ({ ...s, ...x })),
  );
}
