import { Decimal } from 'decimal.js';
import type { Iv } from './directed.js';
import type { EigenEnclosure } from './eigen.js';
import { ScaledSums, type BoxEval } from './scaled.js';

/**
 * Branch and bound on η boxes (with the corner enclosures of scaled.ts) for one (H, w₀, t):
 * each procedure PROVES its statement on the whole η range, REFUTES it with a witness η at which
 * the statement fails (a point enclosure, so the failure is certain), or leaves it UNDECIDED
 * (box budget or precision exhausted) — never proved by default.
 */
export type CertVerdict = 'proved' | 'refuted' | 'undecided';

export interface ProofResult {
  verdict: CertVerdict;
  /** The η range proved (text). */
  range: string;
  witness: Decimal | null;
  boxes: number;
  /**
   * The claim's tightness (lhs/rhs of "lhs ≤ rhs"; bound/lhs for "lhs ≥ bound") at the corners of the
   * proved boxes, each a certified lower bound at its point: a lower bound on the sup over the range
   * (the sharp sup of Claim 2's is `supAbsDG` / B).
   */
  tightness?: number;
  detail: string;
}

type BoxOutcome = 'proved' | 'failed' | 'split';

export interface BnbResult {
  status: 'proved' | 'failed' | 'undecided';
  witness?: Decimal;
  boxes: number;
  /** Largest ratio at the corners of the proved boxes (lower bounds at points). */
  tightness: number;
}

/** Defaults: box budget per procedure. */
export const MAX_BOXES = 3000;

export class Prover {
  readonly S: ScaledSums;
  readonly D;
  readonly E: EigenEnclosure;
  readonly t: number;
  /** Box budget of each branch and bound (MAX_BOXES unless set). */
  maxBoxes = MAX_BOXES;
  private starCache?: StarResult;
  private starBudget = 0;

  constructor(E: EigenEnclosure, t: number) {
    this.E = E;
    this.t = t;
    this.S = new ScaledSums(E, t);
    this.D = this.S.D;
  }

  /** A point strictly inside (a, b), short in digits; null when the box cannot be split at P digits. */
  splitPoint(a: Decimal, b: Decimal): Decimal | null {
    const D = this.D;
    let m: Decimal;
    if (a.isPos() && !a.isZero() && b.div(a).gt(8)) m = new D.Lo(a).times(b).sqrt();
    else m = new D.Lo(a).plus(b).div(2);
    const w = new D.Lo(b).minus(a);
    if (w.isZero()) return null;
    const sd = Math.min(D.P, Math.max(3, Math.ceil(Math.log10(Math.abs(m.toNumber()) / w.toNumber() + 1)) + 3));
    m = m.toSignificantDigits(sd);
    if (!(m.gt(a) && m.lt(b))) {
      m = new D.Lo(a).plus(b).div(2);
      if (!(m.gt(a) && m.lt(b))) return null;
    }
    return D.dn(m);
  }

  /**
   * Generic branch and bound: every box of `ranges` (split first at the scaled form's split point)
   * must come out `proved`; a `failed` box (the statement false on all of it) gives a witness,
   * its midpoint, re-checked as a point box.
   */
  bnb(ranges: [Decimal, Decimal][], test: (e: BoxEval) => { outcome: BoxOutcome; ratio?: number }, maxBoxes = this.maxBoxes): BnbResult {
    const S = this.S;
    const queue: [Decimal, Decimal][] = [];
    for (const [a, b] of ranges) {
      if (a.gt(b)) continue;
      if (a.lt(S.split) && b.gt(S.split)) queue.push([a, S.split], [S.split, b]);
      else queue.push([a, b]);
    }
    let boxes = 0;
    let tight = -Infinity;
    let undecided = false;
    while (queue.length) {
      const [a, b] = queue.shift()!;
      boxes++;
      const e = S.box(a, b);
      const r = test(e);
      if (r.outcome === 'proved') {
        for (const x of a.eq(b) ? [a] : [a, b]) {
          const q = test(S.box(x, x)).ratio;
          if (q !== undefined && q > tight) tight = q;
        }
        continue;
      }
      if (r.outcome === 'failed') {
        const w = a.eq(b) ? a : (this.splitPoint(a, b) ?? a);
        if (test(S.box(w, w)).outcome === 'failed') return { status: 'failed', witness: w, boxes, tightness: tight };
      }
      if (boxes + queue.length >= maxBoxes) {
        undecided = true;
        break;
      }
      const m = this.splitPoint(a, b);
      if (!m) {
        undecided = true;
        continue;
      }
      queue.push([a, m], [m, b]);
    }
    return { status: undecided ? 'undecided' : 'proved', boxes, tightness: tight };
  }

