import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { createRng } from '../src/random/rng.js';
import { describe, expect, it } from 'vitest';
import { decimalArith } from '../src/arith/decimal.js';
import { float64 } from '../src/arith/float.js';
import { evaluateNqm } from '../src/cli/commands/nqm.js';
import { InputError } from '../src/errors.js';
import { parseExactJson } from '../src/io/json.js';
import {
  charPolyResidual,
  dynamicsMatrix,
  eigenvalues64,
  expectedLoss,
  expectedLossDoubling,
  expectedMetaGradient,
  gradientVector,
  monteCarloLoss,
  parseNqmCase,
  pathwiseGradientStats,
  pathwiseMetaGradient,
  preconditionedDynamicsMatrix,
  refinedEigenvalues,
  theorem1Conditions,
  type NqmSystem,
} from '../src/nqm/index.js';

const F = float64();
const D60 = decimalArith(60);

const num = (M: number[][]) => M;
function sysIn<T>(A: { fromString(s: string): T }, s: { H: string[][]; P: string[][]; alpha: string; SigmaXi: string[][]; phi0: string[] }): NqmSystem<T> {
  const m = (M: string[][]) => M.map((r) => r.map((x) => A.fromString(x)));
  return { H: m(s.H), P: m(s.P), alpha: A.fromString(s.alpha), SigmaXi: m(s.SigmaXi), phi0: s.phi0.map((x) => A.fromString(x)) };
}

/** A 2-d system with a non-symmetric P and correlated noise; ρ(A) ≈ 0.92. */
const STABLE = {
  H: [['1.11', '0.596'], ['0.596', '0.486']],
  P: [['0.1', '0.3'], ['-0.05', '0.2']],
  alpha: '0.4',
  SigmaXi: [['1', '0.3'], ['0.3', '0.5']],
  phi0: ['1', '-2'],
};
/** Fig. 2a's H. */
const FIG2A_H = [[1.11, 0.596], [0.596, 0.486]];

describe('expected loss (Eqn 8, ½ kept)', () => {
  it('matches the Monte Carlo mean within an interval that shrinks with samples', () => {
    const sys = sysIn(F, STABLE);
    const Ts = [1, 3, 10];
    const closed = expectedLoss(F, sys, Ts);
    const small = monteCarloLoss(sys, Ts, 400, 11);
    const large = monteCarloLoss(sys, Ts, 6400, 12);
    for (let i = 0; i < Ts.length; i++) {
      expect(Math.abs(small[i].mean - closed[i].expected)).toBeLessThan(5 * small[i].stdErr);
      expect(Math.abs(large[i].mean - closed[i].expected)).toBeLessThan(5 * large[i].stdErr);
      // 16× the samples: standard error ×1/4
      expect(large[i].stdErr / small[i].stdErr).toBeGreaterThan(0.18);
      expect(large[i].stdErr / small[i].stdErr).toBeLessThan(0.32);
    }
  });

  it('is half of Eqn 8 as printed at T = 1 by hand: ½φ₁ᵀHφ₁ + ½tr(HΣ₁) + ½tr(HΣ_ξ)', () => {
    // α = 0.5, P = 0, Σ_ξ = I: Σ₁ = ¼H², so the noise part is ⅛tr(H³) + ½tr(H)
    const H = FIG2A_H;
    const sys: NqmSystem<number> = { H, P: [[0, 0], [0, 0]], alpha: 0.5, SigmaXi: [[1, 0], [0, 1]], phi0: [1, 2] };
    const A = dynamicsMatrix(F, H, sys.P, 0.5);
    const phi1 = [A[0][0] + 2 * A[0][1], A[1][0] + 2 * A[1][1]];
    const det = 0.5 * (phi1[0] * (H[0][0] * phi1[0] + H[0][1] * phi1[1]) + phi1[1] * (H[1][0] * phi1[0] + H[1][1] * phi1[1]));
    const [l1, l2] = eigenvalues64(H, true).map((z) => z.re);
    const expected = det + (l1 ** 3 + l2 ** 3) / 8 + (l1 + l2) / 2;
    const p = expectedLoss(F, sys, [1])[0];
    expect(p.deterministic).toBeCloseTo(det, 14);
    expect(p.expected).toBeCloseTo(expected, 13);
  });

  it('decimal and float64 agree on stable systems, and recursion = doubling', () => {
    const Ts = [1, 2, 7, 50, 400];
    const f = expectedLoss(F, sysIn(F, STABLE), Ts);
    const d = expectedLoss(D60, sysIn(D60, STABLE), Ts);
    const dd = expectedLossDoubling(D60, sysIn(D60, STABLE), Ts);
    for (let i = 0; i < Ts.length; i++) {
      expect(Math.abs(f[i].expected / d[i].expected.toNumber() - 1)).toBeLessThan(1e-12);
      expect(Math.abs(f[i].deterministic / d[i].deterministic.toNumber() - 1)).toBeLessThan(1e-11);
      expect(d[i].expected.minus(dd[i].expected).abs().div(d[i].expected).toNumber()).toBeLessThan(1e-45);
      expect(d[i].deterministic.minus(dd[i].deterministic).abs().div(d[i].deterministic).toNumber()).toBeLessThan(1e-45);
    }
  });

  it('gives ≥ 12 significant digits far beyond float64 range (unstable A, T = 2000)', () => {
    const c = { ...STABLE, alpha: '2.5' };
    const Ts = [2000];
    const at = (prec: number) => expectedLossDoubling(decimalArith(prec), sysIn(decimalArith(prec), c), Ts)[0].expected;
    const a = at(60);
    const b = at(100);
    expect(a.e).toBeGreaterThan(400); // overflows float64
    expect(a.minus(b).abs().div(b).toNumber()).toBeLessThan(1e-40);
    expect(expectedLoss(F, sysIn(F, c), Ts)[0].expected).toBe(Infinity);
  });
});

