import { decimalText } from '../arith/decimal.js';
import { float64 } from '../arith/float.js';
import { createRng } from '../random/index.js';
import { exactDecimal } from './digits.js';
import { etaStarOf } from './etaStar.js';
import { metaTrain, type MetaMethod } from './metaTrain.js';
import { Quadratic } from './problem.js';
import { ReferenceQuadratic } from './reference.js';

/**
 * The quadratic experiments of wang2021 Section 5 (ICLR text, Appendix F): Tables 1-2, Figure 1 and
 * "optimal η* for different t" (the ICLR text's Figure 2), as data.
 *
 * Setting (Appendix F.1): one fixed 20-dimensional task, H = XᵀX with X a 20×20 matrix of standard
 * normal entries, w₀ drawn from the standard normal (NOT normalised: the paper draws it "from standard
 * normal as well" and says nothing of a unit norm; G' and η* do not depend on ‖w₀‖ anyway, since
 * ln F only shifts by ln ‖w₀‖², while F and the float backprop intermediates scale by ‖w₀‖² ≈ 20).
 * Meta-training: 1000 steps of projected meta-GD with μ_k = 1/(100√k) on the log objective G; the
 * TensorFlow baselines differentiated G through the unrolled loop in float32, with GD or RMSProp as
 * the meta-optimizer (meta learning rate 0.001).
 *
 * Our rows: `stable64` is the paper's "Ours" (Eqn 2 scaled form); `backprop32` is "Tensorflow GD"
 * (reverse mode through the loop, every operation rounded to float32), run with the same μ_k as ours
 * so only the meta-gradient differs (the paper's TF GD used a meta learning rate of 0.001, whose
 * schedule it does not state); `backprop32-rmsprop` is "Tensorflow RMSProp" (TensorFlow's defaults,
 * learning rate 0.001, ρ = 0.9, ε = 1e-7); `backprop64` has no paper row: it shows what float64 alone
 * buys. A non-finite meta-gradient leaves η unchanged (src/quadratic/metaTrain.ts).
 *
 * `converged` is CLI.md's: |η_K − η*| ≤ 1e-3·η* and every η_k finite, with η* from the decimal reference.
 */

/** The seed of the default task (any seed works; `reproduce --seed S` picks another). */
export const PAPER_SEED = 2021;
/** Meta-training steps of every Table 1-2 and Figure 1 run (Appendix F.2: "1000 meta-training steps for all the experiments"). */
export const PAPER_META_STEPS = 1000;
/** μ_k = c/√k with c = 1/100 (Section 5). */
export const PAPER_META_C = 0.01;
/** Relative tolerance of CLI.md's `converged`. */
export const CONVERGED_REL_TOL = 1e-3;

export interface PaperQuadratic {
  seed: number;
  d: number;
  /** H = XᵀX as doubles (exactly symmetric: both triangles are the same sums in the same order). */
  H: number[][];
  w0: number[];
  /** The same numbers as exact decimal texts (a double's full expansion), for the reference. */
  HText: string[][];
  w0Text: string[];
  /** ‖w₀‖ (the paper's w₀ is not normalised). */
  w0Norm: number;
  /** Extreme eigenvalues of H (float64). */
  L: number;
  alpha: number;
}

/** Exact decimal text of a double (so the decimal reference sees exactly the float64 input). */
export function exactText(x: number): string {
  return decimalText(exactDecimal(x));
}

/**
 * The experiments' task: X (d×d) standard normal, H = XᵀX, then w₀ standard normal, all drawn in
 * that order from `createRng(seed)` (src/random: seeded, reproducible on every platform).
 */
export function paperQuadratic(seed: number = PAPER_SEED, d = 20): PaperQuadratic {
  const rng = createRng(seed);
  const X = Array.from({ length: d }, () => rng.gaussianVector(d));
  const H = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += X[k][i] * X[k][j];
      H[i][j] = s;
      H[j][i] = s;
    }
  }
  const w0 = rng.gaussianVector(d);
  const { lambda } = Quadratic.fromNumbers(float64(), H, w0).spectrum();
  return {
    seed,
    d,
    H,
    w0,
    HText: H.map((row) => row.map(exactText)),
    w0Text: w0.map(exactText),
    w0Norm: Math.hypot(...w0),
    L: lambda[0],
    alpha: lambda[lambda.length - 1],
  };
}

/** The four implementations of Tables 1-2. */
export type ExperimentMethod = 'stable64' | 'backprop64' | 'backprop32' | 'backprop32-rmsprop';
export const EXPERIMENT_METHODS: readonly ExperimentMethod[] = ['stable64', 'backprop64', 'backprop32', 'backprop32-rmsprop'];

