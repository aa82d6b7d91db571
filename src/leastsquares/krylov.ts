import { halfMeanSquaredResidual, type LsqTask } from './task.js';
import { designOfTask, designRows, isDesign, type Design, type DesignBlock } from './design.js';
import { wasmArena, type Arena, type WasmExports } from './wasm.js';

/**
 * The exact fast path. GD from w = 0 on (1/2n)‖y − Xw‖² keeps w_τ in the Krylov space
 * K_τ(XᵀX, Xᵀy) for every η, and truncation only rescales w (u = w_τ/‖w_τ‖, see simulate.ts), so
 * t steps of Golub–Kahan–Lanczos bidiagonalisation started at y (the LSQR recurrence),
 *
 *   β₁u₁ = y,  α₁v₁ = Xᵀu₁,  β_{j+1}u_{j+1} = Xv_j − α_j u_j,  α_{j+1}v_{j+1} = Xᵀu_{j+1} − β_{j+1}v_j,
 *
 * give X V_k = U_{k+1} B_k with B_k (k+1)×k lower bidiagonal, V_k, U_{k+1} orthonormal. With
 * w = V_k c: y − Xw = U_{k+1}(β₁e₁ − B_k c), so one GD step is c ← c + (η/n) B_kᵀ(β₁e₁ − B_k c),
 * ‖w‖ = ‖c‖ and the training loss is ‖β₁e₁ − B_k c‖²/(2n), computed as a sum of squares of the
 * small residual (no cancellation between ‖y‖² and ⟨w, Xᵀy⟩). The gradient at w_τ (τ ≤ t−1)
 * involves Xᵀu_{k+1} only through the last coordinate of c, which is still zero, so t steps are
 * exact in exact arithmetic; full re-orthogonalisation keeps them exact to rounding in float64.
 * Cost per task: t products with X and t with Xᵀ, then O(t) per GD step for every η.
 */
export interface Bidiagonal {
  /** Training samples (the 1/n of the loss). */
  n: number;
  d: number;
  /** Dimension reached (≤ t; smaller when the Krylov space is exhausted). */
  k: number;
  /** β₁ = ‖y‖ (‖ỹ‖ for a design). */
  beta1: number;
  /** The design's constant c₀ (0 for plain data): the training loss is (‖β₁e₁ − Bc‖² + c₀)/(2n). */
  c0: number;
  /** α₁ … α_k (diagonal of B). */
  alpha: Float64Array;
  /** β₂ … β_{k+1} (sub-diagonal of B); β_{k+1} = 0 when X V_k ⊂ span U_k. */
  beta: Float64Array;
  /** V_k as k rows of length d (v_j = V[j·d … (j+1)·d)). */
  V: Float64Array;
}

/** Σ a[ao+j]·b[bo+j], j < len; four accumulators so the adds pipeline (≈1.3× on V8). */
export function dotAt(a: Float64Array, ao: number, b: Float64Array, bo: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < len; j += 4) {
    s0 += a[ao + j] * b[bo + j];
    s1 += a[ao + j + 1] * b[bo + j + 1];
    s2 += a[ao + j + 2] * b[bo + j + 2];
    s3 += a[ao + j + 3] * b[bo + j + 3];
  }
  for (; j < len; j++) s0 += a[ao + j] * b[bo + j];
  return s0 + s1 + (s2 + s3);
}

/** y[yo+j] += s·x[xo+j], j < len. */
export function axpyAt(s: number, x: Float64Array, xo: number, y: Float64Array, yo: number, len: number): void {
  let j = 0;
  for (; j + 3 < len; j += 4) {
    y[yo + j] += s * x[xo + j];
    y[yo + j + 1] += s * x[xo + j + 1];
    y[yo + j + 2] += s * x[xo + j + 2];
    y[yo + j + 3] += s * x[xo + j + 3];
  }
  for (; j < len; j++) y[yo + j] += s * x[xo + j];
}

/** Two passes of classical Gram–Schmidt ("twice is enough") against the first `count` rows of Q. */
function reorthogonalise(p: Float64Array, Q: Float64Array, count: number, len: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let r = 0; r < count; r++) {
      const o = r * len;
      axpyAt(-dotAt(Q, o, p, 0, len), Q, o, p, 0, len);
    }
  }
}

function norm2(p: Float64Array): number {
  return Math.sqrt(dotAt(p, 0, p, 0, p.length));
}

/**
 * out[oo + i·os] = ⟨x_i, v⟩ for the n rows of X (n×d, row-major), v = src[so … so+d). Four rows
 * at a time share each load of v: measured 1.3× faster than one row at a time in V8.
 */
