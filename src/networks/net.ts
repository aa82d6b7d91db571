import type { Rng } from '../random/index.js';

/**
 * A fully connected ReLU network with a softmax cross-entropy head, on Float64Array kernels
 * (wang2021 Section 5.2's inner problem: 784-100-20-10, ReLU, 10-class cross entropy).
 *
 * Parameters live in one flat Float64Array (what an optimizer updates): for each layer l the
 * weights W_l as an n_in × n_out row-major block, then the biases b_l. With W stored input-major, a
 * layer's product z[b,o] = b_o + Σ_i a[b,i]·W[i,o] runs its inner loop over o on contiguous memory,
 * and a zero a[b,i] (most MNIST pixels, about half the ReLU outputs) skips a whole row of W.
 * The i loop is blocked (BLOCK rows of W at a time, all rows of the batch) so the block stays in
 * cache across the batch. The inner loops allocate nothing: buffers live in a Workspace.
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

/** Per-batch buffers: activations a_l (a_0 is the input batch), pre-activations, their adjoints. */
export class Workspace {
  readonly a: Float64Array[] = [];
  readonly z: Float64Array[] = [];
  readonly dz: Float64Array[] = [];
  readonly da: Float64Array[] = [];
  readonly y: Int32Array;

  constructor(
    readonly net: Net,
    readonly maxBatch: number,
  ) {
    for (let l = 0; l <= net.layers; l++) {
      this.a.push(new Float64Array(maxBatch * net.sizes[l]));
      this.z.push(new Float64Array(l === 0 ? 0 : maxBatch * net.sizes[l]));
      this.dz.push(new Float64Array(l === 0 ? 0 : maxBatch * net.sizes[l]));
      this.da.push(new Float64Array(l === 0 ? 0 : maxBatch * net.sizes[l]));
    }
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

const BLOCK = 64;

/** z[B×nout] = bias + a[B×nin]·W, W at p[wo], bias at p[bo]. */
function layerForward(p: Float64Array, wo: number, bo: number, a: Float64Array, z: Float64Array, B: number, nin: number, nout: number): void {
  for (let b = 0; b < B; b++) {
    const zb = b * nout;
    for (let o = 0; o < nout; o++) z[zb + o] = p[bo + o];
  }
  for (let i0 = 0; i0 < nin; i0 += BLOCK) {
    const i1 = Math.min(nin, i0 + BLOCK);
    for (let b = 0; b < B; b++) {
      const ab = b * nin;
      const zb = b * nout;
      for (let i = i0; i < i1; i++) {
        const v = a[ab + i];
        if (v === 0) continue;
        const wi = wo + i * nout;
        for (let o = 0; o < nout; o++) z[zb + o] += v * p[wi + o];
      }
    }
  }
}

/** Forward pass of the batch in ws.a[0]; leaves the logits in ws.z[L]. */
export function forward(net: Net, ws: Workspace, p: Float64Array, B: number): void {
  for (let l = 0; l < net.layers; l++) {
    const nin = net.sizes[l];
    const nout = net.sizes[l + 1];
    const z = ws.z[l + 1];
    layerForward(p, net.wOff[l], net.bOff[l], ws.a[l], z, B, nin, nout);
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
  forward(net, ws, p, B);
  const loss = crossEntropy(net, ws, B, grad !== null);
  if (grad === null) return loss;
  grad.fill(0);
  for (let l = net.layers - 1; l >= 0; l--) {
    const nin = net.sizes[l];
    const nout = net.sizes[l + 1];
    const dz = ws.dz[l + 1];
    const a = ws.a[l];
    const wo = net.wOff[l];
    const bo = net.bOff[l];
    for (let b = 0; b < B; b++) {
      const zb = b * nout;
      for (let o = 0; o < nout; o++) grad[bo + o] += dz[zb + o];
    }
    for (let i0 = 0; i0 < nin; i0 += BLOCK) {
      const i1 = Math.min(nin, i0 + BLOCK);
      for (let b = 0; b < B; b++) {
        const ab = b * nin;
        const zb = b * nout;
        for (let i = i0; i < i1; i++) {
          const v = a[ab + i];
          if (v === 0) continue;
          const gi = wo + i * nout;
          for (let o = 0; o < nout; o++) grad[gi + o] += v * dz[zb + o];
        }
      }
    }
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
    layerForward(v, net.wOff[l], net.bOff[l], ws.a[l], rz, B, nin, nout);
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
