import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { float32, float64 } from '../src/arith/index.js';
import { quadraticCase } from '../src/arbitraries/index.js';
import { backprop, Quadratic } from '../src/quadratic/index.js';
import { DenseBackprop } from '../src/quadratic/backpropDense.js';

const RUNS = Math.round(Number(process.env.L2L_RUNS_SCALE ?? 1) * 150);

describe('DenseBackprop, the flat-array specialisation of the tape', () => {
  it.each([
    ['float64', float64('ieee'), (x: number) => x],
    ['float32', float32('ieee'), Math.fround],
  ] as const)('is bit-identical to the generic tape in %s (IEEE), overflow and underflow included', (_name, arith, round) => {
    fc.assert(
      fc.property(quadraticCase({ maxT: 300, spd: { maxDim: 8 } }), (c) => {
        const H = c.H.map((r) => r.map(round));
        const w0 = c.w0.map(round);
        const eta = round(c.eta);
        const generic = backprop(Quadratic.fromNumbers(arith, H, w0), eta, c.t).dG;
        const dense = new DenseBackprop(H, w0, round).dG(eta, c.t);
        expect(Object.is(dense, generic) || (Number.isNaN(dense) && Number.isNaN(generic)), `dense ${dense} vs tape ${generic}, d=${c.d} t=${c.t} eta=${eta}`).toBe(true);
      }),
      { seed: 301, numRuns: RUNS },
    );
  });
});