/** Which of the paper's rows each of ours stands for (null: no paper row). */
export const PAPER_ROW_OF: Record<ExperimentMethod, 'Ours' | 'Tensorflow GD' | 'Tensorflow RMSProp' | null> = {
  stable64: 'Ours',
  backprop64: null,
  backprop32: 'Tensorflow GD',
  'backprop32-rmsprop': 'Tensorflow RMSProp',
};

function methodSettings(m: ExperimentMethod): { method: MetaMethod; optimizer: 'gd' | 'rmsprop' } {
  return m === 'backprop32-rmsprop' ? { method: 'backprop32', optimizer: 'rmsprop' } : { method: m, optimizer: 'gd' };
}

/**
 * The paper's Tables 1-2 (ICLR Appendix F.2), ✓ = converged. The extracted text renders ✓ as "X"
 * and ✗ as "×"; read so, both tables agree on their shared cell (t = 40, η₀ = 0.1).
 */
export const PAPER_TABLE1 = {
  t: [10, 20, 40, 80],
  eta0: 0.1,
  rows: {
    Ours: [true, true, true, true],
    'Tensorflow GD': [true, false, false, false],
    'Tensorflow RMSProp': [true, true, false, false],
  },
} as const;

export const PAPER_TABLE2 = {
  t: 40,
  eta0: [0.001, 0.01, 0.1, 1],
  rows: {
    Ours: [true, true, true, true],
    'Tensorflow GD': [false, false, false, false],
    'Tensorflow RMSProp': [true, true, false, false],
  },
} as const;

/** The paper: "the optimal η* is usually around 0.03 under our settings"; Figure 1: converges "within 300 steps". */
export const PAPER_FIG1 = { t: 80, eta0: 0.1, steps: 1000, etaStar: 0.03, convergedWithin: 300 } as const;

export interface ConvergenceCell {
  method: ExperimentMethod;
  /** CLI.md's definition. */
  converged: boolean;
  etaFinal: number;
  /** |η_K − η*| / η*. */
  relError: number;
  /** |η_K − η*| ≤ 1e-2·η*: a looser reading of "converged", nearer a plot's resolution. */
  within1pc: boolean;
  /** Meta-steps with a non-finite meta-gradient (η left unchanged). */
  nonFinite: number;
  /** Meta-steps whose meta-gradient was exactly 0 (float underflow or an overflowed F). */
  zeroGradients: number;
  /** η never moved from η₀: the paper's "stuck at the initial value". */
  stuck: boolean;
  /** The paper's verdict for this cell (undefined where it has no row). */
  paper?: boolean;
  ms: number;
}

export interface ConvergenceRow {
  t: number;
  eta0: number;
  /** η* by the decimal reference (≥ 12 digits), as text and as the nearest double. */
  etaStarText: string;
  etaStar: number;
  cells: ConvergenceCell[];
}

export interface ConvergenceTable {
  table: 'table1' | 'table2';
  seed: number;
  d: number;
  w0Norm: number;
  L: number;
  alpha: number;
  steps: number;
  metaC: number;
  rows: ConvergenceRow[];
}

export interface ExperimentOptions {
  seed?: number;
  /** Meta-steps (default 1000, the paper's). */
  steps?: number;
  methods?: readonly ExperimentMethod[];
  /** Called after each unit of work: (done, total, label). */
  onProgress?: (done: number, total: number, label: string) => void;
  /** Checked between units of work; when it returns true the run stops and returns what is done. */
  shouldStop?: () => boolean;
}

/** CLI.md `converged`: |etaFinal − η*| ≤ 1e-3·η* and every trajectory entry finite. */
export function convergedPerCli(trajectory: readonly number[], etaStar: number): boolean {
  const last = trajectory[trajectory.length - 1];
  return trajectory.every(Number.isFinite) && Math.abs(last - etaStar) <= CONVERGED_REL_TOL * etaStar;
}

/** η* by the decimal reference (≥ 12 correct digits). */
export function referenceEtaStar(q: PaperQuadratic, t: number, ref = new ReferenceQuadratic(q.HText, q.w0Text)): { text: string; value: number; digits: number } {
  const v = ref.etaStar(t);
  return { text: decimalText(v.value.toSignificantDigits(Math.max(12, Math.min(30, Math.floor(v.digits))))), value: v.value.toNumber(), digits: v.digits };
}

