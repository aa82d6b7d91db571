import type { QuadraticCaseText } from './input.js';

/**
 * The built-in case `report` uses when given none: the 2×2 quadratic of DESIGN.md on which a
 * float32 framework's backpropagation fails (L = 80, t = 40; meta-training from η₀ = 0.1 > 2/L).
 * Eigenvalues 80 and 1, w₀ = (0.6, 0.8): unit norm, c_min = 0.6.
 */
export const DEFAULT_CASE: QuadraticCaseText = {
  H: [
    ['80', '0'],
    ['0', '1'],
  ],
  w0: ['0.6', '0.8'],
  t: 40,
  eta: ['0', '0.001', '0.01', '0.0125', '0.02', '0.0235', '0.025', '0.05', '0.1', '1'],
};

export const DEFAULT_META_TRAIN = { eta0: 0.1, steps: 10000 } as const;
