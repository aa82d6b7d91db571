import * as fc from 'fast-check';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { runTbtTbvSync, type TbtTbvOptions, type TbtTbvResult } from '../leastsquares/experiment.js';
import { logGrid } from '../leastsquares/grid.js';
import { StreamRole } from '../leastsquares/rng.js';
import { drawTask, evalTrainTask, type TaskConfig } from '../leastsquares/tasks.js';
import { sliceTask } from '../leastsquares/task.js';
import type { ClaimDefinition, CheckOutcome } from './types.js';

/**
 * wang2021 Section 4 (train-by-train vs train-by-validation on least-squares tasks): CLAIMS.md's
 * five claims and three negative controls, each a concrete consequence that could fail.
 *
 * Conventions (src/leastsquares): inner loss (1/2n)Σ(y − ⟨w,x⟩)² (appendix B's normalisation,
 * H = XᵀX/n); truncation at ‖w_τ‖ ≥ 40σ to 40σ·w_τ/‖w_τ‖; test error E‖w_t − w*‖² measured
 * exactly per fresh test task and averaged over K of them. A "case" is a seed plus the free
 * parameters of the statement's hypotheses (plain integers, so shrinking stays readable); the
 * training and test tasks are drawn from the seed, so every case is replayable.
 *
 * Statistical checks. Every comparison of test errors is paired over the same K test tasks (the
 * same X, w*, and noise pattern scaled by σ) and demands a margin of at least Z = 5 standard
 * errors of the paired mean: under a normal approximation that alone is a one-sided false-alarm
 * rate below 3e-7 per comparison. The minimiser checks compare step sizes with bands several grid
 * steps wide. Each claim's documentation states its measured false-alarm count over 200 extra seeds
 * (scripts in the report), and the runner's seed is fixed, so CI never flips.
 */

const Z = 5;

interface Stats {
  mean: number;
  se: number;
}

function pairedStats(a: number[], b: number[]): Stats {
  // mean and standard error of a_k − b_k
  const k = a.length;
  const diff = a.map((x, i) => x - b[i]);
  const mean = diff.reduce((s, x) => s + x, 0) / k;
  const v = diff.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, k - 1);
  return { mean, se: Math.sqrt(v / k) };
}

function oneSample(a: number[]): Stats {
  return pairedStats(a, a.map(() => 0));
}

/**
 * "Test error Ω(1)·σ²" as a falsifiable consequence: E‖w_t − w*‖² ≥ σ²/8 at two noise levels σ and
 * 2σ (same test tasks, noise pattern scaled), each by Z standard errors. A test error that stayed
 * O(1) as σ grows (TbV's ‖w*‖² − Ω(1)) fails it at the larger σ. The minimum-norm ERM, which TbT
 * approaches, has E‖w − w*‖² = (1 − n/d) + σ²n/(d − n − 1) ≥ σ²/3 for n ≥ d/4.
 */
const OMEGA_SIGMA2 = 1 / 8;

/**
 * TbT's η* sits at the edge of divergence, so a few test tasks (those with a larger λ_max) diverge
 * and are truncated at 40σ, with ‖w − w*‖² ≈ 1600σ²: the per-task errors are heavy-tailed and their
 * mean's standard error is useless. Where TbT's error is claimed to be LARGE we therefore use
 * min(e, cap): its mean is a lower bound of the true mean, so the check stays conservative (it can
 * only fail more often), and its spread is bounded.
 */
const capLarge = (e: number, sigma: number) => Math.min(e, 4 * (sigma * sigma + 1));

function lowerBoundCheck(e: number[], sigma: number): { ok: boolean; mean: number; se: number } {
  const st = oneSample(e.map((x) => capLarge(x, sigma) / (sigma * sigma) - OMEGA_SIGMA2));
  return { ok: st.mean > Z * st.se, mean: st.mean + OMEGA_SIGMA2, se: st.se };
}

