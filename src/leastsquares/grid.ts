/** Log-spaced step sizes: the paper's experiments use 25 points on [1e−6, 1] (appendix F). */
export function logGrid(lo: number, hi: number, count: number): number[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`grid count must be a positive integer, got ${count}`);
  if (!(lo > 0) || !(hi >= lo) || !Number.isFinite(hi)) throw new RangeError(`grid needs 0 < lo ≤ hi < ∞, got ${lo}:${hi}`);
  if (count === 1) return [lo];
  // Powers of ten in log10 so that decades come out exact (1e-6:1:25 contains 1e-3, not 1.0000000000000002e-3).
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const e = a + ((b - a) * i) / (count - 1);
    // V8's 10 ** -5 is 9.999999999999999e-6; the decimal literal is the nearest double.
    out.push(i === 0 ? lo : i === count - 1 ? hi : Number.isInteger(e) ? Number(`1e${e}`) : 10 ** e);
  }
  return out;
}

/** A non-finite meta-loss (an untruncated run that overflowed) counts as +∞, never as a minimum. */
export function finiteOrInf(x: number): number {
  return Number.isNaN(x) ? Infinity : x;
}

/** Index of the smallest value; ties go to the smallest index (the smaller η). −1 if none is finite. */
export function argmin(values: ArrayLike<number>): number {
  let best = -1;
  let bv = Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = finiteOrInf(values[i]);
    if (v < bv) {
      bv = v;
      best = i;
    }
  }
  return best;
}

/**
 * Golden-section search on log η between the grid neighbours of the grid minimiser (the
 * "bracketing refinement"): the meta-objectives are not unimodal in general (truncation makes them
 * jump), so this only polishes the grid's answer inside its bracket and never leaves it; the
 * result is never worse than the grid point.
 */
export function refineMinimiser(
  f: (eta: number) => number,
  grid: readonly number[],
  values: ArrayLike<number>,
  options: { relTol?: number; maxEvals?: number } = {},
): { eta: number; value: number; evals: number } {
  const { relTol = 1e-6, maxEvals = 80 } = options;
  const i = argmin(values);
  if (i < 0) return { eta: NaN, value: Infinity, evals: 0 };
  let best = { eta: grid[i], value: finiteOrInf(values[i]) };
  if (grid.length < 2) return { ...best, evals: 0 };
  let a = Math.log(grid[Math.max(0, i - 1)]);
  let b = Math.log(grid[Math.min(grid.length - 1, i + 1)]);
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = b - g * (b - a);
  let x2 = a + g * (b - a);
  let f1 = finiteOrInf(f(Math.exp(x1)));
  let f2 = finiteOrInf(f(Math.exp(x2)));
  let evals = 2;
  const consider = (x: number, v: number) => {
    if (v < best.value) best = { eta: Math.exp(x), value: v };
  };
  consider(x1, f1);
  consider(x2, f2);
  while (b - a > relTol && evals < maxEvals) {
    if (f1 <= f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - g * (b - a);
      f1 = finiteOrInf(f(Math.exp(x1)));
      consider(x1, f1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + g * (b - a);
      f2 = finiteOrInf(f(Math.exp(x2)));
      consider(x2, f2);
    }
    evals++;
  }
  return { ...best, evals };
}
