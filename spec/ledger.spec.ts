import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { knownPrefixes, ledgerExitCode, runLedger, selectClaims, type Ledger } from '../src/claims/ledger.js';
import { formatLedgerTable, jsonSafe, ledgerJsonText, ledgerToJson } from '../src/claims/format.js';
import { runClaim } from '../src/claims/run.js';
import type { ClaimDefinition } from '../src/claims/types.js';

import { allClaims as fakeRegistry, base, belowHalf, control, squareNonNegative, throwing, withFixture, certifiedAll, certifiedMostly, undecidedSome, undecidedButFalse, witnessed } from './fixtures/ledger-claims.js';

const FAKE_MODULE = new URL('./fixtures/ledger-claims.ts', import.meta.url).href;
const registry = [squareNonNegative, belowHalf, control, throwing, withFixture] as ClaimDefinition<any>[];
const quiet = { progress: false, handleSigint: false } as const;

/** Every per-entry key of CLI.md's `claims` document. */
const CLI_MD_FIELDS = ['id', 'status', 'expected', 'control', 'controlOf', 'cases', 'failureRateUpper95', 'class', 'constants', 'frontier', 'foundBy', 'foundAtRun', 'seed', 'path', 'counterexample', 'tightness'];

/** A ledger document without its timings (what must not depend on workers or shards). */
function untimed(doc: ReturnType<typeof ledgerToJson>) {
  return { ...doc, ms: 0, claims: doc.claims.map((c) => ({ ...c, ms: 0 })) };
}

describe('ledger: verdicts', () => {
  it('a true claim is held, a false one falsified with seed, path and a shrunk counterexample, a throwing predicate is an error', async () => {
    const ledger = await runLedger(registry, { ...quiet, seed: 7 });
    const by = Object.fromEntries(ledger.claims.map((e) => [e.id, e]));

    expect(by['fake.square.nonneg'].status).toBe('held');
    expect(by['fake.square.nonneg'].cases).toBe(60);
    expect(by['fake.square.nonneg'].failureRateUpper95).toBeCloseTo(1 - Math.pow(0.05, 1 / 60), 15);
    expect(by['fake.square.nonneg'].tightness).toBeGreaterThan(0.99);
    expect(by['fake.square.nonneg'].mismatch).toBe(false);

    const f = by['fake.bound.below-500'];
    expect(f.status).toBe('falsified');
    expect(f.seed).toBe(7);
    expect(typeof f.path).toBe('string');
    expect(f.counterexample).toMatchObject({ x: 500 }); // shrunk to the boundary
    expect(f.foundBy).toBe('search');
    expect(f.foundAtRun).toBe(Number(f.path!.split(':')[0]) + 1);
    expect(f.failureRateUpper95).toBeNull();
    expect(f.detail).toBe('x = 500 is not below 500');
    expect(f.mismatch).toBe(false);

    // the printed seed and path replay the same counterexample
    const replay = fc.check(fc.property(belowHalf.arbitrary(), (x) => belowHalf.check(x).ok), { seed: f.seed, path: f.path, endOnFailure: true });
    expect(replay.counterexample?.[0]).toBe(500);

    expect(by['fake.bound.control-shrunk'].status).toBe('falsified');
    expect(by['fake.bound.control-shrunk'].control).toBe(true);

    expect(by['fake.broken.throws'].status).toBe('error');
    expect(by['fake.broken.throws'].error).toContain('predicate exploded');
    expect(by['fake.broken.throws'].mismatch).toBe(true);

    // the search (x ≤ 10) holds; the literal fixture proves the finding anyway
    expect(by['other.needle.fixture'].status).toBe('falsified');
    expect(by['other.needle.fixture'].foundBy).toBe('fixture');
    expect(by['other.needle.fixture'].foundAtRun).toBeUndefined();
    expect(by['other.needle.fixture'].cases).toBe(61); // 60 searched, then the fixture
    expect(by['other.needle.fixture'].counterexample).toBe(123456789);

    expect(ledger.summary).toEqual({ total: 5, certified: 0, held: 1, witnessed: 0, falsified: 3, undecided: 0, error: 1, mismatches: 1, controls: 1 });
    expect(ledger.interrupted).toBe(false);
    expect(ledger.notRun).toEqual([]);
  });

  it('--runs N runs exactly N cases per claim, whatever L2L_RUNS_SCALE says', async () => {
    const saved = process.env.L2L_RUNS_SCALE;
    process.env.L2L_RUNS_SCALE = '3';
    try {
      const scaled = await runLedger([squareNonNegative], quiet);
      expect(scaled.claims[0].runs).toBe(180);
      const exact = await runLedger([squareNonNegative], { ...quiet, runs: 17 });
      expect(exact.claims[0].runs).toBe(17);
      expect(exact.runsOverride).toBe(17);
      process.env.L2L_RUNS_SCALE = 'lots';
      await expect(runLedger([squareNonNegative], quiet)).rejects.toThrow(/L2L_RUNS_SCALE/);
    } finally {
      if (saved === undefined) delete process.env.L2L_RUNS_SCALE;
      else process.env.L2L_RUNS_SCALE = saved;
    }
  });

  it('an abort stops after the current claim, keeps what is done and names the rest as not run', async () => {
    const ac = new AbortController();
    const ledger = await runLedger(registry, { ...quiet, signal: ac.signal, onResult: (_, i) => i === 1 && ac.abort() });
    expect(ledger.claims.map((e) => e.id)).toEqual(['fake.square.nonneg', 'fake.bound.below-500']);
    expect(ledger.notRun).toEqual(['fake.bound.control-shrunk', 'fake.broken.throws', 'other.needle.fixture']);
    expect(ledger.interrupted).toBe(true);
    expect(ledgerExitCode(ledger)).toBe(130);
    expect(formatLedgerTable(ledger)).toMatch(/not run/);
  });

  it('a SIGINT between claims stops the run the same way', async () => {
    const ledger = await runLedger(registry, {
      progress: false,
      handleSigint: true,
      onResult: (_, i) => i === 0 && process.emit('SIGINT', 'SIGINT'),
    });
    expect(ledger.claims).toHaveLength(1);
    expect(ledger.interrupted).toBe(true);
    expect(process.listenerCount('SIGINT')).toBe(0); // the handler is removed again
  });
});

