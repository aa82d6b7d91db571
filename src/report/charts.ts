import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from '../charts/render.js';

/**
 * A chart: a vega-lite spec rendered to SVG in node (no canvas, no DOM), with the caption a
 * person reads under it: what the paper claims and what we found.
 */
export interface Chart {
  id: string;
  title: string;
  caption: string;
  svg: string;
}

export async function renderChart(id: string, title: string, caption: string, spec: TopLevelSpec): Promise<Chart> {
  return { id, title, caption, svg: await renderSvg(spec) };
}

/** A line chart of (x, y, series) rows; log scales where asked. */
export function lineSpec(options: {
  values: Array<Record<string, number | string | null>>;
  x: { field: string; title: string; log?: boolean };
  y: { field: string; title: string; log?: boolean; domain?: [number, number] };
  series: { field: string; title: string };
  width?: number;
  height?: number;
  points?: boolean;
  dash?: { field: string; title: string };
}): TopLevelSpec {
  const { values, x, y, series, width = 520, height = 300, points = true, dash } = options;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width,
    height,
    data: { values },
    mark: { type: 'line', point: points, clip: true },
    config: { legend: { labelLimit: 420, titleLimit: 420, orient: 'bottom', direction: 'vertical' } },
    encoding: {
      x: { field: x.field, type: 'quantitative', title: x.title, scale: x.log ? { type: 'log' } : { zero: false } },
      y: {
        field: y.field,
        type: 'quantitative',
        title: y.title,
        scale: { ...(y.log ? { type: 'log' as const } : { zero: false }), ...(y.domain ? { domain: y.domain } : {}) },
      },
      color: { field: series.field, type: 'nominal', title: series.title },
      ...(dash ? { strokeDash: { field: dash.field, type: 'nominal' as const, title: dash.title } } : {}),
    },
  } as TopLevelSpec;
}
