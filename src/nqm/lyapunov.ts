import type { Arith } from '../arith/types.js';
import { solve, type Mat } from './mat.js';

/**
 * X = M X Mᵀ + Q (discrete Lyapunov / Stein equation) by the Kronecker system
 * (I − M⊗M) vec X = vec Q, fine for d ≤ 10. For ρ(M) < 1 the solution is Σ_{k≥0} Mᵏ Q Mᵏᵀ, the
 * stationary covariance of Eqn 7 (Lemma 5's limit); it exists whenever no λᵢλⱼ = 1.
 */
export function solveStein<T>(A: Arith<T>, M: Mat<T>, Q: Mat<T>): Mat<T> {
  const n = M.length;
  const N = n * n;
  const K: T[][] = Array.from({ length: N }, () => new Array<T>(N).fill(A.zero));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      for (let k = 0; k < n; k++)
        for (let l = 0; l < n; l++) {
          const v = A.mul(M[i][k], M[j][l]);
          K[i * n + j][k * n + l] = A.sub(i === k && j === l ? A.one : A.zero, v);
        }
  const x = solve(A, K, Q.flat());
  const X = Array.from({ length: n }, (_, i) => x.slice(i * n, i * n + n));
  const half = A.div(A.one, A.fromNumber(2));
  return X.map((r, i) => r.map((_, j) => A.mul(half, A.add(X[i][j], X[j][i]))));
}
