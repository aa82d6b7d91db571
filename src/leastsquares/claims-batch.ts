import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { sampleTask } from './task.js';

/**
 * Fast paths for the Section 4 claims (small d, thousands of tasks): a task is drawn once at σ = 1,
 * split into its signal y_s = Xw* and its noise pattern ξ₀ = y − Xw*, and every noise level reuses
 * it as y = y_s + σξ₀ (the same X, w* and noise pattern scaled, which is how the claims pair their
 * comparisons across σ). Everything here is checked against plain simulation (simulateGd,
 * simulateSgd) by spec/leastsquares-claims-batch.spec.ts to 1e-9 relative.
 *
 * GD from w = 0 (appendix B): with H = XᵀX/n = Σ λᵢuᵢuᵢᵀ (λᵢ > 0) and βᵢ = uᵢᵀXᵀy/n, the iterate is
 * w_τ = Σ (βᵢ/λᵢ)(1 − (1 − ηλᵢ)^τ) uᵢ, so one eigen-decomposition per task gives w_t, the training
 * loss, ‖w_t − w*‖² and the validation loss for every η, t and σ in O(rank) each. Truncation at
 * ‖w_τ‖ ≥ R needs the path: when every |1 − ηλᵢ| ≤ 1 the path stays within 2‖w_ERM‖ of 0, so if
 * 2‖w_ERM‖ < R no step can truncate and the closed form is exact; otherwise the path is walked in
 * eigen-coordinates (O(rank) a step, not O(nd)).
 */

/** The raw draw: X (n×d row-major), w*, signal Xw* and the noise pattern at σ = 1. */
export interface SplitTask {
  d: number;
  n: number;
  X: Float64Array;
  wStar: Float64Array;
  ys: Float64Array;
  yn: Float64Array;
}

/** Draw a task of `rows` samples from the shared seeded stream (seed, role, index), at σ = 1, split. */
export function drawSplitTask(d: number, rows: number, seed: number, role: number, index: number): SplitTask {
  const t = sampleTask({ d, n: rows, sigma: 1 }, seed, role, index);
  const ys = new Float64Array(rows);
  const yn = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += t.X[i * d + j] * t.wStar[j];
    ys[i] = s;
    yn[i] = t.y[i] - s;
  }
  return { d, n: rows, X: t.X, wStar: t.wStar, ys, yn };
}

/** Rows [from, to) of a split task (views). */
export function rowsOf(t: SplitTask, from: number, to: number): SplitTask {
  const { d } = t;
  return { d, n: to - from, X: t.X.subarray(from * d, to * d), wStar: t.wStar, ys: t.ys.subarray(from, to), yn: t.yn.subarray(from, to) };
}

/** y = y_s + σξ₀. */
export function labelsAt(t: SplitTask, sigma: number): Float64Array {
  const y = new Float64Array(t.n);
  for (let i = 0; i < t.n; i++) y[i] = t.ys[i] + sigma * t.yn[i];
  return y;
}

/** GD's eigen-data of one training set (and optionally a validation set projected on the same basis). */
export interface SpectralTask {
  d: number;
  n: number;
  r: number;
  lambda: Float64Array;
  /** βᵢ split: β = bS + σ·bN. */
  bS: Float64Array;
  bN: Float64Array;
  /** uᵢᵀw*. */
  omega: Float64Array;
  wStar2: number;
  /** min_w f(w) = fS + σ·fSN + σ²·fN (0 when X has full row rank). */
  fmin: [number, number, number];
  valid?: { n2: number; P: Float64Array; vs: Float64Array; vn: Float64Array };
}

/** Symmetric eigen-decomposition (ml-matrix's Householder + QL): eigenvalues and column eigenvectors. */
function symEig(A: Float64Array, k: number): { values: number[]; vectors: Matrix } {
  const rows: number[][] = [];
  for (let i = 0; i < k; i++) rows.push(Array.from(A.subarray(i * k, (i + 1) * k)));
  const e = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  return { values: e.realEigenvalues, vectors: e.eigenvectorMatrix };
}

/**
 * Decompose H = XᵀX/n through the smaller Gram side: XXᵀ/n (n×n) when n ≤ d, with uᵢ = Xᵀvᵢ/√(nλᵢ),
 * else XᵀX/n (d×d). Eigenvalues below 1e-12·λ_max are the null space (w stays orthogonal to it).
 */
