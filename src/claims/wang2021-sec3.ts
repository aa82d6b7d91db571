import * as fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { float32, float64, MIN_NORMAL_32, MIN_NORMAL_64 } from '../arith/float.js';
import { quadraticCase, type QuadraticCase, type QuadraticCaseConstraints } from '../arbitraries/index.js';
import { kPrimeOf, metaGdCase, type MetaGdCase } from '../arbitraries/metaGdCase.js';
import { claim3Case, convexityCase, type Claim3Case, type ConvexityCase } from '../arbitraries/index.js';
import { Quadratic } from '../quadratic/problem.js';
import { backpropWithTape, stable } from '../quadratic/methods.js';
import { strictBackpropDG } from '../quadratic/backpropStrict.js';
import { promisedDigits, UNIT_ROUNDOFF } from '../quadratic/accuracy.js';
import { significantDigits } from '../quadratic/digits.js';
import { ReferenceQuadratic, cancellationScale } from '../quadratic/reference.js';
import type { CheckOutcome, ClaimDefinition, FrontierPoint, FrontierScale } from './types.js';
import { decide, DECIDE_P0 as P0, type Decision, type Evaluation, type Ineq } from './decide.js';
import { etaStarAt, meta, setting, specOf } from './wang2021-exact.js';
import { certifiedCheck } from '../certify/check.js';

/**
 * wang2021, Section 3 (one quadratic task) and Appendix A: Theorem 3, Theorem 4 with Claims 1–3,
 * Corollary 1, and their negative controls.
 *
 * How a verdict is decided. A case is the float64 input (H, w₀, t, η, …) drawn by the project's
 * arbitraries (near-degenerate and ill-conditioned spectra up to κ = 1e8, c_min down to ~1e-17,
 * t from 1 to 5000, η over [0, 100/L]); the problem checked is *exactly* that input:
 * `Quadratic.fromNumbers(decimalArith(P), H, w0)` with its decimal Jacobi eigen-decomposition, so
 * L, α, cᵢ are those of the float H and w₀ themselves (wang2021-exact.ts). Every inequality
 * "lhs ≤ rhs" is decided by `decide` (decide.ts): at P and 2P digits, P doubled up to 640 while open;
 * one still open at the top precision makes the case `undecided` (never held).
 * Hypotheses (L > α, c_min > 0, the η range of a statement, ε < 1/L, …) are decided the same way;
 * a case outside them is vacuous (it holds).
 *
 * Tightness is the largest lhs/rhs over the inequalities of the case (for "lhs ≥ bound": bound/lhs).
 */

type Dec = Decimal;
type Case = QuadraticCase;

// ---------------------------------------------------------------- generators

/** The whole hypothesis class of Section 3: d ∈ [2, 12] (L > α needs d ≥ 2), κ ≤ 1e8, c_min unbounded below, t ≤ 5000, η ∈ [0, 100/L]. */
const base = (extra: QuadraticCaseConstraints = {}) => quadraticCase({ spd: { minDim: 2, maxDim: 12 }, ...extra });


const describeCase = (c: Case) => ({
  d: c.d,
  kind: c.kind,
  condition: c.condition,
  t: c.t,
  eta: c.eta,
  etaKind: c.etaKind,
  eigenvalues: c.eigenvalues,
  H: c.H,
  w0: c.w0,
});

/**
 * Cheaper precision first: 20 digits (then 40, 80, … up to 640 while undecided) for the claims whose
 * inequalities usually have a wide gap; the decision rule is the same (decide.ts), only its start.
 */
const CHEAP_FIRST = { p0: 20 };

const SRC_T3 = 'wang2021 Theorem 3 (Section 3; proof in Appendix A.1)';
const SRC_T4 = 'wang2021 Theorem 4 (Section 3; proof in Appendix A.2)';

// ---------------------------------------------------------------- Theorem 3

type ConvexCase = ConvexityCase;

/** Theorem 3's convexity at one case; `concave` reverses the chord inequality (the control). */
function convexityCheck({ c, j, k }: ConvexCase, concave = false): CheckOutcome {
  const a = c.eta;
  const b = a + (2 ** -j * (1 + k / 8)) / c.eigenvalues[0];
  const m = (a + b) / 2;
  if (!(a < m && m < b)) return { ok: true, detail: 'vacuous: a, m, b not distinct in float64' };
  return decide((P) => {
    const s = specOf(c.H, c.w0, P);
    const A = s.A;
    const [ea, eb, em] = [a, b, m].map((x) => A.fromNumber(x));
    const Fa = meta(s, ea, c.t);
    const Fb = meta(s, eb, c.t).F;
    const Fm = meta(s, em, c.t).F;
    const chord = A.div(A.add(A.mul(A.sub(eb, em), Fa.F), A.mul(A.sub(em, ea), Fb)), A.sub(eb, ea));
    return {
      hyp: setting(s),
      ineqs: [
        concave ? { name: 'chord(m) < F(m)', lhs: chord, rhs: Fm, strict: true } : { name: 'F(m) < chord(m)', lhs: Fm, rhs: chord, strict: true },
        { name: "0 < F''(a)", lhs: A.zero, rhs: Fa.d2F, strict: true },
        { name: "F'(0) < 0", lhs: meta(s, A.zero, c.t).dF, rhs: A.zero, strict: true },
        { name: "0 < F'(1/alpha)", lhs: A.zero, rhs: meta(s, A.div(A.one, s.alpha), c.t).dF, strict: true },
      ],
    };
  }, CHEAP_FIRST);
}

const convexity: ClaimDefinition<ConvexCase> = {
  id: 'wang2021.thm3.convexity',
  source: SRC_T3,
  statement:
    'F(η) = ½ w_tᵀHw_t is strictly convex with a unique minimiser: for a < m < b, F(m) < chord(m); F″(a) > 0; F′(0) < 0 < F′(1/α) (so the minimiser exists, lies in (0, 1/α], and is unique).',
  control: false,
  expected: 'held',
  runs: 60,
  arbitrary: () => convexityCase(),
  check: (x) => convexityCheck(x),
  describe: ({ c, j, k }) => ({ ...describeCase(c), j, k }),
};

const convexityControl: ClaimDefinition<ConvexCase> = {
  ...convexity,
  id: 'wang2021.thm3.convexity.control-concave',
  statement: 'CONTROL (wrong on purpose): the chord inequality reversed, F(m) > chord(m) (F strictly concave), with the other three conditions unchanged.',
  control: true,
  controlOf: 'wang2021.thm3.convexity',
  expected: 'falsified',
  runs: 60,
  check: (x) => convexityCheck(x, true),
};

const upperArb = () => base({ maxEtaTimesL: 2, etaKinds: ['logUniform', 'inverseL', 'optimalConstant', 'twoOverL'] });

const upper: ClaimDefinition<Case> = {
  id: 'wang2021.thm3.upper',
  source: SRC_T3,
  statement:
    "For 0 < η < 2/L: |F′(η)| ≤ t L² max(|1−ηα|, |1−ηL|)^{2t−1} (ICML form), proved over the whole interval (0, 2/L) by the per-instance certificate. (The ICLR/appendix form t Σ cᵢ²λᵢ²|1−ηλᵢ|^{2t−1} is the triangle inequality and is not checked separately.)",
  control: false,
  expected: 'certified',
  runs: 60,
  arbitrary: upperArb,
  // the certificate over the whole η range (src/certify) replaces the sampled-η decision
  check: (c) => certifiedCheck(c.H, c.w0, c.t, 'wang2021.thm3.upper'),
  describe: describeCase,
};

const upperControl: ClaimDefinition<Case> = {
  ...upper,
  id: 'wang2021.thm3.upper.control-exponent',
  statement: 'CONTROL (wrong on purpose): Theorem 3 upper bound with the exponent 2t−1 replaced by 2t+1.',
  control: true,
  controlOf: 'wang2021.thm3.upper',
  expected: 'falsified',
  runs: 100,
  check: (c) => certifiedCheck(c.H, c.w0, c.t, 'wang2021.thm3.upper.control-exponent'),
};

const lowerArb = () => base({ minEtaTimesL: 2, maxEtaTimesL: 100, etaKinds: ['logUniform', 'twoOverL'] });


const lower: ClaimDefinition<Case> = {
  id: 'wang2021.thm3.lower',
  source: SRC_T3,
  statement: "For η > 2/L: |F′(η)| ≥ c₁² L² t (ηL−1)^{2t−1} − L² t (F with its ½; the literal statement).",
  control: false,
  expected: 'certified',
  runs: 60,
  arbitrary: lowerArb,
  check: (c) => certifiedCheck(c.H, c.w0, c.t, 'wang2021.thm3.lower'),
  describe: describeCase,
};

const lowerControl: ClaimDefinition<Case> = {
  ...lower,
  id: 'wang2021.thm3.lower.control-no-c1',
  statement: 'CONTROL (wrong on purpose): Theorem 3 lower bound with c₁² replaced by 1.',
  control: true,
  controlOf: 'wang2021.thm3.lower',
  expected: 'falsified',
  runs: 60,
  check: (c) => certifiedCheck(c.H, c.w0, c.t, 'wang2021.thm3.lower.control-no-c1'),
};

/**
 * Explode/vanish. Consequence checked: with ρ = max(|1−ηα|, |1−ηL|) attained at index j,
 * q = max_{i≠j}|1−ηλᵢ|/ρ and D = c_j²λ_j², F′(t) = −t ρ^{2t−1} S̃(t) with |S̃(t) − D| ≤ L² q^{2t−1}.
 * Once Σ_{i≠j}cᵢ²λᵢ² q^{2T−1} ≤ D/2 (the asymptotic regime: T is raised from the case's t to the first
 * such T, up to 1e12; the regime is then a hypothesis decided exactly),
 * S̃(T), S̃(2T) ∈ [D/2, 3D/2] and the slope s = (ln|F′(2T)| − ln|F′(T)|)/T satisfies
 * |s − 2 ln ρ| ≤ ln 6 / T exactly (ln 2 from the factor t, ln 3 from S̃). Both sides in decimal.
 */
