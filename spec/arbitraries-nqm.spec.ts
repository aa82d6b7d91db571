import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cancellationCase,
  eigenMotionCase,
  eq8Case,
  growthCase,
  hOf,
  kPrimeOf,
  lemma4Case,
  linearOptimizerCase,
  maskedV,
  metaGdCase,
  momentumCase,
  psdOf,
  requestedModuli,
  robustCase,
  robustDistinctCase,
  spectrumCase,
  stabilityCase,
  systemCase,
  blockOf,
  convexityCase,
  claim3Case,
} from '../src/arbitraries/index.js';
import { decimalArith } from '../src/arith/decimal.js';
import { identity, inverse, matMul, transpose } from '../src/nqm/mat.js';
import { refinedEigenvalues, symmetricEigenvalues } from '../src/nqm/eigen.js';
import { symmetricEigen64 } from '../src/linalg/symmetricEigen.js';

const D = decimalArith(60);
const dec = (M: number[][]) => M.map((r) => r.map((x) => D.fromNumber(x)));
const lamMax = (H: number[][]) => {
  const ev = symmetricEigenvalues(H, 60);
  return ev[ev.length - 1];
};
const lamMin = (H: number[][]) => symmetricEigenvalues(H, 60)[0];

/** Every generator: same seed, same values; another seed, other values. */
const deterministic: Array<[string, () => fc.Arbitrary<unknown>]> = [
  ['stabilityCase', () => stabilityCase()],
  ['robustCase', () => robustCase()],
  ['robustDistinctCase', () => robustDistinctCase()],
  ['systemCase', () => systemCase()],
  ['eq8Case', () => eq8Case()],
  ['lemma4Case', () => lemma4Case()],
  ['spectrumCase', () => spectrumCase()],
  ['growthCase', () => growthCase()],
  ['cancellationCase', () => cancellationCase()],
  ['momentumCase', () => momentumCase()],
  ['eigenMotionCase', () => eigenMotionCase()],
  ['linearOptimizerCase', () => linearOptimizerCase()],
  ['metaGdCase', () => metaGdCase()],
  ['convexityCase', () => convexityCase()],
  ['claim3Case', () => claim3Case()],
];

describe('harrison2022 and Theorem 4 arbitraries: determinism and constraint errors', () => {
  it.each(deterministic)('%s: same seed gives the same values', (_name, arb) => {
    const a = fc.sample(arb(), { seed: 11, numRuns: 20 });
    expect(fc.sample(arb(), { seed: 11, numRuns: 20 })).toEqual(a);
    expect(fc.sample(arb(), { seed: 12, numRuns: 20 })).not.toEqual(a);
  });

  it('an invalid constraint throws a message naming the field', () => {
    expect(() => stabilityCase({ maxDim: 4 })).toThrow(/maxDim/);
    expect(() => stabilityCase({ kMax: -1 })).toThrow(/kMax/);
    expect(() => robustCase({ maxDim: 0 })).toThrow(/maxDim/);
    expect(() => robustDistinctCase({ maxDbar: 2 })).toThrow(/maxDbar/);
    expect(() => systemCase({ maxA: 1.5 })).toThrow(/maxA/);
    expect(() => eq8Case({ maxT: 0 })).toThrow(/maxT/);
    expect(() => lemma4Case({ maxT: -3 })).toThrow(/maxT/);
    expect(() => spectrumCase({ kinds: [] })).toThrow(/kinds/);
    expect(() => spectrumCase({ moduli: 'inside' as never })).toThrow(/moduli/);
    expect(() => growthCase({ regime: 'stable' as never })).toThrow(/regime/);
    expect(() => cancellationCase({ maxDbar: 0 })).toThrow(/maxDbar/);
    expect(() => momentumCase({ maxM: 0 })).toThrow(/maxM/);
    expect(() => eigenMotionCase({ minM: 5, maxM: 4 })).toThrow(/maxM/);
    expect(() => linearOptimizerCase({ maxP: -1 })).toThrow(/maxP/);
    expect(() => metaGdCase({ minC2: 0 })).toThrow(/minC2/);
    expect(() => metaGdCase({ maxRatio: 1 })).toThrow(/maxRatio/);
    expect(() => convexityCase({ maxJ: 61 })).toThrow(/maxJ/);
    expect(() => claim3Case({ quadratic: null as never })).toThrow(/quadratic/);
  });
});

