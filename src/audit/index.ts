/**
 * The precision audit of meta-gradients (issue 5): how many digits of G'(η) each way of computing
 * it keeps, where float32 and float64 backpropagation break and why (wang2021 Theorem 3,
 * Corollary 1), a TensorFlow.js peer, and any user's own implementation beside them.
 *
 * Data first (`runAudit`, `auditMetaGradient` return plain `AuditResult` data); the writers
 * (`auditJson`, `auditMarkdown`, `auditHtml`) only format it.
 */
import { runAudit, type AuditOptions, type UserMethodSpec } from './run.js';
import type { MetaGradientFn } from './userMethod.js';
import type { AuditResult } from './types.js';

export { runAudit, grade, type AuditOptions, type AuditProgress, type UserMethodSpec } from './run.js';
export * from './types.js';
export { THRESHOLDS } from './thresholds.js';
export { DEFAULT_T_GRID, DEFAULT_ETA_SPECS, parseEta, etaGrid } from './grid.js';
export { defaultCaseSpec, inputCaseSpec, wishartCase, wishartFamily, type AuditCaseSpec, type WishartParams } from './cases.js';
export { functionRunner, moduleRunner, type MetaGradientFn, type UserRunner, type UserCall } from './userMethod.js';
export { loadTfjs, type TfjsPeer } from './tfjs.js';
export { carryingFamilies, predictBreakdown, rateData, spectralData, tapeFamilies, extremeRates } from './predict.js';
export { tapeStudy } from './tape.js';
export { auditJson } from './writers/json.js';
export { auditMarkdown } from './writers/markdown.js';
export { auditHtml, auditHtmlFragment } from './writers/html.js';

/**
 * Audits your own meta-gradient beside the built-in methods.
 *
 * `fn(eta, H, w0, t)` must return G'(η) = d/dη [ln f(w_{t,η}) / t] for f(w) = ½wᵀHw and
 * w_{k+1} = w_k − ηHw_k from w₀ (H: d×d symmetric positive definite, w₀: length d, t ≥ 1), as a
 * number or a promise of one. It is called once per (t, η) of the grid with fresh copies of H and
 * w₀ (the doubles nearest to the case's decimal texts) and graded like the built-in columns:
 * significant digits against the arbitrary-precision reference, relative to max(|G'|, S).
 *
 * Instead of a function you may pass the path of an ES module exporting `metaGradient` (or a
 * default function): it then runs in a worker thread, so even a synchronous infinite loop is cut
 * off at the timeout. A function runs in this thread, where only a promise that never settles can
 * be cut off. Either way a call that throws, returns a non-number or times out is reported as such
 * at its point (status "error", "notNumber", "timeout"); after `maxTimeouts` timeouts (default 3)
 * the rest of the column is "skipped". A missing module file, or one without the export, throws an
 * InputError.
 *
 * `options` are `runAudit`'s (grid, cases, methods, timeoutMs = 10 000, ...) plus `name`, the
 * column's name (default: the function's name).
 *
 * @example
 *   const result = await auditMetaGradient((eta, H, w0, t) => myGrad(eta, H, w0, t), { t: [10, 100], eta: ['1/L', '2/L'] });
 *   console.log(result.cases[0].summaries.map((s) => s.verdict).join('\n'));
 */
export async function auditMetaGradient(fn: MetaGradientFn | string, options: AuditOptions & { name?: string } = {}): Promise<AuditResult> {
  const { name, users = [], ...rest } = options;
  const spec: UserMethodSpec = typeof fn === 'string' ? { module: fn, ...(name ? { name } : {}) } : { fn, ...(name ? { name } : {}) };
  return runAudit({ ...rest, users: [...users, spec] });
}
