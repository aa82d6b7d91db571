/// <reference types="vitest" preserve="true" />
/**
 * `l2l-verify/vitest`: l2l-verify inside a user's own vitest suite (issue 11 item 3).
 *
 *   import 'l2l-verify/vitest';
 *   await expect(myMetaGradient).toKeepDigits(10);          // audited against the reference
 *   claimSuite('my claims', [defineClaim({ ... })]);        // seeds, shrinking, replay
 *
 * Importing this module registers the `toKeepDigits` matcher on vitest's `expect` (a side effect,
 * as jest-dom's and jest-extended's entries do). vitest is a peer dependency: this entry uses the
 * user's own vitest, so the matcher lands on the `expect` their tests import.
 */
// The reference above stays in index.d.ts (preserve): without it the d.ts imports nothing from
// vitest (the value import below is elided), and TypeScript then drops the augmentation when a
// user's file imports 'l2l-verify/vitest' before anything imports 'vitest'.
import { expect } from 'vitest';
import type { ClaimDefinition } from '../claims/types.js';
import type { MetaGradientFn } from '../audit/userMethod.js';
import { claimSuite as baseClaimSuite } from './claimSuite.js';
import { formatKeepDigits, keepDigits, type KeepDigitsOptions } from './keepDigits.js';
import { vitestReplay } from './replay.js';

export { keepDigits, formatKeepDigits, KEEP_DIGITS_DEFAULTS, type KeepDigitsCase, type KeepDigitsOptions, type KeepDigitsPoint, type KeepDigitsReport } from './keepDigits.js';
export { defineClaim, CLAIM_DEFAULTS, type ClaimInput } from './defineClaim.js';
export type { MetaGradientFn } from '../audit/userMethod.js';
export type { CheckOutcome, ClaimClass, ClaimDefinition, Verdict } from '../claims/types.js';

interface KeepDigitsMatchers<R = unknown> {
  /**
   * Audits a meta-gradient `(eta, H, w0, t) => G′(η)` (a number or a promise of one; G(η) =
   * ln f(w_t)/t, f(w) = ½wᵀHw, w_{k+1} = w_k − ηHw_k) against l2l-verify's arbitrary-precision
   * reference on a (t, η) grid over a seeded family of quadratics (or `options.cases`). Passes
   * when every point keeps at least `digits` significant digits, counted relative to
   * max(|G′|, S) as `l2l-verify eval` counts them. A failure names the worst point (case, t, η,
   * digits kept, seed); a function that throws or returns a non-number fails saying so.
   * Asynchronous: `await` it, and give the test a timeout (the default grid takes about 1 s, more
   * on a shared machine; vitest's default is 5 s). Defaults (KEEP_DIGITS_DEFAULTS): seed 1, 3 Wishart quadratics of
   * dimension 4, t ∈ {1, 10, 100, 1000}, η ∈ {1e-3/L, 1e-2/L, 0.1/L, 1/L, 2/(α+L), 2/L, 10/L, 100/L}.
   */
  toKeepDigits(digits: number, options?: KeepDigitsOptions): R;
}

// Assertion only, not AsymmetricMatchersContaining: an asymmetric matcher is evaluated
// synchronously inside an equality check, and the audit is asynchronous (a user's G′ may return a
// promise), so `expect.toKeepDigits(...)` could never work; typing it would promise what is not there.
declare module 'vitest' {
  interface Assertion<T = any> extends KeepDigitsMatchers<Promise<void>> {}
}

expect.extend({
  async toKeepDigits(received: unknown, digits: number, options?: KeepDigitsOptions) {
    const report = await keepDigits(received as MetaGradientFn, digits, options);
    const isNot = this.isNot === true;
    return { pass: report.pass, message: () => formatKeepDigits(report, isNot) };
  },
});

/**
 * One vitest test per claim (title = its id), asserting the verdict its `expected` names, with
 * fast-check's shrinking; a mismatch prints the seed, the path and the line that replays it
 * (`L2L_REPLAY='<id> <seed> <path>' npx vitest run -t '<id>'`). Claims come from `defineClaim`.
 * L2L_RUNS_SCALE multiplies every claim's runs. Call it at the top level of a test file.
 */
export function claimSuite(title: string, claims: readonly ClaimDefinition<any>[]): void {
  baseClaimSuite(title, claims, vitestReplay);
}