describe('harrison2022 arbitraries keep their promises', () => {
  it('lattice H = (BBᵀ + cI)/4 is SPD and Σ = CCᵀ/4 is PSD', () => {
    fc.assert(
      fc.property(systemCase(), (c) => {
        expect(lamMin(hOf(c.B, c.c)).gt(0)).toBe(true);
        expect(lamMin(psdOf(c.C)).gte(D.fromString('-1e-50'))).toBe(true);
      }),
      { seed: 3, numRuns: 60 },
    );
  });

  it.each([false, true])('stabilityCase (symmetric %s): P is diagonalizable with real eigenvalues inside the interval of (9)–(10), both ends reached', (symmetric) => {
    let atEnds = 0;
    fc.assert(
      fc.property(stabilityCase({ symmetric }), (c) => {
        const H = hOf(c.B, c.c);
        const w = D.div(D.fromNumber(2), lamMax(H));
        const alpha = D.fromNumber(c.a / 8);
        const lam = c.k.map((k) => D.add(alpha.neg(), D.mul(D.fromNumber(k / 8), w)));
        // P built here from the promise (V diag V⁻¹, or QDQᵀ with Q = Cayley(K)), its spectrum computed
        let V = dec(c.V);
        if (c.K) {
          const n = c.k.length;
          const K = Array.from({ length: n }, () => new Array<number>(n).fill(0));
          let idx = 0;
          for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) (K[i][j] = c.K[idx]), (K[j][i] = -c.K[idx++]);
          const I = identity(D, n);
          V = matMul(D, I.map((r, i) => r.map((x, j) => D.sub(x, D.fromNumber(K[i][j])))), inverse(D, I.map((r, i) => r.map((x, j) => D.add(x, D.fromNumber(K[i][j]))))));
          // Q orthogonal, so P = QDQᵀ is symmetric
          const QtQ = matMul(D, transpose(V), V);
          QtQ.forEach((r, i) => r.forEach((x, j) => expect(D.abs(D.sub(x, i === j ? D.one : D.zero)).lt(D.fromString('1e-50'))).toBe(true)));
        }
        const P = matMul(D, V.map((r) => r.map((x, j) => D.mul(x, lam[j]))), inverse(D, V));
        const eig = refinedEigenvalues(P, { precision: 60 }).values;
        for (const z of eig) {
          expect(z.im.abs().lt(D.fromString('1e-20'))).toBe(true);
          expect(z.re.gte(D.sub(alpha.neg(), D.fromString('1e-20')))).toBe(true);
          expect(z.re.lte(D.add(D.sub(w, alpha), D.fromString('1e-20')))).toBe(true);
        }
        if (c.k.includes(0) || c.k.includes(8)) atEnds++;
      }),
      { seed: 4, numRuns: 60 },
    );
    expect(atEnds).toBeGreaterThan(10);
  });

  it('stabilityCase: non-symmetric P (far from normal) is drawn', () => {
    const xs = fc.sample(stabilityCase(), { seed: 5, numRuns: 100 });
    expect(xs.some((c) => c.V.length > 1 && c.V.some((r, i) => r.some((x, j) => i !== j && x !== c.V[j][i])))).toBe(true);
  });

  it('robustCase: V is block-diagonal over equal dᵢ and invertible; d̄ ≥ d; Δ = cI is drawn', () => {
    let equal = 0;
    fc.assert(
      fc.property(robustCase(), (c) => {
        const V = maskedV(c);
        V.forEach((r, i) => r.forEach((x, j) => c.dv[i] !== c.dv[j] && expect(x).toBe(0)));
        c.e.forEach((e) => expect(e).toBeGreaterThanOrEqual(0));
        if (c.dv.length > 1 && c.dv.every((x) => x === c.dv[0])) equal++;
      }),
      { seed: 6, numRuns: 100 },
    );
    expect(equal).toBeGreaterThan(10);
  });

  it('robustDistinctCase: d̄ᵢ pairwise distinct, 0 < dᵢ ≤ d̄ᵢ, equal dᵢ drawn', () => {
    let equal = 0;
    fc.assert(
      fc.property(robustDistinctCase(), (c) => {
        expect(new Set(c.dbar).size).toBe(c.dbar.length);
        c.dn.forEach((x, i) => {
          expect(x).toBeGreaterThanOrEqual(1);
          expect(x).toBeLessThanOrEqual(c.dbar[i]);
        });
        if (c.dn.length > 1 && new Set(c.dn).size < c.dn.length) equal++;
      }),
      { seed: 7, numRuns: 200 },
    );
    expect(equal).toBeGreaterThan(0);
  });

  it('spectrumCase: A = VΛV⁻¹ has the requested moduli (below 1 when asked)', () => {
    fc.assert(
      fc.property(spectrumCase({ moduli: 'below' }), (c) => {
        const V = dec(c.V);
        const A = matMul(D, matMul(D, V, dec(blockOf(c))), inverse(D, V));
        const got = refinedEigenvalues(A, { precision: 60 }).moduli.map((m) => m.toNumber()).sort((a, b) => a - b);
        const want = requestedModuli(c).flatMap((m, i) => (c.kind === 'pair' && i === 0 ? [m, m] : c.kind === 'jordan' && i === 0 ? [m] : [m])).sort((a, b) => a - b);
        expect(got.length).toBe(c.d);
        if (c.kind !== 'jordan') got.forEach((m, i) => expect(Math.abs(m - want[i])).toBeLessThan(1e-12));
        expect(Math.max(...got)).toBeLessThan(1);
      }),
      { seed: 8, numRuns: 60 },
    );
  });

  it('growthCase: the dominant modulus is in [1.01, 1.3] (unstable) and the rest below it', () => {
    fc.assert(
      fc.property(growthCase({ regime: 'unstable' }), (c) => {
        const V = dec(c.V);
        const A = matMul(D, matMul(D, V, dec(blockOf(c))), inverse(D, V));
        const rho = refinedEigenvalues(A, { precision: 60 }).rho.toNumber();
        expect(rho).toBeGreaterThanOrEqual(1.01 - 1e-12);
        expect(rho).toBeLessThanOrEqual(1.3 + 1e-12);
      }),
      { seed: 9, numRuns: 40 },
    );
  });

  it('cancellationCase: 0 < α < 2/λ_max(H), P* has real eigenvalues in [0, 4/λ_max(H)], d̄ ∈ (0, 2]', () => {
    fc.assert(
      fc.property(cancellationCase(), (c) => {
        const H = hOf(c.B, c.c);
        const w = D.div(D.fromNumber(2), lamMax(H));
        expect(c.u).toBeGreaterThanOrEqual(1);
        expect(c.u).toBeLessThanOrEqual(63);
        const mu = c.k.map((k) => D.mul(D.fromNumber(k / 8), w));
        mu.forEach((m) => expect(m.lte(D.mul(D.fromNumber(2), w))).toBe(true));
        expect(c.dbar / 4).toBeGreaterThan(0);
        expect(c.dbar / 4).toBeLessThanOrEqual(2);
        if (!c.K) expect(Math.abs(c.V.length === 1 ? c.V[0][0] : 1)).toBeGreaterThan(0);
      }),
      { seed: 10, numRuns: 60 },
    );
  });

  it('momentumCase: β ∈ [0, 1), η·λ_max on the 1/16 lattice with both limits 2 and 2(1+β) drawn', () => {
    const xs = fc.sample(momentumCase(), { seed: 13, numRuns: 400 });
    xs.forEach((c) => {
      expect(c.b / 16).toBeLessThan(1);
      expect(c.m).toBeGreaterThanOrEqual(1);
    });
    expect(xs.some((c) => c.m === 32)).toBe(true);
    expect(xs.some((c) => c.b > 0 && c.m === 32 + 2 * c.b)).toBe(true);
    expect(xs.some((c) => c.b > 0 && c.m > 32 && c.m < 32 + 2 * c.b)).toBe(true);
  });

  it('eigenMotionCase and linearOptimizerCase: non-symmetric P drawn, magnitude within bounds', () => {
    const xs = fc.sample(eigenMotionCase({ minM: 1, maxM: 20 }), { seed: 14, numRuns: 100 });
    xs.forEach((c) => {
      expect(c.m).toBeGreaterThanOrEqual(1);
      expect(c.m).toBeLessThanOrEqual(20);
    });
    expect(xs.some((c) => c.Pn.some((r, i) => r.some((x, j) => x !== c.Pn[j][i])))).toBe(true);
    const ys = fc.sample(linearOptimizerCase({ maxP: 4 }), { seed: 15, numRuns: 100 });
    ys.forEach((c) => c.Pn.forEach((r) => r.forEach((x) => expect(Math.abs(x)).toBeLessThanOrEqual(4))));
  });
});