/** Largest T used: beyond it (q within ~1e-12 of 1, a near-degenerate extreme) the case is vacuous. */
const T_CAP = 1e12;

/** T = max(t, the first T in the asymptotic regime), from the P0 spectrum (so P and 2P use the same T). */
function explodeT(c: Case): number {
  const s = specOf(c.H, c.w0, P0);
  const A = s.A;
  const eta = A.fromNumber(c.eta);
  const r = s.lam.map((l) => A.sub(A.one, A.mul(eta, l)));
  const d = r.length;
  const j = A.cmp(A.abs(r[0]), A.abs(r[d - 1])) >= 0 ? 0 : d - 1;
  const rho = A.abs(r[j]);
  if (A.isZero(rho)) return c.t;
  let lq = -Infinity;
  let rest = A.zero;
  for (let i = 0; i < d; i++) {
    if (i === j) continue;
    lq = Math.max(lq, A.log10Abs(A.div(r[i], rho)));
    rest = A.add(rest, A.mul(A.mul(s.c[i], s.c[i]), A.mul(s.lam[i], s.lam[i])));
  }
  const D = A.mul(A.mul(s.c[j], s.c[j]), A.mul(s.lam[j], s.lam[j]));
  if (A.isZero(rest) || A.isZero(D) || !(lq < 0)) return c.t;
  // rest · q^(2T−1) ≤ D/2  ⇔  (2T − 1) ≥ log10(2 rest / D) / log10(1/q)
  const need = Math.ceil((A.log10Abs(A.div(A.mul(A.fromNumber(2), rest), D)) / -lq + 1) / 2) + 1;
  return Math.max(c.t, Math.min(T_CAP, Math.max(1, need)));
}

/** The parts of the slope test at one precision: hypotheses, the regime inequality, slope and predicted slope. */
function explodeParts(c: Case, P: number, T: number, rateFactor = 1) {
  const s = specOf(c.H, c.w0, P);
  const A = s.A;
  const eta = A.fromNumber(c.eta);
  const r = s.lam.map((l) => A.sub(A.one, A.mul(eta, l)));
  const d = r.length;
  const j = A.cmp(A.abs(r[0]), A.abs(r[d - 1])) >= 0 ? 0 : d - 1;
  const rho = A.abs(r[j]);
  let q = A.zero;
  let rest = A.zero;
  for (let i = 0; i < d; i++) {
    if (i === j) continue;
    const qi = A.div(A.abs(r[i]), rho);
    if (A.cmp(qi, q) > 0) q = qi;
    rest = A.add(rest, A.mul(A.mul(s.c[i], s.c[i]), A.mul(s.lam[i], s.lam[i])));
  }
  const D = A.mul(A.mul(s.c[j], s.c[j]), A.mul(s.lam[j], s.lam[j]));
  const tail = A.mul(rest, A.powInt(q, 2 * T - 1));
  const f1 = A.abs(meta(s, eta, T).dF);
  const f2 = A.abs(meta(s, eta, 2 * T).dF);
  const slope = A.div(A.sub(A.ln(f2), A.ln(f1)), A.fromNumber(T));
  // the control's wrong rate multiplies the predicted slope (rateFactor = 1: the statement's 2 ln ρ)
  const pred = A.mul(A.mul(A.fromNumber(2), A.fromNumber(rateFactor)), A.ln(rho));
  const hyp: Ineq[] = [
    ...setting(s),
    { name: '0 < eta', lhs: A.zero, rhs: eta, strict: true },
    { name: 'eta L != 2', lhs: A.zero, rhs: A.abs(A.sub(A.mul(eta, s.L), A.fromNumber(2))), strict: true },
    { name: 'rho != 1', lhs: A.zero, rhs: A.abs(A.sub(rho, A.one)), strict: true },
  ];
  const regime: Ineq = { name: `asymptotic regime at T=${T}: sum_{i!=j} c_i^2 lambda_i^2 q^(2T-1) <= D/2`, lhs: tail, rhs: A.div(D, A.fromNumber(2)) };
  return { A, hyp, regime, slope, pred, rho };
}

function explodeEval(c: Case, P: number, T: number, rateFactor = 1): Evaluation {
  const { A, hyp, regime, slope, pred } = explodeParts(c, P, T, rateFactor);
  return {
    hyp: [...hyp, regime],
    ineqs: [{ name: `|slope of ln|F'| over [T,2T] - ${rateFactor === 1 ? '' : rateFactor + ' x '}2 ln rho| <= ln 6/T (T=${T})`, lhs: A.abs(A.sub(slope, pred)), rhs: A.div(A.ln(A.fromNumber(6)), A.fromNumber(T)) }],
  };
}

/** A fixed orthogonal matrix (Householder, v = (1, 2, 3)): rotates the frontier cases off the axes. */
const HOUSEHOLDER_3 = [1, 2, 3].map((a, i, v) => v.map((b, k) => (i === k ? 1 : 0) - (2 * a * b) / 14));

/**
 * A frontier case: H = diag(1, κ^(-1/2), 1/κ) (L = 1, α = 1/κ, one eigenvalue between), w₀ with weight
 * `cExt` on each extreme eigenvector and the rest on the middle one, η = ηL (L = 1); `rotated`: H = QΛQᵀ
 * and w₀ = Q·c with the fixed Householder Q (a dense H, as the generators draw; the spectrum is then that
 * of the float H, checked exactly like any case). Built directly, not drawn: the frontier maps the open
 * quantities on a fixed grid.
 */
function frontierCase(kappa: number, cExt: number, etaL: number, t: number, rotated = false): Case {
  const lam = [1, 1 / Math.sqrt(kappa), 1 / kappa];
  const mid = Math.sqrt(Math.max(0, 1 - 2 * cExt * cExt));
  const cs = [cExt, mid, cExt];
  const Q = rotated ? HOUSEHOLDER_3 : lam.map((_, i) => lam.map((__, k) => (i === k ? 1 : 0)));
  return {
    H: lam.map((_, i) => lam.map((__, k) => lam.reduce((acc, l, m) => acc + Q[i][m] * l * Q[k][m], 0))),
    eigenvalues: lam,
    eigenvectors: lam.map((_, m) => Q.map((row) => row[m])),
    w0: Q.map((row) => row.reduce((acc, q, m) => acc + q * cs[m], 0)),
    t,
    eta: etaL,
    etaKind: 'logUniform',
    d: 3,
    kind: 'logUniform',
    condition: kappa,
    seed: 0,
  } as Case;
}

/** A decision as a frontier cell: held, failed, or null (vacuous at this point, or undecided). */
const cell = (o: { ok: boolean; undecided?: boolean; vacuous?: boolean }): boolean | null => (o.vacuous || o.undecided ? null : o.ok);

/**
 * Theorem 3's remark mapped: over κ, η·L (either side of 2), t and the weight of w₀ on the extreme
 * eigenvectors, at the raw t (window [t, 2t], no regime raise) — `direction` (the slope has the sign of
 * ln ρ: vanishing below 2/L, exploding above), `bandAtT` (|s − 2 ln ρ| ≤ ln 6/t, the band we fixed),
 * `within10pct` (|s − 2 ln ρ| ≤ 0.1·|2 ln ρ|, a relative reading of "slope 2 ln ρ"), `regimeAtT` (the
 * non-dominant terms already below half the dominant one at t) — and `check`, the claim's own check
 * (T raised to the regime). Every cell decided by `decide` like the check.
 */
export function explodeFrontier(scale: FrontierScale): FrontierPoint[] {
  const g =
    scale === 'paper'
      ? { kappa: [2, 10, 1e2, 1e4, 1e6, 1e8], etaL: [0.01, 0.1, 0.5, 1, 1.5, 1.9, 1.99, 2.01, 2.1, 3, 4, 10, 100], t: [1, 3, 10, 30, 100, 1000], cExt: [1 / Math.sqrt(3), 1e-3] }
      : { kappa: [10, 1e4], etaL: [0.1, 1, 1.9, 2.1, 4], t: [1, 10, 100], cExt: [1 / Math.sqrt(3), 1e-3] };
  const out: FrontierPoint[] = [];
  for (const kappa of g.kappa)
    for (const cExt of g.cExt)
      for (const etaL of g.etaL)
        for (const t of g.t) {
          const c = frontierCase(kappa, cExt, etaL, t);
          const one = (ineq: (p: ReturnType<typeof explodeParts>) => Ineq) =>
            cell(decide((P) => { const p = explodeParts(c, P, t); return { hyp: p.hyp, ineqs: [ineq(p)] }; }, CHEAP_FIRST));
          const p = explodeParts(c, 2 * P0, t);
          const A = p.A;
          const dev = A.abs(A.sub(p.slope, p.pred));
          out.push({
            at: { kappa, etaL, t, cExt },
            holds: {
              direction: one((q) => ({ name: 'slope ln rho > 0', lhs: q.A.zero, rhs: q.A.mul(q.slope, q.pred), strict: true })),
              bandAtT: one((q) => ({ name: '|s - 2 ln rho| <= ln 6/t', lhs: q.A.abs(q.A.sub(q.slope, q.pred)), rhs: q.A.div(q.A.ln(q.A.fromNumber(6)), q.A.fromNumber(t)) })),
              within10pct: one((q) => ({ name: '|s - 2 ln rho| <= 0.1 |2 ln rho|', lhs: q.A.abs(q.A.sub(q.slope, q.pred)), rhs: q.A.mul(q.A.fromNumber(0.1), q.A.abs(q.pred)) })),
              regimeAtT: one((q) => q.regime),
              check: cell(explode.check(c) as Decision),
            },
            values: {
              rho: A.toNumber(p.rho),
              slope: A.toNumber(p.slope),
              predicted: A.toNumber(p.pred),
              bandRatio: A.toNumber(dev) / (Math.log(6) / t),
              regimeT: explodeT(c),
            },
          });
        }
  return out;
}

