import { Rng } from '../random/rng.js';
import type { LsqTask } from './task.js';

/**
 * What full-batch GD and its losses need of a data set (X, y) with n samples, in a form that can
 * be much smaller than X: a stack of row blocks A_b (dense m_b×d, or d×d upper triangular) with
 * right-hand sides ỹ_b and a constant c₀ ≥ 0 such that, for every w,
 *
 *   XᵀX = AᵀA,  Xᵀy = Aᵀỹ,  ‖y − Xw‖² = ‖ỹ − Aw‖² + c₀.
 *
 * GD from w = 0 (w ← w − (η/n)(XᵀXw − Xᵀy)) then produces the same iterates, the same truncation
 * step (‖w‖ is the same) and the same training loss ((‖ỹ − Aw‖² + c₀)/(2n)) on either form: they are
 * exact functions of the statistics (AᵀA, Aᵀỹ, c₀). A plain data set is one dense block with c₀ = 0.
 */
export interface DesignBlock {
  /** Rows stored (m_b for a dense block, d for a triangular one). */
  rows: number;
  /** rows×d, row-major; when `upper`, entries below the diagonal are zero and never read. */
  A: Float64Array;
  upper: boolean;
  /** rows×rows lower triangular (rows = the design's d), entries above the diagonal never read. */
  lower?: boolean;
}

export interface Design {
  d: number;
  /** Samples represented (the 1/n of the loss), not rows stored. */
  n: number;
  blocks: DesignBlock[];
  /** ỹ: the blocks' right-hand sides, concatenated (length Σ rows). */
  y: Float64Array;
  /** c₀ = ‖y − Xw‖² − ‖ỹ − Aw‖² (the part of ‖y‖² outside the column space of X; w-free). */
  c0: number;
}

/** The plain data set as a design (no copy). */
export function designOfTask(task: LsqTask): Design {
  return { d: task.d, n: task.n, blocks: [{ rows: task.n, A: task.X, upper: false }], y: task.y, c0: 0 };
}

export function isDesign(x: LsqTask | Design): x is Design {
  return (x as Design).blocks !== undefined;
}

/** Σ rows of the blocks (the length of ỹ and of A·v). */
export function designRows(ds: Design): number {
  let m = 0;
  for (const b of ds.blocks) m += b.rows;
  return m;
}

/** Several designs stacked (TbT's n rows are TbV's training block followed by its validation block). */
export function stackDesigns(parts: Design[]): Design {
  const y = new Float64Array(parts.reduce((s, p) => s + p.y.length, 0));
  let o = 0;
  for (const p of parts) {
    y.set(p.y, o);
    o += p.y.length;
  }
  return {
    d: parts[0].d,
    n: parts.reduce((s, p) => s + p.n, 0),
    blocks: parts.flatMap((p) => p.blocks),
    y,
    c0: parts.reduce((s, p) => s + p.c0, 0),
  };
}

/**
 * The sufficient statistics of m ≥ d Gaussian samples, drawn directly (issue 10, item 3).
 *
 * X (m×d, i.i.d. N(0, 1)) = Q R with Q m×d orthonormal and R upper triangular with positive
 * diagonal. By Bartlett's decomposition (Householder QR of a Gaussian matrix), the entries of R are
 * independent: R_ii ~ χ_{m−i} (0-based i), R_ij ~ N(0, 1) for j > i; so RᵀR = XᵀX ~ Wishart_d(m, I).
 * With y = Xw* + ξ, ξ ~ N(0, σ²I_m) independent of X: Qᵀξ ~ N(0, σ²I_d) independently of R (Q is
 * a function of X only), and ‖ξ‖² − ‖Qᵀξ‖² ~ σ²χ²_{m−d}, independent of both. Hence the design
 *
 *   A = R,  ỹ = Qᵀy = R w* + σg (g ~ N(0, I_d)),  c₀ = ‖(I − QQᵀ)ξ‖² ~ σ²χ²_{m−d}
 *
 * has exactly the joint law of (XᵀX, Xᵀy = Rᵀỹ, ‖y − Xw‖² − ‖ỹ − Rw‖²) under explicit sampling,
 * at the cost of d²/2 normals and d χ² draws instead of m·d normals, and d²/2 multiply-adds per
 * product with A instead of m·d. The draws come from `rng` in a fixed order: R row by row
 * (diagonal first), then g, then the χ²_{m−d}.
 */
