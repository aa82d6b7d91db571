import * as fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { decimalArith, decimalText } from '../arith/decimal.js';
import { float64 } from '../arith/float.js';
import type { Arith } from '../arith/types.js';
import { refinedEigenvalues, spectralRadius64 } from '../nqm/eigen.js';
import { expectedMetaGradient, gradientVector } from '../nqm/gradient.js';
import { expectedLoss, expectedLossOfA } from '../nqm/loss.js';
import { solveStein } from '../nqm/lyapunov.js';
import { congruence, congruenceT, identity, inverse, matMul, matVec, quadForm, subMat, traceProd, transpose, type Mat } from '../nqm/mat.js';
import { dynamicsMatrix, injectedCovariance, preconditionedDynamicsMatrix, sqrtm, type NqmSystem } from '../nqm/model.js';
import { monteCarloLoss, pathwiseGradientStats } from '../nqm/montecarlo.js';
import { lambdaMaxH } from '../nqm/stability.js';
import type { CheckOutcome, ClaimDefinition, FrontierPoint, FrontierScale } from './types.js';
import {
  blockOf,
  eq8Case,
  growthCase,
  hOf,
  lemma4Case,
  maskedV,
  psdOf,
  robustCase,
  spectrumCase,
  stabilityCase,
  type Eq8Case,
  type GrowthCase,
  type Lemma4Case,
  type RobustCase,
  type SpectrumCase,
  type StabilityCase,
  type SystemCase,
  cancellationCase,
  eigenMotionCase,
  linearOptimizerCase,
  momentumCase,
  robustDistinctCase,
  type CancellationCase,
  type EigenMotionCase,
  type LinearOptimizerCase,
  type MomentumCase,
  type RobustDistinctCase,
} from '../arbitraries/index.js';

/**
 * harrison2022, Section 4 (noisy quadratic model) and the Figure 1 captions: every harrison2022 claim of
 * CLAIMS.md except Figure 2b–c (src/claims/harrison2022-fig2.ts), each with a control that breaks its own
 * predicate. Findings (expected `falsified`, each with its shrunk fixture): Theorem 1, Lemma 2 and Lemma 3
 * as stated (non-symmetric P / P̃), Figure 1(a) read literally (both parts), Eqn 19 read for every system.
 *
 * Conventions (src/nqm/model.ts, loss.ts): loss (4) with its ½, ξ_t drawn once per step and shared
 * by ℓ_t and the update φ_t → φ_{t+1}, meta-loss (1/T) Σ_{t=1..T} ℓ_t. Eqn 8 as printed has no ½, i.e.
 * it is twice E[meta-loss]; `eq8.control-printed-factor` checks that the printed factor is wrong
 * against simulation.
 *
 * Generators (src/arbitraries/) build every hypothesis class from small integers (so shrinking gives readable
 * counterexamples): H = (BBᵀ + cI)/4 is any SPD matrix of that lattice (ill-conditioned ones
 * included); "P diagonalizable with real eigenvalues" is P = V D V⁻¹ with V an arbitrary invertible
 * integer matrix (far from orthogonal included) and D placed anywhere in the interval the hypothesis
 * allows, endpoints included; "simultaneously diagonalizable with Δ" is block-diagonal over the groups
 * of equal dᵢ (repeated dᵢ included, Δ = cI among them).
 *
 * Stability verdicts ρ(A) ≤ 1 are decided in 80-digit decimal: the case is built exactly (integers),
 * λ_max(H) and ρ(A) are refined (src/nqm/eigen.ts), and a violation needs ρ(A) > 1 + 1e-20. That
 * margin is a rounding bound: every entry of A carries relative error ≤ ~κ(V)·1e-78 ≤ 1e-74 here
 * (|V| ≤ 4, d ≤ 3), and an eigenvalue of multiplicity m ≤ 3 moves by at most ~(1e-74)^{1/m} < 1e-24.
 */

const D80 = decimalArith(80);
const F64 = float64();
const RHO_MARGIN = D80.fromString('1e-20');

// ---------------------------------------------------------------- generators

const decMat = (M: readonly (readonly number[])[]): Mat<Decimal> => M.map((r) => r.map((x) => D80.fromNumber(x)));
const text = (x: Decimal, sig = 20) => decimalText(x.toSignificantDigits(sig));
const textMat = (M: Mat<Decimal>, sig = 20) => M.map((r) => r.map((x) => text(x, sig)));

/** Cayley transform Q = (I − K)(I + K)⁻¹ of a skew-symmetric integer K: an exactly orthogonal Q. */
function cayley(Kup: number[]): Mat<Decimal> {
  const n = Kup.length === 0 ? 1 : Kup.length === 1 ? 2 : 3;
  const K: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  let idx = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      K[i][j] = Kup[idx];
      K[j][i] = -Kup[idx];
      idx++;
    }
  const I = identity(D80, n);
  const Kd = decMat(K);
  const Ip = I.map((r, i) => r.map((x, j) => D80.add(x, Kd[i][j])));
  const Im = I.map((r, i) => r.map((x, j) => D80.sub(x, Kd[i][j])));
  return matMul(D80, Im, inverse(D80, Ip));
}

function diagTimes(V: Mat<Decimal>, d: Decimal[], Vinv: Mat<Decimal>): Mat<Decimal> {
  return matMul(D80, V.map((r) => r.map((x, j) => D80.mul(x, d[j]))), Vinv);
}

// ---------------------------------------------------------------- Theorem 1 / Lemma 2

interface StabilityEval {
  H: Mat<Decimal>;
  P: Mat<Decimal>;
  alpha: Decimal;
  lambdaP: Decimal[];
  limit: Decimal;
  rho: Decimal;
}

function evalStability(c: StabilityCase, mode: 'thm1' | 'lemma2', widen = 1): StabilityEval {
  const Hn = hOf(c.B, c.c);
  const H = decMat(Hn);
  const lH = lambdaMaxH(H);
  const alpha = D80.div(D80.fromNumber(c.a), D80.fromNumber(8));
  const w = D80.mul(D80.div(D80.fromNumber(2), mode === 'thm1' ? lH : D80.sqrt(lH)), D80.fromNumber(widen));
  const lambdaP = c.k.map((k) => D80.add(alpha.neg(), D80.mul(D80.div(D80.fromNumber(k), D80.fromNumber(8)), w)));
  let V: Mat<Decimal>;
  let Vinv: Mat<Decimal>;
  if (c.K) {
    V = cayley(c.K);
    Vinv = transpose(V);
  } else {
    V = decMat(c.V);
    Vinv = inverse(D80, V);
  }
  const P = diagTimes(V, lambdaP, Vinv);
  const A = mode === 'thm1' ? dynamicsMatrix(D80, H, P, alpha) : preconditionedDynamicsMatrix(D80, H, P, alpha);
  const rho = refinedEigenvalues(A, { precision: 80 }).rho;
  return { H, P, alpha, lambdaP, limit: D80.sub(w, alpha), rho };
}

function stabilityClaim(
  id: string,
  o: {
    source: string;
    statement: string;
    symmetric: boolean;
    mode: 'thm1' | 'lemma2';
    runs: number;
    expected: 'held' | 'falsified';
    widen?: number;
    controlOf?: string;
    fixture?: StabilityCase;
  },
): ClaimDefinition<StabilityCase> {
  return {
    id,
    source: o.source,
    statement: o.statement,
    control: o.controlOf !== undefined,
    ...(o.controlOf ? { controlOf: o.controlOf } : {}),
    expected: o.expected,
    runs: o.runs,
    arbitrary: () => stabilityCase({ symmetric: o.symmetric }),
    check: (c) => {
      const e = evalStability(c, o.mode, o.widen ?? 1);
      const ok = e.rho.lte(D80.add(D80.one, RHO_MARGIN));
      return {
        ok,
        tightness: e.rho.toNumber(),
        detail: `rho(A) = ${text(e.rho)} ${ok ? '<=' : '>'} 1 with eig(P) = [${e.lambdaP.map((x) => text(x, 8)).join(', ')}] in [-alpha, ${text(e.limit, 8)}], alpha = ${text(e.alpha, 8)}`,
      };
    },
    describe: (c) => {
      const e = evalStability(c, o.mode, o.widen ?? 1);
      return { case: c, H: textMat(e.H), P: textMat(e.P), alpha: text(e.alpha), eigP: e.lambdaP.map((x) => text(x)), rho: text(e.rho) };
    },
    ...(o.fixture ? { fixture: o.fixture } : {}),
  };
}

// ---------------------------------------------------------------- Lemma 3

function evalLemma3(c: RobustCase) {
  const H = decMat(hOf(c.B, c.c));
  const lH = lambdaMaxH(H);
  const twoOverL = D80.div(D80.fromNumber(2), lH);
  const alpha = D80.mul(D80.div(D80.fromNumber(c.u), D80.fromNumber(64)), twoOverL);
  const d = c.dv.map((x) => D80.div(D80.fromNumber(x), D80.fromNumber(4)));
  const dbar = c.dv.map((x, i) => D80.div(D80.fromNumber(x + c.e[i]), D80.fromNumber(4)));
  const dmax = dbar.reduce((m, x) => (x.gt(m) ? x : m));
  const lt = c.k.map((k) => D80.div(D80.add(alpha.neg(), D80.mul(D80.div(D80.fromNumber(k), D80.fromNumber(8)), twoOverL)), dmax));
  const V = decMat(maskedV(c));
  const Pt = diagTimes(V, lt, inverse(D80, V));
  const P = Pt.map((r, i) => r.map((x) => D80.mul(d[i], x)));
  const A = dynamicsMatrix(D80, H, P, alpha);
  return { H, Pt, P, alpha, d, dbar, lt, rho: refinedEigenvalues(A, { precision: 80 }).rho };
}

// ---------------------------------------------------------------- Eqn 8 vs Monte Carlo

function systemOf<T>(A: Arith<T>, c: SystemCase): NqmSystem<T> {
  const m = (M: number[][]) => M.map((r) => r.map((x) => A.fromNumber(x)));
  return {
    H: m(hOf(c.B, c.c)),
    P: m(c.Pn.map((r) => r.map((x) => x / 8))),
    alpha: A.fromNumber(c.a / 8),
    SigmaXi: m(psdOf(c.C)),
    phi0: c.phi.map((x) => A.fromNumber(x / 2)),
  };
}

