import type { Rng } from '../random/index.js';
import { netKernelsWithMemory, type NetKernels } from './wasm.js';

/**
 * A fully connected ReLU network with a softmax cross-entropy head, on Float64Array kernels
 * (wang2021 Section 5.2's inner problem: 784-100-20-10, ReLU, 10-class cross entropy).
 *
 * Parameters live in one flat Float64Array (what an optimizer updates): for each layer l the
 * weights W_l as an n_in × n_out row-major block, then the biases b_l. With W stored input-major, a
 * layer's product z[b,o] = b_o + Σ_i a[b,i]·W[i,o] runs its inner loop over o on contiguous memory,
 * and a zero a[b,i] (most MNIST pixels, about half the ReLU outputs) skips a whole row of W: the
 * products run over the non-zeros of each layer's input only (a sparse-input path, CSR by sample for
 * the forward pass, CSC by input unit for the weight gradient), four outputs accumulated in registers.
 * Every sum is formed in the same order as the plain loops', so results are bit-identical to them
 * (spec/networks-kernels.spec.ts). The inner loops allocate nothing: buffers live in a Workspace.
 */
export class Net {
  readonly layers: number;
  readonly nParams: number;
  readonly wOff: number[] = [];
  readonly bOff: number[] = [];

  constructor(readonly sizes: readonly number[]) {
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new RangeError(`network sizes must be >= 2 positive integers, got [${sizes.join(', ')}]`);
    }
    this.layers = sizes.length - 1;
    let off = 0;
    for (let l = 0; l < this.layers; l++) {
      this.wOff.push(off);
      off += sizes[l] * sizes[l + 1];
      this.bOff.push(off);
      off += sizes[l + 1];
    }
    this.nParams = off;
  }

  get inputs(): number {
    return this.sizes[0];
  }

  get classes(): number {
    return this.sizes[this.sizes.length - 1];
  }

  toString(): string {
    return this.sizes.join('-');
  }
}

/** He initialisation (W ~ N(0, 2/n_in), b = 0), the usual choice for ReLU layers; seeded. */
export function initParams(net: Net, rng: Rng): Float64Array {
  const p = new Float64Array(net.nParams);
  for (let l = 0; l < net.layers; l++) {
    const nin = net.sizes[l];
    const s = Math.sqrt(2 / nin);
    const end = net.wOff[l] + nin * net.sizes[l + 1];
    for (let k = net.wOff[l]; k < end; k++) p[k] = s * rng.gaussian();
  }
  return p;
}

/**
 * Per-batch buffers: activations a_l (a_0 is the input batch), pre-activations z_l, their adjoints
 * dz_l, the sparse index of each layer's input, and a parameter and a gradient buffer (`params`,
 * `grad`: a training loop keeps its iterate and gradient there, so the WebAssembly kernels read them
 * in place). With the WebAssembly kernels (the default where build/net-kernels.wasm loads; `wasm:
 * false` forces the TypeScript ones) every buffer is a view into this workspace's own memory.
 */
export class Workspace {
  readonly a: Float64Array[] = [];
  readonly z: Float64Array[] = [];
  readonly dz: Float64Array[] = [];
  readonly y: Int32Array;
  /**
   * The non-zeros of each layer's input a_l, by sample (CSR: index i and value of the k-th non-zero
   * of sample b at b·n_l + k, count in nzC[l][b]) and by input unit (CSC: the samples b with a_l[b,i]
   * ≠ 0 in ascending order, from colStart[i] to colStart[i+1]). Built by the forward pass, read by
   * the weight gradient and the R-operator.
   */
  readonly nzI: Int32Array[] = [];
  readonly nzV: Float64Array[] = [];
  readonly nzC: Int32Array[] = [];
  readonly colStart: Int32Array;
  readonly colB: Int32Array;
  readonly colV: Float64Array;
  readonly params: Float64Array;
  readonly grad: Float64Array;
  /** the WebAssembly kernels bound to this workspace's memory, or null (TypeScript kernels) */
  readonly kernels: NetKernels | null;
  readonly buffer: ArrayBufferLike | null;