export function sampleStatsBlock(rng: Rng, d: number, m: number, sigma: number, wStar: Float64Array, alloc?: (len: number) => Float64Array): Design {
  if (!Number.isInteger(m) || m < d) throw new RangeError(`sampleStatsBlock: needs m >= d samples, got m = ${m}, d = ${d}`);
  const R = alloc ? alloc(d * d).fill(0) : new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    R[i * d + i] = Math.sqrt(rng.chiSquared(m - i));
    rng.fillGaussian(R, 1, i * d + i + 1, (i + 1) * d);
  }
  const g = new Float64Array(d);
  rng.fillGaussian(g, sigma);
  const c0 = sigma * sigma * rng.chiSquared(m - d);
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = g[i];
    const o = i * d;
    for (let j = i; j < d; j++) s += R[o + j] * wStar[j];
    y[i] = s;
  }
  return { d, n: m, blocks: [{ rows: d, A: R, upper: true }], y, c0 };
}

/**
 * The design (A, ỹ, c₀) of an explicit data set, computed from it: R from the Cholesky factor of
 * XᵀX, ỹ = R⁻ᵀXᵀy, c₀ = ‖y‖² − ‖ỹ‖². Not used by the experiment (which draws the statistics
 * directly): the spec uses it to show that GD's iterates, truncation and losses are the same
 * functions of the statistics as of the data. Needs XᵀX positive definite (n ≥ d, full rank).
 */
export function statsDesignOf(task: LsqTask): Design {
  const { d, n, X, y } = task;
  const G = new Float64Array(d * d);
  const b = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) {
      const xj = X[o + j];
      b[j] += xj * y[i];
      for (let k = j; k < d; k++) G[j * d + k] += xj * X[o + k];
    }
  }
  // Cholesky G = RᵀR, R upper triangular
  const R = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    let s = G[j * d + j];
    for (let k = 0; k < j; k++) s -= R[k * d + j] * R[k * d + j];
    if (!(s > 0)) throw new RangeError('statsDesignOf: XᵀX is not positive definite');
    const r = Math.sqrt(s);
    R[j * d + j] = r;
    for (let c = j + 1; c < d; c++) {
      let t = G[j * d + c];
      for (let k = 0; k < j; k++) t -= R[k * d + j] * R[k * d + c];
      R[j * d + c] = t / r;
    }
  }
  // ỹ solves Rᵀỹ = Xᵀy (forward substitution)
  const yt = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= R[k * d + i] * yt[k];
    yt[i] = s / R[i * d + i];
  }
  let yy = 0;
  for (let i = 0; i < n; i++) yy += y[i] * y[i];
  let tt = 0;
  for (let i = 0; i < d; i++) tt += yt[i] * yt[i];
  return { d, n, blocks: [{ rows: d, A: R, upper: true }], y: yt, c0: Math.max(0, yy - tt) };
}

/** A task in row-space coordinates (n ≤ d): its designs, and what w* is in those coordinates. */
export interface DualTask {
  /** TbT: all n rows, coordinates c ∈ ℝⁿ with w = Qᵀc. */
  tbt: Design;
  /** z = Qw* (length n) and 1 − ‖z‖² = ‖w*‖² − ‖Qw*‖², the part of w* no iterate can reach. */
  wStar: Float64Array;
  perp2: number;
  /** TbV: training on rows [0, n1) (coordinates ℝ^{n1}), validation on rows [n1, n1+n2). */
  tbvTrain?: Design;
  tbvValid?: Design;
  wStarTbV?: Float64Array;
  perp2TbV?: number;
}

/**
 * A task with n ≤ d rows, drawn as statistics in the row space of X (the transpose of the n ≥ d
 * case above). X (n×d, i.i.d. N(0, 1)) = L Q with L n×n lower triangular, positive diagonal, and
 * Q n×d with orthonormal rows. By Bartlett's decomposition of XXᵀ ~ Wishart_n(d, I) the entries of
 * L are independent, L_ii ~ χ_{d−i} (0-based i), L_ij ~ N(0, 1) for j < i; and Q is Haar on the
 * Stiefel manifold, independent of L (X ↦ XOᵀ, O orthogonal, leaves X's law and L unchanged).
 *
 * GD from w = 0 stays in the row space of X: w = Qᵀc, and with y = Xw* + ξ = Lz + ξ, z = Qw*:
 * Xw = Lc, ‖w‖ = ‖c‖, ‖w − w*‖² = ‖c − z‖² + (1 − ‖z‖²) (‖w*‖ = 1). For Haar Q and a w* uniform on
 * the sphere, z has the law of the first n coordinates of a uniform unit vector of ℝ^d, independent
 * of L and ξ: z = g₁…ₙ/‖g‖, g ~ N(0, I_d), and 1 − ‖z‖² = ‖g_{n+1…d}‖²/‖g‖² (no cancellation).
 * TbV's rows split as X₁ = L₁₁Q₁, X₂ = L₂₁Q₁ + L₂₂Q₂, so its iterates are w = Q₁ᵀc₁ (c₁ ∈ ℝ^{n1}),
 * X₂w = L₂₁c₁ and z₁ = Q₁w* = z₁…ₙ₁: the pairing of TbT and TbV on one draw is kept.
 * Cost: d + n²/2 normals and n χ² draws, and n² multiply-adds per Golub–Kahan step instead of 2nd.
 * Draws from `rng` in a fixed order: g, then L row by row (below the diagonal, then the diagonal), then ξ.
 */