export function matVecAt(X: Float64Array, n: number, d: number, src: Float64Array, so: number, out: Float64Array, oo = 0, os = 1): void {
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const o0 = i * d;
    const o1 = o0 + d;
    const o2 = o1 + d;
    const o3 = o2 + d;
    let a = 0;
    let b = 0;
    let c = 0;
    let e = 0;
    for (let j = 0; j < d; j++) {
      const vj = src[so + j];
      a += X[o0 + j] * vj;
      b += X[o1 + j] * vj;
      c += X[o2 + j] * vj;
      e += X[o3 + j] * vj;
    }
    out[oo + i * os] = a;
    out[oo + (i + 1) * os] = b;
    out[oo + (i + 2) * os] = c;
    out[oo + (i + 3) * os] = e;
  }
  for (; i < n; i++) out[oo + i * os] = dotAt(X, i * d, src, so, d);
}

/**
 * out += Xᵀ u with u = src[so … so+n). Four rows per sweep over `out`: one load and store of
 * out[j] per four multiply-adds (measured 1.5× faster than row by row in V8).
 */
function matTVecAdd(X: Float64Array, n: number, d: number, src: Float64Array, so: number, out: Float64Array): void {
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const u0 = src[so + i];
    const u1 = src[so + i + 1];
    const u2 = src[so + i + 2];
    const u3 = src[so + i + 3];
    const o0 = i * d;
    const o1 = o0 + d;
    const o2 = o1 + d;
    const o3 = o2 + d;
    for (let j = 0; j < d; j++) out[j] += u0 * X[o0 + j] + u1 * X[o1 + j] + (u2 * X[o2 + j] + u3 * X[o3 + j]);
  }
  for (; i < n; i++) axpyAt(src[so + i], X, i * d, out, 0, d);
}

/**
 * The kernels the Golub–Kahan passes run on: TypeScript (below) or WebAssembly SIMD (wasm.ts).
 * Offsets are in elements; for the WebAssembly kernels every array must be a view into its memory.
 */
interface Kernels {
  dot(a: Float64Array, ao: number, b: Float64Array, bo: number, len: number): number;
  axpy(s: number, x: Float64Array, xo: number, y: Float64Array, yo: number, len: number): void;
  reorthogonalise(p: Float64Array, Q: Float64Array, count: number, len: number): void;
  /** out[oo + i] = A_i·src[so …] for the block's rows. */
  blockMatVec(b: DesignBlock, d: number, src: Float64Array, so: number, out: Float64Array, oo: number): void;
  /** out += Aᵀ src[so …]. */
  blockMatTVecAdd(b: DesignBlock, d: number, src: Float64Array, so: number, out: Float64Array): void;
}

const TS_KERNELS: Kernels = {
  dot: dotAt,
  axpy: axpyAt,
  reorthogonalise,
  blockMatVec(b, d, src, so, out, oo) {
    // row i of an upper-triangular block has its non-zeros at j ≥ i, of a lower-triangular one at j ≤ i
    if (b.upper) for (let i = 0; i < b.rows; i++) out[oo + i] = dotAt(b.A, i * d + i, src, so + i, d - i);
    else if (b.lower) for (let i = 0; i < b.rows; i++) out[oo + i] = dotAt(b.A, i * d, src, so, i + 1);
    else matVecAt(b.A, b.rows, d, src, so, out, oo);
  },
  blockMatTVecAdd(b, d, src, so, out) {
    if (b.upper) for (let i = 0; i < b.rows; i++) axpyAt(src[so + i], b.A, i * d + i, out, i, d - i);
    else if (b.lower) for (let i = 0; i < b.rows; i++) axpyAt(src[so + i], b.A, i * d, out, 0, i + 1);
    else matTVecAdd(b.A, b.rows, d, src, so, out);
  },
};

function wasmKernels(k: WasmExports): Kernels {
  const at = (a: Float64Array, o: number) => a.byteOffset + 8 * o;
  return {
    dot: (a, ao, b, bo, len) => k.dot(at(a, ao), at(b, bo), len),
    axpy: (s, x, xo, y, yo, len) => k.axpy(s, at(x, xo), at(y, yo), len),
    reorthogonalise: (p, Q, count, len) => k.reorthogonalise(at(p, 0), at(Q, 0), count, len),
    blockMatVec(b, d, src, so, out, oo) {
      if (b.upper) k.triMatVec(at(b.A, 0), d, at(src, so), at(out, oo));
      else if (b.lower) k.lowMatVec(at(b.A, 0), d, at(src, so), at(out, oo));
      else k.matVec(at(b.A, 0), b.rows, d, at(src, so), at(out, oo));
    },
    blockMatTVecAdd(b, d, src, so, out) {
      if (b.upper) k.triMatTVecAdd(at(b.A, 0), d, at(src, so), at(out, 0));
      else if (b.lower) k.lowMatTVecAdd(at(b.A, 0), d, at(src, so), at(out, 0));
      else k.matTVecAdd(at(b.A, 0), b.rows, d, at(src, so), at(out, 0));
    },
  };
}

