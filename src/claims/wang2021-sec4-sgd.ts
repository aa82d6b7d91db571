import * as fc from 'fast-check';
import { pairedStats, sgdBatch } from '../leastsquares/claims-experiment.js';
import { logGrid } from '../leastsquares/grid.js';
import type { ClaimDefinition, FrontierPoint, FrontierScale } from './types.js';
import { OMEGA_SIGMA2, Z, all3, decide, g, lowerBoundCheck, pct, type Consequences } from './wang2021-sec4-common.js';

/**
 * wang2021 Theorems 9 and 10 (appendix D): SGD, one uniformly drawn sample a step, η restricted.
 * The paper's meta-loss is an expectation over the SGD noise; we use one SGD path per task (its
 * unbiased estimate; the average over m tasks averages the SGD noise too) with the index sequence
 * shared by every η of the grid.
 */

// ---------------------------------------------------------------- Theorem 9

/**
 * Appendix D restricts η to [0, 1/(2L³d)] with L = 100, which makes t ≥ c₂d astronomically long (ηλt
 * must be large for SGD to approach the ERM); its text calls the restriction "into O(1/d)". We fix
 * the range [0, 1/(2d)] (SGD is stable there: η‖x‖² ≈ 1/2) and c₂ = 100.
 */
export const THM9 = { m: 20, K: 100, c2: 100, points: 13, sigma: 1, dMin: 8, dMax: 16, etaTimesD: 1 / 8 };

export interface Thm9Params {
  seed: number;
  d: number;
  nPct: number;
  sigma: number;
  m: number;
  K: number;
  c2: number;
  /** Also run 2d (the Ω(1/d) scaling) and 2σ (the Ω(1)σ² scaling). */
  scaling: boolean;
}

function thm9Run(d: number, nPct: number, sigma: number, seed: number, m: number, K: number, c2: number) {
  const etaMax = 1 / (2 * d);
  return sgdBatch({ d, n: pct(d, nPct), n1: 1, n2: 1, m, K, seed, grid: logGrid(etaMax / 1000, etaMax, THM9.points), sigma, t: c2 * d, truncate: false, tbt: true, tbv: false }).tbt!;
}

export function thm9Evaluate(p: Thm9Params): Consequences {
  const holds: Record<string, boolean | null> = { 'eta-train-omega-1/d': true, 'tbt-error-omega-sigma2': p.K > 0 ? true : null };
  const iiDecided: (boolean | null)[] = [];
  const values: Record<string, number> = {};
  const fails: string[] = [];
  const notes: string[] = [];
  const base = thm9Run(p.d, p.nPct, p.sigma, p.seed, p.m, p.K, p.c2);
  const runs: [number, number, typeof base][] = [[p.d, p.sigma, base]];
  if (p.scaling) {
    runs.push([2 * p.d, p.sigma, thm9Run(2 * p.d, p.nPct, p.sigma, p.seed, p.m, 0, p.c2)]);
    runs.push([p.d, 2 * p.sigma, thm9Run(p.d, p.nPct, 2 * p.sigma, p.seed, p.m, p.K, p.c2)]);
  }
  for (const [d, sigma, r] of runs) {
    if (sigma === p.sigma) {
      values[`etaTimesD@d=${d}`] = r.eta * d;
      notes.push(`d=${d}: η*·d=${g(r.eta * d)}`);
      if (!(r.eta * d >= THM9.etaTimesD)) {
        holds['eta-train-omega-1/d'] = false;
        fails.push(`(i) η*_train·d = ${g(r.eta * d)} < ${THM9.etaTimesD} at d=${d}`);
      }
    }
    if (d === p.d && p.K > 0) {
      const lb = lowerBoundCheck(r.test, sigma);
      iiDecided.push(lb.decided);
      values[`tbtErrorOverSigma2@${sigma}`] = lb.mean;
      notes.push(`σ=${sigma}: test error/σ² ≥ ${g(lb.mean)}`);
      if (!lb.ok) {
        fails.push(`(ii) test error/σ² at σ=${sigma} is ${g(lb.mean)} ± ${g(lb.se)} (capped), not above ${OMEGA_SIGMA2} by ${Z} SE`);
      }
    }
  }
  if (p.K > 0) holds['tbt-error-omega-sigma2'] = all3(iiDecided);
  return { holds, values, fails, notes };
}

interface Thm9Case {
  seed: number;
  d: number;
  nPct: number;
}

const thm9Arb = () =>
  fc.record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    d: fc.integer({ min: THM9.dMin, max: THM9.dMax }),
    nPct: fc.integer({ min: 25, max: 75 }),
  });

