import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { decimalArith } from '../src/arith/decimal.js';
import { auditNetwork, breakMechanism, decimalReference, firstBreak, lastingBreak, lossGradHvp, metaGradBackprop, metaGradForward, NETWORK_METHODS, netProblem, paramCount, sharpness, topEigenvalue, unrolledLoss, type NetSpec, type ReferenceValue } from '../src/audit/network.js';
import { float64 } from '../src/arith/float.js';
import { symmetricEigen64 } from '../src/linalg/symmetricEigen.js';
import { Rng } from '../src/random/rng.js';

/**
 * The network audit's machinery against independent routes, in decimal: the gradient and the
 * Hessian-vector product against central finite differences, reverse and forward mode against each
 * other, and the reference meta-gradient against a finite difference of F(η) (no Hessian used).
 */
const D = decimalArith(60);
const spec: NetSpec = { sizes: [3, 4, 3] };

function tinyCase(seed: number) {
  const rng = Rng.fromSeed(seed);
  const x = Array.from({ length: 4 }, () => Array.from({ length: 3 }, () => rng.gaussian()));
  const labels = x.map((_, i) => i % 3);
  const w0 = Array.from({ length: paramCount(spec) }, () => 0.5 * rng.gaussian());
  return { x, labels, w0 };
}