const MC_SAMPLES = 250;
const Z = 5;

function eq8Check(c: Eq8Case, factor: number) {
  const sys = systemOf(F64, c);
  const closed = factor * expectedLoss(F64, sys, [c.T])[0].expected;
  const small = monteCarloLoss(sys, [c.T], MC_SAMPLES, c.seed)[0];
  const large = monteCarloLoss(sys, [c.T], 4 * MC_SAMPLES, c.seed + 7919)[0];
  const devSmall = Math.abs(small.mean - closed);
  const devLarge = Math.abs(large.mean - closed);
  // the interval must contain the closed form at both sizes, and shrink like 1/√N (ratio 0.5; 0.8 allows
  // the sampling error of the standard deviation itself)
  // below 1e-10·|L| the spread is float64 rounding of a (nearly) noiseless loss, not sampling error
  const noiseless = small.stdErr <= 1e-10 * Math.abs(closed);
  const shrinks = noiseless || large.stdErr <= 0.8 * small.stdErr;
  // 1e-12 relative: the float64 recursion and simulation over T ≤ 12 steps agree to ~1e-14
  const within = (dev: number, se: number) => dev <= Z * se || dev <= 1e-12 * Math.abs(closed);
  const ok = within(devSmall, small.stdErr) && within(devLarge, large.stdErr) && shrinks;
  const tight = Math.max(devSmall / (Z * small.stdErr || 1), devLarge / (Z * large.stdErr || 1));
  return {
    ok,
    tightness: tight,
    detail: `closed form ${closed} vs Monte Carlo ${small.mean} ± ${small.stdErr} (N=${MC_SAMPLES}), ${large.mean} ± ${large.stdErr} (N=${4 * MC_SAMPLES}); z = ${(devSmall / small.stdErr).toFixed(2)}, ${(devLarge / large.stdErr).toFixed(2)}`,
  };
}

// ---------------------------------------------------------------- Lemma 4

const D50 = decimalArith(50);

function lemma4Eval(c: Lemma4Case) {
  const sys = systemOf(D50, c);
  const L = expectedLoss(D50, sys, c.T);
  // L̄ independently: the deterministic dynamics φ_{t+1} = Aφ_t simulated, not read off the recursion
  const A = dynamicsMatrix(D50, sys.H, sys.P, sys.alpha);
  const Ts = [...new Set(c.T)].sort((x, y) => x - y);
  const Lbar = new Map<number, Decimal>();
  let phi = sys.phi0;
  let acc = D50.zero;
  const half = D50.div(D50.one, D50.fromNumber(2));
  for (let t = 1; t <= Ts[Ts.length - 1]; t++) {
    phi = matVec(D50, A, phi);
    acc = D50.add(acc, D50.mul(half, quadForm(D50, sys.H, phi)));
    if (Ts.includes(t)) Lbar.set(t, D50.div(acc, D50.fromNumber(t)));
  }
  return L.map((p) => ({ T: p.T, L: p.expected, Lbar: Lbar.get(p.T)! }));
}

function lemma4Check(c: Lemma4Case, reversed: boolean) {
  let worst = 0;
  let detail = '';
  let ok = true;
  for (const { T, L, Lbar } of lemma4Eval(c)) {
    const [lhs, rhs] = reversed ? [L, Lbar] : [Lbar, L];
    // rounding bound: ≤ 60 steps at 50 digits move each side by < 1e-44 relative; 1e-35 is safe
    const tol = D50.mul(D50.add(lhs.abs(), rhs.abs()), D50.fromString('1e-35'));
    const holds = lhs.lte(D50.add(rhs, tol));
    const ratio = rhs.isZero() ? (lhs.isZero() ? 1 : Infinity) : lhs.div(rhs).toNumber();
    if (ratio > worst || !holds) {
      worst = Math.max(worst, ratio);
      detail = `T = ${T}: ${reversed ? 'L' : 'Lbar'} = ${text(lhs)} vs ${reversed ? 'Lbar' : 'L'} = ${text(rhs)}`;
    }
    if (!holds) {
      ok = false;
      break;
    }
  }
  return { ok, tightness: worst, detail };
}

// ---------------------------------------------------------------- Lemma 5 and Section 4.1: A given by its spectrum

/** A (float64, from the exact product in decimal) and the system around it. */
function spectrumSystem(c: SpectrumCase, phi0Cov?: number[][], SigmaXi?: number[][]) {
  const V = decMat(c.V);
  const Ad = matMul(D80, matMul(D80, V, decMat(blockOf(c))), inverse(D80, V));
  const A = Ad.map((r) => r.map((x) => x.toNumber()));
  const H = hOf(c.B, c.c);
  const alpha = c.a / 8;
  // P = (I − αH − A) H⁻¹, for reporting and for the gradient with respect to P
  const Hd = decMat(H);
  const Pd = matMul(D80, subMat(D80, subMat(D80, identity(D80, c.d), Hd.map((r) => r.map((x) => D80.mul(D80.fromNumber(alpha), x)))), Ad), inverse(D80, Hd));
  const sys: NqmSystem<number> = {
    H,
    P: Pd.map((r) => r.map((x) => x.toNumber())),
    alpha,
    SigmaXi: SigmaXi ?? psdOf(c.C),
    phi0: phi0Cov ? c.phi.map(() => 0) : c.phi.map((x) => x / 2),
    ...(phi0Cov ? { phi0Cov } : {}),
  };
  // ρ of the float64 system actually simulated (P rounded), refined
  const Asys = dynamicsMatrix(D80, Hd, sys.P.map((r) => r.map((x) => D80.fromNumber(x))), D80.fromNumber(alpha));
  // 40 digits: ρ is used as a double (the horizons T₁ and the regime |ln ρ| ≥ 0.01), ~1e-20 even at a Jordan pair
  return { A, Ad, sys, rho: refinedEigenvalues(Asys, { precision: 40 }).rho.toNumber() };
}

const LEMMA5_T = [1, 2, 3, 5, 10, 30, 100, 300, 1000, 3000, 10000];

/**
 * Lemma 5's consequence, in closed form: for ρ(A) < 1, with Σ_∞ = AΣ_∞Aᵀ + Q, W = AᵀHA + AᵀWA and
 * Z = AΣ_∞Aᵀ + AZAᵀ (all PSD),
 *   L(T) ≤ B := ½φ₀ᵀWφ₀ + ½tr(HΣ_∞) + ½tr(HΣ_ξ)        for every T (bounded), and
 *   T·|L(T) − L_∞| ≤ K := max(½φ₀ᵀWφ₀, ½tr(HZ)),  L_∞ = ½tr(HΣ_∞) + ½tr(HΣ_ξ)   (converges like 1/T).
 * Both are checked at T up to 10⁴ in float64, with a rounding margin of 1e-9 relative per horizon
 * (the recursion's error is ≤ T·d·eps ≈ 1e-11 and the Kronecker solve's ≤ cond·eps ≤ 1e-10 for the
 * generator's |V| ≤ 4 and 1 − ρ ≥ 1/64).
 */
function lemma5Check(c: SpectrumCase) {
  const { A, sys } = spectrumSystem(c);
  const Q = injectedCovariance(F64, A, sys.SigmaXi);
  const Sinf = solveStein(F64, A, Q);
  const W = solveStein(F64, transpose(A), congruenceT(F64, A, sys.H));
  const Zm = solveStein(F64, A, congruence(F64, A, Sinf));
  const floor = 0.5 * traceProd(F64, sys.H, sys.SigmaXi);
  const start = 0.5 * quadForm(F64, W, sys.phi0);
  const Linf = 0.5 * traceProd(F64, sys.H, Sinf) + floor;
  const B = start + Linf;
  const K = Math.max(start, 0.5 * traceProd(F64, sys.H, Zm));
  const pts = expectedLossOfA(F64, A, sys, LEMMA5_T);
  let tight = 0;
  let ok = Number.isFinite(B) && Number.isFinite(K);
  let detail = `B = ${B}, K = ${K}, L_inf = ${Linf}`;
  for (const p of pts) {
    const margin = 1e-9 * (Math.abs(B) + Math.abs(p.expected));
    // 0/0 (φ₀ = 0 and no noise: L ≡ 0) is a case of equality-free holding, ratio 0
    const ratio = (num: number, den: number) => (num === 0 ? 0 : num / den);
    const r1 = ratio(p.expected, B + margin);
    const conv = p.T * Math.abs(p.expected - Linf);
    const r2 = ratio(conv, K + p.T * margin);
    const r = Math.max(r1, Number.isFinite(r2) ? r2 : Infinity);
    if (r > tight) {
      tight = r;
      detail = `T = ${p.T}: L(T) = ${p.expected} vs sup bound B = ${B}; T|L(T) - L_inf| = ${conv} vs K = ${K} (L_inf = ${Linf})`;
    }
    if (!(r <= 1)) {
      ok = false;
      break;
    }
  }
  return { ok, tightness: tight, detail };
}

// ---------------------------------------------------------------- Section 4.1: gradient growth

/** T₁ = ⌈30/ln ρ⌉: between T₁ and 2T₁ the gradient should grow by e^60, far above any polynomial factor. */
const GROWTH_BUDGET = 30;
const GRAD_SAMPLES = 24;

/**
 * Fig. 2a's setting generalised to any A: φ₀ ~ N(0, 10I), ξ ~ N(0, I). The gradient is the vector
 * (∂L/∂α, ∂L/∂P) of the exact expected loss (adjoint, float64: its values stay below e^130 here) and
 * its variance is the trace of the sample covariance of the pathwise gradient over noise paths.
 *
 * Concrete consequences checked (CLAIMS.md asks for a falsifiable one):
 * - ρ(A) > 1: between T₁ = ⌈30/ln ρ⌉ and T₂ = 2T₁, ln‖∇L‖ must rise by 2(T₂−T₁)ln ρ ≈ 60 and
 *   ln Var by 4(T₂−T₁)ln ρ ≈ 120, each within ±25% (polynomial factors from Jordan blocks and the
 *   oscillation of a complex dominant pair are worth a few units of ln).
 * - ρ(A) < 1: with T₁ = ⌈8/(−ln ρ)⌉, ‖∇L(4T₁)‖ ≤ 4·max(‖∇L(T₁)‖, ‖∇L(2T₁)‖) (a convergent
 *   g∞ + h/T can at most double between these horizons) and Var(4T₁) ≤ 10·max(Var(T₁), Var(2T₁)).
 * Systems with |ln ρ| < 0.01 are not generated (the exponential rate would need T beyond 10⁴ to show).
 */
