import { Decimal } from 'decimal.js';
import type { Arith } from '../arith/types.js';
import { decimalArith } from '../arith/decimal.js';
import { float32, float64 } from '../arith/float.js';
import { Rng } from '../random/rng.js';

/**
 * The precision audit beyond quadratics (issue 12, item 6): the meta-gradient dF/dη of the step-size
 * objective F(η) = L(w_T(η)), the training loss after T steps of full-batch gradient descent
 * w_{t+1} = w_t − η∇L(w_t) on a small ReLU network with softmax cross-entropy, computed
 *  - by backpropagation through the unrolled loop (reverse mode: store w_0..w_T, then
 *    ā_t = ā_{t+1}(I − η∇²L(w_t)), η̄ += −ā_{t+1}·∇L(w_t)), in float64 and in float32, as a framework's
 *    reverse-over-reverse differentiation of the unrolled loop computes it;
 *  - by forward mode (ẇ_{t+1} = ẇ_t − ∇L(w_t) − η∇²L(w_t)ẇ_t) in float64;
 *  - and by the same forward mode in decimal at precision P and 2P: the reference, trusted to the
 *    digits on which the two precisions agree (and checked against a decimal finite difference of F by
 *    a spec, a route that uses no Hessian at all).
 * Corollary 1's question, asked on a network: at which T does each float method stop keeping digits?
 *
 * Everything is generic over Arith<T> (float64, float32 with Math.fround after every operation,
 * decimal.js), so one implementation of the network runs in all three number systems.
 */

/** Layer sizes [inputs, hidden..., classes]; parameters are W_l (n_l × n_{l−1}) then b_l, layer by layer, flat. */
export interface NetSpec {
  sizes: number[];
}

export function paramCount(spec: NetSpec): number {
  let n = 0;
  for (let l = 1; l < spec.sizes.length; l++) n += spec.sizes[l] * spec.sizes[l - 1] + spec.sizes[l];
  return n;
}

/** The training problem in one number system: inputs (B × n₀) and one-hot labels, as T. */
export interface NetProblem<T> {
  A: Arith<T>;
  spec: NetSpec;
  x: T[][];
  labels: number[];
}

export function netProblem<T>(A: Arith<T>, spec: NetSpec, x: readonly (readonly number[])[], labels: readonly number[]): NetProblem<T> {
  if (x.length !== labels.length || x.length === 0) throw new RangeError('netProblem: need as many labels as inputs, at least one');
  if (x.some((r) => r.length !== spec.sizes[0])) throw new RangeError(`netProblem: every input needs ${spec.sizes[0]} features`);
  return { A, spec, x: x.map((r) => r.map((v) => A.fromNumber(v))), labels: [...labels] };
}

interface Layer<T> {
  W: (i: number, j: number) => T;
  b: (i: number) => T;
}

function layers<T>(spec: NetSpec, w: readonly T[]): Layer<T>[] {
  const out: Layer<T>[] = [];
  let o = 0;
  for (let l = 1; l < spec.sizes.length; l++) {
    const n = spec.sizes[l];
    const m = spec.sizes[l - 1];
    const wo = o;
    const bo = o + n * m;
    out.push({ W: (i, j) => w[wo + i * m + j], b: (i) => w[bo + i] });
    o = bo + n;
  }
  return out;
}

/**
 * The loss L(w) = (1/B) Σ cross-entropy(softmax(net(x_b)), y_b), its gradient, and when `v` is given
 * the Hessian-vector product ∇²L(w)·v by Pearlmutter's R-operator (forward tangents through the
 * forward pass, then through the backward pass; ReLU'' = 0 almost everywhere).
 */
