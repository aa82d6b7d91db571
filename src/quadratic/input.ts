import { Decimal } from 'decimal.js';
import { InputError } from '../errors.js';
import { asInteger, asMatrix, asNumberArray, asObject, isExactNumber, type ExactJson } from '../io/json.js';
import { symmetricEigen64, validateSymmetricPositiveDefinite, validateVector } from '../linalg/index.js';
import { checkLimit, MAX_LIST, MAX_QUADRATIC_D, MAX_T, MAX_T_TIMES_D } from '../limits.js';

/** A quadratic case as written in case.json (CLI.md `eval`): every number kept as its decimal text. */
export interface QuadraticCaseText {
  H: string[][];
  w0: string[];
  t: number;
  eta: string[];
}

const Exact = Decimal.clone({ defaults: true, precision: 2000, maxE: 9e15, minE: -9e15 });

/**
 * Validates case.json and returns it with H made exactly symmetric: H is accepted when
 * |Hij − Hji| ≤ 1e-12·max|H| (linalg/validate) and then replaced by (H + Hᵀ)/2, computed exactly
 * in decimal so the reference still sees numbers that mean what was written.
 */
export function parseQuadraticCase(json: ExactJson, options: { requireEta?: boolean } = {}): QuadraticCaseText {
  const { requireEta = true } = options;
  const obj = asObject(json, 'case');
  // sizes first (issue 9 item 3): before any decimal is made from the texts
  if (Array.isArray(obj.H)) checkLimit('H', obj.H.length, MAX_QUADRATIC_D, 'd (its number of rows)');
  if (requireEta && Array.isArray(obj.eta)) checkLimit('eta', obj.eta.length, MAX_LIST, 'the number of step sizes');
  const tEarly = isExactNumber(obj.t) ? Number(obj.t.text) : NaN;
  if (tEarly > MAX_T.max) checkLimit('t', tEarly, MAX_T);
  const H = asMatrix(obj.H, 'H');
  validateSymmetricPositiveDefinite(H, 'H');
  const w0 = asNumberArray(obj.w0, 'w0');
  validateVector(w0, H.length, 'w0');
  if (w0.every((x) => new Exact(x).isZero())) throw new InputError('w0', 'is the zero vector: G = ln F / t is -Infinity; give a nonzero w0 (the theory assumes unit norm)');
  checkFloatRange(H);
  const t = asInteger(obj.t, 't', 1);
  checkLimit('t', t, MAX_T);
  checkLimit('t', t * H.length, MAX_T_TIMES_D, 't*d');
  const eta = requireEta ? asNumberArray(obj.eta, 'eta') : [];
  eta.forEach((e, i) => {
    const x = new Exact(e);
    if (!x.isFinite() || x.isNeg()) throw new InputError(`eta[${i}]`, `must be a finite number >= 0, got ${e}`);
  });
  return { H: symmetrise(H), w0, t, eta };
}

/**
 * The float methods (and float64's eigen-decomposition) need L = λ_max(H) inside float64's range;
 * an H whose largest eigenvalue overflows is refused naming H (issue 9: it crashed ml-matrix's tql2).
 * λ_max is found on H scaled by a power of two, so the check itself cannot overflow.
 */
function checkFloatRange(H: string[][]): void {
  let maxLog2 = -Infinity;
  for (const row of H) for (const x of row) {
    const v = Math.abs(Number(x));
    const l = Number.isFinite(v) ? (v > 0 ? Math.log2(v) : -Infinity) : new Exact(x).abs().log(2).toNumber();
    maxLog2 = Math.max(maxLog2, l);
  }
  if (maxLog2 < 1000) return; // λ_max ≤ d·max|Hij| < 2^1000·500: far inside float64's range
  const k = Math.floor(maxLog2);
  const scaled = H.map((row) => row.map((x) => new Exact(x).div(new Exact(2).pow(k)).toNumber()));
  const Lscaled = symmetricEigen64(scaled).values[0];
  const log10L = (Math.log2(Lscaled) + k) / Math.log2(10);
  if (log10L >= Math.log10(Number.MAX_VALUE)) {
    throw new InputError(
      'H',
      `its largest eigenvalue is about ${(10 ** (log10L - Math.floor(log10L))).toFixed(3)}e${Math.floor(log10L)}, beyond float64's range (1.798e308): the float methods cannot represent L; divide H by a power of ten s (then eta* is s times larger and G' s times smaller)`,
    );
  }
}

function symmetrise(H: string[][]): string[][] {
  return H.map((row, i) =>
    row.map((hij, j) => (i === j || hij === H[j][i] ? hij : new Exact(hij).plus(new Exact(H[j][i])).div(2).toString())),
  );
}

/** |‖w₀‖ − 1| > 1e-12: the theorem's bounds assume a unit w₀. */
export function isUnitNorm(w0: readonly string[]): boolean {
  const n2 = w0.reduce((s, x) => s.plus(new Exact(x).pow(2)), new Exact(0));
  return n2.sqrt().minus(1).abs().lte('1e-12');
}