const explodeArb = () => base({ etaKinds: ['logUniform', 'inverseL', 'optimalConstant', 'twoOverL'] });

const explode: ClaimDefinition<Case> = {
  id: 'wang2021.thm3.explode-vanish',
  source: SRC_T3 + ' (the remark after it)',
  statement:
    "At fixed η, ln|F′(η)| is linear in t with slope 2 ln ρ, ρ = max(|1−ηα|, |1−ηL|) (< 0: vanishing for 0 < η < 2/L; > 0: exploding for η > 2/L). Falsifiable consequence: at T = max(t, the first T with Σ_{i≠j}cᵢ²λᵢ² q^{2T−1} ≤ c_j²λ_j²/2 — the non-dominant terms below half the dominant one, decided exactly; T ≤ 1e12), the slope of ln|F′| over [T, 2T] is within ln 6/T of 2 ln ρ. The frontier maps it at the raw t (no regime raise) over κ ∈ [2, 1e8], η·L ∈ [0.01, 100], t ∈ [1, 1000] and w₀'s weight on the extreme eigenvectors. Frontier finding (paper grid, 936 points): the ln 6/t band fails at 78 points, none of them already in the regime (band ratio up to 5.1); the slope has the wrong sign (F′ growing for η < 2/L, or shrinking for η > 2/L with weight 1e-3 on the dominant eigenvector) at 277 points, at t up to 1000 when κ ≥ 1e4 (the factor t outgrows ρ^{2t} until t ~ κ); the regime needs T up to 1.9e7. The check (T raised) holds at every point.",
  control: false,
  // An asymptotic statement ("exponentially", linear in t): what is checked is a consequence with
  // constants we fixed, stated here and part of the verdict.
  kind: 'witnessed',
  constants: {
    regime: 'T = max(t, first T with Σ_{i≠j} cᵢ²λᵢ² q^{2T−1} ≤ c_j²λ_j²/2), q = max_{i≠j}|1−ηλᵢ|/ρ',
    window: '[T, 2T]',
    band: 'ln 6 / T (ln 2 from the factor t, ln 3 from the non-dominant terms)',
    T_CAP,
  },
  expected: 'witnessed',
  runs: 60,
  frontier: (scale) => explodeFrontier(scale),
  arbitrary: explodeArb,
  check: (c) => {
    const T = explodeT(c);
    return decide((P) => explodeEval(c, P, T), CHEAP_FIRST);
  },
  describe: describeCase,
};

/** The control's wrong rate: the predicted slope halved. */
const EXPLODE_WRONG_RATE = 0.5;
const explodeControl: ClaimDefinition<Case> = {
  ...explode,
  id: 'wang2021.thm3.explode-vanish.control-half-rate',
  statement: `CONTROL (wrong on purpose): the same slope test of ln|F′| over [T, 2T] with the predicted slope ${EXPLODE_WRONG_RATE} x 2 ln ρ (the rate halved).`,
  control: true,
  controlOf: 'wang2021.thm3.explode-vanish',
  kind: 'universal',
  constants: undefined,
  frontier: undefined,
  expected: 'falsified',
  runs: 60,
  check: (c) => {
    const T = explodeT(c);
    return decide((P) => explodeEval(c, P, T, EXPLODE_WRONG_RATE), CHEAP_FIRST);
  },
};

// ---------------------------------------------------------------- Theorem 4, Claims 1–3

function uniqueMinCheck(c: Case, shift = 0): CheckOutcome {
  return decide((P) => {
      const s = specOf(c.H, c.w0, P);
      const A = s.A;
      // `shift` moves the claimed minimiser to η*(1 + shift) (the control: a wrong stationary point)
      const star = shift === 0 ? etaStarAt(c, c.t, P) : A.mul(etaStarAt(c, c.t, P), A.fromNumber(1 + shift));
      const Fstar = meta(s, star, c.t).F;
      const pts: [string, Dec][] = [
        ['case eta', A.fromNumber(c.eta)],
        ['0', A.zero],
        ['1/(2L)', A.div(A.one, A.mul(A.fromNumber(2), s.L))],
        ['eta*(1-2^-10)', A.mul(star, A.fromNumber(1 - 2 ** -10))],
        ['eta*(1+2^-10)', A.mul(star, A.fromNumber(1 + 2 ** -10))],
        ['2/alpha', A.div(A.fromNumber(2), s.alpha)],
        ['100/L', A.div(A.fromNumber(100), s.L)],
      ];
      const ineqs: Ineq[] = [];
      for (const [name, p] of pts) {
        const m = meta(s, p, c.t);
        ineqs.push({ name: `0 < (eta - eta*) G'(eta) at ${name}`, lhs: A.zero, rhs: A.mul(A.sub(p, star), m.dG), strict: true });
        ineqs.push({ name: `G(eta*) < G(eta) at ${name}`, lhs: Fstar, rhs: m.F, strict: true });
      }
      return { hyp: [...setting(s), { name: 'case eta != eta*', lhs: A.zero, rhs: A.abs(A.sub(A.fromNumber(c.eta), star)), strict: true }], ineqs };
  }, CHEAP_FIRST);
}

const uniqueMin: ClaimDefinition<Case> = {
  id: 'wang2021.thm4.unique-minimiser',
  source: SRC_T4,
  statement:
    'G(η) = (1/t) ln F(η) has exactly one stationary point η* on [0, ∞) and it is the minimiser. Checked at the case η and at 0, 1/(2L), η*(1 ± 2⁻¹⁰), 2/α, 100/L: (η − η*)·G′(η) > 0 (no other stationary point) and G(η*) < G(η).',
  control: false,
  expected: 'held',
  runs: 59,
  arbitrary: () => base(),
  check: (c) => uniqueMinCheck(c),
  describe: describeCase,
};

/** The control's wrong minimiser: η*(1 + 2⁻⁵), between the probes η*(1 ± 2⁻¹⁰) and 2/α on the wrong side. */
const UNIQUE_MIN_SHIFT = 2 ** -5;
const uniqueMinControl: ClaimDefinition<Case> = {
  ...uniqueMin,
  id: 'wang2021.thm4.unique-minimiser.control-wrong-minimiser',
  statement: `CONTROL (wrong on purpose): the same sign and value tests with the minimiser moved to η*(1 + 2^-5).`,
  control: true,
  controlOf: 'wang2021.thm4.unique-minimiser',
  expected: 'falsified',
  runs: 40,
  check: (c) => uniqueMinCheck(c, UNIQUE_MIN_SHIFT),
};


const claim1: ClaimDefinition<Case> = {
  id: 'wang2021.claim1.sign',
  source: 'wang2021 Claim 1 (Appendix A.2, proof of Theorem 4)',
  statement: 'G′(η) < 0 on [0, η*), G′(η) > 0 on (η*, ∞), and η* ∈ [1/L, 1/α]: proved over the whole half-line η ≥ 0 by the per-instance certificate (η* enclosed to ≥ 15 digits, the sign of G′ on every η box).',
  control: false,
  expected: 'certified',
  runs: 60,
  arbitrary: () => base(),
  check: (c) => certifiedCheck(c.H, c.w0, c.t, 'wang2021.claim1.sign'),
  describe: describeCase,
};

const claim1Control: ClaimDefinition<Case> = {
  ...claim1,
  id: 'wang2021.claim1.sign.control-bracket',
  statement: "CONTROL (wrong on purpose): η* ≤ 2/(α+L) (GD's best constant step) instead of η* ≤ 1/α.",
  control: true,
  controlOf: 'wang2021.claim1.sign',
  expected: 'falsified',
  runs: 60,
  check: (c) => certifiedCheck(c.H, c.w0, c.t, 'wang2021.claim1.sign.control-bracket'),
};


const claim2: ClaimDefinition<Case> = {
  id: 'wang2021.claim2.bound',
  source: 'wang2021 Claim 2 (Appendix A.2; ICML Section 3.1) and the bound of Theorem 4',
  statement: '|G′(η)| ≤ 4L³ / (c_min² α (L−α)) for every η ≥ 0 (c_min down to ~1e-17, κ up to 1e8, L − α down to rounding level).',
  control: false,
  expected: 'certified',
  runs: 100,
  arbitrary: () => base(),
  check: (c) => certifiedCheck(c.H, c.w0, c.t, 'wang2021.claim2.bound'),
  describe: describeCase,
};

/** Claim 2 can never run tighter than 1/16 at η = 0 (|G′(0)| ≤ 2L, bound ≥ 32L); observed ≤ 0.05. Divided by 1000 it must fail. */
const CLAIM2_SHRINK = 1000;
const claim2Control: ClaimDefinition<Case> = {
  ...claim2,
  id: 'wang2021.claim2.bound.control-shrunk',
  statement: `CONTROL (wrong on purpose): Claim 2's bound divided by ${CLAIM2_SHRINK}.`,
  control: true,
  controlOf: 'wang2021.claim2.bound',
  expected: 'falsified',
  runs: 100,
  check: (c) => certifiedCheck(c.H, c.w0, c.t, 'wang2021.claim2.bound.control-shrunk'),
};


