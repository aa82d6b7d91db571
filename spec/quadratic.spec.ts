import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { decimalArith, doubleToHex, float32, float64 } from '../src/arith/index.js';
import { quadraticCase, type QuadraticCase } from '../src/arbitraries/index.js';
import {
  backprop,
  backpropWithTape,
  closedForm,
  etaStarOf,
  forward,
  promisedDigits,
  Quadratic,
  ReferenceQuadratic,
  significantDigits,
  stable,
  UNIT_ROUNDOFF,
  dGandCurvature,
} from '../src/quadratic/index.js';

const hex = (x: number) => (x === 0 ? '0' : doubleToHex(x));
/** The reference of exactly the doubles a float method sees (no input rounding in the comparison). */
const referenceOf = (c: { H: number[][]; w0: number[] }) => new ReferenceQuadratic(c.H.map((r) => r.map(hex)), c.w0.map(hex));
const RUNS = Math.round(Number(process.env.L2L_RUNS_SCALE ?? 1) * 60);
const where = (c: QuadraticCase) => `d=${c.d} kind=${c.kind} t=${c.t} eta=${c.eta} (etaKind ${c.etaKind}, eta*L=${(c.eta * c.eigenvalues[0]).toPrecision(4)}) seed=${c.seed}`;

describe('closed form (Eqn 1) against the unrolled loop, in decimal at 40 digits', () => {
  it('F agrees to 34 digits, less what the cancellation in 1 − ηλ costs at 40 digits', () => {
    const D = decimalArith(40);
    fc.assert(
      fc.property(quadraticCase({ spd: { maxDim: 5 }, maxT: 200 }), (c) => {
        const q = Quadratic.fromNumbers(D, c.H, c.w0);
        const e = D.fromNumber(c.eta);
        const unrolled = q.loss(q.gd(e, c.t));
        const cf = closedForm(q, e, c.t).F;
        if (unrolled.isZero() && cf.abs().lt('1e-300')) return true;
        // both lose what forming 1 − ηλ at 40 digits costs: up to 2t·(1 + ηL)/|1 − ηλᵢ| relative for a
        // term i that dominates F (see accuracy.ts); take the worst direction w0 touches
        const L = c.eigenvalues[0];
        const cs = q.spectrum().c;
        const rMin = Math.min(...c.eigenvalues.filter((_, i) => !cs[i].isZero()).map((l) => Math.abs(1 - c.eta * l)));
        // and the Jacobi eigenvalues at 40 digits are accurate to 1e-40·L absolute: 1e-40·κ(H) for α
        const expected = 37 - Math.log10((2 * c.t * (1 + c.eta * L)) / rMin) - Math.log10(c.condition);
        const digits = significantDigits(cf, unrolled);
        expect(digits, `closedForm decimal40 vs unrolled decimal40, ${where(c)}`).toBeGreaterThanOrEqual(Math.min(34, expected));
      }),
      { seed: 101, numRuns: RUNS },
    );
  });
});

describe('the reference agrees with itself', () => {
  it('promised digits of G\' are >= 20 and hold against an independent 200-digit evaluation', () => {
    fc.assert(
      fc.property(quadraticCase({ spd: { maxDim: 6 }, maxT: 3000 }), (c) => {
        const ref = referenceOf(c);
        const p = ref.point(hex(c.eta), c.t);
        expect(p.dG.digits, `reference digits, ${where(c)}`).toBeGreaterThanOrEqual(20);
        const D = decimalArith(200);
        const deep = closedForm(Quadratic.fromNumbers(D, c.H, c.w0), D.fromNumber(c.eta), c.t).dG;
        expect(significantDigits(p.dG.value, deep), `reference vs 200 digits, ${where(c)}`).toBeGreaterThanOrEqual(Math.min(p.dG.digits, 40) - 1);
      }),
      { seed: 102, numRuns: Math.ceil(RUNS / 2) },
    );
  });
});

