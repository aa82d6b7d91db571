import { Decimal } from 'decimal.js';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalArith, float32, float64, type Arith } from '../src/arith/index.js';
import { InputError } from '../src/errors.js';
import {
  generalEigenvalues64,
  spectralRadius64,
  symmetricEigen,
  symmetricEigen64,
  symmetricEigenDecimal,
  symmetrize,
  validateSymmetricPositiveDefinite,
  validateVector,
} from '../src/linalg/index.js';
import { spdMatrix } from '../src/arbitraries/index.js';

const D50 = decimalArith(50);

function toDecimal(A: Arith<Decimal>, H: number[][]): Decimal[][] {
  return H.map((row) => row.map((x) => A.fromNumber(x)));
}

/** max over i of ‖H vᵢ − λᵢ vᵢ‖∞ / ‖H‖max, and max |VVᵀ − I|, as log10. */
function residuals(A: Arith<Decimal>, H: Decimal[][], values: Decimal[], vectors: Decimal[][]): { pair: number; orth: number } {
  const d = H.length;
  let hmax = A.zero;
  for (const row of H) for (const x of row) if (A.cmp(A.abs(x), hmax) > 0) hmax = A.abs(x);
  let pair = -Infinity;
  let orth = -Infinity;
  for (let k = 0; k < d; k++) {
    const v = vectors[k];
    for (let i = 0; i < d; i++) {
      let s = A.zero;
      for (let j = 0; j < d; j++) s = A.add(s, A.mul(H[i][j], v[j]));
      pair = Math.max(pair, A.log10Abs(A.sub(s, A.mul(values[k], v[i]))) - A.log10Abs(hmax));
    }
    for (let l = 0; l < d; l++) {
      let s = A.zero;
      for (let i = 0; i < d; i++) s = A.add(s, A.mul(v[i], vectors[l][i]));
      orth = Math.max(orth, A.log10Abs(A.sub(s, k === l ? A.one : A.zero)));
    }
  }
  return { pair, orth };
}