describe('meta-gradient', () => {
  const h = new Decimal('1e-25');
  const D = D60;
  const lossAt = (s: NqmSystem<Decimal>, T: number) => expectedLoss(D, s, [T])[0].expected;

  it('of the expected loss equals central finite differences in 60-digit decimal (α and every P entry)', () => {
    const s = sysIn(D, STABLE);
    for (const T of [1, 5, 40]) {
      const g = expectedMetaGradient(D, s, T);
      expect(g.loss.minus(lossAt(s, T)).abs().toNumber()).toBeLessThan(1e-50);
      const fdAlpha = lossAt({ ...s, alpha: s.alpha.plus(h) }, T).minus(lossAt({ ...s, alpha: s.alpha.minus(h) }, T)).div(h.times(2));
      expect(fdAlpha.minus(g.dAlpha).abs().div(g.dAlpha.abs()).toNumber()).toBeLessThan(1e-25);
      for (let i = 0; i < 2; i++)
        for (let j = 0; j < 2; j++) {
          const bump = (e: Decimal) => ({ ...s, P: s.P.map((r, a) => r.map((x, b) => (a === i && b === j ? x.plus(e) : x))) });
          const fd = lossAt(bump(h), T).minus(lossAt(bump(h.neg()), T)).div(h.times(2));
          expect(fd.minus(g.dP[i][j]).abs().toNumber()).toBeLessThan(1e-25 * Math.max(1, g.dP[i][j].abs().toNumber()));
        }
    }
  });

  it('checkpointing does not change it (T = 1000: √T segments vs the same recursion in float64)', () => {
    const gd = expectedMetaGradient(D, sysIn(D, STABLE), 1000);
    const gf = expectedMetaGradient(F, sysIn(F, STABLE), 1000);
    const vd = gradientVector(gd).map((x) => x.toNumber());
    const vf = gradientVector(gf);
    for (let i = 0; i < vd.length; i++) expect(Math.abs(vf[i] - vd[i])).toBeLessThan(1e-10 * Math.max(1, Math.abs(vd[i])));
  });

  it('pathwise: equals finite differences of the sampled loss with the noise path held fixed', () => {
    const s = sysIn(D, STABLE);
    const g = createRng(5);
    const T = 12;
    const xi = Array.from({ length: T + 1 }, () => g.gaussianVector(2).map((x) => D.fromNumber(x)));
    const sampled = (sys: NqmSystem<Decimal>) => pathwiseMetaGradient(D, sys, sys.phi0, xi, T).loss;
    const pg = pathwiseMetaGradient(D, s, s.phi0, xi, T);
    const fdAlpha = sampled({ ...s, alpha: s.alpha.plus(h) }).minus(sampled({ ...s, alpha: s.alpha.minus(h) })).div(h.times(2));
    expect(fdAlpha.minus(pg.dAlpha).abs().toNumber()).toBeLessThan(1e-25 * Math.max(1, pg.dAlpha.abs().toNumber()));
    const bump = (e: Decimal) => ({ ...s, P: s.P.map((r, a) => r.map((x, b) => (a === 1 && b === 0 ? x.plus(e) : x))) });
    const fd = sampled(bump(h)).minus(sampled(bump(h.neg()))).div(h.times(2));
    expect(fd.minus(pg.dP[1][0]).abs().toNumber()).toBeLessThan(1e-25 * Math.max(1, pg.dP[1][0].abs().toNumber()));
  });

  it('pathwise gradients average to the expected gradient', () => {
    const s = sysIn(F, STABLE);
    const T = 8;
    const stats = pathwiseGradientStats(s, T, 4000, 99);
    const exact = gradientVector(expectedMetaGradient(F, s, T));
    const se = Math.sqrt(stats.traceVariance / stats.samples);
    for (let i = 0; i < exact.length; i++) expect(Math.abs(stats.mean[i] - exact[i])).toBeLessThan(5 * se);
  });
});

