import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { directed, type Iv } from '../src/certify/directed.js';
import { encloseEigen } from '../src/certify/eigen.js';
import { certify, CERTIFIED_CLAIMS, CERTIFIED_CONTROLS } from '../src/certify/index.js';
import { Prover } from '../src/certify/prove.js';
import { wang2021Sec3Claims } from '../src/claims/wang2021-sec3.js';
import { ReferenceQuadratic } from '../src/quadratic/reference.js';
import { Rng } from '../src/random/rng.js';

/**
 * The certificates (src/certify): directed arithmetic encloses exact results; eigen-enclosures
 * contain the exact eigen-data of matrices built with known spectra; the five Section 3 claims are
 * proved on generated instances; the controls are refuted at witnesses that an independent
 * evaluation (decimal.js at 120 digits from ReferenceQuadratic's spectrum, closed form of Eqn 1)
 * confirms; η* and sup |G′| enclosures hold the values computed independently; the CLI's exit codes.
 */

const Ref = Decimal.clone({ defaults: true, precision: 160, maxE: 9e15, minE: -9e15 });

// ---------------------------------------------------------------- directed arithmetic

/** A decimal with a 1–18 digit mantissa and exponent in [−40, 40], as text. */
const decimalText = fc
  .record({ m: fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), e: fc.integer({ min: -40, max: 40 }) })
  .map(({ m, e }) => `${m}e${e}`);

const contains = (x: Iv, v: Decimal) => new Ref(x.lo).lte(v) && new Ref(x.hi).gte(v);