export function thm9Frontier(scale: FrontierScale): FrontierPoint[] {
  const quick = scale === 'quick';
  const out: FrontierPoint[] = [];
  for (const sigma of quick ? [1, 2, 4, 8] : [0.5, 1, 2, 4, 8])
    for (const m of quick ? [50, 400] : [50, 400])
      for (const d of quick ? [8, 16] : [8, 16, 32])
        for (const c2 of quick ? [25, 100] : [10, 25, 100]) {
          const e = thm9Evaluate({ seed: 1, d, nPct: 50, sigma, m, K: quick ? 100 : 400, c2, scaling: false });
          out.push({ at: { sigma, m, d, t: c2 * d }, holds: e.holds, values: e.values });
        }
  return out;
}

export const thm9: ClaimDefinition<Thm9Case> = {
  id: 'wang2021.thm9.sgd-tbt',
  source: 'wang2021 Theorem 9 (appendix D.1)',
  statement: `SGD without truncation, η restricted to [0, 1/(2d)] (${THM9.points}-point log grid on [1/(2000d), 1/(2d)]), n ∈ [d/4, 3d/4], d ∈ [${THM9.dMin}, ${THM9.dMax}] and 2d, with the witness constants t = c₂d, c₂ = ${THM9.c2}, σ = ${THM9.sigma} and 2σ, m = ${THM9.m}, K = ${THM9.K} test tasks, one SGD path per task: (i) η*_train·d ≥ ${THM9.etaTimesD} at d and 2d (Ω(1/d)); (ii) the TbT test error is ≥ σ²/8 at σ and 2σ, by ${Z} standard errors (Ω(1)σ²; per-task errors capped at 4(σ²+1)). The frontier maps (i)–(ii) over σ ∈ [0.5, 8], m ∈ [50, 400], d, t. Frontier finding: η*_train·d = 0.5, the upper end of the fixed range, at every grid point — (i) is decided by the range restriction, TbT always takes the largest allowed step.`,
  control: false,
  expected: 'witnessed',
  kind: 'witnessed',
  constants: { c2: THM9.c2, etaRange: '[0, 1/(2d)] (the paper: [0, 1/(2L³d)], L = 100)', sigma: [THM9.sigma, 2 * THM9.sigma], m: THM9.m, K_testTasks: THM9.K, gridPoints: THM9.points, etaTimesDLowerBound: THM9.etaTimesD, omegaSigma2: OMEGA_SIGMA2, zScore: Z },
  class: {
    generated: { d: [THM9.dMin, THM9.dMax], dScaled: '2d', nOverD: [0.25, 0.75], t: 'c₂d', sigma: [THM9.sigma, 2 * THM9.sigma], m: THM9.m, inner: 'sgd, one path per task, no truncation' },
    admitted: 'n ∈ [d/4, 3d/4]; σ a constant; t ≥ c₂d; d ≥ c₄ log m; η ∈ [0, 1/(2L³d)] (L = 100); meta-loss the expectation over SGD noise; probability ≥ 0.99 over training and test tasks',
  },
  runs: 60,
  arbitrary: thm9Arb,
  check: (c) => {
    const e = thm9Evaluate({ seed: c.seed, d: c.d, nPct: c.nPct, sigma: THM9.sigma, m: THM9.m, K: THM9.K, c2: THM9.c2, scaling: true });
    return { ok: e.fails.length === 0, detail: (e.fails.length ? e.fails : e.notes).join('; ') };
  },
  frontier: thm9Frontier,
};

export const thm9Control: ClaimDefinition<Thm9Case> = {
  id: 'wang2021.thm9.sgd-tbt.control-tbt-generalises',
  source: 'control of wang2021 Theorem 9',
  statement: 'Deliberately wrong: the claim’s consequence (ii) reversed: the TbT test error is below σ²/8 (TbT generalises), at σ = 1, same runs as the claim.',
  control: true,
  controlOf: 'wang2021.thm9.sgd-tbt',
  expected: 'falsified',
  runs: 5,
  arbitrary: () => fc.noShrink(thm9Arb()),
  check: (c) => {
    const e = thm9Evaluate({ seed: c.seed, d: c.d, nPct: c.nPct, sigma: THM9.sigma, m: THM9.m, K: THM9.K, c2: THM9.c2, scaling: false });
    const v = e.values[`tbtErrorOverSigma2@${THM9.sigma}`];
    return { ok: v < OMEGA_SIGMA2, detail: `test error/σ² = ${g(v)} (capped)` };
  },
};

