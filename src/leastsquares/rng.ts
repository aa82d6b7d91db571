import { Rng } from '../random/rng.js';

/**
 * The least-squares experiment's view of the project's one seeded-stream module (src/random):
 * every stream is a pure function of (seed, role, index), so a task's data never depend on which
 * worker drew it or in which order; that is what makes results identical for any number of workers.
 * These helpers are thin names kept for the callers (and src/claims/wang2021-sec4.ts) that use them.
 */
export type { Rng } from '../random/rng.js';

/** Roles keep the streams of different kinds of tasks apart (a plain object: const enums do not survive isolated transpilers). */
export const StreamRole = { Train: 1, Test: 2, SgdTrain: 3, SgdTest: 4 } as const;

/** The stream keyed by (seed, role, index): `Rng.stream`. */
export function streamRng(seed: number, role: number, index: number): Rng {
  return Rng.stream(seed, role, index);
}

/** Uniform in [0, 1) with 53 random bits. */
export function uniform01(rng: Rng): number {
  return rng.nextFloat();
}

/** Uniform integer in [0, n): rejection sampling on 32 bits, so exactly uniform. */
export function uniformIndex(rng: Rng, n: number): number {
  return rng.uniformIndex(n);
}

/** out[from … to) ← i.i.d. N(0, scale²) (the module's one Gaussian, the ziggurat). */
export function fillGaussian(rng: Rng, out: Float64Array, scale = 1, from = 0, to = out.length): void {
  rng.fillGaussian(out, scale, from, to);
}

/** A point uniform on the unit sphere of ℝ^d (the module's one sphere sampler). */
export function unitSphere(rng: Rng, d: number): Float64Array {
  const v = new Float64Array(d);
  rng.unitSphereInto(v);
  return v;
}