describe('certify/directed: enclosures contain the exact results', () => {
  const D = directed(12);
  it('add, sub, mul, div, sqr, sqrt at 12 digits contain the 160-digit results (which are exact or within 1e-150)', () => {
    fc.assert(
      fc.property(decimalText, decimalText, (x, y) => {
        const a = D.point(x);
        const b = D.point(y);
        const X = new Ref(x);
        const Y = new Ref(y);
        expect(contains(a, X) && contains(b, Y)).toBe(true);
        expect(contains(D.add(a, b), X.plus(Y))).toBe(true);
        expect(contains(D.sub(a, b), X.minus(Y))).toBe(true);
        expect(contains(D.mul(a, b), X.times(Y))).toBe(true);
        expect(contains(D.sqr(a), X.times(X))).toBe(true);
        if (!Y.isZero()) {
          const q = D.div(a, b);
          const exact = X.div(Y);
          // the 160-digit quotient is within 1e-158 relative: widen by that much
          expect(new Ref(q.lo).lte(exact.times(exact.isNeg() ? '0.99999999999999999999' : '1.00000000000000000001'))).toBe(true);
          expect(new Ref(q.hi).gte(exact.times(exact.isNeg() ? '1.00000000000000000001' : '0.99999999999999999999'))).toBe(true);
        }
        const s = D.sqrt(D.absIv(a));
        const sq = X.abs().sqrt();
        expect(new Ref(s.lo).lte(sq.times('1.0000000000000000000001')) && new Ref(s.hi).gte(sq.times('0.9999999999999999999999'))).toBe(true);
        // width: a few units in the 12th digit
        const m = D.mul(a, b);
        if (!X.times(Y).isZero()) expect(new Ref(m.hi).minus(m.lo).div(X.times(Y).abs()).lte('1e-10')).toBe(true);
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('products of intervals straddling 0 contain every product of members', () => {
    fc.assert(
      fc.property(decimalText, decimalText, decimalText, decimalText, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (p, q, r, s, u, v) => {
        const [a1, a2] = [new Ref(p), new Ref(q)].sort((x, y) => x.cmp(y));
        const [b1, b2] = [new Ref(r), new Ref(s)].sort((x, y) => x.cmp(y));
        const A = D.hull(D.point(a1), D.point(a2));
        const B = D.hull(D.point(b1), D.point(b2));
        const x = a1.plus(a2.minus(a1).times(u));
        const y = b1.plus(b2.minus(b1).times(v));
        expect(contains(D.mul(A, B), x.times(y))).toBe(true);
      }),
      { numRuns: 300, seed: 12 },
    );
  });

  it('integer powers by directed squaring contain the 160-digit power (odd and even, negative bases, n up to 10000)', () => {
    fc.assert(
      fc.property(decimalText, fc.integer({ min: 0, max: 10000 }), (x, n) => {
        const X = new Ref(x).div(new Ref(10).pow(new Ref(x).e + 1)); // |X| < 1 keeps X^n in range
        const p = D.powInt(D.point(X), n);
        const exact = X.pow(n); // 160 digits, within 1 ulp: far below the 12-digit enclosure
        const tol = exact.abs().times('1e-150');
        expect(new Ref(p.lo).lte(exact.plus(tol)) && new Ref(p.hi).gte(exact.minus(tol))).toBe(true);
        if (n % 2 === 0) expect(p.lo.isNeg() && !p.lo.isZero()).toBe(false);
      }),
      { numRuns: 200, seed: 13 },
    );
  });

  it('never reads or writes the global Decimal configuration', () => {
    const before = { precision: Decimal.precision, rounding: Decimal.rounding };
    directed(17).mul(directed(17).point('1.1'), directed(17).point('2.3'));
    expect({ precision: Decimal.precision, rounding: Decimal.rounding }).toEqual(before);
  });
});

// ---------------------------------------------------------------- exact test matrices

/** H = Q diag(λ) Qᵀ with Q a product of Givens rotations with (c, s) = (0.6, 0.8) or (0.28, 0.96): exact decimals. */
function exactCase(lams: string[], wc: string[], seed: number): { H: string[][]; w0: string[]; lam: Decimal[]; c: Decimal[] } {
  const d = lams.length;
  const rng = Rng.fromSeed(seed);
  let Q: Decimal[][] = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => new Ref(i === j ? 1 : 0)));
  for (let k = 0; k < 2 * d; k++) {
    const i = rng.int(0, d - 1);
    const j = (i + 1 + rng.int(0, d - 2)) % d;
    const [c, s] = rng.nextFloat() < 0.5 ? ['0.6', '0.8'] : ['0.28', '0.96'];
    Q = Q.map((row) => {
      const r = row.slice();
      r[i] = row[i].times(c).minus(row[j].times(s));
      r[j] = row[i].times(s).plus(row[j].times(c));
      return r;
    });
  }
  const lam = lams.map((x) => new Ref(x));
  const H = Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => {
      let s = new Ref(0);
      for (let k = 0; k < d; k++) s = s.plus(Q[i][k].times(lam[k]).times(Q[j][k]));
      return s.toString();
    }),
  );
  // w₀ = Σ cₖ qₖ (columns of Q) with the given coefficients, so cₖ = ⟨w₀, qₖ⟩ exactly
  const cs = wc.map((x) => new Ref(x));
  const w0 = Array.from({ length: d }, (_, i) => cs.reduce((acc, ck, k) => acc.plus(ck.times(Q[i][k])), new Ref(0)).toString());
  const norm2 = cs.reduce((acc, x) => acc.plus(x.times(x)), new Ref(0));
  return { H, w0, lam, c: cs.map((x) => x.div(norm2.sqrt())) };
}

describe('certify/eigen: enclosures of the exact eigen-data', () => {
  it('contains the exact eigenvalues and c_i^2 of matrices with known spectra (generated; near-equal and equal eigenvalues)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.constantFrom('spread', 'near', 'equal'),
        (d, seed, kind) => {
          const rng = Rng.fromSeed(seed + 7);
          const lams = Array.from({ length: d }, () => (10 ** (-3 * rng.nextFloat())).toPrecision(12)).sort((a, b) => Number(b) - Number(a));
          if (kind === 'near' && d >= 2) lams[1] = new Ref(lams[0]).times('0.999999999999').toString();
          if (kind === 'equal' && d >= 3) lams[2] = lams[1];
          const wc = Array.from({ length: d }, () => (rng.nextFloat() - 0.5).toFixed(6));
          const ex = exactCase(lams, wc, seed);
          const order = ex.lam.map((x, i) => i).sort((i, j) => ex.lam[j].cmp(ex.lam[i]));
          const E = encloseEigen(ex.H, ex.w0, 30);
          order.forEach((k, i) => expect(contains(E.lam[i], ex.lam[k]), `lambda_${i}`).toBe(true));
          for (const cl of E.clusters) {
            let W = new Ref(0);
            for (let i = cl.first; i <= cl.last; i++) W = W.plus(ex.c[order[i]].pow(2));
            expect(contains(cl.weight, W), `weight of [${cl.first}, ${cl.last}]`).toBe(true);
          }
          expect(contains(E.c1sq, ex.c[order[0]].pow(2))).toBe(true);
          expect(contains(E.cdsq, ex.c[order[d - 1]].pow(2))).toBe(true);
          // resolved singletons are known far better than the cluster threshold
          if (kind === 'spread') expect(E.clusters.length).toBe(d);
          if (kind === 'equal' && d >= 3) expect(E.clusters.length).toBeLessThan(d);
        },
      ),
      { numRuns: 25, seed: 21 },
    );
  });
});

