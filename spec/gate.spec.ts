import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { baselineOf, compareBaselines, parseBaseline, type GateBaseline } from '../src/gate/baseline.js';
import type { Ledger, LedgerEntry } from '../src/claims/ledger.js';
import type { AuditResult } from '../src/audit/types.js';

const base: GateBaseline = {
  tool: 'l2l-verify gate',
  version: 2,
  ledgerSeed: 20211,
  verdicts: { 'a.claim': 'held', 'a.claim.control-x': 'falsified' },
  foundBy: { 'a.claim.control-x': 'search' },
  digits: { 'case | stable64 | t=10 | eta=1/L': 15.2, 'case | backprop32 | t=10 | eta=1/L': 6.1 },
};

describe('gate comparison', () => {
  it('passes on identical results and on drops of at most one digit', () => {
    expect(compareBaselines(base, base).ok).toBe(true);
    const d = compareBaselines(base, { ...base, digits: { ...base.digits, 'case | stable64 | t=10 | eta=1/L': 14.2 } });
    expect(d.ok).toBe(true);
    expect(d.notes.join('\n')).toContain('15.2 -> 14.2');
  });
  it('fails, naming the point, on a deliberately worsened method (a drop of more than one digit)', () => {
    const d = compareBaselines(base, { ...base, digits: { ...base.digits, 'case | stable64 | t=10 | eta=1/L': 12 } });
    expect(d.ok).toBe(false);
    expect(d.failures).toEqual(['audit case | stable64 | t=10 | eta=1/L: 15.2 -> 12 digits (dropped 3.2)']);
  });
  it('fails on a changed verdict and on a vanished claim or point', () => {
    const d = compareBaselines(base, { ...base, verdicts: { 'a.claim': 'falsified' }, digits: { 'case | stable64 | t=10 | eta=1/L': 15.2 } });
    expect(d.ok).toBe(false);
    expect(d.failures).toEqual([
      'claim a.claim: verdict held -> falsified',
      'claim a.claim.control-x: was falsified, now missing',
      'audit case | backprop32 | t=10 | eta=1/L: was 6.1 digits, now not audited',
    ]);
  });
});

describe('gate: statuses and findings (issue 8 item 7)', () => {
  // the shape of the real baseline: Section 3 claims certified, a harrison2022 finding found by the search
  const real: GateBaseline = {
    ...base,
    verdicts: { 'wang2021.claim2.bound': 'certified', 'wang2021.thm10.sgd-tbv': 'witnessed', 'harrison2022.thm1.stability-symmetric': 'held', 'harrison2022.lemma2.preconditioned': 'falsified' },
    foundBy: { 'harrison2022.lemma2.preconditioned': 'search' },
    digits: {},
  };
  const withVerdict = (id: string, v: string): GateBaseline => ({ ...real, verdicts: { ...real.verdicts, [id]: v } });

  it('a harrison2022 finding whose foundBy goes search -> fixture fails the gate (the search stopped finding it)', () => {
    const d = compareBaselines(real, { ...real, foundBy: { 'harrison2022.lemma2.preconditioned': 'fixture' } });
    expect(d.ok).toBe(false);
    expect(d.failures).toEqual(['claim harrison2022.lemma2.preconditioned: falsified by the search before, now only by its literal fixture (the search stopped finding it)']);
    // the other way round is progress: a note
    const back = compareBaselines({ ...real, foundBy: { 'harrison2022.lemma2.preconditioned': 'fixture' } }, real);
    expect(back.ok).toBe(true);
    expect(back.notes.join('\n')).toMatch(/now found by the search/);
  });
  it('a certified claim that falls to held fails, named as a weakening; so do held -> undecided and witnessed -> undecided', () => {
    expect(compareBaselines(real, withVerdict('wang2021.claim2.bound', 'held')).failures).toEqual(['claim wang2021.claim2.bound: weakened certified -> held']);
    expect(compareBaselines(real, withVerdict('harrison2022.thm1.stability-symmetric', 'undecided')).failures).toEqual([
      'claim harrison2022.thm1.stability-symmetric: weakened held -> undecided',
    ]);
    expect(compareBaselines(real, withVerdict('wang2021.thm10.sgd-tbv', 'undecided')).ok).toBe(false);
  });
  it('a strengthening also fails until the baseline records it (else a later fall back would pass unseen)', () => {
    const d = compareBaselines(real, withVerdict('harrison2022.thm1.stability-symmetric', 'certified'));
    expect(d.ok).toBe(false);
    expect(d.failures[0]).toMatch(/strengthened held -> certified \(if intended, record it with --update\)/);
  });
  it('a version-1 baseline (no foundBy) still compares statuses, and says foundBy cannot be checked', () => {
    const v1: GateBaseline = { ...real, version: 1, foundBy: undefined };
    const d = compareBaselines(v1, { ...real, foundBy: { 'harrison2022.lemma2.preconditioned': 'fixture' } });
    expect(d.ok).toBe(true);
    expect(d.notes.join('\n')).toMatch(/records no foundBy \(version 1\)/);
  });
  it('baselineOf records each status and the foundBy of each falsified claim', () => {
    const entry = (id: string, status: LedgerEntry['status'], foundBy?: 'search' | 'fixture') => ({ id, status, ...(foundBy ? { foundBy } : {}) }) as LedgerEntry;
    const ledger = { seed: 7, claims: [entry('a', 'certified'), entry('b', 'falsified', 'fixture'), entry('c', 'falsified', 'search'), entry('d', 'undecided')] } as unknown as Ledger;
    const b = baselineOf(ledger, { cases: [] } as unknown as AuditResult);
    expect(b).toEqual({ tool: 'l2l-verify gate', version: 2, ledgerSeed: 7, verdicts: { a: 'certified', b: 'falsified', c: 'falsified', d: 'undecided' }, foundBy: { b: 'fixture', c: 'search' }, digits: {} });
    // what --update writes reads back as it was
    expect(parseBaseline(`${JSON.stringify(b, null, 2)}\n`, 'b.json')).toEqual(b);
  });
});

