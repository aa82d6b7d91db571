import * as fc from 'fast-check';
import { checkInt, intMat, intVec, invertible } from './lattice.js';

/**
 * A dynamics matrix given by its spectrum (harrison2022 Lemma 5, Section 4.1): A = V Λ V⁻¹ with Λ
 * real block-diagonal: real eigenvalues r/den, or a complex pair (p ± iq)/den as the block
 * [[p, −q], [q, p]]/den (with `jordan`, a 2×2 Jordan block [[p, 1], [0, p]] instead: a
 * non-diagonalizable A). Any A is I − αH − PH for P = (I − αH − A)H⁻¹, so fixing A, H, α fixes P.
 */
export interface SpectrumCase {
  d: number;
  /** 'real': all eigenvalues real; 'pair': eigenvalues 0,1 are a complex pair; 'jordan': a Jordan block. */
  kind: 'real' | 'pair' | 'jordan';
  /** Numerators over `den` of the real eigenvalues (and p, q of the pair / Jordan value in slots 0, 1). */
  ev: number[];
  den: number;
  V: number[][];
  B: number[][];
  c: number;
  a: number;
  C: number[][];
  phi: number[];
}

/** Λ of the case (see SpectrumCase). */
export function blockOf(c: SpectrumCase): number[][] {
  const L: number[][] = Array.from({ length: c.d }, () => new Array<number>(c.d).fill(0));
  let start = 0;
  if (c.kind === 'pair') {
    const [p, q] = [c.ev[0] / c.den, c.ev[1] / c.den];
    L[0][0] = p;
    L[0][1] = -q;
    L[1][0] = q;
    L[1][1] = p;
    start = 2;
  } else if (c.kind === 'jordan') {
    L[0][0] = c.ev[0] / c.den;
    L[1][1] = c.ev[0] / c.den;
    L[0][1] = 1;
    start = 2;
  }
  for (let i = start; i < c.d; i++) L[i][i] = c.ev[i] / c.den;
  return L;
}

/** Moduli of the spectrum the generator asked for (|p ± iq| for the pair). */
export function requestedModuli(c: SpectrumCase): number[] {
  if (c.kind === 'pair') return [Math.hypot(c.ev[0], c.ev[1]) / c.den, ...c.ev.slice(2).map((x) => Math.abs(x) / c.den)];
  return c.ev.map((x, i) => (c.kind === 'jordan' && i === 1 ? Math.abs(c.ev[0]) : Math.abs(x)) / c.den);
}

export interface SpectrumCaseConstraints {
  /** The denominator of the eigenvalues. Default 64. */
  den?: number;
  /** Block kinds drawn. Default ['real', 'pair']. */
  kinds?: ReadonlyArray<SpectrumCase['kind']>;
  /** The numerators of the eigenvalues (and of p, q). Default integers in [−63, 63]. */
  modulus?: fc.Arbitrary<number>;
  /** Keep only cases whose requested moduli are all < 1 ('below'), all > 1 ('above'), or any. Default 'any'. */
  moduli?: 'below' | 'above' | 'any';
  /** Largest dimension, in [1, 3]. Default 3. */
  maxDim?: number;
}

const KINDS: ReadonlyArray<SpectrumCase['kind']> = ['real', 'pair', 'jordan'];

export function spectrumCase(constraints: SpectrumCaseConstraints = {}): fc.Arbitrary<SpectrumCase> {
  const { den = 64, kinds = ['real', 'pair'], modulus = fc.integer({ min: -63, max: 63 }), moduli = 'any', maxDim = 3 } = constraints;
  checkInt('spectrumCase', 'den', den, 1, 1e9);
  checkInt('spectrumCase', 'maxDim', maxDim, 1, 3);
  if (!Array.isArray(kinds) || kinds.length === 0 || kinds.some((k) => !KINDS.includes(k))) {
    throw new RangeError(`spectrumCase: kinds must be a non-empty array of ${KINDS.join(', ')}, got ${JSON.stringify(kinds)}`);
  }
  if (!['below', 'above', 'any'].includes(moduli)) throw new RangeError(`spectrumCase: moduli must be 'below', 'above' or 'any', got ${JSON.stringify(moduli)}`);
  return fc
    .integer({ min: 1, max: maxDim })
    .chain((d) =>
      fc
        .record({
          d: fc.constant(d),
          kind: fc.constantFrom(...kinds.filter((k) => d >= 2 || k === 'real')),
          ev: fc.array(modulus, { minLength: d, maxLength: d }),
          den: fc.constant(den),
          V: intMat(d, d, -4, 4),
          B: intMat(d, d, -3, 3),
          c: fc.integer({ min: 1, max: 8 }),
          a: fc.integer({ min: 0, max: 16 }),
          C: intMat(d, d, -2, 2),
          phi: intVec(d, -3, 3),
        })
        .filter((c) => invertible(c.V)),
    )
    .filter((c) => moduli === 'any' || requestedModuli(c).every((m) => (moduli === 'below' ? m < 1 : m > 1)));
}
