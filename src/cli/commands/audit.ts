import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { join } from 'node:path';
import { InputError } from '../../errors.js';
import { checkInputFile, isExactNumber, readExactJson, type ExactJson } from '../../io/json.js';
import { parseQuadraticCase } from '../../quadratic/input.js';
import { runAudit, type AuditProgress, type UserMethodSpec } from '../../audit/run.js';
import { defaultCaseSpec, inputCaseSpec, wishartFamily, type AuditCaseSpec } from '../../audit/cases.js';
import { BUILTIN_METHODS, type AuditResult, type BuiltinMethodId } from '../../audit/types.js';
import { auditJson } from '../../audit/writers/json.js';
import { auditMarkdown } from '../../audit/writers/markdown.js';
import { auditHtml } from '../../audit/writers/html.js';
import { formatTable, printJson, validateOutputDir, writeFileAtomic } from '../output.js';
import { checkLimit, MAX_AUDIT_FAMILY, MAX_LIST, MAX_QUADRATIC_D, MAX_T, MAX_T_TIMES_D, type Limit } from '../../limits.js';

/**
 * `audit`: the precision audit of meta-gradients (issue 5 items 1-3; src/audit).
 *
 *   npx l2l-verify audit [--input case.json] [--seed S [--family N] [--d D]] [--t LIST] [--eta LIST]
 *                        [--methods LIST] [--module FILE] [--out DIR] [--json] [--no-tfjs]
 *
 * LIST is comma-separated. --eta takes absolute step sizes ("0.1", "1e-3", "10^-2.5") or
 * multiples of 1/L or 1/(α+L) ("0.5/L", "10^-3/L", "2/(a+L)"), L and α being the case's extreme
 * eigenvalues; default: 9 log-spaced points from 10⁻³/L to 10²/L, plus 1/L, 2/(α+L) and 2/L.
 * case.json's own "t" and "eta" are not used (the grid comes from --t and --eta).
 * Writes audit.json, audit.md and audit.html into --out (default report/audit), each atomically.
 */
interface AuditFlags {
  input?: string;
  seed?: string;
  family?: string;
  d?: string;
  t?: string;
  eta?: string;
  methods?: string;
  module?: string;
  out: string;
  json?: boolean;
  tfjs: boolean;
  tfjsMaxT?: string;
  timeout?: string;
  tape: boolean;
  tapeTMax?: string;
  progress?: boolean;
}

function list(flag: string, raw: string): string[] {
  // count the commas before splitting: a list of millions is refused before it is built
  let count = 1;
  for (let i = 0; i < raw.length && count <= MAX_LIST.max; i++) if (raw.charCodeAt(i) === 44) count++;
  checkLimit(flag, count, MAX_LIST, 'the list length');
  const items = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new InputError(flag, 'must be a non-empty comma-separated list');
  return items;
}

function integer(flag: string, raw: string, min: number, limit?: Limit): number {
  const x = Number(raw);
  if (!/^\s*\d+\s*$/.test(raw) || !Number.isSafeInteger(x) || x < min) throw new InputError(flag, `must be an integer >= ${min}, got "${raw}"`);
  if (limit) checkLimit(flag, x, limit);
  return x;
}

const METHOD_ALIASES: Record<string, BuiltinMethodId> = { tfjs: 'tfjs32', tensorflow: 'tfjs32' };

function readCase(path: string): AuditCaseSpec {
  const json = readExactJson(path);
  // t and eta of case.json are not the audit's grid: give parseQuadraticCase a t when it has none
  const obj = json && typeof json === 'object' && !Array.isArray(json) && !isExactNumber(json) ? Object.assign(Object.create(null), json) as Record<string, ExactJson> : json;
  if (obj && typeof obj === 'object' && !Array.isArray(obj) && !isExactNumber(obj) && (obj as Record<string, ExactJson>).t === undefined) {
    (obj as Record<string, ExactJson>).t = { text: '1' };
  }
  const c = parseQuadraticCase(obj as ExactJson, { requireEta: false });
  return inputCaseSpec(c, `input ${path}`);
}