describe('gate: a deliberately weakened search (issue 8 "done when")', () => {
  it('Theorem 1 searched over symmetric P only: the fixture still falsifies, the gate fails on foundBy', async () => {
    const { allClaims } = await import('../src/claims/registry.js');
    const { runLedger } = await import('../src/claims/ledger.js');
    const byId = (id: string) => allClaims().find((c) => c.id === id)!;
    const thm1 = byId('harrison2022.thm1.stability');
    // the same claim, its generator restricted to symmetric P (where Theorem 1 is true)
    const weakened = { ...thm1, arbitrary: byId('harrison2022.thm1.stability-symmetric').arbitrary };
    const quiet = { progress: false, handleSigint: false, runs: 10 } as const;
    const noAudit = { cases: [] } as unknown as AuditResult;
    const before = baselineOf(await runLedger([thm1], quiet), noAudit);
    const after = baselineOf(await runLedger([weakened], quiet), noAudit);
    expect(before.verdicts[thm1.id]).toBe('falsified');
    expect(after.verdicts[thm1.id]).toBe('falsified'); // the status alone would pass the gate
    expect([before.foundBy![thm1.id], after.foundBy![thm1.id]]).toEqual(['search', 'fixture']);
    const d = compareBaselines(before, after);
    expect(d.ok).toBe(false);
    expect(d.failures).toEqual([`claim ${thm1.id}: falsified by the search before, now only by its literal fixture (the search stopped finding it)`]);
  }, 60_000);
});

