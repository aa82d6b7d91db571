import type { Ledger, LedgerEntry } from '../claims/ledger.js';
import { jsonSafe } from '../claims/format.js';
import type { ClaimDefinition, FrontierPoint } from '../claims/types.js';
import type { ClaimCard, LedgerBlock } from './types.js';

/**
 * The ledger as report data: one card per entry (issue 11). Everything a reviewer needs to judge a
 * verdict is on the card: the statement, the class generated beside what the statement admits,
 * what the verdict rests on, and for a falsified claim its counterexample, how it was found and the
 * exact command that replays it.
 */

type EntryFields = LedgerEntry;

const pct = (x: number) => `${(100 * x).toPrecision(3)}%`;

/** The 95% upper bound on the failure rate after `cases` passing cases (CLAIMS.md). */
export function failureRateUpper95(cases: number): number {
  return 1 - 0.05 ** (1 / cases);
}

export function replayCommand(e: Pick<LedgerEntry, 'id' | 'seed' | 'path'>): string {
  return `npx l2l-verify claims --only ${e.id} --seed ${e.seed}${e.path ? ` --path ${e.path}` : ''}`;
}

function restsOn(e: EntryFields, cases: number): string {
  const bound = e.failureRateUpper95 ?? (cases > 0 ? failureRateUpper95(cases) : null);
  switch (e.status) {
    case 'certified':
      return `A certificate: each of ${cases} generated instances proved with directed rounding over the claim's whole continuous range (not only at sampled points).`;
    case 'held':
      return `${cases} generated cases, no counterexample at the sampled points; 95% upper bound on the failure rate ${bound === null ? '–' : pct(bound)}.`;
    case 'witnessed':
      return `${cases} generated cases with the constants below fixed by us (the statement leaves them open, so they are part of the verdict)${e.frontier ? '; the frontier map shows where each named consequence holds' : ''}.`;
    case 'falsified':
      return e.foundBy === 'fixture'
        ? `A counterexample: the claim's literal fixture (the random search did not find one in ${cases} cases with this seed).`
        : `A counterexample found by the search${e.foundAtRun != null ? ` at run ${e.foundAtRun}` : ''} and shrunk; replayable from its seed and path.`;
    case 'undecided':
      return `Undecided: an inequality was not decided at the top precision on some case (never counted as held).`;
    default:
      return `The check threw: ${e.error ?? 'unknown error'} (not a verdict on the claim).`;
  }
}

function frontierTable(points: FrontierPoint[] | null | undefined): ClaimCard['frontier'] {
  if (!points || points.length === 0) return null;
  const at = [...new Set(points.flatMap((p) => Object.keys(p.at)))];
  const holds = [...new Set(points.flatMap((p) => Object.keys(p.holds)))];
  const values = [...new Set(points.flatMap((p) => Object.keys(p.values ?? {})))];
  // values crossing a worker thread are JSON-safe: a non-finite number arrives as the string "NaN"
  const num = (x: number | string | undefined) => (x === undefined ? '' : typeof x !== 'number' ? String(x) : Number.isInteger(x) || !Number.isFinite(x) ? String(x) : Number(x.toPrecision(4)).toString());
  return {
    header: [...at, ...holds, ...values],
    rows: points.map((p) => [
      ...at.map((k) => num(p.at[k])),
      ...holds.map((k) => (p.holds[k] === null || p.holds[k] === undefined ? 'undecided' : p.holds[k] ? 'holds' : 'FAILS')),
      ...values.map((k) => num(p.values?.[k])),
    ]),
  };
}

export function claimCard(entry: LedgerEntry, definition: ClaimDefinition<any> | undefined, controls: string[]): ClaimCard {
  const e = entry as EntryFields;
  const cases = e.cases;
  const brokenStep = definition?.brokenStep ?? null;
  const klass = e.class ?? definition?.class ?? null;
  return {
    id: e.id,
    paper: e.id.split('.')[0],
    source: e.source,
    statement: e.statement,
    status: e.status,
    expected: e.expected,
    mismatch: e.status !== e.expected,
    control: e.control,
    controlOf: e.controlOf ?? null,
    finding: !e.control && e.expected === 'falsified',
    cases,
    failureRateUpper95: e.status === 'held' ? (e.failureRateUpper95 ?? failureRateUpper95(cases)) : null,
    restsOn: restsOn(e, cases),
    classGenerated: (klass?.generated as Record<string, unknown> | undefined) ?? null,
    classAdmitted: klass?.admitted ?? null,
    constants: e.constants ?? definition?.constants ?? null,
    frontier: frontierTable(e.frontier),
    tightness: e.tightness !== undefined && Number.isFinite(e.tightness) ? e.tightness : null,
    foundBy: e.status === 'falsified' ? (e.foundBy ?? null) : null,
    foundAtRun: e.foundAtRun ?? null,
    seed: e.seed,
    path: e.path ?? null,
    counterexample: e.counterexample === undefined ? null : jsonSafe(e.counterexample),
    replay: replayCommand(e),
    brokenStep,
    detail: e.detail ?? null,
    error: e.error ?? null,
    controls,
  };
}

export function ledgerBlock(ledger: Ledger, definitions: readonly ClaimDefinition<any>[]): LedgerBlock {
  const byId = new Map(definitions.map((d) => [d.id, d]));
  const controlsOf = new Map<string, string[]>();
  for (const d of definitions) if (d.controlOf) controlsOf.set(d.controlOf, [...(controlsOf.get(d.controlOf) ?? []), d.id]);
  const cards = ledger.claims.map((e) => claimCard(e, byId.get(e.id), controlsOf.get(e.id) ?? []));
  const counts: Record<string, number> = {};
  for (const c of cards) counts[c.status] = (counts[c.status] ?? 0) + 1;
  return { kind: 'ledger', seed: ledger.seed, counts, cards, notRun: ledger.notRun };
}

/** "5 certified, 20 held, 4 witnessed, 30 falsified" in a fixed order. */
export function countsLine(counts: Record<string, number>): string {
  const order = ['certified', 'held', 'witnessed', 'falsified', 'undecided', 'error'];
  return order.filter((k) => counts[k]).map((k) => `${counts[k]} ${k}`).join(', ') || 'no claims';
}
