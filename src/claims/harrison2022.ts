import * as fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { decimalArith, decimalText } from '../arith/decimal.js';
import { float64 } from '../arith/float.js';
import type { Arith } from '../arith/types.js';
import { refinedEigenvalues } from '../nqm/eigen.js';
import { expectedMetaGradient, gradientVector } from '../nqm/gradient.js';
import { expectedLoss, expectedLossOfA } from '../nqm/loss.js';
import { solveStein } from '../nqm/lyapunov.js';
import { congruence, congruenceT, identity, inverse, matMul, matVec, quadForm, subMat, traceProd, transpose, type Mat } from '../nqm/mat.js';
import { dynamicsMatrix, injectedCovariance, preconditionedDynamicsMatrix, type NqmSystem } from '../nqm/model.js';
import { monteCarloLoss, pathwiseGradientStats } from '../nqm/montecarlo.js';
import { lambdaMaxH } from '../nqm/stability.js';
import type { ClaimDefinition } from './types.js';

/**
 * harrison2022, Section 4 (noisy quadratic model): CLAIMS.md's eight claims and their controls.
 *
 * Conventions (src/nqm/model.ts, loss.ts): loss (4) with its ½, ξ_t drawn once per step and shared
 * by ℓ_t and the update φ_t → φ_{t+1}, meta-loss (1/T) Σ_{t=1..T} ℓ_t. Eqn 8 as printed has no ½, i.e.
 * it is twice E[meta-loss]; `eq8.control-printed-factor` checks that the printed factor is wrong
 * against simulation.
 *
 * Generators build every hypothesis class from small integers (so shrinking gives readable
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

const intMat = (rows: number, cols: number, min: number, max: number) =>
  fc.array(fc.array(fc.integer({ min, max }), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });
const intVec = (n: number, min: number, max: number) => fc.array(fc.integer({ min, max }), { minLength: n, maxLength: n });

function detInt(M: number[][]): number {
  const n = M.length;
  if (n === 1) return M[0][0];
  if (n === 2) return M[0][0] * M[1][1] - M[0][1] * M[1][0];
  let s = 0;
  for (let j = 0; j < n; j++) {
    const minor = M.slice(1).map((r) => r.filter((_, k) => k !== j));
    s += (j % 2 === 0 ? 1 : -1) * M[0][j] * detInt(minor);
  }
  return s;
}

/** H = (BBᵀ + cI)/4: exactly representable (integers / 4), SPD since c ≥ 1. */
function hOf(B: number[][], c: number): number[][] {
  const n = B.length;
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (B[i].reduce((s, x, k) => s + x * B[j][k], 0) + (i === j ? c : 0)) / 4),
  );
}

/** Σ = CCᵀ/4: any PSD matrix of the lattice, singular and zero included. */
function psdOf(C: number[][]): number[][] {
  return hOf(C, 0);
}

const hArb = (d: number) => fc.record({ B: intMat(d, d, -3, 3), c: fc.integer({ min: 1, max: 8 }) });

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

/**
 * A case of Theorem 1 (and Lemma 2): H = (BBᵀ + cI)/4, α = a/8 ≥ 0, P = V diag(λ) V⁻¹ with
 * λᵢ = −α + (kᵢ/8)·w where w = 2/λ_max(H) (Theorem 1) or 2/√λ_max(H) (Lemma 2), so kᵢ ∈ [0, 8] is
 * exactly the interval (9)–(10) (resp. (9), (13)), both ends included.
 */
export interface StabilityCase {
  B: number[][];
  c: number;
  a: number;
  k: number[];
  /** Eigenvector matrix (general P); ignored when `K` is given. */
  V: number[][];
  /** Upper triangle of a skew-symmetric K: P = Q diag(λ) Qᵀ with Q = Cayley(K) (symmetric P). */
  K?: number[];
}

const invertible = (V: number[][]) => detInt(V) !== 0;