export function lossGradHvp<T>(p: NetProblem<T>, w: readonly T[], v?: readonly T[]): { loss: T; grad: T[]; hvp?: T[] } {
  const { A, spec } = p;
  const L = spec.sizes.length - 1;
  const Ls = layers(spec, w);
  const Vs = v ? layers(spec, v) : undefined;
  const B = p.x.length;
  const invB = A.div(A.one, A.fromNumber(B));
  const grad: T[] = new Array(w.length).fill(A.zero);
  const hvp: T[] | undefined = v ? new Array(w.length).fill(A.zero) : undefined;
  let loss = A.zero;
  const offsets: number[] = [];
  {
    let o = 0;
    for (let l = 1; l <= L; l++) {
      offsets.push(o);
      o += spec.sizes[l] * spec.sizes[l - 1] + spec.sizes[l];
    }
  }
  const pos = (z: T) => A.cmp(z, A.zero) > 0;
  for (let b = 0; b < B; b++) {
    // forward, with tangents
    const acts: T[][] = [p.x[b]];
    const racts: T[][] = [p.x[b].map(() => A.zero)];
    const zs: T[][] = [];
    for (let l = 0; l < L; l++) {
      const n = spec.sizes[l + 1];
      const a = acts[l];
      const ra = racts[l];
      const z: T[] = new Array(n);
      const rz: T[] = new Array(n);
      for (let i = 0; i < n; i++) {
        let s = Ls[l].b(i);
        let rs = Vs ? Vs[l].b(i) : A.zero;
        for (let j = 0; j < a.length; j++) {
          s = A.add(s, A.mul(Ls[l].W(i, j), a[j]));
          if (Vs) rs = A.add(rs, A.add(A.mul(Vs[l].W(i, j), a[j]), A.mul(Ls[l].W(i, j), ra[j])));
        }
        z[i] = s;
        rz[i] = rs;
      }
      zs.push(z);
      if (l < L - 1) {
        acts.push(z.map((zi) => (pos(zi) ? zi : A.zero)));
        racts.push(rz.map((r, i) => (pos(z[i]) ? r : A.zero)));
      } else {
        acts.push(z);
        racts.push(rz);
      }
    }
    // softmax cross-entropy on the logits
    const zL = zs[L - 1];
    const rzL = racts[L];
    let mx = zL[0];
    for (const zi of zL) if (A.cmp(zi, mx) > 0) mx = zi;
    const ex = zL.map((zi) => A.exp(A.sub(zi, mx)));
    let sum = A.zero;
    for (const e of ex) sum = A.add(sum, e);
    const prob = ex.map((e) => A.div(e, sum));
    const y = p.labels[b];
    loss = A.add(loss, A.mul(invB, A.sub(A.add(A.ln(sum), mx), zL[y])));
    let pr = A.zero;
    for (let i = 0; i < prob.length; i++) pr = A.add(pr, A.mul(prob[i], rzL[i]));
    // δ_L = (p − y)/B; Rδ_L = p ⊙ (Rz − p·Rz)/B
    let delta = prob.map((pi, i) => A.mul(invB, i === y ? A.sub(pi, A.one) : pi));
    let rdelta = prob.map((pi, i) => A.mul(invB, A.mul(pi, A.sub(rzL[i], pr))));
    for (let l = L - 1; l >= 0; l--) {
      const a = acts[l];
      const ra = racts[l];
      const n = spec.sizes[l + 1];
      const m = spec.sizes[l];
      const o = offsets[l];
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < m; j++) {
          grad[o + i * m + j] = A.add(grad[o + i * m + j], A.mul(delta[i], a[j]));
          if (hvp) hvp[o + i * m + j] = A.add(hvp[o + i * m + j], A.add(A.mul(rdelta[i], a[j]), A.mul(delta[i], ra[j])));
        }
        grad[o + n * m + i] = A.add(grad[o + n * m + i], delta[i]);
        if (hvp) hvp[o + n * m + i] = A.add(hvp[o + n * m + i], rdelta[i]);
      }
      if (l === 0) break;
      const zPrev = zs[l - 1];
      const nd: T[] = new Array(m);
      const nrd: T[] = new Array(m);
      for (let j = 0; j < m; j++) {
        if (!pos(zPrev[j])) {
          nd[j] = A.zero;
          nrd[j] = A.zero;
          continue;
        }
        let s = A.zero;
        let rs = A.zero;
        for (let i = 0; i < n; i++) {
          s = A.add(s, A.mul(Ls[l].W(i, j), delta[i]));
          if (Vs) rs = A.add(rs, A.add(A.mul(Vs[l].W(i, j), delta[i]), A.mul(Ls[l].W(i, j), rdelta[i])));
        }
        nd[j] = s;
        nrd[j] = rs;
      }
      delta = nd;
      rdelta = nrd;
    }
  }
  return { loss, grad, hvp };
}

