import type { ClaimDefinition } from './types.js';
import { lemma1Bound, lemma1BoundControl, lemma1Monotone, lemma1MonotoneControl } from './wang2021-sec4-lemma1.js';
import { lemma2EtaTildeAppendix, lemma2EtaTildeAppendixControl, lemma2EtaTildeIcml, lemma2Floor, lemma2FloorControl } from './wang2021-sec4-lemma2.js';
import { lemma3, lemma3Control, lemma4, lemma4Control, lemma5, lemma5Control, lemma6, lemma6Control } from './wang2021-sec4-lemmas36.js';
import { thm5, thm5Control } from './wang2021-sec4-thm5.js';
import { thm6, thm6Control, thm6ControlBound } from './wang2021-sec4-thm6.js';
import { thm10, thm10Control, thm9, thm9Control, thm9ControlEta } from './wang2021-sec4-sgd.js';

/**
 * wang2021 Section 4 (train-by-train vs train-by-validation on least-squares tasks): CLAIMS.md's
 * Section 4 claims, each with a control `<claim id>.control-<what>` that breaks that claim's own
 * predicate (so `--only <claim id>` selects both).
 *
 * Conventions: inner loss (1/2n)Σ(y − ⟨w,x⟩)² (appendix B's normalisation, H = XᵀX/n); truncation at
 * ‖w_τ‖ ≥ 40σ to 40σ·w_τ/‖w_τ‖; test error ‖w_t − w*‖² measured exactly per fresh test task and
 * averaged over K of them. A case is a seed plus the free parameters of the statement's hypotheses
 * (plain integers, so shrinking stays readable); every task is drawn from the seed, so every case
 * replays. The tasks are evaluated by the batched fast paths of src/leastsquares/claims-batch.ts
 * (GD by its eigen closed form, SGD in the row span), each equal to plain simulation to 1e-9
 * relative (spec/leastsquares-claims-batch.spec.ts).
 *
 * The asymptotic theorems (5, 6, 9, 10) state Θ/Ω with open constants: they are `witnessed` with the
 * constants we fixed (`constants`), and each has a frontier (`claims --frontier`) mapping where its
 * named consequences hold over σ, m, t and d. Statistical checks pair test errors over the same
 * test tasks and demand Z = 5 standard errors; the runner's seed is fixed, so CI never flips.
 */
export const wang2021Sec4Claims: ClaimDefinition<any>[] = [
  lemma1Monotone,
  lemma1MonotoneControl,
  lemma1Bound,
  lemma1BoundControl,
  lemma2Floor,
  lemma2FloorControl,
  lemma2EtaTildeIcml,
  lemma2EtaTildeAppendix,
  lemma2EtaTildeAppendixControl,
  lemma3,
  lemma3Control,
  lemma4,
  lemma4Control,
  lemma5,
  lemma5Control,
  lemma6,
  lemma6Control,
  thm5,
  thm5Control,
  thm6,
  thm6Control,
  thm6ControlBound,
  thm9,
  thm9Control,
  thm9ControlEta,
  thm10,
  thm10Control,
];
