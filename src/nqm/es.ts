import { float64 } from '../arith/float.js';
import { Rng } from '../random/rng.js';
import { eigenvalues64 } from './eigen.js';
import { expectedMetaGradient } from './gradient.js';
import { expectedLoss } from './loss.js';
import type { NqmSystem } from './model.js';

/**
 * harrison2022 Figure 2b–c (appendix B.1): meta-training the linear learned optimizer
 * φ_{t+1} = φ_t − (αI + P)∇_t on the noisy quadratic by evolution strategies, for a fixed nominal
 * coefficient α, and watching ρ(A) and the meta-loss against meta-iteration.
 *
 * What the appendix fixes: the 2-d H of Eqn A.30, φ₀ ~ N(0, 10I), ξ_t ~ N(0, I), episode length
 * T = 50 (so PES reduces to plain ES), perturbation standard deviation σ = 0.01, AdamW as the
 * meta-optimizer with zero weight decay, gradient clipping at 1.0, the mean training loss over the
 * episode as the meta-objective, five seeds. What it leaves open, fixed here and stated with every
 * result (`ES_DEFAULTS`): the initial P (0, so the optimizer starts as the nominal term alone), the
 * population (antithetic pairs, each pair sharing one draw of φ₀ and ξ), the outer learning rate, and
 * Adam's β₁, β₂, ε (the usual 0.9, 0.999, 1e-8).
 *
 * The meta-loss curve is the EXACT expected meta-loss (Eqn 8, ½ kept, loss.ts) of each iterate, not
 * the noisy ES estimate: the estimate drives training, the exact value judges it.
 */

export interface EsConfig {
  /** 2α/λ_max(H): the nominal coefficient as a fraction of the stability limit (the paper's legend). */
  nominalFraction: number;
  /** Episode length T (appendix B.1: 50). */
  T: number;
  /** ES perturbation standard deviation (appendix B: 0.01). */
  sigma: number;
  /** Antithetic pairs per meta-iteration (not stated in the paper). */
  pairs: number;
  /** AdamW outer learning rate (not stated for the NQM; the paper's other tasks use 1e-4). */
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** AdamW weight decay (appendix B: zero unless stated). */
  weightDecay: number;
  /** Gradient clipping by global norm (appendix B: 1.0). */
  clip: number;
  iterations: number;
  /** Variance of φ₀ ~ N(0, v I) (appendix B.1: 10). */
  phi0Variance: number;
  /** The exact meta-loss is evaluated every `evalEvery` iterates and at the last (0: never). */
  evalEvery: number;
  /** Stop as soon as an evaluated exact meta-loss is at or below this value (the run is shorter). */
  stopAtLoss?: number;
  seed: number;
}

export const ES_DEFAULTS: Omit<EsConfig, 'nominalFraction' | 'seed'> = {
  T: 50,
  sigma: 0.01,
  pairs: 8,
  learningRate: 1e-3,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  weightDecay: 0,
  clip: 1,
  iterations: 1000,
  phi0Variance: 10,
  evalEvery: 10,
};

/** The 2-d H of appendix B.1 (Eqn A.30). */
export const FIG2_H: number[][] = [
  [1.11, 0.596],
  [0.596, 0.486],
];

/** The five nominal fractions 2α/λ_max of Figure 2b–c's legend. */
export const FIG2_FRACTIONS = [0, 0.1, 0.2, 0.3, 0.4] as const;

export interface EsRun {
  config: EsConfig;
  alpha: number;
  /** |eigenvalues of A| at every iterate k = 0..iterations, largest first. */
  eigMagnitudes: number[][];
  /** ρ(A_k). */
  rho: number[];
  /** Exact expected meta-loss L(θ_k; T) at every `evalEvery`-th iterate k. */
  loss: Array<{ k: number; loss: number }>;
  finalP: number[][];
  /** Meta-iterations whose clipped gradient norm was at the clip. */
  clipped: number;
}

const lambdaMax = (H: number[][]) => Math.max(...eigenvalues64(H, true).map((z) => z.re));

function system(H: number[][], P: number[][], alpha: number, phi0Variance: number): NqmSystem<number> {
  const d = H.length;
  const I = (s: number) => Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? s : 0)));
  return { H, P, alpha, SigmaXi: I(1), phi0: new Array(d).fill(0), phi0Cov: I(phi0Variance) };
}