/** One meta-training run of one implementation from η₀ on the task. */
export function runConvergence(q: PaperQuadratic, t: number, eta0: number, etaStar: number, method: ExperimentMethod, steps = PAPER_META_STEPS): ConvergenceCell & { trajectory: number[] } {
  const started = performance.now();
  const r = metaTrain(q.HText, q.w0Text, t, { eta0, steps, c: PAPER_META_C, ...methodSettings(method) });
  const etaFinal = r.trajectory[r.trajectory.length - 1];
  return {
    method,
    converged: convergedPerCli(r.trajectory, etaStar),
    etaFinal,
    relError: Math.abs(etaFinal - etaStar) / etaStar,
    within1pc: Number.isFinite(etaFinal) && Math.abs(etaFinal - etaStar) <= 1e-2 * etaStar,
    nonFinite: r.nonFinite,
    zeroGradients: r.zeroGradients,
    stuck: r.trajectory.every((x) => x === r.trajectory[0]),
    ms: performance.now() - started,
    trajectory: r.trajectory,
  };
}

function convergenceTable(
  table: 'table1' | 'table2',
  settings: Array<{ t: number; eta0: number; paper: Record<string, boolean> }>,
  options: ExperimentOptions,
): ConvergenceTable {
  const { seed = PAPER_SEED, steps = PAPER_META_STEPS, methods = EXPERIMENT_METHODS, onProgress, shouldStop } = options;
  const q = paperQuadratic(seed);
  const ref = new ReferenceQuadratic(q.HText, q.w0Text);
  const etaStars = new Map<number, ReturnType<typeof referenceEtaStar>>();
  const rows: ConvergenceRow[] = [];
  const total = settings.length * (methods.length + 1);
  let done = 0;
  for (const s of settings) {
    if (shouldStop?.()) break;
    let es = etaStars.get(s.t);
    if (!es) {
      es = referenceEtaStar(q, s.t, ref);
      etaStars.set(s.t, es);
    }
    onProgress?.(++done, total, `eta* at t = ${s.t}`);
    const row: ConvergenceRow = { t: s.t, eta0: s.eta0, etaStarText: es.text, etaStar: es.value, cells: [] };
    for (const m of methods) {
      if (shouldStop?.()) break;
      const { trajectory: _omit, ...cell } = runConvergence(q, s.t, s.eta0, es.value, m, steps);
      const paperRow = PAPER_ROW_OF[m];
      row.cells.push(paperRow ? { ...cell, paper: s.paper[paperRow] } : cell);
      onProgress?.(++done, total, `${m} t = ${s.t} eta0 = ${s.eta0}`);
    }
    rows.push(row);
  }
  return { table, seed, d: q.d, w0Norm: q.w0Norm, L: q.L, alpha: q.alpha, steps, metaC: PAPER_META_C, rows };
}

/** Table 1: converges or not for t ∈ {10, 20, 40, 80} at η₀ = 0.1. */
export function table1(options: ExperimentOptions = {}): ConvergenceTable {
  const P = PAPER_TABLE1;
  return convergenceTable(
    'table1',
    P.t.map((t, j) => ({ t, eta0: P.eta0, paper: Object.fromEntries(Object.entries(P.rows).map(([k, v]) => [k, v[j]])) })),
    options,
  );
}

/** Table 2: converges or not for η₀ ∈ {0.001, 0.01, 0.1, 1} at t = 40. */
export function table2(options: ExperimentOptions = {}): ConvergenceTable {
  const P = PAPER_TABLE2;
  return convergenceTable(
    'table2',
    P.eta0.map((eta0, j) => ({ t: P.t, eta0, paper: Object.fromEntries(Object.entries(P.rows).map(([k, v]) => [k, v[j]])) })),
    options,
  );
}

export interface Figure1 {
  seed: number;
  t: number;
  eta0: number;
  steps: number;
  etaStarText: string;
  etaStar: number;
  paperEtaStar: number;
  /** η₀ … η_K of stable64 (the paper's "Ours"). */
  stable64: number[];
  /** η₀ … η_K of backprop32 (the paper's "Tensorflow" curve). */
  backprop32: number[];
  /** Smallest k with |η_j − η*| ≤ 1e-3·η* for every j ≥ k (null: never). */
  settledAt: number | null;
  /** The same within 1e-2·η*. */
  settledAt1pc: number | null;
  converged: boolean;
  backprop32Stuck: boolean;
  backprop32NonFinite: number;
}