const g = (x: number) => (Number.isFinite(x) ? x.toPrecision(4) : String(x));

function run(o: TbtTbvOptions): TbtTbvResult {
  return runTbtTbvSync(o);
}

// ---------------------------------------------------------------- Lemma 1

interface Lemma1Case {
  seed: number;
  d: number;
  /** n = round(d·nFrac/100), nFrac ∈ [25, 75]: n ∈ [d/4, 3d/4] (Lemma 1's regime). */
  nFrac: number;
  sigmaTenths: number;
  t: number;
  m: number;
}

const lemma1Arb = () =>
  fc.record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    d: fc.integer({ min: 20, max: 80 }),
    nFrac: fc.integer({ min: 25, max: 75 }),
    sigmaTenths: fc.integer({ min: 10, max: 50 }),
    t: fc.integer({ min: 10, max: 60 }),
    m: fc.integer({ min: 2, max: 30 }),
  });

function lemma1Config(c: Lemma1Case): TaskConfig {
  const n = Math.max(1, Math.round((c.d * c.nFrac) / 100));
  return { d: c.d, n, n1: 1, n2: 1, sigma: c.sigmaTenths / 10, t: c.t, seed: c.seed, inner: 'gd', truncate: true, truncationFactor: 40, tbt: true, tbv: false };
}

/** L = max over the m tasks of λ_max(H_k), H_k = X_kᵀX_k/n (via the n×n Gram matrix, same spectrum). */
function largestEigenvalue(cfg: TaskConfig, m: number): number {
  let L = 0;
  for (let k = 0; k < m; k++) {
    const task = sliceTask(drawTask(cfg, StreamRole.Train, k), 0, cfg.n);
    const { n, d, X } = task;
    const G = new Matrix(n, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let s = 0;
        for (let l = 0; l < d; l++) s += X[i * d + l] * X[j * d + l];
        G.set(i, j, s / n);
        G.set(j, i, s / n);
      }
    }
    const ev = new EigenvalueDecomposition(G, { assumeSymmetric: true }).realEigenvalues;
    L = Math.max(L, ...ev);
  }
  return L;
}

/** F̂_TbT on a uniform grid of `points` step sizes in (0, upTo·(1/L)] plus η = 0: decreasing? */
function tbtMonotone(c: Lemma1Case, upTo: number, points = 40): CheckOutcome {
  const cfg = lemma1Config(c);
  const L = largestEigenvalue(cfg, c.m);
  // Slightly inside 1/L: λ_max is computed to rounding, and the claim is about the closed interval.
  const etas = Array.from({ length: points + 1 }, (_, i) => (i / points) * (upTo / L) * (1 - 1e-12));
  const F = new Float64Array(etas.length);
  for (let k = 0; k < c.m; k++) {
    const r = evalTrainTask(cfg, etas, k, false);
    for (let i = 0; i < etas.length; i++) F[i] += r.tbt![i] / c.m;
  }
  let worst = 0;
  let at = -1;
  for (let i = 1; i < F.length; i++) {
    const ratio = F[i] / F[i - 1];
    if (ratio > worst) {
      worst = ratio;
      at = i;
    }
  }
  // Rounding in F̂ is ~1e-15 relative; an increase beyond 1e-12 is real.
  const ok = worst <= 1 + 1e-12;
  return {
    ok,
    tightness: worst,
    detail: `L=${g(L)}, largest F̂(η_{i})/F̂(η_{i−1}) = ${worst} at η=${g(etas[at])} (=${g(etas[at] * L)}/L), F̂(0)=${g(F[0])}, F̂(end)=${g(F[F.length - 1])}`,
  };
}

