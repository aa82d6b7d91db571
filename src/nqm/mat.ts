import type { Arith } from '../arith/types.js';

/**
 * Small dense linear algebra over any `Arith<T>` (d ≤ ~10 here, so plain triple loops). Kept local to
 * src/nqm because src/linalg is being written concurrently; every routine has a fixed operation
 * order so float64 and decimal runs compute the same formula.
 */
export type Mat<T> = T[][];
export type Vec<T> = T[];

export function zeros<T>(A: Arith<T>, n: number, m = n): Mat<T> {
  return Array.from({ length: n }, () => Array.from({ length: m }, () => A.zero));
}

export function identity<T>(A: Arith<T>, n: number): Mat<T> {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? A.one : A.zero)));
}

export function mapMat<T, U>(M: readonly (readonly T[])[], f: (x: T, i: number, j: number) => U): Mat<U> {
  return M.map((row, i) => row.map((x, j) => f(x, i, j)));
}

export function transpose<T>(M: readonly (readonly T[])[]): Mat<T> {
  const n = M.length;
  const m = n === 0 ? 0 : M[0].length;
  return Array.from({ length: m }, (_, j) => Array.from({ length: n }, (_, i) => M[i][j]));
}

export function matMul<T>(A: Arith<T>, X: readonly (readonly T[])[], Y: readonly (readonly T[])[]): Mat<T> {
  const n = X.length;
  const k = Y.length;
  const m = k === 0 ? 0 : Y[0].length;
  const out: Mat<T> = new Array(n);
  for (let i = 0; i < n; i++) {
    const row: T[] = new Array(m);
    const xi = X[i];
    for (let j = 0; j < m; j++) {
      let s = A.zero;
      for (let l = 0; l < k; l++) s = A.add(s, A.mul(xi[l], Y[l][j]));
      row[j] = s;
    }
    out[i] = row;
  }
  return out;
}

/** X Yᵀ without forming Yᵀ. */
export function matMulT<T>(A: Arith<T>, X: readonly (readonly T[])[], Y: readonly (readonly T[])[]): Mat<T> {
  return X.map((xi) => Y.map((yj) => {
    let s = A.zero;
    for (let l = 0; l < xi.length; l++) s = A.add(s, A.mul(xi[l], yj[l]));
    return s;
  }));
}

/** Xᵀ Y without forming Xᵀ. */
export function matTMul<T>(A: Arith<T>, X: readonly (readonly T[])[], Y: readonly (readonly T[])[]): Mat<T> {
  return matMul(A, transpose(X), Y);
}

/**
 * A S Aᵀ for symmetric S: only the upper triangle of the product is computed and mirrored, so the
 * result is exactly symmetric (the covariance recursion of Eqn 7 would otherwise drift off symmetry
 * by rounding, and a non-symmetric Σ_t is not a covariance).
 */
export function congruence<T>(A: Arith<T>, M: readonly (readonly T[])[], S: readonly (readonly T[])[]): Mat<T> {
  const MS = matMul(A, M, S);
  const n = M.length;
  const out: Mat<T> = zeros(A, n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = A.zero;
      for (let l = 0; l < n; l++) s = A.add(s, A.mul(MS[i][l], M[j][l]));
      out[i][j] = s;
      out[j][i] = s;
    }
  }
  return out;
}

/** Mᵀ S M for symmetric S, exactly symmetric. */
export function congruenceT<T>(A: Arith<T>, M: readonly (readonly T[])[], S: readonly (readonly T[])[]): Mat<T> {
  return congruence(A, transpose(M), S);
}

export function addMat<T>(A: Arith<T>, X: readonly (readonly T[])[], Y: readonly (readonly T[])[]): Mat<T> {
  return X.map((row, i) => row.map((x, j) => A.add(x, Y[i][j])));
}

export function subMat<T>(A: Arith<T>, X: readonly (readonly T[])[], Y: readonly (readonly T[])[]): Mat<T> {
  return X.map((row, i) => row.map((x, j) => A.sub(x, Y[i][j])));
}