let wasmK: { arena: Arena; k: Kernels } | null | undefined;
function backend(): { arena: Arena; k: Kernels } | null {
  if (wasmK === undefined) {
    const arena = wasmArena();
    wasmK = arena ? { arena, k: wasmKernels(arena.k) } : null;
  }
  return wasmK;
}

/** out[o … o+rows) = A v for every block of the design, v = src[so … so+d). */
function designMatVec(K: Kernels, blocks: DesignBlock[], d: number, src: Float64Array, so: number, out: Float64Array): void {
  let o = 0;
  for (const b of blocks) {
    K.blockMatVec(b, d, src, so, out, o);
    o += b.rows;
  }
}

/** out += Aᵀu, u = src[so … so+Σrows). */
function designMatTVecAdd(K: Kernels, blocks: DesignBlock[], d: number, src: Float64Array, so: number, out: Float64Array): void {
  let o = so;
  for (const b of blocks) {
    K.blockMatTVecAdd(b, d, src, o, out);
    o += b.rows;
  }
}

/**
 * Relative size below which a new Lanczos vector counts as zero (the Krylov space is exhausted):
 * after re-orthogonalisation a dependent vector is rounding, about 1e-16·‖X‖·√len.
 */
const BREAKDOWN = 1e-12;

/** Which kernels `bidiagonalise` and `project` run on in this thread. */
export function kernelBackend(): 'wasm' | 'typescript' {
  return backend() ? 'wasm' : 'typescript';
}

/**
 * t steps of Golub–Kahan on a data set or a design. `kernels: 'typescript'` forces the TypeScript
 * kernels (the spec compares both backends); the default uses WebAssembly when it is built.
 */
export function bidiagonalise(data: LsqTask | Design, t: number, kernels: 'auto' | 'typescript' = 'auto'): Bidiagonal {
  const ds = isDesign(data) ? data : designOfTask(data);
  const be = kernels === 'auto' ? backend() : null;
  if (!be) return golubKahan(ds, ds.blocks, t, TS_KERNELS, (len) => new Float64Array(len));
  const { arena } = be;
  const m = designRows(ds);
  const work = 8 * ((t + 1) * m + t * ds.d + m + ds.d) + 64;
  const blocks = placeBlocks(arena, ds, work);
  const mark = arena.mark();
  try {
    const bd = golubKahan(ds, blocks.blocks, t, be.k, (len) => arena.zeros(len));
    // V lives in the arena: hand back a copy
    return { ...bd, V: Float64Array.from(bd.V) };
  } finally {
    arena.release(blocks.keep ? mark : blocks.outer);
  }
}

/**
 * The design's blocks as arena views, with room for `work` more bytes. Copies made inside an arena
 * scope stay resident (the next call of the same task reuses them), so the caller releases its
 * work space only down to the mark taken after placing (`keep`); outside a scope everything goes.
 */
function placeBlocks(arena: Arena, ds: Design, work: number): { blocks: DesignBlock[]; outer: number; keep: boolean } {
  const outer = arena.mark();
  arena.ensure(outer + ds.blocks.reduce((s, b) => s + arena.placeCost(b.A), 0) + work);
  return { blocks: ds.blocks.map((b) => ({ ...b, A: arena.place(b.A) })), outer, keep: arena.scoped };
}