// ---------------------------------------------------------------- proofs and refutations

/** A float64 instance not in the repository: H = Q diag(λ) Qᵀ (Haar Q), log-uniform spectrum of condition κ, optional near-equal extremes. */
function floatCase(seed: number, d: number, kappa: number, t: number, near = 0) {
  const rng = Rng.fromSeed(seed);
  const Q = rng.haarOrthogonal(d);
  const lam = Array.from({ length: d }, (_, i) => (i === 0 ? 1 : i === d - 1 ? 1 / kappa : kappa ** -rng.nextFloat()));
  if (near && d >= 4) {
    lam[1] = 1 - near;
    lam[d - 2] = (1 / kappa) * (1 + near);
  }
  lam.sort((a, b) => b - a);
  const H = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => Q[i].reduce((s, q, k) => s + q * lam[k] * Q[j][k], 0)));
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) H[i][j] = H[j][i];
  const w = rng.unitSphere(d);
  return { H: H.map((r) => r.map(String)), w0: w.map(String), t };
}

/** Independent evaluation: spectrum from ReferenceQuadratic at 120 digits, c normalised, Eqn 1 in plain decimal.js. */
function independent(H: string[][], w0: string[]) {
  const q = new ReferenceQuadratic(H, w0).at(120);
  const { lambda, c } = q.spectrum();
  const lam = lambda.map((x) => new Ref(x));
  const n2 = c.reduce((s, x) => s.plus(new Ref(x).pow(2)), new Ref(0));
  const c2 = c.map((x) => new Ref(x).pow(2).div(n2));
  const d = lam.length;
  const at = (etaText: string, t: number) => {
    const eta = new Ref(etaText);
    let N = new Ref(0);
    let Dn = new Ref(0);
    for (let i = 0; i < d; i++) {
      const r = new Ref(1).minus(eta.times(lam[i]));
      N = N.plus(c2[i].times(lam[i].pow(2)).times(r.pow(2 * t - 1)));
      Dn = Dn.plus(c2[i].times(lam[i]).times(r.pow(2 * t)));
    }
    return { dF: N.times(-t), dG: N.times(-2).div(Dn) };
  };
  return { L: lam[0], alpha: lam[d - 1], c12: c2[0], cd2: c2[d - 1], at };
}

const CASES = [
  { seed: 1, d: 3, kappa: 10, t: 1 },
  { seed: 2, d: 4, kappa: 1e3, t: 37 },
  { seed: 3, d: 6, kappa: 1e4, t: 500, near: 1e-9 },
  { seed: 4, d: 2, kappa: 1.001, t: 2000 },
  { seed: 5, d: 8, kappa: 1e6, t: 3000, near: 1e-12 },
];

