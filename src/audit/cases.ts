import { derive } from '../random/index.js';
import { DEFAULT_CASE } from '../quadratic/defaults.js';
import type { QuadraticCaseText } from '../quadratic/input.js';
import { exactText } from './grid.js';

/** A quadratic to audit: H and w₀ as the decimal texts the reference reads exactly. */
export interface AuditCaseSpec {
  name: string;
  source: 'default' | 'input' | 'seeded';
  H: string[][];
  w0: string[];
  seed?: number;
  index?: number;
}

export function defaultCaseSpec(): AuditCaseSpec {
  return { name: 'default: H = diag(80, 1), w0 = (0.6, 0.8)', source: 'default', H: DEFAULT_CASE.H, w0: DEFAULT_CASE.w0 };
}

export function inputCaseSpec(c: Pick<QuadraticCaseText, 'H' | 'w0'>, name = 'input'): AuditCaseSpec {
  return { name, source: 'input', H: c.H, w0: c.w0 };
}

/**
 * Parameters of one seeded Wishart case (learned_optimization's split: seed → parameters → task).
 * wang2021 footnote 2: H = XXᵀ with X ∈ ℝ^{d×2d} standard Gaussian (then α and L − α are Ω(d)
 * with constant probability) and w₀ uniform on the unit sphere.
 */
export interface WishartParams {
  seed: number;
  index: number;
  d: number;
}

/** H = XXᵀ (X: d × 2d, N(0,1) entries), w₀ uniform on the sphere, from stream derive(seed, index). */
export function wishartCase(p: WishartParams): AuditCaseSpec {
  const { seed, index, d } = p;
  const rng = derive(seed, index);
  const xr = rng.split('X');
  const X = Array.from({ length: d }, () => xr.gaussianVector(2 * d));
  const H: number[][] = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let s = 0;
      for (let k = 0; k < 2 * d; k++) s += X[i][k] * X[j][k];
      H[i][j] = H[j][i] = s;
    }
  }
  const w0 = rng.split('w0').unitSphere(d);
  return {
    name: `wishart d = ${d}, seed ${seed} #${index}`,
    source: 'seeded',
    seed,
    index,
    // exact expansions of the doubles: the reference and float64 see the same numbers
    H: H.map((row) => row.map(exactText)),
    w0: w0.map(exactText),
  };
}

/** `--seed S --family N`: N Wishart cases of dimension d (default 20, as the paper's Figure 1). */
export function wishartFamily(seed: number, count: number, d = 20): AuditCaseSpec[] {
  return Array.from({ length: count }, (_, index) => wishartCase({ seed, index, d }));
}
