import { formatTable } from '../io/output.js';
import type { Ledger, LedgerEntry } from './ledger.js';

/**
 * Writers of the ledger (plain data in, text out).
 *
 * JSON: CLI.md's `{"claims": [{"id", "status", "runs", ...}]}` extended (issue 3) with `source`,
 * `statement`, `control`, `expected`, `seed`, `path`, `counterexample`, `tightness`; those keys are
 * always present (null when they do not apply). Also: `controlOf`, `detail`, `error`, `ms`,
 * `counterexampleFrom` ("search" | "fixture"), `mismatch` per claim, and at top level `seed`,
 * `runsOverride`, `runsScale`, `only`, `interrupted`, `notRun` (ids not run after Ctrl-C), `summary`.
 * Numbers that are not finite (and bigints) inside a counterexample travel as strings
 * ("NaN", "Infinity", "-Infinity"), so the document is valid JSON and nothing is silently null.
 */

export interface LedgerClaimJson {
  id: string;
  status: LedgerEntry['status'];
  runs: number;
  source: string;
  statement: string;
  control: boolean;
  controlOf: string | null;
  expected: LedgerEntry['expected'];
  mismatch: boolean;
  seed: number;
  path: string | null;
  counterexample: unknown;
  counterexampleFrom: 'search' | 'fixture' | null;
  tightness: number | null;
  detail: string | null;
  error: string | null;
  ms: number;
}

export interface LedgerJson {
  claims: LedgerClaimJson[];
  seed: number;
  runsOverride: number | null;
  runsScale: number;
  only: string | null;
  interrupted: boolean;
  notRun: string[];
  summary: Ledger['summary'];
  ms: number;
}

/** JSON-safe copy: non-finite numbers and bigints become strings, typed arrays/Sets become arrays, Maps objects. */
export function jsonSafe(v: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (typeof v === 'bigint') return v.toString();
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return null;
  if (v === null || typeof v !== 'object') return v;
  if (seen.has(v)) return '[circular]';
  seen.add(v);
  try {
    const withToJson = v as { toJSON?: () => unknown };
    if (typeof withToJson.toJSON === 'function') return jsonSafe(withToJson.toJSON(), seen);
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number | bigint>, (x) => jsonSafe(x, seen));
    if (Array.isArray(v)) return v.map((x) => jsonSafe(x, seen));
    if (v instanceof Set) return [...v].map((x) => jsonSafe(x, seen));
    if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), jsonSafe(x, seen)]));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonSafe(x, seen)]));
  } finally {
    seen.delete(v);
  }
}

export function ledgerClaimJson(e: LedgerEntry): LedgerClaimJson {
  return {
    id: e.id,
    status: e.status,
    runs: e.runs,
    source: e.source,
    statement: e.statement,
    control: e.control,
    controlOf: e.controlOf ?? null,
    expected: e.expected,
    mismatch: e.mismatch,
    seed: e.seed,
    path: e.path ?? null,
    counterexample: e.counterexample === undefined ? null : jsonSafe(e.counterexample),
    counterexampleFrom: e.counterexampleFrom ?? null,
    tightness: e.tightness !== undefined && Number.isFinite(e.tightness) ? e.tightness : null,
    detail: e.detail ?? null,
    error: e.error ?? null,
    ms: Math.round(e.ms),
  };
}

export function ledgerToJson(ledger: Ledger): LedgerJson {
  return {
    claims: ledger.claims.map(ledgerClaimJson),
    seed: ledger.seed,
    runsOverride: ledger.runsOverride ?? null,
    runsScale: ledger.runsScale,
    only: ledger.only ?? null,
    interrupted: ledger.interrupted,
    notRun: ledger.notRun,
    summary: ledger.summary,
    ms: Math.round(ledger.ms),
  };
}

/** The JSON document as text (what `claims --json` prints and `--out` writes). */
export function ledgerJsonText(ledger: Ledger): string {
  return `${JSON.stringify(ledgerToJson(ledger), null, 2)}\n`;
}

function formatTightness(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '-';
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? x.toExponential(2) : String(Number(x.toPrecision(3)));
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * The table for people: id, verdict, expected, runs, tightness, time; a verdict that differs from
 * its expected verdict is marked `*`. Below it: how to replay each falsified claim, each error,
 * the claims not run, and a summary line.
 */
export function formatLedgerTable(ledger: Ledger): string {
  const rows = ledger.claims.map((e) => [
    e.control ? `${e.id} (control)` : e.id,
    e.mismatch ? `${e.status} *` : e.status,
    e.expected,
    String(e.runs),
    formatTightness(e.tightness),
    formatMs(e.ms),
  ]);
  for (const id of ledger.notRun) rows.push([id, 'not run', '-', '-', '-', '-']);
  const lines = [formatTable(['id', 'verdict', 'expected', 'runs', 'tightness', 'time'], rows)];
  if (ledger.claims.some((e) => e.mismatch)) lines.push('', '* verdict differs from the expected verdict');
  const falsified = ledger.claims.filter((e) => e.status === 'falsified');
  if (falsified.length > 0) {
    lines.push('', 'falsified (replay one: npx l2l-verify claims --only <id> --seed <seed> --path <path>):');
    for (const e of falsified) {
      const how = e.counterexampleFrom === 'fixture' ? 'the claim\'s literal fixture' : `--seed ${e.seed} --path ${e.path ?? ''}`;
      lines.push(`  ${e.id}: ${how}${e.detail ? `\n    ${e.detail}` : ''}`);
    }
  }
  const errors = ledger.claims.filter((e) => e.status === 'error');
  if (errors.length > 0) {
    lines.push('', 'errors:');
    for (const e of errors) lines.push(`  ${e.id}: ${e.error ?? 'unknown error'}${e.path ? ` (seed ${e.seed}, path "${e.path}")` : ''}`);
  }
  if (ledger.interrupted) lines.push('', `interrupted: ${ledger.notRun.length} claim(s) not run`);
  const s = ledger.summary;
  lines.push(
    '',
    `${ledger.claims.length} of ${s.total} claims run in ${formatMs(ledger.ms)} (seed ${ledger.seed}` +
      `${ledger.runsOverride !== undefined ? `, ${ledger.runsOverride} runs each` : ledger.runsScale !== 1 ? `, runs x${ledger.runsScale}` : ''}): ` +
      `${s.held} held, ${s.falsified} falsified, ${s.error} error; ${s.mismatches} differ from expected; ${s.controls} controls`,
  );
  return `${lines.join('\n')}\n`;
}
