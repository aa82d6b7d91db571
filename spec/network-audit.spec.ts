import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { decimalArith } from '../src/arith/decimal.js';
import { auditNetwork, lossGradHvp, metaGradBackprop, metaGradForward, netProblem, paramCount, unrolledLoss, type NetSpec } from '../src/audit/network.js';
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

  it('the audit reports digits per method against a reference whose two precisions agree', () => {
    const c = tinyCase(5);
    const r = auditNetwork({ spec, x: c.x, labels: c.labels, w0: c.w0, Ts: [1, 8], etas: [0.5], precision: 30 });
    expect(r.points).toHaveLength(2);
    for (const pt of r.points) {
      expect(pt.reference.agreedDigits).toBeGreaterThan(20);
      expect(pt.digits.forward64).toBeGreaterThan(10);
      expect(pt.digits.backprop64).toBeGreaterThan(10);
      expect(pt.digits.backprop32).toBeGreaterThan(2);
      expect(pt.digits.backprop32).toBeLessThan(9);
    }
    expect(r.breaks.map((b) => b.method)).toEqual(['backprop32', 'backprop64', 'forward64']);
  });
});
