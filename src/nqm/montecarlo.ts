import { float64 } from '../arith/float.js';
import { gradientVector, pathwiseMetaGradient } from './gradient.js';
import { dynamicsMatrix, type NqmSystem } from './model.js';
import { applyFactor, psdFactor } from './factor.js';
import { createRng, derive, type Rng } from '../random/rng.js';

/**
 * Seeded Monte Carlo of the noisy dynamics (Eqn 6) with exactly the index convention of loss.ts:
 * per sample, ξ_0, ξ_1, … are drawn in order; at each t ≥ 1 the loss ½(φ_t − ξ_t)ᵀH(φ_t − ξ_t) is
 * added, then φ_{t+1} = ξ_t + A(φ_t − ξ_t). The meta-loss of a sample at horizon T is the mean of
 * its first T losses; its Monte Carlo mean estimates `expectedLoss`.
 */
export interface MonteCarloPoint {
  T: number;
  mean: number;
  /** Standard error of the mean: sample standard deviation / √samples. */
  stdErr: number;
  samples: number;
}

function startOf(sys: NqmSystem<number>, g: Rng, L0: number[][] | undefined): number[] {
  if (!L0) return [...sys.phi0];
  const z = applyFactor(L0, g.gaussianVector(sys.phi0.length));
  return sys.phi0.map((x, i) => x + z[i]);
}

export function monteCarloLoss(sys: NqmSystem<number>, horizons: readonly number[], samples: number, seed: number): MonteCarloPoint[] {
  const Ts = [...new Set(horizons)].sort((a, b) => a - b);
  const Tmax = Ts[Ts.length - 1];
  const d = sys.H.length;
  const A = dynamicsMatrix(float64(), sys.H, sys.P, sys.alpha);
  const Lx = psdFactor(sys.SigmaXi);
  const L0 = sys.phi0Cov ? psdFactor(sys.phi0Cov) : undefined;
  // Welford: the loss of an unstable system is huge with a comparatively small spread, and
  // Σx² − N·mean² would cancel it away
  const means = new Array<number>(Ts.length).fill(0);
  const m2 = new Array<number>(Ts.length).fill(0);
  const g = createRng(seed);
  const r = new Array<number>(d);
  for (let s = 0; s < samples; s++) {
    let phi = startOf(sys, g, L0);
    let acc = 0;
    let k = 0;
    for (let t = 0; t <= Tmax; t++) {
      const xi = applyFactor(Lx, g.gaussianVector(d));
      for (let i = 0; i < d; i++) r[i] = phi[i] - xi[i];
      if (t >= 1) {
        let q = 0;
        for (let i = 0; i < d; i++) {
          let hr = 0;
          for (let j = 0; j < d; j++) hr += sys.H[i][j] * r[j];
          q += r[i] * hr;
        }
        acc += 0.5 * q;
        if (t === Ts[k]) {
          const v = acc / t;
          const delta = v - means[k];
          means[k] += delta / (s + 1);
          m2[k] += delta * (v - means[k]);
          k++;
        }
      }
      const next = new Array<number>(d);
      for (let i = 0; i < d; i++) {
        let s2 = xi[i];
        for (let j = 0; j < d; j++) s2 += A[i][j] * r[j];
        next[i] = s2;
      }
      phi = next;
    }
  }
  return Ts.map((T, k) => {
    const variance = samples > 1 ? m2[k] / (samples - 1) : NaN;
    return { T, mean: means[k], stdErr: Math.sqrt(variance / samples), samples };
  });
}

/** Mean, magnitude and spread of the pathwise meta-gradient over noise samples (Fig. 2a's quantity). */
export interface GradientStats {
  T: number;
  samples: number;
  /** Sample mean of the gradient vector (∂/∂α, then ∂/∂P row-major). */
  mean: number[];
  /** ‖mean‖₂. */
  meanNorm: number;
  /** Trace of the sample covariance matrix of the gradient vector (the y-axis of Fig. 2a). */
  traceVariance: number;
}

/**
 * Pathwise gradients over `samples` noise paths (and random starts when phi0Cov is set). Sample s
 * uses the stream derive(seed, s) (src/random) for every horizon (common random numbers), so horizons compare
 * the same paths.
 */
export function pathwiseGradientStats(sys: NqmSystem<number>, T: number, samples: number, seed: number): GradientStats {
  const F = float64();
  const d = sys.H.length;
  const Lx = psdFactor(sys.SigmaXi);
  const L0 = sys.phi0Cov ? psdFactor(sys.phi0Cov) : undefined;
  const vecs: number[][] = [];
  for (let s = 0; s < samples; s++) {
    const g = derive(seed, s);
    const phi0 = startOf(sys, g, L0);
    const xi = Array.from({ length: T + 1 }, () => applyFactor(Lx, g.gaussianVector(d)));
    vecs.push(gradientVector(pathwiseMetaGradient(F, sys, phi0, xi, T)));
  }
  const m = vecs[0].length;
  const mean = new Array<number>(m).fill(0);
  for (const v of vecs) for (let i = 0; i < m; i++) mean[i] += v[i] / samples;
  let tv = 0;
  for (const v of vecs) for (let i = 0; i < m; i++) tv += (v[i] - mean[i]) ** 2;
  tv /= Math.max(1, samples - 1);
  return { T, samples, mean, meanNorm: Math.hypot(...mean), traceVariance: tv };
}
