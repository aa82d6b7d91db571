import type { Rng } from '../random/index.js';
import { RWorkspace, Workspace, hessianVector, lossGrad } from './net.js';
import { netKernelsWithMemory, type NetKernels } from './wasm.js';
import type { Problem, Updater } from './train.js';

/**
 * The per-parameter MLP learned optimizer of Metz et al. (2019) as wang2021's appendix F describes it.
 *
 * For every parameter w_i of the inner network, a 31-dimensional feature vector: the gradient g, the
 * parameter w, first-moment averages m_k and second-moment averages v_k at the five decays
 * β ∈ {0.5, 0.9, 0.99, 0.999, 0.9999}, the normalised gradient g/√(v_k+ε) (5), the reciprocal
 * 1/√(v_k+ε) (5), and a step embedding tanh(t/s) for s ∈ {3, 10, ..., 300000} (9). The first 22 are
 * normalised dimension-wise across all parameters to mean 0, standard deviation 1 (not the step
 * embedding). An MLP with ReLU activations maps each vector to two scalars, a direction d and a
 * magnitude s; the update is "the direction times the exponential of the magnitude":
 * w ← w − λ_d · d · exp(λ_m · s).
 *
 * What the text leaves open, fixed here and stated: "normalised gradient" is g/√(v_k+ε) (the
 * authors' code normalises the momenta instead); ε = 1e-8; λ_d = 0.001 (the authors' code's
 * step multiplier), λ_m = 1 (the text has no multiplier); the MLP's width (HIDDEN below, two hidden
 * layers; Metz et al. use 32) and its He initialisation with the output layer scaled by 0.1.
 *
 * Meta-training (appendix F): truncated backpropagation through unrolled segments, each segment's
 * meta-objective the mean inner loss over the segment (training set for TbT, validation set for
 * TbV), RMSProp with meta learning rate 0.01. The reverse mode below is exact through the whole
 * segment: through the MLP, the normalisation (a column-wise standardisation, differentiated as in
 * batch normalisation), the moment recursions, and the inner gradients themselves (g_t depends on
 * w_t: a Hessian-vector product per step). Only the state entering the segment is held constant,
 * which is what truncation means.
 */
export const DECAYS = [0.5, 0.9, 0.99, 0.999, 0.9999];
export const STEP_SCALES = [3, 10, 30, 100, 300, 1000, 3000, 10000, 300000];
const K = DECAYS.length;
/** raw features normalised across parameters: g, w, m (5), v (5), g/√v (5), 1/√v (5) */
const NRAW = 2 + 4 * K;
export const NFEAT = NRAW + STEP_SCALES.length;
const EPS = 1e-8;
const NORM_EPS = 1e-12;

export interface MlpOptShape {
  hidden: number;
  dirScale: number;
  magScale: number;
}

export const DEFAULT_SHAPE: MlpOptShape = { hidden: 16, dirScale: 0.001, magScale: 0.001 };

/** Offsets of the optimizer's parameters θ: W1 (NFEAT×H), b1, W2 (H×H), b2, W3 (H×2), b3. */
export function thetaLayout(sh: MlpOptShape) {
  const H = sh.hidden;
  const W1 = 0;
  const b1 = W1 + NFEAT * H;
  const W2 = b1 + H;
  const b2 = W2 + H * H;
  const W3 = b2 + H;
  const b3 = W3 + 2 * H;
  return { W1, b1, W2, b2, W3, b3, size: b3 + 2 };
}

export function initTheta(sh: MlpOptShape, rng: Rng): Float64Array {
  const L = thetaLayout(sh);
  const H = sh.hidden;
  const th = new Float64Array(L.size);
  const fill = (off: number, n: number, fanIn: number, scale = 1) => {
    const s = scale * Math.sqrt(2 / fanIn);
    for (let k = 0; k < n; k++) th[off + k] = s * rng.gaussian();
  };
  fill(L.W1, NFEAT * H, NFEAT);
  fill(L.W2, H * H, H);
  fill(L.W3, 2 * H, H, 0.1);
  return th;
}

/**
 * Per-parameter buffers of one optimizer application (reused across steps; no allocation inside).
 * With the WebAssembly kernels (build/net-kernels.wasm; `wasm: false` forces TypeScript) the buffers
 * the MLP's forward pass reads and writes live in this scratch's own memory, and θ is copied there.
 */