/** Exact L(θ;T) (Eqn 8, ½ kept) of the optimizer (α, P) on the appendix's noise model. */
export function exactMetaLoss(H: number[][], P: number[][], alpha: number, T: number, phi0Variance = ES_DEFAULTS.phi0Variance): number {
  return expectedLoss(float64(), system(H, P, alpha, phi0Variance), [T])[0].expected;
}

/**
 * The mean training loss of one simulated episode (1/T) Σ_{t=1..T} ½(φ_t − ξ_t)ᵀH(φ_t − ξ_t) under
 * φ_{t+1} = A φ_t + (I − A) ξ_t, for A given row-major (d×d), with the episode's draws φ₀ and
 * ξ_0..ξ_T (row t at t·d) shared by an antithetic pair. Allocation-free: it runs 2·pairs·T times a
 * meta-iteration.
 */
function episodeLoss(H: Float64Array, A: Float64Array, d: number, phi0: Float64Array, xi: Float64Array, T: number, phi: Float64Array, next: Float64Array): number {
  return d === 2 ? episodeLoss2(H, A, phi0, xi, T) : episodeLossGeneral(H, A, d, phi0, xi, T, phi, next);
}

/** The mean loss of one episode for any d (exported so a spec can compare the d = 2 path with it bit for bit). */
export function episodeLossGeneral(H: Float64Array, A: Float64Array, d: number, phi0: Float64Array, xi: Float64Array, T: number, phi: Float64Array = new Float64Array(d), next: Float64Array = new Float64Array(d)): number {
  phi.set(phi0);
  let sum = 0;
  for (let t = 0; t < T; t++) {
    const o = t * d;
    for (let i = 0; i < d; i++) {
      let s = xi[o + i];
      for (let j = 0; j < d; j++) s += A[i * d + j] * (phi[j] - xi[o + j]);
      next[i] = s;
    }
    phi.set(next);
    const o1 = o + d;
    let q = 0;
    for (let i = 0; i < d; i++) {
      let hr = 0;
      for (let j = 0; j < d; j++) hr += H[i * d + j] * (phi[j] - xi[o1 + j]);
      q += (phi[i] - xi[o1 + i]) * hr;
    }
    sum += 0.5 * q;
  }
  return sum / T;
}

/**
 * |eigenvalues| of a real d×d matrix (row-major), largest first: the 2×2 case in closed form from
 * the trace and determinant (it runs every meta-iteration), any other d by ml-matrix.
 */
/**
 * episodeLoss for d = 2 (Figure 2's NQM, where ES spends its time) in scalar locals: the same
 * operations in the same order as the general loop, so the same bits (a spec compares them).
 */
export function episodeLoss2(H: Float64Array, A: Float64Array, phi0: Float64Array, xi: Float64Array, T: number): number {
  const a00 = A[0], a01 = A[1], a10 = A[2], a11 = A[3];
  const h00 = H[0], h01 = H[1], h10 = H[2], h11 = H[3];
  let p0 = phi0[0];
  let p1 = phi0[1];
  let sum = 0;
  for (let t = 0; t < T; t++) {
    const o = 2 * t;
    const x0 = xi[o];
    const x1 = xi[o + 1];
    const n0 = x0 + a00 * (p0 - x0) + a01 * (p1 - x1);
    const n1 = x1 + a10 * (p0 - x0) + a11 * (p1 - x1);
    p0 = n0;
    p1 = n1;
    const y0 = p0 - xi[o + 2];
    const y1 = p1 - xi[o + 3];
    sum += 0.5 * (y0 * (h00 * y0 + h01 * y1) + y1 * (h10 * y0 + h11 * y1));
  }
  return sum / T;
}

export function eigenMagnitudes(M: Float64Array, d: number): number[] {
  if (d === 2) {
    const tr = M[0] + M[3];
    const det = M[0] * M[3] - M[1] * M[2];
    const disc = (tr * tr) / 4 - det;
    if (disc < 0) {
      const r = Math.sqrt(Math.max(0, det)); // complex pair: |z|² = det
      return [r, r];
    }
    const s = Math.sqrt(disc);
    // the root of larger modulus first, the other by det / λ₁ (no cancellation)
    const l1 = tr / 2 + (tr >= 0 ? s : -s);
    const l2 = l1 === 0 ? 0 : det / l1;
    return [Math.abs(l1), Math.abs(l2)].sort((a, b) => b - a);
  }
  const rows = Array.from({ length: d }, (_, i) => Array.from(M.subarray(i * d, i * d + d)));
  return eigenvalues64(rows).map((z) => Math.hypot(z.re, z.im));
}