describe('network meta-gradients (issue 12 item 6)', () => {
  it('gradient and Hessian-vector product agree with decimal central differences (ReLU kinks avoided by the draw)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), (seed) => {
        const c = tinyCase(seed);
        const p = netProblem(D, spec, c.x, c.labels);
        const w = c.w0.map((v) => D.fromNumber(v));
        const rng = Rng.fromSeed(seed + 1);
        const v = c.w0.map(() => D.fromNumber(rng.gaussian()));
        const { grad, hvp } = lossGradHvp(p, w, v);
        const h = D.fromString('1e-20');
        const plus = w.map((wi, i) => D.add(wi, D.mul(h, v[i])));
        const minus = w.map((wi, i) => D.sub(wi, D.mul(h, v[i])));
        const lp = lossGradHvp(p, plus);
        const lm = lossGradHvp(p, minus);
        const two = D.fromNumber(2);
        // directional derivative of L along v, and of ∇L along v
        const dL = D.div(D.sub(lp.loss, lm.loss), D.mul(two, h));
        let gv = D.zero;
        for (let i = 0; i < w.length; i++) gv = D.add(gv, D.mul(grad[i], v[i]));
        expect(D.toNumber(D.abs(D.sub(dL, gv)))).toBeLessThan(1e-30 * Math.max(1, Math.abs(D.toNumber(gv))));
        for (let i = 0; i < w.length; i++) {
          const fd = D.div(D.sub(lp.grad[i], lm.grad[i]), D.mul(two, h));
          expect(D.toNumber(D.abs(D.sub(fd, hvp![i])))).toBeLessThan(1e-30);
        }
      }),
      { numRuns: 8, seed: 12 },
    );
  });

  it('reverse and forward mode give the same dF/dη in decimal, and both match a finite difference of F(η)', () => {
    const c = tinyCase(3);
    const p = netProblem(D, spec, c.x, c.labels);
    const w0 = c.w0.map((v) => D.fromNumber(v));
    const eta = D.fromString('0.3');
    const T = 12;
    const f = metaGradForward(p, w0, eta, T);
    const b = metaGradBackprop(p, w0, eta, T);
    expect(D.toNumber(D.abs(D.div(D.sub(f.dF, b.dF), f.dF)))).toBeLessThan(1e-50);
    const h = D.fromString('1e-22');
    const fd = D.div(D.sub(unrolledLoss(p, w0, D.add(eta, h), T), unrolledLoss(p, w0, D.sub(eta, h), T)), D.mul(D.fromNumber(2), h));
    expect(D.toNumber(D.abs(D.div(D.sub(fd, f.dF), f.dF)))).toBeLessThan(1e-30);
  });

  it('sharpness: λ_max from power iteration equals the top eigenvalue of the dense Hessian built from decimal differences of the gradient', () => {
    for (const seed of [1, 2, 3]) {
      const c = tinyCase(seed);
      const pd = netProblem(D, spec, c.x, c.labels);
      const n = c.w0.length;
      const h = D.fromString('1e-25');
      // column j of ∇²L: central difference of the gradient along e_j (no Hessian-vector product used)
      const cols = Array.from({ length: n }, (_, j) => {
        const plus = c.w0.map((v, i) => D.add(D.fromNumber(v), i === j ? h : D.zero));
        const minus = c.w0.map((v, i) => D.sub(D.fromNumber(v), i === j ? h : D.zero));
        const gp = lossGradHvp(pd, plus).grad;
        const gm = lossGradHvp(pd, minus).grad;
        return gp.map((g, i) => D.toNumber(D.div(D.sub(g, gm[i]), D.mul(D.fromNumber(2), h))));
      });
      const H = cols.map((_, i) => cols.map((_, j) => (cols[i][j] + cols[j][i]) / 2));
      const top = symmetricEigen64(H).values[0];
      const lam = sharpness(netProblem(float64(), spec, c.x, c.labels), c.w0);
      expect(Math.abs(lam - top), `seed ${seed}: power iteration ${lam} vs dense ${top}`).toBeLessThan(1e-8 * Math.abs(top));
    }
  });

  it('topEigenvalue: the largest eigenvalue even when a negative one dominates in modulus (a rotated diag(−5, 1, 0.5, −2))', () => {
    const c = Math.cos(0.7);
    const s = Math.sin(0.7);
    const Q = [[c, -s, 0, 0], [s, c, 0, 0], [0, 0, c, s], [0, 0, -s, c]];
    const lam = [-5, 1, 0.5, -2];
    const H = Q.map((_, i) => Q.map((_, j) => lam.reduce((acc, l, k) => acc + Q[i][k] * l * Q[j][k], 0)));
    const mul = (v: readonly number[]) => H.map((row) => row.reduce((acc, h, j) => acc + h * v[j], 0));
    expect(topEigenvalue(mul, 4)).toBeCloseTo(1, 10);
    // the same operator negated: its largest eigenvalue is 5, and it dominates
    expect(topEigenvalue((v) => mul(v).map((x) => -x), 4)).toBeCloseTo(5, 10);
  });

  it('break detection: the first decided point below the threshold, skipping undecided ones, in T order', () => {
    const row = [
      { T: 16, decided: true, digits: 2.5 },
      { T: 1, decided: true, digits: 7 },
      { T: 4, decided: false, digits: 0 }, // the reference cannot judge it: not a break
      { T: 8, decided: true, digits: 3.1 },
      { T: 32, decided: true, digits: 0 },
    ];
    expect(firstBreak(row, 3)).toBe(16);
    expect(firstBreak(row, 3.2)).toBe(8);
    expect(firstBreak(row.filter((q) => q.T !== 16 && q.T !== 32), 3)).toBeNull();
    expect(firstBreak(row.map((q) => ({ ...q, decided: false })), 3)).toBeNull();
    // lasting: from 16 on every decided point is below 3; 8 (3.1) is not
    expect(lastingBreak(row, 3)).toBe(16);
    expect(lastingBreak(row, 3.2)).toBe(8); // 3.1 < 3.2: below from 8 on
    expect(lastingBreak([...row, { T: 64, decided: true, digits: 5 }], 3)).toBeNull(); // recovered: a dip, not a lasting break
    expect(lastingBreak([...row, { T: 64, decided: false, digits: 5 }], 3)).toBe(16); // an undecided point neither ends nor starts it
  });

  it('mechanism: non-finite or an adjoint beyond the format\'s largest number is range; finite and in range is rounding', () => {
    expect(breakMechanism('float32', { value: Number.NaN, finite: false, adjointLog10Max: 2 })).toBe('range');
    expect(breakMechanism('float32', { value: 1, finite: false, adjointLog10Max: 2 })).toBe('range');
    expect(breakMechanism('float32', { value: 1, finite: true, adjointLog10Max: 39 })).toBe('range');
    expect(breakMechanism('float64', { value: 1, finite: true, adjointLog10Max: 39 })).toBe('rounding');
    expect(breakMechanism('float64', { value: 1, finite: true, adjointLog10Max: 309 })).toBe('range');
    expect(breakMechanism('float32', { value: 1, finite: true, adjointLog10Max: 38 })).toBe('rounding');
  });

  it('the adaptive reference: what it calls decided is right to its agreed digits (against decimal backprop at 120 digits), it climbs the ladder where the pair disagrees, and a tiny cap leaves points undecided', () => {
    const c = tinyCase(7);
    const eta = 0.8;
    const Ts = [1, 6, 24];
    const exact = (T: number) => {
      const D120 = decimalArith(120);
      return metaGradBackprop(netProblem(D120, spec, c.x, c.labels), c.w0.map((v) => D120.fromNumber(v)), D120.fromNumber(eta), T).dF;
    };
    const truth = new Map(Ts.map((T) => [T, exact(T)]));
    const honest = (ref: Map<number, ReferenceValue>, label: string) => {
      for (const T of Ts) {
        const r = ref.get(T)!;
        expect(r.decided, `${label} T = ${T}`).toBe(r.agreedDigits >= 3);
        const rel = r.dF.minus(truth.get(T)!).abs().div(truth.get(T)!.abs()).toNumber();
        // the higher precision of the pair is at least as good as the agreement says of the lower
        expect(rel, `${label} T = ${T}: agreed ${r.agreedDigits}, precision ${r.precision}`).toBeLessThan(10 ** -(r.agreedDigits - 1));
      }
    };
    const climbed = decimalReference({ spec, ...c, eta }, Ts, { start: 4, cap: 64, target: 17 });
    honest(climbed, 'start 4, cap 64');
    for (const T of Ts) {
      expect(climbed.get(T)!.precision, `T = ${T}`).toEqual([32, 64]); // 4/8, 8/16 and 16/32 agree to fewer than 17 digits
      expect(climbed.get(T)!.decided).toBe(true);
    }
    // control: at 3 and 6 digits the pair cannot agree to 3 digits through T gradient steps
    const tiny = decimalReference({ spec, ...c, eta }, Ts, { start: 3, cap: 6, target: 17 });
    honest(tiny, 'start 3, cap 6');
    expect(Ts.filter((T) => !tiny.get(T)!.decided).length).toBeGreaterThan(0);
    for (const T of Ts) expect(tiny.get(T)!.precision).toEqual([3, 6]);
  });

  it('the audit on the tiny net: η from the sharpness, digits per method, no break where all methods are right', () => {
    const c = tinyCase(5);
    const r = auditNetwork({ spec, ...c, Ts: [1, 8], multiples: [0.5], reference: { start: 30, cap: 60 } });
    expect(r.points).toHaveLength(2);
    expect(r.points[0].eta).toBeCloseTo(1 / r.lambdaMax, 12);
    for (const pt of r.points) {
      expect(pt.reference.decided).toBe(true);
      expect(pt.reference.agreedDigits).toBeGreaterThan(20);
      expect(pt.digits.forward64).toBeGreaterThan(10);
      expect(pt.digits.backprop64).toBeGreaterThan(10);
      expect(pt.digits.backprop32).toBeGreaterThan(2);
      expect(pt.digits.backprop32).toBeLessThan(9);
      expect(pt.adjointLog10Max.float64).toBeLessThan(5);
    }
    for (const m of NETWORK_METHODS) expect(r.etas[0].breaks[m]).toEqual({ T: null, mechanism: null, lastingT: null });
  });

  it('control: inputs scaled by 1e25 overflow float32 in the Hessian-vector products; the audit reports a float32 break at T = 1 by range, and none for float64', () => {
    const c = tinyCase(5);
    const big = c.x.map((r) => r.map((v) => v * 1e25));
    const r = auditNetwork({ spec, x: big, labels: c.labels, w0: c.w0, Ts: [1, 2], multiples: [0.5], reference: { start: 30, cap: 60 } });
    const e = r.etas[0];
    expect(r.points.every((p) => p.reference.decided)).toBe(true);
    expect(e.breaks.backprop32).toEqual({ T: 1, mechanism: 'range', lastingT: 1 });
    expect(e.breaks.backprop64.T).toBeNull();
    expect(e.breaks.forward64.T).toBeNull();
  });
});
