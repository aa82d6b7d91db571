import * as fc from 'fast-check';
import { ES_DEFAULTS, FIG2_FRACTIONS, FIG2_H, esMetaTrain, firstWithin, nqmOptimum, type EsConfig, type EsRun } from '../nqm/es.js';
import type { CheckOutcome, ClaimDefinition, FrontierPoint, FrontierScale } from './types.js';

/**
 * harrison2022 Figure 2b–c (appendix B.1): the nominal term keeps a learned optimizer stable and
 * trainable. The linear learned optimizer φ ← φ − (αI + P)∇ is meta-trained by ES on the 2-d noisy
 * quadratic (T = 50, σ = 0.01, AdamW, clipping at 1), P₀ = 0, for 2α/λ_max ∈ {0, 0.1, 0.2, 0.3, 0.4}.
 * A case is one seed (the paper shows the mean of five; every one of ours is judged on its own).
 *
 * The source is the paper's caption, which CLAIMS.md reads more strictly: the caption says that
 * adjusting α "leads to near-optimal behavior in under 1000 meta-training iterations, while poorly
 * chosen biases may require 100× as many iterations, or fail to train entirely". CLAIMS.md asks every
 * nominal fraction 0.1–0.4 to come within 5% of the optimum in under 1000 iterations; we follow the
 * paper: the best nominal fraction must, and α = 0 must take at least 10× as many iterations (a tenth
 * of the caption's factor, in the claim's favour) or not get there at all.
 *
 * The optimum is the exact minimum of Eqn 8 over every linear optimizer (nqmOptimum: with P free it
 * does not depend on α); the meta-loss of an iterate is Eqn 8 evaluated exactly, every 10 iterations.
 * Constants the appendix leaves open are fixed in ES_DEFAULTS (outer learning rate 1e-3, the usual
 * AdamW default, since none is stated for the NQM; 8 antithetic pairs; P₀ = 0); the report's
 * frontier shows how the verdicts move with them.
 */

interface Fig2Case {
  seed: number;
}

/** The budget of the caption ("under 1000 meta-training iterations") and the slowdown factor we require of α = 0. */
export const FIG2_BUDGET = 1000;
export const FIG2_SLOWDOWN = 10;
export const FIG2_WITHIN = 0.05;

const NOMINAL = FIG2_FRACTIONS.filter((f) => f > 0);
let optimumCache: number | undefined;
/** L* of Eqn 8 at T = 50 (computed once: a BFGS minimisation with the exact adjoint gradient). */
export function fig2Optimum(): number {
  optimumCache ??= nqmOptimum(FIG2_H, ES_DEFAULTS.T).loss;
  return optimumCache;
}

// Runs are shared by the claims of this family (same seeds, same configuration): a cache per seed.
/** The open constants a frontier varies. */
export type Fig2Knobs = Partial<Pick<EsConfig, 'learningRate' | 'pairs'>>;
const runCache = new Map<string, EsRun>();
function run(seed: number, fraction: number, knobs: Fig2Knobs, iterations = FIG2_BUDGET, stopAtLoss?: number): EsRun {
  const key = `${seed}:${fraction}:${knobs.learningRate ?? ''}:${knobs.pairs ?? ''}:${iterations}:${stopAtLoss ?? ''}`;
  let r = runCache.get(key);
  if (!r) {
    r = esMetaTrain(FIG2_H, { ...knobs, nominalFraction: fraction, seed, iterations, stopAtLoss });
    if (runCache.size > 2000) runCache.clear();
    runCache.set(key, r);
  }
  return r;
}

/** What one seed shows: the hitting times of 5% of the optimum and the largest ρ(A) per fraction. */
export interface Fig2Observation {
  seed: number;
  optimum: number;
  /** Per nominal fraction 0.1–0.4: first evaluated iterate within 5% (null: not within the budget). */
  nominalHits: Record<string, number | null>;
  /** Per nominal fraction: max over k ≤ budget of ρ(A_k). */
  nominalMaxRho: Record<string, number>;
  best: number | null;
  /** α = 0: first iterate within 5%, run up to max(budget, 10 × best) iterations (null: not within that). */
  zeroHit: number | null;
  zeroIterations: number;
  /** α = 0: max over k ≥ 1 of ρ(A_k). */
  zeroMaxRho: number;
}

