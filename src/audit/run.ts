import type { Decimal } from 'decimal.js';
import { float32, float64 } from '../arith/float.js';
import { decimalText } from '../arith/decimal.js';
import { InputError } from '../errors.js';
import { Quadratic } from '../quadratic/problem.js';
import { backprop, closedForm, forward, stable } from '../quadratic/methods.js';
import { ReferenceQuadratic, type ReferencePoint } from '../quadratic/reference.js';
import { significantDigits } from '../quadratic/digits.js';
import { promisedDigits, UNIT_ROUNDOFF } from '../quadratic/accuracy.js';
import { defaultCaseSpec, type AuditCaseSpec } from './cases.js';
import { DEFAULT_ETA_SPECS, DEFAULT_T_GRID, etaGrid } from './grid.js';
import { carryingFamilies, predictBreakdown, rateData, spectralData } from './predict.js';
import { tapeStudy } from './tape.js';
import { THRESHOLDS } from './thresholds.js';
import { loadTfjs, type TfjsPeer } from './tfjs.js';
import { functionRunner, moduleRunner, type MetaGradientFn, type UserRunner } from './userMethod.js';
import { isBroken, summarise } from './verdict.js';
import {
  BUILTIN_METHODS,
  type AuditCase,
  type AuditPoint,
  type AuditResult,
  type BreakdownRow,
  type BuiltinMethodId,
  type EtaPoint,
  type MethodInfo,
  type MethodPoint,
  type PointStatus,
} from './types.js';

/** A user's meta-gradient to audit beside the built-in methods: a function (run in-process) or a module path (run in a worker). */
export type UserMethodSpec = { name?: string; fn: MetaGradientFn } | { name?: string; module: string };

export interface AuditProgress {
  caseIndex: number;
  cases: number;
  phase: 'points' | 'tape';
  done: number;
  total: number;
}

/** Options of `runAudit`; every field documents its default. */
export interface AuditOptions {
  /** Quadratics to audit. Default: the built-in case (H = diag(80, 1), w₀ = (0.6, 0.8)). */
  cases?: AuditCaseSpec[];
  /** Unroll lengths. Default DEFAULT_T_GRID: 1, 3, 10, …, 10⁴. Integers ≥ 1, sorted and deduplicated. */
  t?: readonly number[];
  /** Step sizes as texts (see grid.ts parseEta: "0.1", "0.5/L", "10^-2/L", "2/(a+L)"). Default DEFAULT_ETA_SPECS. */
  eta?: readonly string[];
  /** Built-in columns. Default: all of BUILTIN_METHODS. */
  methods?: readonly BuiltinMethodId[];
  /** Largest t of the TF.js column (it costs ~0.3 ms per unrolled step). Default 3000. */
  tfjsMaxT?: number;
  /** Users' meta-gradients, audited as extra columns. Default none. */
  users?: UserMethodSpec[];
  /** Per call of a user's function, ms. Default 10 000. */
  timeoutMs?: number;
  /** Timeouts after which a user's column stops being called. Default 3. */
  maxTimeouts?: number;
  /** Run the Corollary 1 tape study. Default true. */
  tape?: boolean;
  /** Largest t of the tape study. Default 300. */
  tapeTMax?: number;
  /** Decimal precision of the tape study. Default 30. */
  tapePrecision?: number;
  /** Called as work progresses (the CLI draws a bar on stderr). */
  onProgress?: (p: AuditProgress) => void;
}

const DESCRIPTIONS: Record<BuiltinMethodId, string> = {
  closedForm64: 'Eqn 1 via the eigen-decomposition, float64',
  stable64: 'Eqn 2 scaled form (Claim 2), float64',
  backprop64: 'reverse mode through the unrolled loop (tape), float64',
  forward64: 'forward mode (dual numbers) through the unrolled loop, float64',
  backprop32: 'reverse mode through the unrolled loop, float32 (Math.fround at every op)',
  tfjs32: 'TensorFlow.js tf.grad through the unrolled loop, float32, CPU backend',
};