function growthEval(c: GrowthCase, forceBoundedCheck: boolean) {
  const d = c.d;
  const I = identity(F64, d);
  const { sys, rho } = spectrumSystem(c, I.map((r) => r.map((x) => 10 * x)), I);
  const grad = (T: number) => Math.hypot(...gradientVector(expectedMetaGradient(F64, sys, T)));
  const variance = (T: number) => pathwiseGradientStats(sys, T, GRAD_SAMPLES, c.seed).traceVariance;
  if (rho > 1 && !forceBoundedCheck) {
    const T1 = Math.ceil(GROWTH_BUDGET / Math.log(rho));
    const T2 = 2 * T1;
    const predicted = 2 * (T2 - T1) * Math.log(rho);
    const g1 = grad(T1);
    const g2 = grad(T2);
    const v1 = variance(T1);
    const v2 = variance(T2);
    const rg = Math.log(g2 / g1) / predicted;
    const rv = Math.log(v2 / v1) / (2 * predicted);
    const ok = Number.isFinite(rg) && Number.isFinite(rv) && Math.abs(rg - 1) <= 0.25 && Math.abs(rv - 1) <= 0.25;
    return {
      ok,
      tightness: Math.max(Math.abs(rg - 1), Math.abs(rv - 1)) / 0.25,
      detail: `rho = ${rho}: T ${T1} -> ${T2}: ln|grad| rose ${Math.log(g2 / g1).toFixed(2)} (predicted ${predicted.toFixed(2)}), ln Var rose ${Math.log(v2 / v1).toFixed(2)} (predicted ${(2 * predicted).toFixed(2)})`,
    };
  }
  const T1 = Math.ceil(8 / Math.abs(Math.log(rho)));
  const Ts = [T1, 2 * T1, 4 * T1];
  const g = Ts.map(grad);
  const rg = g[2] / (4 * Math.max(g[0], g[1]));
  if (!(rg <= 1)) {
    // already unbounded in magnitude: the (costlier) variance estimate cannot change the verdict
    return { ok: false, tightness: rg, detail: `rho = ${rho}: |grad| at T = ${Ts.join(', ')}: ${g.map((x) => x.toExponential(3)).join(', ')}` };
  }
  const v = Ts.map(variance);
  const rv = v[2] / (10 * Math.max(v[0], v[1]));
  const ok = rg <= 1 && rv <= 1;
  return {
    ok,
    tightness: Math.max(rg, rv),
    detail: `rho = ${rho}: |grad| at T = ${Ts.join(', ')}: ${g.map((x) => x.toExponential(3)).join(', ')}; Var: ${v.map((x) => x.toExponential(3)).join(', ')}`,
  };
}

// ---------------------------------------------------------------- Lemma 3 with pairwise distinct d̄ᵢ

/** Lemma 3's dynamics for a RobustDistinctCase; `widen` > 1 moves the upper limit (17) outward (the control). */
function evalRobustDistinct(c: RobustDistinctCase, widen = 1) {
  const H = decMat(hOf(c.B, c.c));
  const lH = lambdaMaxH(H);
  const twoOverL = D80.div(D80.fromNumber(2), lH);
  const alpha = D80.mul(D80.div(D80.fromNumber(c.u), D80.fromNumber(64)), twoOverL);
  const dbar = c.dbar.map((x) => D80.div(D80.fromNumber(x), D80.fromNumber(4)));
  const d = c.dn.map((x) => D80.div(D80.fromNumber(x), D80.fromNumber(4)));
  const dmax = dbar.reduce((m, x) => (x.gt(m) ? x : m));
  const wv = D80.mul(twoOverL, D80.fromNumber(widen));
  const lt = c.k.map((k) => D80.div(D80.add(alpha.neg(), D80.mul(D80.div(D80.fromNumber(k), D80.fromNumber(8)), wv)), dmax));
  // P = ΔP̃ with P̃ = diag(λ̃) (diagonal: it commutes with diag(d̄), whose entries are distinct)
  const P = H.map((r, i) => r.map((_, j) => (i === j ? D80.mul(d[i], lt[i]) : D80.zero)));
  const A = dynamicsMatrix(D80, H, P, alpha);
  return { H, alpha, d, dbar, lt, rho: refinedEigenvalues(A, { precision: 80 }).rho };
}

function robustDistinctClaim(id: string, o: { statement: string; widen?: number; controlOf?: string; expected: 'held' | 'falsified'; runs: number }): ClaimDefinition<RobustDistinctCase> {
  return {
    id,
    source: `${SRC}.3, Lemma 3 (Eqns 15-17) with pairwise distinct d̄ᵢ`,
    statement: o.statement,
    control: o.controlOf !== undefined,
    ...(o.controlOf ? { controlOf: o.controlOf } : {}),
    expected: o.expected,
    runs: o.runs,
    arbitrary: () => robustDistinctCase(),
    check: (c) => {
      const e = evalRobustDistinct(c, o.widen ?? 1);
      const ok = e.rho.lte(D80.add(D80.one, RHO_MARGIN));
      return { ok, tightness: e.rho.toNumber(), detail: `rho(A) = ${text(e.rho)} with d = [${e.d.map((x) => text(x, 6))}], dbar = [${e.dbar.map((x) => text(x, 6))}], eig(P~) = [${e.lt.map((x) => text(x, 8))}]` };
    },
    describe: (c) => {
      const e = evalRobustDistinct(c, o.widen ?? 1);
      return { case: c, H: textMat(e.H), alpha: text(e.alpha), d: e.d.map((x) => text(x)), dbar: e.dbar.map((x) => text(x)), Ptilde: e.lt.map((x) => text(x)), rho: text(e.rho) };
    },
    ...(o.controlOf
      ? {}
      : {
          class: {
            generated: { d: [1, 3], H: '(BBᵀ + cI)/4, B ∈ [−3,3]^{d×d}, c ∈ [1,8]', alpha: 'u/64 · 2/λ_max(H), u ∈ [1,63]', dbar: 'pairwise distinct, {1..8}/4', d_i: '{1..d̄ᵢ·4}/4 (equal dᵢ included)', eigPtilde: 'k/8 grid of (16)-(17), both ends' },
            admitted: 'H SPD, 0 < α < 2/λ_max(H), pairwise distinct d̄ᵢ > 0, every Δ = diag(d) with 0 < dᵢ ≤ d̄ᵢ, P̃ simultaneously diagonalizable with every such Δ (hence diagonal), (16)-(17)',
          },
        }),
  };
}

// ---------------------------------------------------------------- Eqns 18-19: cancelling the nominal term

/** The ε grid of the witness search: 1 − ε = d̄·j/EQ19_GRID, j = 1..EQ19_GRID (every Δ = (1−ε)I of D). */
const EQ19_GRID = 64;

function cancellationSystem(c: CancellationCase) {
  const H = decMat(hOf(c.B, c.c));
  const lH = lambdaMaxH(H);
  const w = D80.div(D80.fromNumber(2), lH);
  const alpha = D80.mul(D80.div(D80.fromNumber(c.u), D80.fromNumber(64)), w);
  const mu = c.k.map((k) => D80.mul(D80.div(D80.fromNumber(k), D80.fromNumber(8)), w));
  const [V, Vinv] = c.K ? ((Q) => [Q, transpose(Q)])(cayley(c.K)) : ((Vd) => [Vd, inverse(D80, Vd)])(decMat(c.V));
  const Pstar = diagTimes(V, mu, Vinv);
  const dbar = D80.div(D80.fromNumber(c.dbar), D80.fromNumber(4));
  return { H, alpha, Pstar, dbar, mu };
}

/** 1 − ε at grid index j. */
const oneMinusEps = (dbar: Decimal, j: number, grid = EQ19_GRID) => D80.mul(dbar, D80.div(D80.fromNumber(j), D80.fromNumber(grid)));

/**
 * The three dynamics matrices at Δ = (1−ε)I: from the model (A = I − αH − ΔP̃H with P̃ = P* − αI,
 * Eqns 6, 15, 18), as the text states after Eqn 19 (I − αεH − (1−ε)P*H; with `printedSign`, the
 * update (19) as printed, φ ← φ − (αε − (1−ε)P*)∇, i.e. I − αεH + (1−ε)P*H) and with the nominal term
 * set to 0 (α = 0: I − (1−ε)P*H).
 */
function cancellationMatrices(s: ReturnType<typeof cancellationSystem>, om: Decimal, printedSign = false) {
  const n = s.H.length;
  const eps = D80.sub(D80.one, om);
  const I = identity(D80, n);
  const Ptilde = subMat(D80, s.Pstar, I.map((r) => r.map((x) => D80.mul(x, s.alpha))));
  const model = dynamicsMatrix(D80, s.H, Ptilde.map((r) => r.map((x) => D80.mul(om, x))), s.alpha);
  const PH = matMul(D80, s.Pstar, s.H);
  const stated = I.map((r, i) =>
    r.map((x, j) => {
      const v = D80.sub(x, D80.mul(D80.mul(s.alpha, eps), s.H[i][j]));
      return printedSign ? D80.add(v, D80.mul(om, PH[i][j])) : D80.sub(v, D80.mul(om, PH[i][j]));
    }),
  );
  const nominalZero = I.map((r, i) => r.map((x, j) => D80.sub(x, D80.mul(om, PH[i][j]))));
  return { model, stated, nominalZero };
}