  // ------------------------------------------------------------------ helpers on the enclosures

  /** sign of Ñ (hence of −G′) at a point: +1, −1 or 0 (not decided). */
  signN(eta: Decimal): number {
    const e = this.S.box(eta, eta);
    if (this.D.pos(e.N)) return 1;
    if (this.D.negative(e.N)) return -1;
    return 0;
  }

  /** Midpoint value of Ñ at a point (for the secant steps only: not an enclosure). */
  private midN(eta: Decimal): number {
    const e = this.S.box(eta, eta);
    return this.D.mid(e.N).toNumber();
  }

  /** 1/x rounded up and down. */
  invUp(x: Decimal): Decimal {
    return new this.D.Hi(1).div(x);
  }

  invDn(x: Decimal): Decimal {
    return new this.D.Lo(1).div(x);
  }

  /** A point T > 1/α (so every rᵢ < 0 on (T, ∞)): 1/α_lo·(1 + 1e-6), rounded up. */
  beyondInvAlpha(): Decimal {
    return this.D.up(this.invUp(this.E.alpha.lo)).times('1.000001');
  }

  /** L > α proved. */
  distinctExtremes(): boolean {
    return this.E.L.lo.gt(this.E.alpha.hi);
  }

  // ------------------------------------------------------------------ Claim 1 and η*

  /**
   * η* enclosed, with the proof of Claim 1's sign pattern:
   *  - bracket: Ñ(e₁) > 0 at e₁ = ⌈1/L_lo⌉ ≥ 1/L and Ñ(e₂) < 0 at e₂ = ⌊1/α_hi⌋ ≤ 1/α;
   *  - bisection / Illinois secant on the sign of Ñ (sign G′ = −sign Ñ, since s, D̃ > 0) down to
   *    [a, b] with Ñ(a) > 0 > Ñ(b), b − a ≤ 1e-17·a (≥ 15 significant digits of η*);
   *  - uniqueness on [a, b]: dÑ/dη < 0 on the box (Ñ strictly decreasing), so G′ has exactly one
   *    zero η* there and changes sign from − to + at it;
   *  - G′ < 0 on [0, a] (Ñ > 0, D̃ > 0 box by box) and G′ > 0 on [b, T] with T > 1/α;
   *  - tail (T, ∞): every rᵢ = 1 − ηλᵢ < 0, so every term of Ñ is ≤ 0, and Σcᵢ² = 1 makes one of
   *    them < 0: G′ > 0 (analytic, no boxes).
   */
  etaStar(): StarResult {
    // an undecided result found under a smaller box budget (a control's) is not reused
    if (this.starCache && (this.starCache.verdict !== 'undecided' || this.starBudget >= this.maxBoxes)) return this.starCache;
    this.starBudget = this.maxBoxes;
    this.starCache = this.computeEtaStar();
    return this.starCache;
  }

