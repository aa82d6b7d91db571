export { symmetricEigen64, normaliseSign, type SymmetricEigen } from './symmetricEigen.js';
export { symmetricEigenDecimal, symmetricEigen, type JacobiOptions, type JacobiEigen } from './jacobi.js';
export { generalEigenvalues64, spectralRadius64, type ComplexValue } from './generalEigen.js';
export {
  validateSymmetricPositiveDefinite,
  validateVector,
  symmetrize,
  DEFAULT_SYMMETRY_TOLERANCE,
  type SpdValidationOptions,
} from './validate.js';
