import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../src/random/index.js';
import { Net, RWorkspace, Workspace, forward, hessianVector, initParams, lossGrad } from '../src/networks/net.js';
import { netKernelModule } from '../src/networks/wasm.js';
import { DEFAULT_SHAPE, drawSegment, freshState, initTheta, mlpUpdater, runSegment } from '../src/networks/mlpopt.js';
import { splitDigits } from '../src/networks/data.js';
import { makeProblem } from '../src/networks/train.js';

/**
 * The plain loops the fast kernels replace (dense, input-major W, zero inputs skipped, sums in
 * ascending input / sample / output order), written out here independently of src/networks/net.ts:
 * the reference the sparse TypeScript kernels and the WebAssembly SIMD kernels must equal bit for bit.
 */
function plainLossGrad(sizes: number[], p: Float64Array, x: Float64Array, y: Int32Array, B: number, grad: Float64Array): { loss: number; logits: Float64Array } {
  const L = sizes.length - 1;
  const wOff: number[] = [];
  const bOff: number[] = [];
  let off = 0;
  for (let l = 0; l < L; l++) {
    wOff.push(off);
    off += sizes[l] * sizes[l + 1];
    bOff.push(off);
    off += sizes[l + 1];
  }
  const a: Float64Array[] = [x.slice(0, B * sizes[0])];
  const z: Float64Array[] = [new Float64Array(0)];
  for (let l = 0; l < L; l++) {
    const nin = sizes[l];
    const nout = sizes[l + 1];
    const zl = new Float64Array(B * nout);
    for (let b = 0; b < B; b++) for (let o = 0; o < nout; o++) zl[b * nout + o] = p[bOff[l] + o];
    for (let b = 0; b < B; b++)
      for (let i = 0; i < nin; i++) {
        const v = a[l][b * nin + i];
        if (v === 0) continue;
        for (let o = 0; o < nout; o++) zl[b * nout + o] += v * p[wOff[l] + i * nout + o];
      }
    z.push(zl);
    a.push(l < L - 1 ? zl.map((t) => (t > 0 ? t : 0)) : zl.slice());
  }
  const C = sizes[L];
  const dz: Float64Array[] = sizes.map((n) => new Float64Array(B * n));
  let loss = 0;
  for (let b = 0; b < B; b++) {
    let m = -Infinity;
    for (let c = 0; c < C; c++) if (z[L][b * C + c] > m) m = z[L][b * C + c];
    let s = 0;
    for (let c = 0; c < C; c++) s += Math.exp(z[L][b * C + c] - m);
    const lse = m + Math.log(s);
    loss += lse - z[L][b * C + y[b]];
    for (let c = 0; c < C; c++) dz[L][b * C + c] = Math.exp(z[L][b * C + c] - lse) / B;
    dz[L][b * C + y[b]] -= 1 / B;
  }
  grad.fill(0);
  for (let l = L - 1; l >= 0; l--) {
    const nin = sizes[l];
    const nout = sizes[l + 1];
    for (let b = 0; b < B; b++) for (let o = 0; o < nout; o++) grad[bOff[l] + o] += dz[l + 1][b * nout + o];
    for (let b = 0; b < B; b++)
      for (let i = 0; i < nin; i++) {
        const v = a[l][b * nin + i];
        if (v === 0) continue;
        for (let o = 0; o < nout; o++) grad[wOff[l] + i * nout + o] += v * dz[l + 1][b * nout + o];
      }
    if (l === 0) break;
    for (let b = 0; b < B; b++)
      for (let i = 0; i < nin; i++) {
        if (!(z[l][b * nin + i] > 0)) continue;
        let s = 0;
        for (let o = 0; o < nout; o++) s += dz[l + 1][b * nout + o] * p[wOff[l] + i * nout + o];
        dz[l][b * nin + i] = s;
      }
  }
  return { loss: loss / B, logits: z[L] };
}

function sameBits(a: Float64Array, b: Float64Array): string | null {
  if (a.length !== b.length) return `lengths ${a.length} and ${b.length}`;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return `entry ${k}: ${a[k]} vs ${b[k]}`;
  return null;
}

const arbCase = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  sizes: fc.tuple(fc.integer({ min: 1, max: 60 }), fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 2, max: 12 })).map(([i, h, c]) => [i, ...h, c]),
  B: fc.integer({ min: 1, max: 40 }),
  density: fc.double({ min: 0, max: 1, noNaN: true }),
});

