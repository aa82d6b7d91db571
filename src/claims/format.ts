import { formatTable } from '../io/output.js';
import type { Ledger, LedgerEntry } from './ledger.js';

import { jsonSafe } from './json.js';
import type { ClaimClass, FrontierPoint, FrontierScale } from './types.js';

export { jsonSafe } from './json.js';

/**
 * Writers of the ledger (plain data in, text out).
 *
 * JSON: CLI.md's `claims` document. Every entry has every CLI.md key — `id`, `status`, `expected`,
 * `control`, `controlOf`, `cases`, `failureRateUpper95`, `class`, `constants`, `frontier`,
 * `foundBy`, `foundAtRun`, `seed`, `path`, `counterexample`, `tightness` — null where it does not
 * apply, and beside them `source`, `statement`, `mismatch`, `runs` (= cases, the older name),
 * `detail`, `error`, `ms`. At top level: `seed`, `runsOverride`, `runsScale`, `only`, `shard`
 * (`{index, count, ids}` for `--shard I/N`, else null), `frontierScale`, `interrupted`, `notRun`
 * (ids not run after Ctrl-C), `summary` (a count per verdict kind), `ms`.
 * Numbers that are not finite (and bigints) inside a counterexample travel as strings
 * ("NaN", "Infinity", "-Infinity"), so the document is valid JSON and nothing is silently null.
 */

export interface LedgerClaimJson {
  id: string;
  status: LedgerEntry['status'];
  expected: LedgerEntry['expected'];
  control: boolean;
  controlOf: string | null;
  cases: number;
  failureRateUpper95: number | null;
  class: ClaimClass | null;
  constants: Record<string, unknown> | null;
  frontier: FrontierPoint[] | null;
  foundBy: 'search' | 'fixture' | null;
  foundAtRun: number | null;
  seed: number;
  path: string | null;
  counterexample: unknown;
  tightness: number | null;
  source: string;
  statement: string;
  mismatch: boolean;
  runs: number;
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
  shard: { index: number; count: number; ids: string[] } | null;
  frontierScale: FrontierScale | null;
  interrupted: boolean;
  notRun: string[];
  summary: Ledger['summary'];
  ms: number;
}

export function ledgerClaimJson(e: LedgerEntry): LedgerClaimJson {
  return {
    id: e.id,
    status: e.status,
    expected: e.expected,
    control: e.control,
    controlOf: e.controlOf ?? null,
    cases: e.cases,
    failureRateUpper95: e.failureRateUpper95 ?? null,
    class: (jsonSafe(e.class ?? null) as ClaimClass | null),
    constants: (jsonSafe(e.constants ?? null) as Record<string, unknown> | null),
    frontier: e.frontier === undefined ? null : (jsonSafe(e.frontier) as FrontierPoint[]),
    foundBy: e.status === 'falsified' ? (e.foundBy ?? null) : null,
    foundAtRun: e.status === 'falsified' ? (e.foundAtRun ?? null) : null,
    seed: e.seed,
    path: e.path ?? null,
    counterexample: e.counterexample === undefined ? null : jsonSafe(e.counterexample),
    tightness: e.tightness !== undefined && Number.isFinite(e.tightness) ? e.tightness : null,
    source: e.source,
    statement: e.statement,
    mismatch: e.mismatch,
    runs: e.cases,
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
    shard: ledger.shard ?? null,
    frontierScale: ledger.frontierScale ?? null,
    interrupted: ledger.interrupted,
    notRun: ledger.notRun,
    summary: ledger.summary,
    ms: Math.round(ledger.ms),
  };
}

/** The JSON document as text (what `claims --json` prints and `--out` writes). */
export function ledgerJsonText(ledger: Ledger): string {
  return ledgerDocText(ledgerToJson(ledger));
}

/** A ledger document as text (also `merge`'s output). */
export function ledgerDocText(doc: LedgerJson): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
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

function formatRate(x: number | null | undefined): string {
  if (x === null || x === undefined) return '-';
  return `${Number((x * 100).toPrecision(2))}%`;
}