  constructor(
    readonly net: Net,
    readonly maxBatch: number,
    o: { wasm?: boolean } = {},
  ) {
    const L = net.layers;
    const widest = Math.max(...net.sizes.slice(0, L));
    // the buffers, in order: [kind, length]; laid out 16-byte aligned in one memory (or plain arrays)
    const plan: Array<['f' | 'i', number]> = [];
    for (let l = 0; l <= L; l++) plan.push(['f', maxBatch * net.sizes[l]], ['f', l === 0 ? 0 : maxBatch * net.sizes[l]], ['f', l === 0 ? 0 : maxBatch * net.sizes[l]]);
    for (let l = 0; l < L; l++) plan.push(['i', maxBatch * net.sizes[l]], ['f', maxBatch * net.sizes[l]], ['i', maxBatch]);
    plan.push(['i', widest + 1], ['i', maxBatch * widest], ['f', maxBatch * widest], ['f', net.nParams], ['f', net.nParams]);
    let bytes = 0;
    for (const [k, n] of plan) bytes += (n * (k === 'f' ? 8 : 4) + 15) & ~15;
    const mem = o.wasm === false ? null : netKernelsWithMemory(bytes);
    this.kernels = mem?.kernels ?? null;
    this.buffer = mem?.buffer ?? null;
    let at = 0;
    const take = ([k, n]: ['f' | 'i', number]): Float64Array | Int32Array => {
      if (!mem) return k === 'f' ? new Float64Array(n) : new Int32Array(n);
      const v = k === 'f' ? new Float64Array(mem.buffer, at, n) : new Int32Array(mem.buffer, at, n);
      at += (n * (k === 'f' ? 8 : 4) + 15) & ~15;
      return v;
    };
    let q = 0;
    for (let l = 0; l <= L; l++) {
      this.a.push(take(plan[q++]) as Float64Array);
      this.z.push(take(plan[q++]) as Float64Array);
      this.dz.push(take(plan[q++]) as Float64Array);
    }
    for (let l = 0; l < L; l++) {
      this.nzI.push(take(plan[q++]) as Int32Array);
      this.nzV.push(take(plan[q++]) as Float64Array);
      this.nzC.push(take(plan[q++]) as Int32Array);
    }
    this.colStart = take(plan[q++]) as Int32Array;
    this.colB = take(plan[q++]) as Int32Array;
    this.colV = take(plan[q++]) as Float64Array;
    this.params = take(plan[q++]) as Float64Array;
    this.grad = take(plan[q++]) as Float64Array;
    this.y = new Int32Array(maxBatch);
  }

  /** Copy rows idx[start .. start+B) of (x, y) into the input buffer. */
  gather(x: Float64Array, y: Int32Array, idx: Int32Array | null, start: number, B: number): void {
    const d = this.net.inputs;
    const a0 = this.a[0];
    for (let b = 0; b < B; b++) {
      const s = idx ? idx[start + b] : start + b;
      a0.set(x.subarray(s * d, (s + 1) * d), b * d);
      this.y[b] = y[s];
    }
  }
}

/** The non-zeros of a[B×nin] by sample (CSR), in ascending i: what the products below iterate over. */
function sparseRows(a: Float64Array, B: number, nin: number, nzI: Int32Array, nzV: Float64Array, nzC: Int32Array): void {
  for (let b = 0; b < B; b++) {
    const ab = b * nin;
    let c = ab;
    for (let i = 0; i < nin; i++) {
      const v = a[ab + i];
      if (v !== 0) {
        nzI[c] = i;
        nzV[c] = v;
        c++;
      }
    }
    nzC[b] = c - ab;
  }
}

/**
 * z[B×nout] = bias + a·W over the non-zeros of a (CSR), W at p[wo], bias at p[bo]. Four outputs
 * are accumulated in registers over all of a sample's non-zeros (one load of W per multiply-add,
 * no load or store of z inside). Every z[b,o] is the bias plus the products a[b,i]·W[i,o] added in
 * ascending i, skipping a[b,i] = 0: the same operations in the same order as the plain loop
 * (z[b,o] += a[b,i]·W[i,o] for i = 0, 1, ...), so the result is bit-identical to it.
 */
