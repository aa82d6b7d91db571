import type { Decimal } from 'decimal.js';
import { decimalArith, decimalText } from '../arith/decimal.js';
import type { Arith } from '../arith/types.js';
import type { CheckOutcome } from './types.js';

/**
 * The exact decision of inequalities between decimal quantities, shared by the claims that compare
 * closed forms evaluated in arbitrary precision (wang2021 Section 3).
 *
 * How an inequality "lhs ≤ rhs" is decided: both sides are evaluated at P and at 2P digits
 * (P = 40, doubled up to 640 while undecided); it is decided only when the gap |rhs − lhs| at 2P
 * exceeds four times the P-vs-2P difference of both sides (an estimate of the P-digit error that
 * over-covers the 2P one by ~10^P). Identical sides at both precisions are a structural equality
 * (the same operations on the same terms), decided by the inequality's strictness.
 *
 * An evaluation that throws at a precision below the top is retried with twice the digits.
 * An inequality (or a hypothesis) that no precision up to 640 digits decides is `undecided`: the
 * outcome is `ok: true, undecided: true` (the search goes on; the claim's status becomes
 * `undecided`, never `held`). A falsification must be certain.
 */

type Dec = Decimal;

/** First precision tried (digits). */
export const DECIDE_P0 = 40;
/** Top precision (digits): an inequality still undecided here is reported `undecided`. */
export const DECIDE_PMAX = 640;

/** "lhs ≤ rhs" (or "<" when strict). */
export interface Ineq {
  name: string;
  lhs: Dec;
  rhs: Dec;
  strict?: boolean;
}

export interface Evaluation {
  /** Hypotheses of the statement, as inequalities; a case violating one is vacuous. */
  hyp: Ineq[];
  /** The statement's inequalities on this case. */
  ineqs: Ineq[];
}

export type IneqStatus = 'holds' | 'fails' | 'undecided';

/** The status of one inequality from its evaluations at P (`a`) and 2P (`b`); `A` works at 2P. */
export function ineqStatus(a: Ineq, b: Ineq, A: Arith<Dec>): IneqStatus {
  if (!b.lhs.isFinite() || !b.rhs.isFinite() || b.lhs.isNaN() || b.rhs.isNaN()) return 'undecided';
  const err = A.add(A.abs(A.sub(a.lhs, b.lhs)), A.abs(A.sub(a.rhs, b.rhs)));
  const gap = A.sub(b.rhs, b.lhs);
  const margin = A.mul(A.fromNumber(4), err);
  // Identical sides at both precisions: a structural equality (both sides the same operations on the
  // same terms, e.g. the triangle inequality with terms of one sign), not a rounding tie.
  if (A.isZero(A.sub(a.lhs, a.rhs)) && A.isZero(A.sub(b.lhs, b.rhs))) return b.strict ? 'fails' : 'holds';
  if (A.isZero(err)) {
    const sg = A.sign(gap);
    if (sg > 0 || (sg === 0 && !b.strict)) return 'holds';
    return 'fails';
  }
  if (A.cmp(gap, margin) > 0) return 'holds';
  if (A.cmp(A.neg(gap), margin) > 0) return 'fails';
  return 'undecided';
}

/** lhs/rhs of "lhs ≤ rhs" (1 = equality, > 1 = violated). */
export function ineqRatio(i: Ineq): number {
  if (i.rhs.isZero()) return i.lhs.isZero() ? 1 : i.lhs.isNeg() ? -Infinity : Infinity;
  const r = i.lhs.div(i.rhs).toNumber();
  return i.rhs.isNeg() ? -r : r;
}

const txt = (x: Dec, sig = 12) => decimalText(x.toSignificantDigits(sig));

export interface Decision extends CheckOutcome {
  /** A hypothesis of the statement is false on this case (it holds vacuously). */
  vacuous?: boolean;
  /** The precision (digits) at which the case was decided (the top one when undecided). */
  precision: number;
}

/**
 * Decides every hypothesis and inequality of `evaluate` (see the file comment): `ok: false` only for
 * an inequality that fails beyond the rounding margin while every hypothesis holds; a case whose
 * hypothesis fails is vacuous (`ok: true, vacuous: true`); anything that stays open at the top
 * precision gives `ok: true, undecided: true`.
 */
export function decide(evaluate: (P: number) => Evaluation, options: { p0?: number; pMax?: number } = {}): Decision {
  const { p0 = DECIDE_P0, pMax = DECIDE_PMAX } = options;
  let P = p0;
  for (;;) {
    let lo: Evaluation;
    let hi: Evaluation;
    try {
      lo = evaluate(P);
      hi = evaluate(2 * P);
    } catch (e) {
      // an evaluation that fails at a low precision (e.g. a root bracket lost to rounding) is retried
      // with more digits; at the top precision the error stands
      if (2 * P >= pMax) throw e;
      P *= 2;
      continue;
    }
    const A = decimalArith(2 * P);
    if (lo.hyp.length !== hi.hyp.length || lo.ineqs.length !== hi.ineqs.length) throw new Error('decide: evaluation structure differs between precisions');
    const top = 2 * P >= pMax;
    const openHyp: string[] = [];
    for (let k = 0; k < hi.hyp.length; k++) {
      const st = ineqStatus(lo.hyp[k], hi.hyp[k], A);
      if (st === 'fails') return { ok: true, vacuous: true, precision: 2 * P, detail: `vacuous: hypothesis ${hi.hyp[k].name} is false (P=${2 * P})` };
      if (st === 'undecided') openHyp.push(hi.hyp[k].name);
    }
    let tight = -Infinity;
    const fails: string[] = [];
    const open: string[] = [];
    for (let k = 0; k < hi.ineqs.length; k++) {
      const st = ineqStatus(lo.ineqs[k], hi.ineqs[k], A);
      const i = hi.ineqs[k];
      tight = Math.max(tight, ineqRatio(i));
      if (st === 'fails') fails.push(`${i.name}: ${txt(i.lhs)} ${i.strict ? '<' : '≤'} ${txt(i.rhs)} is false (P=${2 * P})`);
      if (st === 'undecided') open.push(i.name);
    }
    if ((openHyp.length > 0 || open.length > 0) && !top) {
      P *= 2;
      continue;
    }
    const tightness = Number.isFinite(tight) ? tight : undefined;
    if (openHyp.length > 0) {
      return { ok: true, undecided: true, precision: 2 * P, tightness, detail: `undecided at P=${2 * P}: hypothesis ${openHyp.join(', ')}` };
    }
    if (fails.length > 0) return { ok: false, precision: 2 * P, tightness, detail: fails.join('; ') };
    if (open.length > 0) return { ok: true, undecided: true, precision: 2 * P, tightness, detail: `undecided at P=${2 * P}: ${open.join(', ')}` };
    return { ok: true, precision: 2 * P, tightness, detail: `held (P=${2 * P}, tightness ${tight.toPrecision(4)})` };
  }
}
