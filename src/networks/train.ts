import { Rng } from '../random/index.js';
import { splitDigits, type Split, type SplitSizes } from './data.js';
import { Net, Workspace, evaluate, initParams, lossGrad, forward } from './net.js';

/**
 * One inner problem (wang2021 Section 5.2): a data split, an initialisation and a mini-batch order,
 * all named by seeded streams, so the same problem can be trained with different optimizers (the
 * runs pair: common random numbers).
 */
export interface Problem {
  split: Split;
  net: Net;
  init: Float64Array;
  /** mini-batch order of the training set (epoch-wise reshuffling) */
  batches: Rng;
  /** validation mini-batches of the TbV meta-objective */
  valBatches: Rng;
  batch: number;
}

const splitCache = new Map<string, Split>();
/**
 * Splits kept per thread: a paper-scale split holds all 10,000 digits at 784 doubles (63 MB), and a
 * split takes about 60 ms to redraw, so only the most recently used one is kept (a second one cost
 * about 100 MiB of peak memory in the paper-scale MNIST section and saved no measurable time): the
 * paper-scale report stays under 1 GiB with its sections and their workers (issue 10).
 */
const SPLITS_KEPT = 1;

/** The split of `seed` (cached: the same seed and sizes always give the same digits). */
export function cachedSplit(seed: number, sizes: SplitSizes): Split {
  const key = JSON.stringify([seed, sizes]);
  let s = splitCache.get(key);
  if (s) splitCache.delete(key); // re-inserted below: the map's order is the order of use
  else {
    s = splitDigits(seed, sizes);
    while (splitCache.size >= SPLITS_KEPT) splitCache.delete(splitCache.keys().next().value!);
  }
  splitCache.set(key, s);
  return s;
}

const sharedWorkspaces = new Map<string, Workspace>();

/**
 * A workspace of `rows` rows per network shape and thread, reused (each holds its own WebAssembly
 * memory: about 2 MB for a batch of 32 and 12 MB for 250 rows on the paper network, which the
 * garbage collector would otherwise reclaim late). Not re-entrant: its users (a training trajectory,
 * the evaluation of a set) never call back into a user of the same shape and rows.
 */
export function sharedWorkspace(net: Net, rows: number): Workspace {
  const key = `${net.sizes.join('-')}/${rows}`;
  let ws = sharedWorkspaces.get(key);
  if (!ws) {
    if (sharedWorkspaces.size >= 8) sharedWorkspaces.clear();
    ws = new Workspace(net, rows);
    sharedWorkspaces.set(key, ws);
  }
  return ws;
}

/** The 250-row workspace for evaluating a whole set. */
export function evalWorkspace(net: Net): Workspace {
  return sharedWorkspace(net, 250);
}

export function makeProblem(split: Split, sizes: readonly number[], stream: Rng, batch = 32): Problem {
  const net = new Net(sizes);
  if (net.inputs !== split.train.dim) throw new RangeError(`network input ${net.inputs} does not match the data's ${split.train.dim} pixels`);
  return { split, net, init: initParams(net, stream.split('init')), batches: stream.split('batches'), valBatches: stream.split('validation-batches'), batch };
}

/** An inner optimizer: updates p in place from the gradient g at step t (0-based). */
export interface Updater {
  step(p: Float64Array, g: Float64Array, t: number): void;
}

export function sgd(eta: number): Updater {
  return {
    step(p, g) {
      for (let k = 0; k < p.length; k++) p[k] -= eta * g[k];
    },
  };
}

export interface Trajectory {
  params: Float64Array;
  /** (1/T) Σ_{t=1..T} ℓ(w_t; training batch B_t): TbT's meta-objective on this problem */
  meanTrainLoss: number;
  /** (1/T) Σ_{t=1..T} ℓ(w_t; validation batch V_t): TbV's meta-objective on this problem */
  meanValLoss: number;
  /** the run blew up (non-finite or > 1e3 loss): the meta-objectives are +∞ */
  diverged: boolean;
  steps: number;
}