function inputError(f: () => void): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('linalg: symmetric eigen-decomposition', () => {
  it('symmetricEigen64 returns descending eigenvalues and unit eigenvectors as rows', () => {
    const H = [
      [2, 1, 0],
      [1, 3, 1],
      [0, 1, 4],
    ];
    const { values, vectors } = symmetricEigen64(H);
    expect(values[0]).toBeGreaterThan(values[1]);
    expect(values[1]).toBeGreaterThan(values[2]);
    values.forEach((lam, k) => {
      const v = vectors[k];
      expect(Math.abs(Math.hypot(...v) - 1)).toBeLessThan(1e-15);
      H.forEach((row, i) => expect(Math.abs(row.reduce((s, h, j) => s + h * v[j], 0) - lam * v[i])).toBeLessThan(1e-14));
    });
  });

  it('symmetricEigen64 sorts a matrix one ulp off symmetric (ml-matrix would take its unsorted general path)', () => {
    const H = [
      [1, 0.3, 0],
      [0.3 + 2 ** -54, 5, 0.2],
      [0, 0.2, 3],
    ];
    const { values } = symmetricEigen64(H);
    expect([...values].sort((a, b) => b - a)).toEqual(values);
  });

  it('decimal Jacobi at 50 digits: eigenvalues match ml-matrix to 1e-12·L, ‖Hv − λv‖ ≤ 1e-45·‖H‖, VᵀV = I to 1e-45', () => {
    fc.assert(
      fc.property(spdMatrix({ maxDim: 8 }), (c) => {
        const Hd = toDecimal(D50, c.H);
        const dec = symmetricEigenDecimal(D50, Hd);
        const f = symmetricEigen64(c.H);
        const L = f.values[0];
        dec.values.forEach((v, i) => expect(Math.abs(v.toNumber() - f.values[i])).toBeLessThanOrEqual(1e-12 * L));
        const r = residuals(D50, Hd, dec.values, dec.vectors);
        expect(r.pair).toBeLessThan(-45);
        expect(r.orth).toBeLessThan(-45);
      }),
      { numRuns: 40, seed: 20240601 },
    );
  });

  it('warm and cold Jacobi starts agree to 1e-45 (the warm start is only a speed-up)', () => {
    fc.assert(
      fc.property(spdMatrix({ minDim: 2, maxDim: 6 }), (c) => {
        const Hd = toDecimal(D50, c.H);
        const warm = symmetricEigenDecimal(D50, Hd);
        const cold = symmetricEigenDecimal(D50, Hd, { warmStart: false });
        const scale = warm.values[0];
        warm.values.forEach((v, i) => expect(D50.log10Abs(D50.sub(v, cold.values[i])) - D50.log10Abs(scale)).toBeLessThan(-45));
      }),
      { numRuns: 15, seed: 7 },
    );
  });

  it('decimal Jacobi handles entries beyond float64 range and exactly repeated eigenvalues', () => {
    const A = decimalArith(40);
    const tiny = [
      ['2e-400', '1e-400'],
      ['1e-400', '2e-400'],
    ].map((r) => r.map((x) => A.fromString(x)));
    const r1 = symmetricEigenDecimal(A, tiny);
    expect(r1.values.map((v) => v.toString())).toEqual(['3e-400', '1e-400']);
    const eye = [1, 2, 3].map((i) => [1, 2, 3].map((j) => (i === j ? A.fromString('7') : A.zero)));
    const r2 = symmetricEigenDecimal(A, eye);
    expect(r2.values.map((v) => v.toNumber())).toEqual([7, 7, 7]);
    expect(r2.sweeps).toBe(1);
  });

  it('symmetricEigen dispatches: float64 = ml-matrix, float32 = ml-matrix rounded by Math.fround, decimal = Jacobi', () => {
    const H = [
      [4, 1],
      [1, 3],
    ];
    expect(symmetricEigen(float64(), H)).toEqual(symmetricEigen64(H));
    const f32 = symmetricEigen(float32(), H);
    f32.values.forEach((v) => expect(Math.fround(v)).toBe(v));
    const dec = symmetricEigen(D50, toDecimal(D50, H));
    // (7 ± √5)/2
    const exact = D50.div(D50.add(D50.fromString('7'), D50.sqrt(D50.fromString('5'))), D50.fromString('2'));
    expect(D50.log10Abs(D50.sub(dec.values[0], exact))).toBeLessThan(-48);
    expect(dec.vectors[0].map((x) => x.toNumber())).toEqual(symmetricEigen64(H).vectors[0].map((x) => expect.closeTo(x, 14)));
  });

  it('computes at the arithmetic’s precision even for Decimals made by another constructor (global Decimal: 20 digits)', () => {
    const A = decimalArith(30);
    const H = [
      [new Decimal(2), new Decimal(1)],
      [new Decimal(1), new Decimal(2)],
    ];
    const { values, vectors } = symmetricEigenDecimal(A, H);
    expect(values.map((v) => v.toString())).toEqual(['3', '1']);
    // 1/√2 to 30 digits, not 20
    expect(vectors[0][0].toString()).toBe('0.707106781186547524400844362105');
  });
});

describe('linalg: general eigenvalues', () => {
  it('a rotation matrix has a conjugate pair of modulus 1', () => {
    const th = 0.7;
    const R = [
      [Math.cos(th), -Math.sin(th)],
      [Math.sin(th), Math.cos(th)],
    ];
    const ev = generalEigenvalues64(R);
    expect(ev).toHaveLength(2);
    for (const { re, im } of ev) {
      expect(Math.hypot(re, im)).toBeCloseTo(1, 14);
      expect(Math.abs(im)).toBeCloseTo(Math.sin(th), 14);
    }
    expect(ev[0].im).toBeCloseTo(-ev[1].im, 15);
    expect(spectralRadius64(R)).toBeCloseTo(1, 14);
  });

  it('sorts by modulus, descending', () => {
    const M = [
      [0.5, 1, 0],
      [0, -3, 1],
      [0, 0, 2],
    ];
    expect(generalEigenvalues64(M).map((z) => z.re)).toEqual([-3, 2, 0.5].map((x) => expect.closeTo(x, 12)));
    expect(spectralRadius64(M)).toBeCloseTo(3, 12);
  });
});