function stabilityArb(symmetric: boolean, kMax = 8): fc.Arbitrary<StabilityCase> {
  return fc.integer({ min: 1, max: 3 }).chain((d) =>
    fc
      .record({
        B: intMat(d, d, -3, 3),
        c: fc.integer({ min: 1, max: 8 }),
        a: fc.integer({ min: 0, max: 16 }),
        k: intVec(d, 0, kMax),
        V: symmetric ? fc.constant(identity(F64, d)) : intMat(d, d, -4, 4),
        ...(symmetric ? { K: intVec((d * (d - 1)) / 2, -3, 3) } : {}),
      })
      .filter((c) => invertible(c.V)),
  ) as fc.Arbitrary<StabilityCase>;
}

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
    arbitrary: () => stabilityArb(o.symmetric),
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

/**
 * H = (BBᵀ + cI)/4, α = (u/64)·2/λ_max(H) with u ∈ 1..63 (0 < α < 2/λ_max(H) strictly),
 * dᵢ = dv_i/4 > 0 and d̄ᵢ = dᵢ + e_i/4 ≥ dᵢ, P̃ = V diag(λ̃) V⁻¹ with V block-diagonal over the groups of
 * equal dᵢ (that is exactly simultaneous diagonalizability with diagonal Δ), λ̃ᵢ in the interval
 * (16)–(17): λ̃ᵢ = (−α + (kᵢ/8)·2/λ_max(H)) / max d̄.
 */
export interface Lemma3Case {
  B: number[][];
  c: number;
  u: number;
  dv: number[];
  e: number[];
  k: number[];
  W: number[][];
}

function maskedV(c: Lemma3Case): number[][] {
  return c.W.map((r, i) => r.map((x, j) => (c.dv[i] === c.dv[j] ? x : 0)));
}

function lemma3Arb(): fc.Arbitrary<Lemma3Case> {
  return fc.integer({ min: 1, max: 3 }).chain((d) =>
    fc
      .record({
        B: intMat(d, d, -3, 3),
        c: fc.integer({ min: 1, max: 8 }),
        u: fc.integer({ min: 1, max: 63 }),
        // Δ with all-equal entries (Δ = cI, where P̃ may be any diagonalizable matrix) is half the draws:
        // it is the part of the class the proof's eigenvalue products λⱼ(Δ)λₖ(P̃) say least about
        dv: fc.oneof(intVec(d, 1, 4), fc.integer({ min: 1, max: 4 }).map((x) => new Array<number>(d).fill(x))),
        e: intVec(d, 0, 4),
        k: intVec(d, 0, 8),
        W: intMat(d, d, -4, 4),
      })
      .filter((c) => invertible(maskedV(c))),
  );
}

function evalLemma3(c: Lemma3Case) {
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

export interface SystemCase {
  B: number[][];
  c: number;
  /** P = Pn/8: any real matrix of the lattice. */
  Pn: number[][];
  /** α = a/8. */
  a: number;
  /** Σ_ξ = CCᵀ/4. */
  C: number[][];
  /** φ₀ = phi/2. */
  phi: number[];
}

const systemArb = (aMax: number) =>
  fc.integer({ min: 1, max: 3 }).chain((d) =>
    fc.record({
      B: intMat(d, d, -3, 3),
      c: fc.integer({ min: 1, max: 8 }),
      Pn: intMat(d, d, -4, 4),
      a: fc.integer({ min: 0, max: aMax }),
      C: intMat(d, d, -2, 2),
      phi: intVec(d, -3, 3),
    }),
  );

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

export interface Eq8Case extends SystemCase {
  T: number;
  seed: number;
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

const eq8Arb = () =>
  systemArb(8).chain((s) => fc.record({ T: fc.integer({ min: 1, max: 12 }), seed: fc.integer({ min: 0, max: 2 ** 30 }) }).map((x) => ({ ...s, ...x })));

// ---------------------------------------------------------------- Lemma 4

export interface Lemma4Case extends SystemCase {
  T: number[];
}

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

const lemma4Arb = () =>
  systemArb(16).chain((s) =>
    fc.record({ T: fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 4 }) }).map((x) => ({ ...s, ...x })),
  );

// ---------------------------------------------------------------- Lemma 5 and Section 4.1: A given by its spectrum