class Scratch {
  readonly raw: Float64Array;
  readonly mean: Float64Array;
  readonly sd: Float64Array;
  readonly emb = new Float64Array(STEP_SCALES.length);
  readonly h1: Float64Array;
  readonly h2: Float64Array;
  readonly out: Float64Array;
  readonly fadj: Float64Array;
  readonly f: Float64Array;
  readonly th: Float64Array;
  readonly dh1: Float64Array;
  readonly dh2: Float64Array;
  /** the reverse pass's buffers: ∂/∂θ, θ's W1 and W2 transposed (u-major), the outputs' adjoints */
  readonly thGrad: Float64Array;
  readonly W1T: Float64Array;
  readonly W2T: Float64Array;
  readonly dd: Float64Array;
  readonly ds: Float64Array;
  readonly kernels: NetKernels | null;

  constructor(
    readonly n: number,
    H: number,
    thetaSize: number,
    wasm = true,
  ) {
    const lens = [n * NRAW, NRAW, NRAW, n * H, n * H, n * 2, NFEAT, thetaSize, n * NRAW, thetaSize, H * 32, H * H, n, n, H, H];
    const mem = wasm ? netKernelsWithMemory(lens.reduce((t, l) => t + ((8 * l + 15) & ~15), 0)) : null;
    this.kernels = mem?.kernels ?? null;
    let at = 0;
    const take = (len: number) => {
      if (!mem) return new Float64Array(len);
      const v = new Float64Array(mem.buffer, at, len);
      at += (8 * len + 15) & ~15;
      return v;
    };
    [this.raw, this.mean, this.sd, this.h1, this.h2, this.out, this.f, this.th, this.fadj, this.thGrad, this.W1T, this.W2T, this.dd, this.ds, this.dh1, this.dh2] = lens.map(take);
  }
}

/** Raw features (column j of parameter i at raw[i*NRAW + j]) and their column means and deviations. */
function features(sc: Scratch, w: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, t: number): void {
  const n = sc.n;
  const raw = sc.raw;
  for (let i = 0; i < n; i++) {
    const r = i * NRAW;
    raw[r] = g[i];
    raw[r + 1] = w[i];
    for (let k = 0; k < K; k++) {
      const vk = v[k * n + i];
      const rs = 1 / Math.sqrt(vk + EPS);
      raw[r + 2 + k] = m[k * n + i];
      raw[r + 2 + K + k] = vk;
      raw[r + 2 + 2 * K + k] = g[i] * rs;
      raw[r + 2 + 3 * K + k] = rs;
    }
  }
  // column means and deviations, accumulated row by row (two passes over raw instead of two per
  // column: raw is n × 22 doubles, 14 MB on the paper network); each column's sum still runs over
  // i = 0, 1, ... in order, so the values are those of the column-by-column loops
  const mean = sc.mean;
  const sd = sc.sd;
  mean.fill(0);
  sd.fill(0);
  for (let i = 0; i < n; i++) {
    const r = i * NRAW;
    for (let j = 0; j < NRAW; j++) mean[j] += raw[r + j];
  }
  for (let j = 0; j < NRAW; j++) mean[j] /= n;
  for (let i = 0; i < n; i++) {
    const r = i * NRAW;
    for (let j = 0; j < NRAW; j++) sd[j] += (raw[r + j] - mean[j]) ** 2;
  }
  for (let j = 0; j < NRAW; j++) sd[j] = Math.sqrt(sd[j] / n + NORM_EPS);
  for (let e = 0; e < STEP_SCALES.length; e++) sc.emb[e] = Math.tanh(t / STEP_SCALES[e]);
}