  private computeEtaStar(): StarResult {
    const D = this.D;
    const E = this.E;
    const fail = (verdict: CertVerdict, detail: string, witness: Decimal | null = null, boxes = 0): StarResult => ({ verdict, detail, witness, boxes });
    if (!this.distinctExtremes()) return fail('undecided', 'L > alpha not proved at this precision');
    const e1 = this.invUp(E.L.lo);
    const e2 = this.invDn(E.alpha.hi);
    if (!e1.lt(e2)) return fail('undecided', '1/L and 1/alpha not separated at this precision');
    let boxes = 0;
    const s1 = this.signN(e1);
    const s2 = this.signN(e2);
    boxes += 2;
    if (s1 !== 1 || s2 !== -1) {
      // refutation of the bracket: G′ > 0 below 1/L or G′ < 0 above 1/α
      const below = this.invDn(E.L.hi);
      const above = this.invUp(E.alpha.lo);
      if (this.signN(below) === -1) return fail('refuted', `G' > 0 at eta = ${below} <= 1/L: eta* < 1/L`, below, boxes + 1);
      if (this.signN(above) === 1) return fail('refuted', `G' < 0 at eta = ${above} >= 1/alpha: eta* > 1/alpha`, above, boxes + 2);
      return fail('undecided', `sign of G' not decided at 1/L (${s1}) or 1/alpha (${s2})`, null, boxes + 2);
    }
    let a = e1;
    let b = e2;
    let fa = this.midN(a);
    let fb = this.midN(b);
    let side = 0;
    const rel = new Decimal('1e-17');
    for (let iter = 0; iter < 400; iter++) {
      const w = new D.Lo(b).minus(a);
      if (w.lte(rel.times(a))) break;
      let m: Decimal | null = null;
      // secant (Illinois) once the bracket is narrow enough for Ñ to look linear; else split
      if (b.div(a).lt(1.01) && Number.isFinite(fa) && Number.isFinite(fb) && fa > 0 && fb < 0) {
        const frac = fa / (fa - fb);
        const f = Math.min(0.999, Math.max(0.001, frac));
        const cand = D.dn(new D.Lo(a).plus(new D.Lo(w).times(f.toPrecision(15))));
        const sd = Math.min(D.P, Math.max(20, Math.ceil(Math.log10(a.toNumber() / w.toNumber())) + 8));
        const c = cand.toSignificantDigits(sd);
        if (c.gt(a) && c.lt(b)) m = D.dn(c);
      }
      if (!m) m = this.splitPoint(a, b);
      if (!m) break;
      const sm = this.signN(m);
      boxes++;
      if (sm === 0) {
        // Ñ(m) is within rounding of 0 (m is very close to η*): step out from m by 1e-18·m·4^j on
        // each side until the sign is decided, which gives a tight bracket
        let na: Decimal | null = null;
        let nb: Decimal | null = null;
        for (let j = 0; j < 40 && (!na || !nb); j++) {
          const step = D.dn(new D.Lo(m).times('1e-18').times(4 ** j));
          const lo = D.dn(new D.Lo(m).minus(step));
          const hi = D.dn(new D.Lo(m).plus(step));
          if (!na && lo.gt(a)) {
            boxes++;
            if (this.signN(lo) === 1) na = lo;
          }
          if (!nb && hi.lt(b)) {
            boxes++;
            if (this.signN(hi) === -1) nb = hi;
          }
          if (!lo.gt(a) && !hi.lt(b)) break;
        }
        if (!na && !nb) break;
        if (na) {
          a = na;
          fa = this.midN(a);
        }
        if (nb) {
          b = nb;
          fb = this.midN(b);
        }
        side = 0;
        continue;
      }
      const fm = this.midN(m);
      if (sm === 1) {
        a = m;
        fa = fm;
        if (side === 1) fb /= 2;
        side = 1;
      } else {
        b = m;
        fb = fm;
        if (side === -1) fa /= 2;
        side = -1;
      }
    }
    const digits = -Math.log10(new D.Hi(b).minus(a).div(a).toNumber());
    // uniqueness: Ñ strictly decreasing on [a, b]
    const parts: [Decimal, Decimal][] = a.lt(this.S.split) && b.gt(this.S.split) ? [[a, this.S.split], [this.S.split, b]] : [[a, b]];
    for (const [x, y] of parts) {
      boxes++;
      if (!D.negative(this.S.dN(this.S.box(x, y)))) {
        return { verdict: 'undecided', detail: `dN/deta < 0 not proved on [${x}, ${y}]`, witness: null, boxes, a, b, digits };
      }
    }
    // sign pattern away from η*
    const left = this.bnb([[new D.Lo(0), a]], (e) => {
      if (D.pos(e.N) && D.pos(e.Dn)) return { outcome: 'proved' };
      if (D.negative(e.N) && D.pos(e.Dn)) return { outcome: 'failed' };
      return { outcome: 'split' };
    });
    boxes += left.boxes;
    if (left.status === 'failed') return { verdict: 'refuted', detail: `G' > 0 at eta = ${left.witness} < eta*`, witness: left.witness!, boxes, a, b, digits };
    const T = this.beyondInvAlpha();
    const right = this.bnb([[b, T]], (e) => {
      if (D.negative(e.N) && D.pos(e.Dn)) return { outcome: 'proved' };
      if (D.pos(e.N) && D.pos(e.Dn)) return { outcome: 'failed' };
      return { outcome: 'split' };
    });
    boxes += right.boxes;
    if (right.status === 'failed') return { verdict: 'refuted', detail: `G' < 0 at eta = ${right.witness} > eta*`, witness: right.witness!, boxes, a, b, digits };
    if (left.status !== 'proved' || right.status !== 'proved') {
      return { verdict: 'undecided', detail: 'sign pattern not proved within the box budget', witness: null, boxes, a, b, digits };
    }
    if (digits < 15) return { verdict: 'undecided', detail: `eta* enclosed to only ${digits.toFixed(1)} digits`, witness: null, boxes, a, b, digits };
    return {
      verdict: 'proved',
      detail: `G' < 0 on [0, ${a}], one zero eta* in [${a}, ${b}] (dN/deta < 0), G' > 0 on [${b}, ${T}] and beyond (all r_i < 0); [a, b] inside [1/L, 1/alpha]`,
      witness: null,
      boxes,
      a,
      b,
      digits,
    };
  }

