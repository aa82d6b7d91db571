import type { AuditCase, MethodPoint } from '../types.js';

/** Plain tables (header + rows of text) shared by the Markdown and HTML writers. */
export interface Table {
  title: string;
  header: string[];
  rows: string[][];
  note?: string;
}

export function cell(r: MethodPoint | undefined): string {
  if (!r) return '';
  switch (r.status) {
    case 'ok':
      return r.digits.toFixed(1) + (r.strictFlagged ? '*' : '');
    case 'noDigits':
      return `0 (${r.value})`;
    case 'nonFinite':
      return r.value ?? 'NaN';
    case 'notRun':
      return '–';
    case 'skipped':
      return 'skipped';
    case 'timeout':
      return 'timeout';
    case 'error':
      return 'threw';
    case 'notNumber':
      return 'not a number';
  }
}

/** Per method: digits at every (t, η), t down, η across. */
export function digitTables(c: AuditCase): Table[] {
  return c.methods.map((m) => ({
    title: `${m.id}: ${m.description}`,
    header: ['t \\ η', ...c.eta.map((e) => e.label)],
    rows: c.t.map((t) => [String(t), ...c.eta.map((_, k) => cell(c.points.find((p) => p.t === t && p.etaIndex === k)?.results[m.id]))]),
    note:
      'Significant digits against the reference relative to max(|G\'|, S); "0 (x)": finite but no correct digit; NaN/Infinity: non-finite; ' +
      '"*": strict range mode flagged an intermediate outside the normal range (the IEEE result may still be right); "–": not run.',
  }));
}

export function referenceTable(c: AuditCase): Table {
  return {
    title: "Reference G' (decimal, P and 2P) and the digits the conditioning promises (float64 / float32)",
    header: ['t \\ η', ...c.eta.map((e) => e.label)],
    rows: c.t.map((t) => [
      String(t),
      ...c.eta.map((_, k) => {
        const p = c.points.find((q) => q.t === t && q.etaIndex === k);
        if (!p) return '';
        return `${short(p.reference.dG)} [${Math.floor(p.reference.agreement)}; ${p.promised.float64.toFixed(1)}/${p.promised.float32.toFixed(1)}]`;
      }),
    ]),
    note: "Each cell: G' [digits the reference agreed to at P and 2P; digits promised to float64 / float32 by the conditioning (src/quadratic/accuracy)].",
  };
}

export function breakdownTable(c: AuditCase): Table {
  const methods = [...new Set(c.breakdown.map((b) => b.method))].filter((m) => c.breakdown.some((b) => b.method === m && (b.predictedT !== null || b.observedGridT !== null)));
  return {
    title: 'Breakdown in t: predicted from Theorem 3\'s rates vs observed on the t grid',
    header: ['method', 'η', 'σ = log10 max|1−ηλ|', 'predicted t (grid)', 'first out of range', 'observed (grid)', 'strict flag (grid)', 'agree'],
    rows: c.breakdown
      .filter((b) => methods.includes(b.method) && (b.predictedT !== null || b.observedGridT !== null))
      .map((b) => [
        b.method,
        c.eta[b.etaIndex].label,
        b.sigma.toFixed(4),
        b.predictedT === null ? 'never' : `${b.predictedT} (${b.predictedGridT ?? '> grid'})`,
        b.predictedBy ?? '',
        b.observedGridT === null ? 'never' : `${b.observedGridT} (${b.observedStatus})`,
        b.strictGridT === null ? '–' : String(b.strictGridT),
        b.agree ? `yes (${signed(b.steps)})` : `NO (${signed(b.steps)} steps)`,
      ]),
    note:
      'Rows where neither a breakdown was predicted nor observed are left out. "agree": within one step of the t grid (steps = observed − predicted). ' +
      'The strict flag is often earlier than the breakdown: a negligible component that underflows is out of range but harmless.',
  };
}

export function tapeTable(c: AuditCase): Table | null {
  if (!c.tape) return null;
  return {
    title: `Corollary 1: the backprop tape's extremes against t (decimal, precision ${c.tape.precision}; t = ${c.tape.t.join(', ')})`,
    header: ['η', '2·log10 max|1−ηλ|', 'log10 max: fitted / predicted', 'family', 'log10 min: fitted / predicted', 'family', 'fit t', 'rel. error (max, min)'],
    rows: c.tape.rows.map((r) => [
      c.eta[r.etaIndex].label,
      r.paperRate.toFixed(5),
      `${fmt(r.max.observed)} / ${r.max.predicted.toFixed(5)}`,
      r.max.family,
      `${fmt(r.min.observed)} / ${r.min.predicted.toFixed(5)}`,
      r.min.family,
      `${r.max.tUsed.join(',') || '–'} ; ${r.min.tUsed.join(',') || '–'}`,
      `${pct(r.max.relativeError)}, ${pct(r.min.relativeError)}${r.note ? ` — ${r.note}` : ''}`,
    ]),
    note:
      'Slopes are per unrolled step, fitted by least squares over the sampled t where the subdominant directions have died out and the predicted family is the extreme ' +
      '(the exact −log10 t of 1/(tF) removed); "–": not in that regime within the sampled t.',
  };
}

function fmt(x: number | null): string {
  return x === null ? '–' : x.toFixed(5);
}
function pct(x: number | null): string {
  return x === null ? '–' : x < 1e-5 ? `${(100 * x).toExponential(1)}%` : `${(100 * x).toFixed(3)}%`;
}
function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}
export function short(s: string): string {
  if (s.length <= 12) return s;
  const x = Number(s);
  if (Number.isFinite(x) && x !== 0) return x.toPrecision(6);
  const m = /^(-?\d(?:\.\d{0,5})?)\d*e([+-]\d+)$/.exec(s);
  return m ? `${m[1]}e${m[2]}` : s.slice(0, 12);
}