/** A = I − αH − PH (Eqn 6) into `out`, row-major. */
function dynamicsInto(out: Float64Array, H: Float64Array, P: ArrayLike<number>, alpha: number, d: number): Float64Array {
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let ph = 0;
      for (let k = 0; k < d; k++) ph += P[i * d + k] * H[k * d + j];
      out[i * d + j] = (i === j ? 1 : 0) - alpha * H[i * d + j] - ph;
    }
  return out;
}

/** Scratch arrays of esGradient (allocated once per run). */
export function esWorkspace(d: number, T: number) {
  const n = d * d;
  return { eps: new Float64Array(n), pert: new Float64Array(n), A: new Float64Array(n), phi0: new Float64Array(d), xi: new Float64Array((T + 1) * d), phi: new Float64Array(d), next: new Float64Array(d) };
}

/**
 * The antithetic ES estimate of ∇_P E[L(P + σε)] into `g` (d×d row-major): `pairs` draws of ε, each
 * pair sharing one episode (φ₀ ~ N(0, sd0² I), ξ_t ~ N(0, I)) between P + σε and P − σε.
 */
export function esGradient(
  g: Float64Array,
  H: Float64Array,
  theta: Float64Array,
  alpha: number,
  d: number,
  o: { T: number; sigma: number; pairs: number; sd0: number },
  rng: Rng,
  w: ReturnType<typeof esWorkspace> = esWorkspace(d, o.T),
): Float64Array {
  const n = d * d;
  const { eps, pert, A, phi0, xi, phi, next } = w;
  g.fill(0);
  for (let p = 0; p < o.pairs; p++) {
    for (let i = 0; i < n; i++) eps[i] = rng.gaussian();
    for (let i = 0; i < d; i++) phi0[i] = o.sd0 * rng.gaussian();
    for (let i = 0; i < xi.length; i++) xi[i] = rng.gaussian(); // Σ_ξ = I (appendix B.1)
    for (let i = 0; i < n; i++) pert[i] = theta[i] + o.sigma * eps[i];
    const Lp = episodeLoss(H, dynamicsInto(A, H, pert, alpha, d), d, phi0, xi, o.T, phi, next);
    for (let i = 0; i < n; i++) pert[i] = theta[i] - o.sigma * eps[i];
    const Lm = episodeLoss(H, dynamicsInto(A, H, pert, alpha, d), d, phi0, xi, o.T, phi, next);
    const wgt = (Lp - Lm) / (2 * o.sigma * o.pairs);
    for (let i = 0; i < n; i++) g[i] += wgt * eps[i];
  }
  return g;
}

/** The mean loss of one simulated episode from fresh draws (plain simulation; specs compare it with Eqn 8). */
export function simulateEpisode(H: number[][], P: number[][], alpha: number, T: number, phi0Variance: number, rng: Rng): number {
  const d = H.length;
  const Hf = Float64Array.from(H.flat());
  const w = esWorkspace(d, T);
  for (let i = 0; i < d; i++) w.phi0[i] = Math.sqrt(phi0Variance) * rng.gaussian();
  for (let i = 0; i < w.xi.length; i++) w.xi[i] = rng.gaussian();
  return episodeLoss(Hf, dynamicsInto(w.A, Hf, P.flat(), alpha, d), d, w.phi0, w.xi, T, w.phi, w.next);
}