/** F(η) = L(w_T) after T steps of full-batch GD from w₀. */
export function unrolledLoss<T>(p: NetProblem<T>, w0: readonly T[], eta: T, T: number): T {
  const A = p.A;
  let w = w0.slice();
  for (let t = 0; t < T; t++) {
    const { grad } = lossGradHvp(p, w);
    w = w.map((wi, i) => A.sub(wi, A.mul(eta, grad[i])));
  }
  return lossGradHvp(p, w).loss;
}

/** dF/dη by forward mode: dual numbers (w, ẇ) through the loop. */
export function metaGradForward<T>(p: NetProblem<T>, w0: readonly T[], eta: T, T: number): { F: T; dF: T } {
  const A = p.A;
  let w = w0.slice();
  let wd: T[] = w0.map(() => A.zero);
  for (let t = 0; t < T; t++) {
    const { grad, hvp } = lossGradHvp(p, w, wd);
    w = w.map((wi, i) => A.sub(wi, A.mul(eta, grad[i])));
    wd = wd.map((x, i) => A.sub(A.sub(x, grad[i]), A.mul(eta, hvp![i])));
  }
  const { loss, grad } = lossGradHvp(p, w);
  let dF = A.zero;
  for (let i = 0; i < w.length; i++) dF = A.add(dF, A.mul(grad[i], wd[i]));
  return { F: loss, dF };
}

/** dF/dη by reverse mode through the unrolled loop (every w_t stored, then one backward sweep of HVPs). */
export function metaGradBackprop<T>(p: NetProblem<T>, w0: readonly T[], eta: T, T: number): { F: T; dF: T } {
  const A = p.A;
  const ws: T[][] = [w0.slice()];
  const gs: T[][] = [];
  for (let t = 0; t < T; t++) {
    const { grad } = lossGradHvp(p, ws[t]);
    gs.push(grad);
    ws.push(ws[t].map((wi, i) => A.sub(wi, A.mul(eta, grad[i]))));
  }
  const last = lossGradHvp(p, ws[T]);
  let abar = last.grad; // ∂F/∂w_T
  let etaBar = A.zero;
  for (let t = T - 1; t >= 0; t--) {
    for (let i = 0; i < abar.length; i++) etaBar = A.sub(etaBar, A.mul(abar[i], gs[t][i]));
    const { hvp } = lossGradHvp(p, ws[t], abar);
    abar = abar.map((a, i) => A.sub(a, A.mul(eta, hvp![i])));
  }
  return { F: last.loss, dF: etaBar };
}

export interface NetworkAuditPoint {
  T: number;
  eta: number;
  reference: { F: string; dF: string; agreedDigits: number };
  /**
   * Spectral radius of I − η∇²L(w_T) (float64 power iteration with HVPs): the per-step rate of the
   * adjoint's growth in the local quadratic model, Corollary 1's rate with the network's curvature.
   */
  localRate: number;
  /** Significant digits of each method's dF/dη against the reference (0 when wrong or non-finite). */
  digits: Record<'backprop32' | 'backprop64' | 'forward64', number>;
  values: Record<'backprop32' | 'backprop64' | 'forward64', number>;
}

export interface NetworkAuditResult {
  spec: NetSpec;
  batch: number;
  params: number;
  precision: number;
  points: NetworkAuditPoint[];
  /**
   * Per method and η: the first T of the grid where it keeps fewer than `threshold` digits while the
   * reference is decided there (its two precisions agree to at least `threshold` digits); null:
   * never on the grid. `predictedT`: the quadratic model's prediction for float32, the T at which an
   * adjoint growing by `localRate` per step leaves float32's range (null: the local rate contracts).
   */
  breaks: Array<{ method: string; eta: number; T: number | null; predictedT: number | null }>;
  threshold: number;
}

/** ρ(I − η∇²L(w_T)) in float64 by 40 steps of power iteration with Hessian-vector products. */
export function localRate(p: NetProblem<number>, w0: readonly number[], eta: number, T: number): number {
  let w = w0.slice();
  for (let t = 0; t < T; t++) {
    const { grad } = lossGradHvp(p, w);
    w = w.map((wi, i) => wi - eta * grad[i]);
  }
  let v = Rng.fromSeed(0).gaussianVector(w.length);
  let rate = 0;
  for (let k = 0; k < 40; k++) {
    const n = Math.hypot(...v);
    if (!(n > 0) || !Number.isFinite(n)) return Number.NaN;
    v = v.map((x) => x / n);
    const hv = lossGradHvp(p, w, v).hvp!;
    const u = v.map((x, i) => x - eta * hv[i]);
    rate = Math.hypot(...u);
    v = u;
  }
  return rate;
}