export function spectral(train: SplitTask, valid?: SplitTask): SpectralTask {
  const { n, d, X } = train;
  const k = Math.min(n, d);
  const A = new Float64Array(k * k);
  if (n <= d) {
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let l = 0; l < d; l++) s += X[i * d + l] * X[j * d + l];
        A[i * k + j] = A[j * k + i] = s / n;
      }
  } else {
    for (let i = 0; i < n; i++) {
      const o = i * d;
      for (let a = 0; a < d; a++) {
        const xa = X[o + a];
        for (let b = 0; b <= a; b++) A[a * k + b] += xa * X[o + b];
      }
    }
    for (let a = 0; a < d; a++)
      for (let b = 0; b <= a; b++) {
        A[a * k + b] /= n;
        A[b * k + a] = A[a * k + b];
      }
  }
  const { values, vectors } = symEig(A, k);
  const lmax = Math.max(...values);
  const keep = values.map((v, i) => [v, i] as const).filter(([v]) => v > 1e-12 * lmax);
  const r = keep.length;
  const lambda = new Float64Array(r);
  const U = new Float64Array(r * d); // row i = uᵢ
  keep.forEach(([v, idx], i) => {
    lambda[i] = v;
    if (n <= d) {
      const s = 1 / Math.sqrt(n * v);
      for (let row = 0; row < n; row++) {
        const c = vectors.get(row, idx) * s;
        const o = row * d;
        for (let l = 0; l < d; l++) U[i * d + l] += c * X[o + l];
      }
    } else {
      for (let l = 0; l < d; l++) U[i * d + l] = vectors.get(l, idx);
    }
  });
  // Xᵀy/n for both parts of y
  const gS = new Float64Array(d);
  const gN = new Float64Array(d);
  for (let row = 0; row < n; row++) {
    const o = row * d;
    const a = train.ys[row] / n;
    const b = train.yn[row] / n;
    for (let l = 0; l < d; l++) {
      gS[l] += a * X[o + l];
      gN[l] += b * X[o + l];
    }
  }
  const bS = new Float64Array(r);
  const bN = new Float64Array(r);
  const omega = new Float64Array(r);
  for (let i = 0; i < r; i++) {
    let s = 0;
    let m = 0;
    let w = 0;
    for (let l = 0; l < d; l++) {
      const u = U[i * d + l];
      s += u * gS[l];
      m += u * gN[l];
      w += u * train.wStar[l];
    }
    bS[i] = s;
    bN[i] = m;
    omega[i] = w;
  }
  let wStar2 = 0;
  for (let l = 0; l < d; l++) wStar2 += train.wStar[l] ** 2;
  // f_min = (‖y‖²/n − Σβᵢ²/λᵢ)/2, each part of the quadratic in σ; exactly 0 for full row rank (n ≤ d)
  const fmin: [number, number, number] = [0, 0, 0];
  if (r < n) {
    let ss = 0;
    let sn = 0;
    let nn = 0;
    for (let row = 0; row < n; row++) {
      ss += train.ys[row] ** 2;
      sn += 2 * train.ys[row] * train.yn[row];
      nn += train.yn[row] ** 2;
    }
    let qs = 0;
    let qsn = 0;
    let qn = 0;
    for (let i = 0; i < r; i++) {
      qs += (bS[i] * bS[i]) / lambda[i];
      qsn += (2 * bS[i] * bN[i]) / lambda[i];
      qn += (bN[i] * bN[i]) / lambda[i];
    }
    fmin[0] = 0.5 * (ss / n - qs);
    fmin[1] = 0.5 * (sn / n - qsn);
    fmin[2] = 0.5 * (nn / n - qn);
  }
  const out: SpectralTask = { d, n, r, lambda, bS, bN, omega, wStar2, fmin };
  if (valid) {
    const n2 = valid.n;
    const P = new Float64Array(n2 * r);
    for (let row = 0; row < n2; row++)
      for (let i = 0; i < r; i++) {
        let s = 0;
        for (let l = 0; l < d; l++) s += valid.X[row * d + l] * U[i * d + l];
        P[row * r + i] = s;
      }
    out.valid = { n2, P, vs: valid.ys, vn: valid.yn };
  }
  return out;
}

