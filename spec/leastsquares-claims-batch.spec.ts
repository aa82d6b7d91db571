import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { drawSplitTask, gdRun, labelsAt, rowsOf, sgdPrepare, sgdRun, spectral, type GdOutcome, type SplitTask } from '../src/leastsquares/claims-batch.js';
import { simulateGd, simulateSgd, sgdIndices } from '../src/leastsquares/simulate.js';
import { ClaimRole, gdBatch, sgdBatch } from '../src/leastsquares/claims-experiment.js';
import { dist2, empiricalLoss, type LsqTask } from '../src/leastsquares/task.js';

/**
 * The Section 4 claims' fast paths (eigen closed form for GD, row-span SGD) against plain
 * simulation (simulateGd, simulateSgd on explicit X, y): 1e-9 relative. The absolute floor
 * 1e-12·(scale of the loss at w = 0) only matters where a loss has converged to ~0, where both
 * paths carry rounding of that size.
 */
function asTask(t: SplitTask, sigma: number): LsqTask {
  return { d: t.d, n: t.n, sigma, wStar: t.wStar, X: t.X, y: labelsAt(t, sigma) };
}

function close(a: number, b: number, scale: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-12 * scale;
}

function compare(fast: GdOutcome, w: Float64Array, truncatedAt: number | null, train: LsqTask, valid: LsqTask | undefined): string[] {
  const scale = empiricalLoss(train, new Float64Array(train.d)) + 1;
  const want = { train: empiricalLoss(train, w), dist2: dist2(w, train.wStar), valid: valid ? empiricalLoss(valid, w) : NaN };
  const bad: string[] = [];
  if (!close(fast.train, want.train, scale)) bad.push(`train ${fast.train} vs ${want.train}`);
  if (!close(fast.dist2, want.dist2, 1 + want.dist2)) bad.push(`dist2 ${fast.dist2} vs ${want.dist2}`);
  if (valid && !close(fast.valid, want.valid, scale)) bad.push(`valid ${fast.valid} vs ${want.valid}`);
  if ((fast.truncatedAt || null) !== truncatedAt) bad.push(`truncated at ${fast.truncatedAt} vs ${truncatedAt}`);
  return bad;
}

const caseArb = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  d: fc.integer({ min: 2, max: 30 }),
  n: fc.integer({ min: 1, max: 50 }),
  n2: fc.integer({ min: 1, max: 20 }),
  sigma: fc.double({ min: 0.1, max: 8, noNaN: true }),
  /** η as a multiple of 1/λ_max-ish scale: from tiny to divergent. */
  logEta: fc.double({ min: -4, max: 0.3, noNaN: true }),
  t: fc.integer({ min: 1, max: 60 }),
  radiusFactor: fc.constantFrom(40, 3, 1, Infinity),
});