/**
 * A = V Λ V⁻¹ with Λ real block-diagonal: real eigenvalues r/64, or a complex pair (p ± iq)/64 as the
 * block [[p, −q], [q, p]]/64 (with `jordan`, a 2×2 Jordan block [[p, 1], [0, p]] instead: a
 * non-diagonalizable A). Any A is I − αH − PH for P = (I − αH − A)H⁻¹, so fixing A, H, α fixes P.
 */
export interface SpectrumCase {
  d: number;
  /** 'real': all eigenvalues real; 'pair': eigenvalues 0,1 are a complex pair; 'jordan': a Jordan block. */
  kind: 'real' | 'pair' | 'jordan';
  /** Numerators over `den` of the real eigenvalues (and p, q of the pair / Jordan value in slots 0, 1). */
  ev: number[];
  den: number;
  V: number[][];
  B: number[][];
  c: number;
  a: number;
  C: number[][];
  phi: number[];
}

function blockOf(c: SpectrumCase): number[][] {
  const L: number[][] = Array.from({ length: c.d }, () => new Array<number>(c.d).fill(0));
  let start = 0;
  if (c.kind === 'pair') {
    const [p, q] = [c.ev[0] / c.den, c.ev[1] / c.den];
    L[0][0] = p;
    L[0][1] = -q;
    L[1][0] = q;
    L[1][1] = p;
    start = 2;
  } else if (c.kind === 'jordan') {
    L[0][0] = c.ev[0] / c.den;
    L[1][1] = c.ev[0] / c.den;
    L[0][1] = 1;
    start = 2;
  }
  for (let i = start; i < c.d; i++) L[i][i] = c.ev[i] / c.den;
  return L;
}

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
  return { A, Ad, sys, rho: refinedEigenvalues(Asys, { precision: 80 }).rho.toNumber() };
}

function spectrumArb(o: { den: number; kinds: Array<SpectrumCase['kind']>; modulus: (den: number) => fc.Arbitrary<number>; allAbove?: boolean }) {
  return fc.integer({ min: 1, max: 3 }).chain((d) =>
    fc
      .record({
        d: fc.constant(d),
        kind: fc.constantFrom(...o.kinds.filter((k) => d >= 2 || k === 'real')),
        ev: fc.array(o.modulus(o.den), { minLength: d, maxLength: d }),
        den: fc.constant(o.den),
        V: intMat(d, d, -4, 4),
        B: intMat(d, d, -3, 3),
        c: fc.integer({ min: 1, max: 8 }),
        a: fc.integer({ min: 0, max: 16 }),
        C: intMat(d, d, -2, 2),
        phi: intVec(d, -3, 3),
      })
      .filter((c) => invertible(c.V)),
  );
}

