import { describe, expect, it } from 'vitest';
import { metaProblems, stepSizeGrid, type MnistResult } from '../src/networks/experiment.js';
import { runMnist } from '../src/networks/run.js';
import { SMOKE } from './fixtures/networks-smoke.js';
import { SCALES } from '../src/networks/settings.js';
import { metaTrainStepSize } from '../src/networks/stepsize.js';


/** A result without its wall-clock fields (the only thing allowed to differ between runs). */
function strip(r: MnistResult): unknown {
  return JSON.parse(JSON.stringify(r, (k, v) => (k === 'seconds' ? undefined : v instanceof Float64Array ? Array.from(v) : v)));
}

describe('networks: the worker pool', () => {
  it('gives identical results with 1 and 2 workers (ci scale, step-size optimizer; the MLP optimizer on a small network)', async () => {
    const one = await runMnist('noisy-1000', 'step-size', [1], SCALES.ci, { workers: 1 });
    const two = await runMnist('noisy-1000', 'step-size', [1], SCALES.ci, { workers: 2 });
    expect(strip(two)).toEqual(strip(one));
    // the runs did something: η grid and refinement evaluated, accuracies in range
    expect(one.runs[0].meta.etas.length).toBeGreaterThanOrEqual(SCALES.ci.grid[2]);
    expect(one.runs[0].tbt.testAcc).toBeGreaterThan(0.5);
    const m1 = await runMnist('noisy-1000', 'mlp', [1], SMOKE, { workers: 1 });
    const m2 = await runMnist('noisy-1000', 'mlp', [1], SMOKE, { workers: 2 });
    expect(strip(m2)).toEqual(strip(m1));
    expect(m1.runs[0].mlp!.tbt.curve.length).toBeGreaterThan(0);
  }, 120_000);

  it('the pooled step-size meta-training equals the in-process one the claims use (same grid, refinement, step sizes)', async () => {
    const r = await runMnist('clean-1000', 'step-size', [3], SMOKE, { workers: 2 });
    const m = metaTrainStepSize(metaProblems(3, 'clean-1000', SMOKE), SMOKE.steps, stepSizeGrid(SMOKE));
    const { seconds: _a, ...pooled } = r.runs[0].meta;
    const { seconds: _b, ...direct } = m;
    expect(pooled).toEqual(direct);
  }, 60_000);

  it('a different seed gives a different run (control: the comparison above can fail)', async () => {
    const a = await runMnist('noisy-1000', 'step-size', [1], SMOKE, { workers: 2 });
    const b = await runMnist('noisy-1000', 'step-size', [2], SMOKE, { workers: 2 });
    expect(strip(b)).not.toEqual(strip(a));
  }, 60_000);
});

describe('the digits are read once per pool and shared with its threads', () => {
  it('loadDigits holds them in shared memory, and adoptDigits refuses anything but the 28×28 set', async () => {
    const { adoptDigits, loadDigits } = await import('../src/networks/data.js');
    const d = loadDigits();
    expect(d.x.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(d.y.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect([d.n, d.dim]).toEqual([10000, 784]);
    expect(() => adoptDigits({ ...d, dim: 196 })).toThrow(/28×28/);
    expect(() => adoptDigits({ ...d, n: d.n - 1 })).toThrow(/28×28/);
    // adopting the same digits again changes nothing (this thread already has them)
    adoptDigits(d);
    expect(loadDigits()).toBe(d);
  });
});