describe('claims-batch: eigen closed form of GD equals plain simulation', () => {
  it('training, validation and test quantities, with and without truncation (1e-9 relative)', () => {
    let truncated = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const all = drawSplitTask(c.d, c.n + c.n2, c.seed, 1, 0);
        const tr = rowsOf(all, 0, c.n);
        const va = rowsOf(all, c.n, c.n + c.n2);
        const s = spectral(tr, va);
        // η relative to the sample's scale (d/n·(1+√(n/d))² bounds λ_max roughly)
        const eta = 10 ** c.logEta / Math.max(1, c.d / c.n) / 2;
        const R = c.radiusFactor * c.sigma;
        const fast = gdRun(s, c.sigma, eta, c.t, R);
        const task = asTask(tr, c.sigma);
        const plain = simulateGd(task, eta, c.t, R);
        if (plain.truncatedAt !== null) truncated++;
        const bad = compare(fast, plain.w, plain.truncatedAt, task, asTask(va, c.sigma));
        if (bad.length) throw new Error(`${JSON.stringify(c)}: ${bad.join('; ')}`);
      }),
      { numRuns: 300, seed: 4 },
    );
    // the walked (truncating) path must be exercised, not only the closed form
    expect(truncated).toBeGreaterThan(20);
  });

  it('closed form for very long unrolls agrees with the walked path (t up to 2000)', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 100, max: 2000 }), (c, t) => {
        const tr = drawSplitTask(c.d, c.n, c.seed, 1, 1);
        const s = spectral(tr);
        const eta = 10 ** Math.min(c.logEta, -0.4) / Math.max(1, c.d / c.n) / 2;
        const fast = gdRun(s, c.sigma, eta, t, Infinity);
        const task = asTask(tr, c.sigma);
        const plain = simulateGd(task, eta, t, Infinity);
        const bad = compare(fast, plain.w, plain.truncatedAt, task, undefined);
        if (bad.length) throw new Error(`${JSON.stringify({ ...c, t })}: ${bad.join('; ')}`);
      }),
      { numRuns: 60, seed: 5 },
    );
  });

  it('a deliberately wrong closed form (one step short) is caught by the comparison', () => {
    const tr = drawSplitTask(10, 6, 7, 1, 0);
    const s = spectral(tr);
    const task = asTask(tr, 2);
    const plain = simulateGd(task, 0.05, 20, Infinity);
    expect(compare(gdRun(s, 2, 0.05, 19, Infinity), plain.w, null, task, undefined).length).toBeGreaterThan(0);
    expect(compare(gdRun(s, 2, 0.05, 20, Infinity), plain.w, null, task, undefined)).toEqual([]);
  });
});

describe('claims-batch: row-span SGD equals plain SGD', () => {
  it('same index sequence, with and without truncation (1e-9 relative)', () => {
    let truncated = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const all = drawSplitTask(c.d, c.n + c.n2, c.seed, 1, 0);
        const tr = rowsOf(all, 0, c.n);
        const va = rowsOf(all, c.n, c.n + c.n2);
        const p = sgdPrepare(tr, va);
        const eta = 10 ** c.logEta / c.d / 2;
        const t = c.t * 20;
        const idx = sgdIndices(c.seed, 3, 0, c.n, t);
        const R = c.radiusFactor * c.sigma;
        const fast = sgdRun(p, c.sigma, eta, idx, R);
        const task = asTask(tr, c.sigma);
        const plain = simulateSgd(task, eta, t, R, idx);
        if (!plain.w.every(Number.isFinite)) return; // overflowed: both infinite, nothing to compare
        if (plain.truncatedAt !== null) truncated++;
        const bad = compare(fast, plain.w, plain.truncatedAt, task, asTask(va, c.sigma));
        if (bad.length) throw new Error(`${JSON.stringify(c)}: ${bad.join('; ')}`);
      }),
      { numRuns: 300, seed: 6 },
    );
    expect(truncated).toBeGreaterThan(20);
  });
});