/** ε and M̂ of a Claim 3 case, as claim3Case draws them (the certificate covers every η of the range). */
function claim3Constants(x: Claim3Case): { epsilon: number; mhat: number } {
  const Lf = x.c.eigenvalues[0];
  const af = x.c.eigenvalues[x.c.d - 1];
  return { epsilon: 10 ** (-x.epsK / 1000) / Lf, mhat: ((2 / af) * (1 + 1e-12)) * (x.vZero ? 1 : 1 + 10 ** (x.vK / 1000)) };
}

const claim3Arb = () => claim3Case();

const claim3: ClaimDefinition<Claim3Case> = {
  id: 'wang2021.claim3.lower',
  source: 'wang2021 Claim 3 (Appendix A.2; ICML Section 3.1)',
  statement:
    'For M̂ ≥ 2/α and 0 < ε < 1/L, every η ∈ [0, η*−ε] ∪ [η*+ε, M̂] has |G′(η)| ≥ min(2εc_d²α³/L, 2εc₁²L²/(M̂L−1)²) (appendix form) and |G′(η)| ≥ 2εc_min² min(α³/L, 1/M̂²) (ICML form): both checked on every case, one id.',
  control: false,
  expected: 'certified',
  runs: 60,
  arbitrary: claim3Arb,
  check: (x) => certifiedCheck(x.c.H, x.c.w0, x.c.t, 'wang2021.claim3.lower', claim3Constants(x)),
  describe: (x) => ({ ...describeCase(x.c), epsK: x.epsK, vZero: x.vZero, vK: x.vK, left: x.left, f: x.f }),
};

/** Claim 3's bound never ran tighter than ~1e-2 in development; multiplied by 1e3 it must fail. */
const CLAIM3_INFLATE = 1000;
const claim3Control: ClaimDefinition<Claim3Case> = {
  ...claim3,
  id: 'wang2021.claim3.lower.control-inflated',
  statement: `CONTROL (wrong on purpose): Claim 3's lower bounds multiplied by ${CLAIM3_INFLATE}.`,
  control: true,
  controlOf: 'wang2021.claim3.lower',
  expected: 'falsified',
  runs: 60,
  check: (x) => certifiedCheck(x.c.H, x.c.w0, x.c.t, 'wang2021.claim3.lower.control-inflated', claim3Constants(x)),
};

// ---------------------------------------------------------------- Theorem 4: meta-gradient descent

/** Meta-steps simulated per schedule: the stated k budget. */
export const META_BUDGET = 2000;

/**
 * The proof of Theorem 4, made checkable step by step on a simulated run of K = META_BUDGET
 * meta-steps η_k = max(0, η_{k−1} − μ_k G′(η_{k−1})), for μ_k = 1/√k and μ_k = 1/(100√k):
 *  (i)   bounded iterates: η_k ≤ max(η₀, 1/α + μ₁ D_max) (Claims 1, 2);
 *  (ii)  no escape: |η_k − η*| ≤ max(|η_{k−1} − η*|, μ_k D_max) — hence for k ≥ k₁(ε) = (μ₁ D_max/ε)²
 *        the ε-ball around η* is absorbing (the proof's first half);
 *  (iii) progress outside the ball: with ε_k = min(|η_{k−1} − η*|, (1 − 1e-9)/L) and the proof's
 *        M̂ = max(2/α, η₀, 1/α + μ₁D_max), η moves toward η* by at least min(η_{k−1}, μ_k D_min(ε_k, M̂))
 *        (Claim 3, appendix form; the proof's second half).
 * Together these give the theorem (the proof's summation ∑μ_k ≥ R/D_min); the theorem's own k′ with the
 * proof's constants exceeds 10⁸ already for κ = 2, c_min = 0.7 and L = 1, so "for all k ≥ k′" is not
 * observable in any budget, while (i)–(iii) are, at every step. Simulation in float64 with the scaled
 * form (Eqn 2) on the decimal spectrum; a step that appears to violate (i)–(iii) beyond a 1e-9 relative
 * slack is re-decided exactly in decimal at the same float η_{k−1} (the map applied to the visited point).
 */
interface ConvConsts {
  lam: number[];
  c2: number[];
  L: number;
  alpha: number;
  star: number;
  Dmax: number;
  c1sq: number;
  cdsq: number;
}

function convConsts(c: Case): ConvConsts {
  const s = specOf(c.H, c.w0, P0);
  const A = s.A;
  const Dmax = A.div(A.mul(A.fromNumber(4), A.mul(s.L, A.mul(s.L, s.L))), A.mul(A.mul(A.mul(s.cmin, s.cmin), s.alpha), A.sub(s.L, s.alpha)));
  return {
    lam: s.lam.map((x) => x.toNumber()),
    c2: s.c.map((x) => A.mul(x, x).toNumber()),
    L: s.L.toNumber(),
    alpha: s.alpha.toNumber(),
    star: etaStarAt(c, c.t, P0).toNumber(),
    Dmax: Dmax.toNumber(),
    c1sq: A.mul(s.c1, s.c1).toNumber(),
    cdsq: A.mul(s.cd, s.cd).toNumber(),
  };
}

function dG64(k: ConvConsts, eta: number, t: number): number {
  let s = 0;
  const r = k.lam.map((l) => 1 - eta * l);
  for (let i = 0; i < r.length; i++) if (k.c2[i] > 0 && Math.abs(r[i]) > s) s = Math.abs(r[i]);
  let num = 0;
  let den = 0;
  for (let i = 0; i < r.length; i++) {
    if (k.c2[i] === 0) continue;
    const rho = r[i] / s;
    const p = Math.pow(rho, 2 * t - 1);
    num += k.c2[i] * k.lam[i] * k.lam[i] * p;
    den += k.c2[i] * k.lam[i] * p * rho;
  }
  return (-2 * num) / (s * den);
}

function dMin(epsv: number, Mhat: number, k: ConvConsts): number {
  const a = (2 * epsv * k.cdsq * k.alpha ** 3) / k.L;
  const b = (2 * epsv * k.c1sq * k.L * k.L) / (Mhat * k.L - 1) ** 2;
  return Math.min(a, b);
}

/** Exact re-decision of one step's inequalities (i)–(iii) at the float point prev. */
function stepExact(c: Case, prev: number, kStep: number, scale: number, eta0: number, dmaxShrink: number): CheckOutcome & { vacuous?: boolean } {
  return decide((P) => {
    const s = specOf(c.H, c.w0, P);
    const A = s.A;
    const star = etaStarAt(c, c.t, P);
    const Dmax = A.div(A.mul(A.fromNumber(4), A.mul(s.L, A.mul(s.L, s.L))), A.mul(A.mul(A.mul(s.cmin, s.cmin), s.alpha), A.sub(s.L, s.alpha)));
    const mu = A.div(A.fromNumber(scale), A.sqrt(A.fromNumber(kStep)));
    const mu1 = A.fromNumber(scale);
    const e = A.fromNumber(prev);
    const g = meta(s, e, c.t).dG;
    let next = A.sub(e, A.mul(mu, g));
    if (A.sign(next) < 0) next = A.zero;
    const dPrev = A.abs(A.sub(e, star));
    const dNext = A.abs(A.sub(next, star));
    const e0 = A.fromNumber(eta0);
    const cap1 = A.add(A.div(A.one, s.alpha), A.mul(mu1, Dmax));
    const cap = A.cmp(e0, cap1) >= 0 ? e0 : cap1;
    const allowed = A.mul(mu, A.div(Dmax, A.fromNumber(dmaxShrink)));
    const ineqs: Ineq[] = [
      { name: `(i) eta_${kStep} <= max(eta0, 1/alpha + mu1 Dmax)`, lhs: next, rhs: cap },
      { name: `(ii) |eta_${kStep}-eta*| <= max(|eta_${kStep - 1}-eta*|, mu_k Dmax${dmaxShrink !== 1 ? '/' + dmaxShrink : ''})`, lhs: dNext, rhs: A.cmp(dPrev, allowed) >= 0 ? dPrev : allowed },
    ];
    if (dmaxShrink === 1 && !A.isZero(dPrev)) {
      const invL = A.div(A.fromNumber(1 - 1e-9), s.L);
      const epsv = A.cmp(dPrev, invL) <= 0 ? dPrev : invL;
      const twoA = A.div(A.fromNumber(2), s.alpha);
      const Mhat = A.cmp(twoA, cap) >= 0 ? twoA : cap;
      const two = A.fromNumber(2);
      const a = A.div(A.mul(A.mul(A.mul(two, epsv), A.mul(s.cd, s.cd)), A.mul(s.alpha, A.mul(s.alpha, s.alpha))), s.L);
      const ML1 = A.sub(A.mul(Mhat, s.L), A.one);
      const b = A.div(A.mul(A.mul(A.mul(two, epsv), A.mul(s.c1, s.c1)), A.mul(s.L, s.L)), A.mul(ML1, ML1));
      const dmin = A.cmp(a, b) <= 0 ? a : b;
      const need0 = A.mul(mu, dmin);
      const need = A.cmp(need0, e) <= 0 ? need0 : e;
      const towards = A.mul(A.sub(next, e), A.fromNumber(A.sign(A.sub(star, e))));
      ineqs.push({ name: `(iii) move toward eta* >= min(eta_${kStep - 1}, mu_k Dmin)`, lhs: need, rhs: towards });
    }
    return { hyp: setting(s), ineqs };
  }, CHEAP_FIRST);
}