/** t steps of Golub–Kahan (see the file comment) on the design's blocks, with full re-orthogonalisation. */
function golubKahan(ds: Design, blocks: DesignBlock[], t: number, K: Kernels, zeros: (len: number) => Float64Array): Bidiagonal {
  const { d, y, c0 } = ds;
  // n is the loss's 1/n (samples); m the rows actually stored (the length of the U vectors)
  const n = ds.n;
  const m = designRows(ds);
  const alpha = new Float64Array(t);
  const beta = new Float64Array(t);
  const V = zeros(t * d);
  const U = zeros((t + 1) * m);
  const q = zeros(d);
  const p = zeros(m);
  const norm = (x: Float64Array) => Math.sqrt(K.dot(x, 0, x, 0, x.length));
  const beta1 = Math.sqrt(dotAt(y, 0, y, 0, m));
  const empty = (k: number): Bidiagonal => ({
    n,
    d,
    k,
    beta1,
    c0,
    alpha: alpha.subarray(0, k),
    beta: beta.subarray(0, k),
    V: V.subarray(0, k * d),
  });
  if (!(beta1 > 0) || t < 1) return empty(0);
  for (let i = 0; i < m; i++) U[i] = y[i] / beta1;
  designMatTVecAdd(K, blocks, d, U, 0, q);
  let a = norm(q);
  let scale = a;
  if (!(a > 0)) return empty(0);
  for (let j = 0; j < d; j++) V[j] = q[j] / a;
  alpha[0] = a;
  for (let j = 0; j < t; j++) {
    // β_{j+1} u_{j+1} = X v_j − α_j u_j   (0-based)
    designMatVec(K, blocks, d, V, j * d, p);
    K.axpy(-alpha[j], U, j * m, p, 0, m);
    K.reorthogonalise(p, U, j + 1, m);
    const b = norm(p);
    if (!(b > BREAKDOWN * scale)) {
      beta[j] = 0; // y ∈ span(X V_{j+1}): the iterates stay in V_{j+1}
      return empty(j + 1);
    }
    beta[j] = b;
    scale = Math.max(scale, b);
    for (let i = 0; i < m; i++) U[(j + 1) * m + i] = p[i] / b;
    if (j + 1 === t) break;
    // α_{j+1} v_{j+1} = Xᵀ u_{j+1} − β_{j+1} v_j
    for (let k = 0; k < d; k++) q[k] = -b * V[j * d + k];
    designMatTVecAdd(K, blocks, d, U, (j + 1) * m, q);
    K.reorthogonalise(q, V, j + 1, d);
    a = norm(q);
    if (!(a > BREAKDOWN * scale)) return empty(j + 1); // α_{j+1} = 0: the Krylov space is invariant
    alpha[j + 1] = a;
    scale = Math.max(scale, a);
    for (let k = 0; k < d; k++) V[(j + 1) * d + k] = q[k] / a;
  }
  return empty(t);
}

/** r = β₁e₁ − B c (length k+1). */
export function smallResidual(bd: Bidiagonal, c: Float64Array, r: Float64Array): void {
  const { k, alpha, beta, beta1 } = bd;
  if (k === 0) {
    r[0] = beta1;
    return;
  }
  r[0] = beta1 - alpha[0] * c[0];
  for (let i = 1; i < k; i++) r[i] = -(beta[i - 1] * c[i - 1] + alpha[i] * c[i]);
  r[k] = -beta[k - 1] * c[k - 1];
}

export interface SmallRun {
  /** Coordinates of w_t in V (length k). */
  c: Float64Array;
  truncatedAt: number | null;
}

/**
 * t GD steps in the Krylov coordinates (the same recursion as simulate.ts's simulateGd, mapped
 * through V), truncation included: ‖w_τ‖ = ‖c_τ‖ because V has orthonormal rows.
 */
export function gdInKrylov(bd: Bidiagonal, eta: number, t: number, radius: number, c?: Float64Array, r?: Float64Array): SmallRun {
  const { k, alpha, beta, n } = bd;
  const cc = c ?? new Float64Array(k);
  cc.fill(0);
  const rr = r ?? new Float64Array(k + 1);
  if (k === 0) return { c: cc, truncatedAt: null };
  const step = eta / n;
  for (let tau = 1; tau <= t; tau++) {
    smallResidual(bd, cc, rr);
    let nn = 0;
    for (let j = 0; j < k; j++) {
      // (Bᵀr)_j = α_{j+1} r_j + β_{j+2} r_{j+1}
      cc[j] += step * (alpha[j] * rr[j] + beta[j] * rr[j + 1]);
      nn += cc[j] * cc[j];
    }
    const norm = Math.sqrt(nn);
    if (norm >= radius) {
      const s = radius / norm;
      for (let j = 0; j < k; j++) cc[j] *= s;
      return { c: cc, truncatedAt: tau };
    }
  }
  return { c: cc, truncatedAt: null };
}

/** Training loss (1/2n)‖y − X V c‖² = (‖β₁e₁ − B c‖² + c₀)/(2n) (Eqn 3's Δ_TbT). */
export function trainLossKrylov(bd: Bidiagonal, c: Float64Array, r?: Float64Array): number {
  const rr = r ?? new Float64Array(bd.k + 1);
  smallResidual(bd, c, rr);
  let s = bd.c0;
  for (let i = 0; i <= bd.k; i++) s += rr[i] * rr[i];
  return s / (2 * bd.n);
}

