import * as fc from 'fast-check';
import { intMat, intVec, invertible } from './lattice.js';
import type { SpectrumCase } from './spectrumCase.js';

/** A SpectrumCase with the seed of its noise paths (harrison2022 Section 4.1, Fig. 2a). */
export interface GrowthCase extends SpectrumCase {
  seed: number;
}

export interface GrowthCaseConstraints {
  /** 'both': dominant modulus in [1.01, 1.3] or [0.5, 0.98], half each; 'unstable': only the first. Default 'both'. */
  regime?: 'both' | 'unstable';
}

/**
 * d ∈ {2, 3}; the dominant eigenvalue real, a complex pair or a 2×2 Jordan block, of modulus r
 * (r ∈ [1.01, 1.3] or [0.5, 0.98]); the rest inside the disc of radius 0.9r; any invertible V.
 */
export function growthCase(constraints: GrowthCaseConstraints = {}): fc.Arbitrary<GrowthCase> {
  const { regime = 'both' } = constraints;
  if (regime !== 'both' && regime !== 'unstable') throw new RangeError(`growthCase: regime must be 'both' or 'unstable', got ${JSON.stringify(regime)}`);
  const den = 100;
  return fc
    .record({ unstable: regime === 'unstable' ? fc.constant(true) : fc.boolean(), seed: fc.integer({ min: 0, max: 2 ** 30 }) })
    .chain(({ unstable, seed }) =>
      fc.integer({ min: 2, max: 3 }).chain((d) =>
        fc
          .record({
            d: fc.constant(d),
            kind: fc.constantFrom<SpectrumCase['kind']>('real', 'pair', 'jordan'),
            // dominant modulus r ∈ [1.01, 1.3] or [0.5, 0.98]; its sign / angle; the rest inside the disc of radius r
            r: unstable ? fc.integer({ min: 101, max: 130 }) : fc.integer({ min: 50, max: 98 }),
            angle: fc.integer({ min: 1, max: 15 }),
            sign: fc.constantFrom(1, -1),
            rest: intVec(d, -8, 8),
            V: intMat(d, d, -4, 4),
            B: intMat(d, d, -3, 3),
            c: fc.integer({ min: 1, max: 8 }),
            a: fc.integer({ min: 0, max: 16 }),
          })
          .filter((x) => invertible(x.V))
          .map((x): GrowthCase => {
            const ev = x.rest.map((k) => Math.round((k / 8) * x.r * 0.9));
            if (x.kind === 'pair') {
              const th = (Math.PI * x.angle) / 16;
              ev[0] = x.r * Math.cos(th) * 1e6;
              ev[1] = x.r * Math.sin(th) * 1e6;
              return { d, kind: 'pair', ev: ev.map((v, i) => (i < 2 ? v : v * 1e6)), den: den * 1e6, V: x.V, B: x.B, c: x.c, a: x.a, C: [], phi: new Array(d).fill(0), seed };
            }
            ev[0] = x.sign * x.r;
            return { d, kind: x.kind, ev, den, V: x.V, B: x.B, c: x.c, a: x.a, C: [], phi: new Array(d).fill(0), seed };
          }),
      ),
    );
}
