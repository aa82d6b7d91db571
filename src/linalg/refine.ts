import type { Decimal } from 'decimal.js';
import { Decimal as DecimalCtor } from 'decimal.js';
import type { Arith } from '../arith/types.js';
import { divRound, fixedToNumber, numberToFixed, shiftRound, textToFixed } from './fixedPoint.js';
import { symmetricEigen64 } from './symmetricEigen.js';

/**
 * The spectrum a quadratic needs (wang2021 §3): the eigenvalues λᵢ of H, descending, and the
 * coordinates cᵢ = ⟨w₀, uᵢ⟩ of w₀ in the eigenbasis, in decimal at a requested precision P.
 *
 * Route (issue 9 item 6): a float64 eigen-decomposition (ml-matrix) refined by Ogita and Aishima's
 * iteration for symmetric eigenproblems (Japan J. Indust. Appl. Math. 35, 2018, Algorithm 1), which
 * doubles the correct digits of every eigenvector per step. With X̂ the current eigenvectors:
 *   R = I − X̂ᵀX̂,  S = X̂ᵀHX̂,  λ̃ᵢ = sᵢᵢ/(1 − rᵢᵢ),  δ = 2(‖S − diag λ̃‖ + ‖H‖‖R‖),
 *   ẽᵢⱼ = (sᵢⱼ + λ̃ⱼ rᵢⱼ)/(λ̃ⱼ − λ̃ᵢ) when |λ̃ᵢ − λ̃ⱼ| > δ, else rᵢⱼ/2,   X̂ ← X̂(I + Ẽ).
 * R and S are the only quantities that need the high precision; they are computed in exact BigInt
 * fixed point with F fractional bits (fixedPoint.ts), every dot product rounded once.
 *
 * Cost: 3d³ fixed-point multiply-adds per step (2d³ for the last, which needs no new X̂: the new
 * c = (I + Ẽ)ᵀ X̂ᵀw₀ costs d²). From float64's 16 digits, P = 40 takes two steps and 2P = 80 one
 * more, started from P's vectors. Cyclic Jacobi (jacobi.ts) did the same in decimal.js at each
 * precision: about 15d³ operations, each ~15 times slower than a BigInt one.
 *
 * Accuracy (the same backward-stable promise as Jacobi's): H is rounded once to F bits relative to
 * max|Hᵢⱼ| (an absolute perturbation ≤ 2^−F·max|H| per entry), and the iteration stops when the
 * last correction's square is below 10^−P (Ogita–Aishima: the eigenvector error after a step is
 * O(‖Ẽ‖²), and each λ̃ᵢ is a Rayleigh quotient, accurate to O(‖Ẽ‖²)‖H‖). Eigenvalues are thus within
 * about d·10^−P·max|H| of the exact ones. Clustered eigenvalues (closer than δ, about 10^−16‖H‖
 * from a float64 start) keep the iteration from resolving their vectors; they are detected (an
 * off-diagonal sᵢⱼ inside a cluster stays above the tolerance) and reported as `null`, and the caller
 * falls back to Jacobi. The reference's P/2P agreement is the accuracy check, as before.
 */
export interface RefinedSpectrum {
  /** Eigenvalues, descending (λ₁ = L, ..., λ_d = α). */
  lambda: Decimal[];
  /** cᵢ = ⟨w₀, uᵢ⟩, uᵢ the unit eigenvector of lambda[i] (sign: float64's normaliseSign rule). */
  c: Decimal[];
  /** Refinement steps taken at this precision. */
  steps: number;
}

export interface RefineOptions {
  /** Steps at one precision before giving up (returns null; the caller falls back). Default 12. */
  maxSteps?: number;
}

const LOG2_10 = Math.log2(10);

/** log2 of the largest |entry| among decimal texts (exact enough for a power-of-two scale). */
function log2MaxAbs(texts: readonly string[]): number {
  let best = -Infinity;
  for (const t of texts) {
    const x = Math.abs(Number(t));
    if (Number.isFinite(x) && x > 0) best = Math.max(best, Math.log2(x));
    else if (!Number.isFinite(x) || (x === 0 && !/^[+-]?0*\.?0*([eE][+-]?\d+)?$/.test(t.trim()))) {
      // beyond float64's range: decimal.js reads any exponent
      const D = new DecimalCtor(t).abs();
      if (!D.isZero()) best = Math.max(best, D.log(2).toNumber());
    }
  }
  return best;
}

/** log2 of the smallest nonzero |entry| (−Infinity never: +Infinity when all are zero). */
function log2MinAbsNonzero(texts: readonly string[]): number {
  let best = Infinity;
  for (const t of texts) {
    const x = Math.abs(Number(t));
    if (x > 0 && Number.isFinite(x)) best = Math.min(best, Math.log2(x));
    else if (x === 0 || !Number.isFinite(x)) {
      const D = new DecimalCtor(t).abs();
      if (!D.isZero()) best = Math.min(best, D.log(2).toNumber());
    }
  }
  return best;
}

