import { afterEach, describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import '../src/vitest/index.js';
import { CLAIM_DEFAULTS, defineClaim, KEEP_DIGITS_DEFAULTS, keepDigits, type KeepDigitsOptions } from '../src/vitest/index.js';
import { replayFromEnv, vitestReplay, cliReplay } from '../src/vitest/replay.js';
import { runClaim } from '../src/claims/run.js';
import { spdMatrix } from '../src/arbitraries/index.js';
import { float64 } from '../src/arith/float.js';
import { Quadratic } from '../src/quadratic/problem.js';
import { stable } from '../src/quadratic/methods.js';

/**
 * The matcher and defineClaim in-process (spec/vitest-api.spec.ts runs them from the packed
 * package in a user's project). The functions audited here are l2l-verify's own scaled form
 * (Eqn 2) and deliberate corruptions of it: the matcher must tell them apart.
 */

const stable64 = (eta: number, H: number[][], w0: number[], t: number): number => stable(Quadratic.fromNumbers(float64('ieee'), H, w0), eta, t).dG;

// the built-in 2×2 case of the README, a small grid: G′ is of order 1..80 here and S ≈ |G′| away from η*
const SMALL: KeepDigitsOptions = { cases: [{ H: [[80, 0], [0, 1]], w0: [0.6, 0.8] }], t: [1, 40], eta: [0.001, '1/L', '2/L', '10/L'] };

describe('keepDigits / toKeepDigits', () => {
  it('the scaled form keeps ≥ 12 digits; the same with a relative error of 1e-8 keeps about 8 and fails at 10', async () => {
    const good = await keepDigits(stable64, 10, SMALL);
    expect(good.pass).toBe(true);
    expect(good.points).toHaveLength(8);
    expect(good.worst!.digits).toBeGreaterThan(12);
    const off = (eta: number, H: number[][], w0: number[], t: number) => stable64(eta, H, w0, t) * (1 + 1e-8);
    const bad = await keepDigits(off, 10, SMALL);
    expect(bad.pass).toBe(false);
    expect(bad.failing.length).toBe(8);
    // digits relative to max(|G′|, S) ≥ |G′|: between 8 and 8 + log10(S/|G′|)
    for (const p of bad.points) expect(p.digits).toBeGreaterThan(7.9);
    expect(bad.worst!.digits).toBeLessThan(8.5);
    expect((await keepDigits(off, 7.5, SMALL)).pass).toBe(true);
  });

  it('an error confined to one point is found there, and the message names that t and η', async () => {
    const oneBad = (eta: number, H: number[][], w0: number[], t: number) => stable64(eta, H, w0, t) * (t === 40 && eta === 2 / 80 ? 1 + 1e-6 : 1);
    const r = await keepDigits(oneBad, 10, SMALL);
    expect(r.failing).toHaveLength(1);
    expect(r.worst).toMatchObject({ t: 40, etaLabel: '2/L', eta: 0.025 });
    await expect(expect(oneBad).toKeepDigits(10, SMALL)).rejects.toThrow(/kept fewer at 1 of 8 points\.\nworst: case #0 \(given case #0\), t = 40, η = 2\/L = 0\.025: kept 6\.\d\d digits/);
    await expect(oneBad).toKeepDigits(5, SMALL);
    await expect(oneBad).not.toKeepDigits(10, SMALL);
    await expect(expect(stable64).not.toKeepDigits(10, SMALL)).rejects.toThrow(/expected stable64 not to keep 10 significant digits of G′\(η\), but it kept ≥ 12\.\d\d at every point/);
  });

  it('a promise is awaited; NaN, a throw and a non-number fail saying so', async () => {
    await expect(async (eta: number, H: number[][], w0: number[], t: number) => stable64(eta, H, w0, t)).toKeepDigits(10, SMALL);
    await expect(expect(() => NaN).toKeepDigits(1, SMALL)).rejects.toThrow(/worst: case #0 \(given case #0\), t = 1, η = 0\.001: returned NaN \(not finite\): 0 digits kept/);
    await expect(
      expect(() => {
        throw new RangeError('no eigenvalues today');
      }).toKeepDigits(1, SMALL),
    ).rejects.toThrow(/it threw at 8 of 8 points, first at case #0 \(given case #0\), t = 1, η = 0\.001: threw: RangeError: no eigenvalues today/);
    await expect(expect(() => [1]).toKeepDigits(1, SMALL)).rejects.toThrow(/returned a non-number at 8 of 8 points.*returned an array of length 1, not a number/);
    await expect(expect(() => 1).not.toKeepDigits(1, SMALL)).resolves.toBeUndefined();
  });

  it("a number η is the double it is, and an absolute text means its nearest double (what the function receives)", async () => {
    const r = await keepDigits(stable64, 10, { ...SMALL, eta: [0.1, '0.1'], t: [3] });
    expect(r.points.map((p) => p.etaLabel)).toEqual(['0.1']); // the same double: one point, labelled as written
    expect(r.points[0].eta).toBe(0.1);
    expect(r.worst!.digits).toBeGreaterThan(14);
  });

  it('the seeded family is replayed by its seed, and the defaults are the documented ones', async () => {
    expect(KEEP_DIGITS_DEFAULTS).toMatchObject({ seed: 1, count: 3, d: 4, t: [1, 10, 100, 1000] });
    expect(KEEP_DIGITS_DEFAULTS.eta).toEqual(['1e-3/L', '1e-2/L', '0.1/L', '1/L', '2/(a+L)', '2/L', '10/L', '100/L']);
    const seen: string[] = [];
    const spy = (eta: number, H: number[][], w0: number[], t: number) => {
      seen.push(JSON.stringify([eta, H, w0, t]));
      return stable64(eta, H, w0, t);
    };
    const a = await keepDigits(spy, 10, { count: 2, d: 3, t: [5], eta: ['1/L'] });
    const first = seen.splice(0);
    await keepDigits(spy, 10, { count: 2, d: 3, t: [5], eta: ['1/L'] });
    expect(seen).toEqual(first);
    expect(a.grid).toMatchObject({ seed: 1, cases: ['wishart d = 3, seed 1 #0', 'wishart d = 3, seed 1 #1'] });
    await keepDigits(spy, 10, { seed: 2, count: 2, d: 3, t: [5], eta: ['1/L'] });
    expect(seen.splice(0)).not.toEqual(first);
  });

  it('a wrong option throws a TypeError naming the field', async () => {
    const cases: Array<[unknown, unknown, RegExp]> = [
      [10, { sede: 1 }, /options\.sede: unknown option/],
      [10, { t: [0] }, /options\.t\[0\]: must be an integer >= 1/],
      [10, { eta: ['1/M'] }, /options\.eta\[0\]: cannot read "1\/M"/],
      [10, { eta: [-1] }, /options\.eta\[0\]: must be a finite number >= 0/],
      [10, { count: 0 }, /options\.count: must be an integer >= 1/],
      [10, { cases: [{ H: [[1, 2], [2, 1]], w0: [1, 0] }] }, /options\.cases\[0\]\.H.*positive definite/],
      [10, { cases: [{ H: [[2, 1], [1 + 1e-15, 2]], w0: [1, 0] }] }, /options\.cases\[0\]\.H.*symmetric/],
      [10, { cases: [{ H: [[2, 0], [0, 1]], w0: [1] }] }, /options\.cases\[0\]\.w0: has 1 entries/],
      [10, { cases: [{ H: [[2, 0], [0, 1]], w0: [0, 0] }] }, /options\.cases\[0\]\.w0: is zero/],
      [-1, {}, /toKeepDigits: digits: must be a finite number >= 0/],
    ];
    for (const [digits, options, message] of cases) {
      await expect(keepDigits(stable64, digits as number, options as KeepDigitsOptions)).rejects.toThrow(message);
    }
    await expect(expect(42).toKeepDigits(10)).rejects.toThrow(/expected a function \(eta, H, w0, t\) => G′\(η\), received number/);
    await expect(expect(42).not.toKeepDigits(10)).rejects.toThrow(TypeError);
  });
});

describe('defineClaim and claimSuite replay', () => {
  afterEach(() => {
    delete process.env.L2L_REPLAY;
  });

  it('fills the documented defaults and wraps a boolean check', () => {
    const c = defineClaim({ id: 'user.x', statement: 's', arbitrary: fc.integer(), check: (n) => n === n });
    expect(c).toMatchObject({ id: 'user.x', source: CLAIM_DEFAULTS.source, control: false, expected: 'held', runs: 100, kind: 'universal' });
    expect(c.check(3)).toEqual({ ok: true });
    expect(defineClaim({ id: 'user.x.control-y', statement: 's', control: true, controlOf: 'user.x', arbitrary: fc.integer(), check: () => false }).expected).toBe('falsified');
    expect(defineClaim({ id: 'user.w', statement: 's', kind: 'witnessed', arbitrary: fc.integer(), check: () => true }).expected).toBe('witnessed');
  });

  it('rejects a wrong field by name', () => {
    const base = { id: 'user.x', statement: 's', arbitrary: fc.integer(), check: () => true };
    expect(() => defineClaim({ ...base, id: 'has space' })).toThrow(/id: must be a non-empty string/);
    expect(() => defineClaim({ ...base, statement: ' ' })).toThrow(/statement: must be a non-empty string/);
    expect(() => defineClaim({ ...base, runs: 0 })).toThrow(/runs: must be an integer >= 1/);
    expect(() => defineClaim({ ...base, arbitrary: 5 as never })).toThrow(/arbitrary: must be a fast-check Arbitrary/);
    expect(() => defineClaim({ ...base, controlOf: 'user.y' })).toThrow(/controlOf: is set but control is false/);
    expect(() => defineClaim({ ...base, expected: 'maybe' as never })).toThrow(/expected: must be one of/);
    const c = defineClaim({ ...base, check: () => 'yes' as never });
    expect(() => c.check(1)).toThrow(/check returned string/);
  });

  it('a false claim over an exported arbitrary is falsified, shrunk, and replayed by L2L_REPLAY', () => {
    const trace = (H: number[][]) => H.reduce((s, row, i) => s + row[i], 0);
    const claim = defineClaim({
      id: 'user.trace-below-L',
      statement: 'tr H ≤ L (false for d ≥ 2)',
      arbitrary: spdMatrix({ maxDim: 5 }),
      check: (c) => trace(c.H) <= c.eigenvalues[0] * (1 + 1e-9),
      describe: (c) => ({ d: c.d }),
      runs: 60,
    });
    const r = runClaim(claim);
    expect(r.status).toBe('falsified');
    expect(r.counterexample).toEqual({ d: 2 });
    expect(vitestReplay(claim.id, r.seed, r.path)).toBe(`L2L_REPLAY='user.trace-below-L ${r.seed} ${r.path}' npx vitest run -t 'user.trace-below-L'`);
    expect(cliReplay('a.b', 3, undefined)).toBe('npx l2l-verify claims --only a.b --seed 3');
    process.env.L2L_REPLAY = `user.trace-below-L ${r.seed} ${r.path}`;
    expect(replayFromEnv('user.other')).toEqual({});
    const opts = replayFromEnv(claim.id);
    expect(opts).toEqual({ seed: r.seed, path: r.path });
    const again = runClaim(claim, opts);
    expect(again).toMatchObject({ status: 'falsified', counterexample: { d: 2 }, runs: 1 });
    process.env.L2L_REPLAY = 'user.trace-below-L x';
    expect(() => replayFromEnv(claim.id)).toThrow(/L2L_REPLAY must be/);
  });
});