/** What one GD run (t steps at η, noise level σ, truncation radius R) gives. */
export interface GdOutcome {
  /** Training loss (1/2n)Σ(yᵢ − ⟨w_t, xᵢ⟩)² (Eqn 3's summand). */
  train: number;
  /** ‖w_t − w*‖². */
  dist2: number;
  /** Validation loss (1/2n₂)Σ(yᵢ − ⟨w_t, xᵢ⟩)² on the validation set (Eqn 4's summand), if any. */
  valid: number;
  /** The truncation step τ, or 0. */
  truncatedAt: number;
}

/** Scratch space reused between calls (the claims evaluate millions of (task, η) pairs). */
let scratch = new Float64Array(0);
function buf(r: number): Float64Array {
  if (scratch.length < 3 * r) scratch = new Float64Array(3 * r);
  return scratch;
}

export function gdRun(s: SpectralTask, sigma: number, eta: number, t: number, radius: number): GdOutcome {
  const { r, lambda } = s;
  const b = buf(r);
  // b[0..r): w_ERM coordinates, b[r..2r): w_t coordinates, b[2r..3r): q^τ
  let erm2 = 0;
  let maxQ = 0;
  for (let i = 0; i < r; i++) {
    const e = (s.bS[i] + sigma * s.bN[i]) / lambda[i];
    b[i] = e;
    erm2 += e * e;
    maxQ = Math.max(maxQ, Math.abs(1 - eta * lambda[i]));
  }
  let truncatedAt = 0;
  const R2 = radius * radius;
  if (maxQ <= 1 && 4 * erm2 < R2) {
    for (let i = 0; i < r; i++) b[r + i] = b[i] * (1 - Math.pow(1 - eta * lambda[i], t));
  } else {
    // ‖w_τ‖ ≤ U(τ) = 2‖e_stable‖ + (Σ_diverging eᵢ²(1 + |qᵢ|^τ)²)^½, non-decreasing in τ: no step
    // before the first τ₀ with U(τ₀) ≥ R can truncate, so the walk starts there (or never, if U(t) < R)
    let stable2 = 0;
    for (let i = 0; i < r; i++) if (Math.abs(1 - eta * lambda[i]) <= 1) stable2 += b[i] * b[i];
    const S = 2 * Math.sqrt(stable2);
    const U = (tau: number) => {
      let s = 0;
      for (let i = 0; i < r; i++) {
        const q = Math.abs(1 - eta * lambda[i]);
        if (q > 1) s += (b[i] * (1 + Math.pow(q, tau))) ** 2;
      }
      return S + Math.sqrt(s);
    };
    let start = t + 1;
    if (!(U(t) < radius * (1 - 1e-9))) {
      let lo = 1;
      let hi = t;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (U(mid) < radius * (1 - 1e-9)) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }
    if (start > t) {
      for (let i = 0; i < r; i++) b[r + i] = b[i] * (1 - Math.pow(1 - eta * lambda[i], t));
    }
    for (let i = 0; i < r; i++) b[2 * r + i] = Math.pow(1 - eta * lambda[i], start - 1);
    for (let tau = start; tau <= t; tau++) {
      let nn = 0;
      for (let i = 0; i < r; i++) {
        const p = b[2 * r + i] * (1 - eta * lambda[i]);
        b[2 * r + i] = p;
        const c = b[i] * (1 - p);
        b[r + i] = c;
        nn += c * c;
      }
      if (Math.sqrt(nn) >= radius) {
        const k = radius / Math.sqrt(nn);
        for (let i = 0; i < r; i++) b[r + i] *= k;
        truncatedAt = tau;
        break;
      }
    }
  }
  let tr = s.fmin[0] + sigma * s.fmin[1] + sigma * sigma * s.fmin[2];
  let cw = 0;
  let cc = 0;
  for (let i = 0; i < r; i++) {
    const c = b[r + i];
    const e = c - b[i];
    tr += 0.5 * lambda[i] * e * e;
    cw += c * s.omega[i];
    cc += c * c;
  }
  let valid = NaN;
  if (s.valid) {
    const { n2, P, vs, vn } = s.valid;
    let acc = 0;
    for (let row = 0; row < n2; row++) {
      let p = 0;
      const o = row * r;
      for (let i = 0; i < r; i++) p += P[o + i] * b[r + i];
      const e = vs[row] + sigma * vn[row] - p;
      acc += e * e;
    }
    valid = acc / (2 * n2);
  }
  return { train: tr, dist2: s.wStar2 - 2 * cw + cc, valid, truncatedAt };
}

