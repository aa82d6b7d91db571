import { Decimal } from 'decimal.js';
import { InputError } from '../errors.js';
import { directed, endText } from './directed.js';
import { encloseEigen, type EigenEnclosure } from './eigen.js';
import { MAX_BOXES, Prover, type CertVerdict, type ProofResult } from './prove.js';

export { directed, Directed, type Iv } from './directed.js';
export { encloseEigen, type EigenEnclosure } from './eigen.js';
export { Prover, type ProofResult, type CertVerdict } from './prove.js';

/**
 * Per-instance certificates for wang2021 Section 3 (CLI.md `certify`): for one (H, w₀, t), with H
 * and w₀ exactly as written and w₀ normalised (the claims assume ‖w₀‖ = 1), each claim is proved on
 * its whole η range with directed rounding, refuted with a witness η, or left undecided.
 * Precision is adaptive: every claim starts at 30 digits and only the undecided ones are retried at
 * 60 and 120 (eigen-enclosure recomputed at each).
 */

/** The five claims, in CLI.md's default order. */
export const CERTIFIED_CLAIMS = ['wang2021.claim1.sign', 'wang2021.claim2.bound', 'wang2021.claim3.lower', 'wang2021.thm3.upper', 'wang2021.thm3.lower'] as const;

/** Factors of the registry's controls (src/claims/wang2021-sec3.ts): Claim 2's bound / 1000, Claim 3's × 1000. */
export const CLAIM2_CONTROL_SHRINK = 1000;
export const CLAIM3_CONTROL_INFLATE = 1000;

/** Control ids the certificate can decide (each guards one of CERTIFIED_CLAIMS). */
export const CERTIFIED_CONTROLS: Record<string, string> = {
  'wang2021.claim1.sign.control-bracket': 'wang2021.claim1.sign',
  'wang2021.claim2.bound.control-shrunk': 'wang2021.claim2.bound',
  'wang2021.claim3.lower.control-inflated': 'wang2021.claim3.lower',
  'wang2021.thm3.upper.control-exponent': 'wang2021.thm3.upper',
  'wang2021.thm3.lower.control-no-c1': 'wang2021.thm3.lower',
};

export const DEFAULT_PRECISIONS = [30, 60, 120];

export interface CertifyInput {
  H: readonly (readonly string[])[];
  w0: readonly string[];
  t: number;
}

export interface CertifyOptions {
  /** Claim or control ids (default CERTIFIED_CLAIMS). */
  claims?: readonly string[];
  /** Claim 3's ε (decimal text; default 1/(2L), L the upper end of its enclosure rounded to 20 digits). */
  epsilon?: string;
  /** Claim 3's M̂ (decimal text; default 2/α, α's lower end... rounded up to 20 digits). */
  mhat?: string;
  /** Precisions tried in turn for undecided claims. Default DEFAULT_PRECISIONS. */
  precisions?: readonly number[];
  /**
   * Relative width of the sup |G′| enclosure (default 0.01); `null` skips it. When the box budget
   * ends first at every precision, the document carries the last finite (wider) enclosure.
   */
  supTolerance?: number | null;
  /** Compute η* even when Claim 1 is not asked for (default true: the document has it). */
  etaStar?: boolean;
  /** Box budget per procedure. */
  maxBoxes?: number;
}

export interface ClaimCertificate {
  id: string;
  verdict: CertVerdict;
  range: string;
  witness: string | null;
  boxes: number;
  seconds: number;
  /** Not in CLI.md's document: for the ledger and the human table. */
  precision: number;
  tightness: number | null;
  detail: string;
  control: boolean;
  /** Claim 2 only, with sup |G′| enclosed: [sup_lo/B_hi, sup_hi/B_lo], its certified tightness. */
  supTightness?: [number, number];
  /** Set when a hypothesis of the statement (Claim 3's ε < 1/L, M̂ ≥ 2/α) is proved false: the statement is then vacuous. */
  vacuous?: string;
}

export interface IvText {
  lo: string;
  hi: string;
}

export interface CertifyDocument {
  eigen: { L: IvText; alpha: IvText; cMin: IvText };
  etaStar: IvText | null;
  supAbsDG: (IvText & { argmax: string }) | null;
  claims: ClaimCertificate[];
}

export interface CertifyResult {
  document: CertifyDocument;
  /** Seconds spent on the eigen-enclosures (all precisions). */
  eigenSeconds: number;
  epsilon: string;
  mhat: string;
  precisionUsed: number;
}