/**
 * The precision audit (issue 5 items 1-3): every method's digits of G'(η) against the
 * arbitrary-precision reference on a (t, η) grid, the predicted and observed breakdown in t, the
 * tape's extremes against t (Corollary 1) and a verdict per method. Plain data: see ./writers for
 * the JSON, Markdown and HTML views.
 */
export async function runAudit(options: AuditOptions = {}): Promise<AuditResult> {
  const started = performance.now();
  const {
    cases = [defaultCaseSpec()],
    t: tRaw = DEFAULT_T_GRID,
    eta: etaSpecs = DEFAULT_ETA_SPECS,
    methods = BUILTIN_METHODS,
    tfjsMaxT = 3000,
    users = [],
    timeoutMs = 10_000,
    maxTimeouts = 3,
    tape = true,
    tapeTMax = 300,
    tapePrecision = 30,
    onProgress,
  } = options;
  const tGrid = checkT(tRaw);
  for (const m of methods) if (!BUILTIN_METHODS.includes(m)) throw new InputError('--methods', `unknown method "${m}"; choose from ${BUILTIN_METHODS.join(', ')}`);
  if (!Number.isInteger(tfjsMaxT) || tfjsMaxT < 1) throw new InputError('--tfjs-max-t', `must be an integer >= 1, got ${tfjsMaxT}`);
  const notes: string[] = [];

  let tf: TfjsPeer | undefined;
  if (methods.includes('tfjs32')) {
    tf = await loadTfjs();
    notes.push(`TF.js column: ${tf.description}; run for t ≤ ${tfjsMaxT} only (about 0.3 ms per unrolled step on the CPU backend); larger t are marked "notRun".`);
    for (const m of tf.loadMessages) notes.push(`TF.js said while loading: ${m}`);
  }
  const runners: UserRunner[] = [];
  try {
    for (const u of users) {
      if ('fn' in u) runners.push(functionRunner(u.fn, u.name ?? (u.fn.name || 'metaGradient'), { timeoutMs, maxTimeouts }));
      else {
        const r = await moduleRunner(u.module, { timeoutMs, maxTimeouts });
        if (u.name) (r as { id: string }).id = `module:${u.name}`;
        runners.push(r);
      }
    }
    const ids = new Set<string>();
    for (const r of runners) {
      let id = r.id;
      for (let k = 2; ids.has(id); k++) id = `${r.id}#${k}`;
      ids.add(id);
      (r as { id: string }).id = id;
    }
    const out: AuditCase[] = [];
    for (let ci = 0; ci < cases.length; ci++) {
      out.push(await auditCase(cases[ci], { ...options, t: tGrid, eta: etaSpecs, methods, tfjsMaxT, tape, tapeTMax, tapePrecision }, tf, runners, (p) => onProgress?.({ ...p, caseIndex: ci, cases: cases.length })));
    }
    if (out.some((c) => c.methods.some((m) => m.kind === 'user' && m.id.startsWith('fn:')))) {
      notes.push('Functions passed to auditMetaGradient run in this thread: a promise that never settles is cut off by the timeout, a synchronous infinite loop is not (pass a module path to run it in a worker).');
    }
    return { tool: 'l2l-verify audit', version: 1, generated: new Date().toISOString(), thresholds: THRESHOLDS, cases: out, notes, seconds: (performance.now() - started) / 1000 };
  } finally {
    for (const r of runners) await r.close();
  }
}

function checkT(t: readonly number[]): number[] {
  if (t.length === 0) throw new InputError('--t', 'must list at least one unroll length');
  for (const x of t) if (!Number.isSafeInteger(x) || x < 1) throw new InputError('--t', `every t must be an integer >= 1, got ${x}`);
  return [...new Set(t)].sort((a, b) => a - b);
}

type Resolved = Required<Pick<AuditOptions, 'methods' | 'tfjsMaxT' | 'tape' | 'tapeTMax' | 'tapePrecision'>> & { t: number[]; eta: readonly string[] };

