import { Decimal } from 'decimal.js';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalArith, type Arith } from '../src/arith/index.js';
import { spdMatrix, unitVector } from '../src/arbitraries/index.js';
import { symmetricEigen64, symmetricEigenDecimal } from '../src/linalg/index.js';
import { divRound, fixedToNumber, numberToFixed, textToFixed } from '../src/linalg/fixedPoint.js';
import { RefinedEigenSolver } from '../src/linalg/refine.js';
import { ReferenceQuadratic } from '../src/quadratic/reference.js';
import { exactText } from '../src/audit/grid.js';

/**
 * The refined eigen-decomposition (linalg/refine.ts: float64 + Ogita–Aishima in fixed point) against
 * cyclic Jacobi in decimal (linalg/jacobi.ts), the route it replaces: on generated SPD matrices of
 * every kind (clustered and nearly equal spectra included) it must give the same λᵢ and the same
 * spectral sums Σ cᵢ² λᵢᵏ (what the closed form Eqn 1 is made of) to the working precision, or decline
 * (null) so that the reference falls back to Jacobi.
 */

interface Spec {
  lambda: Decimal[];
  c: Decimal[];
}

/** log10 of the largest disagreement between two spectra, relative to L^k (k = 0: eigenvalues; 1-3: Σ cᵢ²λᵢᵏ). */
function disagreement(A: Arith<Decimal>, a: Spec, b: Spec): number {
  const L = b.lambda[0];
  let worst = -Infinity;
  a.lambda.forEach((x, i) => {
    worst = Math.max(worst, A.log10Abs(A.sub(x, b.lambda[i])) - A.log10Abs(L));
  });
  for (let k = 0; k <= 3; k++) {
    const sum = (s: Spec) => s.c.reduce((acc, ci, i) => A.add(acc, A.mul(A.mul(ci, ci), A.powInt(A.div(s.lambda[i], L), k))), A.zero);
    worst = Math.max(worst, A.log10Abs(A.sub(sum(a), sum(b))));
  }
  return worst;
}

function jacobiSpectrum(A: Arith<Decimal>, H: string[][], w0: string[]): Spec {
  const j = symmetricEigenDecimal(A, H.map((r) => r.map((x) => A.fromString(x))));
  const w = w0.map((x) => A.fromString(x));
  return { lambda: j.values, c: j.vectors.map((u) => u.reduce((s, ui, i) => A.add(s, A.mul(ui, w[i])), A.zero)) };
}

const caseArb = spdMatrix({ maxDim: 7 }).chain((m) => unitVector({ d: m.d }).map((w0) => ({ m, w0 })));