function convergenceCheck(c: Case, dmaxShrink = 1): CheckOutcome {
  const k = convConsts(c);
  if (!(k.L > k.alpha) || !(k.c1sq > 0 && k.cdsq > 0)) return { ok: true, detail: 'vacuous' };
  const eta0 = c.eta;
  const tol = 1e-9;
  let tight = 0;
  const notes: string[] = [];
  for (const scale of [1, 0.01]) {
    const cap = Math.max(eta0, 1 / k.alpha + scale * k.Dmax);
    const Mhat = Math.max(2 / k.alpha, cap);
    let eta = eta0;
    let hit = -1;
    for (let step = 1; step <= META_BUDGET; step++) {
      const mu = scale / Math.sqrt(step);
      const g = dG64(k, eta, c.t);
      let next = eta - mu * g;
      if (next < 0) next = 0;
      const dPrev = Math.abs(eta - k.star);
      const dNext = Math.abs(next - k.star);
      const allowed = Math.max(dPrev, (mu * k.Dmax) / dmaxShrink);
      let suspicious = !Number.isFinite(next) || next > cap * (1 + tol) || dNext > allowed * (1 + tol) + tol * k.star;
      if (dmaxShrink === 1 && dPrev > tol * k.star) {
        const epsv = Math.min(dPrev, (1 - 1e-9) / k.L);
        const need = Math.min(eta, mu * dMin(epsv, Mhat, k));
        // the movement of the map η − μG′(η) itself (next − eta would cancel catastrophically where
        // η ≫ μ|G′|): μ|G′| toward η* when not clamped at 0, else the whole distance to 0
        const towards = eta - mu * g < 0 ? eta * Math.sign(k.star - eta) : -mu * g * Math.sign(k.star - eta);
        if (towards < need * (1 - tol)) suspicious = true;
      }
      tight = Math.max(tight, dNext / allowed);
      if (suspicious) {
        const exact = stepExact(c, eta, step, scale, eta0, dmaxShrink);
        if (!exact.ok) return { ok: false, tightness: tight, detail: `mu_k = ${scale}/sqrt(k), step ${step}, eta_${step - 1} = ${eta}: ${exact.detail}` };
      }
      eta = next;
      if (hit < 0 && Math.abs(eta - k.star) <= 1e-3 * k.star) hit = step;
    }
    notes.push(`mu=${scale}/sqrt(k): |eta_K-eta*|/eta* = ${(Math.abs(eta - k.star) / k.star).toPrecision(3)}, first within 1e-3 at k=${hit}`);
  }
  return { ok: true, tightness: tight, detail: notes.join('; ') };
}

const proofSteps: ClaimDefinition<Case> = {
  id: 'wang2021.thm4.proof-steps',
  source: SRC_T4 + ' (the proof\'s steps)',
  statement:
    `The mechanism of the proof of Theorem 4, at every visited point: meta-GD η_k = max(0, η_{k−1} − μ_k G′(η_{k−1})) with μ_k = 1/√k and with μ_k = 1/(100√k), η₀ ∈ [0, 100/L], over ${META_BUDGET} meta-steps: (i) η_k ≤ max(η₀, 1/α + μ₁D_max), (ii) |η_k − η*| ≤ max(|η_{k−1} − η*|, μ_k D_max) (the ε-ball is absorbing from k₁ = (μ₁D_max/ε)² on), (iii) outside the ball η moves toward η* by ≥ min(η_{k−1}, μ_k D_min(ε, M̂)). These are the proof's invariants, not the theorem's conclusion (wang2021.thm4.convergence).`,
  control: false,
  expected: 'held',
  runs: 59,
  arbitrary: () => base({ maxT: 2000 }),
  check: (c) => convergenceCheck(c),
  describe: describeCase,
};

const proofStepsControl: ClaimDefinition<Case> = {
  ...proofSteps,
  id: 'wang2021.thm4.proof-steps.control-overshoot',
  statement: 'CONTROL (wrong on purpose): invariant (ii) of the proof with D_max divided by 1e4 (the overshoot allowance shrunk).',
  control: true,
  controlOf: 'wang2021.thm4.proof-steps',
  expected: 'falsified',
  runs: 40,
  check: (c) => convergenceCheck(c, 1e4),
};

/** Meta-steps simulated for the observable conclusion (the generator keeps the proof's k′ within it). */
export const META_GD_BUDGET = 100000;

/**
 * Theorem 4's conclusion, observed: for μ_k = 1/√k, with k′ the proof's own (kPrimeOf, computed from
 * the exact spectrum of the input), |η_k − η*| ≤ ε for every k ∈ [k′, META_GD_BUDGET]. The iteration
 * runs in float64 on the scaled form (Eqn 2) with the decimal spectrum: each step's rounding is
 * ~1e-16 relative, so over 10⁵ steps the trajectory is exact to ~1e-10·η* ≪ ε; a distance within
 * 1e-9 relative of ε is left `undecided`. `limitShift` moves the limit to η* + limitShift·ε (the
 * control: a wrong limit).
 */
function convergenceObserved(x: MetaGdCase, limitShift = 0): CheckOutcome {
  const { c, eps } = x;
  const s = specOf(c.H, c.w0, P0);
  const A = s.A;
  const L = s.L.toNumber();
  const alpha = s.alpha.toNumber();
  const c1sq = A.mul(s.c1, s.c1).toNumber();
  const cdsq = A.mul(s.cd, s.cd).toNumber();
  const kp = kPrimeOf({ L, alpha, c1sq, cdsq, eta0: c.eta, eps, scale: x.scale });
  if (!(kp.kPrime <= META_GD_BUDGET)) return { ok: true, detail: `vacuous: the exact input's k' = ${kp.kPrime} exceeds the budget ${META_GD_BUDGET}` };
  const star = etaStarAt(c, c.t, P0).toNumber();
  const target = star + limitShift * eps;
  // the terms with cᵢ ≠ 0, as flat arrays (the loop below runs up to 10⁵ times)
  const keep = s.c.map((v, i) => i).filter((i) => !s.c[i].isZero());
  const lam = Float64Array.from(keep, (i) => s.lam[i].toNumber());
  const a1 = Float64Array.from(keep, (i) => A.mul(A.mul(s.c[i], s.c[i]), s.lam[i]).toNumber());
  const a2 = Float64Array.from(keep, (i) => A.mul(A.mul(A.mul(s.c[i], s.c[i]), s.lam[i]), s.lam[i]).toNumber());
  const d = lam.length;
  const e2 = 2 * c.t - 1;
  let eta = c.eta;
  let worst = 0;
  let worstAt = -1;
  let entered = -1;
  let undecided = false;
  for (let k = 1; k <= META_GD_BUDGET; k++) {
    // G′ in the scaled form (Eqn 2): numerator and denominator divided by ρ^{2t} (ρ the largest |1−ηλᵢ|)
    let rho = 0;
    for (let i = 0; i < d; i++) {
      const r = Math.abs(1 - eta * lam[i]);
      if (r > rho) rho = r;
    }
    let num = 0;
    let den = 0;
    for (let i = 0; i < d; i++) {
      const q = (1 - eta * lam[i]) / rho;
      const p = Math.pow(q, e2);
      num += a2[i] * p;
      den += a1[i] * p * q;
    }
    const g = (-2 * num) / (rho * den);
    const next = Math.max(0, eta - (x.scale * g) / Math.sqrt(k));
    // A step that leaves η unchanged in float64 leaves it unchanged for ever: the same η gives the
    // same g, and a smaller μ_{k+1} moves it by less than the step that already rounded away. So the
    // remaining steps all sit at this η (checked once, as if at k = max(k, k′)).
    const fixed = next === eta;
    eta = next;
    if (fixed && k < kp.kPrime) k = kp.kPrime;
    const dist = Math.abs(eta - target);
    if (dist <= eps && entered < 0) entered = k;
    if (dist > eps) entered = -1;
    if (k >= kp.kPrime) {
      if (dist / eps > worst) {
        worst = dist / eps;
        worstAt = k;
      }
      if (dist > eps * (1 + 1e-9)) {
        return { ok: false, tightness: worst, detail: `k = ${k} >= k' = ${kp.kPrime}: |eta_k - ${limitShift ? `(eta* + ${limitShift} eps)` : 'eta*'}| = ${dist} > eps = ${eps} (eta_k = ${eta}, eta* = ${star})` };
      }
      if (dist > eps * (1 - 1e-9)) undecided = true;
    }
    if (fixed) break;
  }
  const detail = `mu_k = ${x.scale}/sqrt(k): k' = ${kp.kPrime} (k1 = ${kp.k1}), eps = ${eps.toPrecision(4)}, eta* = ${star.toPrecision(8)}: max over k in [k', ${META_GD_BUDGET}] of |eta_k - eta*|/eps = ${worst.toPrecision(3)} (at k = ${worstAt}); inside the eps-ball for good from k = ${entered}`;
  return undecided ? { ok: true, undecided: true, tightness: worst, detail: `undecided (within 1e-9 of eps): ${detail}` } : { ok: true, tightness: worst, detail };
}