async function auditCase(
  spec: AuditCaseSpec,
  o: Resolved,
  tf: TfjsPeer | undefined,
  runners: UserRunner[],
  progress: (p: Omit<AuditProgress, 'caseIndex' | 'cases'>) => void,
): Promise<AuditCase> {
  const started = performance.now();
  const ref = new ReferenceQuadratic(spec.H, spec.w0);
  const consts = ref.refine((q) => q.constants(), { L: 15, alpha: 15, cMin: 15 }).values;
  const L = consts.L.value.toNumber();
  const alpha = consts.alpha.value.toNumber();
  const { points: eta, bad } = etaGrid(o.eta, L, alpha);
  if (bad !== null) throw new InputError('--eta', `cannot read "${bad}"; write a step size (0.1, 1e-3, 10^-2.5) or a multiple of 1/L or 1/(α+L) (0.5/L, 2/(a+L))`);

  const q64 = Quadratic.fromText(float64('ieee'), spec.H, spec.w0);
  const q64s = Quadratic.fromText(float64('strict'), spec.H, spec.w0);
  const q32 = Quadratic.fromText(float32('ieee'), spec.H, spec.w0);
  const q32s = Quadratic.fromText(float32('strict'), spec.H, spec.w0);
  const H64 = q64.H;
  const w064 = q64.w0;

  const methods: MethodInfo[] = o.methods.map((id) => ({
    id,
    description: id === 'tfjs32' && tf ? `${DESCRIPTIONS[id]} (${tf.description})` : DESCRIPTIONS[id],
    format: id.endsWith('32') ? 'float32' : 'float64',
    bits: id.endsWith('32') ? 24 : 53,
    kind: id === 'tfjs32' ? 'external' : 'builtin',
    tMax: id === 'tfjs32' ? Math.min(o.tfjsMaxT, o.t[o.t.length - 1]) : null,
    strict: id !== 'tfjs32',
  }));
  for (const r of runners) methods.push({ id: r.id, description: "a user's meta-gradient (number in, number out: float64)", format: 'float64', bits: 53, kind: 'user', tMax: null, strict: false });

  const floatRun: Partial<Record<BuiltinMethodId, (strict: boolean, e: EtaPoint, t: number) => number>> = {
    closedForm64: (s, e, t) => closedForm(s ? q64s : q64, e.value, t).dG,
    stable64: (s, e, t) => stable(s ? q64s : q64, e.value, t).dG,
    backprop64: (s, e, t) => backprop(s ? q64s : q64, e.value, t).dG,
    forward64: (s, e, t) => forward(s ? q64s : q64, e.value, t).dG,
    backprop32: (s, e, t) => {
      const q = s ? q32s : q32;
      return backprop(q, q.arith.fromString(e.text), t).dG;
    },
  };

  const total = eta.length * o.t.length;
  let done = 0;
  const points: AuditPoint[] = [];
  for (let k = 0; k < eta.length; k++) {
    const e = eta[k];
    for (const t of o.t) {
      const rp = ref.point(e.text, t);
      const results: Record<string, MethodPoint> = {};
      for (const m of methods) {
        const bits = m.bits;
        const run = floatRun[m.id as BuiltinMethodId];
        if (run) {
          const v = run(false, e, t);
          const vs = run(true, e, t);
          results[m.id] = grade(v, rp, bits, !Number.isFinite(vs));
        } else if (m.id === 'tfjs32' && tf) {
          if (t > (m.tMax ?? Infinity)) results[m.id] = notRun(`t > ${m.tMax}: the TF.js column is capped (--tfjs-max-t)`);
          else results[m.id] = grade(tf.metaGradient(H64, w064, e.value, t), rp, bits, null);
        }
      }
      for (const r of runners) {
        const c = await r.call(e.value, H64.map((row) => row.slice()), w064.slice(), t);
        if (c.status === 'ok') results[r.id] = grade(c.value as number, rp, 53, null);
        else results[r.id] = { status: c.status, value: null, digits: 0, bitsOfError: 53, finite: false, strictFlagged: null, message: c.message };
      }
      points.push({
        t,
        etaIndex: k,
        eta: e.value,
        reference: {
          dG: refText(rp.dG.value, rp.dG.digits),
          agreement: round2(Math.min(rp.dG.digits, 1e6)),
          precision: rp.dG.precision,
          S: decimalText(rp.S.toSignificantDigits(6)),
          F: refText(rp.F.value, rp.F.digits),
        },
        promised: {
          float64: round2(promisedDigits(q64, e.value, t, UNIT_ROUNDOFF.float64)),
          float32: round2(promisedDigits(q64, e.value, t, UNIT_ROUNDOFF.float32)),
        },
        results,
      });
      progress({ phase: 'points', done: ++done, total });
    }
  }

  const sp = spectralData(ref.at(ref.startPrecision), H64);
  const breakdown: BreakdownRow[] = [];
  for (const m of methods) {
    if (m.kind === 'user') continue;
    const grid = o.t.filter((t) => t <= (m.tMax ?? Infinity));
    eta.forEach((e, k) => {
      const r = rateData(sp, e.value);
      const pred = predictBreakdown(carryingFamilies(m.id, r), m.format, grid[grid.length - 1]);
      const predIdx = pred ? grid.findIndex((t) => t >= pred.t) : grid.length;
      const row = points.filter((p) => p.etaIndex === k && grid.includes(p.t));
      const obsIdx = row.findIndex((p) => isBroken(p.results[m.id].status));
      const strictIdx = row.findIndex((p) => p.results[m.id].strictFlagged === true);
      const oi = obsIdx < 0 ? grid.length : obsIdx;
      breakdown.push({
        method: m.id,
        etaIndex: k,
        eta: e.value,
        sigma: r.sigma,
        predictedT: pred ? pred.t : null,
        predictedGridT: predIdx < grid.length && predIdx >= 0 ? grid[predIdx] : null,
        predictedBy: pred ? pred.by : null,
        observedGridT: obsIdx < 0 ? null : row[obsIdx].t,
        observedStatus: obsIdx < 0 ? null : row[obsIdx].results[m.id].status,
        strictGridT: strictIdx < 0 ? null : row[strictIdx].t,
        agree: Math.abs(oi - predIdx) <= THRESHOLDS.breakdownGridSteps,
        steps: oi - predIdx,
      });
    });
  }

  let tapeResult: AuditCase['tape'] = null;
  if (o.tape) {
    const ts = o.t.filter((t) => t <= o.tapeTMax);
    const totalT = ts.length * eta.length;
    let tdone = 0;
    tapeResult = tapeStudy(spec.H, spec.w0, eta, sp, { t: ts, tMax: o.tapeTMax, precision: o.tapePrecision, onStep: () => progress({ phase: 'tape', done: ++tdone, total: totalT }) });
  }

  return {
    name: spec.name,
    source: spec.source,
    ...(spec.seed !== undefined ? { seed: spec.seed } : {}),
    ...(spec.index !== undefined ? { index: spec.index } : {}),
    d: spec.w0.length,
    L: decimalText(consts.L.value.toSignificantDigits(15)),
    alpha: decimalText(consts.alpha.value.toSignificantDigits(15)),
    cMin: decimalText(consts.cMin.value.toSignificantDigits(15)),
    H: spec.H.map((r) => r.slice()),
    w0: spec.w0.slice(),
    t: o.t,
    eta,
    methods,
    points,
    breakdown,
    tape: tapeResult,
    summaries: methods.map((m) => summarise(m, points, eta, o.t)),
    seconds: (performance.now() - started) / 1000,
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function refText(v: Decimal, digits: number): string {
  return decimalText(v.toSignificantDigits(Math.max(1, Math.min(30, Math.floor(digits)))));
}

function notRun(message: string): MethodPoint {
  return { status: 'notRun', value: null, digits: 0, bitsOfError: 0, finite: false, strictFlagged: null, message };
}

/** Digits against the reference relative to max(|G'|, S) (CLI.md), capped at what the reference itself agreed to. */
export function grade(v: number, rp: ReferencePoint, bits: number, strictFlagged: boolean | null): MethodPoint {
  const finite = Number.isFinite(v);
  const digits = finite ? Math.min(significantDigits(v, rp.dG.value, rp.S), rp.dG.digits) : 0;
  const status: PointStatus = !finite ? 'nonFinite' : digits < THRESHOLDS.brokenBelowDigits ? 'noDigits' : 'ok';
  return {
    status,
    value: float64().toString(v),
    digits: round2(digits),
    bitsOfError: round2(Math.max(0, bits - digits * Math.log2(10))),
    finite,
    strictFlagged,
  };
}