/** Losses above this (ln 10 ≈ 2.3 is chance) mean the run diverged; stop and report +∞. */
const DIVERGED = 1e3;

/**
 * T steps of `opt` from the problem's initialisation, mini-batches of 32 drawn by epoch-wise
 * reshuffling. The meta-objectives are the mean mini-batch losses over the trajectory (appendix F:
 * "the average of all the inner-objectives ... within that segment"): the loss of training batch
 * B_t at w_t is the one computed for step t+1's gradient, so TbT's costs no extra pass; TbV
 * evaluates a validation batch of 32 at every w_t (forward only) when `validation` is asked.
 */
export function trajectory(pr: Problem, opt: Updater, T: number, validation: boolean): Trajectory {
  const { net, split } = pr;
  const B = pr.batch;
  const ws = sharedWorkspace(net, B);
  // the iterate and its gradient live in the workspace (in the WebAssembly kernels' memory, if any)
  const p = ws.params;
  p.set(pr.init);
  const g = ws.grad;
  const batches = pr.batches.clone();
  const valRng = pr.valBatches.clone();
  const n = split.train.n;
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let pos = n;
  const vIdx = new Int32Array(B);
  let trainSum = 0;
  let valSum = 0;
  const nv = split.validation.n;
  for (let t = 0; t <= T; t++) {
    if (pos + B > n) {
      for (let i = n - 1; i > 0; i--) {
        const j = batches.int(0, i);
        const tmp = perm[i];
        perm[i] = perm[j];
        perm[j] = tmp;
      }
      pos = 0;
    }
    ws.gather(split.train.x, split.train.y, perm, pos, Math.min(B, n));
    const bs = Math.min(B, n);
    pos += bs;
    const loss = lossGrad(net, ws, p, bs, t < T ? g : null);
    if (!Number.isFinite(loss) || loss > DIVERGED) return { params: Float64Array.from(p), meanTrainLoss: Infinity, meanValLoss: Infinity, diverged: true, steps: t };
    if (t >= 1) {
      trainSum += loss;
      if (validation && nv > 0) {
        for (let b = 0; b < B; b++) vIdx[b] = valRng.int(0, nv - 1);
        ws.gather(split.validation.x, split.validation.y, vIdx, 0, B);
        forward(net, ws, p, B);
        valSum += batchLoss(ws, net, B);
      }
    }
    if (t < T) opt.step(p, g, t);
  }
  return { params: Float64Array.from(p), meanTrainLoss: trainSum / T, meanValLoss: validation && nv > 0 ? valSum / T : NaN, diverged: false, steps: T };
}

function batchLoss(ws: Workspace, net: Net, B: number): number {
  const C = net.classes;
  const z = ws.z[net.layers];
  let loss = 0;
  for (let b = 0; b < B; b++) {
    let m = -Infinity;
    for (let c = 0; c < C; c++) if (z[b * C + c] > m) m = z[b * C + c];
    let s = 0;
    for (let c = 0; c < C; c++) s += Math.exp(z[b * C + c] - m);
    loss += m + Math.log(s) - z[b * C + ws.y[b]];
  }
  return loss / B;
}

export interface Outcome {
  /** accuracy on the training set with its (possibly noisy) labels: what memorisation shows in */
  trainAcc: number;
  /** accuracy on the training digits' true labels */
  trainAccClean: number;
  testAcc: number;
  trainLoss: number;
  validationLoss: number;
  testLoss: number;
}

export function outcome(pr: Problem, p: Float64Array): Outcome {
  const ws = evalWorkspace(pr.net);
  const { train, validation, test } = pr.split;
  const tr = evaluate(pr.net, ws, p, train);
  const val = validation.n > 0 ? evaluate(pr.net, ws, p, validation) : { loss: NaN, acc: NaN };
  const te = evaluate(pr.net, ws, p, test);
  return {
    trainAcc: tr.acc,
    trainAccClean: evaluate(pr.net, ws, p, train, train.yClean).acc,
    testAcc: te.acc,
    trainLoss: tr.loss,
    validationLoss: val.loss,
    testLoss: te.loss,
  };
}
