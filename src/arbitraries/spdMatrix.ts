import * as fc from 'fast-check';
import { symmetricEigen64 } from '../linalg/symmetricEigen.js';
import { symmetrize } from '../linalg/validate.js';
import { float64 } from '../arith/float.js';
import { Rng } from '../random/rng.js';

/**
 * How the spectrum is made (all but `wishart` as H = Q·diag(λ)·Qᵀ with Q Haar-orthogonal):
 * - `logUniform`: λ₁ = L, λ_d = L/κ, the others log-uniform between;
 * - `outlier`: one eigenvalue far from the other d−1, which sit within a factor κ^0.1 of each
 *   other (the outlier is L or α, alternately);
 * - `clustered`: eigenvalues in 2 or 3 clusters (at L, at α, and at √(Lα)) of relative width
 *   10^(−w), w ∈ [2, 9];
 * - `nearlyEqual`: L/α − 1 = δ with δ from 1e-6 to 1 (the regime where Claim 2's bound
 *   4L³/(c_min² α (L−α)) blows up);
 * - `wishart`: H = XᵀX/scale, X n×d standard Gaussian, n ∈ {4d, 2d, d+1, d}; eigenvalues as
 *   computed in float64 (the only kind whose spectrum is not prescribed). wang2021's Figure 1 uses
 *   n = d = 20.
 */
export type SpdKind = 'logUniform' | 'outlier' | 'clustered' | 'nearlyEqual' | 'wishart';

/** All kinds, in shrinking order (fast-check shrinks toward the first). */
export const SPD_KINDS: readonly SpdKind[] = ['logUniform', 'outlier', 'clustered', 'nearlyEqual', 'wishart'];

export interface SpdCase {
  /** Symmetric positive definite, exactly symmetric (H[i][j] === H[j][i]). */
  H: number[][];
  /** Descending; eigenvalues[0] = L, eigenvalues[d−1] = α, as constructed (wishart: as computed). */
  eigenvalues: number[];
  /**
   * eigenvectors[i] belongs to eigenvalues[i]: the columns of the Q that built H. They are the
   * eigenvectors of the float64 H only up to ~d·ε·L/gap, so for clustered or nearly equal
   * eigenvalues compute the decomposition of H itself when that matters.
   */
  eigenvectors: number[][];
  d: number;
  kind: SpdKind;
  /** κ = eigenvalues[0] / eigenvalues[d−1]. */
  condition: number;
  /** Seed of the sampling streams (src/random): with the other parameters, replays the case. */
  seed: number;
}

export interface SpdMatrixConstraints {
  /** Smallest dimension d. Default 1. */
  minDim?: number;
  /** Largest dimension d. Default 12. */
  maxDim?: number;
  /**
   * Largest condition number κ = L/α, in [1, 1e12]. Default 1e8. Above 1e12 the float64 H (whose
   * entries carry errors ~d·ε·L) would no longer have the promised small eigenvalues.
   */
  maxCondition?: number;
  /** Smallest L = λ₁, > 0. Default 1e-2. */
  minL?: number;
  /** Largest L, ≥ minL. Default 1e2. */
  maxL?: number;
  /** Kinds to draw (shrinking goes toward the first listed). Default SPD_KINDS. */
  kinds?: readonly SpdKind[];
}

/** Integer parameters of one case: fast-check shrinks each toward its simplest value. */
interface SpdParams {
  kind: SpdKind;
  d: number;
  /** log₁₀ L in thousandths (0 ↔ L = 1). */
  logL: number;
  /** Position of κ in its range, in thousandths. */
  cond: number;
  /** Kind-specific choice (outlier side, cluster count, Wishart aspect ratio). */
  variant: number;
  /** Cluster width exponent. */
  width: number;
  seed: number;
}

/**
 * Symmetric positive definite matrices with a controlled spectrum, for the hypotheses of
 * wang2021 Section 3 (f(w) = ½wᵀHw, H ≻ 0). Built from integers, so shrinking goes toward small d,
 * L = 1, small κ, the first kind and seed 0.
 */
export function spdMatrix(constraints: SpdMatrixConstraints = {}): fc.Arbitrary<SpdCase> {
  const {
    minDim = 1,
    maxDim = 12,
    maxCondition = 1e8,
    minL = 1e-2,
    maxL = 1e2,
    kinds = SPD_KINDS,
  } = constraints;
  if (!Number.isInteger(minDim) || minDim < 1) throw new RangeError(`spdMatrix: minDim must be an integer >= 1, got ${minDim}`);
  if (!Number.isInteger(maxDim) || maxDim < minDim || maxDim > 1000) {
    throw new RangeError(`spdMatrix: maxDim must be an integer in [minDim, 1000], got ${maxDim}`);
  }
  if (!(maxCondition >= 1 && maxCondition <= 1e12)) {
    throw new RangeError(`spdMatrix: maxCondition must be in [1, 1e12], got ${maxCondition}`);
  }
  if (!(minL > 0 && Number.isFinite(minL))) throw new RangeError(`spdMatrix: minL must be finite and > 0, got ${minL}`);
  if (!(maxL >= minL && Number.isFinite(maxL))) throw new RangeError(`spdMatrix: maxL must be finite and >= minL, got ${maxL}`);
  if (!Array.isArray(kinds) || kinds.length === 0) throw new RangeError('spdMatrix: kinds must be a non-empty array');
  for (const k of kinds) {
    if (!SPD_KINDS.includes(k)) throw new RangeError(`spdMatrix: kinds has unknown kind ${JSON.stringify(k)}; known: ${SPD_KINDS.join(', ')}`);
  }
  const logLo = Math.ceil(1000 * Math.log10(minL));
  const logHi = Math.max(logLo, Math.floor(1000 * Math.log10(maxL)));
  return fc
    .record({
      kind: fc.constantFrom(...kinds),
      d: fc.integer({ min: minDim, max: maxDim }),
      logL: fc.integer({ min: logLo, max: logHi }),
      cond: fc.integer({ min: 0, max: 1000 }),
      variant: fc.integer({ min: 0, max: 3 }),
      width: fc.integer({ min: 2, max: 9 }),
      seed: fc.integer(),
    })
    .map((p) => buildSpdCase(p, { maxCondition, minL, maxL }));
}

