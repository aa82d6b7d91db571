import type { AuditResult } from '../audit/types.js';
import type { Ledger } from '../claims/ledger.js';
import type { FoundBy, Verdict } from '../claims/types.js';
import { InputError } from '../errors.js';

/**
 * What the CI gate remembers of a run: every claim's status, who found each falsified claim's
 * counterexample, and every audited digit count, keyed so that a reader of the diff knows where to
 * look. Plain data, committed as JSON.
 *
 * Version 2 adds `foundBy` (issue 8 item 7). A version-1 baseline (no `foundBy`) still loads: the
 * statuses and digits are compared as before, and the notes say that `foundBy` cannot be checked
 * until the baseline is regenerated.
 */
export interface GateBaseline {
  tool: 'l2l-verify gate';
  version: 1 | 2;
  ledgerSeed: number;
  /** claim id → status (certified, held, witnessed, falsified, undecided, error) */
  verdicts: Record<string, string>;
  /** falsified claim id → "search" | "fixture" (absent in a version-1 baseline) */
  foundBy?: Record<string, FoundBy>;
  /** "case | method | t=… | η=…" → significant digits (one decimal) */
  digits: Record<string, number>;
}

export const BASELINE_VERSION = 2;

const VERDICTS: readonly Verdict[] = ['certified', 'held', 'witnessed', 'falsified', 'undecided', 'error'];

/** `ledger`: a ledger run, or any list of (id, status, foundBy) with the seed they ran with. */
export function baselineOf(ledger: Pick<Ledger, 'seed'> & { claims: ReadonlyArray<Pick<Ledger['claims'][number], 'id' | 'status' | 'foundBy'>> }, audit: AuditResult): GateBaseline {
  const verdicts: Record<string, string> = {};
  const foundBy: Record<string, FoundBy> = {};
  for (const c of ledger.claims) {
    verdicts[c.id] = c.status;
    if (c.status === 'falsified' && c.foundBy) foundBy[c.id] = c.foundBy;
  }
  const digits: Record<string, number> = {};
  for (const c of audit.cases) {
    for (const p of c.points) {
      for (const [method, r] of Object.entries(p.results)) {
        if (r.status === 'notRun' || r.status === 'skipped') continue;
        digits[`${c.name} | ${method} | t=${p.t} | eta=${c.eta[p.etaIndex].label}`] = Math.round(r.digits * 10) / 10;
      }
    }
  }
  return { tool: 'l2l-verify gate', version: BASELINE_VERSION as 2, ledgerSeed: ledger.seed, verdicts, foundBy, digits };
}

export interface GateDiff {
  ok: boolean;
  /** One line per change that fails the gate. */
  failures: string[];
  /** Changes that do not fail it (new claims or points, digits gained, drops of at most one digit). */
  notes: string[];
}

/**
 * How much a status says about a true claim: certified (proved over the whole range) > held or
 * witnessed (sampled) > undecided. Falsified and error are not on this scale.
 */
const STRENGTH: Partial<Record<string, number>> = { certified: 3, held: 2, witnessed: 2, undecided: 1 };

function describeChange(was: string, now: string): string {
  const a = STRENGTH[was];
  const b = STRENGTH[now];
  if (a !== undefined && b !== undefined && b < a) return `weakened ${was} -> ${now}`;
  if (a !== undefined && b !== undefined && b > a) return `strengthened ${was} -> ${now} (if intended, record it with --update)`;
  return `verdict ${was} -> ${now}`;
}

/**
 * The gate's rule (issues 5 and 8): fail when a status changes (a weakening such as certified ->
 * held or held -> undecided is named as one; a strengthening also fails until the baseline records
 * it, so that a later fall back cannot pass unseen), when a claim disappears, when a finding the
 * search found is now shown only by the claim's literal fixture (the search stopped finding it), or
 * when an audited digit count drops by more than one; everything else is reported but passes.
 */