export function scaleMat<T>(A: Arith<T>, c: T, X: readonly (readonly T[])[]): Mat<T> {
  return X.map((row) => row.map((x) => A.mul(c, x)));
}

export function matVec<T>(A: Arith<T>, M: readonly (readonly T[])[], x: readonly T[]): Vec<T> {
  return M.map((row) => {
    let s = A.zero;
    for (let j = 0; j < row.length; j++) s = A.add(s, A.mul(row[j], x[j]));
    return s;
  });
}

/** Mᵀ x. */
export function matTVec<T>(A: Arith<T>, M: readonly (readonly T[])[], x: readonly T[]): Vec<T> {
  const n = M.length === 0 ? 0 : M[0].length;
  const out: T[] = new Array(n);
  for (let j = 0; j < n; j++) {
    let s = A.zero;
    for (let i = 0; i < M.length; i++) s = A.add(s, A.mul(M[i][j], x[i]));
    out[j] = s;
  }
  return out;
}

export function dotVec<T>(A: Arith<T>, x: readonly T[], y: readonly T[]): T {
  let s = A.zero;
  for (let i = 0; i < x.length; i++) s = A.add(s, A.mul(x[i], y[i]));
  return s;
}

export function trace<T>(A: Arith<T>, X: readonly (readonly T[])[]): T {
  let s = A.zero;
  for (let i = 0; i < X.length; i++) s = A.add(s, X[i][i]);
  return s;
}

/** tr(X Y) = Σᵢⱼ Xᵢⱼ Yⱼᵢ. */
export function traceProd<T>(A: Arith<T>, X: readonly (readonly T[])[], Y: readonly (readonly T[])[]): T {
  let s = A.zero;
  for (let i = 0; i < X.length; i++) for (let j = 0; j < X.length; j++) s = A.add(s, A.mul(X[i][j], Y[j][i]));
  return s;
}

/** xᵀ M x. */
export function quadForm<T>(A: Arith<T>, M: readonly (readonly T[])[], x: readonly T[]): T {
  return dotVec(A, x, matVec(A, M, x));
}

export function outer<T>(A: Arith<T>, x: readonly T[], y: readonly T[]): Mat<T> {
  return x.map((xi) => y.map((yj) => A.mul(xi, yj)));
}

/** Frobenius norm squared. */
export function frob2<T>(A: Arith<T>, X: readonly (readonly T[])[]): T {
  let s = A.zero;
  for (const row of X) for (const x of row) s = A.add(s, A.mul(x, x));
  return s;
}

/**
 * Inverse by Gauss–Jordan with partial pivoting; throws on an exactly singular pivot. Used for V⁻¹
 * of generated eigenvector matrices and for Lyapunov solves, never on user input without a check.
 */
export function inverse<T>(A: Arith<T>, M: readonly (readonly T[])[]): Mat<T> {
  const n = M.length;
  const a = M.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? A.one : A.zero))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (A.cmp(A.abs(a[r][c]), A.abs(a[p][c])) > 0) p = r;
    if (A.isZero(a[p][c])) throw new RangeError('inverse: singular matrix');
    [a[c], a[p]] = [a[p], a[c]];
    const piv = a[c][c];
    for (let j = 0; j < 2 * n; j++) a[c][j] = A.div(a[c][j], piv);
    for (let r = 0; r < n; r++) {
      if (r === c || A.isZero(a[r][c])) continue;
      const f = a[r][c];
      for (let j = 0; j < 2 * n; j++) a[r][j] = A.sub(a[r][j], A.mul(f, a[c][j]));
    }
  }
  return a.map((row) => row.slice(n));
}

/** Solve M x = b (Gaussian elimination with partial pivoting). */
export function solve<T>(A: Arith<T>, M: readonly (readonly T[])[], b: readonly T[]): Vec<T> {
  return matVec(A, inverse(A, M), b);
}

export function convertMat<T, U>(M: readonly (readonly T[])[], f: (x: T) => U): Mat<U> {
  return M.map((row) => row.map(f));
}
