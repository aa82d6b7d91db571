import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quadraticCase, spdMatrix, SPD_KINDS, unitVector, type SpdCase } from '../src/arbitraries/index.js';
import { symmetricEigen64, validateSymmetricPositiveDefinite } from '../src/linalg/index.js';

const EPS = 2 ** -52;

function dot(x: readonly number[], y: readonly number[]): number {
  return x.reduce((s, xi, i) => s + xi * y[i], 0);
}

/** float64 Cholesky only (validate would fall back to decimal): PD *in floating point*. */
function choleskyOk64(H: number[][]): boolean {
  const d = H.length;
  const R = H.map(() => new Array<number>(d).fill(0));
  for (let k = 0; k < d; k++) {
    let s = H[k][k];
    for (let m = 0; m < k; m++) s -= R[m][k] ** 2;
    if (!(s > 0)) return false;
    R[k][k] = Math.sqrt(s);
    for (let j = k + 1; j < d; j++) {
      let t = H[k][j];
      for (let m = 0; m < k; m++) t -= R[m][k] * R[m][j];
      R[k][j] = t / R[k][k];
    }
  }
  return true;
}

function cMin(w: readonly number[], U: readonly (readonly number[])[]): number {
  return Math.min(Math.abs(dot(w, U[0])), Math.abs(dot(w, U[U.length - 1])));
}

describe('arbitraries: spdMatrix', () => {
  it('same seed gives the same values', () => {
    const a = fc.sample(spdMatrix(), { seed: 42, numRuns: 30 });
    const b = fc.sample(spdMatrix(), { seed: 42, numRuns: 30 });
    expect(b).toEqual(a);
    expect(fc.sample(spdMatrix(), { seed: 43, numRuns: 30 })).not.toEqual(a);
  });

  it('yields exactly symmetric, float64-PD matrices with the promised spectrum (|λ̂ − λ| ≤ 10·d·ε·L, Weyl)', () => {
    fc.assert(
      fc.property(spdMatrix(), (c: SpdCase) => {
        const { H, d, eigenvalues: lam } = c;
        expect(H).toHaveLength(d);
        for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) expect(H[i][j]).toBe(H[j][i]);
        expect(choleskyOk64(H)).toBe(true);
        validateSymmetricPositiveDefinite(H);
        for (let i = 1; i < d; i++) expect(lam[i]).toBeLessThanOrEqual(lam[i - 1]);
        expect(lam[d - 1]).toBeGreaterThan(0);
        expect(c.condition).toBe(lam[0] / lam[d - 1]);
        const computed = symmetricEigen64(H).values;
        // construction rounding and ml-matrix's backward error are each a few d·ε·‖H‖ in norm;
        // relative to α that is 10·d·ε·κ, far inside 1e-8·κ
        computed.forEach((v, i) => expect(Math.abs(v - lam[i])).toBeLessThanOrEqual(10 * d * EPS * lam[0]));
        // the construction's eigenvectors are orthonormal
        c.eigenvectors.forEach((u, i) => c.eigenvectors.forEach((v, j) => expect(Math.abs(dot(u, v) - (i === j ? 1 : 0))).toBeLessThan(1e-14)));
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it('honours its constraints', () => {
    const cons = { minDim: 2, maxDim: 5, maxCondition: 100, minL: 1, maxL: 10 };
    fc.assert(
      fc.property(spdMatrix(cons), (c) => {
        expect(c.d >= 2 && c.d <= 5).toBe(true);
        expect(c.eigenvalues[0]).toBeGreaterThanOrEqual(1);
        expect(c.eigenvalues[0]).toBeLessThanOrEqual(10 * (1 + 1e-15));
        expect(c.condition).toBeLessThanOrEqual(100 * (1 + 1e-12));
      }),
      { numRuns: 200, seed: 2 },
    );
    fc.assert(
      fc.property(spdMatrix({ kinds: ['wishart'], maxCondition: 3, maxDim: 6 }), (c) => {
        expect(c.kind).toBe('wishart');
        expect(c.condition).toBeLessThanOrEqual(3 * (1 + 1e-12));
      }),
      { numRuns: 50, seed: 3 },
    );
  });

  it('reaches the hard regimes: κ ≥ 1e7 and L/α − 1 ≤ 1e-5 both occur, and every kind occurs', () => {
    const cases = fc.sample(spdMatrix({ minDim: 2 }), { seed: 5, numRuns: 400 });
    expect(cases.some((c) => c.condition >= 1e7)).toBe(true);
    expect(cases.some((c) => c.condition - 1 <= 1e-5 && c.condition > 1)).toBe(true);
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(SPD_KINDS));
  });

  it('shrinks toward small d and the simplest spectrum (first kind, L = 1, κ = 1)', () => {
    const out = fc.check(
      fc.property(spdMatrix(), (c) => c.d < 3),
      { seed: 11, numRuns: 200 },
    );
    expect(out.failed).toBe(true);
    const [c] = out.counterexample!;
    expect(c.d).toBe(3);
    expect(c.kind).toBe('logUniform');
    expect(c.eigenvalues).toEqual([1, 1, 1]);
    expect(c.seed).toBe(0);
  });

  it('rejects invalid constraints, naming the field', () => {
    expect(() => spdMatrix({ maxDim: 0 })).toThrow(/maxDim/);
    expect(() => spdMatrix({ minDim: 0 })).toThrow(/minDim/);
    expect(() => spdMatrix({ maxCondition: 0.5 })).toThrow(/maxCondition/);
    expect(() => spdMatrix({ minL: 0 })).toThrow(/minL/);
    expect(() => spdMatrix({ minL: 2, maxL: 1 })).toThrow(/maxL/);
    expect(() => spdMatrix({ kinds: [] })).toThrow(/kinds/);
    // @ts-expect-error an unknown kind
    expect(() => spdMatrix({ kinds: ['diagonal'] })).toThrow(/kinds has unknown kind "diagonal"/);
  });
});

describe('arbitraries: unitVector', () => {
  it('same seed gives the same values', () => {
    const arb = () => unitVector({ d: fc.integer({ min: 1, max: 9 }) });
    expect(fc.sample(arb(), { seed: 9, numRuns: 30 })).toEqual(fc.sample(arb(), { seed: 9, numRuns: 30 }));
  });

  it('has norm 1; without a bound, c_min is sometimes tiny and sometimes exactly 0', () => {
    fc.assert(
      fc.property(unitVector({ d: fc.integer({ min: 1, max: 20 }) }), (w) => {
        expect(Math.abs(Math.hypot(...w) - 1)).toBeLessThan(4 * EPS);
      }),
      { numRuns: 300, seed: 4 },
    );
    const ws = fc.sample(unitVector({ d: 5 }), { seed: 6, numRuns: 300 });
    const cm = ws.map((w) => Math.min(Math.abs(w[0]), Math.abs(w[4])));
    expect(cm.some((x) => x === 0)).toBe(true);
    expect(cm.some((x) => x > 0 && x < 1e-8)).toBe(true);
  });

  it('honours minCMin relative to a given basis', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1e-6, 0.05, 0.3, 0.7).chain((m) =>
          spdMatrix().chain((c) => unitVector({ relativeTo: c.eigenvectors, minCMin: m }).map((w) => ({ m, c, w }))),
        ),
        ({ m, c, w }) => {
          expect(Math.abs(Math.hypot(...w) - 1)).toBeLessThan(4 * EPS);
          expect(cMin(w, c.eigenvectors)).toBeGreaterThanOrEqual(m);
        },
      ),
      { numRuns: 300, seed: 8 },
    );
  });

  it('rejects invalid constraints, naming the field', () => {
    expect(() => unitVector({ d: 3, minCMin: 0.8 })).toThrow(/minCMin/);
    expect(() => unitVector({})).toThrow(/d is required/);
    expect(() => unitVector({ d: 0 })).toThrow(/d must be an integer/);
    expect(() => unitVector({ d: 2, relativeTo: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] })).toThrow(/conflicts with relativeTo/);
    expect(() => unitVector({ relativeTo: [[1, 0], [0]] })).toThrow(/relativeTo\[1\]/);
  });
});