/**
 * SGD of appendix D in the row span: w = Xᵀa stays in the span of the training rows (from w = 0), so
 * with the Gram matrix K = XXᵀ and p = Ka = Xw a step i costs O(n) instead of O(d):
 * a_i −= η(p_i − y_i), p −= η(p_i − y_i)K[:, i], and ‖w‖² is updated in O(1)
 * (‖w − s x_i‖² = ‖w‖² − 2s p_i + s² K_ii). Every η of a grid shares the Gram matrix and the
 * index sequence (common random numbers, as the plain path does).
 */
export interface SgdPrepared {
  n: number;
  K: Float64Array;
  /** Xw* (for ⟨w, w*⟩ = aᵀXw*). */
  xw: Float64Array;
  wStar2: number;
  ys: Float64Array;
  yn: Float64Array;
  /** Validation: C = X_v Xᵀ (n₂×n) and its labels. */
  valid?: { n2: number; C: Float64Array; vs: Float64Array; vn: Float64Array };
}

export function sgdPrepare(train: SplitTask, valid?: SplitTask): SgdPrepared {
  const { n, d, X } = train;
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let l = 0; l < d; l++) s += X[i * d + l] * X[j * d + l];
      K[i * n + j] = K[j * n + i] = s;
    }
  const xw = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let l = 0; l < d; l++) s += X[i * d + l] * train.wStar[l];
    xw[i] = s;
  }
  let wStar2 = 0;
  for (let l = 0; l < d; l++) wStar2 += train.wStar[l] ** 2;
  const out: SgdPrepared = { n, K, xw, wStar2, ys: train.ys, yn: train.yn };
  if (valid) {
    const n2 = valid.n;
    const C = new Float64Array(n2 * n);
    for (let i = 0; i < n2; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let l = 0; l < d; l++) s += valid.X[i * d + l] * X[j * d + l];
        C[i * n + j] = s;
      }
    out.valid = { n2, C, vs: valid.ys, vn: valid.yn };
  }
  return out;
}

export function sgdRun(p: SgdPrepared, sigma: number, eta: number, indices: Int32Array, radius: number): GdOutcome {
  const { n, K } = p;
  const a = new Float64Array(n);
  const q = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = p.ys[i] + sigma * p.yn[i];
  let nw2 = 0;
  const check = Number.isFinite(radius);
  const R2 = radius * radius;
  let truncatedAt = 0;
  const t = indices.length;
  for (let tau = 1; tau <= t; tau++) {
    const i = indices[tau - 1];
    const pi = q[i];
    const s = eta * (pi - y[i]);
    a[i] -= s;
    const o = i * n;
    for (let j = 0; j < n; j++) q[j] -= s * K[o + j];
    nw2 += s * (s * K[o + i] - 2 * pi);
    if (check && nw2 >= R2) {
      // recompute ‖w‖² exactly before deciding (the O(1) update drifts by rounding)
      let e = 0;
      for (let j = 0; j < n; j++) e += a[j] * q[j];
      nw2 = e;
      if (nw2 >= R2) {
        const k = radius / Math.sqrt(nw2);
        for (let j = 0; j < n; j++) {
          a[j] *= k;
          q[j] *= k;
        }
        truncatedAt = tau;
        break;
      }
    }
  }
  let tr = 0;
  let ww = 0;
  let wws = 0;
  for (let j = 0; j < n; j++) {
    const e = y[j] - q[j];
    tr += e * e;
    ww += a[j] * q[j];
    wws += a[j] * p.xw[j];
  }
  let valid = NaN;
  if (p.valid) {
    const { n2, C, vs, vn } = p.valid;
    let acc = 0;
    for (let i = 0; i < n2; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += C[i * n + j] * a[j];
      const e = vs[i] + sigma * vn[i] - s;
      acc += e * e;
    }
    valid = acc / (2 * n2);
  }
  const nan = (x: number) => (Number.isNaN(x) ? Infinity : x);
  return { train: nan(tr / (2 * n)), dist2: nan(ww - 2 * wws + p.wStar2), valid: nan(valid), truncatedAt };
}
