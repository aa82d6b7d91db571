/**
 * A factor L with L Lᵀ = Σ for a symmetric positive semi-definite Σ: Cholesky that skips pivots at
 * the rounding level (a singular Σ_ξ, e.g. noise along one direction only, is allowed by CLI.md).
 */
export function psdFactor(S: readonly (readonly number[])[]): number[][] {
  const n = S.length;
  const L = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const scale = Math.max(0, ...S.map((r, i) => Math.abs(r[i])));
  const tol = 1e-13 * scale;
  for (let j = 0; j < n; j++) {
    let d = S[j][j];
    for (let k = 0; k < j; k++) d -= L[j][k] * L[j][k];
    if (d <= tol) continue; // column j is (numerically) in the span of the earlier ones
    const ljj = Math.sqrt(d);
    L[j][j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = S[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = s / ljj;
    }
  }
  return L;
}

export function applyFactor(L: readonly (readonly number[])[], z: readonly number[]): number[] {
  return L.map((row) => {
    let s = 0;
    for (let k = 0; k < row.length; k++) s += row[k] * z[k];
    return s;
  });
}