describe('eigenvalues and ρ(A), refined', () => {
  it('non-normal A with a complex pair: refined ρ satisfies the characteristic polynomial at 120 digits and matches a 120-digit refinement', () => {
    const A = [
      ['0.3', '40', '-7'],
      ['-0.02', '0.5', '3'],
      ['0.001', '-0.004', '0.9'],
    ];
    const r80 = refinedEigenvalues(A, { precision: 80 });
    const r120 = refinedEigenvalues(A, { precision: 120 });
    expect(r80.values.some((z) => !z.im.isZero())).toBe(true);
    expect(r80.rho.minus(r120.rho).abs().toNumber()).toBeLessThan(1e-60);
    for (const z of r80.values) expect(charPolyResidual(A, z, 120).toNumber()).toBeLessThan(1e-60);
    // float64 is good to ~1e-15 here only up to the conditioning; refinement must at least agree with it
    const f = eigenvalues64(A.map((r) => r.map(Number)));
    expect(Math.abs(Math.hypot(f[0].re, f[0].im) - r80.rho.toNumber())).toBeLessThan(1e-10);
  });

  it('defective A (Jordan pair at 1.1): float64 loses half its digits, refinement gets ≥ 30', () => {
    // A = V J V⁻¹, J = [[1.1, 1], [0, 1.1]]: computed exactly in decimal
    const A = [
      ['0.1', '1'],
      ['-1', '2.1'],
    ]; // trace 2.2, det 0.21 + 1 = 1.21 → double eigenvalue 1.1, not diagonalizable
    const r = refinedEigenvalues(A, { precision: 80 });
    expect(r.rho.minus('1.1').abs().toNumber()).toBeLessThan(1e-30);
    expect(r.values.every((z) => z.im.isZero())).toBe(true);
  });

  it('eigPReal and Theorem 1 conditions: a rotation P has no real spectrum → null', () => {
    const H = [['2', '0'], ['0', '1']];
    expect(theorem1Conditions(H, [['0', '-1'], ['1', '0']], '0.1').conditions).toBeNull();
    expect(theorem1Conditions(H, [['0.5', '0'], ['0', '-0.1']], '0.1').conditions).toBe(true);
    // (10) with equality: λ_max(P) = 2/2 − 0.5
    expect(theorem1Conditions(H, [['0.5', '0'], ['0', '0']], '0.5').conditions).toBe(true);
    expect(theorem1Conditions(H, [['0.5000001', '0'], ['0', '0']], '0.5').conditions).toBe(false);
    expect(theorem1Conditions(H, [['0', '0'], ['0', '-0.6']], '0.5').conditions).toBe(false);
  });
});

