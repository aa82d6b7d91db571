import { fillGaussian, streamRng, unitSphere, type Rng } from './rng.js';

/**
 * One least-squares task of wang2021 Section 4: w* uniform on the unit sphere of ℝ^d,
 * rows x ~ N(0, I_d), y = ⟨w*, x⟩ + ξ with ξ ~ N(0, σ²). Plain data (printable, replayable):
 * seed → parameters → task, as learned_optimization's task families do.
 */
export interface LsqTask {
  d: number;
  /** Number of samples (rows of X). */
  n: number;
  sigma: number;
  wStar: Float64Array;
  /** n×d, row-major (row i is x_i). */
  X: Float64Array;
  y: Float64Array;
}

export interface TaskShape {
  d: number;
  n: number;
  sigma: number;
}

/**
 * Draw a task from its own stream (seed, role, index). The order of draws is fixed: w*, then X
 * row by row, then ξ; so the first r rows of a task with n ≥ r samples do not depend on n.
 */
export function sampleTask(shape: TaskShape, seed: number, role: number, index: number, alloc?: (len: number) => Float64Array): LsqTask {
  return sampleTaskFrom(shape, streamRng(seed, role, index), alloc);
}

/** `alloc` places X (the kernels' arena draws it in place); the default is a fresh array. */
export function sampleTaskFrom(shape: TaskShape, rng: Rng, alloc?: (len: number) => Float64Array): LsqTask {
  const { d, n, sigma } = shape;
  const wStar = unitSphere(rng, d);
  const X = alloc ? alloc(n * d) : new Float64Array(n * d);
  fillGaussian(rng, X);
  const xi = new Float64Array(n);
  fillGaussian(rng, xi, sigma);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * d;
    for (let j = 0; j < d; j++) s += X[o + j] * wStar[j];
    y[i] = s + xi[i];
  }
  return { d, n, sigma, wStar, X, y };
}

/** Rows [from, to) of a task as a task of its own (views, no copy): TbV's training and validation sets. */
export function sliceTask(task: LsqTask, from: number, to: number): LsqTask {
  const { d } = task;
  return {
    d,
    n: to - from,
    sigma: task.sigma,
    wStar: task.wStar,
    X: task.X.subarray(from * d, to * d),
    y: task.y.subarray(from, to),
  };
}

/** (1/2m) Σᵢ (yᵢ − ⟨Mᵢ, c⟩)² for an m×k row-major M: the loss of Eqns 3 and 4 in any coordinates. */
export function halfMeanSquaredResidual(M: Float64Array, y: Float64Array, c: Float64Array, m: number, k: number): number {
  let s = 0;
  for (let i = 0; i < m; i++) {
    let p = 0;
    const o = i * k;
    for (let j = 0; j < k; j++) p += M[o + j] * c[j];
    const r = y[i] - p;
    s += r * r;
  }
  return s / (2 * m);
}

/** Training loss of Eqn 3: (1/2n) Σ (y_i − ⟨w, x_i⟩)². */
export function empiricalLoss(task: LsqTask, w: Float64Array): number {
  return halfMeanSquaredResidual(task.X, task.y, w, task.n, task.d);
}

/** ‖w − w*‖². */
export function dist2(w: Float64Array, wStar: Float64Array): number {
  let s = 0;
  for (let j = 0; j < w.length; j++) {
    const e = w[j] - wStar[j];
    s += e * e;
  }
  return s;
}

/** Expected loss on a fresh sample of the task: E ½(y − ⟨w,x⟩)² = ½‖w − w*‖² + ½σ² (x ~ N(0, I)). */
export function populationLoss(w: Float64Array, wStar: Float64Array, sigma: number): number {
  return 0.5 * dist2(w, wStar) + 0.5 * sigma * sigma;
}
