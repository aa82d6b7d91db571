import type { TopLevelSpec } from 'vega-lite';
import type { AuditCase } from '../types.js';
import { isBroken } from '../verdict.js';

/**
 * vega-lite specifications of the audit's charts, built from the data only, and their rendering
 * to SVG in node (no canvas, no DOM: `new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' }).toSVG()`).
 */
export interface Chart {
  id: string;
  spec: TopLevelSpec;
  caption: string;
}

/** At most four η for the faceted charts: the extremes, the best constant step and the stability edge. */
export function chartEtas(c: AuditCase): number[] {
  const n = c.eta.length;
  const pick = new Set<number>();
  pick.add(0);
  const best = c.eta.findIndex((e) => e.label.startsWith('2/(α+L)'));
  const edge = c.eta.findIndex((e) => e.label === '2/L');
  if (best >= 0) pick.add(best);
  if (edge >= 0) pick.add(edge);
  pick.add(n - 1);
  for (let k = 0; pick.size < Math.min(4, n); k++) pick.add(Math.floor((k * n) / 4));
  return [...pick].sort((a, b) => a - b).slice(0, 4);
}

export function digitsChart(c: AuditCase): Chart {
  const ks = chartEtas(c);
  const values = c.points
    .filter((p) => ks.includes(p.etaIndex))
    .flatMap((p) =>
      c.methods
        .filter((m) => p.results[m.id] && p.results[m.id].status !== 'notRun' && p.results[m.id].status !== 'skipped')
        .map((m) => {
          const r = p.results[m.id];
          return {
            t: p.t,
            eta: `η = ${c.eta[p.etaIndex].label}`,
            order: p.etaIndex,
            method: m.id,
            digits: r.digits,
            status: isBroken(r.status) ? (r.status === 'nonFinite' ? 'non-finite' : r.status === 'noDigits' ? 'no correct digit' : r.status) : 'finite',
          };
        }),
    );
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    facet: { column: { field: 'eta', type: 'nominal', title: 'step size', sort: { field: 'order' } } },
    spec: {
      width: 190,
      height: 200,
      layer: [
        {
          mark: { type: 'line', strokeWidth: 1.2, opacity: 0.7 },
          encoding: {
            x: { field: 't', type: 'quantitative', scale: { type: 'log' }, title: 'unroll length t (log scale)' },
            y: { field: 'digits', type: 'quantitative', scale: { domain: [0, 17] }, title: "significant digits of G'" },
            color: { field: 'method', type: 'nominal', title: 'method' },
          },
        },
        {
          mark: { type: 'point', filled: true, size: 40 },
          encoding: {
            x: { field: 't', type: 'quantitative', scale: { type: 'log' } },
            y: { field: 'digits', type: 'quantitative' },
            color: { field: 'method', type: 'nominal', title: 'method' },
            shape: { field: 'status', type: 'nominal', title: 'result' },
          },
        },
      ],
    },
  } as unknown as TopLevelSpec;
  return {
    id: 'digits',
    spec,
    caption:
      "Significant digits of G'(η) against the arbitrary-precision reference, counted relative to max(|G'|, S) (CLI.md), " +
      'for each method against the unroll length t, at four step sizes. wang2021 (Theorem 3, Corollary 1) predicts that backpropagation ' +
      'fails once F = f(w_t) or its adjoint 1/(tF) leaves the float range, while the scaled form (Eqn 2) does not; ' +
      'points at 0 digits are results that were non-finite or had no correct digit.',
  };
}

export function tapeChart(c: AuditCase): Chart | null {
  if (!c.tape) return null;
  const tape = c.tape;
  const ks = chartEtas(c);
  const values: object[] = [];
  for (const row of tape.rows.filter((r) => ks.includes(r.etaIndex))) {
    const eta = `η = ${c.eta[row.etaIndex].label}`;
    for (const s of row.samples) {
      values.push({ t: s.t, eta, order: row.etaIndex, log10: s.maxLog10, series: 'largest |intermediate|', kind: 'tape (decimal)' });
      values.push({ t: s.t, eta, order: row.etaIndex, log10: s.minLog10, series: 'smallest |intermediate|', kind: 'tape (decimal)' });
    }
    // predicted lines: the predicted rate through the last sampled point (the eye compares slopes)
    const last = row.samples[row.samples.length - 1];
    if (!last) continue;
    for (const [fit, y0, series] of [
      [row.max, last.maxLog10, 'largest |intermediate|'],
      [row.min, last.minLog10, 'smallest |intermediate|'],
    ] as const) {
      for (const s of row.samples) {
        values.push({ t: s.t, eta, order: row.etaIndex, log10: y0 + fit.predicted * (s.t - last.t), series, kind: 'predicted rate' });
      }
    }
  }
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    facet: { column: { field: 'eta', type: 'nominal', title: 'step size', sort: { field: 'order' } } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 190,
      height: 200,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'predicted rate'" }],
          mark: { type: 'line', strokeWidth: 1.3 },
          encoding: {
            x: { field: 't', type: 'quantitative', title: 'unroll length t' },
            y: { field: 'log10', type: 'quantitative', title: 'log10 |value or adjoint|' },
            color: { field: 'series', type: 'nominal', title: 'tape extreme', legend: { labelLimit: 260 } },
            strokeDash: { field: 'kind', type: 'nominal', title: 'dashed line', scale: { range: [[6, 3]] }, legend: { labelLimit: 260, symbolStrokeColor: '#555' } },
          },
        },
        {
          transform: [{ filter: "datum.kind === 'tape (decimal)'" }],
          mark: { type: 'point', filled: true, size: 45 },
          encoding: {
            x: { field: 't', type: 'quantitative' },
            y: { field: 'log10', type: 'quantitative' },
            color: { field: 'series', type: 'nominal', title: 'tape extreme', legend: { labelLimit: 260 } },
          },
        },
      ],
    },
  } as unknown as TopLevelSpec;
  return {
    id: 'tape',
    spec,
    caption:
      `wang2021 Corollary 1: backpropagation through t unrolled steps holds intermediates exponentially large or small in t. ` +
      `Dots: the largest and smallest |value| or |adjoint| on the tape, computed in decimal (precision ${tape.precision}, so nothing overflows). ` +
      `Dashed: the predicted rate (F grows as 2·log10 max|1−ηλ| per step, its adjoint 1/(tF) the opposite; for a diagonal H a fast-decaying ` +
      `coordinate can be smaller still), drawn through the last sample so that slopes can be compared.`,
  };
}

export { renderSvg } from '../../charts/render.js';