describe('ledger: exit code', () => {
  const fakeLedger = (mismatches: boolean[], interrupted = false): Ledger =>
    ({ claims: mismatches.map((m, i) => ({ id: `x.${i}`, mismatch: m })), interrupted }) as unknown as Ledger;
  it('is 0 when every verdict equals its expected verdict (falsified controls and findings included)', async () => {
    const ledger = await runLedger([squareNonNegative, belowHalf, control], quiet);
    expect(ledgerExitCode(ledger)).toBe(0);
    expect(ledgerExitCode(fakeLedger([false, false]))).toBe(0);
  });
  it('is 1 when any verdict differs (a control that held, a claim falsified or in error), also when interrupted', async () => {
    const heldControl: ClaimDefinition<number> = { ...control, id: 'fake.control.cannot-fail', check: () => ({ ok: true }) };
    expect(ledgerExitCode(await runLedger([squareNonNegative, heldControl], quiet))).toBe(1);
    expect(ledgerExitCode(await runLedger([throwing], quiet))).toBe(1);
    expect(ledgerExitCode(await runLedger([{ ...belowHalf, expected: 'held' }], quiet))).toBe(1);
    expect(ledgerExitCode(fakeLedger([false, true], true))).toBe(1);
    expect(ledgerExitCode(fakeLedger([false], true))).toBe(130);
  });
});

