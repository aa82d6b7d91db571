import * as fc from 'fast-check';

/**
 * Small-integer building blocks of the harrison2022 generators: every matrix is built from integers
 * (so shrinking gives readable counterexamples and the case is exact in decimal).
 */

/** A rows×cols matrix of integers in [min, max]. */
export const intMat = (rows: number, cols: number, min: number, max: number): fc.Arbitrary<number[][]> =>
  fc.array(fc.array(fc.integer({ min, max }), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });

/** A vector of n integers in [min, max]. */
export const intVec = (n: number, min: number, max: number): fc.Arbitrary<number[]> => fc.array(fc.integer({ min, max }), { minLength: n, maxLength: n });

/** Exact determinant of a small integer matrix (cofactor expansion; exact below 2^53). */
export function detInt(M: readonly (readonly number[])[]): number {
  const n = M.length;
  if (n === 0) return 1;
  if (n === 1) return M[0][0];
  if (n === 2) return M[0][0] * M[1][1] - M[0][1] * M[1][0];
  let s = 0;
  for (let j = 0; j < n; j++) {
    const minor = M.slice(1).map((r) => r.filter((_, k) => k !== j));
    s += (j % 2 === 0 ? 1 : -1) * M[0][j] * detInt(minor);
  }
  return s;
}

export const invertible = (V: readonly (readonly number[])[]): boolean => detInt(V) !== 0;

/** H = (BBᵀ + cI)/4: exactly representable (integers / 4), SPD when c ≥ 1 (PSD when c = 0). */
export function hOf(B: readonly (readonly number[])[], c: number): number[][] {
  const n = B.length;
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (B[i].reduce((s, x, k) => s + x * B[j][k], 0) + (i === j ? c : 0)) / 4),
  );
}

/** Σ = CCᵀ/4: any PSD matrix of the lattice, singular and zero included. */
export function psdOf(C: readonly (readonly number[])[]): number[][] {
  return hOf(C, 0);
}

export interface LatticeSpdConstraints {
  /** Entries of B in [−maxB, maxB]. Default 3. */
  maxB?: number;
  /** c in [1, maxC]. Default 8. */
  maxC?: number;
}

/** The integer parameters of an SPD H = (BBᵀ + cI)/4 of dimension d (B any integer matrix, c ≥ 1). */
export function latticeSpd(d: number, constraints: LatticeSpdConstraints = {}): fc.Arbitrary<{ B: number[][]; c: number }> {
  const { maxB = 3, maxC = 8 } = constraints;
  if (!(Number.isInteger(maxB) && maxB >= 0)) throw new RangeError(`latticeSpd: maxB must be an integer >= 0, got ${maxB}`);
  if (!(Number.isInteger(maxC) && maxC >= 1)) throw new RangeError(`latticeSpd: maxC must be an integer >= 1, got ${maxC}`);
  return fc.record({ B: intMat(d, d, -maxB, maxB), c: fc.integer({ min: 1, max: maxC }) });
}

/** Checks an integer constraint in [lo, hi] and throws naming the field. */
export function checkInt(where: string, field: string, x: number, lo: number, hi: number): void {
  if (!(Number.isInteger(x) && x >= lo && x <= hi)) throw new RangeError(`${where}: ${field} must be an integer in [${lo}, ${hi}], got ${x}`);
}
