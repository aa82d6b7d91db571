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


/** dF/dη by forward mode at every T of `Ts` in one pass: F_T and dF_T/dη = ∇L(w_T)·ẇ_T are read off along the way. */
export function metaGradForwardAll<T>(p: NetProblem<T>, w0: readonly T[], eta: T, Ts: readonly number[]): Map<number, { F: T; dF: T; finite: boolean }> {
  const A = p.A;
  const want = new Set(Ts);
  const Tmax = Math.max(0, ...Ts);
  const out = new Map<number, { F: T; dF: T; finite: boolean }>();
  let w = w0.slice();
  let wd: T[] = w0.map(() => A.zero);
  for (let t = 0; t <= Tmax; t++) {
    const { loss, grad, hvp } = lossGradHvp(p, w, wd);
    if (want.has(t)) {
      let dF = A.zero;
      for (let i = 0; i < w.length; i++) dF = A.add(dF, A.mul(grad[i], wd[i]));
      out.set(t, { F: loss, dF, finite: A.isFinite(dF) && w.every((x) => A.isFinite(x)) && wd.every((x) => A.isFinite(x)) });
    }
    if (t === Tmax) break;
    w = w.map((wi, i) => A.sub(wi, A.mul(eta, grad[i])));
    wd = wd.map((x, i) => A.sub(A.sub(x, grad[i]), A.mul(eta, hvp![i])));
  }
  return out;
}

/**
 * dF/dη by reverse mode through the unrolled loop (every w_t stored, then one backward sweep of HVPs).
 * Beside the value it returns what says *why* a format failed: log10 of the largest |component| the
 * adjoint ā_t reached in the sweep (Corollary 1's quantity: it grows like ρ^(T−t) when
 * ρ(I − η∇²L) > 1), and whether every stored iterate, adjoint and the result stayed finite.
 */
export function metaGradBackprop<T>(p: NetProblem<T>, w0: readonly T[], eta: T, T: number): { F: T; dF: T; adjointLog10Max: number; finite: boolean } {
  const A = p.A;
  const ws: T[][] = [w0.slice()];
  const gs: T[][] = [];
  let finite = true;
  for (let t = 0; t < T; t++) {
    const { grad } = lossGradHvp(p, ws[t]);
    gs.push(grad);
    ws.push(ws[t].map((wi, i) => A.sub(wi, A.mul(eta, grad[i]))));
    finite &&= ws[t + 1].every((x) => A.isFinite(x));
  }
  const last = lossGradHvp(p, ws[T]);
  let abar = last.grad; // ∂F/∂w_T
  let etaBar = A.zero;
  let adjointLog10Max = -Infinity;
  const track = (a: readonly T[]) => {
    for (const x of a) {
      if (!A.isFinite(x)) finite = false;
      else adjointLog10Max = Math.max(adjointLog10Max, A.log10Abs(x));
    }
  };
  track(abar);
  for (let t = T - 1; t >= 0; t--) {
    for (let i = 0; i < abar.length; i++) etaBar = A.sub(etaBar, A.mul(abar[i], gs[t][i]));
    const { hvp } = lossGradHvp(p, ws[t], abar);
    abar = abar.map((a, i) => A.sub(a, A.mul(eta, hvp![i])));
    track(abar);
  }
  return { F: last.loss, dF: etaBar, adjointLog10Max, finite: finite && A.isFinite(etaBar) };
}

/**
 * The largest eigenvalue (not the largest in modulus) of a symmetric operator given by its products
 * `mul(v)`, by power iteration from a seeded start. When the dominant eigenvalue μ is negative the
 * iteration is rerun on the operator − μI, whose dominant eigenvalue is λ_max − μ ≥ 0.
 */
export function topEigenvalue(mul: (v: readonly number[]) => number[], n: number, iterations = 200): number {
  const run = (shift: number) => {
    let v = Rng.fromSeed(0).gaussianVector(n);
    let q = 0;
    for (let k = 0; k < iterations; k++) {
      const norm = Math.hypot(...v);
      if (!(norm > 0) || !Number.isFinite(norm)) return q;
      v = v.map((x) => x / norm);
      const hv = mul(v).map((h, i) => h - shift * v[i]);
      const next = hv.reduce((s, h, i) => s + h * v[i], 0); // Rayleigh quotient of a unit vector
      if (k > 10 && Math.abs(next - q) <= 1e-13 * Math.abs(next)) return next;
      q = next;
      v = hv;
    }
    return q;
  };
  const dominant = run(0);
  return dominant >= 0 ? dominant : run(dominant) + dominant;
}