describe('ledger: JSON document (CLI.md "claims", extended per issue 3)', () => {
  it('has every documented key, numbers beyond float64 and bigints as strings, and parses back', async () => {
    const ledger = await runLedger(registry, { ...quiet, seed: 11 });
    const doc = JSON.parse(ledgerJsonText(ledger));
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['claims', 'seed', 'interrupted', 'notRun', 'summary']));
    expect(doc.claims).toHaveLength(5);
    for (const c of doc.claims) {
      expect(Object.keys(c)).toEqual(
        expect.arrayContaining(CLI_MD_FIELDS),
      );
      expect(['held', 'falsified', 'error']).toContain(c.status);
      expect(c.runs).toBe(c.cases);
      expect(Number.isInteger(c.runs)).toBe(true);
      expect(c.seed).toBe(11);
    }
    const f = doc.claims.find((c: { id: string }) => c.id === 'fake.bound.below-500');
    expect(f.counterexample).toEqual({ x: 500, big: 'Infinity', huge: '1180591620717411303424' });
    expect(f.tightness).toBeGreaterThanOrEqual(1); // the largest ratio seen, shrinking included
    const held = doc.claims.find((c: { id: string }) => c.id === 'fake.square.nonneg');
    expect(held.path).toBeNull();
    expect(held.counterexample).toBeNull();
    expect(ledgerToJson(ledger).claims.map((c) => c.id)).toEqual(registry.map((c) => c.id));
  });

  it('jsonSafe keeps plain values and converts the rest', () => {
    expect(jsonSafe({ a: [1, NaN, -Infinity], b: new Float64Array([0.5]), c: new Set([1]), d: undefined })).toEqual({
      a: [1, 'NaN', '-Infinity'],
      b: [0.5],
      c: [1],
      d: null,
    });
  });

  it('the text table has the documented columns and the replay line of a falsified claim', async () => {
    const text = formatLedgerTable(await runLedger([squareNonNegative, belowHalf], { ...quiet, seed: 3 }));
    expect(text.split('\n')[0]).toMatch(/^id\s+status\s+expected\s+cases\s+fail<=95%\s+foundBy\s+tightness\s+time$/);
    expect(text).toMatch(/fake\.square\.nonneg\s+held\s+held\s+60\s+4\.9%\s+-/);
    expect(text).toMatch(/fake\.bound\.below-500\s+falsified\s+falsified\s+\d+\s+-\s+search@\d+/);
    expect(text).toMatch(/0 certified, 1 held, 0 witnessed, 1 falsified, 0 undecided, 0 error/);
    expect(text).toContain('fake.bound.below-500: --seed 3 --path ');
  });
});

describe('ledger: selecting claims', () => {
  it('selects by id prefix, several comma-separated', () => {
    expect(selectClaims(registry, 'fake.bound').map((c) => c.id)).toEqual(['fake.bound.below-500', 'fake.bound.control-shrunk']);
    expect(selectClaims(registry, 'other,fake.square').map((c) => c.id)).toEqual(['fake.square.nonneg', 'other.needle.fixture']);
    expect(selectClaims(registry).length).toBe(5);
  });

  it('an unknown prefix is an InputError naming the known prefixes', async () => {
    expect(knownPrefixes(registry)).toEqual(['fake', 'fake.bound', 'fake.broken', 'fake.square', 'other', 'other.needle']);
    expect(() => selectClaims(registry, 'wang2099')).toThrow(InputError);
    expect(() => selectClaims(registry, 'wang2099')).toThrow(/--only: no claim id starts with "wang2099"; known prefixes: fake, fake.bound/);
    await expect(runLedger(registry, { ...quiet, only: 'nope' })).rejects.toThrow(InputError);
    await expect(runLedger(registry, { ...quiet, runs: 0 })).rejects.toThrow(/--runs/);
  });
});

describe('runClaim (what the ledger builds on)', () => {
  it('reports the run count and the seed it used', () => {
    const r = runClaim(squareNonNegative, { seed: 5, runs: 9 });
    expect(r).toMatchObject({ status: 'held', runs: 9, seed: 5 });
  });
});

describe('runClaim: the status rule (BRIEF verdict contract)', () => {
  it('every case certified -> certified (no failure-rate bound); one case only sampled -> held', () => {
    const c = runClaim(certifiedAll, { seed: 1, runs: 20 });
    expect(c).toMatchObject({ status: 'certified', cases: 20, failureRateUpper95: null, class: certifiedAll.class });
    const h = runClaim(certifiedMostly, { seed: 1, runs: 40 });
    expect(h.status).toBe('held');
    expect(h.failureRateUpper95).toBeCloseTo(1 - Math.pow(0.05, 1 / 40), 15);
  });
  it('any undecided case -> undecided, never held; a failing case still falsifies', () => {
    const u = runClaim(undecidedSome, { seed: 1, runs: 40 });
    expect(u).toMatchObject({ status: 'undecided', failureRateUpper95: null });
    // the predicate is decided on every case but x = 0: without that case the claim would hold
    expect(runClaim({ ...undecidedSome, arbitrary: () => fc.integer({ min: 1, max: 3 }) }, { seed: 1, runs: 40 }).status).toBe('held');
    const f = runClaim(undecidedButFalse, { seed: 1, runs: 40 });
    expect(f).toMatchObject({ status: 'falsified', foundBy: 'search' });
    expect(f.counterexample).toBe(3);
  });
  it('a passing witnessed claim -> witnessed with its constants; falsified when a case fails', () => {
    expect(runClaim(witnessed, { seed: 1, runs: 10 })).toMatchObject({ status: 'witnessed', constants: { C: 2 }, failureRateUpper95: null });
    expect(runClaim({ ...witnessed, check: (x: number) => ({ ok: x < 50 }) }, { seed: 1, runs: 100 }).status).toBe('falsified');
  });
  it('undecided or certified flags met while shrinking do not count (only the generated cases do)', () => {
    // fails on x >= 10; shrinking then visits x = 0 (undecided) — still falsified, found at its run
    const claim: ClaimDefinition<number> = { ...base, id: 'rule.shrink', statement: 's', expected: 'falsified', arbitrary: () => fc.integer({ min: 5, max: 1000 }).map((x) => x - 5), check: (x) => ({ ok: x < 10, undecided: x === 0 }) };
    const r = runClaim(claim, { seed: 3, runs: 100 });
    expect(r.status).toBe('falsified');
    expect(r.cases).toBe(r.foundAtRun);
  });
});