describe('float methods against the reference', () => {
  it('stable64 keeps the digits its conditioning promises over the whole class, and >= 10 where the problem admits 10', () => {
    let wellConditioned = 0;
    fc.assert(
      fc.property(quadraticCase(), (c) => {
        const p = referenceOf(c).point(hex(c.eta), c.t);
        const q = Quadratic.fromNumbers(float64(), c.H, c.w0);
        const got = significantDigits(stable(q, c.eta, c.t).dG, p.dG.value, p.S);
        const promise = promisedDigits(q, c.eta, c.t, UNIT_ROUNDOFF.float64);
        if (promise >= 10) wellConditioned++;
        expect(got, `stable64 digits (promise ${promise.toFixed(2)}), ${where(c)}`).toBeGreaterThanOrEqual(Math.min(10, promise));
      }),
      { seed: 103, numRuns: RUNS * 2 },
    );
    expect(wellConditioned).toBeGreaterThan(RUNS / 2);
  });

  it('stable64 keeps >= 10 digits for t <= 5000, eta in [1e-3/L, 100/L], c_min >= 1e-3, L/alpha >= 1.1, wherever the input admits 10 (most of that class)', () => {
    let admits = 0;
    fc.assert(
      fc.property(
        quadraticCase({ minCMin: 1e-3, etaKinds: ['logUniform'], spd: { kinds: ['logUniform', 'outlier', 'wishart'] } }).filter(
          (c) => c.eigenvalues[0] >= 1.1 * c.eigenvalues[c.d - 1],
        ),
        (c) => {
          const p = referenceOf(c).point(hex(c.eta), c.t);
          const q = Quadratic.fromNumbers(float64(), c.H, c.w0);
          const got = significantDigits(stable(q, c.eta, c.t).dG, p.dG.value, p.S);
          const promise = promisedDigits(q, c.eta, c.t, UNIT_ROUNDOFF.float64);
          if (promise >= 10) admits++;
          expect(got, `stable64 digits (promise ${promise.toFixed(2)}), ${where(c)}`).toBeGreaterThanOrEqual(Math.min(10, promise));
        },
      ),
      { seed: 104, numRuns: RUNS },
    );
    expect(admits).toBeGreaterThanOrEqual(0.7 * RUNS);
  });

  it('backprop and forward (strict float64) equal the reference wherever every intermediate is representable, and are NaN otherwise', () => {
    let finite = 0;
    let nan = 0;
    fc.assert(
      fc.property(quadraticCase({ maxT: 2000, spd: { maxDim: 8 } }), (c) => {
        const p = referenceOf(c).point(hex(c.eta), c.t);
        const q = Quadratic.fromNumbers(float64('strict'), c.H, c.w0);
        const promise = promisedDigits(Quadratic.fromNumbers(float64(), c.H, c.w0), c.eta, c.t, UNIT_ROUNDOFF.float64);
        for (const [name, m] of [['backprop64', backprop], ['forward64', forward], ['closedForm64', closedForm]] as const) {
          const v = m(q, c.eta, c.t).dG;
          if (!Number.isFinite(v)) {
            nan++;
            expect(Number.isNaN(v), `${name} returned ${v}, ${where(c)}`).toBe(true);
            continue;
          }
          finite++;
          expect(significantDigits(v, p.dG.value, p.S), `${name} digits (promise ${promise.toFixed(2)}), ${where(c)}`).toBeGreaterThanOrEqual(Math.min(10, promise));
        }
      }),
      { seed: 105, numRuns: RUNS },
    );
    expect(finite).toBeGreaterThan(0);
    expect(nan).toBeGreaterThan(0);
  });

  it('backprop in IEEE float64 is silently wrong where strict mode says NaN (why strict mode exists)', () => {
    // wang2021 Section 5's failure: L = 80, eta = 0.1 > 2/L, t = 200: F overflows float64.
    const H = [[80, 0], [0, 1]];
    const w0 = [0.6, 0.8];
    expect(Number.isNaN(backprop(Quadratic.fromNumbers(float64('strict'), H, w0), 0.1, 200).dG)).toBe(true);
    const ieee = backprop(Quadratic.fromNumbers(float64('ieee'), H, w0), 0.1, 200).dG;
    const p = new ReferenceQuadratic([['80', '0'], ['0', '1']], ['0.6', '0.8']).point('0.1', 200);
    // F overflows to Infinity, so dG/dF = 1/(tF) = 0 and IEEE backprop returns exactly 0: finite and wrong
    expect(Math.abs(ieee)).toBe(0);
    expect(significantDigits(ieee, p.dG.value, p.S)).toBeLessThan(1);
    // and stable stays right
    expect(significantDigits(stable(Quadratic.fromNumbers(float64(), H, w0), 0.1, 200).dG, p.dG.value, p.S)).toBeGreaterThanOrEqual(14);
  });

  it('backprop32 (Math.fround at every op) agrees with the reference to float32 accuracy where in range', () => {
    const H = [[4, 1], [1, 3]];
    const w0 = [0.6, 0.8];
    const ref = new ReferenceQuadratic([['4', '1'], ['1', '3']], ['0.6', '0.8']);
    for (const [eta, t] of [[0.1, 5], [0.2, 20], [0.05, 40]] as const) {
      const q32 = Quadratic.fromText(float32('strict'), [['4', '1'], ['1', '3']], ['0.6', '0.8']);
      const v = backprop(q32, q32.arith.fromString(String(eta)), t).dG;
      const p = ref.point(String(eta), t);
      expect(significantDigits(v, p.dG.value, p.S), `backprop32 eta=${eta} t=${t}`).toBeGreaterThanOrEqual(5);
      expect(Math.fround(v)).toBe(v);
    }
    void H;
    void w0;
  });
});

