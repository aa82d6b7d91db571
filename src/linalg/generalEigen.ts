import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { checkSquare } from './symmetricEigen.js';

/** A complex number re + i·im. */
export interface ComplexValue {
  re: number;
  im: number;
}

/**
 * Eigenvalues of a general real square matrix in float64 (ml-matrix: Hessenberg reduction and
 * shifted QR, JAMA's orthes/hqr2; a symmetric input takes its symmetric path). Complex eigenvalues
 * come in conjugate pairs. Sorted by modulus, descending; ties by real part, then imaginary part,
 * descending, so the order is deterministic. Used for the stability of linear dynamics
 * (harrison2022's NQM update matrices), where only the spectral radius and the moduli matter.
 *
 * Accuracy: backward stable, but a non-normal matrix's eigenvalues can be far more sensitive than
 * ε‖M‖ (a defective eigenvalue of multiplicity m moves by ~ε^{1/m}).
 */
export function generalEigenvalues64(M: readonly (readonly number[])[]): ComplexValue[] {
  const d = checkSquare(M);
  if (d === 0) return [];
  const evd = new EigenvalueDecomposition(new Matrix(M.map((r) => Array.from(r))));
  const re = evd.realEigenvalues;
  const im = evd.imaginaryEigenvalues;
  return re
    .map((x, i) => ({ re: x, im: im[i] }))
    .sort((a, b) => Math.hypot(b.re, b.im) - Math.hypot(a.re, a.im) || b.re - a.re || b.im - a.im);
}

/** max |λ| over the eigenvalues of M (0 for the empty matrix). */
export function spectralRadius64(M: readonly (readonly number[])[]): number {
  let r = 0;
  for (const { re, im } of generalEigenvalues64(M)) r = Math.max(r, Math.hypot(re, im));
  return r;
}