/**
 * The state of one refinement, kept across precisions: the reference asks for P, then 2P, and the
 * vectors refined at P start the iteration at 2P (the fixed point the iteration converges to at 2P
 * does not depend on where it starts, so P and 2P still share no rounding error beyond the input's).
 */
export class RefinedEigenSolver {
  readonly d: number;
  /** H · 2^−sigma has entries of magnitude < 1/2. */
  private readonly sigma: number;
  /** w₀ · 2^−tau has entries of magnitude < 1. */
  private readonly tau: number;
  /** Eigenvectors as columns (X[k] is the k-th vector), fixed point at F bits. */
  private X: bigint[][] | null = null;
  private F = 0;
  private readonly aCache = new Map<number, bigint[][]>();
  private readonly maxSteps: number;

  constructor(
    private readonly H: readonly (readonly string[])[],
    private readonly w0: readonly string[],
    options: RefineOptions = {},
  ) {
    this.d = H.length;
    this.maxSteps = options.maxSteps ?? 12;
    const m = log2MaxAbs(H.flat());
    this.sigma = Number.isFinite(m) ? Math.floor(m) + 2 : 0;
    const mw = log2MaxAbs(w0);
    this.tau = Number.isFinite(mw) ? Math.floor(mw) + 1 : 0;
  }

  /** Fractional bits for P decimal digits: P·log₂10 plus guard bits for d-term sums and the stop rule. */
  bitsFor(P: number): number {
    return Math.ceil(P * LOG2_10) + 24 + Math.ceil(Math.log2(this.d + 1));
  }

  private A(F: number): bigint[][] {
    let a = this.aCache.get(F);
    if (!a) {
      a = this.H.map((row) => row.map((x) => textToFixed(x, F - this.sigma)));
      // exactly symmetric, as (H + Hᵀ)/2 (the input is symmetrised already; this guards rounding)
      for (let i = 0; i < this.d; i++) for (let j = 0; j < i; j++) a[i][j] = a[j][i] = (a[i][j] + a[j][i]) / 2n;
      this.aCache.set(F, a);
    }
    return a;
  }

  /**
   * Fixed point rounds every entry relative to the largest (Jacobi in decimal rounds each entry
   * relative to itself): an entry of H or w₀ that would keep fewer than 64 bits at F, say
   * diag(1, 1e−100), could vanish at both P and 2P and make them agree on a wrong value. Such
   * inputs go to Jacobi.
   */
  private resolves(F: number): boolean {
    const floor = (texts: readonly string[], scale: number) => {
      const m = log2MinAbsNonzero(texts);
      return !Number.isFinite(m) || m - scale >= -(F - 64);
    };
    return floor(this.H.flat(), this.sigma) && floor(this.w0, this.tau);
  }

  /** float64 eigenvectors of H·2^−σ (in range whatever H's magnitude), as fixed point at F bits. */
  private floatStart(F: number): bigint[][] {
    const scale = 2 ** -this.sigma;
    const H64 = this.H.map((row) =>
      row.map((x) => {
        const v = Number(x) * scale;
        return Number.isFinite(v) && (v !== 0 || Number(x) === 0) ? v : new DecimalCtor(x).times(new DecimalCtor(2).pow(-this.sigma)).toNumber();
      }),
    );
    const { vectors } = symmetricEigen64(H64);
    return vectors.map((v) => v.map((x) => numberToFixed(x, F)));
  }

