import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { knownPrefixes, ledgerExitCode, runLedger, selectClaims, type Ledger } from '../src/claims/ledger.js';
import { formatLedgerTable, jsonSafe, ledgerJsonText, ledgerToJson } from '../src/claims/format.js';
import { runClaim } from '../src/claims/run.js';
import type { ClaimDefinition } from '../src/claims/types.js';

// A tiny fake registry: a true claim, a false published claim, its control, a throwing predicate,
// and a false claim kept as a literal fixture (its random search cannot find the counterexample).
const base = { source: 'spec', control: false, expected: 'held' as const, runs: 60 };

const squareNonNegative: ClaimDefinition<number> = {
  ...base,
  id: 'fake.square.nonneg',
  statement: 'x² ≥ 0 for every integer x in [-1000, 1000]',
  arbitrary: () => fc.integer({ min: -1000, max: 1000 }),
  // tightness: left/right of "−x² ≤ 0" read as x²/(x²+1) ≤ 1
  check: (x) => ({ ok: x * x >= 0, tightness: (x * x) / (x * x + 1), detail: `x = ${x}` }),
};

const belowHalf: ClaimDefinition<number> = {
  ...base,
  id: 'fake.bound.below-500',
  statement: 'x < 500 for every integer x in [0, 1000] (false: a finding)',
  expected: 'falsified',
  arbitrary: () => fc.integer({ min: 0, max: 1000 }),
  check: (x) => ({ ok: x < 500, tightness: x / 500, detail: `x = ${x} is not below 500` }),
  describe: (x) => ({ x, big: 1e400, huge: BigInt(2) ** BigInt(70) }),
};

const control: ClaimDefinition<number> = {
  ...base,
  id: 'fake.bound.control-shrunk',
  statement: 'x < 10 (a deliberately wrong bound)',
  control: true,
  controlOf: 'fake.bound.below-500',
  expected: 'falsified',
  arbitrary: () => fc.integer({ min: 0, max: 1000 }),
  check: (x) => ({ ok: x < 10, detail: `x = ${x}` }),
};

const throwing: ClaimDefinition<number> = {
  ...base,
  id: 'fake.broken.throws',
  statement: 'a predicate that throws',
  arbitrary: () => fc.integer({ min: 0, max: 10 }),
  check: () => {
    throw new Error('predicate exploded');
  },
};

const withFixture: ClaimDefinition<number> = {
  ...base,
  id: 'other.needle.fixture',
  statement: 'x ≠ 123456789 (false only at one point the search never draws)',
  expected: 'falsified',
  arbitrary: () => fc.integer({ min: 0, max: 10 }),
  check: (x) => ({ ok: x !== 123456789, detail: `x = ${x}` }),
  fixture: 123456789,
};

const registry = [squareNonNegative, belowHalf, control, throwing, withFixture] as ClaimDefinition<any>[];
const quiet = { progress: false, handleSigint: false } as const;

describe('ledger: verdicts', () => {
  it('a true claim is held, a false one falsified with seed, path and a shrunk counterexample, a throwing predicate is an error', async () => {
    const ledger = await runLedger(registry, { ...quiet, seed: 7 });
    const by = Object.fromEntries(ledger.claims.map((e) => [e.id, e]));

    expect(by['fake.square.nonneg'].status).toBe('held');
    expect(by['fake.square.nonneg'].runs).toBe(60);
    expect(by['fake.square.nonneg'].tightness).toBeGreaterThan(0.99);
    expect(by['fake.square.nonneg'].mismatch).toBe(false);

    const f = by['fake.bound.below-500'];
    expect(f.status).toBe('falsified');
    expect(f.seed).toBe(7);
    expect(typeof f.path).toBe('string');
    expect(f.counterexample).toMatchObject({ x: 500 }); // shrunk to the boundary
    expect(f.counterexampleFrom).toBe('search');
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
    expect(by['other.needle.fixture'].counterexampleFrom).toBe('fixture');
    expect(by['other.needle.fixture'].counterexample).toBe(123456789);

    expect(ledger.summary).toEqual({ total: 5, held: 1, falsified: 3, error: 1, mismatches: 1, controls: 1 });
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
        expect.arrayContaining(['id', 'status', 'runs', 'source', 'statement', 'control', 'expected', 'seed', 'path', 'counterexample', 'tightness']),
      );
      expect(['held', 'falsified', 'error']).toContain(c.status);
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
    expect(text.split('\n')[0]).toMatch(/^id\s+verdict\s+expected\s+runs\s+tightness\s+time$/);
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
