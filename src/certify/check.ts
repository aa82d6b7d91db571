import { Decimal } from 'decimal.js';
import { doubleToHex } from '../arith/decimal.js';
import type { CheckOutcome } from '../claims/types.js';
import { certify, type ClaimCertificate } from './index.js';

/**
 * The ledger's check for one generated instance of a Section 3 claim (or of its control): the
 * certificate over the claim's whole η range replaces the sampled-η decision. The instance is the
 * float64 input itself (H and w₀ as their exact binary values, w₀ normalised exactly as the claims
 * assume); the case's own η is not used.
 *  - proved    → ok, certified (tightness: a certified upper bound, or a lower one for Theorem 3's
 *                lower bound, whose sides meet as η → ∞);
 *  - refuted   → not ok, with the witness η (a point enclosure at which the statement fails);
 *  - undecided → ok with `undecided` (never held).
 */
const Exact = Decimal.clone({ defaults: true, precision: 1100, maxE: 9e15, minE: -9e15 });

/** The exact decimal text of a double. */
export function exactText(x: number): string {
  if (x === 0) return '0';
  return new Exact(doubleToHex(x)).toString();
}

export interface CertifiedCheckOptions {
  epsilon?: number;
  mhat?: number;
}

export function certifiedCheck(H: readonly (readonly number[])[], w0: readonly number[], t: number, id: string, options: CertifiedCheckOptions = {}): CheckOutcome & { certificate: ClaimCertificate } {
  const { document } = certify(
    { H: H.map((row) => row.map(exactText)), w0: w0.map(exactText), t },
    {
      claims: [id],
      supTolerance: null,
      etaStar: false,
      ...(options.epsilon !== undefined ? { epsilon: exactText(options.epsilon) } : {}),
      ...(options.mhat !== undefined ? { mhat: exactText(options.mhat) } : {}),
    },
  );
  const r = document.claims[0];
  const where = `${r.boxes} boxes, ${r.precision} digits`;
  if (r.verdict === 'proved') {
    return { ok: true, certified: true, tightness: r.tightness ?? undefined, detail: `certified on ${r.range} (${where}): ${r.detail}`, certificate: r };
  }
  if (r.verdict === 'refuted') return { ok: false, detail: `refuted at eta = ${r.witness} (${where}): ${r.detail}`, certificate: r };
  return { ok: true, undecided: true, detail: `undecided (${where}): ${r.detail}`, certificate: r };
}