export function compareBaselines(baseline: GateBaseline, current: GateBaseline, maxDigitDrop = 1): GateDiff {
  const failures: string[] = [];
  const notes: string[] = [];
  for (const [id, was] of Object.entries(baseline.verdicts)) {
    const now = current.verdicts[id];
    if (now === undefined) failures.push(`claim ${id}: was ${was}, now missing`);
    else if (now !== was) failures.push(`claim ${id}: ${describeChange(was, now)}`);
    else if (now === 'falsified' && baseline.foundBy) {
      const by = baseline.foundBy[id];
      const nowBy = current.foundBy?.[id];
      if (by === 'search' && nowBy === 'fixture') failures.push(`claim ${id}: falsified by the search before, now only by its literal fixture (the search stopped finding it)`);
      else if (by === 'fixture' && nowBy === 'search') notes.push(`claim ${id}: now found by the search (was only by its fixture)`);
    }
  }
  if (!baseline.foundBy) notes.push('the baseline records no foundBy (version 1): a finding the search stopped finding cannot be seen; regenerate it with --update');
  for (const id of Object.keys(current.verdicts)) if (!(id in baseline.verdicts)) notes.push(`claim ${id}: new (${current.verdicts[id]}${current.foundBy?.[id] ? `, found by ${current.foundBy[id]}` : ''})`);
  let gained = 0;
  for (const [key, was] of Object.entries(baseline.digits)) {
    const now = current.digits[key];
    if (now === undefined) failures.push(`audit ${key}: was ${was} digits, now not audited`);
    else if (now < was - maxDigitDrop) failures.push(`audit ${key}: ${was} -> ${now} digits (dropped ${(was - now).toFixed(1)})`);
    else if (now < was) notes.push(`audit ${key}: ${was} -> ${now} digits (within ${maxDigitDrop})`);
    else if (now > was) gained++;
  }
  for (const key of Object.keys(current.digits)) if (!(key in baseline.digits)) notes.push(`audit ${key}: new (${current.digits[key]} digits)`);
  if (gained) notes.push(`${gained} audited points gained digits`);
  return { ok: failures.length === 0, failures, notes };
}

/** Line and column of the first `//` or `/*` outside a JSON string, if any. */
function findComment(text: string): { line: number } | undefined {
  let inString = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) return { line };
  }
  return undefined;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

/**
 * Parse and check a baseline file's text; every problem is one InputError line on `--baseline`
 * naming the file and the field (a bad `ledgerSeed` is the baseline's, not a flag's).
 */
export function parseBaseline(text: string, path: string): GateBaseline {
  const bad = (what: string) => new InputError('--baseline', `"${path}" ${what}; regenerate it with --update`);
  if (text.charCodeAt(0) === 0xfeff) throw bad('starts with a byte-order mark (save it as plain UTF-8)');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const comment = findComment(text);
    if (comment) throw bad(`has a comment on line ${comment.line} (JSON has no comments)`);
    throw bad(`is not valid JSON (${(e as Error).message.replace(/\s+/g, ' ').slice(0, 100)})`);
  }
  if (!isPlainObject(doc) || doc.tool !== 'l2l-verify gate') throw bad('is not a gate baseline (field "tool" must be "l2l-verify gate")');
  if (doc.version !== 1 && doc.version !== 2) throw bad(`has field "version" ${JSON.stringify(doc.version)}; this gate reads versions 1 and 2`);
  if (!Number.isSafeInteger(doc.ledgerSeed)) throw bad(`has field "ledgerSeed" ${JSON.stringify(doc.ledgerSeed) ?? 'missing'}; it must be a safe integer (the seed the ledger ran with)`);
  const v = doc.verdicts;
  if (!isPlainObject(v)) throw bad(`has field "verdicts" ${kindOf(v)}; it must be an object of claim id -> status`);
  if (Object.keys(v).length === 0) throw bad('has no verdicts (field "verdicts" is empty)');
  for (const [id, s] of Object.entries(v)) if (!VERDICTS.includes(s as Verdict)) throw bad(`has field "verdicts.${id}" ${JSON.stringify(s)}; it must be one of ${VERDICTS.join(', ')}`);
  if (!isPlainObject(doc.digits)) throw bad(`has field "digits" ${kindOf(doc.digits)}; it must be an object of audited point -> digits`);
  for (const [k, d] of Object.entries(doc.digits)) if (typeof d !== 'number' || !Number.isFinite(d)) throw bad(`has field "digits.${k}" ${JSON.stringify(d)}; it must be a number`);
  if (doc.version === 2) {
    const f = doc.foundBy;
    if (!isPlainObject(f)) throw bad(`has field "foundBy" ${kindOf(f)}; it must be an object of claim id -> "search" | "fixture"`);
    for (const [id, by] of Object.entries(f)) if (by !== 'search' && by !== 'fixture') throw bad(`has field "foundBy.${id}" ${JSON.stringify(by)}; it must be "search" or "fixture"`);
  } else if (doc.foundBy !== undefined) throw bad('is version 1 but has field "foundBy"');
  return doc as unknown as GateBaseline;
}
