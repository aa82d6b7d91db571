import * as fc from 'fast-check';
import { spdMatrix, type SpdKind, type SpdMatrixConstraints } from './spdMatrix.js';
import { buildUnitVector, unitVectorParams } from './unitVector.js';

/**
 * Where η comes from:
 * - `zero`: η = 0 exactly (GD stands still; Claim 1 says G′(0) < 0);
 * - `inverseL`, `optimalConstant`, `twoOverL`: 1/L, 2/(α+L) (the best fixed step for GD),
 *   2/L (where Theorem 3's regimes meet), each exact or moved by a relative ±10^(−e), e ∈ [1, 15];
 * - `logUniform`: log-uniform in [minEtaTimesL/L, maxEtaTimesL/L].
 */
export type EtaKind = 'zero' | 'inverseL' | 'optimalConstant' | 'twoOverL' | 'logUniform';

/** All η kinds, in shrinking order (toward the first). */
export const ETA_KINDS: readonly EtaKind[] = ['logUniform', 'zero', 'inverseL', 'optimalConstant', 'twoOverL'];

/** One instance of wang2021 Section 3: GD on ½wᵀHw from w₀ for t steps of size η. */
export interface QuadraticCase {
  H: number[][];
  /** Descending, as constructed (see SpdCase). */
  eigenvalues: number[];
  /** eigenvectors[i] belongs to eigenvalues[i] (the construction's; see SpdCase). */
  eigenvectors: number[][];
  /** Unit norm. */
  w0: number[];
  t: number;
  eta: number;
  etaKind: EtaKind;
  d: number;
  /** The SPD kind. */
  kind: SpdKind;
  condition: number;
  /** The SPD case's seed. */
  seed: number;
}

export interface QuadraticCaseConstraints {
  /** Constraints of H. Default: spdMatrix's defaults (d ≤ 12, κ ≤ 1e8, L ∈ [1e-2, 1e2]). */
  spd?: SpdMatrixConstraints;
  /** Lower bound on c_min (see unitVector). Default 0: no bound. */
  minCMin?: number;
  /** Smallest unroll length t, integer >= 1. Default 1. */
  minT?: number;
  /** Largest t, integer >= minT. Default 5000. */
  maxT?: number;
  /** Lower end of the log-uniform η, times L; > 0. Default 1e-3. */
  minEtaTimesL?: number;
  /** Largest η, times L (η ≤ maxEtaTimesL / L); >= minEtaTimesL. Default 100. */
  maxEtaTimesL?: number;
  /** η kinds to draw (shrinking goes toward the first). Default ETA_KINDS. */
  etaKinds?: readonly EtaKind[];
}

/**
 * Instances (H, w₀, t, η) for the claims of wang2021 Section 3. t is log-uniform-ish: t = ⌊2^e·(1 + f/1024)⌋
 * clamped to [minT, maxT], so every octave is equally likely and small t common; it shrinks to minT.
 * η shrinks toward 1/L (logUniform) or toward the exact special value.
 */
export function quadraticCase(constraints: QuadraticCaseConstraints = {}): fc.Arbitrary<QuadraticCase> {
  const {
    spd = {},
    minCMin = 0,
    minT = 1,
    maxT = 5000,
    minEtaTimesL = 1e-3,
    maxEtaTimesL = 100,
    etaKinds = ETA_KINDS,
  } = constraints;
  if (!Number.isInteger(minT) || minT < 1) throw new RangeError(`quadraticCase: minT must be an integer >= 1, got ${minT}`);
  if (!Number.isInteger(maxT) || maxT < minT) throw new RangeError(`quadraticCase: maxT must be an integer >= minT, got ${maxT}`);
  if (!(minEtaTimesL > 0 && Number.isFinite(minEtaTimesL))) {
    throw new RangeError(`quadraticCase: minEtaTimesL must be finite and > 0, got ${minEtaTimesL}`);
  }
  if (!(maxEtaTimesL >= minEtaTimesL && Number.isFinite(maxEtaTimesL))) {
    throw new RangeError(`quadraticCase: maxEtaTimesL must be finite and >= minEtaTimesL, got ${maxEtaTimesL}`);
  }
  if (!Array.isArray(etaKinds) || etaKinds.length === 0) throw new RangeError('quadraticCase: etaKinds must be a non-empty array');
  for (const k of etaKinds) {
    if (!ETA_KINDS.includes(k)) throw new RangeError(`quadraticCase: etaKinds has unknown kind ${JSON.stringify(k)}; known: ${ETA_KINDS.join(', ')}`);
  }
  const eLo = Math.floor(Math.log2(minT));
  const eHi = Math.max(eLo, Math.floor(Math.log2(maxT)));
  const etaLo = Math.ceil(1000 * Math.log10(minEtaTimesL));
  const etaHi = Math.max(etaLo, Math.floor(1000 * Math.log10(maxEtaTimesL)));
  return fc
    .record({
      spd: spdMatrix(spd),
      w: unitVectorParams(minCMin),
      tExp: fc.integer({ min: eLo, max: eHi }),
      tFrac: fc.integer({ min: 0, max: 1023 }),
      etaKind: fc.constantFrom(...etaKinds),
      etaLog: fc.integer({ min: etaLo, max: etaHi }),
      etaSign: fc.integer({ min: -1, max: 1 }),
      etaExp: fc.integer({ min: 1, max: 15 }),
    })
    .map(({ spd: c, w, tExp, tFrac, etaKind, etaLog, etaSign, etaExp }) => {
      const L = c.eigenvalues[0];
      const alpha = c.eigenvalues[c.d - 1];
      const t = Math.min(maxT, Math.max(minT, Math.floor(2 ** tExp * (1 + tFrac / 1024))));
      let eta: number;
      if (etaKind === 'zero') eta = 0;
      else if (etaKind === 'logUniform') eta = 10 ** (etaLog / 1000) / L;
      else {
        const base = etaKind === 'inverseL' ? 1 / L : etaKind === 'optimalConstant' ? 2 / (alpha + L) : 2 / L;
        eta = base * (1 + etaSign * 10 ** -etaExp);
      }
      eta = Math.min(eta, maxEtaTimesL / L);
      return {
        H: c.H,
        eigenvalues: c.eigenvalues,
        eigenvectors: c.eigenvectors,
        w0: buildUnitVector(w, c.d, c.eigenvectors, minCMin),
        t,
        eta,
        etaKind,
        d: c.d,
        kind: c.kind,
        condition: c.condition,
        seed: c.seed,
      };
    });
}
