import { Decimal } from 'decimal.js';
import { exactDecimal } from '../quadratic/digits.js';
import type { EtaPoint } from './types.js';

/** t grid of the audit: roughly 3 steps per decade up to 10⁴ (Theorem 3's rates make breakdown sharp in t). */
export const DEFAULT_T_GRID: readonly number[] = [1, 3, 10, 30, 100, 300, 1000, 3000, 10000];

/**
 * Default η grid, in units of 1/L: 9 log-spaced points from 10⁻³/L to 10²/L, plus 1/L, the best
 * constant step 2/(α+L) and the stability edge 2/L (Theorem 3 changes regime there).
 */
export const DEFAULT_ETA_SPECS: readonly string[] = [
  ...Array.from({ length: 9 }, (_, k) => `10^${fmtExp(-3 + (5 * k) / 8)}/L`),
  '1/L',
  '2/(a+L)',
  '2/L',
];

function fmtExp(x: number): string {
  return Number(x.toFixed(3)).toString();
}

const SPEC = /^\s*((?:10\^[+-]?[0-9.]+)|[0-9.eE+-]+)\s*(?:\/\s*(L|\(\s*(?:a|alpha|α)\s*\+\s*L\s*\)))?\s*$/;

/**
 * Reads one η: an absolute step ("0.1", "1.5e-3": the reference uses the text exactly, float
 * methods its nearest double; "10^-2.5" is computed in float64), or a multiple of 1/L or of 1/(α+L) ("0.5/L", "1e-3/L", "2/(a+L)",
 * "2/(alpha+L)"): computed in float64 from the case's L and α, and the reference then uses that
 * double exactly, so float64 methods and the reference see the same η.
 * Returns null when the text is not of either form (the caller names the flag).
 */
export function parseEta(spec: string, L: number, alpha: number): EtaPoint | null {
  const m = SPEC.exec(spec);
  if (!m) return null;
  const power = m[1].startsWith('10^');
  const k = power ? 10 ** Number(m[1].slice(3)) : Number(m[1]);
  if (!Number.isFinite(k) || k < 0 || !/^[0-9.]/.test(m[1].trim())) return null;
  if (power && !m[2]) return { label: m[1], value: k, text: exactText(k) };
  if (!m[2]) {
    try {
      const exact = new Decimal(m[1]);
      if (!exact.isFinite() || exact.isNeg()) return null;
    } catch {
      return null;
    }
    return { label: m[1], value: k, text: m[1] };
  }
  const value = m[2] === 'L' ? k / L : k / (alpha + L);
  const label = m[2] === 'L' ? `${m[1]}/L` : `${m[1]}/(α+L)`;
  return { label, value, text: exactText(value) };
}

/** The exact decimal expansion of a double (decimal.js reads it back to the same value). */
export function exactText(x: number): string {
  return exactDecimal(x).toString();
}

/** The η points of a case, sorted by value, duplicates (same double) dropped. */
export function etaGrid(specs: readonly string[], L: number, alpha: number): { points: EtaPoint[]; bad: string | null } {
  const points: EtaPoint[] = [];
  for (const s of specs) {
    const p = parseEta(s, L, alpha);
    if (!p) return { points, bad: s };
    if (!points.some((q) => q.value === p.value)) points.push(p);
  }
  points.sort((a, b) => a.value - b.value);
  return { points, bad: null };
}