function cancellationCheck(c: CancellationCase, printedSign = false, grid = EQ19_GRID): CheckOutcome {
  const s = cancellationSystem(c);
  // (a) Eqn 19's matrix is the model's, exactly (80 digits; the entries are sums of a few products)
  for (const j of [1, EQ19_GRID / 2, EQ19_GRID]) {
    const m = cancellationMatrices(s, oneMinusEps(s.dbar, j), printedSign);
    let diff = D80.zero;
    m.model.forEach((r, i) => r.forEach((x, k) => (diff = D80.add(diff, D80.abs(D80.sub(x, m.stated[i][k]))))));
    if (diff.gt(D80.fromString('1e-60'))) {
      return { ok: false, detail: `(a) at 1-eps = ${text(oneMinusEps(s.dbar, j), 8)}: I - alpha eps H ${printedSign ? '+' : '-'} (1-eps)P*H differs from I - alpha H - Delta P~ H by ${text(diff, 4)} (sum of |entries|)` };
    }
  }
  if (printedSign) return { ok: true, detail: '(a) the printed update gives the model matrix here (P*H = 0)' };
  // (b) a witness ε: ρ(A) > ρ(A with α = 0); searched in float64 over the grid, confirmed at 80 digits
  let best = -Infinity;
  let bestJ = -1;
  for (let j = 1; j <= grid; j++) {
    const m = cancellationMatrices(s, oneMinusEps(s.dbar, j, grid));
    const gap = spectralRadius64(m.model.map((r) => r.map((x) => x.toNumber()))) - spectralRadius64(m.nominalZero.map((r) => r.map((x) => x.toNumber())));
    if (gap > best) {
      best = gap;
      bestJ = j;
    }
  }
  const m = cancellationMatrices(s, oneMinusEps(s.dbar, bestJ, grid));
  const rA = refinedEigenvalues(m.model, { precision: 80 }).rho;
  const r0 = refinedEigenvalues(m.nominalZero, { precision: 80 }).rho;
  const gap = D80.sub(rA, r0);
  const eps = D80.sub(D80.one, oneMinusEps(s.dbar, bestJ, grid));
  const detail = `best admissible eps on the grid: ${text(eps, 8)} (d̄ = ${text(s.dbar, 4)}): rho(A) = ${text(rA, 12)} vs rho with the nominal term set to 0 = ${text(r0, 12)}`;
  if (gap.gt(RHO_MARGIN)) return { ok: true, tightness: -gap.toNumber(), detail: `witness: ${detail}` };
  if (gap.abs().lte(RHO_MARGIN) && best > -1e-9) return { ok: true, undecided: true, detail: `undecided (tie): ${detail}` };
  return { ok: false, tightness: -gap.toNumber(), detail: `no admissible eps on the ${grid}-point grid makes A less stable than with the nominal term set to 0; ${detail}` };
}

/**
 * Eqn 19 mapped: whether some admissible ε makes A less stable than with the nominal term set to 0,
 * over d̄ (= dbar/4, either side of 1: d̄ > 1 admits ε < 0), P* as drawn or P* = 0 (the finding's
 * family), and the ε grid's resolution (the check: EQ19_GRID = 64 points), on cases drawn once from
 * cancellationCase (seeded, the same at every call) with d̄ and P* overridden. `witness` is the check's
 * own decision (part (a) included); `values.gap` is ρ(A) − ρ(A with α = 0) at the best grid ε (NaN when
 * part (a) decided the case).
 */
export function eq19Frontier(scale: FrontierScale): FrontierPoint[] {
  const g = scale === 'paper' ? { dbar: [1, 2, 3, 4, 5, 6, 8], cases: 6, grid: [8, 64] } : { dbar: [2, 4, 5, 8], cases: 3, grid: [8, EQ19_GRID] };
  const drawn = fc.sample(cancellationCase(), { seed: 1919, numRuns: g.cases });
  const out: FrontierPoint[] = [];
  drawn.forEach((base, index) => {
    for (const pstarZero of [0, 1])
      for (const dbar of g.dbar)
        for (const grid of g.grid) {
          const c: CancellationCase = { ...base, dbar, k: pstarZero ? base.k.map(() => 0) : base.k };
          const o = cancellationCheck(c, false, grid);
          const gap = o.tightness === undefined ? Number.NaN : -o.tightness;
          out.push({ at: { case: index, d: c.B.length, pstarZero, dbarTimes4: dbar, grid }, holds: { witness: o.undecided ? null : o.ok }, values: { gap } });
        }
  });
  return out;
}

// ---------------------------------------------------------------- Section 4.4: heavy-ball momentum

/**
 * Heavy ball w_{k+1} = w_k − ηHw_k + β(w_k − w_{k−1}) as one linear system on (w_k, w_{k−1}):
 * M = [[(1+β)I − ηH, −βI], [I, 0]]; GD is β = 0 (I − ηH). Stable means ρ < 1 (decided at 50 digits
 * with the 1e-20 margin: ρ within it of 1 is marginal, i.e. not stable, which is exactly the end point
 * x = 2(1+β) where −1 is an eigenvalue).
 */
function momentumEval(c: MomentumCase) {
  const H = decMat(hOf(c.B, c.c));
  const n = H.length;
  const lH = lambdaMaxH(H);
  const beta = D80.div(D80.fromNumber(c.b), D80.fromNumber(16));
  const eta = D80.div(D80.div(D80.fromNumber(c.m), D80.fromNumber(16)), lH);
  const M: Mat<Decimal> = Array.from({ length: 2 * n }, (_, i) =>
    Array.from({ length: 2 * n }, (_, j) => {
      if (i < n && j < n) return D80.sub(i === j ? D80.add(D80.one, beta) : D80.zero, D80.mul(eta, H[i][j]));
      if (i < n) return j - n === i ? beta.neg() : D80.zero;
      return j === i - n ? D80.one : D80.zero;
    }),
  );
  const G = H.map((r, i) => r.map((x, j) => D80.sub(i === j ? D80.one : D80.zero, D80.mul(eta, x))));
  // 50 digits: simple roots to ~1e-45 and the double root of a critically damped mode (modulus √β ≤ 0.97,
  // far from 1) to ~1e-25, both far inside the 1e-20 margin
  const rhoM = refinedEigenvalues(M, { precision: 50 }).rho;
  const rhoG = refinedEigenvalues(G, { precision: 50 }).rho;
  const stable = (r: Decimal) => r.lt(D80.sub(D80.one, RHO_MARGIN));
  return { rhoM, rhoG, stableM: stable(rhoM), stableG: stable(rhoG) };
}

/** `momentumLimit16`: the claimed momentum limit on η·λ_max, times 16, as a function of b (β = b/16). */
function momentumCheck(c: MomentumCase, momentumLimit16: (b: number) => number): CheckOutcome {
  const e = momentumEval(c);
  const x = `${c.m}/16`;
  const predM = c.m > 0 && c.m < momentumLimit16(c.b);
  const predG = c.m > 0 && c.m < 32;
  const fails: string[] = [];
  if (e.stableM !== predM) fails.push(`momentum: eta L = ${x}, beta = ${c.b}/16: rho = ${text(e.rhoM, 12)} (${e.stableM ? 'stable' : 'not stable'}) but the stated range (0, ${momentumLimit16(c.b)}/16) says ${predM ? 'stable' : 'not stable'}`);
  if (e.stableG !== predG) fails.push(`GD: eta L = ${x}: rho = ${text(e.rhoG, 12)} (${e.stableG ? 'stable' : 'not stable'}) but (0, 2) says ${predG ? 'stable' : 'not stable'}`);
  return { ok: fails.length === 0, detail: fails.length ? fails.join('; ') : `eta L = ${x}, beta = ${c.b}/16: rho(momentum) = ${text(e.rhoM, 10)}, rho(GD) = ${text(e.rhoG, 10)}` };
}

// ---------------------------------------------------------------- Figure 1: eigenvalues under an intervention

/** The increment of the intervention's magnitude, and the decision threshold on the eigenvalues' motion. */
const MOTION_H = D80.fromString('1e-12');
const MOTION_TOL = D80.fromString('1e-20');

/**
 * Each eigenvalue of A(x + h) paired with the nearest eigenvalue of A(x) (80 digits; h = 1e-12 moves a
 * simple eigenvalue by ~1e-12, a defective one by ~1e-6, far above the refinement's accuracy
 * ~10^(−80/m) at an m-fold root and far above the O(h²) curvature).
 */
function eigenMotion(Aof: (x: Decimal) => Mat<Decimal>, x: Decimal, h: Decimal) {
  const before = refinedEigenvalues(Aof(x), { precision: 80 }).values;
  const after = refinedEigenvalues(Aof(D80.add(x, h)), { precision: 80 }).values;
  return after.map((z2) => {
    let best = before[0];
    let bd: Decimal | undefined;
    for (const z of before) {
      const dd = D80.add(D80.abs(D80.sub(z.re, z2.re)), D80.abs(D80.sub(z.im, z2.im)));
      if (bd === undefined || dd.lt(bd)) {
        bd = dd;
        best = z;
      }
    }
    return { from: best, to: z2 };
  });
}

const zText = (z: { re: Decimal; im: Decimal }) => `${text(z.re, 24)}${z.im.isNeg() ? '-' : '+'}${text(z.im.abs(), 24)}i`;

type MotionRule = (from: { re: Decimal; im: Decimal }, to: { re: Decimal; im: Decimal }) => 'holds' | 'fails' | 'undecided';

/** Decides a rule on the change `delta` of a quantity: < −TOL holds, > TOL fails, else undecided. */
const bySign = (delta: Decimal): 'holds' | 'fails' | 'undecided' => (delta.lt(MOTION_TOL.neg()) ? 'holds' : delta.gt(MOTION_TOL) ? 'fails' : 'undecided');

function motionCheck(c: EigenMotionCase, which: 'alpha' | 'decay', rule: MotionRule, what: string): CheckOutcome {
  const H = decMat(hOf(c.B, c.c));
  const P = decMat(c.Pn.map((r) => r.map((x) => x / 8)));
  const x = D80.div(D80.fromNumber(c.m), D80.fromNumber(16));
  // nominal term: A(α) = I − αH − PH, α increased; weight decay: A(s) = I − sPH (α = 0), s decreased
  const Aof = which === 'alpha' ? (a: Decimal) => dynamicsMatrix(D80, H, P, a) : (s: Decimal) => dynamicsMatrix(D80, H, P.map((r) => r.map((v) => D80.mul(s, v))), D80.zero);
  const h = which === 'alpha' ? MOTION_H : MOTION_H.neg();
  const moves = eigenMotion(Aof, x, h);
  const fails: string[] = [];
  let open = 0;
  for (const { from, to } of moves) {
    const st = rule(from, to);
    if (st === 'fails') fails.push(`${zText(from)} -> ${zText(to)}`);
    if (st === 'undecided') open++;
  }
  const at = `${which === 'alpha' ? 'alpha' : 's'} = ${c.m}/16, ${which === 'alpha' ? 'increased' : 'decreased'} by 1e-12`;
  if (fails.length) return { ok: false, detail: `${at}: not ${what}: ${fails.join(', ')}` };
  if (open) return { ok: true, undecided: true, detail: `${at}: ${open} eigenvalue(s) moved by less than 1e-20 (undecided)` };
  return { ok: true, detail: `${at}: every eigenvalue ${what}` };
}