  /** The claim1 control: η* ≤ 2/(α+L). Refuted when ⌈2/(α_lo + L_lo)⌉ < a (G′(a) < 0 there). */
  claim1Bracket(): ProofResult {
    const D = this.D;
    const st = this.etaStar();
    if (!st.a || !st.b || st.verdict !== 'proved') return { verdict: 'undecided', range: 'eta*', witness: null, boxes: st.boxes, detail: `eta* not enclosed: ${st.detail}` };
    const upper = new D.Hi(2).div(D.dn(this.E.alpha.lo).plus(this.E.L.lo));
    const lower = new D.Lo(2).div(D.up(this.E.alpha.hi).plus(this.E.L.hi));
    if (st.a.gt(upper) && this.signN(st.a) === 1) {
      return { verdict: 'refuted', range: 'eta*', witness: st.a, boxes: st.boxes + 1, detail: `G' < 0 at eta = ${st.a} > 2/(alpha+L) <= ${upper}: eta* > 2/(alpha+L)` };
    }
    if (st.b.lte(lower)) return { verdict: 'proved', range: 'eta*', witness: null, boxes: st.boxes, detail: `eta* <= ${st.b} <= 2/(alpha+L)` };
    return { verdict: 'undecided', range: 'eta*', witness: null, boxes: st.boxes, detail: 'eta* within rounding of 2/(alpha+L)' };
  }

  claim1(): ProofResult {
    const st = this.etaStar();
    return { verdict: st.verdict, range: '[0, inf)', witness: st.witness, boxes: st.boxes, detail: st.detail };
  }

  // ------------------------------------------------------------------ sup |G′|

  /**
   * sup_{η ≥ 0} |G′(η)| to relative width `tol`: best-first branch and bound on [0, 2/α_lo] (largest
   * upper bound first; corners give lower bounds). Tail η ≥ 2/α_lo: there every rᵢ < 0 and
   * G′ = 2 Σ pᵢ λᵢ/|rᵢ| with weights pᵢ ∝ cᵢ²λᵢ rᵢ^{2t} summing to 1, so 0 < G′ ≤ 2 max λᵢ/(ηλᵢ − 1)
   * = 2/(η − 1/α) ≤ 2α_lo (analytic), which never exceeds |G′(0)| = 2Σcᵢ²λᵢ²/Σcᵢ²λᵢ ≥ 2α (Cauchy–Schwarz).
   */
  supAbsDG(tol = 0.01, maxBoxes = MAX_BOXES): { lo: Decimal; hi: Decimal; argmax: Decimal; boxes: number; done: boolean } {
    const D = this.D;
    const S = this.S;
    const T = this.D.up(new D.Hi(2).div(this.E.alpha.lo));
    const tail = D.up(this.E.alpha.lo).times(2);
    let best = new D.Lo(0);
    let argmax = new D.Lo(0);
    const heap: { a: Decimal; b: Decimal; ub: Decimal; key: number }[] = [];
    const push = (a: Decimal, b: Decimal) => {
      const e = S.box(a, b);
      for (const x of [a, b]) {
        const g = S.dG(S.box(x, x));
        if (g) {
          const lo = D.absIv(g).lo;
          if (lo.gt(best)) {
            best = lo;
            argmax = x;
          }
        }
      }
      const g = S.dGmv(e);
      const ub = g ? D.absIv(g).hi : new D.Hi(Infinity);
      heapPush(heap, { a, b, ub, key: ub.toNumber() });
    };
    const starts: [Decimal, Decimal][] = [[new D.Lo(0), S.split], [S.split, T]];
    for (const [a, b] of starts) push(a, b);
    let boxes = 2;
    let done = false;
    for (;;) {
      const top = heap[0];
      const ub = top.ub.gt(tail) ? top.ub : tail;
      if (ub.lte(D.up(best).times(1 + tol))) {
        done = true;
        break;
      }
      if (boxes >= maxBoxes) break;
      heapPop(heap);
      const m = this.splitPoint(top.a, top.b);
      if (!m) {
        // cannot split further at this precision: keep the box's bound as the answer
        heapPush(heap, { ...top, key: -Infinity });
        break;
      }
      push(top.a, m);
      push(m, top.b);
      boxes += 2;
    }
    let hi = tail as Decimal;
    for (const h of heap) if (h.ub.gt(hi)) hi = h.ub;
    return { lo: best, hi: D.up(hi), argmax, boxes, done };
  }