function layerForward(p: Float64Array, wo: number, bo: number, nzI: Int32Array, nzV: Float64Array, nzC: Int32Array, z: Float64Array, B: number, nin: number, nout: number): void {
  for (let b = 0; b < B; b++) gatherRows(z, b * nout, p, bo, b * nin, b * nin + nzC[b], nzV, nzI, p, wo, nout);
}

/**
 * out[outOff + o] = init[initOff + o] (0 when init is null) + Σ_k vals[k]·M[mOff + idx[k]·nout + o]
 * for o < nout, over k0 ≤ k < k1 in ascending k, four outputs in registers: the sparse
 * gather-multiply-add that the forward product and the weight gradient share (each output's sum in
 * the order of the plain loop).
 */
function gatherRows(out: Float64Array, outOff: number, init: Float64Array | null, initOff: number, k0: number, k1: number, vals: Float64Array, idx: Int32Array, M: Float64Array, mOff: number, nout: number): void {
  let o = 0;
  for (; o + 3 < nout; o += 4) {
    let s0 = init === null ? 0 : init[initOff + o];
    let s1 = init === null ? 0 : init[initOff + o + 1];
    let s2 = init === null ? 0 : init[initOff + o + 2];
    let s3 = init === null ? 0 : init[initOff + o + 3];
    for (let k = k0; k < k1; k++) {
      const v = vals[k];
      const w = mOff + idx[k] * nout + o;
      s0 += v * M[w];
      s1 += v * M[w + 1];
      s2 += v * M[w + 2];
      s3 += v * M[w + 3];
    }
    out[outOff + o] = s0;
    out[outOff + o + 1] = s1;
    out[outOff + o + 2] = s2;
    out[outOff + o + 3] = s3;
  }
  for (; o < nout; o++) {
    let s = init === null ? 0 : init[initOff + o];
    for (let k = k0; k < k1; k++) s += vals[k] * M[mOff + idx[k] * nout + o];
    out[outOff + o] = s;
  }
}

/** The CSR non-zeros regrouped by input unit (CSC), samples in ascending order. */
function sparseColumns(ws: Workspace, l: number, B: number, nin: number): void {
  const { colStart, colB, colV } = ws;
  const nzI = ws.nzI[l];
  const nzV = ws.nzV[l];
  const nzC = ws.nzC[l];
  colStart.fill(0, 0, nin + 1);
  for (let b = 0; b < B; b++) {
    const k0 = b * nin;
    for (let k = k0; k < k0 + nzC[b]; k++) colStart[nzI[k] + 1]++;
  }
  for (let i = 0; i < nin; i++) colStart[i + 1] += colStart[i];
  // colStart[i] doubles as the fill cursor of column i, then is restored from colStart[i+1]
  for (let b = 0; b < B; b++) {
    const k0 = b * nin;
    for (let k = k0; k < k0 + nzC[b]; k++) {
      const e = colStart[nzI[k]]++;
      colB[e] = b;
      colV[e] = nzV[k];
    }
  }
  for (let i = nin; i > 0; i--) colStart[i] = colStart[i - 1];
  colStart[0] = 0;
}

/**
 * dW[i,o] = Σ_b a[b,i]·dz[b,o] over the samples with a[b,i] ≠ 0 (CSC), in ascending b, four outputs
 * in registers; a row with no non-zero input is written as zeros. The same additions in the same
 * order as the plain loop from a zeroed gradient (bit-identical to it).
 */
function weightGrad(grad: Float64Array, wo: number, ws: Workspace, dz: Float64Array, nin: number, nout: number): void {
  const { colStart, colB, colV } = ws;
  for (let i = 0; i < nin; i++) gatherRows(grad, wo + i * nout, null, 0, colStart[i], colStart[i + 1], colV, colB, dz, 0, nout);
}

/** Byte offset of p in the workspace's memory: p itself when it lives there, else a copy in ws.params. */
function residentParams(ws: Workspace, p: Float64Array): number {
  if (p.buffer === ws.buffer) return p.byteOffset;
  ws.params.set(p);
  return ws.params.byteOffset;
}

