import type { LsqTask } from './task.js';
import { streamRng, uniformIndex } from './rng.js';

/**
 * The paper's truncation radius (Section 4, footnote 3): once ‖w_τ‖ ≥ 40σ the run is frozen at
 * 40σ·u. σ = 0 would make the radius 0 and freeze every run at w = 0, which is not what the rule is
 * for (the paper assumes σ ≥ 1), so σ = 0 means no truncation.
 */
export function truncationRadius(sigma: number, factor = 40): number {
  return sigma > 0 ? factor * sigma : Infinity;
}

export interface InnerResult {
  w: Float64Array;
  /** The step τ ∈ [1, t] at which ‖w_τ‖ ≥ radius first held (the run was frozen), or null. */
  truncatedAt: number | null;
}

/**
 * Reference: t steps of full-batch GD from w = 0 on f(w) = (1/2n) Σ (y_i − ⟨w, x_i⟩)²
 * (appendix B's normalisation, H = XᵀX/n), w ← w − (η/n) Xᵀ(Xw − y), one dense pass per product.
 *
 * Truncation: the first τ with ‖w_τ‖ ≥ radius sets w := radius·u and freezes it to step t. We take
 * u = w_τ/‖w_τ‖ (project back onto the sphere). The paper leaves u arbitrary but its proof of
 * Lemma 3 lower-bounds the truncated loss by ½‖40σu − w_train‖²_H ≥ 2σ², which needs u in the row
 * span of X (where H ≥ 1/L); the current direction is in that span and keeps every iterate in the
 * Krylov space, which the fast path relies on.
 */
export function simulateGd(task: LsqTask, eta: number, t: number, radius: number): InnerResult {
  const { n, d, X, y } = task;
  const w = new Float64Array(d);
  const g = new Float64Array(d);
  const step = eta / n;
  for (let tau = 1; tau <= t; tau++) {
    g.fill(0);
    for (let i = 0; i < n; i++) {
      const o = i * d;
      let p = 0;
      for (let j = 0; j < d; j++) p += X[o + j] * w[j];
      const r = p - y[i];
      for (let j = 0; j < d; j++) g[j] += r * X[o + j];
    }
    let nn = 0;
    for (let j = 0; j < d; j++) {
      w[j] -= step * g[j];
      nn += w[j] * w[j];
    }
    const norm = Math.sqrt(nn);
    if (norm >= radius) {
      const s = radius / norm;
      for (let j = 0; j < d; j++) w[j] *= s;
      return { w, truncatedAt: tau };
    }
  }
  return { w, truncatedAt: null };
}

/**
 * The sample indices i(0), …, i(t−1) of one SGD run (appendix D: each drawn independently and
 * uniformly from [n]). Drawn from their own stream so that every η of a grid sees the same
 * sequence (common random numbers: the meta-objective is smooth in η and its differences are not
 * drowned by SGD noise).
 */
export function sgdIndices(seed: number, role: number, index: number, n: number, t: number): Int32Array {
  const rng = streamRng(seed, role, index);
  const out = new Int32Array(t);
  for (let k = 0; k < t; k++) out[k] = uniformIndex(rng, n);
  return out;
}

/**
 * SGD of appendix D: w ← w − η (⟨w, x_i⟩ − y_i) x_i with i = indices[τ−1], from w = 0, with the
 * same truncation as GD when radius is finite (Theorem 10) and none when radius = Infinity
 * (Theorem 9). Without truncation a run may overflow: its w is then non-finite.
 */
export function simulateSgd(task: LsqTask, eta: number, t: number, radius: number, indices: Int32Array): InnerResult {
  const { d, X, y } = task;
  const w = new Float64Array(d);
  const check = Number.isFinite(radius);
  for (let tau = 1; tau <= t; tau++) {
    const o = indices[tau - 1] * d;
    let p = 0;
    for (let j = 0; j < d; j++) p += X[o + j] * w[j];
    const s = eta * (p - y[indices[tau - 1]]);
    let nn = 0;
    for (let j = 0; j < d; j++) {
      w[j] -= s * X[o + j];
      nn += w[j] * w[j];
    }
    if (check) {
      const norm = Math.sqrt(nn);
      if (norm >= radius) {
        const c = radius / norm;
        for (let j = 0; j < d; j++) w[j] *= c;
        return { w, truncatedAt: tau };
      }
    }
  }
  return { w, truncatedAt: null };
}
