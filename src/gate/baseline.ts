import type { AuditResult } from '../audit/types.js';
import type { Ledger } from '../claims/ledger.js';

/**
 * What the CI gate remembers of a run: every claim's verdict and every audited digit count, keyed
 * so that a reader of the diff knows where to look. Plain data, committed as JSON.
 */
export interface GateBaseline {
  tool: 'l2l-verify gate';
  version: 1;
  ledgerSeed: number;
  /** claim id → verdict */
  verdicts: Record<string, string>;
  /** "case | method | t=… | η=…" → significant digits (one decimal) */
  digits: Record<string, number>;
}

export function baselineOf(ledger: Ledger, audit: AuditResult): GateBaseline {
  const verdicts: Record<string, string> = {};
  for (const c of ledger.claims) verdicts[c.id] = c.status;
  const digits: Record<string, number> = {};
  for (const c of audit.cases) {
    for (const p of c.points) {
      for (const [method, r] of Object.entries(p.results)) {
        if (r.status === 'notRun' || r.status === 'skipped') continue;
        digits[`${c.name} | ${method} | t=${p.t} | eta=${c.eta[p.etaIndex].label}`] = Math.round(r.digits * 10) / 10;
      }
    }
  }
  return { tool: 'l2l-verify gate', version: 1, ledgerSeed: ledger.seed, verdicts, digits };
}

export interface GateDiff {
  ok: boolean;
  /** One line per change that fails the gate. */
  failures: string[];
  /** Changes that do not fail it (new claims or points, digits gained, drops of at most one digit). */
  notes: string[];
}

/**
 * The gate's rule (issue 5): fail when a verdict changes (or a claim disappears), or when an audited
 * digit count drops by more than one; everything else is reported but passes.
 */
export function compareBaselines(baseline: GateBaseline, current: GateBaseline, maxDigitDrop = 1): GateDiff {
  const failures: string[] = [];
  const notes: string[] = [];
  for (const [id, was] of Object.entries(baseline.verdicts)) {
    const now = current.verdicts[id];
    if (now === undefined) failures.push(`claim ${id}: was ${was}, now missing`);
    else if (now !== was) failures.push(`claim ${id}: verdict ${was} -> ${now}`);
  }
  for (const id of Object.keys(current.verdicts)) if (!(id in baseline.verdicts)) notes.push(`claim ${id}: new (${current.verdicts[id]})`);
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