function progressReporter(enabled: boolean) {
  if (!enabled) {
    let last = '';
    return {
      update(p: AuditProgress) {
        const key = `${p.caseIndex}:${p.phase}`;
        if (key !== last) {
          last = key;
          process.stderr.write(`audit: case ${p.caseIndex + 1}/${p.cases}, ${p.phase === 'points' ? 'methods at every (t, η)' : 'Corollary 1 tape (decimal)'}\n`);
        }
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'audit {phase} [{bar}] {value}/{total} | {duration_formatted}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let key = '';
  let started = false;
  return {
    update(p: AuditProgress) {
      const k = `${p.caseIndex}:${p.phase}`;
      const phase = `case ${p.caseIndex + 1}/${p.cases} ${p.phase === 'points' ? 'points' : 'tape'}`;
      if (k !== key) {
        if (started) bar.stop();
        bar.start(p.total, 0, { phase });
        started = true;
        key = k;
      }
      bar.update(p.done, { phase });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

export function summaryText(result: AuditResult): string {
  const parts: string[] = [];
  for (const c of result.cases) {
    parts.push(`${c.name}: d = ${c.d}, L = ${c.L}, alpha = ${c.alpha}; ${c.points.length} points (t up to ${c.t[c.t.length - 1]}, ${c.eta.length} step sizes), ${c.seconds.toFixed(1)} s`);
    const rows = c.summaries.map((s) => {
      const b = c.breakdown.filter((r) => r.method === s.method && (r.predictedT !== null || r.observedGridT !== null));
      return [
        s.method,
        String(s.pointsAudited),
        String(s.pointsBroken),
        s.minDigits === null ? '-' : s.minDigits.toFixed(1),
        b.length === 0 ? '-' : `${b.filter((r) => r.agree).length}/${b.length}`,
      ];
    });
    parts.push(formatTable(['method', 'points', 'broken', 'min digits', 'breakdown predicted = observed (±1 t step)'], rows));
    if (c.tape) {
      const fitted = c.tape.rows.flatMap((r) => [r.max.relativeError, r.min.relativeError]).filter((x): x is number => x !== null);
      parts.push(
        `Corollary 1 tape (t <= ${c.tape.t[c.tape.t.length - 1]}): ${fitted.length} fitted slopes, largest relative error ${fitted.length ? `${(100 * Math.max(...fitted)).toPrecision(2)}%` : '-'} against the predicted rates`,
      );
    }
    parts.push('', ...c.summaries.map((s) => `- ${s.verdict}`), '');
  }
  for (const n of result.notes) parts.push(`note: ${n}`);
  return parts.join('\n');
}

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description("precision audit of G'(eta): every method's digits against the reference on a (t, eta) grid, predicted vs observed breakdown, Corollary 1's tape slopes")
    .option('--input <file>', 'case.json with H and w0 (its t and eta are not used); default: the built-in case H = diag(80, 1), w0 = (0.6, 0.8)')
    .option('--seed <S>', 'audit a seeded family of Wishart cases H = XX^T (X: d x 2d Gaussian), w0 uniform on the sphere')
    .option('--family <N>', 'number of seeded cases (default 1)')
    .option('--d <D>', 'dimension of the seeded cases (default 20)')
    .option('--t <LIST>', 'unroll lengths (default 1,3,10,30,100,300,1000,3000,10000)')
    .option('--eta <LIST>', 'step sizes: absolute (0.1, 1e-3, 10^-2.5) or relative (0.5/L, 10^-3/L, 2/(a+L)); default 9 log-spaced from 10^-3/L to 10^2/L plus 1/L, 2/(a+L), 2/L')
    .option('--methods <LIST>', `built-in methods (default all: ${BUILTIN_METHODS.join(',')})`)
    .option('--module <file>', 'audit your own meta-gradient: an ES module exporting metaGradient(eta, H, w0, t) (or a default function)')
    .option('--timeout <ms>', 'per call of --module, in ms (default 10000)')
    .option('--no-tfjs', 'leave out the TensorFlow.js column')
    .option('--tfjs-max-t <N>', 'largest t of the TensorFlow.js column (default 3000)')
    .option('--no-tape', 'leave out the Corollary 1 tape study')
    .option('--tape-t-max <N>', 'largest t of the tape study, run in decimal (default 300)')
    .option('--out <dir>', 'output directory', join('report', 'audit'))
    .option('--json', 'print the audit as one JSON document on stdout')
    .option('--progress', 'force a progress bar on stderr (default: when stderr is a terminal)')
    .action(async (opts: AuditFlags) => {
      // where the results go is checked before the work (issue 9 item 4)
      validateOutputDir('--out', opts.out);
      const cases: AuditCaseSpec[] = [];
      if (opts.input !== undefined) cases.push(readCase(opts.input));
      if (opts.seed !== undefined) {
        if (!/^-?\d+$/.test(opts.seed.trim()) || !Number.isSafeInteger(Number(opts.seed))) throw new InputError('--seed', `must be an integer, got "${opts.seed}"`);
        const n = opts.family === undefined ? 1 : integer('--family', opts.family, 1, MAX_AUDIT_FAMILY);
        const d = opts.d === undefined ? 20 : integer('--d', opts.d, 1, MAX_QUADRATIC_D);
        cases.push(...wishartFamily(Number(opts.seed), n, d));
      } else if (opts.family !== undefined || opts.d !== undefined) {
        throw new InputError(opts.family !== undefined ? '--family' : '--d', 'needs --seed S (the family is sampled from that seed)');
      }
      if (cases.length === 0) cases.push(defaultCaseSpec());

      const t = opts.t === undefined ? undefined : list('--t', opts.t).map((x) => integer('--t', x, 1, MAX_T));
      const dMax = Math.max(...cases.map((c) => c.H.length));
      for (const x of t ?? []) checkLimit('--t', x * dMax, MAX_T_TIMES_D, 't*d');
      const eta = opts.eta === undefined ? undefined : list('--eta', opts.eta);
      let methods: BuiltinMethodId[] = opts.methods === undefined ? [...BUILTIN_METHODS] : list('--methods', opts.methods).map((m) => (METHOD_ALIASES[m] ?? m) as BuiltinMethodId);
      for (const m of methods) if (!BUILTIN_METHODS.includes(m)) throw new InputError('--methods', `unknown method "${m}"; choose from ${BUILTIN_METHODS.join(', ')}`);
      if (!opts.tfjs) methods = methods.filter((m) => m !== 'tfjs32');
      if (opts.module !== undefined) checkInputFile(opts.module, '--module');
      const users: UserMethodSpec[] = opts.module === undefined ? [] : [{ module: opts.module }];
      const timeoutMs = opts.timeout === undefined ? undefined : integer('--timeout', opts.timeout, 1);
      const tfjsMaxT = opts.tfjsMaxT === undefined ? undefined : integer('--tfjs-max-t', opts.tfjsMaxT, 1, MAX_T);
      const tapeTMax = opts.tapeTMax === undefined ? undefined : integer('--tape-t-max', opts.tapeTMax, 1, MAX_T);

      const bar = progressReporter(Boolean(opts.progress || process.stderr.isTTY));
      let result: AuditResult;
      try {
        result = await runAudit({ cases, t, eta, methods, users, timeoutMs, tfjsMaxT, tape: opts.tape, tapeTMax, onProgress: (p) => bar.update(p) });
      } finally {
        bar.stop();
      }
      const files = { json: join(opts.out, 'audit.json'), md: join(opts.out, 'audit.md'), html: join(opts.out, 'audit.html') };
      writeFileAtomic(files.json, auditJson(result));
      writeFileAtomic(files.md, auditMarkdown(result));
      writeFileAtomic(files.html, await auditHtml(result));
      process.stderr.write(`audit: wrote ${files.json}, ${files.md} and ${files.html} (${result.seconds.toFixed(1)} s)\n`);
      if (opts.json) printJson(result);
      else process.stdout.write(`${summaryText(result)}\n`);
    });
}
