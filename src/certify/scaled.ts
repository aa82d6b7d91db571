import { Decimal } from 'decimal.js';
import { directed, type Directed, type Iv } from './directed.js';
import type { EigenEnclosure } from './eigen.js';

/**
 * Enclosures of the scaled sums of Eqn 2 (CLAIMS.md) over an η box, from an eigen-enclosure.
 *
 * With rᵢ = 1 − ηλᵢ and a scale s(η) > 0,
 *   Ñ = Σ cᵢ²λᵢ² ρᵢ^{2t−1},  D̃ = Σ cᵢ²λᵢ ρᵢ^{2t},  ρᵢ = rᵢ/s,   G′ = −2Ñ/(s D̃),  F′ = −t s^{2t−1} Ñ.
 * Any s > 0 makes these identities exact; for nothing to overflow s is the dominant |r|
 * (Eqn 2): s = 1 − ηᾱ on the left of the split 2/(ᾱ + L̄) and s = ηL̄ − 1 on the right, with ᾱ, L̄
 * the extreme Ritz values (fixed decimals, so s is exact arithmetic on η; s > 0 on either side).
 *
 * Why corners suffice: on one side of the split, ρ(η, λ) = (1 − ηλ)/(1 − ηᾱ) has ∂ρ/∂η =
 * (ᾱ − λ)/(1 − ηᾱ)² and ∂ρ/∂λ = −η/(1 − ηᾱ) (right side: (λ − L̄)/(ηL̄ − 1)² and −η/(ηL̄ − 1)), so ρ
 * is monotone in each variable on a box η ∈ [a, b], λ ∈ Λ and its range is the hull of its values
 * at η = a and η = b over Λ. Odd powers are monotone in ρ, even powers in |ρ|: the range of every
 * term over the box is the hull of its two corner enclosures (with 0 for an even power when ρ
 * changes sign). Corner data are cached per η, so bisection costs one new corner per split.
 * A cluster of near-equal eigenvalues is one term: its weight W_J times the hull over its λ-range.
 */
export interface Term {
  lam: Iv;
  weight: Iv;
  /** W·λ³, W·λ² and W·λ. */
  wl3: Iv;
  wl2: Iv;
  wl: Iv;
  first: number;
  last: number;
}

export type Side = 'left' | 'right';

export interface Corner {
  eta: Decimal;
  side: Side;
  s: Iv;
  rho: Iv[];
  /** ρ^{2t−2}, ρ^{2t−1} and ρ^{2t} per term. */
  p0: Iv[];
  p1: Iv[];
  p2: Iv[];
  /** ρ for the exact L and α (Theorem 3's max(|1−ηα|, |1−ηL|)/s). */
  rhoL: Iv;
  rhoA: Iv;
}

export interface BoxEval {
  a: Decimal;
  b: Decimal;
  side: Side;
  s: Iv;
  rho: Iv[];
  p1: Iv[];
  p2: Iv[];
  rhoL: Iv;
  rhoA: Iv;
  N: Iv;
  Dn: Iv;
  /** M̃ = Σ W λ³ ρ^{2t−2} (for G″). */
  M: Iv;
  /** The corners' own evaluations (the mean-value form starts from them). */
  ca: Corner;
  cb: Corner;
}

export class ScaledSums {
  readonly D: Directed;
  readonly terms: Term[];
  /** ᾱ and L̄: the extreme Ritz values. */
  readonly abar: Decimal;
  readonly Lbar: Decimal;
  /** 2/(ᾱ + L̄), rounded to P digits (any point between the sides works). */
  readonly split: Decimal;
  private readonly cache = new Map<string, Corner>();
  evaluations = 0;

  constructor(
    readonly E: EigenEnclosure,
    readonly t: number,
  ) {
    const D = directed(E.P);
    this.D = D;
    this.terms = E.clusters.map((c) => {
      const lam = c.lam;
      return { lam, weight: c.weight, wl3: D.mul(c.weight, D.powInt(lam, 3)), wl2: D.mul(c.weight, D.sqr(lam)), wl: D.mul(c.weight, lam), first: c.first, last: c.last };
    });
    this.abar = D.dn(E.theta[E.d - 1]);
    this.Lbar = D.dn(E.theta[0]);
    if (!this.Lbar.gt(this.abar)) throw new RangeError('scaled form needs two distinct extreme Ritz values (L > α)');
    this.split = new D.Lo(2).div(this.Lbar.plus(this.abar));
  }

  sideOf(a: Decimal, b: Decimal): Side {
    if (b.lte(this.split)) return 'left';
    if (a.gte(this.split)) return 'right';
    throw new RangeError(`box [${a}, ${b}] straddles the split ${this.split}`);
  }

  /** s(η) on a side, as an interval (η a point). */
  private scale(eta: Decimal, side: Side): Iv {
    const D = this.D;
    if (side === 'left') return { lo: D.dn(new D.Lo(1)).minus(D.mulUp(eta, this.abar)), hi: D.up(new D.Hi(1)).minus(D.mulDn(eta, this.abar)) };
    return { lo: D.dn(D.mulDn(eta, this.Lbar)).minus(1), hi: D.up(D.mulUp(eta, this.Lbar)).minus(1) };
  }

  private rhoAt(eta: Decimal, lam: Iv, s: Iv): Iv {
    const D = this.D;
    // 1 − ηλ for η ≥ 0
    const r: Iv = { lo: D.dn(new D.Lo(1)).minus(D.mulUp(eta, lam.hi)), hi: D.up(new D.Hi(1)).minus(D.mulDn(eta, lam.lo)) };
    return D.div(r, s);
  }