const realPartRule: MotionRule = (from, to) => bySign(D80.sub(to.re, from.re));
const realLineRule: MotionRule = (from, to) => {
  const delta = D80.sub(D80.abs(to.im), D80.abs(from.im));
  // a real eigenvalue that stays real does not move away from the real line
  if (from.im.isZero() && to.im.isZero()) return 'holds';
  return delta.lte(MOTION_TOL) ? 'holds' : 'fails';
};
const toOneRule: MotionRule = (from, to) => {
  const d0 = D80.add(D80.mul(D80.sub(from.re, D80.one), D80.sub(from.re, D80.one)), D80.mul(from.im, from.im));
  const d1 = D80.add(D80.mul(D80.sub(to.re, D80.one), D80.sub(to.re, D80.one)), D80.mul(to.im, to.im));
  if (d0.lte(MOTION_TOL) && d1.lte(MOTION_TOL)) return 'holds'; // at 1 (PH singular): stays at 1
  return bySign(D80.sub(d1, d0));
};
const toZeroRule: MotionRule = (from, to) => bySign(D80.sub(D80.add(D80.mul(to.re, to.re), D80.mul(to.im, to.im)), D80.add(D80.mul(from.re, from.re), D80.mul(from.im, from.im))));

// ---------------------------------------------------------------- Figure 1d: a combination that stabilises

/** Weight decay scales s = 2^(−j), j = 0..FIG1D_DECAY_STEPS; nominal α = (i/16)·w, i = 0..16 (w = 2/λ_max(H), or 2/√λ_max(H) preconditioned). */
const FIG1D_DECAY_STEPS = 20;

/** Which parts of the combination the search may use (the frontier takes them away one at a time). */
interface CombinationParts {
  preconditioners: readonly boolean[];
  /** Largest nominal index i (α = i/16 · w); 0: no nominal term. */
  maxNominal: number;
}
const ALL_PARTS: CombinationParts = { preconditioners: [false, true], maxNominal: 16 };

function combinedSearch(c: LinearOptimizerCase, maxDecayStep: number, parts: CombinationParts = ALL_PARTS): CheckOutcome {
  const Hn = hOf(c.B, c.c);
  const Pn = c.Pn.map((r) => r.map((x) => x / 8));
  const lH = lambdaMaxH(decMat(Hn)).toNumber();
  const inv = sqrtm(F64, Hn).invSqrt;
  for (let j = 0; j <= maxDecayStep; j++) {
    const s = 2 ** -j;
    const Ps = Pn.map((r) => r.map((x) => s * x));
    for (const pre of parts.preconditioners) {
      const w = pre ? 2 / Math.sqrt(lH) : 2 / lH;
      for (let i = 0; i <= parts.maxNominal; i++) {
        const a = (i / 16) * w;
        const A64 = pre ? preconditionedDynamicsMatrix(F64, Hn, Ps, a, inv) : dynamicsMatrix(F64, Hn, Ps, a);
        if (!(spectralRadius64(A64) < 1 - 1e-9)) continue;
        // confirm exactly (80 digits): the same combination, built in decimal
        const H = decMat(Hn);
        const sD = D80.div(D80.one, D80.fromNumber(2 ** j));
        const PD = decMat(Pn).map((r) => r.map((x) => D80.mul(sD, x)));
        const lHD = lambdaMaxH(H);
        const wD = D80.div(D80.fromNumber(2), pre ? D80.sqrt(lHD) : lHD);
        const aD = D80.mul(D80.div(D80.fromNumber(i), D80.fromNumber(16)), wD);
        const AD = pre ? preconditionedDynamicsMatrix(D80, H, PD, aD) : dynamicsMatrix(D80, H, PD, aD);
        const rho = refinedEigenvalues(AD, { precision: 80 }).rho;
        if (rho.lt(D80.sub(D80.one, RHO_MARGIN))) {
          return { ok: true, tightness: rho.toNumber(), detail: `witness: weight decay s = 2^-${j}, nominal alpha = ${i}/16 · ${pre ? '2/sqrt(lambda_max(H))' : '2/lambda_max(H)'}, ${pre ? 'with' : 'without'} preconditioning: rho(A) = ${text(rho, 12)}` };
        }
      }
    }
  }
  return { ok: false, detail: `no combination on the grid (s = 2^-j, j <= ${maxDecayStep}; alpha = i/16 · w, i <= ${parts.maxNominal}; ${parts.preconditioners.map((p) => (p ? 'with' : 'without')).join(' and ')} H^(-1/2)) puts every eigenvalue of A inside the unit circle` };
}

/**
 * Figure 1(d) mapped: what the combination search leaves open is how deep the weight decay goes
 * (s ≥ 2^-J; the check: J = FIG1D_DECAY_STEPS = 20), which parts it may combine, and how large P is
 * (entries of 8P in [−maxP, maxP]; the check: 16). Over cases drawn once from linearOptimizerCase (seeded,
 * the same at every call), for each J: `combined` (every part, the check's search), `withoutPreconditioner`,
 * `withoutNominal` (α = 0: weight decay and preconditioning only) — each a witness ρ(A) < 1 − 1e-20
 * confirmed at 80 digits, or none on the grid.
 */
export function fig1dFrontier(scale: FrontierScale): FrontierPoint[] {
  const g = scale === 'paper' ? { maxP: [4, 16, 64, 256], cases: 8, J: [0, 1, 2, 4, 8, 12, 16, 20] } : { maxP: [16, 256], cases: 4, J: [0, 4, 20] };
  const out: FrontierPoint[] = [];
  for (const maxP of g.maxP) {
    const cases = fc.sample(linearOptimizerCase({ maxP }), { seed: 1001 + maxP, numRuns: g.cases });
    cases.forEach((c, index) => {
      const d = c.B.length;
      for (const J of g.J) {
        const combined = combinedSearch(c, J);
        out.push({
          at: { maxP, case: index, d, J },
          holds: {
            combined: combined.ok,
            withoutPreconditioner: combinedSearch(c, J, { preconditioners: [false], maxNominal: 16 }).ok,
            withoutNominal: combinedSearch(c, J, { preconditioners: [false, true], maxNominal: 0 }).ok,
          },
          values: { rho: combined.ok && combined.tightness !== undefined ? combined.tightness : Number.NaN },
        });
      }
    });
  }
  return out;
}

// ---------------------------------------------------------------- the registry

const SRC = 'harrison2022 Section 4';

