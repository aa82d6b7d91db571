import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { float32, float64 } from '../src/arith/index.js';
import { quadraticCase } from '../src/arbitraries/index.js';
import { backprop, Quadratic } from '../src/quadratic/index.js';
import { strictBackpropDG } from '../src/quadratic/backpropStrict.js';

const RUNS = Math.round(Number(process.env.L2L_RUNS_SCALE ?? 1) * 150);

describe('strictBackpropDG, the flat-array specialisation of the tape in strict mode', () => {
  it.each([
    ['float64', float64('strict'), (x: number) => x],
    ['float32', float32('strict'), Math.fround],
  ] as const)('gives the generic tape\'s G′ in %s (strict): the same NaN (breakdown) and the same value', (name, arith, round) => {
    let nans = 0;
    fc.assert(
      fc.property(quadraticCase({ maxT: 600, spd: { maxDim: 6 }, maxEtaTimesL: 100 }), (c) => {
        const q = Quadratic.fromNumbers(arith, c.H, c.w0);
        const eta = arith.fromNumber(c.eta);
        const generic = backprop(q, eta, c.t).dG;
        const strict = strictBackpropDG(q.H, q.w0, eta, c.t, name);
        if (Number.isNaN(generic)) nans++;
        // ±0 may differ (0 + −0); everything else, NaN included, is identical
        expect(Number.isNaN(strict) === Number.isNaN(generic) && (Number.isNaN(strict) || strict === generic), `strict ${strict} vs tape ${generic}, d=${c.d} t=${c.t} eta=${c.eta}`).toBe(true);
      }),
      { seed: 302, numRuns: RUNS },
    );
    // the property covered the breakdown itself, not only finite cases
    expect(nans).toBeGreaterThan(RUNS / 20);
  });
});