describe('claims-experiment: the batched meta-objectives equal their definition (Eqns 3, 4) by plain simulation', () => {
  const grid = [0.01, 0.05, 0.2, 0.6, 1.5];
  it('gdBatch: F̂_TbT, F̂_TbV, the grid minimisers and the test errors', () => {
    const o = { d: 6, n: 3, n1: 2, n2: 3, m: 4, K: 3, seed: 9, grid, sigmas: [1, 3], ts: [5, 12], tbt: true, tbv: true };
    const r = gdBatch(o);
    const rows = Math.max(o.n, o.n1 + o.n2);
    o.sigmas.forEach((sigma, s) =>
      o.ts.forEach((t, ti) => {
        const want = { tbt: grid.map(() => 0), tbv: grid.map(() => 0) };
        for (let k = 0; k < o.m; k++) {
          const all = drawSplitTask(o.d, rows, o.seed, ClaimRole.Train, k);
          const tr = asTask(rowsOf(all, 0, o.n), sigma);
          const tr1 = asTask(rowsOf(all, 0, o.n1), sigma);
          const va = asTask(rowsOf(all, o.n1, o.n1 + o.n2), sigma);
          grid.forEach((eta, g) => {
            want.tbt[g] += empiricalLoss(tr, simulateGd(tr, eta, t, 40 * sigma).w) / o.m;
            want.tbv[g] += empiricalLoss(va, simulateGd(tr1, eta, t, 40 * sigma).w) / o.m;
          });
        }
        grid.forEach((_, g) => {
          expect(close(r.tbt!.F[s][ti][g], want.tbt[g], 1)).toBe(true);
          expect(close(r.tbv!.F[s][ti][g], want.tbv[g], 1)).toBe(true);
        });
        const best = (v: number[]) => grid[v.indexOf(Math.min(...v))];
        expect(r.tbt!.eta[s][ti]).toBe(best(want.tbt));
        expect(r.tbv!.eta[s][ti]).toBe(best(want.tbv));
        for (let k = 0; k < o.K; k++) {
          const all = drawSplitTask(o.d, rows, o.seed, ClaimRole.Test, k);
          const tr = asTask(rowsOf(all, 0, o.n), sigma);
          const tr1 = asTask(rowsOf(all, 0, o.n1), sigma);
          expect(close(r.tbt!.test[s][ti]![k], dist2(simulateGd(tr, r.tbt!.eta[s][ti], t, 40 * sigma).w, all.wStar), 1)).toBe(true);
          expect(close(r.tbv!.test[s][ti]![k], dist2(simulateGd(tr1, r.tbv!.eta[s][ti], t, 40 * sigma).w, all.wStar), 1)).toBe(true);
        }
      }),
    );
  });

  it('sgdBatch: F̂_TbT, F̂_TbV and the test errors with the same index streams', () => {
    const o = { d: 6, n: 4, n1: 3, n2: 2, m: 3, K: 2, seed: 11, grid: [0.001, 0.01, 0.05], sigma: 2, t: 200, truncate: true, tbt: true, tbv: true };
    const r = sgdBatch(o);
    const rows = Math.max(o.n, o.n1 + o.n2);
    const want = { tbt: o.grid.map(() => 0), tbv: o.grid.map(() => 0) };
    for (let k = 0; k < o.m; k++) {
      const all = drawSplitTask(o.d, rows, o.seed, ClaimRole.Train, k);
      const tr = asTask(rowsOf(all, 0, o.n), o.sigma);
      const tr1 = asTask(rowsOf(all, 0, o.n1), o.sigma);
      const va = asTask(rowsOf(all, o.n1, o.n1 + o.n2), o.sigma);
      const i0 = sgdIndices(o.seed, ClaimRole.SgdTrain, k, o.n, o.t);
      const i1 = sgdIndices(o.seed, ClaimRole.SgdTrain + 16, k, o.n1, o.t);
      o.grid.forEach((eta, g) => {
        want.tbt[g] += empiricalLoss(tr, simulateSgd(tr, eta, o.t, 40 * o.sigma, i0).w) / o.m;
        want.tbv[g] += empiricalLoss(va, simulateSgd(tr1, eta, o.t, 40 * o.sigma, i1).w) / o.m;
      });
    }
    o.grid.forEach((_, g) => {
      expect(close(r.tbt!.F[g], want.tbt[g], 1)).toBe(true);
      expect(close(r.tbv!.F[g], want.tbv[g], 1)).toBe(true);
    });
    for (let k = 0; k < o.K; k++) {
      const all = drawSplitTask(o.d, rows, o.seed, ClaimRole.Test, k);
      const tr = asTask(rowsOf(all, 0, o.n), o.sigma);
      const i0 = sgdIndices(o.seed, ClaimRole.SgdTest, k, o.n, o.t);
      expect(close(r.tbt!.test[k], dist2(simulateSgd(tr, r.tbt!.eta, o.t, 40 * o.sigma, i0).w, all.wStar), 1)).toBe(true);
    }
  });
});