  corner(eta: Decimal, side: Side): Corner {
    const key = `${side}|${eta.toString()}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const D = this.D;
    this.evaluations++;
    const s = this.scale(eta, side);
    if (!D.pos(s)) throw new RangeError(`scale s(${eta}) is not positive on the ${side} side`);
    const rho: Iv[] = [];
    const p0: Iv[] = [];
    const p1: Iv[] = [];
    const p2: Iv[] = [];
    for (const term of this.terms) {
      const r = this.rhoAt(eta, term.lam, s);
      // ρ^{2t−2} ≥ 0, then ρ^{2t−1} = ρ^{2t−2}·ρ and ρ^{2t} = ρ^{2t−2}·ρ² (at a point η, ρ is narrow)
      const q = D.powInt(r, 2 * this.t - 2);
      const ar = D.absIv(r);
      const q2 = D.mul(q, D.mul(ar, ar));
      rho.push(r);
      p0.push(q);
      p1.push(D.mul(q, r));
      p2.push(q2);
    }
    const c: Corner = { eta, side, s, rho, p0, p1, p2, rhoL: this.rhoAt(eta, this.E.L, s), rhoA: this.rhoAt(eta, this.E.alpha, s) };
    if (this.cache.size > 20000) this.cache.clear();
    this.cache.set(key, c);
    return c;
  }

  /** Enclosures over the box [a, b] (one side of the split; a = b is a point). */
  box(a: Decimal, b: Decimal): BoxEval {
    const D = this.D;
    const side = this.sideOf(a, b);
    const ca = this.corner(a, side);
    const cb = a.eq(b) ? ca : this.corner(b, side);
    const rho: Iv[] = [];
    const p1: Iv[] = [];
    const p2: Iv[] = [];
    let N: Iv = D.zero;
    let Dn: Iv = D.zero;
    let M: Iv = D.zero;
    for (let k = 0; k < this.terms.length; k++) {
      const r = D.hull(ca.rho[k], cb.rho[k]);
      const q1 = D.hull(ca.p1[k], cb.p1[k]);
      let q2 = D.hull(ca.p2[k], cb.p2[k]);
      let q0 = D.hull(ca.p0[k], cb.p0[k]);
      if (r.lo.isNeg() && r.hi.isPos()) {
        q2 = { lo: new D.Lo(0), hi: q2.hi };
        q0 = { lo: new D.Lo(0), hi: q0.hi };
      }
      rho.push(r);
      p1.push(q1);
      p2.push(q2);
      N = D.add(N, D.mul(this.terms[k].wl2, q1));
      Dn = D.add(Dn, D.mul(this.terms[k].wl, q2));
      M = D.add(M, D.mul(this.terms[k].wl3, q0));
    }
    return { a, b, side, s: D.hull(ca.s, cb.s), rho, p1, p2, rhoL: D.hull(ca.rhoL, cb.rhoL), rhoA: D.hull(ca.rhoA, cb.rhoA), N, Dn, M, ca, cb };
  }

  /** G′ = −2Ñ/(s D̃) over the box; null when D̃ is not provably positive there. */
  dG(e: BoxEval): Iv | null {
    const D = this.D;
    if (!D.pos(e.Dn)) return null;
    return D.div(D.mul(D.point(-2), e.N), D.mul(e.s, e.Dn));
  }

  /**
   * G′ over the box, tightened by the mean-value form from both corners:
   * G′(η) ∈ G′(a) + G″(box)·[0, b − a] and G′(η) ∈ G′(b) − G″(box)·[0, b − a], where
   * G″ = 2(2t−1)M̃/(s²D̃) − t·G′² (differentiate Eqn 1: N′ = −(2t−1)M, D′ = −2tN), each enclosed
   * over the box. The naive enclosure overestimates to first order in the width (the terms move
   * fast even where G′ is flat); this one to second order, which is what a 1% enclosure of
   * sup |G′| near its argmax needs. Null when D̃ is not provably positive.
   */
  dGmv(e: BoxEval): Iv | null {
    const D = this.D;
    const naive = this.dG(e);
    if (!naive || e.a.eq(e.b)) return naive;
    const ga = this.dG(this.box(e.a, e.a));
    const gb = this.dG(this.box(e.b, e.b));
    if (!ga || !gb) return naive;
    const g2 = D.sub(D.div(D.mul(D.point(2 * (2 * this.t - 1)), e.M), D.mul(D.sqr(e.s), e.Dn)), D.mul(D.point(this.t), D.sqr(naive)));
    const w: Iv = { lo: new D.Lo(0), hi: D.up(e.b).minus(e.a) };
    const fromA = D.add(ga, D.mul(g2, w));
    const fromB = D.sub(gb, D.mul(g2, w));
    const lo = Decimal.max(naive.lo, fromA.lo, fromB.lo);
    const hi = Decimal.min(naive.hi, fromA.hi, fromB.hi);
    return { lo: D.dn(lo), hi: D.up(hi) };
  }

  /**
   * dÑ/dη over the box: Σ W λ² (2t−1) ρ^{2t−2} ∂ρ/∂η with ∂ρ/∂η = (ᾱ − λ)/s² (left) or (λ − L̄)/s² (right).
   */
  dN(e: BoxEval): Iv {
    const D = this.D;
    const s2 = D.sqr(e.s);
    let sum: Iv = D.zero;
    const k2 = D.point(2 * this.t - 1);
    for (let k = 0; k < this.terms.length; k++) {
      const lam = this.terms[k].lam;
      const num = e.side === 'left' ? D.sub(D.point(this.abar), lam) : D.sub(lam, D.point(this.Lbar));
      const dr = D.div(num, s2);
      const pw = D.powInt(e.rho[k], 2 * this.t - 2);
      sum = D.add(sum, D.mul(D.mul(this.terms[k].wl2, k2), D.mul(pw, dr)));
    }
    return sum;
  }
}