describe('Theorem 1 / Lemma 2 by hand', () => {
  it('Theorem 1 fails for a non-symmetric P meeting (9)-(10): 2×2 counterexample', () => {
    // H = [[1, .5], [.5, 1]] (λ_max = 1.5), α = 0, P = [[0, 0], [−1, 0.25]]: eigenvalues 0, 0.25 ∈ [0, 4/3],
    // PH = [[0, 0], [−0.75, −0.25]]: A = I − PH has eigenvalue 1.25
    const H = [['1', '0.5'], ['0.5', '1']];
    const P = [['0', '0'], ['-1', '0.25']];
    expect(theorem1Conditions(H, P, '0').conditions).toBe(true);
    const D = decimalArith(80);
    const A = dynamicsMatrix(D, H.map((r) => r.map((x) => D.fromString(x))), P.map((r) => r.map((x) => D.fromString(x))), D.zero);
    expect(refinedEigenvalues(A).rho.toString()).toBe('1.25');
  });

  it('Lemma 2 holds for symmetric P (eigenvalues of (αI+P)H^{1/2} lie in [0, 2])', () => {
    const D = decimalArith(60);
    const H = [['2', '0.7'], ['0.7', '0.5']].map((r) => r.map((x) => D.fromString(x)));
    const lmax = refinedEigenvalues(H, { symmetric: true }).rho;
    const alpha = D.fromString('0.2');
    const top = D.sub(D.div(D.fromNumber(2), D.sqrt(lmax)), alpha);
    // P = Q diag(top, −α) Qᵀ with Q a rotation by 0.3 rad
    const c = D.fromNumber(Math.cos(0.3));
    const s = D.fromNumber(Math.sin(0.3));
    const Q = [[c, s.neg()], [s, c]];
    const lam = [top, alpha.neg()];
    const P = [0, 1].map((i) => [0, 1].map((j) => D.add(D.mul(D.mul(Q[i][0], lam[0]), Q[j][0]), D.mul(D.mul(Q[i][1], lam[1]), Q[j][1]))));
    const rho = refinedEigenvalues(preconditionedDynamicsMatrix(D, H, P, alpha), { precision: 60 }).rho;
    expect(rho.lte(D.add(D.one, D.fromString('1e-30')))).toBe(true);
  });
});

describe('Fig. 2a setting: H = [[1.11, 0.596], [0.596, 0.486]], P = 0, α swept', () => {
  const lmax = eigenvalues64(FIG2A_H, true)[0].re;
  const sysAt = (alpha: number): NqmSystem<number> => ({
    H: num(FIG2A_H),
    P: [[0, 0], [0, 0]],
    alpha,
    SigmaXi: [[1, 0], [0, 1]],
    phi0: [0, 0],
    phi0Cov: [[10, 0], [0, 10]],
  });
  const rhoOf = (alpha: number) => Math.max(...eigenvalues64(FIG2A_H, true).map((z) => Math.abs(1 - alpha * z.re)));
  const Ts = [25, 50, 100, 200];

  it('ρ(A) < 1 (α ∈ (0, 2/λ_max)): gradient magnitude and variance stay bounded in T', () => {
    for (const f of [0.2, 0.5, 0.9]) {
      const alpha = (f * 2) / lmax;
      expect(rhoOf(alpha)).toBeLessThan(1);
      const g = Ts.map((T) => Math.hypot(...gradientVector(expectedMetaGradient(F, sysAt(alpha), T))));
      const v = Ts.map((T) => pathwiseGradientStats(sysAt(alpha), T, 64, 1).traceVariance);
      expect(g[3]).toBeLessThan(4 * Math.max(g[0], g[1], g[2]));
      expect(v[3]).toBeLessThan(10 * Math.max(v[0], v[1], v[2]));
    }
  });

  it('ρ(A) > 1 (α > 2/λ_max): both grow exponentially, at rates 2 ln ρ and 4 ln ρ', () => {
    for (const f of [1.05, 1.1]) {
      const alpha = (f * 2) / lmax;
      const rho = rhoOf(alpha);
      expect(rho).toBeGreaterThan(1);
      const g = Ts.map((T) => Math.hypot(...gradientVector(expectedMetaGradient(F, sysAt(alpha), T))));
      const v = Ts.map((T) => pathwiseGradientStats(sysAt(alpha), T, 64, 1).traceVariance);
      const slopeG = Math.log(g[3] / g[1]) / (Ts[3] - Ts[1]);
      const slopeV = Math.log(v[3] / v[1]) / (Ts[3] - Ts[1]);
      expect(Math.abs(slopeG / (2 * Math.log(rho)) - 1)).toBeLessThan(0.1);
      expect(Math.abs(slopeV / (4 * Math.log(rho)) - 1)).toBeLessThan(0.1);
      expect(g[3] / g[0]).toBeGreaterThan(1e6);
    }
  });
});