  /**
   * λ and c at P digits in the decimal arithmetic `A` (precision P), or null when clustered
   * eigenvalues keep the iteration from converging (the caller falls back to Jacobi).
   */
  spectrum(A: Arith<Decimal>, P: number): RefinedSpectrum | null {
    const d = this.d;
    const F = this.bitsFor(P);
    if (d === 0 || !this.resolves(F)) return null;
    const Fb = BigInt(F);
    const one = 1n << Fb;
    if (this.X !== null && this.pendingE) {
      this.X = updateVectors(this.X, this.pendingE.E, BigInt(this.pendingE.F));
      this.pendingE = null;
    }
    if (this.X === null) {
      this.X = this.floatStart(F);
    } else if (this.F !== F) {
      const k = F - this.F;
      this.X = this.X.map((col) => col.map((x) => (k > 0 ? x << BigInt(k) : shiftRound(x, BigInt(-k)))));
    }
    this.F = F;
    const a = this.A(F);
    const normA = Math.sqrt(a.reduce((s, row) => s + row.reduce((t, x) => t + fixedToNumber(x, F) ** 2, 0), 0));
    const target = 10 ** -P; // stop when ‖Ẽ‖² is below it: the next error is below P digits
    let X = this.X;
    for (let step = 1; step <= this.maxSteps; step++) {
      // R = I − XᵀX and S = XᵀAX, upper triangles (both symmetric), each entry rounded once
      const R: bigint[][] = Array.from({ length: d }, () => new Array<bigint>(d));
      const S: bigint[][] = Array.from({ length: d }, () => new Array<bigint>(d));
      const Y = X.map((x) => matVecFixed(a, x, Fb));
      for (let i = 0; i < d; i++) {
        const xi = X[i];
        for (let j = i; j < d; j++) {
          const xj = X[j];
          const yj = Y[j];
          let r = 0n;
          let s = 0n;
          for (let k = 0; k < d; k++) {
            r += xi[k] * xj[k];
            s += xi[k] * yj[k];
          }
          R[i][j] = R[j][i] = (i === j ? one : 0n) - shiftRound(r, Fb);
          S[i][j] = S[j][i] = shiftRound(s, Fb);
        }
      }
      const lambda = Array.from({ length: d }, (_, i) => divRound(S[i][i] << Fb, one - R[i][i]));
      const lam = lambda.map((x) => fixedToNumber(x, F));
      let off2 = 0;
      let r2 = 0;
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          r2 += fixedToNumber(R[i][j], F) ** 2;
          if (i !== j) off2 += fixedToNumber(S[i][j], F) ** 2;
        }
      }
      const delta = 2 * (Math.sqrt(off2) + normA * Math.sqrt(r2));
      // Ẽ (not symmetric); clusters get rᵢⱼ/2, which only re-orthonormalises inside them
      const E: bigint[][] = Array.from({ length: d }, () => new Array<bigint>(d));
      let maxE = 0;
      let clusterOff = 0;
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          let e: bigint;
          if (i !== j && Math.abs(lam[i] - lam[j]) > delta) {
            const num = S[i][j] + shiftRound(lambda[j] * R[i][j], Fb);
            e = divRound(num << Fb, lambda[j] - lambda[i]);
          } else {
            e = divRound(R[i][j], 2n);
            if (i !== j) clusterOff = Math.max(clusterOff, Math.abs(fixedToNumber(S[i][j], F)));
          }
          E[i][j] = e;
          maxE = Math.max(maxE, Math.abs(fixedToNumber(e, F)));
        }
      }
      if (maxE * maxE <= target) {
        // a cluster whose vectors the iteration cannot separate leaves sᵢⱼ ≠ 0 inside it
        if (clusterOff > target * Math.max(normA, 1e-300)) return null;
        // c = (I + Ẽ)ᵀXᵀw₀: the last step's new vectors are needed only through w₀
        const w = this.w0.map((x) => textToFixed(x, F - this.tau));
        const c0 = X.map((x) => {
          let s = 0n;
          for (let k = 0; k < d; k++) s += x[k] * w[k];
          return shiftRound(s, Fb);
        });
        const c = c0.map((cj, j) => {
          let s = 0n;
          for (let i = 0; i < d; i++) s += E[i][j] * c0[i];
          return cj + shiftRound(s, Fb);
        });
        // X(I + Ẽ) is what a higher precision would start from; forming it costs d³, so only then
        this.X = X;
        this.pendingE = { E, F };
        const order = lambda.map((_, i) => i).sort((i, j) => (lambda[j] > lambda[i] ? 1 : lambda[j] < lambda[i] ? -1 : i - j));
        const lamScale = pow2(A, this.sigma - F);
        const cScale = pow2(A, this.tau - F);
        return {
          lambda: order.map((i) => A.mul(A.fromString(lambda[i].toString()), lamScale)),
          c: order.map((i) => A.mul(A.fromString(c[i].toString()), cScale)),
          steps: step,
        };
      }
      X = updateVectors(X, E, Fb);
      this.X = X;
    }
    return null;
  }

  /** The last step's correction, applied only when another precision is asked for. */
  private pendingE: { E: bigint[][]; F: number } | null = null;
}

/** y = A x in fixed point (A symmetric, so rows serve as columns). */
function matVecFixed(a: bigint[][], x: bigint[], Fb: bigint): bigint[] {
  const d = x.length;
  const y = new Array<bigint>(d);
  for (let i = 0; i < d; i++) {
    const row = a[i];
    let s = 0n;
    for (let k = 0; k < d; k++) s += row[k] * x[k];
    y[i] = shiftRound(s, Fb);
  }
  return y;
}

/** X(I + E): column j gains Σₖ E[k][j]·X[k]. */
function updateVectors(X: bigint[][], E: bigint[][], Fb: bigint): bigint[][] {
  const d = X.length;
  return X.map((xj, j) => {
    const out = new Array<bigint>(d);
    for (let i = 0; i < d; i++) {
      let s = 0n;
      for (let k = 0; k < d; k++) s += X[k][i] * E[k][j];
      out[i] = xj[i] + shiftRound(s, Fb);
    }
    return out;
  });
}

/** 2^k in the decimal arithmetic (exact for k ≥ 0 while it fits; 5^−k·10^k otherwise, rounded to A's precision). */
function pow2(A: Arith<Decimal>, k: number): Decimal {
  return k >= 0 ? A.fromString((1n << BigInt(k)).toString()) : A.fromString(`${5n ** BigInt(-k)}e${k}`);
}