/** First k after which the trajectory stays within rel·η* of η* (null when it never does). */
export function settledAt(trajectory: readonly number[], etaStar: number, rel: number): number | null {
  let k = trajectory.length;
  while (k > 0 && Number.isFinite(trajectory[k - 1]) && Math.abs(trajectory[k - 1] - etaStar) <= rel * etaStar) k--;
  return k === trajectory.length ? null : k;
}

/** Figure 1: η over 1000 meta-steps at t = 80, η₀ = 0.1, stable64 beside backprop32. */
export function figure1(options: Pick<ExperimentOptions, 'seed' | 'steps'> & { t?: number; eta0?: number; withBackprop32?: boolean } = {}): Figure1 {
  const { seed = PAPER_SEED, steps = PAPER_FIG1.steps, t = PAPER_FIG1.t, eta0 = PAPER_FIG1.eta0, withBackprop32 = true } = options;
  const q = paperQuadratic(seed);
  const es = referenceEtaStar(q, t);
  const ours = runConvergence(q, t, eta0, es.value, 'stable64', steps);
  const tf = withBackprop32 ? runConvergence(q, t, eta0, es.value, 'backprop32', steps) : undefined;
  return {
    seed,
    t,
    eta0,
    steps,
    etaStarText: es.text,
    etaStar: es.value,
    paperEtaStar: PAPER_FIG1.etaStar,
    stable64: ours.trajectory,
    backprop32: tf?.trajectory ?? [],
    settledAt: settledAt(ours.trajectory, es.value, 1e-3),
    settledAt1pc: settledAt(ours.trajectory, es.value, 1e-2),
    converged: ours.converged,
    backprop32Stuck: tf?.stuck ?? false,
    backprop32NonFinite: tf?.nonFinite ?? 0,
  };
}

/** t on a log grid from lo to hi: `count` log-spaced values, rounded to integers, duplicates removed. */
export function logIntegerGrid(lo: number, hi: number, count: number): number[] {
  const out = new Set<number>();
  for (let i = 0; i < count; i++) out.add(Math.round(lo * Math.pow(hi / lo, count === 1 ? 0 : i / (count - 1))));
  return [...out].sort((a, b) => a - b);
}

export interface EtaVsTPoint {
  t: number;
  /** Decimal reference (≥ 12 digits); absent when only float64 was asked. */
  reference?: string;
  /** rtsafe in float64 on the scaled form. */
  rtsafe64: number;
  /** t·η* (rtsafe64). */
  tEtaStar: number;
}

export interface EtaVsT {
  seed: number;
  d: number;
  L: number;
  alpha: number;
  /** Claim 1's bracket [1/L, 1/α]. */
  bracket: [number, number];
  /**
   * 2/(L+α): the t → ∞ limit of η* (G(η) → 2 ln max(|1−ηα|, |1−ηL|) when c₁, c_d ≠ 0, minimised
   * where the two contractions balance).
   */
  limit: number;
  points: EtaVsTPoint[];
  /** Largest relative difference between rtsafe64 and the reference over the grid. */
  maxRelDiff64?: number;
}

/** η* against t (the ICLR text's Figure 2, "Optimal η* for different t"), t on a log grid 1..5000. */
export function etaVsT(options: Pick<ExperimentOptions, 'seed' | 'onProgress' | 'shouldStop'> & { ts?: number[]; reference?: boolean } = {}): EtaVsT {
  const { seed = PAPER_SEED, ts = logIntegerGrid(1, 5000, 25), reference = true, onProgress, shouldStop } = options;
  const q = paperQuadratic(seed);
  const q64 = Quadratic.fromNumbers(float64(), q.H, q.w0);
  const ref = reference ? new ReferenceQuadratic(q.HText, q.w0Text) : undefined;
  const points: EtaVsTPoint[] = [];
  let maxRelDiff64: number | undefined;
  for (const [i, t] of ts.entries()) {
    if (shouldStop?.()) break;
    const e64 = etaStarOf(q64, t);
    const p: EtaVsTPoint = { t, rtsafe64: e64, tEtaStar: t * e64 };
    if (ref) {
      const r = referenceEtaStar(q, t, ref);
      p.reference = r.text;
      const rel = Math.abs(e64 - r.value) / r.value;
      maxRelDiff64 = Math.max(maxRelDiff64 ?? 0, rel);
    }
    points.push(p);
    onProgress?.(i + 1, ts.length, `t = ${t}`);
  }
  return { seed, d: q.d, L: q.L, alpha: q.alpha, bracket: [1 / q.L, 1 / q.alpha], limit: 2 / (q.L + q.alpha), points, ...(maxRelDiff64 === undefined ? {} : { maxRelDiff64 }) };
}
