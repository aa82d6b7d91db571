import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { float64 } from '../src/arith/float.js';
import { eigenvalues64 } from '../src/nqm/eigen.js';
import { expectedMetaGradient } from '../src/nqm/gradient.js';
import { ES_DEFAULTS, FIG2_H, eigenMagnitudes, episodeLoss2, episodeLossGeneral, esGradient, esMetaTrain, exactMetaLoss, firstWithin, nqmOptimum, simulateEpisode } from '../src/nqm/es.js';
import { Rng } from '../src/random/rng.js';

/**
 * The ES machinery of harrison2022 Figure 2b–c, each piece against an independent route: the
 * simulated episode loss against Eqn 8 (exact), the ES gradient against the exact adjoint gradient,
 * the closed-form 2×2 eigenvalues against ml-matrix, the optimum against perturbations.
 */
const I2 = [[1, 0], [0, 1]];
const sys = (P: number[][], alpha: number) => ({ H: FIG2_H, P, alpha, SigmaXi: I2, phi0: [0, 0], phi0Cov: [[10, 0], [0, 10]] });

describe('ES on the noisy quadratic (harrison2022 Fig. 2b–c)', () => {
  it('the d = 2 episode loss (scalar locals) equals the general loop bit for bit, on random A, H, φ₀ and ξ', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 8, maxLength: 8 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (m, T, seed) => {
        const rng = Rng.fromSeed(seed);
        const A = Float64Array.from(m.slice(0, 4));
        const H = Float64Array.from(m.slice(4));
        const phi0 = Float64Array.from([rng.gaussian(), rng.gaussian()]);
        const xi = Float64Array.from({ length: 2 * (T + 1) }, () => rng.gaussian());
        expect(Object.is(episodeLoss2(H, A, phi0, xi, T), episodeLossGeneral(H, A, 2, phi0, xi, T))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('the simulated episode loss averages to Eqn 8 (exact), within 4 standard errors', () => {
    const P = [[0.2, -0.1], [-0.05, 0.4]];
    const alpha = 0.1;
    const rng = Rng.fromSeed(11);
    const xs = Array.from({ length: 4000 }, () => simulateEpisode(FIG2_H, P, alpha, 50, 10, rng));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
    const exact = exactMetaLoss(FIG2_H, P, alpha, 50);
    expect(Math.abs(mean - exact)).toBeLessThan((4 * sd) / Math.sqrt(xs.length));
  });

  it('the antithetic ES gradient averages to the exact gradient of Eqn 8 (σ small), within 4 standard errors per entry', () => {
    const P = [[0.3, 0], [0.1, 0.5]];
    const alpha = 0.05;
    const exact = expectedMetaGradient(float64(), sys(P, alpha), 50).dP.flat();
    const rng = Rng.fromSeed(5);
    const g = new Float64Array(4);
    const n = 3000;
    const sum = [0, 0, 0, 0];
    const sq = [0, 0, 0, 0];
    for (let k = 0; k < n; k++) {
      esGradient(g, Float64Array.from(FIG2_H.flat()), Float64Array.from(P.flat()), alpha, 2, { T: 50, sigma: 0.01, pairs: 1, sd0: Math.sqrt(10) }, rng);
      for (let i = 0; i < 4; i++) {
        sum[i] += g[i];
        sq[i] += g[i] * g[i];
      }
    }
    for (let i = 0; i < 4; i++) {
      const mean = sum[i] / n;
      const se = Math.sqrt((sq[i] / n - mean * mean) / (n - 1));
      expect(Math.abs(mean - exact[i]), `entry ${i}: ES ${mean} vs exact ${exact[i]} (se ${se})`).toBeLessThan(4 * se);
    }
  });

  it('2×2 eigenvalue magnitudes in closed form agree with ml-matrix', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 4, maxLength: 4 }), (m) => {
        const got = eigenMagnitudes(Float64Array.from(m), 2);
        const want = eigenvalues64([[m[0], m[1]], [m[2], m[3]]]).map((z) => Math.hypot(z.re, z.im)).sort((a, b) => b - a);
        for (let i = 0; i < 2; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, want[0]));
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it('the optimum of Eqn 8 is stationary, not beaten by perturbations, and the same for every α (P free)', () => {
    const opt = nqmOptimum(FIG2_H, 50);
    expect(opt.gradientNorm).toBeLessThan(1e-8);
    const M = opt.M;
    const rng = Rng.fromSeed(2);
    for (let k = 0; k < 40; k++) {
      const dM = M.map((r) => r.map((x) => x + 1e-3 * rng.gaussian()));
      expect(exactMetaLoss(FIG2_H, dM, 0, 50)).toBeGreaterThanOrEqual(opt.loss);
    }
    for (const alpha of [0.1, 0.3]) {
      const P = M.map((r, i) => r.map((x, j) => x - (i === j ? alpha : 0)));
      expect(exactMetaLoss(FIG2_H, P, alpha, 50)).toBeCloseTo(opt.loss, 10);
    }
  });

  it('meta-training is deterministic per seed, starts at P = 0 (A₀ = I − αH), and stops at stopAtLoss', () => {
    const a = esMetaTrain(FIG2_H, { nominalFraction: 0.4, seed: 9, iterations: 50 });
    const b = esMetaTrain(FIG2_H, { nominalFraction: 0.4, seed: 9, iterations: 50 });
    expect(a.finalP).toEqual(b.finalP);
    expect(a.rho).toEqual(b.rho);
    const lmax = Math.max(...eigenvalues64(FIG2_H, true).map((z) => z.re));
    expect(a.rho[0]).toBeCloseTo(1 - a.alpha * Math.min(...eigenvalues64(FIG2_H, true).map((z) => z.re)), 12);
    expect(a.alpha).toBeCloseTo((0.4 * lmax) / 2, 14);
    expect(a.loss[0]).toEqual({ k: 0, loss: exactMetaLoss(FIG2_H, [[0, 0], [0, 0]], a.alpha, ES_DEFAULTS.T) });
    const stop = a.loss[3].loss;
    const c = esMetaTrain(FIG2_H, { nominalFraction: 0.4, seed: 9, iterations: 50, stopAtLoss: stop });
    expect(c.loss.at(-1)!.loss).toBeLessThanOrEqual(stop);
    expect(c.rho.length).toBeLessThanOrEqual(a.rho.length);
    expect(firstWithin(a.loss, stop, 0)).toBe(c.loss.at(-1)!.k);
  });
});
