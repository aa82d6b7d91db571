import * as fc from 'fast-check';
import { gdBatch, pairedStats } from '../leastsquares/claims-experiment.js';
import { logGrid } from '../leastsquares/grid.js';
import type { ClaimDefinition, FrontierPoint, FrontierScale } from './types.js';
import { Z, decide, g, type Consequences } from './wang2021-sec4-common.js';

/**
 * wang2021 Theorem 6 (appendix C): n ≫ d, TbT's test error ≤ (1+ε)dσ²/n. Open constants c, c₂, c₃,
 * c₄ (and the log factors): fixed openly here (THM6), mapped over σ, m, d, ε by the frontier.
 */
export const THM6 = { c: 8, m: 50, K: 300, t: 30, sigma: 1, dMin: 4, dMax: 10, epsMin: 0.4, epsMax: 0.9, grid: logGrid(1e-3, 2, 31) };

/** n = 2⌈c·d/(2ε²)⌉ ≥ c·d/ε² (Theorem 6's n ≥ (c d/ε²) log(nm/(εd)), the log absorbed in c; even for TbV's split). */
export const thm6N = (d: number, eps: number, c = THM6.c) => 2 * Math.ceil((c * d) / (2 * eps * eps));

export interface Thm6Params {
  seed: number;
  d: number;
  eps: number;
  sigma: number;
  m: number;
  K: number;
  tbv?: boolean;
}

export function thm6Evaluate(p: Thm6Params): Consequences & { undecided: string[]; tbtTest: Float64Array; tbvTest?: Float64Array } {
  const n = thm6N(p.d, p.eps);
  const r = gdBatch({ d: p.d, n, n1: n / 2, n2: n / 2, m: p.m, K: p.K, seed: p.seed, grid: THM6.grid, sigmas: [p.sigma], ts: [THM6.t], tbt: true, tbv: p.tbv ?? false });
  const bound = ((1 + p.eps) * p.d * p.sigma * p.sigma) / n;
  const st = pairedStats(r.tbt!.test[0][0]!);
  // three-valued, as every inequality of the ledger: shown by Z standard errors, refuted by Z, or not
  // decided at this sample size (then the case is `undecided`, never held and never falsified)
  const shown = decide(bound - st.mean, st.se);
  const line = `n=${n}, η*_train=${g(r.tbt!.eta[0][0])}, test error ${g(st.mean)} ± ${g(st.se)} vs (1+ε)dσ²/n = ${g(bound)} (dσ²/n = ${g((p.d * p.sigma ** 2) / n)})`;
  return {
    holds: { 'tbt-error-within-(1+eps)d*sigma2/n': decide(bound - st.mean, st.se) },
    values: { n, etaTrain: r.tbt!.eta[0][0], testError: st.mean, se: st.se, bound, ratio: st.mean / bound },
    fails: shown === false ? [line] : [],
    undecided: shown === null ? [line] : [],
    notes: [line],
    tbtTest: r.tbt!.test[0][0]!,
    tbvTest: r.tbv?.test[0][0] ?? undefined,
  };
}

interface Thm6Case {
  seed: number;
  d: number;
  /** ε in hundredths. */
  epsPct: number;
}

const thm6Arb = () =>
  fc.record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    d: fc.integer({ min: THM6.dMin, max: THM6.dMax }),
    epsPct: fc.integer({ min: THM6.epsMin * 100, max: THM6.epsMax * 100 }),
  });

export function thm6Frontier(scale: FrontierScale): FrontierPoint[] {
  const quick = scale === 'quick';
  const out: FrontierPoint[] = [];
  for (const sigma of quick ? [1, 2, 4, 8] : [0.5, 1, 4, 8])
    for (const m of quick ? [50, 400] : [50, 400])
      for (const d of quick ? [4, 16] : [4, 8, 16])
        for (const eps of quick ? [0.3, 0.9] : [0.3, 0.5, 0.9]) {
          const e = thm6Evaluate({ seed: 1, d, eps, sigma, m, K: quick ? 200 : 500 });
          out.push({ at: { sigma, m, d, eps, n: e.values.n, t: THM6.t }, holds: e.holds, values: e.values });
        }
  return out;
}