/** The forward pass on the WebAssembly kernels (the same operations as below, in the same order). */
function forwardWasm(net: Net, ws: Workspace, k: NetKernels, pOff: number, B: number): void {
  for (let l = 0; l < net.layers; l++) {
    const nin = net.sizes[l];
    const nout = net.sizes[l + 1];
    k.rows(ws.a[l].byteOffset, B, nin, ws.nzI[l].byteOffset, ws.nzV[l].byteOffset, ws.nzC[l].byteOffset);
    k.fwd(pOff, net.wOff[l], net.bOff[l], ws.nzI[l].byteOffset, ws.nzV[l].byteOffset, ws.nzC[l].byteOffset, ws.z[l + 1].byteOffset, B, nin, nout);
    if (l < net.layers - 1) k.relu(ws.z[l + 1].byteOffset, ws.a[l + 1].byteOffset, B * nout);
    else ws.a[l + 1].set(ws.z[l + 1].subarray(0, B * nout));
  }
}

/** Forward pass of the batch in ws.a[0]; leaves the logits in ws.z[L]. */
export function forward(net: Net, ws: Workspace, p: Float64Array, B: number): void {
  if (ws.kernels) return forwardWasm(net, ws, ws.kernels, residentParams(ws, p), B);
  for (let l = 0; l < net.layers; l++) {
    const nin = net.sizes[l];
    const nout = net.sizes[l + 1];
    const z = ws.z[l + 1];
    sparseRows(ws.a[l], B, nin, ws.nzI[l], ws.nzV[l], ws.nzC[l]);
    layerForward(p, net.wOff[l], net.bOff[l], ws.nzI[l], ws.nzV[l], ws.nzC[l], z, B, nin, nout);
    const a = ws.a[l + 1];
    const n = B * nout;
    if (l < net.layers - 1) for (let k = 0; k < n; k++) a[k] = z[k] > 0 ? z[k] : 0;
    else for (let k = 0; k < n; k++) a[k] = z[k];
  }
}

/**
 * Mean softmax cross-entropy of the logits in ws.z[L] against ws.y; writes dℓ/dz_L (the softmax
 * minus the one-hot, over B) into ws.dz[L] when `withGrad`. Log-sum-exp with the max subtracted.
 */
function crossEntropy(net: Net, ws: Workspace, B: number, withGrad: boolean): number {
  const C = net.classes;
  const z = ws.z[net.layers];
  const dz = ws.dz[net.layers];
  let loss = 0;
  for (let b = 0; b < B; b++) {
    const zb = b * C;
    let m = -Infinity;
    for (let c = 0; c < C; c++) if (z[zb + c] > m) m = z[zb + c];
    let s = 0;
    for (let c = 0; c < C; c++) s += Math.exp(z[zb + c] - m);
    const lse = m + Math.log(s);
    loss += lse - z[zb + ws.y[b]];
    if (withGrad) {
      for (let c = 0; c < C; c++) dz[zb + c] = Math.exp(z[zb + c] - lse) / B;
      dz[zb + ws.y[b]] -= 1 / B;
    }
  }
  return loss / B;
}

/**
 * Mean cross-entropy of the batch in ws (gathered) and, when `grad` is given, its gradient with
 * respect to p written into `grad` (overwritten). Reverse mode: dW_l[i,o] = Σ_b a_l[b,i]·dz[b,o],
 * db = Σ_b dz[b,·], da_l = dz·W_lᵀ masked by ReLU'(z_l).
 */