function buildSpdCase(p: SpdParams, c: { maxCondition: number; minL: number; maxL: number }): SpdCase {
  const L = Math.min(c.maxL, Math.max(c.minL, 10 ** (p.logL / 1000)));
  const rng = Rng.fromSeed(p.seed);
  if (p.kind === 'wishart') return wishart(p, L, c.maxCondition, rng);
  const lambda = spectrum(p, L, c.maxCondition, rng.split('spectrum'));
  const Q = rng.split('Q').haarOrthogonal(p.d);
  const d = p.d;
  const H: number[][] = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += Q[i][k] * lambda[k] * Q[j][k];
      H[i][j] = H[j][i] = s;
    }
  }
  return {
    H: symmetrize(float64(), H),
    eigenvalues: lambda,
    eigenvectors: Array.from({ length: d }, (_, k) => Q.map((row) => row[k])),
    d,
    kind: p.kind,
    condition: lambda[0] / lambda[d - 1],
    seed: p.seed,
  };
}

/** The prescribed spectrum, descending, with λ₁ = L and λ_d = L/κ exactly as stored. */
function spectrum(p: SpdParams, L: number, maxCondition: number, rng: Rng): number[] {
  const d = p.d;
  if (d === 1) return [L];
  const logKmax = Math.log10(maxCondition);
  const kappa =
    p.kind === 'nearlyEqual'
      ? 1 + Math.min(maxCondition - 1, 10 ** (-6 + (6 * p.cond) / 1000))
      : 10 ** ((logKmax * p.cond) / 1000);
  const alpha = L / kappa;
  const interior: number[] = [];
  for (let i = 1; i < d - 1; i++) {
    const u = rng.nextFloat();
    switch (p.kind) {
      case 'logUniform':
        interior.push(L * kappa ** -u);
        break;
      case 'nearlyEqual':
        // linear: in a band of relative width 1e-6 log and linear spacing agree anyway
        interior.push(alpha + (L - alpha) * u);
        break;
      case 'outlier':
        interior.push(p.variant % 2 === 0 ? alpha * kappa ** (0.1 * u) : L * kappa ** (-0.1 * u));
        break;
      case 'clustered': {
        const clusters = d >= 3 ? 2 + (p.variant % 2) : 2;
        // the width never lets a cluster cross the other end of the spectrum
        const w = Math.min(10 ** -p.width, (1 - 1 / kappa) / 2);
        const which = rng.int(0, clusters - 1);
        const v = rng.nextFloat();
        interior.push(which === 0 ? L * (1 - w * v) : which === 1 ? alpha * (1 + w * v) : Math.sqrt(L * alpha) * (1 + w * (v - 0.5)));
        break;
      }
      default:
        throw new Error(`unreachable kind ${p.kind}`);
    }
  }
  // keep every eigenvalue within [α, L] after rounding, so the extremes are exactly L and α
  const clamped = interior.map((x) => Math.min(L, Math.max(alpha, x)));
  return [L, ...clamped.sort((a, b) => b - a), alpha];
}

/**
 * H = XᵀX rescaled to λ₁ = L. κ(XᵀX) is not prescribed; when it exceeds maxCondition, X gets more
 * rows (κ → 1 as n/d grows), and as a last resort H is shifted by a multiple of I (same
 * eigenvectors) to bring κ down to maxCondition.
 */
function wishart(p: SpdParams, L: number, maxCondition: number, rng: Rng): SpdCase {
  const d = p.d;
  const n0 = [4 * d, 2 * d, d + 1, d][p.variant];
  let H: number[][] = [];
  let eig = { values: [1], vectors: [[1]] };
  for (let attempt = 0; attempt < 4; attempt++) {
    const n = n0 + attempt * 2 * d;
    const g = rng.split(attempt);
    const X = Array.from({ length: n }, () => g.gaussianVector(d));
    const G: number[][] = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let i = 0; i < d; i++) {
      for (let j = i; j < d; j++) {
        let s = 0;
        for (const x of X) s += x[i] * x[j];
        G[i][j] = G[j][i] = s;
      }
    }
    const scale = L / symmetricEigen64(G).values[0];
    H = symmetrize(float64(), G.map((row) => row.map((x) => x * scale)));
    eig = symmetricEigen64(H);
    const last = eig.values[d - 1];
    if (last > 0 && eig.values[0] / last <= maxCondition) break;
    if (attempt === 3 && maxCondition === 1) {
      H = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? L : 0)));
      eig = symmetricEigen64(H);
    } else if (attempt === 3) {
      // shift by ρ so that (λ₁ + ρ)/(λ_d + ρ) = κmax, then rescale: λ₁ stays L
      const k = maxCondition;
      const rho = Math.max(0, (eig.values[0] - k * last) / (k - 1)) * (1 + 1e-9);
      const f = L / (L + rho);
      H = symmetrize(float64(), H.map((row, i) => row.map((x, j) => (x + (i === j ? rho : 0)) * f)));
      eig = symmetricEigen64(H);
    }
  }
  return {
    H,
    eigenvalues: eig.values,
    eigenvectors: eig.vectors,
    d,
    kind: 'wishart',
    condition: eig.values[0] / eig.values[d - 1],
    seed: p.seed,
  };
}