const claims: ClaimDefinition<any>[] = [
  {
    id: 'harrison2022.eq8.expected-loss',
    source: `${SRC}, Eqns 6-8`,
    statement:
      'The closed form (8) (with the 1/2 of loss (4), sum over t = 1..T, Σ_t from the covariance recursion (7)) equals the Monte Carlo mean of the simulated meta-loss: within 5 standard errors at N = 250 and N = 1000 samples, the standard error shrinking like 1/sqrt(N). Any H SPD, any P, α ∈ [0,1], Σ_ξ PSD (singular included), T ≤ 12.',
    control: false,
    expected: 'held',
    runs: 59,
    arbitrary: () => eq8Case(),
    check: (c: Eq8Case) => eq8Check(c, 1),
    describe: (c: Eq8Case) => ({ case: c }),
  },
  {
    id: 'harrison2022.eq8.expected-loss.control-printed-factor',
    source: `${SRC}, Eqn 8 as printed`,
    statement: 'Control: Eqn 8 exactly as printed (without the 1/2 of loss (4)) equals the Monte Carlo mean of the simulated meta-loss. Must be falsified.',
    control: true,
    controlOf: 'harrison2022.eq8.expected-loss',
    expected: 'falsified',
    runs: 25,
    arbitrary: () => eq8Case(),
    check: (c: Eq8Case) => eq8Check(c, 2),
    describe: (c: Eq8Case) => ({ case: c }),
  },
  stabilityClaim('harrison2022.thm1.stability', {
    source: `${SRC}, Theorem 1`,
    statement:
      'Exactly as stated: H SPD, α ≥ 0, P diagonalizable with real eigenvalues (P = V D V⁻¹, any invertible V), −α ≤ λ_min(P), λ_max(P) ≤ 2/λ_max(H) − α ⇒ ρ(I − αH − PH) ≤ 1. FALSE for non-symmetric P (finding; fixture below).',
    symmetric: false,
    mode: 'thm1',
    runs: 100,
    expected: 'falsified',
    // shrunk by fast-check (seed 20211): H = [[2.5,.75,.75],[.75,.5,.25],[.75,.25,.5]], α = 0,
    // P = [[0,0,0],[0,0,0],[−1/12,0,1/12]] (eigenvalues 1/12, 0, 0 ∈ [0, 2/λ_max(H)]), ρ(A) = 49/48
    fixture: { B: [[-3, 0, 0], [-1, 0, 0], [-1, 0, 0]], c: 1, a: 0, k: [1, 0, 0], V: [[0, 1, 0], [0, 0, -1], [-1, 1, 0]] },
  }),
  stabilityClaim('harrison2022.thm1.stability-symmetric', {
    source: `${SRC}, Theorem 1 (P symmetric)`,
    statement: 'Theorem 1 with P symmetric (P = Q D Qᵀ, Q orthogonal from a Cayley transform): (9)-(10) ⇒ ρ(A) ≤ 1.',
    symmetric: true,
    mode: 'thm1',
    runs: 120,
    expected: 'held',
  }),
  stabilityClaim('harrison2022.thm1.stability-symmetric.control-limit-exceeded', {
    source: `${SRC}, Theorem 1 with bound (10) widened`,
    statement: 'Control: symmetric P with eigenvalues up to 1.5·2/λ_max(H) − α (above the limit (10)) still gives ρ(A) ≤ 1. Must be falsified.',
    symmetric: true,
    mode: 'thm1',
    runs: 100,
    expected: 'falsified',
    widen: 1.5,
    controlOf: 'harrison2022.thm1.stability-symmetric',
  }),
  stabilityClaim('harrison2022.lemma2.preconditioned', {
    source: `${SRC}, Lemma 2 (Eqns 12-13)`,
    statement:
      'Dynamics φ_{t+1} = φ_t − H^{-1/2}(αI + P)∇_t, P as in Theorem 1 (diagonalizable, real eigenvalues, any V), (9) and λ_max(P) ≤ 2/sqrt(λ_max(H)) − α ⇒ ρ(I − H^{-1/2}(αI+P)H) ≤ 1. FALSE for non-symmetric P (finding).',
    symmetric: false,
    mode: 'lemma2',
    runs: 100,
    expected: 'falsified',
    // shrunk by fast-check (seed 20211): same H, α = 0, P = [[c,0,0],[0,0,0],[c,0,0]] with
    // c = 2/√λ_max(H) = 1.1547… (eigenvalues c, 0, 0: (13) holds with equality), ρ(A₂) = 1.12933…
    fixture: { B: [[-3, 0, 0], [-1, 0, 0], [-1, 0, 0]], c: 1, a: 0, k: [0, 8, 0], V: [[0, 1, 0], [0, 0, -1], [-1, 1, 0]] },
  }),
  {
    id: 'harrison2022.lemma3.robust',
    source: `${SRC}, Lemma 3 (Eqns 15-17)`,
    statement:
      'A = I − αH − ΔP̃H, Δ = diag(d), 0 < dᵢ ≤ d̄ᵢ, P̃ and Δ simultaneously diagonalizable (P̃ block-diagonal over equal dᵢ, any invertible blocks), H SPD, 0 < α < 2/λ_max(H), (16)-(17) ⇒ ρ(A) ≤ 1. FALSE when Δ has repeated entries and P̃ is non-symmetric on that block (finding).',
    control: false,
    expected: 'falsified',
    runs: 400,
    arbitrary: () => robustCase(),
    check: (c: RobustCase) => {
      const e = evalLemma3(c);
      const ok = e.rho.lte(D80.add(D80.one, RHO_MARGIN));
      return { ok, tightness: e.rho.toNumber(), detail: `rho(A) = ${text(e.rho)} with d = [${e.d.map((x) => text(x, 6))}], eig(P~) = [${e.lt.map((x) => text(x, 8))}]` };
    },
    // shrunk by fast-check (seed 20211): H = diag(.25,.25,.5), α = 1/16, Δ = I/4 (= D̄),
    // P̃ = [[3.75,−6,8],[−4,5.75,−8],[−4,6,−8.25]] (eigenvalues −1/4, −1/4, 7/4, inside (16)–(17)), ρ(A) = 1.375
    fixture: { B: [[0, 0, 0], [0, 0, 0], [0, 0, 1]], c: 1, u: 1, dv: [1, 1, 1], e: [0, 0, 0], k: [0, 0, 1], W: [[1, 2, -1], [-2, 0, 1], [-2, -1, 1]] },
    describe: (c: RobustCase) => {
      const e = evalLemma3(c);
      return { case: c, H: textMat(e.H), Ptilde: textMat(e.Pt), d: e.d.map((x) => text(x)), dbar: e.dbar.map((x) => text(x)), alpha: text(e.alpha), rho: text(e.rho) };
    },
  },
  {
    id: 'harrison2022.lemma4.deterministic-lower',
    source: `${SRC}, Lemma 4 (Appendix A.1)`,
    statement:
      'L̄(θ;T) (Σ_ξ = 0, computed by simulating φ_{t+1} = Aφ_t) ≤ L(θ;T) (covariance recursion) for every T, any H SPD, P, α ∈ [0, 2], Σ_ξ PSD; decided in 50-digit decimal (values beyond float64 included).',
    control: false,
    expected: 'held',
    runs: 59,
    arbitrary: () => lemma4Case(),
    check: (c: Lemma4Case) => lemma4Check(c, false),
    describe: (c: Lemma4Case) => ({ case: c }),
  },
  {
    id: 'harrison2022.lemma4.deterministic-lower.control-reversed',
    source: `${SRC}, Lemma 4 reversed`,
    statement: 'Control: L(θ;T) ≤ L̄(θ;T) (the inequality reversed). Must be falsified whenever tr(HΣ_ξ) > 0.',
    control: true,
    controlOf: 'harrison2022.lemma4.deterministic-lower',
    expected: 'falsified',
    runs: 40,
    arbitrary: () => lemma4Case(),
    check: (c: Lemma4Case) => lemma4Check(c, true),
    describe: (c: Lemma4Case) => ({ case: c }),
  },
  {
    id: 'harrison2022.lemma5.bounded-loss',
    source: `${SRC}, Lemma 5 (Appendix A.1)`,
    statement:
      'ρ(A) < 1, A diagonalizable (A = VΛV⁻¹, real or complex eigenvalues, any invertible V) ⇒ L(θ;T) ≤ ½φ₀ᵀWφ₀ + ½tr(HΣ_∞) + ½tr(HΣ_ξ) for all T and T|L(T) − L_∞| ≤ K (Lyapunov closed forms), checked for T up to 10⁴.',
    control: false,
    expected: 'held',
    runs: 59,
    arbitrary: () => spectrumCase({ den: 64, kinds: ['real', 'pair'], modulus: fc.integer({ min: -63, max: 63 }), moduli: 'below' }),
    check: (c: SpectrumCase) => lemma5Check(c),
    describe: (c: SpectrumCase) => ({ case: c, A: spectrumSystem(c).A, rho: spectrumSystem(c).rho }),
  },
  {
    id: 'harrison2022.lemma5.bounded-loss.control-unstable',
    source: `${SRC}, Lemma 5 without ρ(A) < 1`,
    statement: 'Control: the same bounds for A with every |λᵢ| in (1, 1.8) (ρ(A) > 1). Must be falsified.',
    control: true,
    controlOf: 'harrison2022.lemma5.bounded-loss',
    expected: 'falsified',
    runs: 20,
    arbitrary: () => spectrumCase({ den: 64, kinds: ['real', 'pair'], modulus: fc.integer({ min: 65, max: 80 }).chain((k) => fc.constantFrom(k, -k)), moduli: 'above' }),
    check: (c: SpectrumCase) => lemma5Check(c),
    describe: (c: SpectrumCase) => ({ case: c, A: spectrumSystem(c).A, rho: spectrumSystem(c).rho }),
  },
  {
    id: 'harrison2022.sec41.gradient-growth',
    source: `${SRC}.1, Fig. 2a`,
    statement:
      'φ₀ ~ N(0, 10I), ξ ~ N(0, I), any H SPD, α ∈ [0, 2], P (any A, real / complex / Jordan dominant eigenvalue): for ρ(A) ∈ [1.01, 1.3] the meta-gradient (∂L/∂α, ∂L/∂P) grows like ρ^{2T} and its variance over noise like ρ^{4T} (log-slopes within 25%); for ρ(A) ∈ [0.5, 0.98] both stay bounded.',
    control: false,
    expected: 'held',
    runs: 59,
    arbitrary: () => growthCase({ regime: 'both' }),
    check: (c: GrowthCase) => growthEval(c, false),
    describe: (c: GrowthCase) => ({ case: c, rho: spectrumSystem(c).rho }),
  },
  {
    id: 'harrison2022.sec41.gradient-growth.control-bounded-when-unstable',
    source: `${SRC}.1, boundedness asserted for ρ(A) > 1`,
    statement: 'Control: the boundedness check of the stable regime applied to ρ(A) ∈ [1.01, 1.3]. Must be falsified.',
    control: true,
    controlOf: 'harrison2022.sec41.gradient-growth',
    expected: 'falsified',
    runs: 5,
    arbitrary: () => growthCase({ regime: 'unstable' }),
    check: (c: GrowthCase) => growthEval(c, true),
    describe: (c: GrowthCase) => ({ case: c, rho: spectrumSystem(c).rho }),
  },
  stabilityClaim('harrison2022.lemma2.preconditioned-symmetric', {
    source: `${SRC}.2, Lemma 2 (Eqns 12-13) with P symmetric`,
    statement:
      'Lemma 2 with P symmetric (P = Q D Qᵀ, Q orthogonal from a Cayley transform): dynamics φ_{t+1} = φ_t − H^{-1/2}(αI + P)∇_t, H SPD, α ≥ 0, (9) and λ_max(P) ≤ 2/sqrt(λ_max(H)) − α ⇒ ρ(I − H^{-1/2}(αI+P)H) ≤ 1.',
    symmetric: true,
    mode: 'lemma2',
    runs: 120,
    expected: 'held',
  }),
  stabilityClaim('harrison2022.lemma2.preconditioned-symmetric.control-limit-exceeded', {
    source: `${SRC}.2, Lemma 2 with bound (13) widened`,
    statement: 'Control: symmetric P with eigenvalues up to 1.5·2/sqrt(λ_max(H)) − α (above the limit (13)) still gives ρ ≤ 1 for the preconditioned dynamics. Must be falsified.',
    symmetric: true,
    mode: 'lemma2',
    runs: 100,
    expected: 'falsified',
    widen: 1.5,
    controlOf: 'harrison2022.lemma2.preconditioned-symmetric',
  }),
  robustDistinctClaim('harrison2022.lemma3.robust-distinct', {
    statement:
      'Lemma 3 with pairwise distinct d̄ᵢ: A = I − αH − ΔP̃H, H SPD, 0 < α < 2/λ_max(H), P̃ simultaneously diagonalizable with every Δ = diag(d) of D (0 < dᵢ ≤ d̄ᵢ; with distinct d̄ᵢ that makes P̃ diagonal), (16)-(17) ⇒ ρ(A) ≤ 1 for every such Δ (equal dᵢ included).',
    expected: 'held',
    runs: 120,
  }),
  robustDistinctClaim('harrison2022.lemma3.robust-distinct.control-limit-exceeded', {
    statement: 'Control: the same with the eigenvalues of P̃ up to (1.5·2/λ_max(H) − α)/max d̄ (above (17)). Must be falsified.',
    widen: 1.5,
    controlOf: 'harrison2022.lemma3.robust-distinct',
    expected: 'falsified',
    runs: 100,
  }),
  {
    id: 'harrison2022.eq19.adversarial-cancellation',
    source: `${SRC}.3, Eqns 18-19`,
    statement: `With P̃ = P* − αI and Δ = (1−ε)I ∈ D (0 < 1−ε ≤ d̄), (a) the dynamics matrix I − αH − ΔP̃H is A = I − αεH − (1−ε)P*H (as stated after Eqn 19), checked exactly at three ε; (b) for some admissible ε, A is less stable than with the nominal term set to 0 (ρ(A) > ρ(I − (1−ε)P*H)): a witness ε is searched on the ${EQ19_GRID}-point grid 1−ε = d̄·j/${EQ19_GRID} and confirmed at 80 digits. Any H SPD, 0 < α < 2/λ_max(H), P* diagonalizable with real eigenvalues in [0, 4/λ_max(H)] (symmetric or not), d̄ ∈ (0, 2]. FALSE as a statement about every (H, α, P*, D): with P* = 0 and d̄ ≤ 1 the leftover αεH is pure descent (finding; a witness existed in 68.0% of 500 sampled cases). Frontier (paper grid, 6 drawn cases): with P* as drawn a witness exists for every d̄ > 1 (ε < 0) in every case, for d̄ ∈ {1/2, 3/4} in 1 of 6 and for d̄ = 1/4 in none; at d̄ = 1 the check is undecided (its best grid ε is the tie ε = 0) in 5 of 6; the ε grid's resolution (8 or 64) changes nothing.`,
    control: false,
    kind: 'witnessed',
    constants: { epsGrid: `1-eps = dbar·j/${EQ19_GRID}, j = 1..${EQ19_GRID}`, margin: 'rho(A) - rho(A, alpha = 0) > 1e-20 at 80 digits' },
    // FINDING (read as "for every H, α, P*, D there is an admissible ε"): false. Shrunk (seed 20211):
    // P* = 0, d̄ = 1/4: every admissible ε ∈ [3/4, 1) gives A = I − αεH with 0 < αελᵢ < 2, so
    // ρ(A) < 1 = ρ(I) — the cancelled nominal term is a descent term and can only help (exactly, not
    // only on the grid). A witness existed in 68.0% of 500 sampled cases (seed 7; 3.4% ties).
    expected: 'falsified',
    fixture: { B: [[1, 0, 0], [0, 0, 0], [1, -2, 0]], c: 1, u: 1, k: [0, 0, 0], V: [[0, 0, -1], [0, 1, 0], [1, 0, 0]], dbar: 1 },
    frontier: (scale: FrontierScale) => eq19Frontier(scale),
    runs: 59,
    arbitrary: () => cancellationCase(),
    check: (c: CancellationCase) => cancellationCheck(c),
    describe: (c: CancellationCase) => {
      const s = cancellationSystem(c);
      return { case: c, H: textMat(s.H), alpha: text(s.alpha), Pstar: textMat(s.Pstar), dbar: text(s.dbar) };
    },
    class: {
      generated: { d: [1, 3], H: '(BBᵀ + cI)/4', alpha: 'u/64 · 2/λ_max(H), u ∈ [1,63]', PstarEigenvalues: 'k/8 · 2/λ_max(H), k ∈ [0,16]', Pstar: 'V diag V⁻¹ (V integer, |V| ≤ 4) or symmetric (Cayley)', dbar: '{1..8}/4' },
      admitted: 'H SPD, 0 < α < 2/λ_max(H), any P*, Δ = (1−ε)I ∈ D (ε ≤ 1)',
    },
  },
  {
    id: 'harrison2022.eq19.adversarial-cancellation.control-printed-sign',
    source: `${SRC}.3, Eqn 19 as printed`,
    statement: 'Control: the update (19) as printed, φ ← φ − (αε − (1−ε)P*)∇, gives the model matrix I − αH − ΔP̃H (it gives I − αεH + (1−ε)P*H: the sign of the P* term is flipped). Must be falsified.',
    control: true,
    controlOf: 'harrison2022.eq19.adversarial-cancellation',
    expected: 'falsified',
    runs: 59,
    arbitrary: () => cancellationCase(),
    check: (c: CancellationCase) => cancellationCheck(c, true),
    describe: (c: CancellationCase) => ({ case: c }),
  },
  {
    id: 'harrison2022.sec44.momentum-margin',
    source: `${SRC}.4 and Appendix A.4 (Polyak momentum)`,
    statement:
      'Heavy ball w_{k+1} = w_k − ηHw_k + β(w_k − w_{k−1}), H SPD, β ∈ [0, 1): the joint system on (w_k, w_{k−1}) has ρ < 1 exactly when 0 < η·λ_max(H) < 2(1+β), while GD (β = 0) has ρ(I − ηH) < 1 exactly when 0 < η·λ_max(H) < 2; both ends of both ranges and their neighbours are drawn (η·λ_max on the 1/16 lattice up to 5, β on the 1/16 lattice).',
    control: false,
    expected: 'held',
    runs: 80,
    arbitrary: () => momentumCase(),
    check: (c: MomentumCase) => momentumCheck(c, (b) => 32 + 2 * b),
    describe: (c: MomentumCase) => ({ case: c, H: hOf(c.B, c.c), beta: c.b / 16, etaTimesLambdaMax: c.m / 16 }),
    class: {
      generated: { d: [1, 3], H: '(BBᵀ + cI)/4', beta: '{0..15}/16', etaTimesLambdaMax: '{1..80}/16, half the draws at 2 and 2(1+β) ± 1/16' },
      admitted: 'H SPD, β ∈ [0, 1), η > 0',
    },
  },
  {
    id: 'harrison2022.sec44.momentum-margin.control-gd-range',
    source: `${SRC}.4, momentum given GD's range`,
    statement: "Control: heavy ball's stable range of η·λ_max(H) is GD's (0, 2). Must be falsified.",
    control: true,
    controlOf: 'harrison2022.sec44.momentum-margin',
    expected: 'falsified',
    runs: 80,
    arbitrary: () => momentumCase(),
    check: (c: MomentumCase) => momentumCheck(c, () => 32),
    describe: (c: MomentumCase) => ({ case: c, beta: c.b / 16, etaTimesLambdaMax: c.m / 16 }),
  },
  {
    id: 'harrison2022.fig1a.nominal-real-part',
    source: `${SRC}, Figure 1(a) caption (read literally)`,
    statement:
      'Increasing the nominal coefficient α moves every eigenvalue of A = I − αH − PH to a more negative real part, for every P (any real P, H SPD, α ∈ [0, 2]): each eigenvalue of A(α + 1e-12), paired with the nearest of A(α), has a smaller real part (80 digits; a change below 1e-20 is undecided). FALSE for some non-symmetric P (finding; the caption says the arrows show how eigenvalues "tend to" move: the literal reading held in 97.0% of 500 sampled cases).',
    control: false,
    // FINDING (read literally, "for every P"): false for non-symmetric P. In 500 sampled cases of this
    // generator (seed 7) it held in 97.0%. Shrunk by fast-check (seed 20211): H = diag(.25) ⊕ [[1.75,.5],[.5,.5]],
    // P = [[.25,0,−.375],[.75,0,−.25],[0,−.5,0]], α = 0: the real eigenvalue 1.1906573… of A moves right.
    expected: 'falsified',
    fixture: { B: [[0, 0, 0], [-1, -2, -1], [0, -1, 0]], c: 1, Pn: [[2, 0, -3], [6, 0, -2], [0, -4, 0]], m: 0 },
    runs: 200,
    arbitrary: () => eigenMotionCase(),
    check: (c: EigenMotionCase) => motionCheck(c, 'alpha', realPartRule, 'moved to a more negative real part'),
    describe: (c: EigenMotionCase) => ({ case: c, H: hOf(c.B, c.c), P: c.Pn.map((r) => r.map((x) => x / 8)), alpha: c.m / 16 }),
    class: { generated: { d: [1, 3], H: '(BBᵀ + cI)/4', P: '{−8..8}/8 entries, any real matrix', alpha: '{0..32}/16' }, admitted: 'H SPD, any P (the caption: "for a learned optimizer"), α ≥ 0' },
  },
  {
    id: 'harrison2022.fig1a.nominal-real-part.control-positive',
    source: `${SRC}, Figure 1(a) reversed`,
    statement: 'Control: increasing α moves every eigenvalue of A to a more positive real part. Must be falsified.',
    control: true,
    controlOf: 'harrison2022.fig1a.nominal-real-part',
    expected: 'falsified',
    runs: 40,
    arbitrary: () => eigenMotionCase(),
    check: (c: EigenMotionCase) => motionCheck(c, 'alpha', (f, t) => realPartRule(t, f), 'moved to a more positive real part'),
    describe: (c: EigenMotionCase) => ({ case: c }),
  },
  {
    id: 'harrison2022.fig1a.nominal-real-line',
    source: `${SRC}, Figure 1(a) caption (read literally)`,
    statement:
      'Increasing α moves every eigenvalue of A = I − αH − PH toward the real line, for every P: no eigenvalue of A(α + 1e-12), paired with the nearest of A(α), has a larger |Im| (by more than 1e-20; 80 digits). FALSE for some non-symmetric P (finding; held in 92.4% of 500 sampled cases).',
    control: false,
    // FINDING (read literally): false for non-symmetric P; held in 92.4% of 500 sampled cases (seed 7).
    // Shrunk (seed 20211): H = diag(1.25, .25), P = [[0, .125], [−.25, .125]], α = 0: the complex pair
    // 0.984375 ± 0.0975780937…i moves away from the real line as α grows.
    expected: 'falsified',
    fixture: { B: [[0, 2], [0, 0]], c: 1, Pn: [[0, 1], [-2, 1]], m: 0 },
    runs: 120,
    arbitrary: () => eigenMotionCase(),
    check: (c: EigenMotionCase) => motionCheck(c, 'alpha', realLineRule, 'moved toward (or stayed on) the real line'),
    describe: (c: EigenMotionCase) => ({ case: c, H: hOf(c.B, c.c), P: c.Pn.map((r) => r.map((x) => x / 8)), alpha: c.m / 16 }),
    class: { generated: { d: [1, 3], H: '(BBᵀ + cI)/4', P: '{−8..8}/8 entries, any real matrix', alpha: '{0..32}/16' }, admitted: 'H SPD, any P, α ≥ 0' },
  },
  {
    id: 'harrison2022.fig1a.nominal-real-line.control-away',
    source: `${SRC}, Figure 1(a) reversed`,
    statement: 'Control: increasing α moves every eigenvalue of A strictly away from the real line (|Im| grows). Must be falsified.',
    control: true,
    controlOf: 'harrison2022.fig1a.nominal-real-line',
    expected: 'falsified',
    runs: 40,
    arbitrary: () => eigenMotionCase(),
    check: (c: EigenMotionCase) => motionCheck(c, 'alpha', (f, t) => bySign(D80.sub(D80.abs(f.im), D80.abs(t.im))), 'moved away from the real line'),
    describe: (c: EigenMotionCase) => ({ case: c }),
  },
  {
    id: 'harrison2022.fig1b.weight-decay',
    source: `${SRC}, Figure 1(b) caption (read literally)`,
    statement:
      'Shrinking P toward 0 (weight decay; A(s) = I − sPH, α = 0, s ∈ (0, 2]) pulls every eigenvalue of A toward 1: each eigenvalue of A(s − 1e-12), paired with the nearest of A(s), is closer to 1 (or stays at 1), for every P (80 digits).',
    control: false,
    expected: 'held',
    runs: 80,
    arbitrary: () => eigenMotionCase({ minM: 1 }),
    check: (c: EigenMotionCase) => motionCheck(c, 'decay', toOneRule, 'moved toward 1'),
    describe: (c: EigenMotionCase) => ({ case: c, H: hOf(c.B, c.c), P: c.Pn.map((r) => r.map((x) => x / 8)), s: c.m / 16 }),
    class: { generated: { d: [1, 3], H: '(BBᵀ + cI)/4', P: '{−8..8}/8 entries, any real matrix', s: '{1..32}/16' }, admitted: 'H SPD, any P, α = 0, any shrink factor s > 0' },
  },
  {
    id: 'harrison2022.fig1b.weight-decay.control-toward-zero',
    source: `${SRC}, Figure 1(b) with the wrong target`,
    statement: 'Control: shrinking P pulls every eigenvalue of A toward 0 (instead of 1). Must be falsified.',
    control: true,
    controlOf: 'harrison2022.fig1b.weight-decay',
    expected: 'falsified',
    runs: 40,
    arbitrary: () => eigenMotionCase({ minM: 1 }),
    check: (c: EigenMotionCase) => motionCheck(c, 'decay', toZeroRule, 'moved toward 0'),
    describe: (c: EigenMotionCase) => ({ case: c }),
  },
  {
    id: 'harrison2022.fig1d.combined',
    source: `${SRC}, Figure 1(d) caption (read literally)`,
    statement: `For every P (any real matrix) and H SPD there is a combination of nominal term, weight decay and preconditioning, A = I − M(αI + sP)H with M ∈ {I, H^(-1/2)}, that puts every eigenvalue of A inside the unit circle: a witness is searched on s = 2^-j (j ≤ ${FIG1D_DECAY_STEPS}), α = (i/16)·w (i ≤ 16, w = 2/λ_max(H) or 2/sqrt(λ_max(H))), and confirmed at 80 digits (ρ < 1 − 1e-20). Frontier (paper grid, 32 drawn cases, 8P entries up to 256): at J = 20 every case has a witness; the depth needed grows with P (J = 8 for 6 of 8 cases at 256); without the nominal term only 7 of 32 are stabilised at J = 20.`,
    control: false,
    kind: 'witnessed',
    constants: { decayGrid: `s = 2^-j, j = 0..${FIG1D_DECAY_STEPS}`, nominalGrid: 'alpha = i/16 · w, i = 0..16', preconditioner: 'none or H^(-1/2)' },
    expected: 'witnessed',
    runs: 80,
    frontier: (scale: FrontierScale) => fig1dFrontier(scale),
    arbitrary: () => linearOptimizerCase(),
    check: (c: LinearOptimizerCase) => combinedSearch(c, FIG1D_DECAY_STEPS),
    describe: (c: LinearOptimizerCase) => ({ case: c, H: hOf(c.B, c.c), P: c.Pn.map((r) => r.map((x) => x / 8)) }),
    class: { generated: { d: [1, 3], H: '(BBᵀ + cI)/4', P: '{−16..16}/8 entries, any real matrix' }, admitted: 'H SPD, any P' },
  },
  {
    id: 'harrison2022.fig1d.combined.control-no-weight-decay',
    source: `${SRC}, Figure 1(d) without weight decay`,
    statement: 'Control: the nominal term and preconditioning alone (s = 1: no weight decay) stabilise every P. Must be falsified.',
    control: true,
    controlOf: 'harrison2022.fig1d.combined',
    expected: 'falsified',
    runs: 80,
    arbitrary: () => linearOptimizerCase(),
    check: (c: LinearOptimizerCase) => combinedSearch(c, 0),
    describe: (c: LinearOptimizerCase) => ({ case: c }),
  },
];

