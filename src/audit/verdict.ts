import type { AuditPoint, EtaPoint, MethodInfo, MethodSummary, PointStatus } from './types.js';
import { THRESHOLDS } from './thresholds.js';

const BROKEN: ReadonlySet<PointStatus> = new Set(['nonFinite', 'noDigits', 'error', 'notNumber', 'timeout']);

export function isBroken(status: PointStatus): boolean {
  return BROKEN.has(status);
}

function floor1(x: number): string {
  return (Math.floor(x * 10) / 10).toFixed(1);
}

/** One method's summary over a case's points, with its one-sentence verdict. */
export function summarise(method: MethodInfo, points: AuditPoint[], eta: EtaPoint[], tGrid: readonly number[]): MethodSummary {
  const mine = points.filter((p) => p.results[method.id] && p.results[method.id].status !== 'notRun' && p.results[method.id].status !== 'skipped');
  const statusCounts: MethodSummary['statusCounts'] = {};
  let minDigits: number | null = null;
  let minAt: MethodSummary['minAt'] = null;
  let broken = 0;
  const belowPromise: MethodSummary['belowPromise'] = [];
  for (const p of points) {
    const r = p.results[method.id];
    if (!r) continue;
    if (r.status !== 'ok') statusCounts[r.status] = (statusCounts[r.status] ?? 0) + 1;
    if (r.status === 'notRun' || r.status === 'skipped') continue;
    if (isBroken(r.status)) broken++;
    if (minDigits === null || r.digits < minDigits) {
      minDigits = r.digits;
      minAt = { t: p.t, eta: p.eta, etaLabel: eta[p.etaIndex].label };
    }
    if (method.id === 'stable64') {
      if (r.digits < THRESHOLDS.float64.stablePromise) belowPromise.push({ t: p.t, eta: p.eta, digits: r.digits, promised: p.promised.float64 });
    }
  }
  const n = mine.length;
  const cap = method.tMax !== null && method.tMax < tGrid[tGrid.length - 1] ? ` (run up to t = ${method.tMax})` : '';
  let verdict: string;
  if (n === 0) {
    verdict = `${method.id} was not run at any point${statusCounts.skipped ? ' (skipped after repeated timeouts)' : ''}.`;
  } else if (broken === 0) {
    verdict = `${method.id} kept ≥ ${floor1(minDigits ?? 0)} digits at every audited point${cap} (${n} points; fewest at t = ${minAt?.t}, η = ${minAt?.etaLabel}).`;
    if (method.id === 'stable64' && belowPromise.length > 0) {
      const ill = belowPromise.filter((b) => b.promised < THRESHOLDS.float64.stablePromise).length;
      verdict =
        `${method.id} kept ≥ ${THRESHOLDS.float64.stablePromise} digits at ${n - belowPromise.length} of ${n} points${cap}; ` +
        `at the other ${belowPromise.length} (fewest ${floor1(minDigits ?? 0)} at t = ${minAt?.t}, η = ${minAt?.etaLabel}) ` +
        (ill === belowPromise.length
          ? 'the problem is ill-conditioned: its conditioning promises fewer than 10 digits to any float64 method.'
          : `${ill} are ill-conditioned and ${belowPromise.length - ill} are not (a defect of the method).`);
    } else if (method.id === 'stable64') {
      verdict = `${method.id} kept ≥ ${floor1(minDigits ?? 0)} digits (≥ ${THRESHOLDS.float64.stablePromise}, the project's promise) at every audited point${cap} (${n} points; fewest at t = ${minAt?.t}, η = ${minAt?.etaLabel}).`;
    }
  } else {
    // per η, the first broken t, and whether it stayed broken
    const parts: string[] = [];
    eta.forEach((e, k) => {
      const row = points.filter((p) => p.etaIndex === k && p.results[method.id] && p.results[method.id].status !== 'notRun' && p.results[method.id].status !== 'skipped');
      const firstBad = row.findIndex((p) => isBroken(p.results[method.id].status));
      if (firstBad < 0) return;
      const stays = row.slice(firstBad).every((p) => isBroken(p.results[method.id].status));
      parts.push(`${stays ? 'from' : 'at'} t = ${row[firstBad].t} at η = ${e.label}`);
    });
    const what = describeStatuses(statusCounts);
    const shown = parts.slice(0, 4).join(', ') + (parts.length > 4 ? ` and at ${parts.length - 4} more η` : '');
    const ok = points.filter((p) => p.results[method.id]?.status === 'ok').map((p) => p.results[method.id].digits);
    const okMin = ok.length ? Math.min(...ok) : null;
    verdict = `${method.id} ${what} at ${broken} of ${n} points${cap}: ${shown}${okMin !== null ? `; elsewhere it kept ≥ ${floor1(okMin)} digits` : ''}.`;
  }
  return { method: method.id, verdict, pointsAudited: n, pointsBroken: broken, minDigits, minAt, statusCounts, belowPromise };
}

function describeStatuses(c: MethodSummary['statusCounts']): string {
  const words: string[] = [];
  if (c.noDigits || c.nonFinite) words.push(c.nonFinite && c.noDigits ? 'lost all digits or went non-finite' : c.nonFinite ? 'went non-finite' : 'lost all digits');
  if (c.error) words.push('threw');
  if (c.notNumber) words.push('returned a non-number');
  if (c.timeout) words.push('timed out');
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : words[0] ?? 'broke';
}