function draw(c: { seed: number; sizes: number[]; B: number; density: number }) {
  const rng = Rng.fromSeed(c.seed);
  const net = new Net(c.sizes);
  const p = initParams(net, rng);
  for (let k = 0; k < p.length; k++) p[k] += 0.1 * rng.gaussian();
  const x = new Float64Array(c.B * c.sizes[0]);
  for (let k = 0; k < x.length; k++) x[k] = rng.nextFloat() < c.density ? rng.nextFloat() : 0;
  const y = Int32Array.from({ length: c.B }, () => rng.int(0, c.sizes[c.sizes.length - 1] - 1));
  return { net, p, x, y };
}

describe('networks: the fast kernels equal the plain loops bit for bit', () => {
  it('the WebAssembly SIMD kernels are built and load here (else the specs below test only the TypeScript ones)', () => {
    expect(netKernelModule()).not.toBeNull();
    expect(new Workspace(new Net([3, 2]), 1).kernels).not.toBeNull();
  });

  it('loss, logits and gradient of the sparse TypeScript kernels and of the WebAssembly kernels (property)', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const { net, p, x, y } = draw(c);
        const gRef = new Float64Array(net.nParams);
        const ref = plainLossGrad(c.sizes, p, x, y, c.B, gRef);
        for (const wasm of [false, true]) {
          const ws = new Workspace(net, c.B, { wasm });
          ws.gather(x, y, null, 0, c.B);
          const g = new Float64Array(net.nParams).fill(NaN); // every entry must be written
          const loss = lossGrad(net, ws, p, c.B, g);
          const C = net.classes;
          const what = `${wasm ? 'wasm' : 'ts'} sizes ${c.sizes.join('-')} B=${c.B} seed ${c.seed}`;
          if (!Object.is(loss, ref.loss)) throw new Error(`${what}: loss ${loss} vs ${ref.loss}`);
          const d1 = sameBits(ws.z[net.layers].slice(0, c.B * C), ref.logits);
          if (d1) throw new Error(`${what}: logits ${d1}`);
          const d2 = sameBits(g, gRef);
          if (d2) throw new Error(`${what}: gradient ${d2}`);
          // the gradient written in place (the training loop's path) equals it too
          ws.params.set(p);
          lossGrad(net, ws, ws.params, c.B, ws.grad);
          const d3 = sameBits(ws.grad, gRef);
          if (d3) throw new Error(`${what}: in-place gradient ${d3}`);
        }
      }),
      { numRuns: 60, seed: 12 },
    );
  });

  it('on the paper network (784-100-20-10) with real-digit sparsity and a batch of 32; and Hessian-vector products (R-operator) agree', () => {
    const c = { seed: 7, sizes: [784, 100, 20, 10], B: 32, density: 0.19 };
    const { net, p, x, y } = draw(c);
    const gRef = new Float64Array(net.nParams);
    const ref = plainLossGrad(c.sizes, p, x, y, c.B, gRef);
    const ws = new Workspace(net, 32);
    ws.gather(x, y, null, 0, 32);
    const g = new Float64Array(net.nParams);
    expect(lossGrad(net, ws, p, 32, g)).toBe(ref.loss);
    expect(sameBits(g, gRef)).toBeNull();
    const v = initParams(net, Rng.fromSeed(8));
    const out = [true, false].map((wasm) => {
      const w = new Workspace(net, 32, { wasm });
      w.gather(x, y, null, 0, 32);
      const hv = new Float64Array(net.nParams);
      hessianVector(net, new RWorkspace(w), p, v, 32, new Float64Array(net.nParams), hv);
      return hv;
    });
    expect(sameBits(out[0], out[1])).toBeNull();
    expect(out[0].some((t) => t !== 0)).toBe(true);
  });

  it('control: the comparison catches a one-ulp change and a kernel that drops a zero-skip row', () => {
    const c = { seed: 3, sizes: [30, 8, 5], B: 6, density: 0.4 };
    const { net, p, x, y } = draw(c);
    const gRef = new Float64Array(net.nParams);
    plainLossGrad(c.sizes, p, x, y, c.B, gRef);
    const ws = new Workspace(net, c.B);
    ws.gather(x, y, null, 0, c.B);
    const g = new Float64Array(net.nParams);
    lossGrad(net, ws, p, c.B, g);
    expect(sameBits(g, gRef)).toBeNull();
    const k = g.findIndex((t) => t !== 0);
    const bumped = g.slice();
    bumped[k] = bumped[k] + Math.abs(bumped[k]) * Number.EPSILON;
    expect(sameBits(bumped, gRef)).not.toBeNull();
    // a different sum order (here: reversed samples) changes some bits: the check is not vacuous
    const xr = new Float64Array(x.length);
    for (let b = 0; b < c.B; b++) xr.set(x.subarray(b * 30, (b + 1) * 30), (c.B - 1 - b) * 30);
    const yr = Int32Array.from(y).reverse();
    ws.gather(xr, yr, null, 0, c.B);
    const g2 = new Float64Array(net.nParams);
    lossGrad(net, ws, p, c.B, g2);
    expect(sameBits(g2, gRef)).not.toBeNull();
  });

  it('forward on a parameter vector outside the workspace memory equals forward in place', () => {
    const c = { seed: 4, sizes: [50, 12, 10], B: 9, density: 0.3 };
    const { net, p, x, y } = draw(c);
    const ws = new Workspace(net, c.B);
    ws.gather(x, y, null, 0, c.B);
    forward(net, ws, p, c.B);
    const out = ws.z[net.layers].slice();
    ws.params.set(p);
    forward(net, ws, ws.params, c.B);
    expect(sameBits(ws.z[net.layers].slice(), out)).toBeNull();
  });
});