const lemma1: ClaimDefinition<Lemma1Case> = {
  id: 'wang2021.lemma1.tbt-monotone',
  source: 'wang2021 Lemma 1 (ICML Section 4.1; Lemma 2 of the ICLR appendix B.2.1)',
  statement:
    'For m tasks with n ∈ [d/4, 3d/4], σ ≥ 1, t ≥ 10 and L = max_k λ_max(X_kᵀX_k/n) (computed), F̂_TbT(n)(η) (Eqn 3, with truncation) is non-increasing on [0, 1/L]: checked on 41 equispaced η, each consecutive ratio F̂(η_i)/F̂(η_{i−1}) ≤ 1 + 1e-12.',
  control: false,
  expected: 'held',
  runs: 20,
  arbitrary: lemma1Arb,
  check: (c) => tbtMonotone(c, 1),
};

const lemma1Control: ClaimDefinition<Lemma1Case> = {
  id: 'wang2021.lemma1.control-beyond-1-over-L',
  source: 'control of wang2021 Lemma 1',
  statement:
    'Deliberately wrong: F̂_TbT is non-increasing on [0, 3/L]. Beyond 2/L GD diverges on the task with λ_max = L (|1 − ηL|^t grows) until truncation, so F̂_TbT must rise.',
  control: true,
  controlOf: 'wang2021.lemma1.tbt-monotone',
  expected: 'falsified',
  runs: 5,
  arbitrary: lemma1Arb,
  check: (c) => tbtMonotone(c, 3),
};

// ---------------------------------------------------------------- Theorem 5

interface Thm5Case {
  seed: number;
  d: number;
  /** n, n₁, n₂ as percentages of d in [25, 75] (the theorem's [d/4, 3d/4]). */
  nPct: number;
  n1Pct: number;
  n2Pct: number;
  /**
   * σ₁ in tenths, σ₂ = 2σ₁ (σ "a large constant"). σ₁ ≤ 2.5: TbV's advantage C ≈ n₁/(σ²d) shrinks
   * like 1/σ² while F̂_TbV's selection noise grows like σ², and with σ₁ up to 3 and m = 100 the
   * chosen η_valid was no better than η = 0 in 2 of 40 seeds (the theorem fixes σ = c₁, m ≥ c₃).
   */
  sigmaTenths: number;
  /** t₁; t₂ = 2t₁ (t ≥ c₂). */
  t: number;
}

const THM5 = { m: 100, K: 3000, grid: logGrid(1e-5, 1, 41) };

const thm5Arb = () =>
  fc.record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    d: fc.integer({ min: 40, max: 60 }),
    nPct: fc.integer({ min: 25, max: 75 }),
    n1Pct: fc.integer({ min: 25, max: 75 }),
    n2Pct: fc.integer({ min: 25, max: 75 }),
    sigmaTenths: fc.integer({ min: 20, max: 25 }),
    t: fc.integer({ min: 15, max: 25 }),
  });

const pct = (d: number, p: number) => Math.max(1, Math.ceil((d * p) / 100 - 1e-9));

interface Thm5Runs {
  /** [σ index][t index] */
  r: TbtTbvResult[][];
  sigmas: number[];
  ts: number[];
}

function thm5Runs(c: Thm5Case): Thm5Runs {
  const sigmas = [c.sigmaTenths / 10, (2 * c.sigmaTenths) / 10];
  const ts = [c.t, 2 * c.t];
  const r = sigmas.map((sigma) =>
    ts.map((t) =>
      run({
        d: c.d,
        n: pct(c.d, c.nPct),
        n1: pct(c.d, c.n1Pct),
        n2: pct(c.d, c.n2Pct),
        sigma,
        t,
        tasks: THM5.m,
        // test errors are compared at t₁ only; t₂ serves the minimiser checks
        testTasks: t === c.t ? THM5.K : 0,
        grid: THM5.grid,
        seed: c.seed,
        refine: true,
      }),
    ),
  );
  return { r, sigmas, ts };
}