describe('gate: baseline shape, one line each', () => {
  const text = (o: Record<string, unknown>) => JSON.stringify({ ...base, ...o });
  const refused = (t: string) => {
    try {
      parseBaseline(t, 'b.json');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const m = (e as Error).message;
      expect(m.split('\n')).toHaveLength(1);
      expect(m.startsWith('--baseline: "b.json" ')).toBe(true);
      return m;
    }
    throw new Error('accepted');
  };
  it('accepts a valid version-2 baseline, the committed one, and the same without foundBy as version 1', () => {
    expect(parseBaseline(text({}), 'b.json')).toEqual(base);
    const committed = readFileSync('gate-baseline.json', 'utf8');
    const v2 = parseBaseline(committed, 'gate-baseline.json');
    expect(v2.version).toBe(2);
    expect(Object.keys(v2.verdicts).length).toBeGreaterThan(20);
    expect(Object.keys(v2.foundBy ?? {}).length).toBeGreaterThan(10);
    const { foundBy: _dropped, ...old } = JSON.parse(committed);
    const v1 = parseBaseline(JSON.stringify({ ...old, version: 1 }), 'old.json');
    expect(v1.version).toBe(1);
    expect(v1.verdicts).toEqual(v2.verdicts);
  });
  it('refuses verdicts that are null, [], {}, a string, or hold an unknown status', () => {
    expect(refused(text({ verdicts: null }))).toMatch(/field "verdicts" null; it must be an object/);
    expect(refused(text({ verdicts: [] }))).toMatch(/field "verdicts" an array/);
    expect(refused(text({ verdicts: 'held' }))).toMatch(/field "verdicts" string/);
    expect(refused(text({ verdicts: {} }))).toMatch(/has no verdicts/);
    expect(refused(text({ verdicts: { a: 'fine' } }))).toMatch(/"verdicts\.a" "fine"/);
  });
  it('blames a bad ledgerSeed on the baseline field, never on --seed', () => {
    for (const s of ['x', 1.5, null, 2 ** 60]) {
      const m = refused(text({ ledgerSeed: s }));
      expect(m).toMatch(/field "ledgerSeed"/);
      expect(m).not.toMatch(/--seed/);
    }
    expect(refused(JSON.stringify({ ...base, ledgerSeed: undefined }))).toMatch(/"ledgerSeed" missing/);
  });
  it('a BOM, a comment, broken JSON, another tool, a bad foundBy or digits: one line each', () => {
    expect(refused(`\uFEFF${text({})}`)).toMatch(/byte-order mark/);
    expect(refused(`// the gate\n${text({})}`)).toMatch(/comment on line 1/);
    expect(refused(`{\n"tool": "l2l-verify gate", /* here */\n"version": 2}`)).toMatch(/comment on line 2/);
    expect(refused('{"tool": "l2l-verify gate",\n\n "version": 2,')).toMatch(/not valid JSON/);
    expect(refused(text({ tool: 'other' }))).toMatch(/not a gate baseline/);
    expect(refused(text({ foundBy: { a: 'luck' } }))).toMatch(/"foundBy\.a" "luck"/);
    expect(refused(text({ foundBy: null }))).toMatch(/field "foundBy" null/);
    expect(refused(text({ digits: [] }))).toMatch(/field "digits" an array/);
    expect(refused(text({ version: 3 }))).toMatch(/"version" 3/);
    // a "//" inside a string is not a comment
    expect(parseBaseline(text({ verdicts: { 'http://x': 'held' } }), 'b.json').verdicts).toEqual({ 'http://x': 'held' });
  });
});

// A real `gate` process (the CLI under tsx, as a user runs it from a clone), interrupted by SIGINT
// once the ledger has finished its first claim: the baseline file must stay byte-identical and no *.tmp remain.
describe('gate: Ctrl-C', () => {
  const dir = mkdtempSync(join(tmpdir(), 'l2l-gate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function gateUntilSigint(args: string[], after: RegExp): Promise<{ code: number | null; signal: string | null; stderr: string; stdout: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'gate', ...args, '--workers', '1'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        // one case per claim: the first claim finishes fast (the baseline is never compared or written here anyway)
        env: { ...process.env, L2L_RUNS_SCALE: '0.001' },
      });
      let stderr = '';
      let stdout = '';
      let sent = false;
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`gate did not stop within 90 s; stderr:\n${stderr}`));
      }, 90_000);
      child.stdout.on('data', (b) => (stdout += b));
      child.stderr.on('data', (b) => {
        stderr += b;
        if (!sent && after.test(stderr)) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stderr, stdout });
      });
    });
  }

  it('during --update: exit 130, says the old baseline is untouched, leaves it byte-identical and no *.tmp', async () => {
    const file = join(dir, 'baseline.json');
    copyFileSync('gate-baseline.json', file);
    const before = readFileSync(file);
    // after the first claim finished: a partial ledger exists and must not be written
    const r = await gateUntilSigint(['--baseline', file, '--update'], /gate: claim 1\//);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/interrupted/);
    expect(r.stderr).toContain(`the baseline "${file}" is left untouched`);
    expect(r.stdout).toBe('');
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it('during a plain gate: exit 130, says it was interrupted, never that claims are "now missing"', async () => {
    const file = join(dir, 'plain.json');
    writeFileSync(file, readFileSync('gate-baseline.json'));
    const r = await gateUntilSigint(['--baseline', file], /gate: running the claims ledger/);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/gate: interrupted .*nothing compared/);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/now missing|FAIL/);
  }, 120_000);
});
