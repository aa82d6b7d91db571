import { InputError } from '../errors.js';
import type { LedgerClaimJson, LedgerJson } from './format.js';
import type { LedgerEntry } from './ledger.js';
import { summarize } from './ledger.js';

/**
 * `merge`: join the JSON ledgers of `claims --shard 1/N` … `--shard N/N` into the document the
 * unsharded run prints (same entries, the registry's order, summary recounted). Each shard document
 * carries the ids of the whole selection (`shard.ids`), so the merge needs no registry: it refuses
 * shards that disagree on what was run (seed, runs, selection, shard count), a shard given twice,
 * a missing shard, and an entry found in two shards.
 */
export function mergeLedgers(docs: ReadonlyArray<{ name: string; doc: unknown }>): LedgerJson {
  if (docs.length === 0) throw new InputError('merge', 'needs at least one ledger file (the JSON of `claims --shard I/N --json`)');
  const ledgers = docs.map(({ name, doc }) => ({ name, doc: checkLedger(name, doc) }));
  if (ledgers.length === 1 && ledgers[0].doc.shard === null) return ledgers[0].doc;
  const first = ledgers[0];
  for (const { name, doc } of ledgers) {
    if (doc.shard === null) throw new InputError(name, 'is an unsharded ledger; merge joins the ledgers of `claims --shard I/N`');
  }
  const count = first.doc.shard!.count;
  const ids = first.doc.shard!.ids;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const { name, doc } of ledgers.slice(1)) {
    const differs = (['seed', 'runsOverride', 'runsScale', 'only', 'frontierScale'] as const).find((k) => !same(doc[k], first.doc[k]));
    if (differs) throw new InputError(name, `ran with ${differs} ${JSON.stringify(doc[differs])}, but ${first.name} with ${JSON.stringify(first.doc[differs])}; shards must come from one command line`);
    if (doc.shard!.count !== count) throw new InputError(name, `is shard ${doc.shard!.index}/${doc.shard!.count}, but ${first.name} is one of ${count}`);
    if (!same(doc.shard!.ids, ids)) throw new InputError(name, `selected other claims than ${first.name} (different --only or registry)`);
  }
  const byIndex = new Map<number, string>();
  for (const { name, doc } of ledgers) {
    const other = byIndex.get(doc.shard!.index);
    if (other !== undefined) throw new InputError(name, `overlaps ${other}: both are shard ${doc.shard!.index}/${count}`);
    byIndex.set(doc.shard!.index, name);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) throw new InputError('merge', `shard(s) ${missing.map((i) => `${i}/${count}`).join(', ')} missing; give all ${count} shard ledgers`);

  const entries = new Map<string, { entry: LedgerClaimJson; from: string }>();
  const notRun = new Set<string>();
  for (const { name, doc } of ledgers) {
    for (const e of doc.claims) {
      const prev = entries.get(e.id);
      if (prev) throw new InputError(name, `overlaps ${prev.from}: both hold claim ${e.id}`);
      if (!ids.includes(e.id)) throw new InputError(name, `holds claim ${e.id}, which is not in the selection its shard field names`);
      entries.set(e.id, { entry: e, from: name });
    }
    for (const id of doc.notRun) notRun.add(id);
  }
  const claims = ids.flatMap((id) => (entries.has(id) ? [entries.get(id)!.entry] : []));
  const lost = ids.filter((id) => !entries.has(id) && !notRun.has(id));
  if (lost.length > 0) throw new InputError('merge', `no shard holds claim(s) ${lost.slice(0, 5).join(', ')}${lost.length > 5 ? ', …' : ''}`);
  return {
    claims,
    seed: first.doc.seed,
    runsOverride: first.doc.runsOverride,
    runsScale: first.doc.runsScale,
    only: first.doc.only,
    shard: null,
    frontierScale: first.doc.frontierScale,
    interrupted: ledgers.some((l) => l.doc.interrupted),
    notRun: ids.filter((id) => notRun.has(id)),
    summary: summarize(claims.map((c) => ({ ...c, mismatch: c.mismatch }) as unknown as LedgerEntry), ids.length),
    ms: ledgers.reduce((s, l) => s + l.doc.ms, 0),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The shape `merge` relies on, checked field by field (one line naming the file and the field). */
function checkLedger(name: string, doc: unknown): LedgerJson {
  if (!isObject(doc)) throw new InputError(name, 'is not a ledger (expected the JSON object of `claims --json`)');
  if (!Array.isArray(doc.claims)) throw new InputError(name, 'field "claims" must be an array (the JSON of `claims --json`)');
  if (!Number.isSafeInteger(doc.seed)) throw new InputError(name, 'field "seed" must be an integer');
  if (!Array.isArray(doc.notRun) || !doc.notRun.every((x) => typeof x === 'string')) throw new InputError(name, 'field "notRun" must be an array of claim ids');
  if (typeof doc.interrupted !== 'boolean') throw new InputError(name, 'field "interrupted" must be true or false');
  if (typeof doc.ms !== 'number') throw new InputError(name, 'field "ms" must be a number');
  if (doc.shard !== null) {
    const s = doc.shard;
    if (!isObject(s) || !Number.isSafeInteger(s.index) || !Number.isSafeInteger(s.count) || !((s.index as number) >= 1 && (s.index as number) <= (s.count as number))) {
      throw new InputError(name, 'field "shard" must be null or {"index": I, "count": N, "ids": [...]} with 1 <= I <= N');
    }
    if (!Array.isArray(s.ids) || !s.ids.every((x) => typeof x === 'string')) throw new InputError(name, 'field "shard.ids" must be an array of claim ids');
  }
  for (const [i, c] of (doc.claims as unknown[]).entries()) {
    if (!isObject(c) || typeof c.id !== 'string' || typeof c.status !== 'string' || typeof c.mismatch !== 'boolean' || typeof c.control !== 'boolean') {
      throw new InputError(name, `claims[${i}] must be a ledger entry with "id", "status", "mismatch" and "control"`);
    }
  }
  return doc as unknown as LedgerJson;
}

/** A ledger document read back as a Ledger (nulls as absent fields), for the text table. */
export function ledgerFromJson(doc: LedgerJson): import('./ledger.js').Ledger {
  const opt = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);
  return {
    seed: doc.seed,
    ...(doc.runsOverride !== null ? { runsOverride: doc.runsOverride } : {}),
    runsScale: doc.runsScale,
    ...(doc.only !== null ? { only: doc.only } : {}),
    ...(doc.shard !== null ? { shard: doc.shard } : {}),
    ...(doc.frontierScale !== null ? { frontierScale: doc.frontierScale } : {}),
    claims: doc.claims.map((c) => ({
      id: c.id,
      source: c.source,
      statement: c.statement,
      control: c.control,
      ...(c.controlOf !== null ? { controlOf: c.controlOf } : {}),
      expected: c.expected,
      status: c.status,
      cases: c.cases,
      runs: c.cases,
      failureRateUpper95: c.failureRateUpper95,
      foundBy: opt(c.foundBy),
      foundAtRun: opt(c.foundAtRun),
      seed: c.seed,
      path: opt(c.path),
      counterexample: opt(c.counterexample),
      detail: opt(c.detail),
      tightness: opt(c.tightness),
      error: opt(c.error),
      class: opt(c.class),
      constants: opt(c.constants),
      frontier: opt(c.frontier),
      ms: c.ms,
      mismatch: c.mismatch,
    })),
    notRun: doc.notRun,
    interrupted: doc.interrupted,
    summary: doc.summary,
    ms: doc.ms,
  };
}