export function observeFig2(seed: number, knobs: Fig2Knobs = {}): Fig2Observation {
  const optimum = fig2Optimum();
  const nominalHits: Record<string, number | null> = {};
  const nominalMaxRho: Record<string, number> = {};
  for (const f of NOMINAL) {
    const r = run(seed, f, knobs);
    nominalHits[f] = firstWithin(r.loss, optimum, FIG2_WITHIN);
    nominalMaxRho[f] = Math.max(...r.rho);
  }
  const hits = Object.values(nominalHits).filter((h): h is number => h !== null);
  const best = hits.length ? Math.min(...hits) : null;
  const zeroIterations = Math.max(FIG2_BUDGET, FIG2_SLOWDOWN * (best ?? FIG2_BUDGET));
  const z = run(seed, 0, knobs, zeroIterations, optimum * (1 + FIG2_WITHIN));
  return { seed, optimum, nominalHits, nominalMaxRho, best, zeroHit: firstWithin(z.loss, optimum, FIG2_WITHIN), zeroIterations, zeroMaxRho: Math.max(...z.rho.slice(1)) };
}

const seeds = () => fc.noShrink(fc.integer({ min: 0, max: 2 ** 31 - 1 })).map((seed): Fig2Case => ({ seed }));
const CLASS = {
  generated: { H: FIG2_H, nominalFractions: [...FIG2_FRACTIONS], seeds: '[0, 2^31)', ...ES_DEFAULTS, P0: 0 },
  admitted: 'appendix B.1: the 2-d NQM of Eqn A.30, φ₀ ~ N(0, 10I), ξ ~ N(0, I), T = 50, ES σ = 0.01, AdamW, clipping 1; seeds, P₀, population and outer learning rate unstated',
};
const CONSTANTS = { learningRate: ES_DEFAULTS.learningRate, pairs: ES_DEFAULTS.pairs, P0: 0, budget: FIG2_BUDGET, within: FIG2_WITHIN, slowdown: FIG2_SLOWDOWN, lossEvaluatedEvery: ES_DEFAULTS.evalEvery };
const describeObs = (o: Fig2Observation) =>
  `seed ${o.seed}: L* = ${o.optimum.toPrecision(6)}; first iterate within 5%: ${NOMINAL.map((f) => `2α/λmax=${f}: ${o.nominalHits[f] ?? 'never'}`).join(', ')}; α = 0: ${o.zeroHit ?? `not within ${o.zeroIterations}`}; ` +
  `max ρ(A): ${NOMINAL.map((f) => o.nominalMaxRho[f].toFixed(6)).join(', ')}; α = 0 (k ≥ 1): ${o.zeroMaxRho.toFixed(6)}`;

function stable(o: Fig2Observation): boolean {
  return NOMINAL.every((f) => o.nominalMaxRho[f] < 1);
}

/**
 * Where each named consequence of Figure 2b–c holds, over the constants the appendix leaves open
 * (outer learning rate, antithetic pairs), seeds 1..k: 'quick' a coarse grid, 'paper' the full one.
 */
export function fig2Frontier(scale: FrontierScale): FrontierPoint[] {
  const grid =
    scale === 'paper'
      ? { learningRate: [1e-4, 3e-4, 1e-3, 3e-3, 1e-2], pairs: [2, 8, 32], seeds: [1, 2, 3, 4, 5] }
      : { learningRate: [1e-3, 1e-2], pairs: [8], seeds: [1, 2] };
  const out: FrontierPoint[] = [];
  for (const learningRate of grid.learningRate)
    for (const pairs of grid.pairs)
      for (const seed of grid.seeds) {
        const o = observeFig2(seed, { learningRate, pairs });
        const within = o.best !== null && o.best < FIG2_BUDGET;
        out.push({
          at: { learningRate, pairs, seed },
          holds: {
            stableWithNominal: stable(o),
            allNominalWithinBudget: NOMINAL.every((f) => o.nominalHits[f] !== null),
            bestNominalWithinBudget: within,
            zeroTenfoldSlower: o.best === null ? null : o.zeroHit === null || o.zeroHit >= FIG2_SLOWDOWN * o.best,
            nominalFaster: o.best === null ? null : o.zeroHit === null || o.best < o.zeroHit,
          },
          values: { best: o.best ?? Number.NaN, zeroHit: o.zeroHit ?? Number.NaN, maxRhoZero: o.zeroMaxRho },
        });
      }
  return out;
}