const convergence: ClaimDefinition<MetaGdCase> = {
  id: 'wang2021.thm4.convergence',
  source: SRC_T4,
  statement:
    `Theorem 4's conclusion: meta-GD η_k = max(0, η_{k−1} − μ_k G′(η_{k−1})) from η₀, with μ_k = 1/√k and with the experiments' μ_k = 1/(100√k), for a given 0 < ε < 1/L, has |η_k − η*| ≤ ε for every k ≥ k′, k′ the proof's own (k₁ = (μ₁D_max/ε)², k₂ with Σ_{k₁..k₂} μ_k ≥ R/D_min(M̂)); checked for every k in [k′, ${META_GD_BUDGET}] on the instances where k′ ≤ ${META_GD_BUDGET}.`,
  control: false,
  expected: 'held',
  runs: 59,
  arbitrary: () => metaGdCase({ maxKPrime: META_GD_BUDGET }),
  check: (x) => convergenceObserved(x),
  describe: (x) => ({ ...describeCase(x.c), eps: x.eps, epsK: x.epsK, kPrime: x.kPrime, scale: x.scale }),
  class: {
    generated: {
      subclass: `the instances where the proof's k' <= ${META_GD_BUDGET} (src/arbitraries/metaGdCase.ts)`,
      d: [2, 3],
      L: '[0.03, 0.3]/sqrt(scale)',
      alphaOverL: [0.5, 0.95],
      c1sq: [0.25, 0.5],
      cdsq: [0.25, 0.5],
      t: [1, 2000],
      eta0TimesL: [0, 20],
      epsTimesL: [10 ** -0.6, 1],
      schedule: 'mu_k = 1/sqrt(k) (L in [0.03, 0.3]) and 1/(100 sqrt(k)) (L in [0.3, 3])',
    },
    admitted: 'H SPD (any d, spectrum, c_min > 0), any t, η₀ ≤ M, 0 < ε < 1/L, μ_k = 1/√k (and 1/(100√k)); the conclusion is observable only where k′ fits in a simulation, which the proof\'s constants allow only for d ≤ 3, L ~ 0.1, α/L ≥ 0.5, balanced c (k′ ≥ 10⁶ at L = 1 whatever α/L and c)',
  },
};

const convergenceControl: ClaimDefinition<MetaGdCase> = {
  ...convergence,
  id: 'wang2021.thm4.convergence.control-wrong-limit',
  statement: "CONTROL (wrong on purpose): the same conclusion with the limit η* replaced by η* + 2ε: |η_k − (η* + 2ε)| ≤ ε for every k in [k', budget].",
  control: true,
  controlOf: 'wang2021.thm4.convergence',
  expected: 'falsified',
  runs: 59,
  class: undefined,
  check: (x) => convergenceObserved(x, 2),
};

// ---------------------------------------------------------------- Corollary 1

/** t grid of the float breakdown: √2-spaced up to 4096. */
export const BREAK_GRID = [1, 2, 3, 4, 6, 8, 11, 16, 23, 32, 45, 64, 91, 128, 181, 256, 362, 512, 724, 1024, 1448, 2048, 2896, 4096];
/** t values of the decimal tape (slope fit). */
export const TAPE_TS = [25, 100, 200];
/** Largest factor (times t) by which a tape intermediate may exceed the larger of F and dG/dF (Corollary 1's envelope). */
export const TAPE_ENVELOPE = 1e4;

const MAX_64 = Number.MAX_VALUE;
const MAX_32 = 3.4028234663852886e38;

/**
 * Corollary 1, derived precisely. On the tape of G = ln F / t through t unrolled steps:
 *  - F = ½ Σ cᵢ²λᵢ rᵢ^{2t} (node "F") lies in ½ρ^{2t}·[D₀, Σcᵢ²λᵢ], D₀ = c_j²λ_j (j the index of ρ =
 *    max(|1−ηα|, |1−ηL|)): log10 F has slope 2 log10 ρ per step, up to the band W = log10(Σcᵢ²λᵢ/D₀);
 *  - dG/dF = 1/(tF) (the adjoint of "F") has slope −2 log10 ρ − Δlog10 t/Δt, same band;
 *  - ‖w_t‖ (node "w[t]") lies in ρ^t·[|c_j|, ‖w₀‖]: slope log10 ρ, band log10(‖w₀‖/|c_j|).
 * Slopes between the ends of t ∈ {25, 100, 200}, envelopes at each t, in decimal (P = 30; log10 of a decimal is
 * exact to ~1e-15, a 1e-9 slack covers it).
 *  - The tape-wide largest |intermediate| at each t lies in the predicted envelope
 *    [max(F⁻, 1/(tF⁺)), TAPE_ENVELOPE·t·max(F⁺, 1/(tF⁻))], F^∓ = ½ρ^{2t}·{D₀, Σcᵢ²λᵢ} (F and dG/dF are
 *    on the tape, so the lower end holds by construction; the upper end says nothing on the tape
 *    grows faster than ρ^{±2t} — the constant TAPE_ENVELOPE is fixed, part of the witnessed verdict);
 *  - the smallest |intermediate| at each t is at most min(F⁺, 1/(tF⁻)): it falls at least at the rate
 *    2|log10 ρ| (it can fall faster: an entry of w_k or Hw_k can pass near 0, so no lower envelope).
 * A wrong rate (`rateFactor` ≠ 1, the control) replaces log10 ρ by rateFactor·log10 ρ in every
 * prediction above.
 *
 * Float breakdown: in strict mode (NaN on any overflow/underflow) float64 and float32 backprop of G′
 * become NaN at the first t of BREAK_GRID at which F, 2F (the sum wᵀHw) or 1/(tF) leaves
 * [MIN_NORMAL, MAX] — predicted from the exact F — within one grid step; at that t (or at the last grid t)
 * the float64 scaled form (Eqn 2) keeps at least min(8, promised − 1) digits of G′.
 */
interface CorCase {
  c: Case;
}

/**
 * First grid index at which the exact F, 2F or 1/(tF) leaves [minNormal, maxV], for the input as the
 * float format sees it: float32 rounds H, w₀ and η to float32 first (this can change the problem a lot,
 * e.g. a c_d of 1e-12 in float64 becomes ~6e-8), so the prediction is made for the rounded input.
 */
function predictedBreak(c: Case, minNormal: number, maxV: number, round: (x: number) => number): number {
  const s = specOf(c.H.map((r) => r.map(round)), c.w0.map(round), 20);
  const A = s.A;
  const eta = A.fromNumber(round(c.eta));
  const lo = A.fromNumber(minNormal);
  const hi = A.fromNumber(maxV);
  for (let g = 0; g < BREAK_GRID.length; g++) {
    const t = BREAK_GRID[g];
    const F = meta(s, eta, t).F;
    const vals = [F, A.mul(A.fromNumber(2), F), A.div(A.one, A.mul(A.fromNumber(t), F))];
    if (vals.some((v) => A.cmp(v, lo) < 0 || A.cmp(v, hi) > 0)) return g;
  }
  return BREAK_GRID.length;
}

function observedBreak(c: Case, which: 'float64' | 'float32'): number {
  // the generic tape's strict-mode G′, on flat arrays (strictBackpropDG: identical NaN pattern, spec'd)
  const Ar = which === 'float64' ? float64('strict') : float32('strict');
  const q = Quadratic.fromNumbers(Ar, c.H, c.w0);
  const eta = Ar.fromNumber(c.eta);
  for (let g = 0; g < BREAK_GRID.length; g++) {
    const v = strictBackpropDG(q.H, q.w0, eta, BREAK_GRID[g], which);
    if (!Number.isFinite(v)) return g;
  }
  return BREAK_GRID.length;
}

const corArb = () =>
  fc.record({ c: quadraticCase({ spd: { minDim: 2, maxDim: 4 }, minT: 1, maxT: 1, etaKinds: ['logUniform', 'inverseL', 'optimalConstant', 'twoOverL'] }) });

/**
 * The quantities Corollary 1's bands are built from (proof of Corollary 1): ρ = max|1 − ηλ| (at the
 * extreme index j), Σcᵢ²λᵢ, D₀ = c_j²λ_j, and the log10 offsets W (of F's
 * band) and Ww (of ‖w_t‖'s) of the whole sum over its dominant term. Shared by the check and its frontier.
 */
function cor1Envelope(s: ReturnType<typeof specOf>, eta: Decimal) {
  const A = s.A;
  const r = s.lam.map((l) => A.sub(A.one, A.mul(eta, l)));
  const d = r.length;
  const j = A.cmp(A.abs(r[0]), A.abs(r[d - 1])) >= 0 ? 0 : d - 1;
  let sumCL = A.zero;
  let sumC2 = A.zero;
  for (let i = 0; i < d; i++) {
    sumCL = A.add(sumCL, A.mul(A.mul(s.c[i], s.c[i]), s.lam[i]));
    sumC2 = A.add(sumC2, A.mul(s.c[i], s.c[i]));
  }
  const D0 = A.mul(A.mul(s.c[j], s.c[j]), s.lam[j]);
  return {
    rho: A.abs(r[j]),
    sumCL,
    D0,
    W: A.log10Abs(A.div(sumCL, D0)),
    Ww: 0.5 * A.log10Abs(A.div(sumC2, A.mul(s.c[j], s.c[j]))),
  };
}