/** w = Vᵀ c in ℝ^d. */
export function liftKrylov(bd: Bidiagonal, c: Float64Array): Float64Array {
  const { d, k, V } = bd;
  const w = new Float64Array(d);
  for (let j = 0; j < k; j++) {
    const cj = c[j];
    const o = j * d;
    for (let i = 0; i < d; i++) w[i] += cj * V[o + i];
  }
  return w;
}

/**
 * What a task's other losses need of V, computed once per task so each η costs O(k) or O(n₂k):
 * - the validation set's X_v Vᵀ (n₂×k) and y_v, for Δ_TbV (Eqn 4), residual formed directly;
 * - z = V w* and ‖w* − Vᵀz‖², for ‖w − w*‖² = ‖c − z‖² + ‖w* − Vᵀz‖² (Pythagoras).
 */
export interface Projections {
  k: number;
  sigma: number;
  z: Float64Array;
  perp2: number;
  /** Validation samples (the 1/n₂ of Δ_TbV). */
  nValid: number;
  /** Rows of MV (n₂ for plain data, d for a statistics block). */
  rowsValid: number;
  /** rowsValid×k row-major: A_v Vᵀ. */
  MV: Float64Array;
  yValid: Float64Array;
  /** The validation design's c₀. */
  c0Valid: number;
}

/**
 * `perpExtra`: a part of ‖w*‖² outside the design's coordinates altogether (the row-space
 * coordinates of a dual design, design.ts): added to ‖w* − Vᵀz‖².
 */
export function project(bd: Bidiagonal, wStar: Float64Array, sigma: number, valid?: LsqTask | Design, perpExtra = 0): Projections {
  const { d, k, V } = bd;
  const z = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const o = j * d;
    z[j] = dotAt(V, o, wStar, 0, d);
  }
  const perp = Float64Array.from(wStar);
  for (let j = 0; j < k; j++) {
    const o = j * d;
    for (let i = 0; i < d; i++) perp[i] -= z[j] * V[o + i];
  }
  let perp2 = perpExtra;
  for (let i = 0; i < d; i++) perp2 += perp[i] * perp[i];
  let MV = new Float64Array(0);
  let yValid = new Float64Array(0);
  let nValid = 0;
  let rowsValid = 0;
  let c0Valid = 0;
  if (valid) {
    const ds = isDesign(valid) ? valid : designOfTask(valid);
    nValid = ds.n;
    rowsValid = designRows(ds);
    c0Valid = ds.c0;
    yValid = Float64Array.from(ds.y);
    MV = new Float64Array(rowsValid * k);
    // Column j of A_v Vᵀ is A_v v_j.
    const columns = (K: Kernels, blocks: DesignBlock[], Vs: Float64Array, col: Float64Array) => {
      for (let j = 0; j < k; j++) {
        designMatVec(K, blocks, d, Vs, j * d, col);
        for (let i = 0; i < rowsValid; i++) MV[i * k + j] = col[i];
      }
    };
    const be = backend();
    if (!be) columns(TS_KERNELS, ds.blocks, V, new Float64Array(rowsValid));
    else {
      const { arena } = be;
      const placed = placeBlocks(arena, ds, 8 * (k * d + rowsValid) + 64);
      const mark = arena.mark();
      try {
        const Vs = arena.zeros(k * d);
        Vs.set(V.subarray(0, k * d));
        columns(be.k, placed.blocks, Vs, arena.zeros(rowsValid));
      } finally {
        arena.release(placed.keep ? mark : placed.outer);
      }
    }
  }
  return { k, sigma, z, perp2, nValid, rowsValid, MV, yValid, c0Valid };
}

/** ‖w − w*‖² for w = Vᵀc. */
export function dist2Krylov(pr: Projections, c: Float64Array): number {
  let s = pr.perp2;
  for (let j = 0; j < pr.k; j++) {
    const e = c[j] - pr.z[j];
    s += e * e;
  }
  return s;
}

/** Validation loss (1/2n₂)‖y_v − X_v Vᵀc‖² = (‖ỹ_v − A_v Vᵀc‖² + c₀)/(2n₂) (Eqn 4's Δ_TbV). */
export function validLossKrylov(pr: Projections, c: Float64Array): number {
  if (pr.rowsValid === pr.nValid && pr.c0Valid === 0) return halfMeanSquaredResidual(pr.MV, pr.yValid, c, pr.nValid, pr.k);
  return (2 * pr.rowsValid * halfMeanSquaredResidual(pr.MV, pr.yValid, c, pr.rowsValid, pr.k) + pr.c0Valid) / (2 * pr.nValid);
}