describe('arbitraries: quadraticCase', () => {
  it('same seed gives the same values', () => {
    expect(fc.sample(quadraticCase(), { seed: 3, numRuns: 20 })).toEqual(fc.sample(quadraticCase(), { seed: 3, numRuns: 20 }));
  });

  it('t ∈ [1, 5000] with small t common; η ∈ [0, 100/L] with 0, 2/L and 2/(α+L) exactly among the draws', () => {
    const cases = fc.sample(quadraticCase(), { seed: 12, numRuns: 500 });
    for (const q of cases) {
      expect(Number.isInteger(q.t) && q.t >= 1 && q.t <= 5000).toBe(true);
      const L = q.eigenvalues[0];
      expect(q.eta >= 0 && q.eta <= 100 / L).toBe(true);
      expect(Math.abs(Math.hypot(...q.w0) - 1)).toBeLessThan(4 * EPS);
      expect(q.w0).toHaveLength(q.d);
    }
    expect(cases.filter((q) => q.t <= 10).length).toBeGreaterThan(cases.length / 5);
    expect(cases.some((q) => q.t >= 1000)).toBe(true);
    expect(cases.some((q) => q.eta === 0)).toBe(true);
    expect(cases.some((q) => q.eta === 2 / q.eigenvalues[0])).toBe(true);
    expect(cases.some((q) => q.eta === 2 / (q.eigenvalues[0] + q.eigenvalues[q.d - 1]))).toBe(true);
    const logs = cases.filter((q) => q.etaKind === 'logUniform').map((q) => Math.log10(q.eta * q.eigenvalues[0]));
    expect(Math.min(...logs)).toBeLessThan(-2);
    expect(Math.max(...logs)).toBeGreaterThan(1);
  });

  it('passes minCMin through to w₀', () => {
    fc.assert(
      fc.property(quadraticCase({ minCMin: 0.1, spd: { maxDim: 6 } }), (q) => {
        expect(cMin(q.w0, q.eigenvectors)).toBeGreaterThanOrEqual(0.1);
      }),
      { numRuns: 200, seed: 13 },
    );
  });

  it('rejects invalid constraints, naming the field', () => {
    expect(() => quadraticCase({ minT: 0 })).toThrow(/minT/);
    expect(() => quadraticCase({ minT: 10, maxT: 5 })).toThrow(/maxT/);
    expect(() => quadraticCase({ minEtaTimesL: 0 })).toThrow(/minEtaTimesL/);
    expect(() => quadraticCase({ maxEtaTimesL: Infinity })).toThrow(/maxEtaTimesL/);
    expect(() => quadraticCase({ etaKinds: [] })).toThrow(/etaKinds/);
    expect(() => quadraticCase({ spd: { maxDim: -1 } })).toThrow(/maxDim/);
  });
});