describe('nqm command', () => {
  const good = {
    H: [[1.11, 0.596], [0.596, 0.486]],
    P: [[0.1, 0.3], [-0.05, 0.2]],
    alpha: 0.4,
    SigmaXi: [[1, 0.3], [0.3, 0.5]],
    phi0: [1, -2],
    T: [10, 1, 5000],
  };
  const parse = (o: unknown) => parseNqmCase(parseExactJson(JSON.stringify(o), 'sys.json'));
  const fieldOf = (o: unknown): string => {
    try {
      parse(o);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as InputError).field;
    }
    throw new Error('no InputError');
  };

  it('rejects bad input with the field named', () => {
    expect(fieldOf({ ...good, H: [[1, 2, 3], [2, 1, 0]] })).toMatch(/^H/);
    expect(fieldOf({ ...good, H: [[1, 0.5], [0.4, 1]] })).toBe('H');
    expect(fieldOf({ ...good, H: [[1, 2], [2, 1]] })).toBe('H');
    expect(fieldOf({ ...good, P: [[1, 0]] })).toBe('P');
    expect(fieldOf({ ...good, SigmaXi: [[1, 0], [0, -1]] })).toBe('SigmaXi');
    expect(fieldOf({ ...good, SigmaXi: [[1, 0.2], [0.3, 1]] })).toBe('SigmaXi');
    expect(fieldOf({ ...good, phi0: [1] })).toBe('phi0');
    expect(fieldOf({ ...good, T: [1, 0] })).toBe('T[1]');
    expect(fieldOf({ ...good, T: [2.5] })).toBe('T[0]');
    expect(fieldOf({ ...good, T: [] })).toBe('T');
    expect(fieldOf({ ...good, alpha: 'x' })).toBe('alpha');
    expect(() => parseNqmCase(parseExactJson('{"alpha": 1e999}', 'sys.json'))).toThrow(InputError);
    const { alpha: _drop, ...noAlpha } = good;
    expect(fieldOf(noAlpha)).toBe('alpha');
    // PSD but singular SigmaXi is allowed
    expect(() => parse({ ...good, SigmaXi: [[1, 1], [1, 1]] })).not.toThrow();
  });

  it('document: fields, order, strings; ρ and the loss to ≥ 12 digits against an independent 100-digit recursion', () => {
    const doc = evaluateNqm(parse(good));
    expect(Object.keys(doc)).toEqual(['rho', 'eigA', 'eigPReal', 'theorem1Conditions', 'loss']);
    expect(doc.loss.map((p) => p.T)).toEqual([10, 1, 5000]);
    const mods = doc.eigA.map((z) => Math.hypot(Number(z.re), Number(z.im)));
    expect([...mods].sort((a, b) => b - a)).toEqual(mods);
    expect(Number(doc.rho)).toBeCloseTo(mods[0], 15);
    const D = decimalArith(100);
    const ref = expectedLoss(D, sysIn(D, { ...STABLE }), [1, 10, 5000]);
    for (const p of doc.loss) {
      const r = ref.find((x) => x.T === p.T)!;
      expect(new Decimal(p.expected).minus(r.expected).abs().div(r.expected).toNumber()).toBeLessThan(1e-18);
      expect(new Decimal(p.deterministic).minus(r.deterministic).abs().div(r.deterministic).toNumber()).toBeLessThan(1e-18);
    }
  });

  it('uses the text of the input numbers (0.1 is one tenth, not the double)', () => {
    const c = parse({ ...good, P: [[0, 0], [0, 0]], H: [[1, 0], [0, 1]], alpha: 0.1, T: [1] });
    const doc = evaluateNqm(c);
    expect(doc.rho).toBe('0.9');
  });

  it('runs from the command line: --json prints one document, bad JSON exits 2 with one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nqm-'));
    const okFile = join(dir, 'ok.json');
    writeFileSync(okFile, JSON.stringify({ ...good, alpha: 3, T: [1, 3000] }));
    const run = (file: string) => spawnSync('npx', ['tsx', 'src/cli/main.ts', 'nqm', '--input', file, '--json'], { encoding: 'utf8' });
    const r = run(okFile);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Number(doc.rho)).toBeGreaterThan(1);
    expect(doc.loss[1].expected).toMatch(/e\+\d{3,}$/); // beyond float64
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"H": [[1,0],[0,1]], ');
    const b = run(bad);
    expect(b.status).toBe(2);
    expect(b.stdout).toBe('');
    expect(b.stderr.trim().split('\n').filter((l) => !l.startsWith('npm warn'))).toHaveLength(1);
  }, 60_000);
});
