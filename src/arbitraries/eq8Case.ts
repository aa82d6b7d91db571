import * as fc from 'fast-check';
import { checkInt } from './lattice.js';
import { systemCase, type SystemCase } from './systemCase.js';

/** A system (systemCase, α ≤ 1), a horizon T and the seed of its Monte Carlo paths (harrison2022 Eqn 8). */
export interface Eq8Case extends SystemCase {
  T: number;
  seed: number;
}

export interface Eq8CaseConstraints {
  /** Largest horizon T. Default 12. */
  maxT?: number;
}

export function eq8Case(constraints: Eq8CaseConstraints = {}): fc.Arbitrary<Eq8Case> {
  const { maxT = 12 } = constraints;
  checkInt('eq8Case', 'maxT', maxT, 1, 100000);
  return systemCase({ maxA: 8 }).chain((s) => fc.record({ T: fc.integer({ min: 1, max: maxT }), seed: fc.integer({ min: 0, max: 2 ** 30 }) }).map((x) => ({ ...s, ...x })));
}
