import { Decimal } from 'decimal.js';
import { float32, float64 } from '../arith/float.js';
import { decimalText } from '../arith/decimal.js';
import { Quadratic } from './problem.js';
import { backprop, closedForm, stable } from './methods.js';
import { ReferenceQuadratic } from './reference.js';
import { significantDigits } from './digits.js';
import type { QuadraticCaseText } from './input.js';

/**
 * `eval` (CLI.md): F, G, F', G' of one quadratic at several η, G' by every method beside the reference.
 *
 * The float methods closedForm64, backprop64 and backprop32 run in `strict` range mode: a value that
 * overflows or underflows makes the result NaN, so a printed finite value was computed with every
 * intermediate in range and is right, and a method that cannot represent its intermediates says so
 * instead of printing a silently wrong number (IEEE float64 backprop would print 0 where F underflows).
 * stable64 runs in IEEE mode: its scaled powers may underflow harmlessly (Eqn 2).
 */
export interface EvalDocument {
  L: string;
  alpha: string;
  cMin: string;
  etaStar: string;
  claim2Bound: string;
  points: Array<{
    eta: string;
    F: string;
    G: string;
    dF: string;
    dG: { reference: string; closedForm64: string; stable64: string; backprop64: string; backprop32: string };
  }>;
}

/** Significant digits printed for a reference value: what it promises, within [12, 30]. */
function refText(v: { value: Decimal; digits: number }): string {
  return decimalText(v.value.toSignificantDigits(Math.max(12, Math.min(30, Math.floor(v.digits)))));
}

export interface EvalDetail extends EvalDocument {
  /** Digits of each float method against the reference, relative to max(|G'|, S) (CLI.md). */
  digits: Array<Record<'closedForm64' | 'stable64' | 'backprop64' | 'backprop32', number>>;
}

/** Stages of `evaluateCase`, for a progress display (the CLI's, on stderr). */
export type EvalProgress = (stage: string, done: number, total: number, long?: boolean) => void;

export function evaluateCase(c: QuadraticCaseText, onProgress?: EvalProgress): EvalDetail {
  // the eigen-decompositions are O(d³) at each precision: seconds from d ≈ 100 (linalg/refine.ts)
  const long = c.H.length >= 60;
  const ref = new ReferenceQuadratic(c.H, c.w0, { onEigen: (P) => onProgress?.(`eigen-decomposition at ${P} digits`, 0, 1, long) });
  const consts = ref.refine(
    (q, A) => {
      const { L, alpha, cMin } = q.constants();
      const bound = A.div(A.mul(A.fromNumber(4), A.powInt(L, 3)), A.mul(A.mul(A.mul(cMin, cMin), alpha), A.sub(L, alpha)));
      return { L, alpha, cMin, bound };
    },
    { L: 12, alpha: 12, cMin: 12, bound: 12 },
  ).values;
  onProgress?.('eta*', 0, 1);
  const etaStar = ref.etaStar(c.t);
  const q64 = Quadratic.fromText(float64('ieee'), c.H, c.w0);
  const q64s = Quadratic.fromText(float64('strict'), c.H, c.w0);
  const q32s = Quadratic.fromText(float32('strict'), c.H, c.w0);
  const digits: EvalDetail['digits'] = [];
  const points = c.eta.map((etaText, i) => {
    onProgress?.('step sizes', i, c.eta.length);
    const p = ref.point(etaText, c.t);
    const e64 = Number(etaText);
    const values = {
      closedForm64: closedForm(q64s, e64, c.t).dG,
      stable64: stable(q64, e64, c.t).dG,
      backprop64: backprop(q64s, e64, c.t).dG,
      backprop32: backprop(q32s, q32s.arith.fromString(etaText), c.t).dG,
    };
    digits.push(
      Object.fromEntries(Object.entries(values).map(([k, v]) => [k, significantDigits(v, p.dG.value, p.S)])) as EvalDetail['digits'][number],
    );
    return {
      eta: etaText,
      F: refText(p.F),
      G: refText(p.G),
      dF: refText(p.dF),
      dG: {
        reference: refText(p.dG),
        closedForm64: float64().toString(values.closedForm64),
        stable64: float64().toString(values.stable64),
        backprop64: float64().toString(values.backprop64),
        backprop32: float64().toString(values.backprop32),
      },
    };
  });
  return {
    L: refText(consts.L),
    alpha: refText(consts.alpha),
    cMin: refText(consts.cMin),
    etaStar: refText(etaStar),
    claim2Bound: refText(consts.bound),
    points,
    digits,
  };
}