/** Checks of Theorem 5, each a named consequence; returns the first that fails. */
function thm5Check(c: Thm5Case): CheckOutcome {
  const { r, sigmas } = thm5Runs(c);
  const fails: string[] = [];
  const notes: string[] = [];
  // (a) η*_train = Θ(1): it does not shrink as t doubles (a Θ(1/t) minimiser would halve).
  for (let s = 0; s < 2; s++) {
    const ratio = r[s][1].tbt!.eta / r[s][0].tbt!.eta;
    notes.push(`σ=${sigmas[s]}: η*_train ${g(r[s][0].tbt!.eta)}→${g(r[s][1].tbt!.eta)}`);
    if (!(ratio >= 0.75)) fails.push(`(a) η*_train shrank by ${g(ratio)} as t doubled (σ=${sigmas[s]})`);
  }
  // (c) η*_valid = Θ(1/t): t·η*_valid stays within [0.6, 1.6] as t doubles (Θ(1) would give 2).
  // At σ₁ only: TbV's advantage C ≈ n₁/(σ²d) shrinks like 1/σ², and at σ₂ = 2σ₁ with m = 100 tasks
  // F̂_TbV's minimiser is noise (the theorem's m ≥ c₃ log(mt) has an unstated c₃).
  {
    const ratio = (2 * r[0][1].tbv!.eta) / r[0][0].tbv!.eta;
    notes.push(`σ=${sigmas[0]}: η*_valid ${g(r[0][0].tbv!.eta)}→${g(r[0][1].tbv!.eta)}`);
    if (!(ratio >= 0.6 && ratio <= 1.6)) fails.push(`(c) t·η*_valid changed by ×${g(ratio)} as t doubled (σ=${sigmas[0]}, η*_valid ${g(r[0][0].tbv!.eta)} → ${g(r[0][1].tbv!.eta)})`);
  }
  // (b) TbT's test error is Ω(1)σ²: ≥ σ²/8 at σ₁ and σ₂ (capped, lowerBoundCheck).
  for (let s = 0; s < 2; s++) {
    const lb = lowerBoundCheck(r[s][0].test.tbt!.dist2PerTask, sigmas[s]);
    notes.push(`σ=${sigmas[s]}: TbT test error/σ² ≥ ${g(lb.mean)} (capped)`);
    if (!lb.ok) fails.push(`(b) TbT test error/σ² at σ=${sigmas[s]} is ${g(lb.mean)} ± ${g(lb.se)} (capped), not above ${g(OMEGA_SIGMA2)} by ${Z} SE`);
  }
  // (d) TbV's test error is ‖w*‖² − Ω(1) = 1 − Ω(1): below 1 by Z standard errors, at σ₁.
  {
    const st = oneSample(r[0][0].test.tbv!.dist2PerTask.map((x) => 1 - x));
    notes.push(`1 − E‖w−w*‖²_TbV = ${g(st.mean)} ± ${g(st.se)}`);
    if (!(st.mean > Z * st.se)) fails.push(`(d) TbV test error ${g(1 - st.mean)} is not below ‖w*‖² = 1 by ${Z} SE`);
  }
  // (e) TbV beats TbT, by more as σ grows (TbT's errors capped: conservative, see capLarge).
  const tbtCapped = (s: number) => r[s][0].test.tbt!.dist2PerTask.map((x) => capLarge(x, sigmas[s]));
  const gaps: Stats[] = [];
  for (let s = 0; s < 2; s++) {
    const st = pairedStats(tbtCapped(s), r[s][0].test.tbv!.dist2PerTask);
    gaps.push(st);
    if (!(st.mean > Z * st.se)) fails.push(`(e) TbV does not beat TbT at σ=${sigmas[s]} (gap ${g(st.mean)} ± ${g(st.se)})`);
  }
  // "By more as σ grows" compares two gaps, so no cap is conservative for both; we state it for the
  // bounded loss min(‖w − w*‖², 4(σ₂² + 1)) at both noise levels (a divergent, truncated test run
  // counts as that cap whatever σ).
  const capBoth = 4 * (sigmas[1] * sigmas[1] + 1);
  const growth = pairedStats(
    r[1][0].test.tbt!.dist2PerTask.map((x, k) => Math.min(x, capBoth) - r[1][0].test.tbv!.dist2PerTask[k]),
    r[0][0].test.tbt!.dist2PerTask.map((x, k) => Math.min(x, capBoth) - r[0][0].test.tbv!.dist2PerTask[k]),
  );
  if (!(growth.mean > Z * growth.se)) fails.push(`(e) the TbT−TbV gap does not grow with σ (${g(gaps[0].mean)} → ${g(gaps[1].mean)})`);
  return { ok: fails.length === 0, detail: fails.length ? fails.join('; ') : notes.join('; ') };
}

