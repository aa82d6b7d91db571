import type { TopLevelSpec } from 'vega-lite';

/**
 * Renders a vega-lite spec to an SVG string in node (no canvas, no DOM:
 * `new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' }).toSVG()`).
 * vega and vega-lite are imported lazily. The one rendering path of the audit and the report.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