export function lossGrad(net: Net, ws: Workspace, p: Float64Array, B: number, grad: Float64Array | null): number {
  const k = ws.kernels;
  if (k) {
    const pOff = residentParams(ws, p);
    forwardWasm(net, ws, k, pOff, B);
    const loss = crossEntropy(net, ws, B, grad !== null);
    if (grad === null) return loss;
    const inPlace = grad.buffer === ws.buffer;
    const gOff = inPlace ? grad.byteOffset : ws.grad.byteOffset;
    for (let l = net.layers - 1; l >= 0; l--) {
      const nin = net.sizes[l];
      const nout = net.sizes[l + 1];
      const dz = ws.dz[l + 1].byteOffset;
      k.biasGrad(dz, B, nout, gOff + 8 * net.bOff[l]);
      k.cols(ws.nzI[l].byteOffset, ws.nzV[l].byteOffset, ws.nzC[l].byteOffset, B, nin, ws.colStart.byteOffset, ws.colB.byteOffset, ws.colV.byteOffset);
      k.wgrad(gOff, net.wOff[l], ws.colStart.byteOffset, ws.colB.byteOffset, ws.colV.byteOffset, dz, nin, nout);
      if (l > 0) k.backDz(pOff, net.wOff[l], dz, ws.z[l].byteOffset, ws.dz[l].byteOffset, B, nin, nout);
    }
    if (!inPlace) grad.set(ws.grad);
    return loss;
  }
  forward(net, ws, p, B);
  const loss = crossEntropy(net, ws, B, grad !== null);
  if (grad === null) return loss;
  // every entry of grad is written below (weights by weightGrad, biases here): no fill needed
  for (let l = net.layers - 1; l >= 0; l--) {
    const nin = net.sizes[l];
    const nout = net.sizes[l + 1];
    const dz = ws.dz[l + 1];
    const wo = net.wOff[l];
    const bo = net.bOff[l];
    for (let o = 0; o < nout; o++) {
      let s = 0;
      for (let b = 0; b < B; b++) s += dz[b * nout + o];
      grad[bo + o] = s;
    }
    sparseColumns(ws, l, B, nin);
    weightGrad(grad, wo, ws, dz, nin, nout);
    if (l === 0) break;
    // adjoint of the previous layer's pre-activation: (dz·Wᵀ) ⊙ 1[z > 0]
    const dzPrev = ws.dz[l];
    const zPrev = ws.z[l];
    for (let b = 0; b < B; b++) {
      const zb = b * nout;
      const pb = b * nin;
      for (let i = 0; i < nin; i++) {
        if (!(zPrev[pb + i] > 0)) {
          dzPrev[pb + i] = 0;
          continue;
        }
        const wi = wo + i * nout;
        let s = 0;
        for (let o = 0; o < nout; o++) s += dz[zb + o] * p[wi + o];
        dzPrev[pb + i] = s;
      }
    }
  }
  return loss;
}

export interface Labelled {
  x: Float64Array;
  y: Int32Array;
  n: number;
}

/** Mean cross-entropy and accuracy over a whole set, in chunks of the workspace's batch size. */
export function evaluate(net: Net, ws: Workspace, p: Float64Array, data: Labelled, labels: Int32Array = data.y): { loss: number; acc: number } {
  let loss = 0;
  let correct = 0;
  const C = net.classes;
  // with the WebAssembly kernels, copy p into the workspace's memory once, not once per chunk
  if (ws.kernels && p.buffer !== ws.buffer) {
    ws.params.set(p);
    p = ws.params;
  }
  for (let s = 0; s < data.n; s += ws.maxBatch) {
    const B = Math.min(ws.maxBatch, data.n - s);
    ws.gather(data.x, labels, null, s, B);
    forward(net, ws, p, B);
    loss += crossEntropy(net, ws, B, false) * B;
    const z = ws.z[net.layers];
    for (let b = 0; b < B; b++) {
      let best = 0;
      for (let c = 1; c < C; c++) if (z[b * C + c] > z[b * C + best]) best = c;
      if (best === ws.y[b]) correct++;
    }
  }
  return { loss: loss / data.n, acc: correct / data.n };
}

/** Buffers of the R-operator (Pearlmutter 1994): directional derivatives of a, z and their adjoints. */
export class RWorkspace {
  readonly ra: Float64Array[] = [];
  readonly rz: Float64Array[] = [];
  readonly rdz: Float64Array[] = [];

  constructor(readonly ws: Workspace) {
    const { net, maxBatch } = ws;
    for (let l = 0; l <= net.layers; l++) {
      this.ra.push(new Float64Array(maxBatch * net.sizes[l]));
      this.rz.push(new Float64Array(maxBatch * net.sizes[l]));
      this.rdz.push(new Float64Array(maxBatch * net.sizes[l]));
    }
  }
}

/**
 * Hessian-vector product H·v of the mean cross-entropy of the gathered batch at p, by forward-over-
 * reverse (Pearlmutter's R-operator): exact to rounding, about twice a gradient's cost. ReLU's
 * second derivative is zero almost everywhere; the softmax head contributes (diag(s) − ssᵀ)·R{z}/B.
 * Calls lossGrad first (it needs the forward and backward buffers); `grad` receives the gradient.
 * Used for reverse mode through the inner updates of a learned optimizer (g_t depends on w_t).
 */