const thm5: ClaimDefinition<Thm5Case> = {
  id: 'wang2021.thm5.tbt-vs-tbv',
  source: 'wang2021 Theorem 5 (Theorems 7 and 8 of the ICLR appendix B)',
  statement:
    'n, n₁, n₂ ∈ [d/4, 3d/4] (independently), d ∈ [40, 60], σ₁ ∈ [2, 2.5] and σ₂ = 2σ₁, t₁ ∈ [15, 25] and t₂ = 2t₁, m = 100 training tasks, K = 3000 paired test tasks (at t₁), η* the refined minimiser over a 41-point log grid on [1e-5, 1]: (a) η*_train(t₂)/η*_train(t₁) ≥ 0.75 at σ₁ and σ₂ (Θ(1), does not shrink); (b) TbT test error ≥ σ²/8 at σ₁ and at σ₂ (Ω(1)σ²; per-task errors capped at 4(σ²+1), a conservative lower bound); (c) t·η*_valid changes by a factor in [0.6, 1.6] as t doubles, at σ₁ (Θ(1/t)); (d) TbV test error < ‖w*‖² = 1 at σ₁; (e) TbV beats TbT at both σ, and the gap grows with σ (for the loss min(‖w − w*‖², 4(σ₂²+1))). Every test-error comparison by ≥ 5 paired standard errors.',
  control: false,
  expected: 'held',
  runs: 4,
  arbitrary: thm5Arb,
  check: thm5Check,
};

const thm5Control: ClaimDefinition<Thm5Case> = {
  id: 'wang2021.thm5.control-tbv-eta-constant',
  source: 'control of wang2021 Theorem 5',
  statement: 'Deliberately wrong: η*_valid = Θ(1) like η*_train, i.e. η*_valid(2t)/η*_valid(t) ≥ 0.75 (the true Θ(1/t) halves it).',
  control: true,
  controlOf: 'wang2021.thm5.tbt-vs-tbv',
  expected: 'falsified',
  runs: 2,
  // A falsified control need not be minimal; shrinking would rerun whole experiments.
  arbitrary: () => fc.noShrink(thm5Arb()),
  check: (c) => {
    const common = { d: c.d, n: pct(c.d, c.nPct), n1: pct(c.d, c.n1Pct), n2: pct(c.d, c.n2Pct), sigma: c.sigmaTenths / 10, tasks: THM5.m, testTasks: 0, grid: THM5.grid, seed: c.seed, refine: true, tbt: false };
    const a = run({ ...common, t: c.t });
    const b = run({ ...common, t: 2 * c.t });
    const ratio = b.tbv!.eta / a.tbv!.eta;
    return { ok: ratio >= 0.75, detail: `η*_valid ${g(a.tbv!.eta)} (t=${c.t}) → ${g(b.tbv!.eta)} (t=${2 * c.t}), ratio ${g(ratio)}` };
  },
};

// ---------------------------------------------------------------- Theorem 6

interface Thm6Case {
  seed: number;
  d: number;
  /** ε in hundredths. */
  epsPct: number;
  sigmaTenths: number;
}

