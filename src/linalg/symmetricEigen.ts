import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** An eigen-decomposition H = Σ values[i] · vectors[i] vectors[i]ᵀ, in the papers' order. */
export interface SymmetricEigen<T> {
  /** Eigenvalues, descending: values[0] = L = λ₁, values[d−1] = α = λ_d (wang2021 Section 3). */
  values: T[];
  /** vectors[i] is the unit eigenvector of values[i] (a row, not a matrix column). */
  vectors: T[][];
}

/**
 * Symmetric eigen-decomposition in float64 by ml-matrix (Householder tridiagonalisation + implicit
 * QL, JAMA's tred2/tql2). Backward stable: each eigenvalue is within a few d·ε·‖H‖ of an exact one.
 *
 * `assumeSymmetric: true` is passed because ml-matrix's own test compares entries with `!==`: an H
 * one ulp off symmetric would go down the general (Hessenberg) path and come back unsorted. The
 * symmetric path sorts ascending; we sort descending ourselves rather than rely on it. Only a
 * symmetric H is meaningful here: symmetrise first (linalg/validate `symmetrize`).
 *
 * Eigenvector signs are fixed (see `normaliseSign`) so that float64 and decimal decompositions of
 * the same H can be compared vector by vector when the eigenvalues are simple.
 */
export function symmetricEigen64(H: readonly (readonly number[])[]): SymmetricEigen<number> {
  const d = checkSquare(H);
  if (d === 0) return { values: [], vectors: [] };
  // tql2 squares and adds entries: near 1e308 they overflow and it crashes (issue 9:
  // [[1e308, 1e308], [1e308, 1.0000001e308]]). Scale by a power of two, exact, and scale back:
  // an eigenvalue beyond float64's range then comes back as ±Infinity instead of a crash.
  let maxAbs = 0;
  for (const row of H) for (const x of row) maxAbs = Math.max(maxAbs, Math.abs(x));
  if (!Number.isFinite(maxAbs)) throw new RangeError('symmetricEigen64: H has a non-finite entry');
  const k = maxAbs > 2 ** 400 || (maxAbs > 0 && maxAbs < 2 ** -400) ? Math.floor(Math.log2(maxAbs)) : 0;
  const scale = 2 ** -k;
  const evd = new EigenvalueDecomposition(new Matrix(H.map((r) => Array.from(r, (x) => x * scale))), { assumeSymmetric: true });
  const lambda = evd.realEigenvalues.map((x) => x * 2 ** k);
  const V = evd.eigenvectorMatrix;
  const order = lambda.map((_, i) => i).sort((i, j) => lambda[j] - lambda[i] || i - j);
  return {
    values: order.map((i) => lambda[i]),
    vectors: order.map((i) => normaliseSign(V.getColumn(i))),
  };
}

/**
 * Flip v so that its first component of magnitude > 1/(2√d) is positive. A unit vector always has
 * one (its largest exceeds 1/√d), and the 1/(2√d) threshold is far from the usual structured values
 * (0, ±1, ±1/√2, …), so two accurate decompositions pick the same sign, unlike "largest component
 * positive", which flips when two components tie.
 */
export function normaliseSign(v: number[]): number[] {
  let n2 = 0;
  for (const x of v) n2 += x * x;
  const threshold = Math.sqrt(n2 / v.length) / 2;
  const k = v.findIndex((x) => Math.abs(x) > threshold);
  return k >= 0 && v[k] < 0 ? v.map((x) => -x) : v;
}

/** d for a square matrix; a RangeError otherwise (user input goes through validate.ts first). */
export function checkSquare(H: readonly (readonly unknown[])[]): number {
  if (!Array.isArray(H)) throw new RangeError('expected a square matrix (array of rows)');
  const d = H.length;
  H.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== d) {
      throw new RangeError(`expected a square matrix: row ${i} has length ${Array.isArray(row) ? row.length : 'n/a'}, not ${d}`);
    }
  });
  return d;
}
