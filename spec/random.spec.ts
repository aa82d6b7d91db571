import { describe, expect, it } from 'vitest';
import { createRng, derive, Rng } from '../src/random/index.js';

describe('random: Rng', () => {
  it('same seed gives the same values', () => {
    const a = createRng(42);
    const b = Rng.fromSeed(42);
    const xs = [a.nextFloat(), a.gaussian(), a.int(-5, 5), ...a.unitSphere(4), ...a.haarOrthogonal(3).flat()];
    const ys = [b.nextFloat(), b.gaussian(), b.int(-5, 5), ...b.unitSphere(4), ...b.haarOrthogonal(3).flat()];
    expect(ys).toEqual(xs);
  });

  it('different seeds, including seeds that agree in their low 32 bits, give different streams', () => {
    const first = (seed: number) => Array.from({ length: 4 }, ((r) => () => r.nextUint32())(createRng(seed)));
    expect(first(0)).not.toEqual(first(1));
    expect(first(0)).not.toEqual(first(2 ** 32));
    expect(first(-1)).not.toEqual(first(2 ** 32 - 1));
  });

  it('derive(seed, i) streams differ from each other and from the seed, and do not depend on draw order', () => {
    const firsts = Array.from({ length: 50 }, (_, i) => derive(7, i).nextFloat());
    expect(new Set(firsts).size).toBe(50);
    expect(firsts).not.toContain(createRng(7).nextFloat());
    // task 3's stream is the same whether or not the parent or other tasks were drawn from first
    const parent = createRng(7);
    for (let k = 0; k < 100; k++) parent.nextFloat();
    derive(7, 2).gaussianVector(10);
    expect(parent.split(3).nextFloat()).toBe(firsts[3]);
    expect(createRng(7).split('matrix').nextFloat()).not.toBe(createRng(7).split('vector').nextFloat());
  });

  it('clone continues identically, including the cached second Gaussian', () => {
    const a = createRng(3);
    a.gaussian();
    const b = a.clone();
    expect([b.gaussian(), b.gaussian()]).toEqual([a.gaussian(), a.gaussian()]);
  });

  it('nextFloat is in [0, 1) on a 2^-53 grid; int stays in its inclusive range', () => {
    const r = createRng(11);
    for (let k = 0; k < 10_000; k++) {
      const u = r.nextFloat();
      expect(u >= 0 && u < 1 && Number.isInteger(u * 2 ** 53)).toBe(true);
      const n = r.int(-3, 3);
      expect(n >= -3 && n <= 3 && Number.isInteger(n)).toBe(true);
    }
    expect(() => r.int(2, 1)).toThrow(/lo <= hi/);
  });

  it('Gaussian: mean and variance of 1e5 draws (seed 2024) within 4 standard errors', () => {
    // standard errors: mean 1/√n ≈ 0.0032, variance √(2/n) ≈ 0.0045
    const r = createRng(2024);
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    for (let k = 0; k < n; k++) {
      const z = r.gaussian();
      s += z;
      s2 += z * z;
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
  });

  it('unitSphere has norm 1 to rounding', () => {
    const r = createRng(5);
    for (const d of [1, 2, 3, 10, 100]) {
      const x = r.unitSphere(d);
      expect(x).toHaveLength(d);
      expect(Math.abs(Math.hypot(...x) - 1)).toBeLessThan(1e-15);
    }
  });

  it('haarOrthogonal: QᵀQ = I to ~1e-15 and the first column is not biased in sign', () => {
    const r = createRng(9);
    for (const d of [1, 2, 5, 30]) {
      const Q = r.haarOrthogonal(d);
      let worst = 0;
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          let s = 0;
          for (let k = 0; k < d; k++) s += Q[k][i] * Q[k][j];
          worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
        }
      }
      expect(worst).toBeLessThan(1e-14);
    }
    // Haar: Q[0][0] is symmetric about 0 (a QR without sign correction would not guarantee this)
    let positive = 0;
    for (let k = 0; k < 2000; k++) if (r.haarOrthogonal(3)[0][0] > 0) positive++;
    expect(Math.abs(positive - 1000)).toBeLessThan(4 * Math.sqrt(500));
  });

  it('rejects bad dimensions and seeds', () => {
    expect(() => createRng(0.5)).toThrow(/seed must be a safe integer/);
    expect(() => createRng(1).unitSphere(0)).toThrow(/dimension/);
    expect(() => createRng(1).haarOrthogonal(1.5)).toThrow(/dimension/);
  });
});