describe('certify: the five claims proved, the controls refuted at independently verified witnesses', () => {
  for (const k of CASES) {
    it(`d = ${k.d}, kappa = ${k.kappa}, t = ${k.t}${k.near ? `, near-equal extremes 1e${Math.log10(k.near)}` : ''}`, () => {
      const c = floatCase(k.seed, k.d, k.kappa, k.t, k.near);
      const { document } = certify(c, { claims: [...CERTIFIED_CLAIMS, ...Object.keys(CERTIFIED_CONTROLS)] });
      const by = new Map(document.claims.map((r) => [r.id, r]));
      for (const id of CERTIFIED_CLAIMS) expect(by.get(id)!.verdict, `${id}: ${by.get(id)!.detail}`).toBe('proved');
      const ind = independent(c.H, c.w0);
      // η* and sup |G′| against the independent evaluation
      const star = document.etaStar!;
      const ref = new ReferenceQuadratic(c.H, c.w0).etaStar(k.t, 22).value;
      const lo = new Ref(star.lo);
      const hi = new Ref(star.hi);
      expect(hi.minus(lo).div(lo).lte('1e-15'), `eta* width ${star.lo} ${star.hi}`).toBe(true);
      const slack = ref.times('1e-20');
      expect(lo.minus(slack).lte(ref) && hi.plus(slack).gte(ref), `eta* ${ref} in [${star.lo}, ${star.hi}]`).toBe(true);
      const sup = document.supAbsDG!;
      expect(new Ref(sup.hi).div(sup.lo).lte('1.01')).toBe(true);
      const atMax = ind.at(sup.argmax, k.t).dG.abs();
      expect(atMax.gte(new Ref(sup.lo).times('0.999999999999')) && atMax.lte(sup.hi), `|G'(argmax)| = ${atMax}`).toBe(true);
      const top = new Ref(2).div(ind.alpha);
      for (let i = 0; i <= 200; i++) {
        const eta = top.times(i / 200).toSignificantDigits(12).toString();
        expect(ind.at(eta, k.t).dG.abs().lte(new Ref(sup.hi).times('1.000000000001')), `|G'(${eta})| <= sup hi`).toBe(true);
      }
      // controls: each refuted one fails its statement at its witness, recomputed independently
      const B = new Ref(4).times(ind.L.pow(3)).div(Decimal.min(ind.c12, ind.cd2).times(ind.alpha).times(ind.L.minus(ind.alpha)));
      for (const [id, guarded] of Object.entries(CERTIFIED_CONTROLS)) {
        const r = by.get(id)!;
        expect(['proved', 'refuted']).toContain(r.verdict);
        if (r.verdict !== 'refuted') continue;
        const w = r.witness!;
        const e = new Ref(w);
        const v = ind.at(w, k.t);
        if (guarded === 'wang2021.claim2.bound') expect(v.dG.abs().gt(B.div(1000)), id).toBe(true);
        if (guarded === 'wang2021.thm3.lower') {
          const L2t = ind.L.pow(2).times(k.t);
          expect(e.times(ind.L).gt(2) && v.dF.abs().lt(L2t.times(e.times(ind.L).minus(1).pow(2 * k.t - 1)).minus(L2t)), id).toBe(true);
        }
        if (guarded === 'wang2021.thm3.upper') {
          const m = Decimal.max(new Ref(1).minus(e.times(ind.alpha)).abs(), new Ref(1).minus(e.times(ind.L)).abs());
          expect(e.gt(0) && e.times(ind.L).lt(2) && v.dF.abs().gt(ind.L.pow(2).times(k.t).times(m.pow(2 * k.t + 1))), id).toBe(true);
        }
        if (guarded === 'wang2021.claim1.sign') expect(v.dG.isNeg() && e.gt(new Ref(2).div(ind.alpha.plus(ind.L))), id).toBe(true);
        if (guarded === 'wang2021.claim3.lower') {
          // the defaults ε = 1/(2L), M̂ = 2/α (up to their 20-digit rounding)
          const eps2 = new Ref(1).div(ind.L);
          const M = new Ref(2).div(ind.alpha);
          const a3L = ind.alpha.pow(3).div(ind.L);
          const app = Decimal.min(eps2.times(ind.cd2).times(a3L), eps2.times(ind.c12).times(ind.L.pow(2)).div(M.times(ind.L).minus(1).pow(2)));
          const icml = eps2.times(Decimal.min(ind.c12, ind.cd2)).times(Decimal.min(a3L, new Ref(1).div(M.pow(2))));
          expect(v.dG.abs().lt(Decimal.max(app, icml).times(1000)), id).toBe(true);
        }
      }
    });
  }

  it('exactly repeated eigenvalues form a cluster whose weight is enclosed; c_min = 0 exactly makes the statements vacuous', () => {
    const rep = certify({ H: [['2', '0', '0'], ['0', '1', '0'], ['0', '0', '1']], w0: ['0.6', '0.8', '0'], t: 50 }, { supTolerance: null });
    for (const r of rep.document.claims) expect(r.verdict, `${r.id}: ${r.detail}`).toBe('proved');
    const E = encloseEigen([['2', '0', '0'], ['0', '1', '0'], ['0', '0', '1']], ['0.6', '0.8', '0'], 30);
    expect(E.clusters.map((c) => [c.first, c.last])).toEqual([[0, 0], [1, 2]]);
    expect(contains(E.clusters[1].weight, new Ref('0.64'))).toBe(true);
    const vac = certify({ H: [['2', '0'], ['0', '1']], w0: ['1', '0'], t: 5 }, { supTolerance: null });
    for (const r of vac.document.claims) expect(r.vacuous ?? '').toMatch(/c_min = 0/);
  });

  it('a claim is never proved from an enclosure that misses the truth: a wrong eigen-enclosure makes the bracket proof fail', () => {
    const c = floatCase(2, 4, 1e3, 37);
    const E = encloseEigen(c.H, c.w0, 30);
    const D = directed(30);
    // shift α's enclosure far off: η* ∈ [1/L, 1/α] can then no longer be shown, and must not be claimed
    const bad = { ...E, alpha: D.point(E.alpha.lo.times(1e3)), lam: [...E.lam.slice(0, -1), D.point(E.alpha.lo.times(1e3))] };
    expect(new Prover(bad, 37).claim1().verdict).not.toBe('proved');
  });
});