export function hessianVector(net: Net, rws: RWorkspace, p: Float64Array, v: Float64Array, B: number, grad: Float64Array, out: Float64Array): number {
  const ws = rws.ws;
  const loss = lossGrad(net, ws, p, B, grad);
  const L = net.layers;
  // forward: R{z_{l+1}} = R{a_l}·W_l + a_l·V_l + Vb_l, R{a_l} = R{z_l} ⊙ relu'(z_l); R{a_0} = 0
  for (let l = 0; l < L; l++) {
    const nin = net.sizes[l];
    const nout = net.sizes[l + 1];
    const rz = rws.rz[l + 1];
    layerForward(v, net.wOff[l], net.bOff[l], ws.nzI[l], ws.nzV[l], ws.nzC[l], rz, B, nin, nout);
    if (l > 0) {
      const ra = rws.ra[l];
      for (let b = 0; b < B; b++) {
        for (let i = 0; i < nin; i++) {
          const r = ra[b * nin + i];
          if (r === 0) continue;
          const wi = net.wOff[l] + i * nout;
          for (let o = 0; o < nout; o++) rz[b * nout + o] += r * p[wi + o];
        }
      }
    }
    if (l < L - 1) {
      const ra = rws.ra[l + 1];
      const z = ws.z[l + 1];
      for (let k = 0; k < B * nout; k++) ra[k] = z[k] > 0 ? rz[k] : 0;
    }
  }
  // head: R{dz_L} = (diag(s) − s sᵀ) R{z_L} / B, with s the softmax (= dz_L·B + onehot)
  const C = net.classes;
  const zL = ws.z[L];
  const rzL = rws.rz[L];
  const rdzL = rws.rdz[L];
  for (let b = 0; b < B; b++) {
    let m = -Infinity;
    for (let c = 0; c < C; c++) if (zL[b * C + c] > m) m = zL[b * C + c];
    let s = 0;
    for (let c = 0; c < C; c++) s += Math.exp(zL[b * C + c] - m);
    let sr = 0;
    for (let c = 0; c < C; c++) sr += (Math.exp(zL[b * C + c] - m) / s) * rzL[b * C + c];
    for (let c = 0; c < C; c++) rdzL[b * C + c] = ((Math.exp(zL[b * C + c] - m) / s) * (rzL[b * C + c] - sr)) / B;
  }
  // backward: R{dW_l} = R{a_l}ᵀ dz + a_lᵀ R{dz}, R{db} = Σ_b R{dz},
  // R{dz_l} = (R{dz}·W_lᵀ + dz·V_lᵀ) ⊙ relu'(z_l)
  out.fill(0);
  for (let l = L - 1; l >= 0; l--) {
    const nin = net.sizes[l];
    const nout = net.sizes[l + 1];
    const dz = ws.dz[l + 1];
    const rdz = rws.rdz[l + 1];
    const a = ws.a[l];
    const ra = rws.ra[l];
    const wo = net.wOff[l];
    const bo = net.bOff[l];
    for (let b = 0; b < B; b++) for (let o = 0; o < nout; o++) out[bo + o] += rdz[b * nout + o];
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < nin; i++) {
        const av = a[b * nin + i];
        const rv = l > 0 ? ra[b * nin + i] : 0;
        if (av === 0 && rv === 0) continue;
        const gi = wo + i * nout;
        for (let o = 0; o < nout; o++) out[gi + o] += av * rdz[b * nout + o] + rv * dz[b * nout + o];
      }
    }
    if (l === 0) break;
    const z = ws.z[l];
    const rdzPrev = rws.rdz[l];
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < nin; i++) {
        if (!(z[b * nin + i] > 0)) {
          rdzPrev[b * nin + i] = 0;
          continue;
        }
        const wi = wo + i * nout;
        let s = 0;
        for (let o = 0; o < nout; o++) s += rdz[b * nout + o] * p[wi + o] + dz[b * nout + o] * v[wi + o];
        rdzPrev[b * nin + i] = s;
      }
    }
  }
  return loss;
}