/** Moduli of the spectrum the generator asked for (|p ± iq| for the pair). */
function requestedModuli(c: SpectrumCase): number[] {
  if (c.kind === 'pair') return [Math.hypot(c.ev[0], c.ev[1]) / c.den, ...c.ev.slice(2).map((x) => Math.abs(x) / c.den)];
  return c.ev.map((x, i) => (c.kind === 'jordan' && i === 1 ? Math.abs(c.ev[0]) : Math.abs(x)) / c.den);
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

export interface GrowthCase extends SpectrumCase {
  seed: number;
}

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

function growthArb(regime: 'both' | 'unstable'): fc.Arbitrary<GrowthCase> {
  const den = 100;
  return fc
    .record({ unstable: regime === 'unstable' ? fc.constant(true) : fc.boolean(), seed: fc.integer({ min: 0, max: 2 ** 30 }) })
    .chain(({ unstable, seed }) =>
      fc.integer({ min: 2, max: 3 }).chain((d) =>
        fc
          .record({
            d: fc.constant(d),
            kind: fc.constantFrom<SpectrumCase['kind']>('real', 'pair', 'jordan'),
            // dominant modulus r ∈ [1.01, 1.3] or [0.5, 0.98]; its sign / angle; the rest inside the disc of radius r
            r: unstable ? fc.integer({ min: 101, max: 130 }) : fc.integer({ min: 50, max: 98 }),
            angle: fc.integer({ min: 1, max: 15 }),
            sign: fc.constantFrom(1, -1),
            rest: intVec(d, -8, 8),
            V: intMat(d, d, -4, 4),
            B: intMat(d, d, -3, 3),
            c: fc.integer({ min: 1, max: 8 }),
            a: fc.integer({ min: 0, max: 16 }),
          })
          .filter((x) => invertible(x.V))
          .map((x): GrowthCase => {
            const ev = x.rest.map((k) => Math.round((k / 8) * x.r * 0.9));
            if (x.kind === 'pair') {
              const th = (Math.PI * x.angle) / 16;
              ev[0] = x.r * Math.cos(th) * 1e6;
              ev[1] = x.r * Math.sin(th) * 1e6;
              return { d, kind: 'pair', ev: ev.map((v, i) => (i < 2 ? v : v * 1e6)), den: den * 1e6, V: x.V, B: x.B, c: x.c, a: x.a, C: [], phi: new Array(d).fill(0), seed };
            }
            ev[0] = x.sign * x.r;
            return { d, kind: x.kind, ev, den, V: x.V, B: x.B, c: x.c, a: x.a, C: [], phi: new Array(d).fill(0), seed };
          }),
      ),
    );
}

// ---------------------------------------------------------------- the registry

const SRC = 'harrison2022 Section 4';

export const harrison2022Claims: ClaimDefinition<any>[] = [
  {
    id: 'harrison2022.eq8.expected-loss',
    source: `${SRC}, Eqns 6-8`,
    statement:
      'The closed form (8) (with the 1/2 of loss (4), sum over t = 1..T, Σ_t from the covariance recursion (7)) equals the Monte Carlo mean of the simulated meta-loss: within 5 standard errors at N = 250 and N = 1000 samples, the standard error shrinking like 1/sqrt(N). Any H SPD, any P, α ∈ [0,1], Σ_ξ PSD (singular included), T ≤ 12.',
    control: false,
    expected: 'held',
    runs: 25,
    arbitrary: eq8Arb,
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
    arbitrary: eq8Arb,
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
    arbitrary: lemma3Arb,
    check: (c: Lemma3Case) => {
      const e = evalLemma3(c);
      const ok = e.rho.lte(D80.add(D80.one, RHO_MARGIN));
      return { ok, tightness: e.rho.toNumber(), detail: `rho(A) = ${text(e.rho)} with d = [${e.d.map((x) => text(x, 6))}], eig(P~) = [${e.lt.map((x) => text(x, 8))}]` };
    },
    // shrunk by fast-check (seed 20211): H = diag(.25,.25,.5), α = 1/16, Δ = I/4 (= D̄),
    // P̃ = [[3.75,−6,8],[−4,5.75,−8],[−4,6,−8.25]] (eigenvalues −1/4, −1/4, 7/4, inside (16)–(17)), ρ(A) = 1.375
    fixture: { B: [[0, 0, 0], [0, 0, 0], [0, 0, 1]], c: 1, u: 1, dv: [1, 1, 1], e: [0, 0, 0], k: [0, 0, 1], W: [[1, 2, -1], [-2, 0, 1], [-2, -1, 1]] },
    describe: (c: Lemma3Case) => {
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
    runs: 40,
    arbitrary: lemma4Arb,
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
    arbitrary: lemma4Arb,
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
    runs: 40,
    arbitrary: () =>
      spectrumArb({ den: 64, kinds: ['real', 'pair'], modulus: () => fc.integer({ min: -63, max: 63 }) }).filter((c) => requestedModuli(c).every((m) => m < 1)),
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
    arbitrary: () =>
      spectrumArb({
        den: 64,
        kinds: ['real', 'pair'],
        modulus: () => fc.integer({ min: 65, max: 80 }).chain((k) => fc.constantFrom(k, -k)),
      }).filter((c) => requestedModuli(c).every((m) => m > 1)),
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
    runs: 16,
    arbitrary: () => growthArb('both'),
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
    arbitrary: () => growthArb('unstable'),
    check: (c: GrowthCase) => growthEval(c, true),
    describe: (c: GrowthCase) => ({ case: c, rho: spectrumSystem(c).rho }),
  },
];
