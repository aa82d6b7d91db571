import type { Decimal } from 'decimal.js';
import { decimalArith } from '../arith/decimal.js';
import type { Arith } from '../arith/types.js';
import { Quadratic } from './problem.js';
import { closedForm, scaledSums, type MetaValue } from './methods.js';
import { significantDigits } from './digits.js';
import { etaStarOf } from './etaStar.js';
import { RefinedEigenSolver } from '../linalg/refine.js';

/**
 * The arbitrary-precision reference. Every value is computed in decimal.js at precision P and at 2P
 * (each with its own eigen-decomposition at that precision: a float64 decomposition refined by
 * Ogita–Aishima's iteration in exact fixed point, linalg/refine.ts, or cyclic Jacobi in decimal when
 * the refinement declines, for clustered eigenvalues or entries spanning too many orders of
 * magnitude), and only the digits on which the two agree are promised; P is doubled until the promised digits reach what is asked, up to `maxPrecision`.
 * Inputs are the exact decimal texts (a double is passed as its exact expansion).
 *
 * Accuracy: each reported value carries `digits`, a lower estimate of its correct significant
 * digits relative to |value| (the P/2P agreement, which over-estimates only if both precisions
 * shared an error larger than the P-digit one: they share nothing but the input text).
 */
export interface ReferenceValue {
  value: Decimal;
  digits: number;
  precision: number;
}

export interface ReferenceOptions {
  /** Called before each eigen-decomposition (at precision P), the step that takes seconds at d in the hundreds. */
  onEigen?: (P: number) => void;
  /** How the eigen-decomposition at each precision is computed: 'refined' (default) or 'jacobi'. */
  eigen?: 'refined' | 'jacobi';
  /** Starting working precision P (default 40). */
  startPrecision?: number;
  /** Give up raising P beyond this (default 1280); the value then promises what it agreed to. */
  maxPrecision?: number;
}

export interface ReferencePoint {
  F: ReferenceValue;
  G: ReferenceValue;
  dF: ReferenceValue;
  dG: ReferenceValue;
  /** S = 2 Σ cᵢ²λᵢ²|1−ηλᵢ|^{2t−1} / Σ cᵢ²λᵢ(1−ηλᵢ)^{2t}: the size of the terms that cancel in G' (CLI.md). */
  S: Decimal;
}

export class ReferenceQuadratic {
  private readonly atPrecision = new Map<number, Quadratic<Decimal>>();
  readonly startPrecision: number;
  readonly maxPrecision: number;
  readonly eigen: 'refined' | 'jacobi';
  private readonly onEigen?: (P: number) => void;
  private solver?: RefinedEigenSolver;
  /** Per precision, the route its eigen-decomposition took (for specs and the bench). */
  readonly eigenRoute = new Map<number, 'refined' | 'jacobi'>();

  constructor(
    readonly H: readonly (readonly string[])[],
    readonly w0: readonly string[],
    options: ReferenceOptions = {},
  ) {
    const { startPrecision = 40, maxPrecision = 1280, eigen = 'refined' } = options;
    this.startPrecision = startPrecision;
    this.maxPrecision = maxPrecision;
    this.eigen = eigen;
    this.onEigen = options.onEigen;
  }

  /** The task in decimal at precision P (eigen-decomposition cached per P). */
  at(P: number): Quadratic<Decimal> {
    let q = this.atPrecision.get(P);
    if (!q) {
      this.onEigen?.(P);
      const A = decimalArith(P);
      q = Quadratic.fromText(A, this.H, this.w0);
      let route: 'refined' | 'jacobi' = 'jacobi';
      if (this.eigen === 'refined') {
        this.solver ??= new RefinedEigenSolver(this.H, this.w0);
        const s = this.solver.spectrum(A, P);
        if (s) {
          q.withSpectrum({ lambda: s.lambda, c: s.c });
          route = 'refined';
        }
      }
      this.eigenRoute.set(P, route);
      this.atPrecision.set(P, q);
    }
    return q;
  }

  /**
   * Runs `compute` at P and 2P, doubling P until every named value agrees to `need[name]` digits.
   * Returns the 2P values with their agreed digits.
   */
  refine<K extends string>(compute: (q: Quadratic<Decimal>, A: Arith<Decimal>) => Record<K, Decimal>, need: Record<K, number>): { values: Record<K, ReferenceValue>; precision: number } {
    let P = this.startPrecision;
    for (;;) {
      const lo = compute(this.at(P), decimalArith(P));
      const hi = compute(this.at(2 * P), decimalArith(2 * P));
      const values = {} as Record<K, ReferenceValue>;
      let enough = true;
      for (const k of Object.keys(need) as K[]) {
        const digits = agreement(lo[k], hi[k], P);
        values[k] = { value: hi[k], digits, precision: 2 * P };
        if (digits < need[k]) enough = false;
      }
      if (enough || 2 * P >= this.maxPrecision) return { values, precision: 2 * P };
      P *= 2;
    }
  }

  /** F, G, F', G' and S at η (decimal text, exact) after t steps. G' to ≥ 20 digits, the rest to ≥ 12. */
  point(eta: string, t: number, need: { dG?: number; other?: number } = {}): ReferencePoint {
    const { dG: needDG = 20, other = 12 } = need;
    const { values } = this.refine(
      (q, A) => {
        const v: MetaValue<Decimal> = closedForm(q, A.fromString(eta), t);
        return { F: v.F, G: v.G, dF: v.dF, dG: v.dG };
      },
      { F: other, G: other, dF: other, dG: needDG },
    );
    const q = this.at(values.dG.precision);
    return { ...values, S: cancellationScale(q, q.arith.fromString(eta), t) };
  }

  /** η*, the unique stationary point of G (Theorem 4), to ≥ `need` digits (default 12). */
  etaStar(t: number, need = 12): ReferenceValue {
    return this.refine((q) => ({ etaStar: etaStarOf(q, t) }), { etaStar: need }).values.etaStar;
  }
}

/** Digits on which a (at precision P) and b (at 2P) agree, relative to |b|; P when identical. */
export function agreement(a: Decimal, b: Decimal, P: number): number {
  if (a.isNaN() || b.isNaN()) return 0;
  if (!a.isFinite() || !b.isFinite()) return a.eq(b) ? P : 0;
  if (a.eq(b)) return P;
  return significantDigits(a, b, undefined, P);
}

/** S of CLI.md: 2 Σ cᵢ²λᵢ²|1−ηλᵢ|^{2t−1} / Σ cᵢ²λᵢ(1−ηλᵢ)^{2t}, computed scaled so it never overflows. */
export function cancellationScale<T>(q: Quadratic<T>, eta: T, t: number): T {
  const A = q.arith;
  const { s, num, den } = scaledSums(q, eta, t, { absolute: true });
  return A.div(A.mul(A.fromNumber(2), num), A.mul(s, den));
}