const THM6 = { m: 50, K: 300, t: 30, grid: logGrid(1e-3, 2, 31), c: 8 };

const thm6Arb = () =>
  fc.record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    d: fc.integer({ min: 8, max: 20 }),
    epsPct: fc.integer({ min: 30, max: 90 }),
    sigmaTenths: fc.integer({ min: 5, max: 20 }),
  });

/** n = 2⌈c·d/(2ε²)⌉ ≥ c·d/ε² (Theorem 6's n ≥ c d/ε² log(·), with the log absorbed in c = 8; even for TbV's split). */
const thm6N = (c: Thm6Case) => 2 * Math.ceil((THM6.c * c.d) / (2 * (c.epsPct / 100) ** 2));

function thm6Run(c: Thm6Case, tbv: boolean): TbtTbvResult {
  return run({ d: c.d, n: thm6N(c), sigma: c.sigmaTenths / 10, t: THM6.t, tasks: THM6.m, testTasks: THM6.K, grid: THM6.grid, seed: c.seed, refine: true, tbv });
}

const thm6: ClaimDefinition<Thm6Case> = {
  id: 'wang2021.thm6.large-n',
  source: 'wang2021 Theorem 6 (appendix C)',
  statement:
    'n ≫ d: d ∈ [8, 20], ε ∈ [0.3, 0.9], n ≥ 8d/ε², σ ∈ [0.5, 2], t = 30, m = 50, K = 300 test tasks: the TbT test error E‖w_{t,η*_train} − w*‖² is ≤ (1+ε)dσ²/n, by at least 5 standard errors of the test-task mean.',
  control: false,
  expected: 'held',
  runs: 6,
  arbitrary: thm6Arb,
  check: (c) => {
    const r = thm6Run(c, false);
    const n = thm6N(c);
    const sigma = c.sigmaTenths / 10;
    const bound = ((1 + c.epsPct / 100) * c.d * sigma * sigma) / n;
    const st = oneSample(r.test.tbt!.dist2PerTask);
    return {
      ok: st.mean + Z * st.se <= bound,
      tightness: st.mean / bound,
      detail: `n=${n}, η*_train=${g(r.tbt!.eta)}, test error ${g(st.mean)} ± ${g(st.se)} vs (1+ε)dσ²/n = ${g(bound)} (dσ²/n = ${g((c.d * sigma * sigma) / n)})`,
    };
  },
};

const thm6Control: ClaimDefinition<Thm6Case> = {
  id: 'wang2021.thm6.control-tbv-beats-tbt-large-n',
  source: 'control of wang2021 Theorems 5 and 6',
  statement:
    'Deliberately wrong (Theorem 5’s ordering carried into the n ≫ d regime): with n ≫ d, TbV (n/2 + n/2) has a smaller test error than TbT (n). In truth TbT reaches ≈ dσ²/n and TbV, training on n/2, ≈ 2dσ²/n.',
  control: true,
  controlOf: 'wang2021.thm6.large-n',
  expected: 'falsified',
  runs: 3,
  arbitrary: () => fc.noShrink(thm6Arb()),
  check: (c) => {
    const r = thm6Run(c, true);
    const st = pairedStats(r.test.tbt!.dist2PerTask, r.test.tbv!.dist2PerTask);
    return { ok: st.mean > 0, detail: `TbT ${g(r.test.tbt!.dist2)} vs TbV ${g(r.test.tbv!.dist2)} (paired gap ${g(st.mean)} ± ${g(st.se)})` };
  },
};

// ---------------------------------------------------------------- Theorem 9 (SGD, train-by-train)

interface Thm9Case {
  seed: number;
  d: number;
  nPct: number;
  sigmaTenths: number;
}