/** One ES meta-training run of P for a fixed nominal term α = nominalFraction · λ_max(H) / 2. */
export function esMetaTrain(H: number[][], options: Partial<EsConfig> & Pick<EsConfig, 'nominalFraction' | 'seed'>): EsRun {
  const config: EsConfig = { ...ES_DEFAULTS, ...options };
  const { T, sigma, pairs, learningRate, beta1, beta2, epsilon, weightDecay, clip, iterations, phi0Variance, evalEvery } = config;
  const d = H.length;
  const n = d * d;
  const alpha = (config.nominalFraction * lambdaMax(H)) / 2;
  const Hf = Float64Array.from(H.flat());
  const theta = new Float64Array(n); // P, row-major; P₀ = 0
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  const toP = (x: ArrayLike<number>) => Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => x[i * d + j]));
  const rng = Rng.fromSeed(config.seed);
  const sd0 = Math.sqrt(phi0Variance);
  const eigMagnitudes: number[][] = [];
  const rho: number[] = [];
  const loss: Array<{ k: number; loss: number }> = [];
  let clipped = 0;
  const A = new Float64Array(n);
  /** Records iterate k; true when the run may stop (stopAtLoss reached). */
  const record = (k: number): boolean => {
    const mags = eigenMagnitudes(dynamicsInto(A, Hf, theta, alpha, d), d);
    eigMagnitudes.push(mags);
    rho.push(mags[0]);
    if (evalEvery > 0 && (k % evalEvery === 0 || k === iterations)) {
      const l = exactMetaLoss(H, toP(theta), alpha, T, phi0Variance);
      loss.push({ k, loss: l });
      return config.stopAtLoss !== undefined && l <= config.stopAtLoss;
    }
    return false;
  };
  let stopped = record(0);
  const g = new Float64Array(n);
  const work = esWorkspace(d, T);
  for (let k = 1; k <= iterations && !stopped; k++) {
    esGradient(g, Hf, theta, alpha, d, { T, sigma, pairs, sd0 }, rng, work);
    let norm = 0;
    for (let i = 0; i < n; i++) norm += g[i] * g[i];
    norm = Math.sqrt(norm);
    if (!Number.isFinite(norm)) throw new Error(`ES gradient is not finite at meta-iteration ${k} (the perturbed optimizer diverged)`);
    if (norm > clip) {
      clipped++;
      for (let i = 0; i < n; i++) g[i] *= clip / norm;
    }
    // AdamW (decoupled weight decay)
    const c1 = 1 - beta1 ** k;
    const c2 = 1 - beta2 ** k;
    for (let i = 0; i < n; i++) {
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
      theta[i] -= learningRate * (m[i] / c1 / (Math.sqrt(v[i] / c2) + epsilon) + weightDecay * theta[i]);
    }
    stopped = record(k);
  }
  return { config, alpha, eigMagnitudes, rho, loss, finalP: toP(theta), clipped };
}

export interface NqmOptimum {
  /** min over every linear optimizer M = αI + P of L(θ;T): the same for every α, since P is free. */
  loss: number;
  M: number[][];
  gradientNorm: number;
  iterations: number;
}

/**
 * The optimum of the exact meta-loss (Eqn 8) over the whole class: A = I − (αI + P)H, and with P free
 * M = αI + P ranges over every d×d matrix whatever α is, so the optimum does not depend on α. BFGS on
 * the d² entries of M with the exact adjoint gradient (gradient.ts) and Armijo backtracking, from
 * several starts (multiples of H⁻¹ and of I); the best local optimum is returned.
 */