describe('metaGdCase (Theorem 4 where the proof\'s k′ fits) keeps its promise', () => {
  it('H is symmetric with the stated spectrum, w₀ is a unit vector, 0 < ε < 1/L and k′ ≤ maxKPrime', () => {
    fc.assert(
      fc.property(metaGdCase({ maxKPrime: 50000 }), (x) => {
        const { c } = x;
        for (let i = 0; i < c.d; i++) for (let j = 0; j < c.d; j++) expect(c.H[i][j]).toBe(c.H[j][i]);
        const ev = symmetricEigen64(c.H).values;
        ev.forEach((v, i) => expect(Math.abs(v - c.eigenvalues[i])).toBeLessThan(1e-12 * c.eigenvalues[0]));
        expect(Math.abs(Math.hypot(...c.w0) - 1)).toBeLessThan(1e-14);
        expect(x.eps).toBeGreaterThan(0);
        expect(x.eps * c.eigenvalues[0]).toBeLessThan(1);
        expect(x.kPrime).toBeLessThanOrEqual(50000);
        const dot = (u: number[]) => u.reduce((s, v, i) => s + v * c.w0[i], 0);
        const k = kPrimeOf({ L: c.eigenvalues[0], alpha: c.eigenvalues[c.d - 1], c1sq: dot(c.eigenvectors[0]) ** 2, cdsq: dot(c.eigenvectors[c.d - 1]) ** 2, eta0: c.eta, eps: x.eps, scale: x.scale });
        expect(k.kPrime).toBe(x.kPrime);
      }),
      { seed: 16, numRuns: 60 },
    );
  });

  it("kPrimeOf follows the proof: k′ ≥ k₁ = (D_max/ε)², grows as ε shrinks, and is infinite outside the hypotheses", () => {
    const base = { L: 0.1, alpha: 0.08, c1sq: 0.5, cdsq: 0.5, eta0: 1, eps: 9, scale: 1 };
    const k = kPrimeOf(base);
    expect(k.k1).toBe(Math.ceil((k.Dmax / 9) ** 2));
    expect(k.kPrime).toBeGreaterThanOrEqual(k.k1);
    expect(kPrimeOf({ ...base, eps: 4 }).kPrime).toBeGreaterThan(k.kPrime);
    expect(kPrimeOf({ ...base, scale: 0.01 }).kPrime).toBeGreaterThan(100 * k.kPrime);
    expect(kPrimeOf({ ...base, eps: 10 }).kPrime).toBe(Infinity);
    expect(kPrimeOf({ ...base, cdsq: 0 }).kPrime).toBe(Infinity);
  });
});