/** The MLP on every parameter: fills h1, h2, out (d, s) and writes Δ_i = λ_d d exp(λ_m s) into `delta`. */
function mlpForward(sh: MlpOptShape, th: Float64Array, sc: Scratch, delta: Float64Array): void {
  const L = thetaLayout(sh);
  const H = sh.hidden;
  const n = sc.n;
  const { f, raw, mean, sd, h1: H1, h2: H2, out } = sc; // locals: the loops below read them per element
  const { W1, b1, W2, b2, W3, b3 } = L;
  const dirScale = sh.dirScale;
  const magScale = sh.magScale;
  for (let e = 0; e < STEP_SCALES.length; e++) f[NRAW + e] = sc.emb[e];
  const k = sc.kernels;
  if (k) {
    // the same operations in the same order on the WebAssembly kernels; the exponential stays here
    sc.th.set(th);
    k.mlpFwd(sc.th.byteOffset, raw.byteOffset, mean.byteOffset, sd.byteOffset, f.byteOffset, H1.byteOffset, H2.byteOffset, out.byteOffset, n, H, NRAW, NFEAT);
    for (let i = 0; i < n; i++) delta[i] = dirScale * out[2 * i] * Math.exp(magScale * out[2 * i + 1]);
    return;
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < NRAW; j++) f[j] = (raw[i * NRAW + j] - mean[j]) / sd[j];
    const h1 = i * H;
    for (let u = 0; u < H; u++) H1[h1 + u] = th[b1 + u];
    for (let j = 0; j < NFEAT; j++) {
      const fj = f[j];
      if (fj === 0) continue;
      const row = W1 + j * H;
      for (let u = 0; u < H; u++) H1[h1 + u] += fj * th[row + u];
    }
    for (let u = 0; u < H; u++) if (H1[h1 + u] < 0) H1[h1 + u] = 0;
    for (let u = 0; u < H; u++) H2[h1 + u] = th[b2 + u];
    for (let j = 0; j < H; j++) {
      const a = H1[h1 + j];
      if (a === 0) continue;
      const row = W2 + j * H;
      for (let u = 0; u < H; u++) H2[h1 + u] += a * th[row + u];
    }
    let d = th[b3];
    let s = th[b3 + 1];
    for (let u = 0; u < H; u++) {
      const a = H2[h1 + u] > 0 ? H2[h1 + u] : 0;
      H2[h1 + u] = a;
      d += a * th[W3 + 2 * u];
      s += a * th[W3 + 2 * u + 1];
    }
    out[2 * i] = d;
    out[2 * i + 1] = s;
    delta[i] = dirScale * d * Math.exp(magScale * s);
  }
}

/** Moment recursions m ← βm + (1−β)g, v ← βv + (1−β)g² (k-th decay at offset k·n). */
export function updateMoments(m: Float64Array, v: Float64Array, g: Float64Array, n: number): void {
  for (let k = 0; k < K; k++) {
    const b = DECAYS[k];
    const o = k * n;
    for (let i = 0; i < n; i++) {
      m[o + i] = b * m[o + i] + (1 - b) * g[i];
      v[o + i] = b * v[o + i] + (1 - b) * g[i] * g[i];
    }
  }
}

/** The learned optimizer as an inner Updater (forward only): its moments start at zero. */
export function mlpUpdater(sh: MlpOptShape, th: Float64Array, n: number, o: { wasm?: boolean } = {}): Updater {
  const m = new Float64Array(K * n);
  const v = new Float64Array(K * n);
  const sc = new Scratch(n, sh.hidden, thetaLayout(sh).size, o.wasm !== false);
  const delta = new Float64Array(n);
  return {
    step(p, g, t) {
      updateMoments(m, v, g, n);
      features(sc, p, g, m, v, t);
      mlpForward(sh, th, sc, delta);
      for (let i = 0; i < n; i++) p[i] -= delta[i];
    },
  };
}

/** Inner state carried across the segments of one trajectory. */
export interface InnerState {
  w: Float64Array;
  m: Float64Array;
  v: Float64Array;
  /** steps taken so far in this trajectory (the step embedding's t) */
  t: number;
  /** position in the epoch-wise batch order */
  perm: Int32Array;
  pos: number;
}

export function freshState(pr: Problem): InnerState {
  const n = pr.net.nParams;
  const perm = new Int32Array(pr.split.train.n);
  for (let i = 0; i < perm.length; i++) perm[i] = i;
  return { w: Float64Array.from(pr.init), m: new Float64Array(K * n), v: new Float64Array(K * n), t: 0, perm, pos: perm.length };
}

/** The mini-batches of one segment, drawn before it runs so forward and reverse passes see the same ones. */
export interface SegmentBatches {
  /** S × B indices into the training set (the gradient batches) */
  train: Int32Array;
  /** S × B indices into the meta-objective's set (training for TbT, validation for TbV) */
  meta: Int32Array;
}

export function drawSegment(pr: Problem, st: InnerState, S: number, objective: 'train' | 'validation', batchRng: Rng, metaRng: Rng): SegmentBatches {
  const B = pr.batch;
  const n = pr.split.train.n;
  const bs = Math.min(B, n);
  const train = new Int32Array(S * bs);
  for (let s = 0; s < S; s++) {
    if (st.pos + bs > n) {
      for (let i = n - 1; i > 0; i--) {
        const j = batchRng.int(0, i);
        const tmp = st.perm[i];
        st.perm[i] = st.perm[j];
        st.perm[j] = tmp;
      }
      st.pos = 0;
    }
    train.set(st.perm.subarray(st.pos, st.pos + bs), s * bs);
    st.pos += bs;
  }
  const nm = objective === 'train' ? n : pr.split.validation.n;
  const meta = new Int32Array(S * B);
  for (let k = 0; k < meta.length; k++) meta[k] = metaRng.int(0, nm - 1);
  return { train, meta };
}

