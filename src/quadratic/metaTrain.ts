import { float32, float64 } from '../arith/float.js';
import type { Arith } from '../arith/types.js';
import { Quadratic } from './problem.js';
import { stable } from './methods.js';
import { DenseBackprop } from './backpropDense.js';

/**
 * Meta-training of the step size (wang2021 Theorem 4; Tables 1-2 and Figure 1 of Section 5).
 *
 * Projected meta-GD: η_k = max(0, η_{k−1} − μ_k G'(η_{k−1})), μ_k = c/√k (c = 1 in the theorem,
 * c = 0.01 in the experiments). Or RMSProp on the same meta-gradient, the paper's second baseline
 * (TensorFlow's defaults: learning rate 0.001, ρ = 0.9, ε = 1e-7), also projected to η ≥ 0.
 *
 * A non-finite meta-gradient leaves η unchanged and is counted (`nonFinite`): a framework's
 * optimiser step with a NaN/Inf gradient either poisons η or is skipped; we skip it, which is the
 * kinder choice, so a run that still fails to converge fails for its gradient alone. A meta-gradient
 * that underflowed to exactly zero (float backprop's other failure) leaves η unchanged by itself.
 * The float methods run in IEEE mode: they compute what a float framework computes.
 */
export type MetaMethod = 'stable64' | 'backprop64' | 'backprop32';
export const metaMethods: readonly MetaMethod[] = ['stable64', 'backprop64', 'backprop32'];

export interface MetaTrainOptions {
  eta0: number;
  steps: number;
  method: MetaMethod;
  /** 'gd' (default): μ_k = c/√k; 'rmsprop': TensorFlow's RMSProp. */
  optimizer?: 'gd' | 'rmsprop';
  /** c in μ_k = c/√k (default 0.01, the experiments'; Theorem 4 uses 1). */
  c?: number;
  rmsprop?: { learningRate?: number; rho?: number; epsilon?: number };
}

export interface MetaTrainResult {
  /** η₀ … η_K (K + 1 entries). */
  trajectory: number[];
  /** Meta-steps whose meta-gradient was NaN or ±Infinity (η left unchanged). */
  nonFinite: number;
  /** Meta-steps whose meta-gradient was exactly 0 (an underflow in float backprop). */
  zeroGradients: number;
}

/** The meta-gradient G'(η) of `method`, as a function of η in that method's own arithmetic. */
export function metaGradientFn(H: readonly (readonly string[])[], w0: readonly string[], t: number, method: MetaMethod): (eta: number) => number {
  const arith: Arith<number> = method === 'backprop32' ? float32('ieee') : float64('ieee');
  const q = Quadratic.fromText(arith, H, w0);
  if (method === 'stable64') {
    q.spectrum();
    return (eta) => stable(q, eta, t).dG;
  }
  // the flat-array specialisation, bit-identical to backprop(q, eta, t).dG (spec/backpropDense.spec.ts)
  const round = method === 'backprop32' ? Math.fround : (x: number) => x;
  const dense = new DenseBackprop(q.H, q.w0, round);
  return (eta) => dense.dG(round(eta), t);
}

export function metaTrain(H: readonly (readonly string[])[], w0: readonly string[], t: number, options: MetaTrainOptions, onStep?: (k: number) => void): MetaTrainResult {
  const { eta0, steps, method, optimizer = 'gd', c = 0.01, rmsprop = {} } = options;
  const { learningRate = 0.001, rho = 0.9, epsilon = 1e-7 } = rmsprop;
  const grad = metaGradientFn(H, w0, t, method);
  const round = method === 'backprop32' ? Math.fround : (x: number) => x;
  let eta = round(eta0);
  let v = 0;
  let nonFinite = 0;
  let zeroGradients = 0;
  const trajectory = [eta];
  for (let k = 1; k <= steps; k++) {
    const g = grad(eta);
    if (!Number.isFinite(g)) nonFinite++;
    else {
      if (g === 0) zeroGradients++;
      if (optimizer === 'gd') {
        eta = round(Math.max(0, eta - (c / Math.sqrt(k)) * g));
      } else {
        v = round(rho * v + (1 - rho) * g * g);
        eta = round(Math.max(0, eta - (learningRate * g) / (Math.sqrt(v) + epsilon)));
      }
    }
    trajectory.push(eta);
    onStep?.(k);
  }
  return { trajectory, nonFinite, zeroGradients };
}