/** Significant digits of a double against a decimal reference (relative); 0 when non-finite or wrong. */
function digitsAgainst(x: number, ref: Decimal): number {
  if (!Number.isFinite(x)) return 0;
  if (ref.isZero()) return x === 0 ? 17 : 0;
  const rel = new Decimal(x).minus(ref).abs().div(ref.abs()).toNumber();
  if (rel === 0) return 17;
  return Math.max(0, -Math.log10(rel));
}

/**
 * The audit: for each (T, η), dF/dη by the three float methods against the decimal reference
 * (forward mode at `precision` and 2·`precision` digits; the digits they agree to are reported with
 * each point and bound what a method can be shown to keep).
 */
export function auditNetwork(options: {
  spec: NetSpec;
  x: number[][];
  labels: number[];
  w0: number[];
  Ts: number[];
  etas: number[];
  precision?: number;
  threshold?: number;
  onPoint?: (p: NetworkAuditPoint) => void;
  shouldStop?: () => boolean;
}): NetworkAuditResult {
  const { spec, x, labels, w0, Ts, etas, precision = 40, threshold = 3, onPoint = () => {}, shouldStop = () => false } = options;
  const D1 = decimalArith(precision);
  const D2 = decimalArith(2 * precision);
  const F64 = float64();
  const F32 = float32();
  const p1 = netProblem(D1, spec, x, labels);
  const p2 = netProblem(D2, spec, x, labels);
  const p64 = netProblem(F64, spec, x, labels);
  const p32 = netProblem(F32, spec, x, labels);
  const points: NetworkAuditPoint[] = [];
  for (const eta of etas)
    for (const T of Ts) {
      if (shouldStop()) break;
      const r1 = metaGradForward(p1, w0.map((v) => D1.fromNumber(v)), D1.fromNumber(eta), T);
      const r2 = metaGradForward(p2, w0.map((v) => D2.fromNumber(v)), D2.fromNumber(eta), T);
      const diff = r1.dF.minus(r2.dF).abs();
      const agreed = r2.dF.isZero() ? (r1.dF.isZero() ? precision : 0) : Math.max(0, -Math.log10(Math.max(diff.div(r2.dF.abs()).toNumber(), 10 ** -(2 * precision))));
      const values = {
        backprop32: F32.toNumber(metaGradBackprop(p32, w0.map((v) => F32.fromNumber(v)), F32.fromNumber(eta), T).dF),
        backprop64: metaGradBackprop(p64, w0, eta, T).dF,
        forward64: metaGradForward(p64, w0, eta, T).dF,
      };
      const digits = {
        backprop32: Math.min(agreed, digitsAgainst(values.backprop32, r2.dF)),
        backprop64: Math.min(agreed, digitsAgainst(values.backprop64, r2.dF)),
        forward64: Math.min(agreed, digitsAgainst(values.forward64, r2.dF)),
      };
      const point: NetworkAuditPoint = {
        T,
        eta,
        reference: { F: r2.F.toSignificantDigits(20).toString(), dF: r2.dF.toSignificantDigits(20).toString(), agreedDigits: agreed },
        localRate: localRate(p64, w0, eta, T),
        digits,
        values,
      };
      points.push(point);
      onPoint(point);
    }
  const breaks: NetworkAuditResult['breaks'] = [];
  for (const method of ['backprop32', 'backprop64', 'forward64'] as const)
    for (const eta of etas) {
      const row = points.filter((q) => q.eta === eta).sort((a, b) => a.T - b.T);
      const first = row.find((q) => q.reference.agreedDigits >= threshold && q.digits[method] < threshold);
      const rate = row.at(-1)?.localRate ?? 0;
      breaks.push({ method, eta, T: first?.T ?? null, predictedT: method === 'backprop32' && rate > 1 ? Math.ceil((38 * Math.LN10) / Math.log(rate)) : null });
    }
  return { spec, batch: x.length, params: paramCount(spec), precision, points, breaks, threshold };
}