describe('ledger: --frontier', () => {
  it('frontier maps are computed only when asked, at the asked scale', async () => {
    const plain = await runLedger([witnessed, squareNonNegative], { ...quiet, runs: 5 });
    expect(plain.claims.map((e) => e.frontier)).toEqual([undefined, undefined]);
    expect(ledgerToJson(plain).claims.map((c) => c.frontier)).toEqual([null, null]);
    let calls = 0;
    const counted = { ...witnessed, frontier: (s: 'quick' | 'paper') => (calls++, witnessed.frontier!(s)) };
    await runLedger([counted], { ...quiet, runs: 5 });
    expect(calls).toBe(0);
    const quick = await runLedger([counted, squareNonNegative], { ...quiet, runs: 5, frontier: 'quick' });
    expect(calls).toBe(1);
    expect(quick.claims[0].frontier).toHaveLength(2);
    expect(quick.claims[1].frontier).toBeUndefined(); // a claim without a frontier
    expect((await runLedger([counted], { ...quiet, runs: 5, frontier: 'paper' })).claims[0].frontier).toHaveLength(4);
    expect(formatLedgerTable(quick)).toMatch(/frontier of rule\.witnessed\.theta \(quick grid\): 2 points/);
  });
});

describe('ledger: worker threads', () => {
  it('1 worker, 2 workers and in-process give the same ledger (minus timings), in registry order', async () => {
    const runs = { ...quiet, seed: 5, runs: 30, registryModule: FAKE_MODULE };
    const inProcess = untimed(ledgerToJson(await runLedger(fakeRegistry(), { ...runs, workers: 0 })));
    const one = untimed(ledgerToJson(await runLedger(fakeRegistry(), { ...runs, workers: 1 })));
    const two = untimed(ledgerToJson(await runLedger(fakeRegistry(), { ...runs, workers: 2 })));
    expect(one).toEqual(inProcess);
    expect(two).toEqual(inProcess);
    expect(two.claims.map((c) => c.id)).toEqual(fakeRegistry().map((c) => c.id));
    expect(two.summary).toMatchObject({ certified: 1, held: 2, witnessed: 1, falsified: 4, undecided: 1, error: 1 });
  }, 60_000);

  it('the real registry on a small selection: 1 and 2 workers agree entry for entry', async () => {
    const { allClaims, REGISTRY_MODULE } = await import('../src/claims/registry.js');
    const opts = { ...quiet, only: 'harrison2022.thm1.stability-symmetric', runs: 4, registryModule: REGISTRY_MODULE };
    const one = untimed(ledgerToJson(await runLedger(allClaims(), { ...opts, workers: 1 })));
    const two = untimed(ledgerToJson(await runLedger(allClaims(), { ...opts, workers: 2 })));
    expect(two).toEqual(one);
    expect(one.claims.length).toBe(2);
    expect(one.claims.some((c) => c.status === 'falsified' && c.foundBy === 'search')).toBe(true);
  }, 120_000);

  it('a claim the workers cannot find in the registry module is an error entry; the others still run', async () => {
    const stray: ClaimDefinition<number> = { ...squareNonNegative, id: 'stray.not-in-module' };
    const ledger = await runLedger([squareNonNegative, stray], { ...quiet, runs: 5, registryModule: FAKE_MODULE, workers: 1 });
    expect(ledger.claims.map((e) => e.status)).toEqual(['held', 'error']);
    expect(ledger.claims[1].error).toMatch(/^worker thread failed: claim "stray.not-in-module" is not in .*ledger-claims\.ts$/);
    expect(ledger.claims[1].mismatch).toBe(true);
  }, 60_000);

  it('an abort keeps the claims that finished; a hard stop names the running ones as not run', async () => {
    const ac = new AbortController();
    const ledger = await runLedger(fakeRegistry(), { ...quiet, runs: 10, registryModule: FAKE_MODULE, workers: 2, signal: ac.signal, onResult: () => ac.abort() });
    expect(ledger.interrupted).toBe(true);
    expect(ledger.claims.length).toBeGreaterThanOrEqual(1);
    expect(ledger.claims.length + ledger.notRun.length).toBe(fakeRegistry().length);
    const hard = new AbortController();
    hard.abort();
    const none = await runLedger(fakeRegistry(), { ...quiet, runs: 10, registryModule: FAKE_MODULE, workers: 2, stopNow: hard.signal });
    expect(none.claims).toEqual([]);
    expect(none.notRun).toHaveLength(fakeRegistry().length);
  }, 60_000);
});