  // ------------------------------------------------------------------ Claim 2

  /** B = 4L³/(c_min² α (L − α)) enclosed; hi = Infinity when c_min may be 0. */
  claim2Bound(): Iv {
    const D = this.D;
    const E = this.E;
    const num = D.mul(D.point(4), D.powInt(E.L, 3));
    const den = D.mul(D.mul(E.cminSq, E.alpha), D.sub(E.L, E.alpha));
    const lo = D.up(den.hi).isZero() ? new D.Lo(Infinity) : D.dn(num.lo).div(den.hi);
    const hi = den.lo.isPos() && !den.lo.isZero() ? D.up(num.hi).div(den.lo) : new D.Hi(Infinity);
    return { lo, hi };
  }

  /**
   * Claim 2 (bound divided by `shrink` for its control) on [0, ∞): boxes on [0, T] with
   * T = max(2/α_lo, 1/α_lo + 2·shrink/B_lo); tail by the analytic bound of supAbsDG,
   * 0 < G′ ≤ 2/(η − 1/α) ≤ 2/(T − 1/α_lo) ≤ B_lo/shrink.
   */
  claim2(shrink = 1): ProofResult {
    const D = this.D;
    if (!this.distinctExtremes()) return { verdict: 'undecided', range: '[0, inf)', witness: null, boxes: 0, detail: 'L > alpha not proved' };
    const B = this.claim2Bound();
    const k = D.point(shrink);
    const Blo = B.lo.isFinite() ? D.div({ lo: B.lo, hi: D.up(B.lo) }, k).lo : B.lo;
    const Bhi = B.hi.isFinite() ? D.div({ lo: D.dn(B.hi), hi: B.hi }, k).hi : B.hi;
    const invA = this.invUp(this.E.alpha.lo);
    let T = D.up(invA).times(2);
    if (Blo.isFinite()) {
      const T2 = D.up(invA).plus(D.up(new D.Hi(2 * shrink)).div(Blo));
      if (T2.gt(T)) T = T2;
    }
    const r = this.bnb([[new D.Lo(0), T]], (e) => {
      const g = this.S.dG(e);
      if (!g) return { outcome: 'split' };
      const ag = D.absIv(g);
      const ratio = Bhi.isFinite() ? D.dn(ag.lo).div(Bhi).toNumber() : 0;
      if (ag.hi.lte(Blo)) return { outcome: 'proved', ratio };
      if (ag.lo.gt(Bhi)) return { outcome: 'failed' };
      return { outcome: 'split' };
    });
    const label = shrink === 1 ? 'B' : `B/${shrink}`;
    if (r.status === 'failed') {
      return { verdict: 'refuted', range: '[0, inf)', witness: r.witness!, boxes: r.boxes, detail: `|G'(${r.witness})| > ${label} = ${Bhi.toSignificantDigits(8)}` };
    }
    if (r.status === 'undecided') return { verdict: 'undecided', range: '[0, inf)', witness: null, boxes: r.boxes, detail: 'box budget exhausted' };
    return { verdict: 'proved', range: '[0, inf)', witness: null, boxes: r.boxes, tightness: r.tightness, detail: `|G'| <= ${label} >= ${Blo.toSignificantDigits(8)} on [0, ${T.toSignificantDigits(8)}] by boxes, beyond by 0 < G' <= 2/(eta - 1/alpha)` };
  }

  // ------------------------------------------------------------------ Claim 3