export interface SegmentResult {
  /** (1/S) Σ_{s=1..S} ℓ_meta(w_{t0+s}) */
  metaLoss: number;
  /** ∂ metaLoss / ∂θ (null when not asked) */
  grad: Float64Array | null;
  diverged: boolean;
}

/**
 * Run one segment of S steps from `st` (advanced in place) and, when `withGrad`, the exact gradient
 * of its meta-objective with respect to θ by reverse mode through the segment (state at entry held
 * constant: truncation).
 */
export function runSegment(pr: Problem, sh: MlpOptShape, th: Float64Array, st: InnerState, bt: SegmentBatches, objective: 'train' | 'validation', withGrad: boolean, o: { wasm?: boolean } = {}): SegmentResult {
  const net = pr.net;
  const n = net.nParams;
  const B = pr.batch;
  const bs = Math.min(B, pr.split.train.n);
  const S = bt.train.length / bs;
  const ws = new Workspace(net, B);
  const sc = new Scratch(n, sh.hidden, thetaLayout(sh).size, o.wasm !== false);
  const g = new Float64Array(n);
  const delta = new Float64Array(n);
  const metaSet = objective === 'train' ? pr.split.train : pr.split.validation;
  // tape: w_t, g_t, m_{t+1}, v_{t+1} per step, and the final w
  const tapeW: Float64Array[] = [];
  const tapeG: Float64Array[] = [];
  const tapeM: Float64Array[] = [];
  const tapeV: Float64Array[] = [];
  const t0 = st.t;
  let metaLoss = 0;
  for (let s = 0; s < S; s++) {
    ws.gather(pr.split.train.x, pr.split.train.y, bt.train, s * bs, bs);
    lossGrad(net, ws, st.w, bs, g);
    updateMoments(st.m, st.v, g, n);
    if (withGrad) {
      tapeW.push(Float64Array.from(st.w));
      tapeG.push(Float64Array.from(g));
      tapeM.push(Float64Array.from(st.m));
      tapeV.push(Float64Array.from(st.v));
    }
    features(sc, st.w, g, st.m, st.v, st.t);
    mlpForward(sh, th, sc, delta);
    for (let i = 0; i < n; i++) st.w[i] -= delta[i];
    st.t++;
    ws.gather(metaSet.x, metaSet.y, bt.meta, s * B, B);
    const l = lossGrad(net, ws, st.w, B, null);
    if (!Number.isFinite(l) || l > 1e3) return { metaLoss: Infinity, grad: null, diverged: true };
    metaLoss += l / S;
  }
  if (!withGrad) return { metaLoss, grad: null, diverged: false };

  const L = thetaLayout(sh);
  const H = sh.hidden;
  // the per-parameter backward on the WebAssembly kernels (written for the width 16 we use)
  const k = H === 16 ? sc.kernels : null;
  const thGrad = k ? sc.thGrad.fill(0) : new Float64Array(L.size);
  if (k) {
    sc.W1T.fill(0);
    for (let j = 0; j < NFEAT; j++) for (let u = 0; u < H; u++) sc.W1T[u * 32 + j] = th[L.W1 + j * H + u];
    for (let j = 0; j < H; j++) for (let u = 0; u < H; u++) sc.W2T[u * H + j] = th[L.W2 + j * H + u];
  }
  const wAdj = new Float64Array(n);
  const mAdj = new Float64Array(K * n);
  const vAdj = new Float64Array(K * n);
  const gAdj = new Float64Array(n);
  const tmp = new Float64Array(n);
  const hv = new Float64Array(n);
  const rws = new RWorkspace(ws);
  const wNext = Float64Array.from(st.w);
  for (let s = S - 1; s >= 0; s--) {
    // meta-loss term at w_{t0+s+1}
    ws.gather(metaSet.x, metaSet.y, bt.meta, s * B, B);
    lossGrad(net, ws, s === S - 1 ? wNext : tapeW[s + 1], B, tmp);
    for (let i = 0; i < n; i++) wAdj[i] += tmp[i] / S;
    // recompute the optimizer's forward pass at step s
    const w = tapeW[s];
    const gs = tapeG[s];
    const m1 = tapeM[s];
    const v1 = tapeV[s];
    features(sc, w, gs, m1, v1, t0 + s);
    mlpForward(sh, th, sc, delta);
    // w_{t+1} = w_t − Δ: the adjoint of Δ is −ŵ_{t+1}; back through the MLP per parameter
    const f = sc.f;
    for (let e = 0; e < STEP_SCALES.length; e++) f[NRAW + e] = sc.emb[e];
    if (k) {
      // the same operations in the same order as the loop below (assembly/net-kernels.ts, mlpBwd)
      for (let i = 0; i < n; i++) {
        const dDelta = -wAdj[i];
        sc.dd[i] = dDelta * sh.dirScale * Math.exp(sh.magScale * sc.out[2 * i + 1]);
        sc.ds[i] = dDelta * delta[i] * sh.magScale;
      }
      k.mlpBwd(sc.th.byteOffset, sc.W1T.byteOffset, sc.W2T.byteOffset, thGrad.byteOffset, sc.dd.byteOffset, sc.ds.byteOffset, sc.h1.byteOffset, sc.h2.byteOffset, sc.raw.byteOffset, sc.mean.byteOffset, sc.sd.byteOffset, f.byteOffset, sc.fadj.byteOffset, sc.dh1.byteOffset, sc.dh2.byteOffset, n, NRAW, NFEAT);
    }
    for (let i = 0; i < (k ? 0 : n); i++) {
      const dDelta = -wAdj[i];
      const ex = Math.exp(sh.magScale * sc.out[2 * i + 1]);
      const dd = dDelta * sh.dirScale * ex;
      const ds = dDelta * delta[i] * sh.magScale;
      const h = i * H;
      thGrad[L.b3] += dd;
      thGrad[L.b3 + 1] += ds;
      for (let u = 0; u < H; u++) {
        const a = sc.h2[h + u];
        thGrad[L.W3 + 2 * u] += a * dd;
        thGrad[L.W3 + 2 * u + 1] += a * ds;
        sc.dh2[u] = a > 0 ? th[L.W3 + 2 * u] * dd + th[L.W3 + 2 * u + 1] * ds : 0;
      }
      for (let u = 0; u < H; u++) thGrad[L.b2 + u] += sc.dh2[u];
      for (let j = 0; j < H; j++) {
        const a = sc.h1[h + j];
        const row = L.W2 + j * H;
        let acc = 0;
        for (let u = 0; u < H; u++) {
          thGrad[row + u] += a * sc.dh2[u];
          acc += th[row + u] * sc.dh2[u];
        }
        sc.dh1[j] = a > 0 ? acc : 0;
      }
      for (let u = 0; u < H; u++) thGrad[L.b1 + u] += sc.dh1[u];
      for (let j = 0; j < NRAW; j++) f[j] = (sc.raw[i * NRAW + j] - sc.mean[j]) / sc.sd[j];
      for (let j = 0; j < NFEAT; j++) {
        const row = L.W1 + j * H;
        let acc = 0;
        for (let u = 0; u < H; u++) {
          thGrad[row + u] += f[j] * sc.dh1[u];
          acc += th[row + u] * sc.dh1[u];
        }
        if (j < NRAW) sc.fadj[i * NRAW + j] = acc;
      }
    }
    // back through the column-wise standardisation y = (x − μ)/σ, σ² = mean((x − μ)²) + ε:
    // x̂ = (ŷ − mean(ŷ) − y·mean(ŷ⊙y)) / σ
    for (let j = 0; j < NRAW; j++) {
      let sy = 0;
      let syy = 0;
      for (let i = 0; i < n; i++) {
        const y = (sc.raw[i * NRAW + j] - sc.mean[j]) / sc.sd[j];
        sy += sc.fadj[i * NRAW + j];
        syy += sc.fadj[i * NRAW + j] * y;
      }
      sy /= n;
      syy /= n;
      for (let i = 0; i < n; i++) {
        const y = (sc.raw[i * NRAW + j] - sc.mean[j]) / sc.sd[j];
        sc.fadj[i * NRAW + j] = (sc.fadj[i * NRAW + j] - sy - y * syy) / sc.sd[j];
      }
    }
    // back through the raw features to g_t, w_t, m_{t+1}, v_{t+1}
    for (let i = 0; i < n; i++) {
      const r = i * NRAW;
      let ga = sc.fadj[r];
      wAdj[i] += sc.fadj[r + 1];
      for (let k = 0; k < K; k++) {
        const vk = v1[k * n + i];
        const rs = 1 / Math.sqrt(vk + EPS);
        const rs3 = rs * rs * rs;
        mAdj[k * n + i] += sc.fadj[r + 2 + k];
        ga += sc.fadj[r + 2 + 2 * K + k] * rs;
        vAdj[k * n + i] += sc.fadj[r + 2 + K + k] - 0.5 * rs3 * (sc.fadj[r + 2 + 2 * K + k] * gs[i] + sc.fadj[r + 2 + 3 * K + k]);
      }
      gAdj[i] = ga;
    }
    // back through the moments: m_{t+1} = βm_t + (1−β)g_t, v_{t+1} = βv_t + (1−β)g_t²
    for (let k = 0; k < K; k++) {
      const b = DECAYS[k];
      const o = k * n;
      for (let i = 0; i < n; i++) {
        gAdj[i] += (1 - b) * (mAdj[o + i] + 2 * gs[i] * vAdj[o + i]);
        mAdj[o + i] *= b;
        vAdj[o + i] *= b;
      }
    }
    // back through g_t = ∇ℓ_{B_t}(w_t): ŵ_t += H_t ĝ_t
    ws.gather(pr.split.train.x, pr.split.train.y, bt.train, s * bs, bs);
    hessianVector(net, rws, w, gAdj, bs, tmp, hv);
    for (let i = 0; i < n; i++) wAdj[i] += hv[i];
  }
  return { metaLoss, grad: k ? Float64Array.from(thGrad) : thGrad, diverged: false };
}