function corCheck({ c }: CorCase, rateFactor = 1): CheckOutcome {
  // 30 digits: c_j can be ~1e-17 (w₀ orthogonal to u_j up to rounding), and F's band [F⁻, F⁺] is then
  // tight to ~1e-10; 30 digits keep c_j, F and 1/(tF) to ~1e-13 relative, inside the 1e-9 slack (20
  // digits do not: c_j = 2.4e-17 came out with 4 digits and the tape's F fell below F⁻ by 3e-4)
  const P = 30;
  const s = specOf(c.H, c.w0, P);
  const A = s.A;
  if (!(A.cmp(s.alpha, s.L) < 0) || A.isZero(s.cmin)) return { ok: true, detail: 'vacuous' };
  const gi64 = observedBreak(c, 'float64');
  const eta = A.fromNumber(c.eta);
  const { rho, sumCL, D0, W, Ww } = cor1Envelope(s, eta);
  if (A.isZero(A.sub(rho, A.one)) || A.isZero(eta)) return { ok: true, detail: 'vacuous: rho = 1' };
  // the control's wrong rate enters every prediction through log10 ρ
  const l10rho = rateFactor * A.log10Abs(rho);
  const logs = TAPE_TS.map((t) => {
    const { tape } = backpropWithTape(s.q, eta, t);
    const f = tape.find('F');
    const w = tape.find(`w[${t}]`);
    let n2 = A.zero;
    for (const x of w!.value) n2 = A.add(n2, A.mul(x, x));
    const m = tape.magnitudes();
    return {
      F: A.log10Abs(f!.value[0]),
      Fbar: A.log10Abs(f!.adjoint![0]),
      w: 0.5 * A.log10Abs(n2),
      t,
      max: Math.max(m.values.maxLog10, m.adjoints.maxLog10),
      min: Math.min(m.values.minLog10, m.adjoints.minLog10),
      maxAt: m.values.maxLog10 >= m.adjoints.maxLog10 ? `value ${m.values.maxAt}` : `adjoint ${m.adjoints.maxAt}`,
    };
  });
  const t1 = TAPE_TS[0];
  const t2 = TAPE_TS[TAPE_TS.length - 1];
  const dt = t2 - t1;
  const a = logs[0];
  const b = logs[logs.length - 1];
  const slack = 1e-9;
  const sF = (b.F - a.F) / dt;
  const sFbar = (b.Fbar - a.Fbar) / dt;
  const sW = (b.w - a.w) / dt;
  const predF = 2 * l10rho;
  const predFbar = -2 * l10rho - (Math.log10(t2) - Math.log10(t1)) / dt;
  const fails: string[] = [];
  const tight: number[] = [];
  const test = (name: string, meas: number, pred: number, band: number) => {
    const dev = Math.abs(meas - pred);
    tight.push(dev / (band + slack));
    if (dev > band + slack) fails.push(`${name}: slope ${meas.toPrecision(8)}/step vs predicted ${pred.toPrecision(8)} ± ${band.toPrecision(3)}`);
  };
  test('log10 F', sF, predF, W / dt);
  test('log10 dG/dF', sFbar, predFbar, W / dt);
  test('log10 |w_t|', sW, l10rho, Ww / dt);
  const sMax = (b.max - a.max) / dt;
  const sMin = (b.min - a.min) / dt;
  // the tape's extremes against the predicted envelope at each t (log10; F⁻/F⁺ the ends of F's band)
  const lD0 = A.log10Abs(A.div(D0, A.fromNumber(2)));
  const lS = A.log10Abs(A.div(sumCL, A.fromNumber(2)));
  for (const x of logs) {
    const Flo = lD0 + 2 * x.t * l10rho;
    const Fhi = lS + 2 * x.t * l10rho;
    const lt = Math.log10(x.t);
    const maxLo = Math.max(Flo, -Fhi - lt);
    const maxHi = Math.max(Fhi, -Flo - lt) + Math.log10(TAPE_ENVELOPE * x.t);
    const minHi = Math.min(Fhi, -Flo - lt);
    const width = maxHi - maxLo;
    tight.push(Math.max((x.max - maxLo) / (width + slack), x.min <= minHi + slack ? 0 : 2));
    if (x.max < maxLo - slack || x.max > maxHi + slack) fails.push(`tape max at t = ${x.t}: log10 ${x.max.toPrecision(8)} outside the predicted [${maxLo.toPrecision(8)}, ${maxHi.toPrecision(8)}]`);
    if (x.min > minHi + slack) fails.push(`tape min at t = ${x.t}: log10 ${x.min.toPrecision(8)} above the predicted ${minHi.toPrecision(8)}`);
  }
  // float breakdown
  const pr64 = predictedBreak(c, MIN_NORMAL_64, MAX_64, (x) => x);
  const pr32 = predictedBreak(c, MIN_NORMAL_32, MAX_32, Math.fround);
  const ob32 = observedBreak(c, 'float32');
  // The range prediction is about range, not cancellation: where the input itself is so ill-conditioned
  // that a float format cannot keep 2 digits of G′ (e.g. w₀ = u₁ to rounding and η = 1/L: w₁ cancels to
  // exactly 0 and ln 0 is NaN at t = 1), or where rounding H to float32 makes it indefinite, the NaN
  // has another cause and this part of the case is skipped (reported in the detail).
  const wellPosed = (round: (x: number) => number, u: number, g: number) => {
    const qr = Quadratic.fromNumbers(float64(), c.H.map((r) => r.map(round)), c.w0.map(round));
    const sp = qr.spectrum().lambda;
    if (!(sp[sp.length - 1] > 0)) return false;
    return promisedDigits(qr, round(c.eta), BREAK_GRID[Math.min(g, BREAK_GRID.length - 1)], u) >= 2;
  };
  const ok64 = wellPosed((x) => x, UNIT_ROUNDOFF.float64, Math.min(pr64, gi64));
  const ok32 = wellPosed(Math.fround, UNIT_ROUNDOFF.float32, Math.min(pr32, ob32));
  if (ok64 && Math.abs(pr64 - gi64) > 1) fails.push(`float64: strict backprop NaN first at grid t = ${BREAK_GRID[gi64] ?? 'never'}, predicted t = ${BREAK_GRID[pr64] ?? 'never'}`);
  if (ok32 && Math.abs(pr32 - ob32) > 1) fails.push(`float32: strict backprop NaN first at grid t = ${BREAK_GRID[ob32] ?? 'never'}, predicted t = ${BREAK_GRID[pr32] ?? 'never'}`);
  // the scaled form stays accurate where backprop broke (or at the last grid t)
  const tS = BREAK_GRID[Math.min(gi64, BREAK_GRID.length - 1)];
  const q64 = Quadratic.fromNumbers(float64(), c.H, c.w0);
  const st = stable(q64, c.eta, tS).dG;
  const ref = new ReferenceQuadratic(
    c.H.map((row) => row.map((x) => A.toString(A.fromNumber(x)))),
    c.w0.map((x) => A.toString(A.fromNumber(x))),
    { startPrecision: 40, maxPrecision: 320 },
  );
  const rp = ref.point(A.toString(eta), tS, { dG: 12, other: 2 });
  const sScale = cancellationScale(ref.at(rp.dG.precision), ref.at(rp.dG.precision).arith.fromString(A.toString(eta)), tS);
  const digits = significantDigits(st, rp.dG.value, sScale);
  const promised = promisedDigits(q64, c.eta, tS, UNIT_ROUNDOFF.float64);
  const need = Math.min(8, promised - 1);
  if (digits < need) fails.push(`float64 scaled form at t = ${tS}: ${digits.toFixed(1)} digits of G' < ${need.toFixed(1)}`);
  const info = `rho = ${A.toString(rho, 6)}; slopes/step: F ${sF.toPrecision(5)} (pred ${predF.toPrecision(5)}), dG/dF ${sFbar.toPrecision(5)}, |w_t| ${sW.toPrecision(5)}, tape max ${sMax.toPrecision(5)} (at ${b.maxAt}), tape min ${sMin.toPrecision(5)}; float64 NaN at t=${BREAK_GRID[gi64] ?? 'never'} (pred ${BREAK_GRID[pr64] ?? 'never'}), float32 at t=${BREAK_GRID[ob32] ?? 'never'} (pred ${BREAK_GRID[pr32] ?? 'never'})${ok64 ? '' : ' [float64 part skipped: ill-posed]'}${ok32 ? '' : ' [float32 part skipped: ill-posed]'}; stable64 ${digits.toFixed(1)} digits`;
  return { ok: fails.length === 0, tightness: Math.max(...tight), detail: fails.length ? `${fails.join('; ')} [${info}]` : info };
}

/**
 * Corollary 1 mapped over what the check fixes: the tape window [t₁, 8t₁] (the check: 25 to 200), the
 * envelope factor E (the check: TAPE_ENVELOPE = 1e4) and the problem (κ, η·L on either side of 2/L), on
 * frontierCase quadratics, diagonal H and the same H rotated (`rotated` = 0/1). Named consequences, with the check's formulas and 1e-9 slack: `slopeF`,
 * `slopeDGdF`, `slopeW` (the three slopes within their exact bands), `tapeMaxInEnvelope` (the largest
 * |intermediate| at t₁ and 8t₁ inside [max(F⁻, 1/(tF⁺)), E·t·max(F⁺, 1/(tF⁻))]), `tapeMinFalls` (the
 * smallest at most min(F⁺, 1/(tF⁻))), `float64Break` (strict float64 backprop NaN within one √2-grid step
 * of the predicted t; the grid and the step are fixed, not varied). `values.envelopeNeeded` is the
 * smallest E that would hold the tape's largest intermediate (log10). The float32 part and the scaled-form
 * digits are not mapped (they depend on neither t₁ nor E).
 */