  /**
   * Claim 3 for ε, M̂ (hypotheses 0 < ε < 1/L, M̂ ≥ 2/α proved first; a hypothesis proved false makes
   * the statement vacuous): |G′| ≥ max(appendix bound, ICML bound)·inflate on [0, η*−ε] ∪ [η*+ε, M̂],
   * proved on the superset [0, b−ε] ∪ [a+ε, M̂] (η* ∈ [a, b]); a witness must lie in
   * [0, a−ε] ∪ [b+ε, M̂], inside the statement's range for the exact η*.
   */
  claim3(epsilon: Decimal, mhat: Decimal, inflate = 1): ProofResult & { vacuous?: string } {
    const D = this.D;
    const E = this.E;
    const range = '[0, eta*-eps] U [eta*+eps, Mhat]';
    const und = (detail: string, boxes = 0): ProofResult => ({ verdict: 'undecided', range, witness: null, boxes, detail });
    const eps = D.point(epsilon);
    const M = D.point(mhat);
    if (!this.distinctExtremes()) return und('L > alpha not proved');
    const epsL = D.mul(eps, E.L);
    const Ma = D.mul(M, E.alpha);
    if (!D.pos(eps)) return { ...und('eps <= 0'), verdict: 'proved', vacuous: 'epsilon must be > 0' };
    if (epsL.lo.gte(1)) return { ...und('eps >= 1/L'), verdict: 'proved', vacuous: `epsilon must be < 1/L (eps L >= ${epsL.lo.toSignificantDigits(6)})` };
    if (Ma.hi.lt(2)) return { ...und('Mhat < 2/alpha'), verdict: 'proved', vacuous: `mhat must be >= 2/alpha (Mhat alpha <= ${Ma.hi.toSignificantDigits(6)})` };
    if (!epsL.hi.lt(1)) return und('eps < 1/L not decided at this precision');
    if (!Ma.lo.gte(2)) return und('Mhat >= 2/alpha not decided at this precision');
    const st = this.etaStar();
    if (!st.a || !st.b || st.verdict !== 'proved') return und(`eta* not enclosed: ${st.detail}`, st.boxes);
    const two = D.point(2);
    const a3L = D.div(D.powInt(E.alpha, 3), E.L);
    const ML1 = D.sub(D.mul(M, E.L), D.one);
    const appA = D.mul(D.mul(D.mul(two, eps), E.cdsq), a3L);
    const appB = D.div(D.mul(D.mul(D.mul(two, eps), E.c1sq), D.sqr(E.L)), D.sqr(ML1));
    const app = D.min(appA, appB);
    const icml = D.mul(D.mul(D.mul(two, eps), E.cminSq), D.min(a3L, D.div(D.one, D.sqr(M))));
    const k = D.point(inflate);
    const bound = D.mul(D.max(app, icml), k);
    const tl = D.dn(st.a).minus(eps.hi); // true range: η ≤ a − ε ≤ η* − ε
    const tr = D.up(st.b).plus(eps.hi); //            η ≥ b + ε ≥ η* + ε
    const leftEnd = D.up(st.b).minus(eps.lo);
    const rightStart = D.dn(st.a).plus(eps.lo);
    const ranges: [Decimal, Decimal][] = [];
    if (!leftEnd.isNeg()) ranges.push([new D.Lo(0), D.dn(leftEnd)]);
    if (rightStart.lte(M.lo)) ranges.push([rightStart, D.dn(M.hi)]);
    const r = this.bnb(ranges, (e) => {
      const g = this.S.dG(e);
      if (!g) return { outcome: 'split' };
      const ag = D.absIv(g);
      const ratio = bound.lo.isPos() ? D.dn(bound.lo).div(ag.hi).toNumber() : 0;
      if (ag.lo.gte(bound.hi)) return { outcome: 'proved', ratio };
      const inside = e.b.lte(tl) || (e.a.gte(tr) && e.b.lte(M.lo));
      if (inside && ag.hi.lt(bound.lo)) return { outcome: 'failed' };
      return { outcome: 'split' };
    });
    const label = inflate === 1 ? 'bound' : `bound x ${inflate}`;
    if (r.status === 'failed') {
      return { verdict: 'refuted', range, witness: r.witness!, boxes: r.boxes + st.boxes, detail: `|G'(${r.witness})| < ${label} = ${bound.lo.toSignificantDigits(8)}` };
    }
    if (r.status === 'undecided') return und('box budget exhausted', r.boxes + st.boxes);
    return { verdict: 'proved', range, witness: null, boxes: r.boxes + st.boxes, tightness: r.tightness, detail: `|G'| >= ${label} (appendix and ICML forms) <= ${bound.hi.toSignificantDigits(8)} on ${ranges.map(([x, y]) => `[${x.toSignificantDigits(10)}, ${y.toSignificantDigits(10)}]`).join(' U ')}` };
  }