/** Whether every named id came out as expected for its kind: claims proved, controls refuted. */
export function asExpected(claims: readonly ClaimCertificate[]): boolean {
  return claims.every((c) => c.verdict === (c.control ? 'refuted' : 'proved'));
}

const ivText = (lo: Decimal, hi: Decimal, sig = 20): IvText => ({ lo: endText(lo, sig), hi: endText(hi, sig) });

export function certify(input: CertifyInput, options: CertifyOptions = {}): CertifyResult {
  const { claims = CERTIFIED_CLAIMS, precisions = DEFAULT_PRECISIONS, supTolerance = 0.01, etaStar: wantStar = true, maxBoxes } = options;
  for (const id of claims) {
    if (!(CERTIFIED_CLAIMS as readonly string[]).includes(id) && !(id in CERTIFIED_CONTROLS)) {
      throw new InputError('--claims', `unknown or uncertifiable id ${JSON.stringify(id)}; known: ${[...CERTIFIED_CLAIMS, ...Object.keys(CERTIFIED_CONTROLS)].join(', ')}`);
    }
  }
  if (input.H.length < 2) throw new InputError('H', 'the claims need d >= 2 (L > alpha)');
  if (!Number.isInteger(input.t) || input.t < 1) throw new InputError('t', `must be an integer >= 1, got ${input.t}`);
  const results = new Map<string, ClaimCertificate>();
  let eigenSeconds = 0;
  let doc: Omit<CertifyDocument, 'claims'> | null = null;
  let star: IvText | null = null;
  let sup: (IvText & { argmax: string }) | null = null;
  let supWide: (IvText & { argmax: string }) | null = null;
  let epsText = options.epsilon;
  let mhatText = options.mhat;
  let used = precisions[0];
  for (const P of precisions) {
    const pending = claims.filter((id) => !results.has(id) || results.get(id)!.verdict === 'undecided');
    const needStar = wantStar && !star;
    const needSup: boolean = supTolerance !== null && !sup;
    if (pending.length === 0 && !needStar && !needSup) break;
    used = P;
    let E: EigenEnclosure;
    try {
      E = encloseEigen(input.H, input.w0, P, { t: input.t });
    } catch (e) {
      // an eigen-enclosure that fails at P (clusters without gap, far from orthonormal) is retried higher
      for (const id of pending) results.set(id, undecided(id, P, `eigen-enclosure failed: ${(e as Error).message}`));
      continue;
    }
    eigenSeconds += E.seconds.jacobi + E.seconds.enclose;
    const D = directed(P);
    doc = {
      eigen: {
        L: ivText(E.L.lo, E.L.hi),
        alpha: ivText(E.alpha.lo, E.alpha.hi),
        cMin: ivText(D.dn(E.cminSq.lo).sqrt(), D.up(E.cminSq.hi).sqrt()),
      },
      etaStar: star,
      supAbsDG: sup,
    };
    if (!E.L.lo.gt(E.alpha.hi)) {
      for (const id of pending) results.set(id, undecided(id, P, 'L > alpha not proved at this precision'));
      continue;
    }
    const prover = new Prover(E, input.t);
    if (epsText === undefined) epsText = endText(new D.Lo(1).div(D.up(E.L.hi).times(2)), 20);
    if (mhatText === undefined) mhatText = endText(new D.Hi(2).div(E.alpha.lo), 20);
    const epsilon = new Decimal(epsText);
    const mhat = new Decimal(mhatText);
    for (const id of pending) {
      const t0 = performance.now();
      let r: ProofResult & { vacuous?: string };
      try {
        r = runOne(prover, id, epsilon, mhat);
      } catch (e) {
        // an enclosure that degenerates at this precision (e.g. s(η) not provably > 0 when L and α
        // agree to P digits) is not a verdict: undecided, retried at the next precision
        r = { verdict: 'undecided', range: '', witness: null, boxes: 0, detail: `not decidable at ${P} digits: ${(e as Error).message}` };
      }
      results.set(id, {
        id,
        verdict: r.verdict,
        range: r.range,
        witness: r.witness ? endText(r.witness) : null,
        boxes: r.boxes,
        seconds: (performance.now() - t0) / 1000,
        precision: P,
        tightness: r.tightness !== undefined && Number.isFinite(r.tightness) ? r.tightness : null,
        detail: r.vacuous ? `vacuous: ${r.vacuous}` : r.detail,
        control: id in CERTIFIED_CONTROLS,
        ...(r.vacuous ? { vacuous: r.vacuous } : {}),
      });
    }
    if (needStar) {
      const st = safely(() => prover.etaStar());
      if (st && st.verdict === 'proved' && st.a && st.b) star = { lo: endText(st.a), hi: endText(st.b) };
    }
    const s: ReturnType<Prover["supAbsDG"]> | null = needSup && supTolerance !== null ? safely(() => prover.supAbsDG(supTolerance, maxBoxes)) : null;
    if (s) {
      const enclosure: IvText & { argmax: string } = { ...ivText(s.lo, s.hi, 12), argmax: endText(s.argmax) };
      const B = prover.claim2Bound();
      const c2 = results.get('wang2021.claim2.bound');
      if (c2 && B.lo.isFinite() && B.hi.isFinite() && s.hi.isFinite()) c2.supTightness = [D.dn(s.lo).div(B.hi).toNumber(), D.up(s.hi).div(B.lo).toNumber()];
      // within the tolerance: final; otherwise kept (still a certified enclosure, only wider) unless a
      // higher precision does better
      // (a box budget spent with a finite bound is final: more digits would need the same boxes)
      if (s.done || (s.hi.isFinite() && s.boxes >= (maxBoxes ?? MAX_BOXES))) sup = enclosure;
      else if (s.hi.isFinite()) supWide = enclosure;
    }
    doc.etaStar = star;
    doc.supAbsDG = sup ?? supWide;
  }
  return {
    document: { ...(doc ?? { eigen: { L: { lo: 'NaN', hi: 'NaN' }, alpha: { lo: 'NaN', hi: 'NaN' }, cMin: { lo: 'NaN', hi: 'NaN' } }, etaStar: null, supAbsDG: null }), claims: claims.map((id) => results.get(id)!) },
    eigenSeconds,
    epsilon: epsText ?? '',
    mhat: mhatText ?? '',
    precisionUsed: used,
  };
}