describe('networks: the MLP optimizer on the WebAssembly kernels equals the TypeScript one bit for bit', () => {
  it('20 steps of the learned optimizer (random θ, parameters, gradients with exact zeros) give the same iterates', () => {
    for (const [seed, hidden] of [[1, 16], [2, 16], [3, 5]] as const) {
      const sh = { ...DEFAULT_SHAPE, hidden, magScale: 0.5 }; // a larger magnitude channel exercises exp
      const rng = Rng.fromSeed(seed);
      const th = initTheta(sh, rng.split('theta'));
      const n = 257;
      const p0 = Float64Array.from({ length: n }, () => (rng.nextFloat() < 0.2 ? 0 : rng.gaussian()));
      const gs = Array.from({ length: 20 }, () => Float64Array.from({ length: n }, () => (rng.nextFloat() < 0.3 ? 0 : rng.gaussian())));
      const runs = [true, false].map((wasm) => {
        const p = p0.slice();
        const up = mlpUpdater(sh, th, n, { wasm });
        gs.forEach((g, t) => up.step(p, g, t));
        return p;
      });
      expect(sameBits(runs[0], runs[1])).toBeNull();
      expect(sameBits(runs[0], p0)).not.toBeNull(); // it moved
    }
  });
});

describe('networks: the MLP optimizer\'s segment meta-gradient on the WebAssembly kernels equals the TypeScript one bit for bit', () => {
  it('hidden width 16 (the one we use), both meta-objectives, two segments in a row', () => {
    const split = splitDigits(5, { train: 64, validation: 64, test: 10, labelNoise: 0.2, pooled: true });
    const pr = makeProblem(split, [196, 6, 10], Rng.fromSeed(9), 8);
    const sh = { ...DEFAULT_SHAPE, hidden: 16, magScale: 0.3, dirScale: 0.01 };
    const th = initTheta(sh, Rng.fromSeed(2));
    for (let k = 0; k < th.length; k++) th[k] += 0.05 * Math.sin(17 * k + 1);
    for (const objective of ['train', 'validation'] as const) {
      const out = [true, false].map((wasm) => {
        const st = freshState(pr);
        const grads: Float64Array[] = [];
        for (let seg = 0; seg < 2; seg++) {
          const bt = drawSegment(pr, st, 4, objective, Rng.fromSeed(10 + seg), Rng.fromSeed(20 + seg));
          const r = runSegment(pr, sh, th, st, bt, objective, true, { wasm });
          grads.push(r.grad!);
        }
        return grads;
      });
      for (let seg = 0; seg < 2; seg++) {
        expect(sameBits(out[0][seg], out[1][seg])).toBeNull();
        expect(out[0][seg].some((t) => t !== 0)).toBe(true);
      }
    }
  });
});