  // ------------------------------------------------------------------ Theorem 3

  /**
   * Theorem 3's upper bound on (0, 2/L), proved on [0, ⌈2/L_lo⌉] (it holds at every η: |rᵢ| ≤
   * max(|1−ηα|, |1−ηL|) for λᵢ ∈ [α, L]). Scaled: |F′| ≤ tL²m^{2t−1} ⟺ |Ñ| ≤ L² μ^{2t−1},
   * μ = max(|ρ_α|, |ρ_L|) = m/s. The control's exponent 2t+1 multiplies the right side by m² = (μs)².
   */
  thm3Upper(exponentShift = 0): ProofResult {
    const D = this.D;
    const E = this.E;
    const range = '(0, 2/L)';
    if (!this.distinctExtremes()) return { verdict: 'undecided', range, witness: null, boxes: 0, detail: 'L > alpha not proved' };
    const U = this.invUp(E.L.lo).times(2);
    const trueEnd = D.dn(this.invDn(E.L.hi)).times(2); // η ≤ this is < 2/L... up to equality: use < below
    const L2 = D.sqr(E.L);
    const n = 2 * this.t - 1;
    const r = this.bnb([[new D.Lo(0), D.up(U)]], (e) => {
      const mu = D.max(D.absIv(e.rhoA), D.absIv(e.rhoL));
      let rhs = D.mul(L2, D.powInt(mu, n));
      if (exponentShift) rhs = D.mul(rhs, D.powInt(D.mul(mu, e.s), exponentShift));
      const lhs = D.absIv(e.N);
      const ratio = D.dn(lhs.lo).div(rhs.hi).toNumber();
      if (lhs.hi.lte(rhs.lo)) return { outcome: 'proved', ratio };
      if (lhs.lo.gt(rhs.hi) && e.a.isPos() && !e.a.isZero() && e.b.lt(trueEnd)) return { outcome: 'failed' };
      return { outcome: 'split' };
    });
    const label = exponentShift ? `t L^2 m^(2t-1+${exponentShift})` : 't L^2 m^(2t-1)';
    if (r.status === 'failed') return { verdict: 'refuted', range, witness: r.witness!, boxes: r.boxes, detail: `|F'(${r.witness})| > ${label}` };
    if (r.status === 'undecided') return { verdict: 'undecided', range, witness: null, boxes: r.boxes, detail: 'box budget exhausted' };
    return { verdict: 'proved', range, witness: null, boxes: r.boxes, tightness: r.tightness, detail: `|F'| <= ${label} on [0, ${U.toSignificantDigits(10)}]` };
  }