const LATTICE_H = '(BBᵀ + cI)/4, B ∈ [−3,3]^{d×d}, c ∈ [1,8] (every SPD of the lattice, ill-conditioned ones included)';
const STAB_GENERATED = (P: string, limit: string) => ({ d: [1, 3], H: LATTICE_H, alpha: '{0..16}/8', P, eigP: `−α + (k/8)·${limit}, k ∈ [0,8] (both ends of the interval)` });

/** The class each existing claim's arbitrary generates, beside what its statement admits. */
const HARRISON_CLASS: Record<string, { generated: Record<string, unknown>; admitted: string }> = {
  'harrison2022.eq8.expected-loss': {
    generated: { d: [1, 3], H: LATTICE_H, P: '{−4..4}/8 entries (any real matrix)', alpha: '{0..8}/8', SigmaXi: 'CCᵀ/4, C ∈ [−2,2]^{d×d} (singular, zero included)', phi0: '{−3..3}/2', T: [1, 12], monteCarlo: 'N = 250 and 1000 paths' },
    admitted: 'H SPD, any P, α, Σ_ξ PSD, φ₀, T ≥ 1',
  },
  'harrison2022.thm1.stability': {
    generated: STAB_GENERATED('V diag V⁻¹, V ∈ [−4,4]^{d×d} invertible (non-symmetric, far from normal)', '2/λ_max(H)'),
    admitted: 'H SPD, α ≥ 0, P diagonalizable with real eigenvalues, (9)-(10)',
  },
  'harrison2022.thm1.stability-symmetric': {
    generated: STAB_GENERATED('Q diag Qᵀ, Q = Cayley(K), K skew with entries in [−3,3]', '2/λ_max(H)'),
    admitted: 'H SPD, α ≥ 0, P symmetric, (9)-(10)',
  },
  'harrison2022.lemma2.preconditioned': {
    generated: STAB_GENERATED('V diag V⁻¹, V ∈ [−4,4]^{d×d} invertible', '2/sqrt(λ_max(H))'),
    admitted: 'H SPD, α ≥ 0, P diagonalizable with real eigenvalues, (9) and (13)',
  },
  'harrison2022.lemma2.preconditioned-symmetric': {
    generated: STAB_GENERATED('Q diag Qᵀ, Q = Cayley(K)', '2/sqrt(λ_max(H))'),
    admitted: 'H SPD, α ≥ 0, P symmetric, (9) and (13)',
  },
  'harrison2022.lemma3.robust': {
    generated: { d: [1, 3], H: LATTICE_H, alpha: 'u/64 · 2/λ_max(H), u ∈ [1,63]', d_i: '{1..4}/4 (all equal in half the draws)', dbar: 'd + {0..4}/4', Ptilde: 'V diag V⁻¹, V block-diagonal over equal dᵢ, entries in [−4,4]', eigPtilde: 'k/8 grid of (16)-(17)' },
    admitted: 'H SPD, 0 < α < 2/λ_max(H), Δ = diag(d) with 0 < dᵢ ≤ d̄ᵢ, P̃ and Δ simultaneously diagonalizable, (16)-(17)',
  },
  'harrison2022.lemma4.deterministic-lower': {
    generated: { d: [1, 3], H: LATTICE_H, P: '{−4..4}/8 entries', alpha: '{0..16}/8 (unstable systems included)', SigmaXi: 'CCᵀ/4', T: '1–4 distinct horizons in [1, 60]' },
    admitted: 'H SPD, any P, α, Σ_ξ PSD, every T',
  },
  'harrison2022.lemma5.bounded-loss': {
    generated: { d: [1, 3], A: 'V Λ V⁻¹, V ∈ [−4,4]^{d×d} invertible, Λ real or one complex pair, eigenvalue numerators in [−63,63]/64, all moduli < 1', H: LATTICE_H, alpha: '{0..16}/8', SigmaXi: 'CCᵀ/4', T: 'up to 1e4' },
    admitted: 'ρ(A) < 1, A diagonalizable',
  },
  'harrison2022.sec41.gradient-growth': {
    generated: { d: [2, 3], dominant: 'real, complex pair or 2×2 Jordan block of modulus in [1.01, 1.3] or [0.5, 0.98]', rest: 'inside 0.9 × the dominant modulus', V: '[−4,4]^{d×d} invertible', H: LATTICE_H, alpha: '{0..16}/8', phi0: 'N(0, 10I)', noise: 'N(0, I)' },
    admitted: 'any A = I − αH − PH with |ln ρ(A)| ≥ 0.01 (the exponential rate must show within T ≤ 1e4)',
  },
};

/** harrison2022's claims, each non-control claim with its `class`. */
export const harrison2022Claims: ClaimDefinition<any>[] = claims.map((c) => (c.class || c.control || !HARRISON_CLASS[c.id] ? c : { ...c, class: HARRISON_CLASS[c.id] }));