describe('refined eigen-decomposition against Jacobi', () => {
  it('P = 40 then 80 (the reference\'s order): same eigenvalues and spectral sums to 10^-(P-8), or declined', () => {
    let refined = 0;
    fc.assert(
      fc.property(caseArb, ({ m, w0 }) => {
        const H = m.H.map((r) => r.map(exactText));
        const w = w0.map(exactText);
        const solver = new RefinedEigenSolver(H, w);
        for (const P of [40, 80]) {
          const A = decimalArith(P);
          const r = solver.spectrum(A, P);
          if (r === null) continue;
          refined++;
          // both are backward stable to about d·10^−P·‖H‖ (jacobi.ts, refine.ts); 8 digits cover d ≤ 7 and the sums' growth
          expect(disagreement(A, r, jacobiSpectrum(A, H, w))).toBeLessThan(-(P - 8));
        }
      }),
      { numRuns: 60, seed: 9 },
    );
    // the route is taken, not declined wholesale
    expect(refined).toBeGreaterThan(80);
  });

  it('control: the comparison rejects a spectrum off by one part in 10^(P-10), and float64 alone', () => {
    const A = decimalArith(40);
    const H = [['4', '1', '0'], ['1', '3', '1'], ['0', '1', '2']];
    const w = ['0.6', '0', '0.8'];
    const j = jacobiSpectrum(A, H, w);
    const off = { lambda: j.lambda.map((x, i) => (i === 0 ? A.mul(x, A.fromString('1.000000000000000000000000000001')) : x)), c: j.c };
    expect(disagreement(A, off, j)).toBeGreaterThan(-32);
    const f = symmetricEigen64(H.map((r) => r.map(Number)));
    const f64 = { lambda: f.values.map((x) => A.fromNumber(x)), c: f.vectors.map((u) => A.fromNumber(u[0] * 0.6 + u[2] * 0.8)) };
    expect(disagreement(A, f64, j)).toBeGreaterThan(-32);
  });

  it('declines what fixed point cannot resolve: entries 10^100 apart go to Jacobi', () => {
    const solver = new RefinedEigenSolver([['1', '0'], ['0', '1e-100']], ['0.6', '0.8']);
    expect(solver.spectrum(decimalArith(40), 40)).toBeNull();
    const ref = new ReferenceQuadratic([['1', '0'], ['0', '1e-100']], ['0.6', '0.8']);
    expect(ref.at(40).constants().alpha.toString()).toBe('1e-100');
    expect(ref.eigenRoute.get(40)).toBe('jacobi');
  });

  it('repeated eigenvalues: refined or declined, and then equal to Jacobi', () => {
    const H = [['2', '1', '0'], ['1', '2', '0'], ['0', '0', '3']]; // eigenvalues 3, 3, 1
    const w = ['0.6', '0', '0.8'];
    const A = decimalArith(40);
    const r = new RefinedEigenSolver(H, w).spectrum(A, 40);
    if (r) expect(disagreement(A, r, jacobiSpectrum(A, H, w))).toBeLessThan(-32);
  });

  it('the reference at d = 12 (Wishart): the refined route prints the same values as the Jacobi route', () => {
    fc.assert(
      fc.property(spdMatrix({ minDim: 10, maxDim: 12, kinds: ['wishart', 'logUniform'] }), fc.double({ min: 0.05, max: 1.9, noNaN: true }), (m, k) => {
        const H = m.H.map((r) => r.map(exactText));
        const w0 = m.eigenvectors[0].map((x, i) => exactText((x + m.eigenvectors[m.d - 1][i]) / Math.SQRT2));
        const eta = exactText(k / m.eigenvalues[0]);
        const a = new ReferenceQuadratic(H, w0).point(eta, 30);
        const b = new ReferenceQuadratic(H, w0, { eigen: 'jacobi' }).point(eta, 30);
        for (const key of ['F', 'G', 'dF', 'dG'] as const) {
          const digits = Math.min(a[key].digits, b[key].digits);
          expect(digits).toBeGreaterThanOrEqual(key === 'dG' ? 20 : 12);
          const rel = a[key].value.minus(b[key].value).abs().div(b[key].value.abs()).toNumber();
          expect(rel).toBeLessThanOrEqual(10 ** -(digits - 1));
        }
      }),
      { numRuns: 6, seed: 3 },
    );
  });
});

/** The exact decimal expansion of a double, mant·2^exp = mant·5^−exp·10^exp (exactText stops at 20 digits). */
function exactDecimal(x: number): string {
  if (x === 0) return '0';
  const f = new Float64Array([Math.abs(x)]);
  const bits = new BigUint64Array(f.buffer)[0];
  const biased = Number((bits >> 52n) & 0x7ffn);
  const mant = (bits & 0xfffffffffffffn) | (biased === 0 ? 0n : 1n << 52n);
  const exp = (biased === 0 ? 1 : biased) - 1075;
  const sign = x < 0 ? '-' : '';
  return exp >= 0 ? `${sign}${mant << BigInt(exp)}` : `${sign}${mant * 5n ** BigInt(-exp)}e${exp}`;
}

describe('fixed point', () => {
  it('textToFixed rounds the exact decimal value: |x·2^F − result| ≤ 1/2, and numberToFixed agrees (subnormals too)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: 300 }), (x, F) => {
        const text = exactDecimal(x);
        const v = textToFixed(text, F);
        const D = Decimal.clone({ precision: 1200, minE: -9e15 });
        const exact = new D(text).times(new D(2).pow(F));
        expect(exact.minus(v.toString()).abs().lte(0.5)).toBe(true);
        expect(numberToFixed(x, F)).toBe(v);
      }),
      { numRuns: 200, seed: 5 },
    );
  });

  it('divRound rounds to nearest, ties away from zero; fixedToNumber reads back', () => {
    expect(divRound(7n, 2n)).toBe(4n);
    expect(divRound(-7n, 2n)).toBe(-4n);
    expect(divRound(5n, 3n)).toBe(2n);
    expect(fixedToNumber(3n << 1100n, 1100)).toBe(3);
  });
});

describe('float64 eigen-decomposition at the edge of the range', () => {
  it('an H whose largest eigenvalue overflows gives Infinity, not a crash in tql2', () => {
    const r = symmetricEigen64([
      [1e308, 1e308],
      [1e308, 1.0000001e308],
    ]);
    expect(r.values[0]).toBe(Infinity);
    expect(r.values[1]).toBeGreaterThan(0);
  });
});