function formatFoundBy(e: LedgerEntry): string {
  if (e.status !== 'falsified') return '-';
  if (e.foundBy === 'search') return e.foundAtRun !== undefined ? `search@${e.foundAtRun}` : 'search';
  return e.foundBy ?? '-';
}

/** "3 certified, 20 held, 0 witnessed, 12 falsified, 0 undecided, 0 error". */
export function formatVerdictCounts(s: Ledger['summary']): string {
  return (['certified', 'held', 'witnessed', 'falsified', 'undecided', 'error'] as const).map((k) => `${s[k]} ${k}`).join(', ');
}

/**
 * The table for people: id, status, expected, cases, the 95% failure-rate bound of a held claim,
 * who found a falsified claim's counterexample (search@run or fixture), tightness, time; a status
 * that differs from its expected verdict is marked `*`. Below it: how to replay each falsified
 * claim, each error, the claims not run, and a summary line counting each verdict kind.
 */
export function formatLedgerTable(ledger: Ledger): string {
  const rows = ledger.claims.map((e) => [
    e.control ? `${e.id} (control)` : e.id,
    e.mismatch ? `${e.status} *` : e.status,
    e.expected,
    String(e.cases),
    formatRate(e.failureRateUpper95),
    formatFoundBy(e),
    formatTightness(e.tightness),
    formatMs(e.ms),
  ]);
  for (const id of ledger.notRun) rows.push([id, 'not run', '-', '-', '-', '-', '-', '-']);
  const lines = [formatTable(['id', 'status', 'expected', 'cases', 'fail<=95%', 'foundBy', 'tightness', 'time'], rows)];
  if (ledger.claims.some((e) => e.mismatch)) lines.push('', '* status differs from the expected verdict');
  const falsified = ledger.claims.filter((e) => e.status === 'falsified');
  if (falsified.length > 0) {
    lines.push('', 'falsified (replay one: npx l2l-verify claims --only <id> --seed <seed> --path <path>):');
    for (const e of falsified) {
      const how = e.foundBy === 'fixture' ? "only the claim's literal fixture (the search found nothing)" : `--seed ${e.seed} --path ${e.path ?? ''}`;
      lines.push(`  ${e.id}: ${how}${e.detail ? `\n    ${e.detail}` : ''}`);
    }
  }
  const errors = ledger.claims.filter((e) => e.error !== undefined);
  if (errors.length > 0) {
    lines.push('', 'errors:');
    for (const e of errors) lines.push(`  ${e.id}: ${e.error}${e.path ? ` (seed ${e.seed}, path "${e.path}")` : ''}`);
  }
  const frontiers = ledger.claims.filter((e) => e.frontier !== undefined);
  for (const e of frontiers) {
    lines.push('', `frontier of ${e.id} (${ledger.frontierScale ?? 'quick'} grid): ${e.frontier!.length} points`);
    const names = [...new Set(e.frontier!.flatMap((p) => Object.keys(p.holds)))];
    const at = [...new Set(e.frontier!.flatMap((p) => Object.keys(p.at)))];
    const cell = (b: boolean | null | undefined) => (b === true ? 'holds' : b === false ? 'fails' : '?');
    lines.push(formatTable([...at, ...names], e.frontier!.map((p) => [...at.map((k) => String(p.at[k] ?? '')), ...names.map((n) => cell(p.holds[n]))])));
  }
  if (ledger.interrupted) lines.push('', `interrupted: ${ledger.notRun.length} claim(s) not run`);
  const s = ledger.summary;
  lines.push(
    '',
    `${ledger.claims.length} of ${s.total} claims run in ${formatMs(ledger.ms)} (seed ${ledger.seed}` +
      `${ledger.runsOverride !== undefined ? `, ${ledger.runsOverride} runs each` : ledger.runsScale !== 1 ? `, runs x${ledger.runsScale}` : ''}` +
      `${ledger.shard ? `, shard ${ledger.shard.index}/${ledger.shard.count}` : ''}): ` +
      `${formatVerdictCounts(s)}; ${s.mismatches} differ from expected; ${s.controls} controls`,
  );
  return `${lines.join('\n')}\n`;
}