/**
 * The restricted range. Appendix D restricts η to [0, 1/(2L³d)] with L = 100, which makes the
 * theorem's t ≥ c₂d astronomically long (η·λ_min·t must be large for SGD to approach the ERM); its
 * text says the restriction is "into O(1/d)" to control the SGD noise. We take [0, 1/(2d)]: SGD is
 * stable there (η‖x‖² ≈ 1/2) and the Ω(1/d) statement keeps its content (the minimiser could sit
 * anywhere in the range). t = c₂d with c₂ = 100.
 */
const THM9 = { m: 40, K: 200, c2: 100, points: 13 };

const thm9Arb = () =>
  fc.record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    d: fc.integer({ min: 12, max: 24 }),
    nPct: fc.integer({ min: 25, max: 75 }),
    sigmaTenths: fc.integer({ min: 10, max: 20 }),
  });

function thm9Run(d: number, nPct: number, sigma: number, seed: number, testTasks: number): TbtTbvResult {
  const etaMax = 1 / (2 * d);
  return run({
    d,
    n: pct(d, nPct),
    n1: 1,
    n2: 1,
    sigma,
    t: THM9.c2 * d,
    tasks: THM9.m,
    testTasks,
    grid: logGrid(etaMax / 1000, etaMax, THM9.points),
    seed,
    inner: 'sgd',
    truncate: false,
    tbv: false,
  });
}

const thm9: ClaimDefinition<Thm9Case> = {
  id: 'wang2021.thm9.sgd-tbt',
  source: 'wang2021 Theorem 9 (appendix D.1)',
  statement:
    'SGD without truncation, η restricted to [0, 1/(2d)] (13-point log grid on [1/(2000d), 1/(2d)]), n ∈ [d/4, 3d/4], t = 100d, m = 40, d and 2d for d ∈ [12, 24], σ ∈ [1, 2] and 2σ: (i) η*_train·d ≥ 1/8 at both d and 2d (Ω(1/d)); (ii) the TbT test error is ≥ σ²/8 at σ and at 2σ, by 5 standard errors (Ω(1)σ²; K = 200 test tasks).',
  control: false,
  expected: 'held',
  runs: 4,
  arbitrary: thm9Arb,
  check: (c) => {
    const sigma = c.sigmaTenths / 10;
    const fails: string[] = [];
    const notes: string[] = [];
    for (const d of [c.d, 2 * c.d]) {
      const r = thm9Run(d, c.nPct, sigma, c.seed, 0);
      notes.push(`d=${d}: η*·d=${g(r.tbt!.eta * d)}`);
      if (!(r.tbt!.eta * d >= 1 / 8)) fails.push(`(i) η*_train·d = ${g(r.tbt!.eta * d)} < 1/8 at d=${d}`);
    }
    const a = thm9Run(c.d, c.nPct, sigma, c.seed, THM9.K);
    const b = thm9Run(c.d, c.nPct, 2 * sigma, c.seed, THM9.K);
    for (const [res, sg] of [[a, sigma], [b, 2 * sigma]] as const) {
      const lb = lowerBoundCheck(res.test.tbt!.dist2PerTask, sg);
      notes.push(`σ=${sg}: test error/σ² ≥ ${g(lb.mean)}`);
      if (!lb.ok) fails.push(`(ii) test error/σ² at σ=${sg} is ${g(lb.mean)} ± ${g(lb.se)} (capped), not above ${g(OMEGA_SIGMA2)} by ${Z} SE`);
    }
    return { ok: fails.length === 0, detail: (fails.length ? fails : notes).join('; ') };
  },
};

// ---------------------------------------------------------------- Theorem 10 (SGD, train-by-validation)

interface Thm10Case {
  seed: number;
  d: number;
  n1Pct: number;
  n2Pct: number;
  sigmaTenths: number;
}

