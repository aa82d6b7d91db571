import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  auditHtml,
  auditMarkdown,
  auditMetaGradient,
  loadTfjs,
  runAudit,
  THRESHOLDS,
  wishartCase,
  type AuditCase,
  type AuditResult,
} from '../src/audit/index.js';
import { isBroken } from '../src/audit/verdict.js';
import { InputError } from '../src/errors.js';

/**
 * The precision audit (src/audit): predicted vs observed breakdown, Corollary 1's slopes, the
 * project's promise for the scaled form, the TF.js peer, and users' meta-gradients that misbehave.
 * Thresholds come from THRESHOLDS (one table per arithmetic); every failure names the method,
 * the case, t and η.
 */
const WISHART = { seed: 7, index: 0, d: 6 };

let def: AuditResult;
let wish: AuditResult;
let dir: string;

beforeAll(async () => {
  // the default case on the default grid, every built-in column (TF.js up to t = 3000)
  def = await runAudit();
  // a seeded Wishart case (H = XXᵀ, X: d × 2d), float methods only
  wish = await runAudit({ cases: [wishartCase(WISHART)], methods: ['stable64', 'backprop64', 'backprop32'] });
  dir = mkdtempSync(join(tmpdir(), 'l2l-audit-'));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function where(c: AuditCase, etaIndex: number): string {
  return `case "${c.name}", η = ${c.eta[etaIndex].label} (${c.eta[etaIndex].value})`;
}

describe('breakdown: Theorem 3 rates predict where float backprop breaks', () => {
  for (const which of ['default', 'wishart'] as const) {
    for (const method of ['backprop64', 'backprop32'] as const) {
      it(`${method} on the ${which} case: predicted and observed within ${THRESHOLDS.breakdownGridSteps} step of the t grid`, () => {
        const c = (which === 'default' ? def : wish).cases[0];
        const rows = c.breakdown.filter((b) => b.method === method);
        expect(rows.length).toBe(c.eta.length);
        for (const b of rows) {
          expect(
            b.agree,
            `${method}, ${where(c, b.etaIndex)}${which === 'wishart' ? `, seed ${WISHART.seed}` : ''}: predicted t = ${b.predictedT} (${b.predictedBy}), observed grid t = ${b.observedGridT} (${b.observedStatus})`,
          ).toBe(true);
        }
        // the audit must actually see breakdowns, not agree vacuously
        expect(rows.filter((b) => b.observedGridT !== null).length).toBeGreaterThanOrEqual(3);
      });
    }
  }
});

describe('Corollary 1: slopes of the tape against the predicted rates', () => {
  for (const which of ['default', 'wishart'] as const) {
    it(`${which} case: every fitted slope within ${100 * THRESHOLDS.slopeRelativeTolerance}% of its predicted rate`, () => {
      const c = (which === 'default' ? def : wish).cases[0];
      expect(c.tape).not.toBeNull();
      let fitted = 0;
      for (const r of c.tape!.rows) {
        for (const fit of [r.max, r.min]) {
          if (fit.relativeError === null) continue;
          fitted++;
          expect(fit.relativeError, `${where(c, r.etaIndex)}: ${fit.family} fitted ${fit.observed} vs predicted ${fit.predicted} over t = ${fit.tUsed}`).toBeLessThanOrEqual(
            THRESHOLDS.slopeRelativeTolerance,
          );
        }
        // where F grows (η > 2/L, far from the edge) both extremes are in the asymptotic regime by t = 300
        if (r.sigma > 0.1) {
          expect(r.max.observed, `${where(c, r.etaIndex)}: no fit of the largest intermediate`).not.toBeNull();
          expect(r.min.observed, `${where(c, r.etaIndex)}: no fit of the smallest intermediate`).not.toBeNull();
          // the largest is F itself, growing as 2·log10 max|1−ηλ| per step (the paper's rate)
          expect(Math.abs(r.max.observed! - r.paperRate) / r.paperRate).toBeLessThanOrEqual(THRESHOLDS.slopeRelativeTolerance);
        }
      }
      expect(fitted).toBeGreaterThanOrEqual(6);
    });
  }
});

describe("stable64 keeps the project's promise", () => {
  for (const which of ['default', 'wishart'] as const) {
    it(`${which} case: ≥ ${THRESHOLDS.float64.stablePromise} digits at every audited point`, () => {
      const c = (which === 'default' ? def : wish).cases[0];
      for (const p of c.points) {
        const r = p.results.stable64;
        // a shortfall at an ill-conditioned point is reported with the promise the conditioning makes, never loosened here
        expect(
          r.digits,
          `stable64 (float64), ${where(c, p.etaIndex)}, t = ${p.t}: ${r.digits} digits; conditioning promises ${p.promised.float64} (reference agreed to ${p.reference.agreement})`,
        ).toBeGreaterThanOrEqual(THRESHOLDS.float64.stablePromise);
      }
      const s = c.summaries.find((x) => x.method === 'stable64')!;
      expect(s.belowPromise).toEqual([]);
      expect(s.verdict).toMatch(/every audited point/);
    });
  }
});

describe('the TensorFlow.js peer', () => {
  it('breaks where backprop32 breaks (same t grid step, t ≤ its cap)', () => {
    const c = def.cases[0];
    const tf = c.methods.find((m) => m.id === 'tfjs32')!;
    expect(tf.tMax).toBe(3000);
    const grid = c.t.filter((t) => t <= tf.tMax!);
    let broken = 0;
    c.eta.forEach((_, k) => {
      const row = c.points.filter((p) => p.etaIndex === k && grid.includes(p.t));
      const first = (m: string) => {
        const i = row.findIndex((p) => isBroken(p.results[m].status));
        return i < 0 ? grid.length : i;
      };
      const a = first('tfjs32');
      const b = first('backprop32');
      if (a < grid.length) broken++;
      expect(Math.abs(a - b), `tfjs32 vs backprop32 (float32), ${where(c, k)}: first broken t ${grid[a] ?? 'never'} vs ${grid[b] ?? 'never'}`).toBeLessThanOrEqual(
        THRESHOLDS.breakdownGridSteps,
      );
    });
    expect(broken).toBeGreaterThanOrEqual(3);
    // above the cap the column says it was not run
    expect(c.points.filter((p) => p.t > 3000).every((p) => p.results.tfjs32.status === 'notRun')).toBe(true);
    expect(def.notes.join(' ')).toMatch(/t ≤ 3000/);
  });

  it('agrees with backprop32 where both are fine, and leaks no tensors', async () => {
    const c = def.cases[0];
    for (const p of c.points.filter((q) => q.results.tfjs32.status === 'ok' && q.results.backprop32.status === 'ok' && q.promised.float32 >= 3)) {
      expect(p.results.tfjs32.digits, `tfjs32, ${where(c, p.etaIndex)}, t = ${p.t}`).toBeGreaterThanOrEqual(1);
    }
    const tf = await loadTfjs();
    const before = tf.numTensors();
    tf.metaGradient([[80, 0], [0, 1]], [0.6, 0.8], 0.1, 50);
    expect(tf.numTensors()).toBe(before);
    // DESIGN.md's check: float32 G' through 40 steps at η = 0.1 is 0, at 80 NaN
    expect(tf.metaGradient([[80, 0], [0, 1]], [0.6, 0.8], 0.1, 40)).toBe(0);
    expect(Number.isNaN(tf.metaGradient([[80, 0], [0, 1]], [0.6, 0.8], 0.1, 80))).toBe(true);
  });
});

describe("a user's meta-gradient", () => {
  const small = { t: [1, 10], eta: ['1/L', '10^2/L'], methods: ['stable64'] as const, tape: false };

  function write(name: string, body: string): string {
    const p = join(dir, name);
    writeFileSync(p, body);
    return p;
  }

  it('a correct module is audited beside the built-in methods', async () => {
    // forward mode in plain JS: right to ~15 digits while nothing overflows
    const path = write(
      'good.mjs',
      `export function metaGradient(eta, H, w0, t) {
        const d = w0.length; let w = w0.slice(), v = new Array(d).fill(0);
        const mv = (x) => H.map((r) => r.reduce((s, h, j) => s + h * x[j], 0));
        for (let k = 0; k < t; k++) { const g = mv(w), gv = mv(v); w = w.map((x, i) => x - eta * g[i]); v = v.map((x, i) => x - g[i] - eta * gv[i]); }
        const g = mv(w), gv = mv(v); let F = 0, dF = 0;
        for (let i = 0; i < d; i++) { F += 0.5 * w[i] * g[i]; dF += 0.5 * (v[i] * g[i] + w[i] * gv[i]); }
        return dF / (t * F);
      }`,
    );
    const r = await auditMetaGradient(path, { ...small, methods: [...small.methods] });
    const c = r.cases[0];
    expect(c.methods.map((m) => m.id)).toEqual(['stable64', 'module:good']);
    for (const p of c.points) expect(p.results['module:good'].digits, `module:good, ${where(c, p.etaIndex)}, t = ${p.t}`).toBeGreaterThanOrEqual(10);
  });

  it('one that throws, returns a string or loops forever is reported per point, and the audit completes', async () => {
    const throws = write('throws.mjs', `export function metaGradient() { throw new Error('boom'); }`);
    const string = write('string.mjs', `export default function (eta) { return String(eta); }`);
    const loops = write('loops.mjs', `export function metaGradient() { for (;;) {} }`);
    const r = await runAudit({
      ...small,
      methods: [...small.methods],
      users: [{ module: throws }, { module: string }, { module: loops }],
      timeoutMs: 400,
      maxTimeouts: 2,
    });
    const c = r.cases[0];
    const statuses = (id: string) => c.points.map((p) => p.results[id].status);
    expect(statuses('module:throws')).toEqual(['error', 'error', 'error', 'error']);
    expect(c.points[0].results['module:throws'].message).toMatch(/boom/);
    expect(statuses('module:string')).toEqual(['notNumber', 'notNumber', 'notNumber', 'notNumber']);
    expect(c.points[0].results['module:string'].message).toMatch(/string/);
    expect(statuses('module:loops')).toEqual(['timeout', 'timeout', 'skipped', 'skipped']);
    const verdicts = c.summaries.map((s) => s.verdict).join('\n');
    expect(verdicts).toMatch(/module:throws threw at 4 of 4 points/);
    expect(verdicts).toMatch(/module:loops timed out/);
    // the built-in column is unaffected
    expect(c.points.every((p) => p.results.stable64.status === 'ok')).toBe(true);
  });

  it('a function that never settles times out in-process; a missing module or export is an InputError', async () => {
    const r = await auditMetaGradient(() => new Promise<number>(() => {}), { ...small, methods: [...small.methods], name: 'stuck', timeoutMs: 200, maxTimeouts: 1 });
    expect(r.cases[0].points.map((p) => p.results['fn:stuck'].status)).toEqual(['timeout', 'skipped', 'skipped', 'skipped']);
    await expect(auditMetaGradient(join(dir, 'nope.mjs'), { ...small, methods: [...small.methods] })).rejects.toBeInstanceOf(InputError);
    const noExport = write('noexport.mjs', 'export const x = 1;');
    await expect(auditMetaGradient(noExport, { ...small, methods: [...small.methods] })).rejects.toThrow(/exports neither metaGradient nor a default function/);
  });
});

describe('writers and command line', () => {
  it('Markdown and HTML carry the verdicts, labelled charts with legends and captions', async () => {
    const md = auditMarkdown(def);
    for (const s of def.cases[0].summaries) expect(md).toContain(s.verdict);
    const html = await auditHtml(def);
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBe(2);
    expect(html).toContain('unroll length t (log scale)');
    expect(html).toContain('significant digits of G');
    expect(html).toContain('log10 |value or adjoint|');
    expect((html.match(/<figcaption>/g) ?? []).length).toBe(2);
    expect(svgs[0]).toContain('backprop32'); // legend
  });

  it('bad arguments exit 2 with one line', () => {
    for (const args of [['--eta', 'fast'], ['--module', join(dir, 'missing.mjs')], ['--t', '0']]) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'audit', '--no-tfjs', '--no-tape', '--out', join(dir, 'out'), ...args], { encoding: 'utf8' });
      expect(r.status, `audit ${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  });
});
