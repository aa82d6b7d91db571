import { describe, expect, it } from 'vitest';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { streamRng, fillGaussian } from '../src/leastsquares/rng.js';
import { L } from '../src/claims/wang2021-sec4-lemma1.js';
import { certifiedEtaTildeLower, expectationBoundOverSigma2 } from '../src/claims/wang2021-sec4-lemma2.js';

/**
 * The analytic bound behind wang2021.lemma2.eta-tilde-icml-range, checked by plain Monte Carlo (its
 * own sampling and ml-matrix's eigenvalues, not the claims' fast path): the probability part
 * exp(−(√(2n/η₀) − √n − √d)²/2) must bound the frequency of λ_max(XᵀX/n) > 2/η₀.
 */
function lambdaMax(d: number, n: number, seed: number, k: number): number {
  const rng = streamRng(seed, 77, k);
  const X = new Float64Array(n * d);
  fillGaussian(rng, X);
  const G = new Matrix(n, n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let l = 0; l < d; l++) s += X[i * d + l] * X[j * d + l];
      G.set(i, j, s / n);
      G.set(j, i, s / n);
    }
  return Math.max(...new EigenvalueDecomposition(G, { assumeSymmetric: true }).realEigenvalues);
}

describe('wang2021 Lemma 2: the analytic bound on η̃', () => {
  for (const [d, n] of [
    [16, 4],
    [24, 12],
    [40, 30],
  ] as const) {
    it(`P(λ_max(XᵀX/n) > 2/η₀) ≤ exp(−s²/2) by Monte Carlo, d=${d}, n=${n}`, () => {
      const N = 2000;
      const lm = Array.from({ length: N }, (_, k) => lambdaMax(d, n, 5, k));
      // η₀ where the bound is informative (between 1e-3 and 0.5), so the comparison has teeth
      for (const target of [0.5, 0.1, 0.01]) {
        // solve exp(−s²/2) = target for s, then η₀ = 2n/(√n + √d + s)²
        const s = Math.sqrt(-2 * Math.log(target));
        const eta0 = (2 * n) / (Math.sqrt(n) + Math.sqrt(d) + s) ** 2;
        const p = expectationBoundOverSigma2(d, n, eta0) / (18 * L * L);
        expect(p).toBeCloseTo(target, 10);
        const freq = lm.filter((x) => x > 2 / eta0).length / N;
        expect(freq).toBeLessThanOrEqual(p + 4 * Math.sqrt((p * (1 - p)) / N) + 1 / N);
      }
      // and the bound is not vacuous: near the median of λ_max the frequency is substantial
      const med = [...lm].sort((a, b) => a - b)[N >> 1];
      expect(lm.filter((x) => x > med).length / N).toBeGreaterThan(0.4);
    });
  }

  it('the certified lower end η₀ ≤ η̃ exceeds 3/L for n ≥ 3 (the ICML range fails) and stays below 3L', () => {
    for (const [d, n] of [
      [16, 4],
      [16, 12],
      [60, 15],
      [60, 45],
      [1000, 250],
    ] as const) {
      const e = certifiedEtaTildeLower(d, n);
      expect(e).toBeGreaterThan(3 / L);
      expect(e).toBeLessThan(3 * L);
      expect(expectationBoundOverSigma2(d, n, e)).toBeLessThan(1 / L ** 6);
    }
  });
});