export const thm6: ClaimDefinition<Thm6Case> = {
  id: 'wang2021.thm6.large-n',
  source: 'wang2021 Theorem 6 (appendix C)',
  statement: `n ≫ d: d ∈ [${THM6.dMin}, ${THM6.dMax}], ε ∈ [${THM6.epsMin}, ${THM6.epsMax}], n = 2⌈${THM6.c}d/(2ε²)⌉, with the witness constants σ = c₁ = ${THM6.sigma}, t = ${THM6.t}, m = ${THM6.m}, K = ${THM6.K} test tasks, η* the minimiser over a 31-point log grid on [1e-3, 2]: the TbT test error E‖w_{t,η*_train} − w*‖² is ≤ (1+ε)dσ²/n, by at least ${Z} standard errors of the test-task mean. The frontier maps it over σ ∈ [0.5, 8], m ∈ [50, 400], d, ε.`,
  control: false,
  // With the unified random streams one case of 60 (d = 4, ε = 0.72, n = 62) is not decided by 5
  // standard errors with K = 300 test tasks: test error 0.093 ± 0.021 against the bound 0.111.
  expected: 'undecided',
  kind: 'witnessed',
  constants: { c: THM6.c, c1_sigma: THM6.sigma, c2_t: THM6.t, c3_m: THM6.m, c4_d: [THM6.dMin, THM6.dMax], K_testTasks: THM6.K, grid: '31-point log grid on [1e-3, 2]', zScore: Z },
  class: {
    generated: { d: [THM6.dMin, THM6.dMax], eps: [THM6.epsMin, THM6.epsMax], n: `2⌈${THM6.c}d/(2ε²)⌉`, sigma: THM6.sigma, t: THM6.t, m: THM6.m, inner: 'gd' },
    admitted: 'σ a constant; 0 < ε < 1; n ≥ (c d/ε²) log(nm/(εd)); t ≥ c₂ log(n/(εd)); m ≥ (c₃ n²/(ε⁴d²)) log(tnm/(εd)) — our m = 50 is far below that (it asks ~64c₃/ε⁸ log(·)), so the check is stronger than the statement there; d ≥ c₄',
  },
  runs: 60,
  arbitrary: thm6Arb,
  check: (c) => {
    const e = thm6Evaluate({ seed: c.seed, d: c.d, eps: c.epsPct / 100, sigma: THM6.sigma, m: THM6.m, K: THM6.K });
    return { ok: e.fails.length === 0, undecided: e.undecided.length > 0, tightness: e.values.ratio, detail: e.notes[0] };
  },
  frontier: thm6Frontier,
};

export const thm6Control: ClaimDefinition<Thm6Case> = {
  id: 'wang2021.thm6.large-n.control-tbv-beats-tbt',
  source: 'control of wang2021 Theorems 5 and 6',
  statement:
    'Deliberately wrong (Theorem 5’s ordering carried into the n ≫ d regime): with n ≫ d, TbV (n/2 + n/2) has a smaller test error than TbT (n). In truth TbT reaches ≈ dσ²/n and TbV, training on n/2, ≈ 2dσ²/n.',
  control: true,
  controlOf: 'wang2021.thm6.large-n',
  expected: 'falsified',
  runs: 3,
  arbitrary: () => fc.noShrink(thm6Arb()),
  check: (c) => {
    const e = thm6Evaluate({ seed: c.seed, d: c.d, eps: c.epsPct / 100, sigma: THM6.sigma, m: THM6.m, K: THM6.K, tbv: true });
    const st = pairedStats(e.tbtTest, e.tbvTest!);
    return { ok: st.mean > 0, detail: `paired TbT − TbV test error ${g(st.mean)} ± ${g(st.se)}` };
  },
};

export const thm6ControlBound: ClaimDefinition<Thm6Case> = {
  id: 'wang2021.thm6.large-n.control-bound-without-d',
  source: 'control of wang2021 Theorem 6',
  statement: 'Deliberately wrong: the claim’s own predicate with the bound (1+ε)σ²/n (the factor d dropped): the ERM’s error ≈ dσ²/n exceeds it for every d ≥ 2.',
  control: true,
  controlOf: 'wang2021.thm6.large-n',
  expected: 'falsified',
  runs: 3,
  arbitrary: () => fc.noShrink(thm6Arb()),
  check: (c) => {
    const e = thm6Evaluate({ seed: c.seed, d: c.d, eps: c.epsPct / 100, sigma: THM6.sigma, m: THM6.m, K: THM6.K });
    const bound = e.values.bound / c.d;
    return { ok: e.values.testError + Z * e.values.se <= bound, detail: `test error ${g(e.values.testError)} vs (1+ε)σ²/n = ${g(bound)}` };
  },
};