export const thm9ControlEta: ClaimDefinition<Thm9Case> = {
  id: 'wang2021.thm9.sgd-tbt.control-eta-1-over-d2',
  source: 'control of wang2021 Theorem 9',
  statement: 'Deliberately wrong: consequence (i) with 1/d² in place of 1/d read as an upper bound, η*_train ≤ 1/(8d²) (the minimiser sits near the bottom of the range): the true Ω(1/d) minimiser is far above it.',
  control: true,
  controlOf: 'wang2021.thm9.sgd-tbt',
  expected: 'falsified',
  runs: 5,
  arbitrary: () => fc.noShrink(thm9Arb()),
  check: (c) => {
    const e = thm9Evaluate({ seed: c.seed, d: c.d, nPct: c.nPct, sigma: THM9.sigma, m: THM9.m, K: 0, c2: THM9.c2, scaling: false });
    const v = e.values[`etaTimesD@d=${c.d}`];
    return { ok: v / c.d <= 1 / (8 * c.d * c.d), detail: `η*_train·d = ${g(v)}` };
  },
};

// ---------------------------------------------------------------- Theorem 10

/**
 * Appendix D.2: η ∈ [0, 1/(c₅d² log² d)], t ≥ c₂d² log² d, σ a large constant c₁, m ≥ c₃, d ≥ c₄.
 * We fix c₅ = 1, c₂ = 1 (t₁ = ⌈d² ln² d⌉, t₂ = 2t₁) and a 21-point log grid on [1e-2, 1]·η_max (ten
 * a decade, so η*(t₂) = η*(t₁)/2 lands on the grid up to 0.3%).
 */
export const THM10 = { m: 100, K: 300, points: 21, lo: 1e-2, sigma: 1, dMin: 8, dMax: 10, band: [0.6, 1.6] as const };

export interface Thm10Params {
  seed: number;
  d: number;
  n1Pct: number;
  n2Pct: number;
  sigma: number;
  m: number;
  K: number;
  /** t₁ = ⌈c₂ d² ln² d⌉. */
  c2: number;
}

export function thm10Evaluate(p: Thm10Params): Consequences {
  const L2 = (p.d * Math.log(p.d)) ** 2;
  const etaMax = 1 / L2;
  const t1 = Math.ceil(p.c2 * L2);
  const common = { d: p.d, n: 1, n1: pct(p.d, p.n1Pct), n2: pct(p.d, p.n2Pct), sigma: p.sigma, m: p.m, grid: logGrid(etaMax * THM10.lo, etaMax, THM10.points), seed: p.seed, truncate: true, tbt: false, tbv: true };
  const a = sgdBatch({ ...common, t: t1, K: p.K }).tbv!;
  const b = sgdBatch({ ...common, t: 2 * t1, K: 0 }).tbv!;
  const ratio = (2 * b.eta) / a.eta;
  const holds: Record<string, boolean | null> = { 'eta-valid-1/t': ratio >= THM10.band[0] && ratio <= THM10.band[1], 'tbv-error-below-1': null };
  const values: Record<string, number> = { t1, etaValid: a.eta, etaValidT: a.eta * t1, etaValidTRatio: ratio };
  const fails: string[] = [];
  if (!holds['eta-valid-1/t']) fails.push(`(i) t·η*_valid changed by ×${g(ratio)} as t doubled (η* ${g(a.eta)} → ${g(b.eta)})`);
  const notes = [`t₁=${t1}: η*_valid ${g(a.eta)} → ${g(b.eta)} (×t ratio ${g(ratio)})`];
  if (p.K > 0) {
    const st = pairedStats(a.test.map((x) => 1 - x));
    values.tbvMargin = st.mean;
    values.tbvMarginZ = st.mean / st.se;
    holds['tbv-error-below-1'] = decide(st.mean, st.se);
    if (!(st.mean > Z * st.se)) fails.push(`(ii) TbV test error ${g(1 - st.mean)} not below 1 by ${Z} SE (${g(st.se)})`);
    notes.push(`1 − test error ${g(st.mean)} ± ${g(st.se)}`);
  }
  return { holds, values, fails, notes };
}

interface Thm10Case {
  seed: number;
  d: number;
  n1Pct: number;
  n2Pct: number;
}

const thm10Arb = () =>
  fc.record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    d: fc.integer({ min: THM10.dMin, max: THM10.dMax }),
    n1Pct: fc.integer({ min: 25, max: 75 }),
    n2Pct: fc.integer({ min: 25, max: 75 }),
  });