/**
 * The sharpness λ_max(∇²L(w)) in float64 by power iteration with Hessian-vector products. A ReLU
 * network's Hessian is indefinite at a random initialisation, hence `topEigenvalue`'s shift.
 */
export function sharpness(p: NetProblem<number>, w: readonly number[], iterations = 200): number {
  return topEigenvalue((v) => lossGradHvp(p, w, v).hvp!, w.length, iterations);
}

/** w_T after T steps of full-batch GD in float64. */
export function iterate64(p: NetProblem<number>, w0: readonly number[], eta: number, T: number): number[] {
  let w = w0.slice();
  for (let t = 0; t < T; t++) {
    const { grad } = lossGradHvp(p, w);
    w = w.map((wi, i) => wi - eta * grad[i]);
  }
  return w;
}

/** ρ(I − η∇²L(w)) in float64 by 40 steps of power iteration with Hessian-vector products. */
export function rateAt(p: NetProblem<number>, w: readonly number[], eta: number): number {
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

/** ρ(I − η∇²L(w_T)) in float64, w_T after T steps from w0. */
export function localRate(p: NetProblem<number>, w0: readonly number[], eta: number, T: number): number {
  return rateAt(p, iterate64(p, w0, eta, T), eta);
}

/**
 * Hidden ReLU units active (pre-activation > 0) for at least one input at w. When none is, the
 * network's output is its last bias alone: every other parameter has zero gradient and zero
 * curvature, so GD has stopped moving them and ρ(I − η∇²L) = 1 along them.
 */
export function activeHiddenUnits(p: NetProblem<number>, w: readonly number[]): number {
  const { spec } = p;
  const Ls = layers(spec, w);
  const active = spec.sizes.slice(1, -1).map((n) => new Array<boolean>(n).fill(false));
  for (const x of p.x) {
    let a: readonly number[] = x;
    for (let l = 0; l < spec.sizes.length - 2; l++) {
      const z = Array.from({ length: spec.sizes[l + 1] }, (_, i) => a.reduce((s, aj, j) => s + Ls[l].W(i, j) * aj, Ls[l].b(i)));
      z.forEach((zi, i) => {
        if (zi > 0) active[l][i] = true;
      });
      a = z.map((zi) => Math.max(0, zi));
    }
  }
  return active.flat().filter(Boolean).length;
}

/** Significant digits of a double against a decimal reference (relative); 0 when non-finite or wrong. */
export function digitsAgainst(x: number, ref: Decimal): number {
  if (!Number.isFinite(x)) return 0;
  if (ref.isZero()) return x === 0 ? 17 : 0;
  const rel = new Decimal(x).minus(ref).abs().div(ref.abs()).toNumber();
  if (rel === 0) return 17;
  return Math.max(0, -Math.log10(rel));
}

/** The reference at one T: the higher of the two precisions compared, and how far the two agree. */
export interface ReferenceValue {
  F: Decimal;
  dF: Decimal;
  /** Significant digits on which dF at the two precisions agree (at most the lower precision). */
  agreedDigits: number;
  /** The two decimal precisions (significant digits) whose agreement is reported; dF is the higher one's. */
  precision: [number, number];
  /** agreedDigits ≥ the audit's threshold: only then may a method's digits below it count as a break. */
  decided: boolean;
}

export interface ReferenceOptions {
  /** First decimal precision (digits); the ladder doubles it: P, 2P, 4P, … Default 30. */
  start?: number;
  /** The top of the ladder (digits); its last rung is exactly `cap`. Default 200. */
  cap?: number;
  /** Agreement (digits) at which a T stops climbing the ladder: enough to grade float64 fully. Default 17. */
  target?: number;
  /** Agreement (digits) below which a T is undecided (and never counts as a break or as kept digits). Default 3. */
  threshold?: number;
  shouldStop?: () => boolean;
}

/** Agreed significant digits of two decimal values, capped at the lower precision `P`. */
function agreement(lo: Decimal, hi: Decimal, P: number): number {
  if (!lo.isFinite() || !hi.isFinite()) return 0;
  if (hi.isZero()) return lo.isZero() ? P : 0;
  const rel = lo.minus(hi).abs().div(hi.abs());
  if (rel.isZero()) return P;
  return Math.min(P, Math.max(0, -rel.log(10).toNumber()));
}

/**
 * The decimal reference for dF/dη at every T of `Ts`, deciding as many T as the cap affords: forward
 * mode at P and 2P; where the two agree to fewer than `target` digits (chaotic amplification of the
 * rounding of the trajectory eats the lower precision's digits at a rate of about log10 of the
 * trajectory's expansion per step), rerun at the next rung (2P vs 4P, …, up to `cap`) for those T
 * only, up to the largest of them. A T whose top pair agrees to fewer than `threshold` digits is
 * reported undecided: the reference cannot say whether a float method is right there.
 */
export function decimalReference(problem: { spec: NetSpec; x: readonly (readonly number[])[]; labels: readonly number[]; w0: readonly number[]; eta: number }, Ts: readonly number[], options: ReferenceOptions = {}): Map<number, ReferenceValue> {
  const { start = 30, cap = 200, target = 17, threshold = 3, shouldStop = () => false } = options;
  if (!(Number.isInteger(start) && start >= 2)) throw new RangeError(`decimalReference: start must be an integer ≥ 2, got ${start}`);
  if (!(Number.isInteger(cap) && cap > start)) throw new RangeError(`decimalReference: cap must be an integer above start (${start}), got ${cap}`);
  const rungs = [start];
  while (rungs[rungs.length - 1] < cap) rungs.push(Math.min(cap, 2 * rungs[rungs.length - 1]));
  const pass = (P: number, upTo: readonly number[]) => {
    const D = decimalArith(P);
    const p = netProblem(D, problem.spec, problem.x, problem.labels);
    return metaGradForwardAll(p, problem.w0.map((v) => D.fromNumber(v)), D.fromNumber(problem.eta), upTo);
  };
  const out = new Map<number, ReferenceValue>();
  let lo = pass(rungs[0], Ts);
  let pending = [...Ts];
  for (let k = 1; k < rungs.length && pending.length > 0; k++) {
    if (k > 1 && shouldStop()) break;
    const hi = pass(rungs[k], pending);
    for (const T of pending) {
      const a = lo.get(T)!;
      const b = hi.get(T)!;
      const agreedDigits = agreement(a.dF, b.dF, rungs[k - 1]);
      out.set(T, { F: b.F, dF: b.dF, agreedDigits, precision: [rungs[k - 1], rungs[k]], decided: agreedDigits >= threshold });
    }
    pending = pending.filter((T) => out.get(T)!.agreedDigits < target);
    lo = hi;
  }
  return out;
}

export const NETWORK_METHODS = ['backprop32', 'backprop64', 'forward64'] as const;
export type NetworkMethod = (typeof NETWORK_METHODS)[number];

/** log10 of the largest finite float32 and float64 (3.4028e38 and 1.7977e308). */
export const LOG10_MAX = { float32: Math.log10(3.4028234663852886e38), float64: Math.log10(Number.MAX_VALUE) } as const;
/** Significant decimal digits of each format (log10 2^24 and log10 2^53). */
export const FORMAT_DIGITS = { float32: 7.22, float64: 15.95 } as const;
const FORMAT_OF: Record<NetworkMethod, 'float32' | 'float64'> = { backprop32: 'float32', backprop64: 'float64', forward64: 'float64' };

/**
 * Why a method lost its digits at a point: `range` when its value or an intermediate was non-finite
 * in its format, or when the exact adjoint (measured in float64) exceeded the format's largest finite
 * number (Corollary 1's mechanism: the adjoint leaves the range); `rounding` when everything stayed
 * finite and in range and the digits were still wrong.
 */
export function breakMechanism(format: 'float32' | 'float64', at: { value: number; finite: boolean; adjointLog10Max: number }): 'range' | 'rounding' {
  if (!Number.isFinite(at.value) || !at.finite) return 'range';
  return at.adjointLog10Max > LOG10_MAX[format] ? 'range' : 'rounding';
}

/**
 * The first T (ascending) at which a method keeps fewer than `threshold` digits while the reference is
 * decided there; undecided points are skipped, never counted as a break nor as kept digits.
 */
export function firstBreak(row: readonly { T: number; decided: boolean; digits: number }[], threshold: number): number | null {
  const hit = [...row].sort((a, b) => a.T - b.T).find((q) => q.decided && q.digits < threshold);
  return hit ? hit.T : null;
}

/**
 * The first T from which a method stays below `threshold` digits at every later decided point of the
 * grid (the last decided point included); null when its last decided point keeps the digits. Tells
 * a lasting loss from an isolated dip (a T where dF/dη nearly cancels and every method's relative
 * digits drop for one grid point).
 */
export function lastingBreak(row: readonly { T: number; decided: boolean; digits: number }[], threshold: number): number | null {
  const decided = row.filter((q) => q.decided).sort((a, b) => a.T - b.T);
  let T: number | null = null;
  for (let i = decided.length - 1; i >= 0 && decided[i].digits < threshold; i--) T = decided[i].T;
  return T;
}

export interface NetworkAuditPoint {
  T: number;
  /** η as a multiple of 2/λ_max(∇²L(w₀)), and η itself. */
  multiple: number;
  eta: number;
  reference: { F: string; dF: string; agreedDigits: number; precision: [number, number]; decided: boolean };
  /**
   * Spectral radius of I − η∇²L(w_T) (float64 power iteration with HVPs): the per-step rate of the
   * adjoint's growth in the local quadratic model, Corollary 1's rate with the network's curvature.
   */
  localRate: number;
  /** Hidden units active for at least one input at w_T (float64); 0: the network is dead. */
  activeHidden: number;
  /**
   * Significant digits of the loss F = L(w_T) each backprop run computed in its forward pass: when
   * float32's F has lost its digits too, its trajectory itself has left the exact one (rounding
   * amplified by the dynamics), not only its adjoint.
   */
  lossDigits: { float32: number; float64: number };
  /** Significant digits of each method's dF/dη against the reference, capped at the reference's agreement (0 when wrong or non-finite). */
  digits: Record<NetworkMethod, number>;
  values: Record<NetworkMethod, number>;
  /** Every intermediate finite in the method's own format. */
  finite: Record<NetworkMethod, boolean>;
  /** log10 of the largest |ā_t| component in the backward sweep: float64 (≈ exact) and float32's own. */
  adjointLog10Max: { float64: number; float32: number };
}

export interface NetworkEtaSummary {
  multiple: number;
  eta: number;
  /** ρ(I − η∇²L(w₀)): the quadratic model's per-step rate at the start. */
  rate0: number;
  /**
   * The quadratic model's predictions with rate ρ₀ (null when ρ₀ ≤ 1): the T at which an adjoint
   * growing like ρ₀^T leaves float32's range (38·ln10/ln ρ₀, Corollary 1), and the T at which errors
   * growing like ρ₀^T leave fewer than `threshold` of float32's 7.22 digits ((7.22 − threshold)/log10 ρ₀).
   */
  predicted: { rangeT32: number | null; roundingT32: number | null };
  /**
   * Per method: the first T on the grid below `threshold` digits where the reference is decided, and
   * why; `lastingT`: the first T from which it stays below (`lastingBreak`).
   */
  breaks: Record<NetworkMethod, { T: number | null; mechanism: 'range' | 'rounding' | null; lastingT: number | null }>;
  /** The grid's T at which the reference is undecided even at the cap. */
  undecidedTs: number[];
  /** The largest decimal precision the reference used at this η. */
  maxPrecision: number;
}

export interface NetworkAuditResult {
  spec: NetSpec;
  batch: number;
  params: number;
  /** λ_max(∇²L(w₀)) and the multiples of 2/λ_max (the edge of stability of GD) that set the η grid. */
  lambdaMax: number;
  multiples: number[];
  Ts: number[];
  reference: Required<Omit<ReferenceOptions, 'shouldStop'>>;
  threshold: number;
  points: NetworkAuditPoint[];
  etas: NetworkEtaSummary[];
  /** The run was interrupted: some η are missing. */
  complete: boolean;
}

/**
 * The audit. The η grid is not chosen by hand: it is `multiples` × 2/λ_max, with λ_max the sharpness
 * of the loss at w₀, so that it spans gradient descent's edge of stability (below 2/λ_max the top
 * curvature direction contracts; above it, it expands unless the network moves away). For each η and
 * each T of the grid: dF/dη by the three float methods against the decimal reference of
 * `decimalReference` (adaptive precision, undecided points flagged), the adjoint's size, and per η
 * the first T at which each method breaks, with the mechanism and the quadratic model's prediction.
 */
export function auditNetwork(options: {
  spec: NetSpec;
  x: number[][];
  labels: number[];
  w0: number[];
  Ts: number[];
  multiples: number[];
  reference?: Omit<ReferenceOptions, 'threshold' | 'shouldStop'>;
  threshold?: number;
  onPoint?: (p: NetworkAuditPoint) => void;
  shouldStop?: () => boolean;
}): NetworkAuditResult {
  const { spec, x, labels, w0, multiples, threshold = 3, onPoint = () => {}, shouldStop = () => false } = options;
  const Ts = [...new Set(options.Ts)].sort((a, b) => a - b);
  if (Ts.length === 0 || Ts.some((T) => !Number.isInteger(T) || T < 0)) throw new RangeError('auditNetwork: Ts must be non-negative integers, at least one');
  if (multiples.length === 0 || multiples.some((m) => !(m > 0))) throw new RangeError('auditNetwork: multiples must be positive, at least one');
  const ref = { start: 30, cap: 200, target: 17, ...options.reference, threshold };
  const F64 = float64();
  const F32 = float32();
  const p64 = netProblem(F64, spec, x, labels);
  const p32 = netProblem(F32, spec, x, labels);
  const lambdaMax = sharpness(p64, w0);
  const points: NetworkAuditPoint[] = [];
  const etas: NetworkEtaSummary[] = [];
  let complete = true;
  for (const multiple of multiples) {
    if (shouldStop()) {
      complete = false;
      break;
    }
    const eta = (multiple * 2) / lambdaMax;
    const reference = decimalReference({ spec, x, labels, w0, eta }, Ts, { ...ref, shouldStop });
    const fwd64 = metaGradForwardAll(p64, w0, eta, Ts);
    const row: NetworkAuditPoint[] = [];
    for (const T of Ts) {
      const r = reference.get(T)!;
      const b32 = metaGradBackprop(p32, w0.map((v) => F32.fromNumber(v)), F32.fromNumber(eta), T);
      const b64 = metaGradBackprop(p64, w0, eta, T);
      const f64 = fwd64.get(T)!;
      const wT = iterate64(p64, w0, eta, T);
      const values = { backprop32: F32.toNumber(b32.dF), backprop64: b64.dF, forward64: f64.dF };
      const digits = Object.fromEntries(NETWORK_METHODS.map((m) => [m, Math.min(r.agreedDigits, digitsAgainst(values[m], r.dF))])) as Record<NetworkMethod, number>;
      const point: NetworkAuditPoint = {
        T,
        multiple,
        eta,
        reference: { F: r.F.toSignificantDigits(20).toString(), dF: r.dF.toSignificantDigits(20).toString(), agreedDigits: r.agreedDigits, precision: r.precision, decided: r.decided },
        localRate: rateAt(p64, wT, eta),
        activeHidden: activeHiddenUnits(p64, wT),
        lossDigits: { float32: Math.min(r.agreedDigits, digitsAgainst(F32.toNumber(b32.F), r.F)), float64: Math.min(r.agreedDigits, digitsAgainst(b64.F, r.F)) },
        digits,
        values,
        finite: { backprop32: b32.finite, backprop64: b64.finite, forward64: f64.finite },
        adjointLog10Max: { float64: b64.adjointLog10Max, float32: b32.adjointLog10Max },
      };
      row.push(point);
      points.push(point);
      onPoint(point);
    }
    const rate0 = localRate(p64, w0, eta, 0);
    const breaks = Object.fromEntries(
      NETWORK_METHODS.map((m) => {
        const seq = row.map((q) => ({ T: q.T, decided: q.reference.decided, digits: q.digits[m] }));
        const T = firstBreak(seq, threshold);
        const at = row.find((q) => q.T === T);
        // the float64 sweep's adjoint stands for the exact one: it is what the format would have to hold
        return [m, { T, mechanism: at ? breakMechanism(FORMAT_OF[m], { value: at.values[m], finite: at.finite[m], adjointLog10Max: at.adjointLog10Max.float64 }) : null, lastingT: lastingBreak(seq, threshold) }];
      }),
    ) as NetworkEtaSummary['breaks'];
    etas.push({
      multiple,
      eta,
      rate0,
      predicted: {
        rangeT32: rate0 > 1 ? Math.ceil((LOG10_MAX.float32 * Math.LN10) / Math.log(rate0)) : null,
        roundingT32: rate0 > 1 ? Math.ceil((FORMAT_DIGITS.float32 - threshold) / Math.log10(rate0)) : null,
      },
      breaks,
      undecidedTs: row.filter((q) => !q.reference.decided).map((q) => q.T),
      maxPrecision: Math.max(...row.map((q) => q.reference.precision[1])),
    });
  }
  return { spec, batch: x.length, params: paramCount(spec), lambdaMax, multiples: [...multiples], Ts, reference: ref, threshold, points, etas, complete };
}