describe('linalg: validation of user input', () => {
  const spd = [
    [2, 1],
    [1, 3],
  ];

  it('accepts SPD matrices given as numbers or decimal strings', () => {
    expect(() => validateSymmetricPositiveDefinite(spd)).not.toThrow();
    expect(() => validateSymmetricPositiveDefinite([['1e-400', '0'], ['0', '2e-400']])).not.toThrow();
  });

  it('accepts a PD matrix whose float64 Cholesky fails, by deciding in decimal on the exact values', () => {
    // c = fl(x²) > x² exactly: det = c − x² > 0 but the float64 pivot c − fl(x·x) is 0
    const x = 1.007812502;
    const H = [
      [1, x],
      [x, x * x],
    ];
    expect(() => validateSymmetricPositiveDefinite(H)).not.toThrow();
    // given as text, 1.000…01 is PD; its float64 rounding [[1,1],[1,1]] is singular
    expect(() => validateSymmetricPositiveDefinite([['1', '1'], ['1', '1.000000000000000000000000001']])).not.toThrow();
    expect(() => validateSymmetricPositiveDefinite([['1', '1'], ['1', '1']])).toThrow(/not positive definite/);
  });

  it('names the field and the fix', () => {
    let e = inputError(() => validateSymmetricPositiveDefinite([]));
    expect(e.field).toBe('H');
    expect(e.message).toMatch(/^H: expected a non-empty square matrix/);
    e = inputError(() => validateSymmetricPositiveDefinite('abc', 'task.H'));
    expect(e.message).toMatch(/^task\.H: .*the string "abc"/);

    e = inputError(() => validateSymmetricPositiveDefinite([[1, 0], [0, 1, 2]]));
    expect(e.field).toBe('H[1]');
    expect(e.message).toMatch(/row 1 has 3 entries but H has 2 rows; H must be square/);

    e = inputError(() => validateSymmetricPositiveDefinite([[1, 0], [NaN, 1]]));
    expect(e.field).toBe('H[1][0]');
    expect(e.message).toMatch(/NaN; every entry must be a finite number/);
    e = inputError(() => validateSymmetricPositiveDefinite([['1', 'abc'], ['0', '1']]));
    expect(e.field).toBe('H[0][1]');
    expect(e.message).toMatch(/"abc" is not a decimal number/);
    e = inputError(() => validateSymmetricPositiveDefinite([['1', 'Infinity'], ['0', '1']]));
    expect(e.field).toBe('H[0][1]');

    e = inputError(() => validateSymmetricPositiveDefinite([[2, 1, 0], [1, 2, 0.5], [0, 0.6, 2]]));
    expect(e.field).toBe('H');
    expect(e.message).toMatch(/not symmetric: H\[1\]\[2\] = 0\.5 but H\[2\]\[1\] = 0\.6 .*tolerance 1e-12·max\|H\|/);

    e = inputError(() => validateSymmetricPositiveDefinite([[1, 2], [2, 1]]));
    expect(e.field).toBe('H');
    expect(e.message).toMatch(/not positive definite: Cholesky pivot 2 .* is -3 <= 0/);
    e = inputError(() => validateSymmetricPositiveDefinite([['1', '2'], ['2', '1']], 'hessian'));
    expect(e.message).toMatch(/^hessian: not positive definite/);
  });

  it('tolerates asymmetry below 1e-12·max|H| (then the caller symmetrises), and the tolerance is an option', () => {
    const H = [
      [2, 1 + 1e-13],
      [1, 3],
    ];
    expect(() => validateSymmetricPositiveDefinite(H)).not.toThrow();
    expect(() => validateSymmetricPositiveDefinite(H, 'H', { symmetryTolerance: 0 })).toThrow(/not symmetric/);
    const S = symmetrize(float64(), H);
    expect(S[0][1]).toBe(S[1][0]);
    expect(inputError(() => validateSymmetricPositiveDefinite(H, 'H', { symmetryTolerance: -1 })).field).toBe('symmetryTolerance');
  });

  it('validateVector checks length and entries', () => {
    expect(() => validateVector([1, '0.5'], 2)).not.toThrow();
    let e = inputError(() => validateVector([1, 2, 3], 2));
    expect(e.field).toBe('w0');
    expect(e.message).toMatch(/has 3 entries but H is 2×2; give exactly 2 entries/);
    e = inputError(() => validateVector([1, Infinity], 2, 'task.w0'));
    expect(e.field).toBe('task.w0[1]');
    e = inputError(() => validateVector({}, 2));
    expect(e.message).toMatch(/expected an array of 2 numbers/);
  });
});