export function nqmOptimum(H: number[][], T: number, phi0Variance = ES_DEFAULTS.phi0Variance): NqmOptimum {
  const d = H.length;
  const n = d * d;
  const F = float64();
  const toM = (x: readonly number[]) => Array.from({ length: d }, (_, i) => x.slice(i * d, i * d + d));
  const f = (x: readonly number[]) => {
    const g = expectedMetaGradient(F, system(H, toM(x), 0, phi0Variance), T);
    return { value: g.loss, grad: g.dP.flat() };
  };
  const lmax = lambdaMax(H);
  const det = H[0][0] * H[1]?.[1] - H[0][1] * H[1]?.[0];
  const starts: number[][] = [0.25, 0.5, 1].map((c) => Array.from({ length: n }, (_, k): number => (k % (d + 1) === 0 ? c / lmax : 0)));
  if (d === 2 && Number.isFinite(det) && det > 0) {
    const Hinv = [H[1][1] / det, -H[0][1] / det, -H[1][0] / det, H[0][0] / det];
    for (const c of [0.1, 0.3, 0.6]) starts.push(Hinv.map((x) => c * x));
  }
  let best: NqmOptimum | undefined;
  for (const x0 of starts) {
    let x = x0.slice();
    let fx = f(x);
    if (!Number.isFinite(fx.value)) continue;
    let Hinv: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j): number => (i === j ? 1 : 0)));
    let it = 0;
    for (; it < 500; it++) {
      const gnorm = Math.hypot(...fx.grad);
      if (gnorm < 1e-12 * Math.max(1, Math.abs(fx.value))) break;
      let dir = Hinv.map((row) => -row.reduce((s, h, j) => s + h * fx.grad[j], 0));
      let slope = dir.reduce((s, di, i) => s + di * fx.grad[i], 0);
      if (!(slope < 0)) {
        dir = fx.grad.map((gi) => -gi);
        slope = -gnorm * gnorm;
        Hinv = Hinv.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
      }
      let step = 1;
      let xn = x;
      let fn = fx;
      for (let ls = 0; ls < 60; ls++, step /= 2) {
        xn = x.map((xi, i) => xi + step * dir[i]);
        fn = f(xn);
        if (Number.isFinite(fn.value) && fn.value <= fx.value + 1e-4 * step * slope) break;
      }
      if (!(fn.value < fx.value)) break;
      const s = xn.map((xi, i) => xi - x[i]);
      const y = fn.grad.map((gi, i) => gi - fx.grad[i]);
      const sy = s.reduce((acc, si, i) => acc + si * y[i], 0);
      if (sy > 1e-300) {
        // BFGS update of the inverse Hessian
        const Hy = Hinv.map((row) => row.reduce((acc, h, j) => acc + h * y[j], 0));
        const yHy = y.reduce((acc, yi, i) => acc + yi * Hy[i], 0);
        Hinv = Hinv.map((row, i) => row.map((h, j) => h + ((sy + yHy) * s[i] * s[j]) / (sy * sy) - (Hy[i] * s[j] + s[i] * Hy[j]) / sy));
      }
      x = xn;
      fx = fn;
    }
    const cand = { loss: fx.value, M: toM(x), gradientNorm: Math.hypot(...fx.grad), iterations: it };
    if (!best || cand.loss < best.loss) best = cand;
  }
  if (!best) throw new Error('nqmOptimum: no start gave a finite meta-loss');
  return best;
}

/** The first evaluated iterate whose exact meta-loss is within `rel` of the optimum (null: never within the run). */
export function firstWithin(loss: EsRun['loss'], optimum: number, rel: number): number | null {
  return loss.find((p) => (p.loss - optimum) / optimum <= rel)?.k ?? null;
}

export interface Fig2bcData {
  H: number[][];
  config: Omit<EsConfig, 'nominalFraction' | 'seed'>;
  seeds: number[];
  optimum: number;
  /** Per nominal fraction: the mean over seeds, every `evalEvery` iterates. */
  curves: Array<{ nominalFraction: number; alpha: number; k: number[]; eigLarge: number[]; eigSmall: number[]; loss: number[] }>;
}

/**
 * Figure 2b–c's data: for each nominal fraction, |eigenvalues of A| and the exact meta-loss against
 * meta-iteration, averaged over the seeds (the paper: five seeds, mean and standard error).
 */
export function fig2bcData(options: { seeds?: number[]; iterations?: number; shouldStop?: () => boolean } = {}): Fig2bcData {
  const { seeds = [1, 2, 3, 4, 5], iterations = ES_DEFAULTS.iterations, shouldStop = () => false } = options;
  const config = { ...ES_DEFAULTS, iterations };
  const curves: Fig2bcData['curves'] = [];
  for (const nominalFraction of FIG2_FRACTIONS) {
    if (shouldStop()) break;
    const runs = seeds.map((seed) => esMetaTrain(FIG2_H, { ...config, nominalFraction, seed }));
    const ks = runs[0].loss.map((p) => p.k);
    const mean = (f: (r: EsRun, i: number) => number) => ks.map((_, i) => runs.reduce((s, r) => s + f(r, i), 0) / runs.length);
    curves.push({
      nominalFraction,
      alpha: runs[0].alpha,
      k: ks,
      eigLarge: mean((r, i) => r.eigMagnitudes[ks[i]][0]),
      eigSmall: mean((r, i) => r.eigMagnitudes[ks[i]][1] ?? r.eigMagnitudes[ks[i]][0]),
      loss: mean((r, i) => r.loss[i].loss),
    });
  }
  return { H: FIG2_H, config, seeds, optimum: nqmOptimum(FIG2_H, config.T).loss, curves };
}