// ---------------------------------------------------------------- the ledger's checks

describe('certify in the ledger: every generated case of the five claims is certified', () => {
  const byId = new Map(wang2021Sec3Claims.map((c) => [c.id, c]));
  for (const id of CERTIFIED_CLAIMS) {
    it(`${id}: 12 generated cases certified (status certified once runClaim knows it)`, () => {
      const claim = byId.get(id)!;
      expect(claim.expected).toBe('certified');
      const cases = fc.sample(claim.arbitrary(), { numRuns: 12, seed: 42 });
      for (const x of cases) {
        const out = claim.check(x);
        expect(out.ok && out.certified === true && !out.undecided, `${id}: ${out.detail}`).toBe(true);
      }
    });
  }
  for (const [id, guarded] of Object.entries(CERTIFIED_CONTROLS)) {
    it(`${id}: falsified by the certificate (a refuted case among the generated ones)`, () => {
      const claim = byId.get(id)!;
      expect(claim.controlOf).toBe(guarded);
      const cases = fc.sample(claim.arbitrary(), { numRuns: 40, seed: 43 });
      let detail = 'none refuted';
      for (const x of cases) {
        const o = claim.check(x);
        if (!o.ok) {
          detail = o.detail ?? '';
          break;
        }
      }
      expect(detail).toMatch(/refuted at eta = /);
    });
  }
});

// ---------------------------------------------------------------- CLI

describe('l2l-verify certify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'certify-'));
  const file = join(dir, 'case.json');
  writeFileSync(file, '{"H": [[2, 0.5, 0], [0.5, 1, 0.25], [0, 0.25, 0.1]], "w0": [0.6, 0.0, 0.8], "t": 100}');
  const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'certify', ...args], { encoding: 'utf8' });

  it('proves the five claims: exit 0 and the CLI.md document', () => {
    const r = run('--input', file, '--json');
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['eigen', 'etaStar', 'supAbsDG', 'claims']);
    expect(doc.claims.map((c: { id: string }) => c.id)).toEqual([...CERTIFIED_CLAIMS]);
    for (const c of doc.claims) {
      expect(c.verdict).toBe('proved');
      expect(Object.keys(c)).toEqual(['id', 'verdict', 'range', 'witness', 'boxes', 'seconds']);
    }
    expect(new Decimal(doc.etaStar.lo).lte(doc.etaStar.hi)).toBe(true);
  });

  it('exit 0 when a control is refuted (with its witness), 1 when a named control is proved on the instance', () => {
    const r = run('--input', file, '--json', '--claims', 'wang2021.claim2.bound.control-shrunk');
    expect(r.status, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout).claims[0];
    expect(c.verdict).toBe('refuted');
    expect(c.witness).toMatch(/^[0-9.e+-]+$/);
    const held = run('--input', file, '--claims', 'wang2021.thm3.upper.control-exponent');
    expect(held.status).toBe(1);
    expect(held.stdout).toMatch(/proved \(unexpected\)/);
  });

  it('bad input: exit 2, one line naming the field', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"H": [[1, 0], [0, -1]], "w0": [1, 0], "t": 3}');
    for (const [args, field] of [
      [['--input', bad, '--json'], 'H'],
      [['--input', file, '--claims', 'wang2021.nope'], '--claims'],
      [['--input', file, '--epsilon', 'abc'], '--epsilon'],
      [['--input', file, '--epsilon', '10'], '--epsilon'],
      [['--input', file, '--mhat', '1', '--claims', 'wang2021.claim3.lower'], '--mhat'],
    ] as const) {
      const r = run(...args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(field);
    }
  });
});
