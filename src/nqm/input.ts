import { decimalArith } from '../arith/decimal.js';
import { InputError } from '../errors.js';
import { asInteger, asMatrix, asNumberArray, asNumberText, asObject, type ExactJson } from '../io/json.js';
import { symmetricEigenvalues } from './eigen.js';
import { validateSymmetricPositiveDefinite } from '../linalg/validate.js';
import { checkLimit, MAX_FIGURE_POINTS, MAX_NQM_D } from '../limits.js';

/**
 * sys.json of `nqm` (CLI.md), every number kept as its decimal text so that the decimal reference
 * sees exactly what is written (the float64 path rounds each text to the nearest double).
 */
export interface NqmCaseText {
  H: string[][];
  P: string[][];
  alpha: string;
  SigmaXi: string[][];
  phi0: string[];
  T: number[];
}

const D = decimalArith(80);

function finiteText(text: string, field: string): string {
  const x = Number(text);
  if (!Number.isFinite(x)) throw new InputError(field, `must be a finite number within float64 range, got ${text}; give a finite value`);
  return text;
}

function squareMatrix(v: ExactJson | undefined, field: string, n?: number): string[][] {
  const M = asMatrix(v, field);
  const size = n ?? M.length;
  if (size === 0) throw new InputError(field, 'must be a non-empty square matrix (number[][])');
  if (M.length !== size) throw new InputError(field, `must have ${size} rows (the size of H), got ${M.length}; give a ${size}x${size} matrix`);
  M.forEach((row, i) => {
    if (row.length !== size) throw new InputError(`${field}[${i}]`, `must have ${size} entries (a ${size}x${size} matrix), got ${row.length}`);
    row.forEach((x, j) => finiteText(x, `${field}[${i}][${j}]`));
  });
  return M;
}

function checkSymmetric(M: string[][], field: string): void {
  for (let i = 0; i < M.length; i++)
    for (let j = i + 1; j < M.length; j++)
      if (!D.fromString(M[i][j]).eq(D.fromString(M[j][i])))
        throw new InputError(field, `must be symmetric, but ${field}[${i}][${j}] = ${M[i][j]} differs from ${field}[${j}][${i}] = ${M[j][i]}; make them equal`);
}

export function parseNqmCase(json: ExactJson): NqmCaseText {
  const o = asObject(json, 'sys.json');
  // sizes first (issue 9 item 3), before any decimal is made
  if (Array.isArray(o.H)) checkLimit('H', o.H.length, MAX_NQM_D, 'd (its number of rows)');
  if (Array.isArray(o.T)) checkLimit('T', o.T.length, MAX_FIGURE_POINTS, 'the number of horizons');
  const H = squareMatrix(o.H, 'H');
  const n = H.length;
  // exactly symmetric (the dynamics use H as written), and positive definite decided on the exact texts
  validateSymmetricPositiveDefinite(H, 'H', { symmetryTolerance: 0 });
  const P = squareMatrix(o.P, 'P', n);
  const alpha = finiteText(asNumberText(o.alpha, 'alpha'), 'alpha');
  const SigmaXi = squareMatrix(o.SigmaXi, 'SigmaXi', n);
  checkSymmetric(SigmaXi, 'SigmaXi');
  const ev = symmetricEigenvalues(SigmaXi, 80);
  const scale = ev.reduce((m, x) => (x.abs().gt(m) ? x.abs() : m), D.zero);
  if (ev[0].lt(scale.times('-1e-30')))
    throw new InputError('SigmaXi', `must be positive semi-definite, but it has the eigenvalue ${ev[0].toSignificantDigits(6).toString()}; give a covariance matrix`);
  const phi0 = asNumberArray(o.phi0, 'phi0');
  if (phi0.length !== n) throw new InputError('phi0', `must have ${n} entries (the size of H), got ${phi0.length}`);
  phi0.forEach((x, i) => finiteText(x, `phi0[${i}]`));
  if (o.T === undefined) throw new InputError('T', 'is missing; add a list of horizons, e.g. [1, 10, 100]');
  if (!Array.isArray(o.T) || o.T.length === 0) throw new InputError('T', 'must be a non-empty list of positive integers, e.g. [1, 10, 100]');
  const T = o.T.map((v, i) => asInteger(v, `T[${i}]`, 1));
  for (const [i, t] of T.entries()) if (t > 1e9) throw new InputError(`T[${i}]`, `must be at most 1e9, got ${t}`);
  return { H, P, alpha, SigmaXi, phi0, T };
}