  /**
   * Theorem 3's lower bound on (2/L, ∞). For η ≥ 2/L every λᵢ of the top cluster J₁ (λᵢ ≥ L/2) has
   * ηλᵢ ≥ 1, so F′/t = Σ cᵢ²λᵢ²(ηλᵢ−1)^{2t−1} ≥ c₁²L²(ηL−1)^{2t−1} + Σ_{i∉J₁} cᵢ²λᵢ²(ηλᵢ−1)^{2t−1},
   * and |F′| ≥ F′ proves the statement once Σ_{i∉J₁} cᵢ²λᵢ²(ηλᵢ−1)^{2t−1} ≥ −L², i.e.
   * Σ_{i∉J₁} W λ² rᵢ^{2t−1} ≤ L² (unscaled: scaling both sides by s^{2t−1} would make a wide box's
   * enclosure lose the common factor): proved box by box on [⌊2/L_hi⌋, T]; beyond
   * T > 1/α every ηλᵢ − 1 > 0 and the sum is ≥ 0 (analytic). A failure is decided on the statement
   * itself: |Ñ| < c₁²L²|ρ_L|^{2t−1} − L²/s^{2t−1}. The control (c₁² := 1) is decided on the
   * statement directly, on [⌊2/L_hi⌋, 8/α_lo], with no analytic tail (so it is never `proved`).
   */
  thm3Lower(dropC1 = false): ProofResult {
    const D = this.D;
    const E = this.E;
    const range = '(2/L, inf)';
    if (!this.distinctExtremes()) return { verdict: 'undecided', range, witness: null, boxes: 0, detail: 'L > alpha not proved' };
    const start = D.dn(this.invDn(E.L.hi).times(2));
    const trueStart = D.up(this.invUp(E.L.lo)).times(2); // η ≥ this is > 2/L (or = 2/L, where the bound is ≤ 0 ≤ |F′|)
    const top = this.S.terms[0];
    if (!D.mulDn(top.lam.lo, start).gte(1)) return { verdict: 'undecided', range, witness: null, boxes: 0, detail: 'top cluster not above L/2' };
    const L2 = D.sqr(E.L);
    const n = 2 * this.t - 1;
    const c1 = dropC1 ? D.one : E.c1sq;
    const statementFails = (e: BoxEval): boolean => {
      const sn = D.powInt(e.s, n);
      const rhs = D.sub(D.mul(D.mul(c1, L2), D.powInt(D.absIv(e.rhoL), n)), D.div(L2, sn));
      return e.a.gte(trueStart) && D.absIv(e.N).hi.lt(rhs.lo);
    };
    const T = dropC1 ? D.up(this.invUp(E.alpha.lo)).times(8) : this.beyondInvAlpha();
    const r = this.bnb([[start, T]], (e) => {
      const sn = D.powInt(e.s, n);
      if (dropC1) {
        const rhs = D.sub(D.mul(L2, D.powInt(D.absIv(e.rhoL), n)), D.div(L2, sn));
        const lhs = D.absIv(e.N);
        if (lhs.lo.gte(rhs.hi)) return { outcome: 'proved' };
        if (statementFails(e)) return { outcome: 'failed' };
        return { outcome: 'split' };
      }
      // unscaled (decimal exponents do not overflow): Σ_{i∉J₁} W λ² rᵢ^{2t−1} ≤ L², with
      // rᵢ = 1 − ηλᵢ decreasing in η, so the odd power's range is its values at the ends
      let rest: Iv = D.zero;
      for (let k = 1; k < this.S.terms.length; k++) {
        const lam = this.S.terms[k].lam;
        const r: Iv = { lo: new D.Lo(1).minus(D.mulUp(e.b, lam.hi)), hi: new D.Hi(1).minus(D.mulDn(e.a, lam.lo)) };
        rest = D.add(rest, D.mul(this.S.terms[k].wl2, D.powInt(r, n)));
      }
      const allow = D.div(L2, sn);
      if (rest.hi.lte(L2.lo)) {
        const rhs = D.sub(D.mul(D.mul(c1, L2), D.powInt(D.absIv(e.rhoL), n)), allow);
        const lhs = D.absIv(e.N);
        return { outcome: 'proved', ratio: !rhs.lo.isPos() ? 0 : D.dn(rhs.lo).div(lhs.hi).toNumber() };
      }
      if (statementFails(e)) return { outcome: 'failed' };
      return { outcome: 'split' };
    });
    const label = dropC1 ? "L^2 t (eta L-1)^(2t-1) - L^2 t <= |F'|" : "c1^2 L^2 t (eta L-1)^(2t-1) - L^2 t <= |F'|";
    if (r.status === 'failed') return { verdict: 'refuted', range, witness: r.witness!, boxes: r.boxes, detail: `${label} is false at eta = ${r.witness}` };
    if (r.status === 'undecided' || dropC1) {
      return { verdict: 'undecided', range, witness: null, boxes: r.boxes, detail: dropC1 ? 'no counterexample on [2/L, 8/alpha]; no analytic tail for the control' : 'box budget exhausted' };
    }
    return { verdict: 'proved', range, witness: null, boxes: r.boxes, tightness: r.tightness, detail: `${label} on [${start.toSignificantDigits(10)}, ${T.toSignificantDigits(10)}] by boxes, beyond since all eta lambda_i > 1` };
  }
}

export interface StarResult {
  verdict: CertVerdict;
  detail: string;
  witness: Decimal | null;
  boxes: number;
  a?: Decimal;
  b?: Decimal;
  digits?: number;
}

// a small binary max-heap on `key`
function heapPush<T extends { key: number }>(h: T[], x: T): void {
  h.push(x);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p].key >= h[i].key) break;
    [h[p], h[i]] = [h[i], h[p]];
    i = p;
  }
}

function heapPop<T extends { key: number }>(h: T[]): T | undefined {
  if (h.length === 0) return undefined;
  const top = h[0];
  const last = h.pop()!;
  if (h.length) {
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && h[l].key > h[m].key) m = l;
      if (r < h.length && h[r].key > h[m].key) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i], h[m]];
      i = m;
    }
  }
  return top;
}