const base = { source: 'harrison2022 Figure 2b–c, appendix B.1', runs: 59, arbitrary: seeds, describe: (c: Fig2Case) => c, class: CLASS };

export const harrison2022Fig2Claims: ClaimDefinition<Fig2Case>[] = [
  {
    ...base,
    id: 'harrison2022.fig2bc.nominal-trainability',
    statement:
      'As the caption reads: with a nominal term, ρ(A) < 1 through meta-training and the best 2α/λmax ∈ {0.1,…,0.4} comes within 5% of the exact optimum (Eqn 8) in under 1000 ES meta-iterations, while with α = 0 it takes at least 10× as many iterations or never gets there ("may require 100× as many iterations, or fail to train entirely").',
    control: false,
    expected: 'falsified',
    kind: 'witnessed',
    constants: CONSTANTS,
    frontier: fig2Frontier,
    brokenStep:
      "Figure 2c's caption: 'poorly chosen biases may require 100× as many iterations, or fail to train entirely'. With α = 0 (P₀ = 0, so A₀ = I) ES still trains: it reaches 5% of the optimum about twice as late as the best nominal term, not 10× or 100× as late.",
    check: (c): CheckOutcome => {
      const o = observeFig2(c.seed);
      const slow = o.best !== null && (o.zeroHit === null || o.zeroHit >= FIG2_SLOWDOWN * o.best);
      return { ok: stable(o) && o.best !== null && o.best < FIG2_BUDGET && slow, tightness: o.best !== null && o.zeroHit !== null ? (FIG2_SLOWDOWN * o.best) / o.zeroHit : undefined, detail: describeObs(o) };
    },
    fixture: { seed: 1 },
  },
  {
    ...base,
    id: 'harrison2022.fig2bc.nominal-stability',
    statement: 'Figure 2b: with the nominal term (2α/λmax ∈ {0.1, 0.2, 0.3, 0.4}), ρ(A) stays below 1 at every one of 1000 ES meta-iterations.',
    control: false,
    expected: 'held',
    check: (c): CheckOutcome => {
      const o = observeFig2(c.seed);
      return { ok: stable(o), tightness: Math.max(...NOMINAL.map((f) => o.nominalMaxRho[f])), detail: describeObs(o) };
    },
  },
  {
    ...base,
    id: 'harrison2022.fig2bc.nominal-stability.control-without-nominal',
    statement: 'CONTROL (wrong on purpose): with α = 0 too, ρ(A_k) ≤ 1 at every meta-iteration k ≥ 1 (ES pushes it above 1: must be falsified).',
    control: true,
    controlOf: 'harrison2022.fig2bc.nominal-stability',
    expected: 'falsified',
    check: (c): CheckOutcome => {
      const o = observeFig2(c.seed);
      return { ok: o.zeroMaxRho <= 1, tightness: o.zeroMaxRho, detail: describeObs(o) };
    },
  },
  {
    ...base,
    id: 'harrison2022.fig2bc.nominal-speedup',
    statement:
      'Figure 2c, the part that reproduces: the best nominal term comes within 5% of the optimum in under 1000 ES meta-iterations and strictly earlier than α = 0 (run for up to 10× as long).',
    control: false,
    expected: 'witnessed',
    kind: 'witnessed',
    constants: CONSTANTS,
    frontier: fig2Frontier,
    check: (c): CheckOutcome => {
      const o = observeFig2(c.seed);
      const ok = o.best !== null && o.best < FIG2_BUDGET && (o.zeroHit === null || o.best < o.zeroHit);
      return { ok, tightness: o.best !== null && o.zeroHit !== null ? o.best / o.zeroHit : undefined, detail: describeObs(o) };
    },
  },
  {
    ...base,
    id: 'harrison2022.fig2bc.nominal-speedup.control-reversed',
    statement: 'CONTROL (wrong on purpose): α = 0 comes within 5% of the optimum no later than the best nominal term.',
    control: true,
    controlOf: 'harrison2022.fig2bc.nominal-speedup',
    expected: 'falsified',
    check: (c): CheckOutcome => {
      const o = observeFig2(c.seed);
      return { ok: o.zeroHit !== null && (o.best === null || o.zeroHit <= o.best), detail: describeObs(o) };
    },
  },
];