describe('ledger: shards and merge', () => {
  it('shard 1/2 + 2/2 merged == the unsharded ledger, entry for entry (minus timings)', async () => {
    const { mergeLedgers, ledgerFromJson } = await import('../src/claims/merge.js');
    const o = { ...quiet, seed: 9, runs: 20, only: 'fake,rule' };
    const whole = untimed(ledgerToJson(await runLedger(fakeRegistry(), o)));
    const s1 = ledgerToJson(await runLedger(fakeRegistry(), { ...o, shard: { index: 1, count: 2 } }));
    const s2 = ledgerToJson(await runLedger(fakeRegistry(), { ...o, shard: { index: 2, count: 2 } }));
    expect(s1.claims.length + s2.claims.length).toBe(whole.claims.length);
    expect(s1.claims.filter((c) => s2.claims.some((d) => d.id === c.id))).toEqual([]); // disjoint
    // round-trip through JSON text, as the files `merge` reads
    const parse = (d: unknown) => JSON.parse(JSON.stringify(d));
    const merged = mergeLedgers([{ name: 'b.json', doc: parse(s2) }, { name: 'a.json', doc: parse(s1) }]);
    expect(untimed(merged)).toEqual(whole);
    // the table `merge` prints without --json reads the document back
    expect(untimed(ledgerToJson(ledgerFromJson(merged)))).toEqual(whole);
    expect(formatLedgerTable(ledgerFromJson(merged))).toMatch(/1 certified, 2 held, 1 witnessed, 3 falsified, 1 undecided, 1 error; 2 differ/);
    // three shards too
    const parts = [1, 2, 3].map(async (i) => ({ name: `${i}.json`, doc: parse(ledgerToJson(await runLedger(fakeRegistry(), { ...o, shard: { index: i, count: 3 } }))) }));
    expect(untimed(mergeLedgers(await Promise.all(parts)))).toEqual(whole);
    // refused with one line: a missing shard, the same shard twice, shards of other runs
    expect(() => mergeLedgers([{ name: 'a.json', doc: parse(s1) }])).toThrow(/merge: shard\(s\) 2\/2 missing/);
    expect(() => mergeLedgers([{ name: 'a.json', doc: parse(s1) }, { name: 'a2.json', doc: parse(s1) }])).toThrow(/a2\.json: overlaps a\.json: both are shard 1\/2/);
    expect(() => mergeLedgers([{ name: 'a.json', doc: parse(s1) }, { name: 'b.json', doc: { ...parse(s2), seed: 10 } }])).toThrow(/b\.json: ran with seed 10/);
    expect(() => mergeLedgers([{ name: 'x.json', doc: { claims: null } }])).toThrow(InputError);
    const fused = parse(s2);
    fused.claims.push(parse(s1).claims[0]);
    expect(() => mergeLedgers([{ name: 'a.json', doc: parse(s1) }, { name: 'b.json', doc: fused }])).toThrow(/b\.json: overlaps a\.json: both hold claim/);
  });
  it('a bad shard or a malformed replay path is an InputError (a usage error), not an error verdict', async () => {
    await expect(runLedger(registry, { ...quiet, shard: { index: 3, count: 2 } })).rejects.toThrow(/--shard/);
    await expect(runLedger(registry, { ...quiet, only: 'fake.bound.below-500', path: 'not-a-path' })).rejects.toThrow(/^--path: must be fast-check's replay path/);
    await expect(runLedger(registry, { ...quiet, only: 'fake.bound.below-500', path: '1:2:x' })).rejects.toThrow(InputError);
  });
});
