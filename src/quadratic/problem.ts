import type { Arith } from '../arith/types.js';
import { matVec } from '../arith/types.js';
import { symmetricEigen } from '../linalg/index.js';

/**
 * One quadratic task of wang2021 Section 3: f(w) = ½ wᵀHw, GD from w₀ with step η.
 * In the eigenbasis H = Σ λᵢ uᵢuᵢᵀ, with cᵢ = ⟨w₀, uᵢ⟩, everything the theory needs is a sum over i.
 */
export interface Spectrum<T> {
  /** Eigenvalues, descending: lambda[0] = L, lambda[d-1] = α (the papers' order). */
  lambda: T[];
  /** cᵢ = ⟨w₀, uᵢ⟩ for the eigenvector uᵢ of lambda[i]. */
  c: T[];
}

export class Quadratic<T> {
  private spectrumCache?: Spectrum<T>;

  constructor(
    readonly arith: Arith<T>,
    /** Symmetric positive definite, d×d (validated by the caller: see linalg/validate). */
    readonly H: T[][],
    readonly w0: T[],
  ) {}

  get d(): number {
    return this.w0.length;
  }

  /** From decimal texts: decimal keeps them exactly (to its precision), floats round to nearest. */
  static fromText<T>(arith: Arith<T>, H: readonly (readonly string[])[], w0: readonly string[]): Quadratic<T> {
    return new Quadratic(arith, H.map((row) => row.map((x) => arith.fromString(x))), w0.map((x) => arith.fromString(x)));
  }

  /** From doubles, converted exactly (so a decimal Quadratic sees the same input as a float64 one). */
  static fromNumbers<T>(arith: Arith<T>, H: readonly (readonly number[])[], w0: readonly number[]): Quadratic<T> {
    return new Quadratic(arith, H.map((row) => row.map((x) => arith.fromNumber(x))), w0.map((x) => arith.fromNumber(x)));
  }

  /** The eigen-decomposition in this arithmetic (ml-matrix for floats, Jacobi for decimal), computed once. */
  spectrum(): Spectrum<T> {
    if (!this.spectrumCache) {
      const A = this.arith;
      const { values, vectors } = symmetricEigen(A, this.H);
      const c = vectors.map((u) => {
        let s = A.zero;
        for (let j = 0; j < u.length; j++) s = A.add(s, A.mul(u[j], this.w0[j]));
        return s;
      });
      this.spectrumCache = { lambda: values, c };
    }
    return this.spectrumCache;
  }

  /** Replace the spectrum (for callers that constructed H from a known spectrum). */
  withSpectrum(s: Spectrum<T>): this {
    this.spectrumCache = s;
    return this;
  }

  /** L, α and c_min = min(|c₁|, |c_d|) (Theorem 3's constants). */
  constants(): { L: T; alpha: T; cMin: T } {
    const { lambda, c } = this.spectrum();
    const A = this.arith;
    const c1 = A.abs(c[0]);
    const cd = A.abs(c[c.length - 1]);
    return { L: lambda[0], alpha: lambda[lambda.length - 1], cMin: A.cmp(c1, cd) <= 0 ? c1 : cd };
  }

  /** w_t = (I − ηH)^t w₀ by t plain GD steps. */
  gd(eta: T, t: number): T[] {
    const A = this.arith;
    let w = this.w0.slice();
    for (let k = 0; k < t; k++) {
      const g = matVec(A, this.H, w);
      w = w.map((wi, i) => A.sub(wi, A.mul(eta, g[i])));
    }
    return w;
  }

  /** f(w) = ½ wᵀHw. */
  loss(w: readonly T[]): T {
    const A = this.arith;
    const g = matVec(A, this.H, w);
    let s = A.zero;
    for (let i = 0; i < w.length; i++) s = A.add(s, A.mul(w[i], g[i]));
    return A.div(s, A.fromNumber(2));
  }
}