export interface MetaCurvePoint {
  update: number;
  /** inner steps taken by meta-training so far (all segments) */
  innerSteps: number;
  seconds: number;
  metaLoss: number;
}

export interface MlpMetaConfig {
  shape: MlpOptShape;
  objective: 'train' | 'validation';
  /** meta-updates (one per segment) */
  updates: number;
  /** segment length S and segments per trajectory (then a fresh initialisation) */
  segmentLength: number;
  segmentsPerTrajectory: number;
  /** RMSProp meta learning rate (appendix F: 0.01), decay 0.9 */
  lr: number;
  /** a fresh inner problem (initialisation and batch order) for trajectory j */
  problem: (j: number) => Problem;
  rng: Rng;
  onUpdate?: (done: number, total: number) => void;
}

export interface MlpMetaResult {
  theta: Float64Array;
  curve: MetaCurvePoint[];
  innerSteps: number;
  hessianVectorProducts: number;
  seconds: number;
  /** updates skipped because the segment diverged or its gradient was not finite */
  skipped: number;
}

/** Truncated backpropagation through unrolled segments with RMSProp (appendix F). */
export function metaTrainMlp(c: MlpMetaConfig): MlpMetaResult {
  const started = performance.now();
  const theta = initTheta(c.shape, c.rng.split('theta'));
  const ms = new Float64Array(theta.length);
  const curve: MetaCurvePoint[] = [];
  let innerSteps = 0;
  let skipped = 0;
  let pr: Problem | undefined;
  let st: InnerState | undefined;
  let traj = -1;
  for (let u = 0; u < c.updates; u++) {
    if (u % c.segmentsPerTrajectory === 0) {
      traj++;
      pr = c.problem(traj);
      st = freshState(pr);
    }
    const bt = drawSegment(pr!, st!, c.segmentLength, c.objective, pr!.batches.split(`segment-${u}`), pr!.valBatches.split(`segment-${u}`));
    const r = runSegment(pr!, c.shape, theta, st!, bt, c.objective, true);
    innerSteps += c.segmentLength;
    if (r.diverged || !r.grad || !r.grad.every(Number.isFinite)) {
      skipped++;
      // a diverged trajectory cannot continue: start a fresh one at the next update
      st = freshState(pr!);
    } else {
      for (let k = 0; k < theta.length; k++) {
        ms[k] = 0.9 * ms[k] + 0.1 * r.grad[k] * r.grad[k];
        theta[k] -= (c.lr * r.grad[k]) / (Math.sqrt(ms[k]) + 1e-8);
      }
    }
    curve.push({ update: u + 1, innerSteps, seconds: (performance.now() - started) / 1000, metaLoss: r.metaLoss });
    c.onUpdate?.(u + 1, c.updates);
  }
  return { theta, curve, innerSteps, hessianVectorProducts: innerSteps - skipped * c.segmentLength, seconds: (performance.now() - started) / 1000, skipped };
}