export function thm10Frontier(scale: FrontierScale): FrontierPoint[] {
  const quick = scale === 'quick';
  const out: FrontierPoint[] = [];
  for (const sigma of quick ? [1, 2, 4, 8] : [0.5, 1, 2, 4, 8])
    for (const m of quick ? [50, 100, 400] : [50, 100, 400])
      for (const d of quick ? [8, 10] : [8, 10, 12])
        for (const c2 of quick ? [1] : [1, 2]) {
          const e = thm10Evaluate({ seed: 1, d, n1Pct: 50, n2Pct: 50, sigma, m, K: quick ? 200 : 1000, c2 });
          out.push({ at: { sigma, m, d, t: e.values.t1 }, holds: e.holds, values: e.values });
        }
  return out;
}

export const thm10: ClaimDefinition<Thm10Case> = {
  id: 'wang2021.thm10.sgd-tbv',
  source: 'wang2021 Theorem 10 (appendix D.2)',
  statement: `SGD with truncation at 40σ, n₁, n₂ ∈ [d/4, 3d/4], d ∈ [${THM10.dMin}, ${THM10.dMax}], η restricted to [0, η_max], η_max = 1/(d² ln² d) (c₅ = 1), t₁ = ⌈d² ln² d⌉ (c₂ = 1) and t₂ = 2t₁, ${THM10.points}-point log grid on [1e-2, 1]·η_max, with the witness constants σ = c₁ = ${THM10.sigma}, m = ${THM10.m}, K = ${THM10.K} test tasks, one SGD path per task: (i) t·η*_valid changes by a factor in [${THM10.band[0]}, ${THM10.band[1]}] as t doubles (Θ(1/t)); (ii) the TbV test error is below ‖w*‖² = 1 by ${Z} standard errors at t₁. The frontier maps (i)–(ii) over σ ∈ [0.5, 8], m ∈ [50, 400], d, t. Frontier finding: at σ ≥ 4 η*_valid falls to the lower end of the grid (tη = 0.01) for d = 10 at every m ≤ 400, so Θ(1/t) is not observed there, and TbV’s margin (0.006–0.04) is not shown by 5 SE; at σ ≤ 2 both hold.`,
  control: false,
  expected: 'witnessed',
  kind: 'witnessed',
  constants: { c1_sigma: THM10.sigma, c2: 1, c3_m: THM10.m, c4_d: [THM10.dMin, THM10.dMax], c5: 1, K_testTasks: THM10.K, grid: `${THM10.points}-point log grid on [1e-2, 1]·η_max`, thetaOverTBand: THM10.band, zScore: Z },
  class: {
    generated: { d: [THM10.dMin, THM10.dMax], n1OverD: [0.25, 0.75], n2OverD: [0.25, 0.75], t: ['⌈d² ln² d⌉', '2⌈d² ln² d⌉'], sigma: THM10.sigma, m: THM10.m, inner: 'sgd with truncation, one path per task' },
    admitted: 'n₁, n₂ ∈ [d/4, 3d/4]; σ a large constant c₁; t ≥ c₂d² log² d; m ≥ c₃; d ≥ c₄; η ∈ [0, 1/(c₅d² log² d)]; probability ≥ 0.99',
  },
  runs: 60,
  arbitrary: thm10Arb,
  check: (c) => {
    const e = thm10Evaluate({ seed: c.seed, d: c.d, n1Pct: c.n1Pct, n2Pct: c.n2Pct, sigma: THM10.sigma, m: THM10.m, K: THM10.K, c2: 1 });
    return { ok: e.fails.length === 0, detail: (e.fails.length ? e.fails : e.notes).join('; ') };
  },
  frontier: thm10Frontier,
};

export const thm10Control: ClaimDefinition<Thm10Case> = {
  id: 'wang2021.thm10.sgd-tbv.control-eta-constant',
  source: 'control of wang2021 Theorem 10',
  statement: 'Deliberately wrong: consequence (i) with Θ(1) in place of Θ(1/t): η*_valid(2t)/η*_valid(t) ≥ 0.75 (the true Θ(1/t) halves it).',
  control: true,
  controlOf: 'wang2021.thm10.sgd-tbv',
  expected: 'falsified',
  runs: 5,
  arbitrary: () => fc.noShrink(thm10Arb()),
  check: (c) => {
    const e = thm10Evaluate({ seed: c.seed, d: c.d, n1Pct: c.n1Pct, n2Pct: c.n2Pct, sigma: THM10.sigma, m: THM10.m, K: 0, c2: 1 });
    const ratio = e.values.etaValidTRatio / 2;
    return { ok: ratio >= 0.75, detail: `η*_valid(2t)/η*_valid(t) = ${g(ratio)}` };
  },
};