describe('ill-conditioning is the input\'s, not the method\'s', () => {
  it('where no float64 method can keep 10 digits, one ulp of input moves the exact G\' by more than 1e-10 S', () => {
    // nearly equal extremes, eta at 2/(alpha + L), t = 5000: r_max = (L - alpha)/(L + alpha) = 5e-7
    const H = [[1, 0], [0, 0.999999]];
    const w0 = [Math.SQRT1_2, Math.SQRT1_2];
    const eta = 2 / 1.999999;
    const q = Quadratic.fromNumbers(float64(), H, w0);
    expect(promisedDigits(q, eta, 5000, UNIT_ROUNDOFF.float64)).toBeLessThan(10);
    const a = referenceOf({ H, w0 }).point(hex(eta), 5000);
    const bumped = [[1, 0], [0, 0.999999 + 2 ** -53]];
    const b = referenceOf({ H: bumped, w0 }).point(hex(eta), 5000);
    expect(significantDigits(b.dG.value, a.dG.value, a.S)).toBeLessThan(10);
  });
});

describe('eta* (Theorem 4, Claim 1)', () => {
  it('G\'(eta*) = 0 to working precision, with G\' < 0 just below and > 0 just above, inside [1/L, 1/alpha]', () => {
    fc.assert(
      fc.property(quadraticCase({ minCMin: 1e-6, spd: { maxDim: 6 } }).filter((c) => c.eigenvalues[0] > c.eigenvalues[c.d - 1] * (1 + 1e-9)), (c) => {
        const D = decimalArith(50);
        const q = Quadratic.fromNumbers(D, c.H, c.w0);
        const e = etaStarOf(q, c.t);
        const { L, alpha } = q.constants();
        expect(e.gte(D.div(D.one, L)) && e.lte(D.div(D.one, alpha)), `eta* in [1/L, 1/alpha], ${where(c)}`).toBe(true);
        const h = e.times('1e-30');
        expect(dGandCurvature(q, e.minus(h), c.t).dG.isNeg(), `G' < 0 below eta*, ${where(c)}`).toBe(true);
        expect(dGandCurvature(q, e.plus(h), c.t).dG.isPos(), `G' > 0 above eta*, ${where(c)}`).toBe(true);
        // float64 rtsafe finds the same root to 1e-10 relative
        const e64 = etaStarOf(Quadratic.fromNumbers(float64(), c.H, c.w0), c.t);
        expect(Math.abs(e64 - e.toNumber()) / e.toNumber(), `float64 eta*, ${where(c)}`).toBeLessThan(1e-9);
      }),
      { seed: 106, numRuns: RUNS },
    );
  });
});

describe('the tape (Corollary 1)', () => {
  it('reports magnitudes that grow like (ηL−1)^{2t} in the explosive regime', () => {
    const D = decimalArith(40);
    const q = Quadratic.fromText(D, [['3', '0'], ['0', '1']], ['0.6', '0.8']);
    const rep = (t: number) => backpropWithTape(q, D.fromString('1'), t).tape.magnitudes();
    const a = rep(20);
    const b = rep(40);
    // F ~ (ηL−1)^{2t} = 2^{2t}: log10 max grows by 2·20·log10 2 between t = 20 and 40
    expect(b.values.maxLog10 - a.values.maxLog10).toBeCloseTo(40 * Math.log10(2), 1);
    expect(b.adjoints.minLog10).toBeLessThan(a.adjoints.minLog10 - 10);
  });
});