/** null when an enclosure degenerates at this precision (retried at the next). */
function safely<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

function undecided(id: string, P: number, detail: string): ClaimCertificate {
  return { id, verdict: 'undecided', range: '', witness: null, boxes: 0, seconds: 0, precision: P, tightness: null, detail, control: id in CERTIFIED_CONTROLS };
}

/** Box budget of a control: where a control fails it fails on a wide region, found early. */
const CONTROL_MAX_BOXES = 400;

function runOne(prover: Prover, id: string, epsilon: Decimal, mhat: Decimal): ProofResult & { vacuous?: string } {
  // Section 3's setting assumes c_min > 0 (CLAIMS.md): proved false, every statement is vacuous
  if (prover.E.cminSq.hi.isZero()) {
    return { verdict: 'proved', range: '', witness: null, boxes: 0, detail: 'c_min = 0', vacuous: 'c_min = 0 (w0 orthogonal to u_1 or u_d): the hypothesis c_min > 0 fails' };
  }
  const budget = prover.maxBoxes;
  if (id in CERTIFIED_CONTROLS) prover.maxBoxes = Math.min(budget, CONTROL_MAX_BOXES);
  try {
    return runClaim(prover, id, epsilon, mhat);
  } finally {
    prover.maxBoxes = budget;
  }
}

function runClaim(prover: Prover, id: string, epsilon: Decimal, mhat: Decimal): ProofResult & { vacuous?: string } {
  switch (id) {
    case 'wang2021.claim1.sign':
      return prover.claim1();
    case 'wang2021.claim1.sign.control-bracket':
      return prover.claim1Bracket();
    case 'wang2021.claim2.bound':
      return prover.claim2();
    case 'wang2021.claim2.bound.control-shrunk':
      return prover.claim2(CLAIM2_CONTROL_SHRINK);
    case 'wang2021.claim3.lower':
      return prover.claim3(epsilon, mhat);
    case 'wang2021.claim3.lower.control-inflated':
      return prover.claim3(epsilon, mhat, CLAIM3_CONTROL_INFLATE);
    case 'wang2021.thm3.upper':
      return prover.thm3Upper();
    case 'wang2021.thm3.upper.control-exponent':
      return prover.thm3Upper(2);
    case 'wang2021.thm3.lower':
      return prover.thm3Lower();
    case 'wang2021.thm3.lower.control-no-c1':
      return prover.thm3Lower(true);
    default:
      throw new Error(`unreachable id ${id}`);
  }
}
