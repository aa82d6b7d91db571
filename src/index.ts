/**
 * l2l-verify as a library: the arithmetics, the quadratic engine with every meta-gradient method and
 * the reference, the claims registry and its runner, the precision audit (with auditMetaGradient for
 * your own implementation), the noisy quadratic model and the least-squares experiments.
 */
export * from './arith/index.js';
export * from './quadratic/index.js';
export { Tape, type MagnitudeReport } from './autodiff/tape.js';
export * from './claims/types.js';
export { runClaim, runsScale, type RunOptions } from './claims/run.js';
export { allClaims } from './claims/registry.js';
export { runLedger, type Ledger, type LedgerOptions } from './claims/ledger.js';
export { auditMetaGradient, runAudit, type AuditOptions, type AuditResult, type MetaGradientFn } from './audit/index.js';
export * as nqm from './nqm/index.js';
export * as leastsquares from './leastsquares/index.js';
export * as arbitraries from './arbitraries/index.js';
export { InputError } from './errors.js';