/**
 * Appendix D.2: η ∈ [0, 1/(c₅ d² log² d)], t ≥ c₂ d² log² d. We take c₅ = 1 and t₁ = d² ln² d
 * (c₂ = 1), t₂ = 2t₁, and a 21-point log grid on [1e-2, 1]·η_max (ten per decade, so η*(t₂) = η*(t₁)/2
 * lands on the grid up to 0.3%). The selection noise of F̂_TbV decides the sizes: its relative size is
 * about σ²/√(n₂ m), so at d ≤ 12 (n₂ down to 2), σ up to 3 and m = 200 the chosen η was no better than
 * η = 0 in 13 of 60 seeds, and at d ∈ [16, 20], m = 100 in 2 of 20. The theorem asks d ≥ c₄ and
 * m ≥ c₃ with σ a fixed constant, so we take d ∈ [16, 20], σ ∈ [2, 2.5] and m = 300.
 */
const THM10 = { m: 300, K: 2000, points: 21, lo: 1e-2 };

const thm10Arb = () =>
  fc.record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    d: fc.integer({ min: 16, max: 20 }),
    n1Pct: fc.integer({ min: 25, max: 75 }),
    n2Pct: fc.integer({ min: 25, max: 75 }),
    sigmaTenths: fc.integer({ min: 20, max: 25 }),
  });

const thm10: ClaimDefinition<Thm10Case> = {
  id: 'wang2021.thm10.sgd-tbv',
  source: 'wang2021 Theorem 10 (appendix D.2)',
  statement:
    'SGD with truncation, n₁, n₂ ∈ [d/4, 3d/4], d ∈ [16, 20], σ ∈ [2, 2.5], η restricted to [0, η_max], η_max = 1/(d² ln² d), t₁ = ⌈d² ln² d⌉ and t₂ = 2t₁, 21-point log grid on [1e-2, 1]·η_max, m = 300, K = 2000 test tasks: (i) t·η*_valid changes by a factor in [0.6, 1.6] as t doubles (Θ(1/t)); (ii) the TbV test error is below ‖w*‖² = 1 by 5 standard errors at t₁.',
  control: false,
  expected: 'held',
  runs: 2,
  arbitrary: thm10Arb,
  check: (c) => {
    const L2 = (c.d * Math.log(c.d)) ** 2;
    const etaMax = 1 / L2;
    const t1 = Math.ceil(L2);
    const common = {
      d: c.d,
      n: 2,
      n1: pct(c.d, c.n1Pct),
      n2: pct(c.d, c.n2Pct),
      sigma: c.sigmaTenths / 10,
      tasks: THM10.m,
      grid: logGrid(etaMax * THM10.lo, etaMax, THM10.points),
      seed: c.seed,
      inner: 'sgd' as const,
      tbt: false,
    };
    const a = run({ ...common, t: t1, testTasks: THM10.K });
    const b = run({ ...common, t: 2 * t1, testTasks: 0 });
    const ratio = (2 * b.tbv!.eta) / a.tbv!.eta;
    const st = oneSample(a.test.tbv!.dist2PerTask.map((x) => 1 - x));
    const fails: string[] = [];
    if (!(ratio >= 0.6 && ratio <= 1.6)) fails.push(`(i) t·η*_valid changed by ×${g(ratio)} as t doubled (η* ${g(a.tbv!.eta)} → ${g(b.tbv!.eta)})`);
    if (!(st.mean > Z * st.se)) fails.push(`(ii) TbV test error ${g(1 - st.mean)} not below 1 by ${Z} SE (${g(st.se)})`);
    return {
      ok: fails.length === 0,
      detail: fails.length
        ? fails.join('; ')
        : `t₁=${t1}: η*_valid ${g(a.tbv!.eta)} → ${g(b.tbv!.eta)} (×t ratio ${g(ratio)}), 1 − test error ${g(st.mean)} ± ${g(st.se)}`,
    };
  },
};

export const wang2021Sec4Claims: ClaimDefinition<any>[] = [lemma1, lemma1Control, thm5, thm5Control, thm6, thm6Control, thm9, thm10];