export function sampleDualTask(rng: Rng, d: number, n: number, sigma: number, n1?: number, alloc?: (len: number) => Float64Array): DualTask {
  if (!Number.isInteger(n) || n < 1 || n > d) throw new RangeError(`sampleDualTask: needs 1 <= n <= d, got n = ${n}, d = ${d}`);
  const g = new Float64Array(d);
  rng.fillGaussian(g);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) head += g[i] * g[i];
  for (let i = n; i < d; i++) tail += g[i] * g[i];
  const norm = Math.sqrt(head + tail);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = g[i] / norm;
  const perp2 = tail / (head + tail);
  const L = alloc ? alloc(n * n).fill(0) : new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    rng.fillGaussian(L, 1, i * n, i * n + i);
    L[i * n + i] = Math.sqrt(rng.chiSquared(d - i));
  }
  const y = new Float64Array(n);
  rng.fillGaussian(y, sigma);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * n;
    for (let j = 0; j <= i; j++) s += L[o + j] * z[j];
    y[i] += s;
  }
  const out: DualTask = { tbt: { d: n, n, blocks: [{ rows: n, A: L, upper: false, lower: true }], y, c0: 0 }, wStar: z, perp2 };
  if (n1 !== undefined && n1 >= 1 && n1 < n) {
    const n2 = n - n1;
    const L11 = alloc ? alloc(n1 * n1) : new Float64Array(n1 * n1);
    for (let i = 0; i < n1; i++) L11.set(L.subarray(i * n, i * n + n1), i * n1);
    const L21 = alloc ? alloc(n2 * n1) : new Float64Array(n2 * n1);
    for (let i = 0; i < n2; i++) L21.set(L.subarray((n1 + i) * n, (n1 + i) * n + n1), i * n1);
    const z1 = z.slice(0, n1);
    let t1 = 0;
    for (let i = n1; i < d; i++) t1 += g[i] * g[i];
    out.tbvTrain = { d: n1, n: n1, blocks: [{ rows: n1, A: L11, upper: false, lower: true }], y: y.slice(0, n1), c0: 0 };
    out.tbvValid = { d: n1, n: n2, blocks: [{ rows: n2, A: L21, upper: false }], y: y.slice(n1), c0: 0 };
    out.wStarTbV = z1;
    out.perp2TbV = t1 / (head + tail);
  }
  return out;
}

/**
 * The dual design of an explicit data set with n ≤ d (for the spec): L from the Cholesky factor of
 * XXᵀ, Q = L⁻¹X, z = Qw*, 1 − ‖z‖² as ‖w*‖² − ‖z‖². GD on it must reproduce plain GD (w = Qᵀc).
 */
export function dualDesignOf(task: LsqTask): { design: Design; z: Float64Array; perp2: number; Q: Float64Array } {
  const { d, n, X, y, wStar } = task;
  const G = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += X[i * d + k] * X[j * d + k];
      G[i * n + j] = s;
    }
  }
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let s = G[j * n + j];
    for (let k = 0; k < j; k++) s -= L[j * n + k] * L[j * n + k];
    if (!(s > 0)) throw new RangeError('dualDesignOf: XXᵀ is not positive definite');
    const r = Math.sqrt(s);
    L[j * n + j] = r;
    for (let i = j + 1; i < n; i++) {
      let t = G[i * n + j];
      for (let k = 0; k < j; k++) t -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = t / r;
    }
  }
  // Q = L⁻¹X by forward substitution, row by row
  const Q = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) {
      let s = X[i * d + k];
      for (let j = 0; j < i; j++) s -= L[i * n + j] * Q[j * d + k];
      Q[i * d + k] = s / L[i * n + i];
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += Q[i * d + k] * wStar[k];
    z[i] = s;
  }
  let ww = 0;
  for (let k = 0; k < d; k++) ww += wStar[k] * wStar[k];
  let zz = 0;
  for (let i = 0; i < n; i++) zz += z[i] * z[i];
  return { design: { d: n, n, blocks: [{ rows: n, A: L, upper: false, lower: true }], y: Float64Array.from(y), c0: 0 }, z, perp2: ww - zz, Q };
}