describe('wang2021 Section 3 case arbitraries keep their promises', () => {
  it('convexityCase: the second point lies to the right of η by 2^-j(1 + k/8)/L, Section 3\'s whole class (d from 2 to 12)', () => {
    const xs = fc.sample(convexityCase(), { seed: 17, numRuns: 200 });
    xs.forEach((x) => {
      expect(x.c.d).toBeGreaterThanOrEqual(2);
      expect(x.c.d).toBeLessThanOrEqual(12);
      expect(x.j).toBeGreaterThanOrEqual(0);
      expect(x.j).toBeLessThanOrEqual(30);
      expect(x.k).toBeLessThanOrEqual(8);
    });
    expect(new Set(xs.map((x) => x.c.d)).size).toBeGreaterThan(5);
  });

  it('claim3Case: 0 < ε < 1/L, M̂ ≥ 2/α, both interval ends drawn', () => {
    const xs = fc.sample(claim3Case(), { seed: 18, numRuns: 200 });
    xs.forEach((x) => {
      const L = x.c.eigenvalues[0];
      const eps = 10 ** (-x.epsK / 1000) / L;
      expect(eps).toBeGreaterThan(0);
      expect(eps * L).toBeLessThan(1);
    });
    expect(xs.some((x) => x.f === 0) && xs.some((x) => x.f === 1000)).toBe(true);
    expect(xs.some((x) => x.vZero) && xs.some((x) => !x.vZero)).toBe(true);
  });
});