export function cor1Frontier(scale: FrontierScale): FrontierPoint[] {
  const g =
    scale === 'paper'
      ? { kappa: [2, 10, 1e3, 1e6], etaL: [0.1, 0.5, 1, 1.9, 1.99, 2.01, 2.1, 4, 10], t1: [2, 5, 25, 100], envelope: [1, 10, 1e2, 1e4, 1e6] }
      : { kappa: [10, 1e3], etaL: [0.5, 1.9, 2.1, 4], t1: [5, 25], envelope: [1, 1e4] };
  const out: FrontierPoint[] = [];
  const P = 30;
  const slack = 1e-9;
  for (const rotated of [0, 1])
  for (const kappa of g.kappa)
    for (const etaL of g.etaL) {
      const c = frontierCase(kappa, 1 / Math.sqrt(3), etaL, 1, rotated === 1);
      const s = specOf(c.H, c.w0, P);
      const A = s.A;
      const eta = A.fromNumber(c.eta);
      const { rho, sumCL, D0, W, Ww } = cor1Envelope(s, eta);
      const l10rho = A.log10Abs(rho);
      const lD0 = A.log10Abs(A.div(D0, A.fromNumber(2)));
      const lS = A.log10Abs(A.div(sumCL, A.fromNumber(2)));
      const f64 = Math.abs(predictedBreak(c, MIN_NORMAL_64, MAX_64, (x) => x) - observedBreak(c, 'float64')) <= 1;
      const tapes = new Map<number, { F: number; Fbar: number; w: number; t: number; max: number; min: number }>();
      const tapeAt = (t: number) => {
        const hit = tapes.get(t);
        if (hit) return hit;
        const { tape } = backpropWithTape(s.q, eta, t);
        let n2 = A.zero;
        for (const x of tape.find(`w[${t}]`)!.value) n2 = A.add(n2, A.mul(x, x));
        const f = tape.find('F')!;
        const m = tape.magnitudes();
        const x = { F: A.log10Abs(f.value[0]), Fbar: A.log10Abs(f.adjoint![0]), w: 0.5 * A.log10Abs(n2), t, max: Math.max(m.values.maxLog10, m.adjoints.maxLog10), min: Math.min(m.values.minLog10, m.adjoints.minLog10) };
        tapes.set(t, x);
        return x;
      };
      for (const t1 of g.t1) {
        const t2 = 8 * t1;
        const [a, b] = [tapeAt(t1), tapeAt(t2)];
        const dt = t2 - t1;
        const within = (meas: number, pred: number, band: number) => Math.abs(meas - pred) <= band + slack;
        const sF = (b.F - a.F) / dt;
        const sFbar = (b.Fbar - a.Fbar) / dt;
        const sW = (b.w - a.w) / dt;
        // the envelope's base at each t: log10 max(F⁺, 1/(tF⁻)) and its lower end log10 max(F⁻, 1/(tF⁺))
        const ends = [a, b].map((x) => {
          const Flo = lD0 + 2 * x.t * l10rho;
          const Fhi = lS + 2 * x.t * l10rho;
          const lt = Math.log10(x.t);
          return { x, lo: Math.max(Flo, -Fhi - lt), base: Math.max(Fhi, -Flo - lt) + lt, minHi: Math.min(Fhi, -Flo - lt) };
        });
        const envelopeNeeded = Math.max(...ends.map((e) => e.x.max - e.base));
        for (const E of g.envelope) {
          out.push({
            at: { rotated, kappa, etaL, t1, t2, envelope: E },
            holds: {
              slopeF: within(sF, 2 * l10rho, W / dt),
              slopeDGdF: within(sFbar, -2 * l10rho - (Math.log10(t2) - Math.log10(t1)) / dt, W / dt),
              slopeW: within(sW, l10rho, Ww / dt),
              tapeMaxInEnvelope: ends.every((e) => e.x.max >= e.lo - slack && e.x.max <= e.base + Math.log10(E) + slack),
              tapeMinFalls: ends.every((e) => e.x.min <= e.minHi + slack),
              float64Break: f64,
            },
            values: { log10rho: l10rho, slopeF: sF, predictedSlopeF: 2 * l10rho, slopeW: sW, log10EnvelopeNeeded: envelopeNeeded },
          });
        }
      }
    }
  return out;
}

const cor1: ClaimDefinition<CorCase> = {
  id: 'wang2021.cor1.backprop-intermediates',
  source: 'wang2021 Corollary 1 (Section 3; proof in Appendix A.2)',
  statement:
    'Backpropagation of G′ through t unrolled steps has intermediates exponential in t: in decimal, log10 F and log10 dG/dF have slope ±2 log10 ρ per step and log10‖w_t‖ slope log10 ρ (ρ = max(|1−ηα|, |1−ηL|)), within their exact bands, between t = 25 and 200; at each t ∈ {25, 100, 200} the largest |intermediate| on the tape stays in the envelope [max(F, 1/(tF)), 1e4·t·max(F, 1/(tF))] of the predicted F band and the smallest falls at least at the rate 2|log10 ρ|; float64/float32 strict backprop turns NaN within one √2-grid step of the t where F, 2F or 1/(tF) leaves the format\'s normal range; there the float64 scaled form keeps its promised digits. Frontier finding (paper grid): on a diagonal H (admitted by the statement, never drawn: the generators\' H are dense) strict float64 backprop turns NaN earlier than predicted (280 of 720 diagonal points, κ 2–1e6, e.g. κ = 10, η·L = 4: NaN at t = 181, predicted 362; κ = 10, η·L = 0.5: NaN at 512, predicted never): one coordinate of w or its adjoint leaves the normal range before F, 2F or 1/(tF) does; every rotated point agrees. The slopes and the tape envelope hold at every point, the envelope with E = 1 (largest need 10^-0.04·t).',
  control: false,
  // "exponentially large/small in t" is asymptotic: the t grid, the bands and the envelope factor
  // are constants we fixed (part of the verdict).
  kind: 'witnessed',
  constants: { tapeT: TAPE_TS, breakGrid: 'sqrt(2)-spaced t up to 4096, break within one grid step', tapeEnvelope: `${TAPE_ENVELOPE}·t`, scaledFormDigits: 'min(8, promised − 1)' },
  expected: 'witnessed',
  runs: 59,
  frontier: (scale) => cor1Frontier(scale),
  arbitrary: corArb,
  check: (x) => corCheck(x),
  describe: ({ c }) => describeCase(c),
};

/** The control's wrong rate: every prediction made with half the true log10 ρ. */
const COR1_WRONG_RATE = 0.5;
const cor1Control: ClaimDefinition<CorCase> = {
  ...cor1,
  id: 'wang2021.cor1.backprop-intermediates.control-half-rate',
  statement: `CONTROL (wrong on purpose): Corollary 1's slope bands and tape envelopes with the rate ρ replaced by ρ^${COR1_WRONG_RATE} (log10 ρ halved).`,
  control: true,
  controlOf: 'wang2021.cor1.backprop-intermediates',
  expected: 'falsified',
  kind: 'universal',
  frontier: undefined,
  runs: 30,
  check: (x) => corCheck(x, COR1_WRONG_RATE),
};

// ---------------------------------------------------------------- registry

/** What Section 3's statements admit (every claim of this file checks a subset of it, stated per claim). */
const SEC3_ADMITTED =
  'H symmetric positive definite (any d ≥ 2, any spectrum with L > α), ‖w₀‖ = 1 with c_min > 0, any t ≥ 1, η in the statement\'s range; a case outside a hypothesis (decided exactly) is vacuous';
const sec3Generated = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  d: [2, 12],
  spdKinds: ['logUniform', 'outlier', 'clustered', 'nearlyEqual', 'wishart'],
  condition: [1, 1e8],
  L: [1e-2, 1e2],
  w0: 'sphere, axis (c_min = 0 or ~1e-17), tiny (|c₁| or |c_d| = 10^-e, e ∈ [1,15], or 0)',
  t: [1, 5000],
  eta: 'log-uniform η·L ∈ [1e-3, 100], 0, 1/L, 2/(α+L), 2/L (exact or ± 10^-e)',
  ...extra,
});

/** The class each claim's arbitrary generates (`class.generated`), beside SEC3_ADMITTED. */
const SEC3_CLASS: Record<string, Record<string, unknown>> = {
  'wang2021.thm3.convexity': sec3Generated({ secondPoint: 'b = η + 2^-j (1 + k/8)/L, j ∈ [0,30], k ∈ [0,8]' }),
  'wang2021.thm3.upper': sec3Generated({ eta: 'η·L ∈ [1e-3, 2]: log-uniform, 1/L, 2/(α+L), 2/L (± 10^-e)' }),
  'wang2021.thm3.lower': sec3Generated({ eta: 'η·L ∈ [2, 100]: log-uniform, 2/L (± 10^-e)' }),
  'wang2021.thm3.explode-vanish': sec3Generated({ eta: 'η·L ∈ [1e-3, 100] without η = 0' }),
  'wang2021.thm4.unique-minimiser': sec3Generated(),
  'wang2021.claim1.sign': sec3Generated(),
  'wang2021.claim2.bound': sec3Generated(),
  'wang2021.claim3.lower': sec3Generated({ eps: '10^(-k/1000)/L, k ∈ [1, 6000]', Mhat: '(2/α)(1 + 1e-12)(1 + v), v = 0 or 10^[-3, 2]', eta: 'ends and interior of [0, η*−ε] and [η*+ε, M̂]' }),
  'wang2021.thm4.proof-steps': sec3Generated({ t: [1, 2000], eta0: 'η₀ as η above', schedules: ['1/sqrt(k)', '1/(100 sqrt(k))'], metaSteps: META_BUDGET }),
  'wang2021.cor1.backprop-intermediates': sec3Generated({ d: [2, 4], t: 'tape at t ∈ {25, 100, 200}; breakdown over the sqrt(2) grid up to 4096', eta: 'η·L ∈ [1e-3, 100] without η = 0' }),
};

const sec3Claims: ClaimDefinition<any>[] = [
  convexity,
  upper,
  lower,
  explode,
  uniqueMin,
  claim1,
  claim2,
  claim3,
  proofSteps,
  convergence,
  cor1,
  convexityControl,
  upperControl,
  lowerControl,
  explodeControl,
  uniqueMinControl,
  claim1Control,
  claim2Control,
  claim3Control,
  proofStepsControl,
  convergenceControl,
  cor1Control,
];

/** Section 3's claims, each non-control claim with its `class` (unless the definition states its own). */
export const wang2021Sec3Claims: ClaimDefinition<any>[] = sec3Claims.map((c) =>
  c.class || c.control || !SEC3_CLASS[c.id] ? c : { ...c, class: { generated: SEC3_CLASS[c.id], admitted: SEC3_ADMITTED } },
);

