/**
 * Renders a Vega-Lite specification to an SVG string in Node, without a browser: the spec is
 * compiled to Vega (vega-lite `compile`), run headless (`renderer: 'none'`) and serialised with
 * `View.toSVG` (https://vega.github.io/vega/usage/#view-toSVG). The result is checked by
 * `assertSafeSvg` and made to scale with its container so that it neither overflows a narrow
 * window nor clips when printed.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Config } from 'vega-lite';
import { assertSafeSvg } from './escape.js';

/** Shared look of every chart: system fonts only (nothing is fetched at view time). */
export const CHART_CONFIG: Config = {
  font: 'system-ui, sans-serif',
  background: 'white',
  // Per-mark ARIA descriptions would repeat every data point; each figure has a caption.
  aria: false,
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 },
  title: { fontSize: 13, anchor: 'start' },
};

/**
 * Width of `text` in pixels at the item's font size, from per-character advance widths typical
 * of sans-serif fonts (em units, rounded from DejaVu Sans, the fallback for system-ui on
 * Debian). Without a canvas Vega estimates 0.8 em per character, which overestimates by about
 * a third, truncating axis labels early and leaving wide margins; Vega documents replacing
 * `textMetrics.width` for exactly this case (vega-scenegraph, "user defined textMetrics").
 */
export function estimateTextWidth(
  item: { text?: unknown; fontSize?: number },
  text?: unknown,
): number {
  const value = text ?? item.text;
  const characters = value === undefined || value === null ? '' : String(value);
  let ems = 0;
  for (const character of characters) {
    if ("ijl|.,:;'!".includes(character)) ems += 0.3;
    else if ('ftrI()[]{} -'.includes(character)) ems += 0.38;
    else if ('mwMW'.includes(character)) ems += 0.88;
    else if (/[A-Z]/.test(character)) ems += 0.7;
    else ems += 0.6;
  }
  return ems * (item.fontSize ?? 11);
}

/** vega-scenegraph's text measurer; vega re-exports it but its type declarations omit it. */
interface TextMetrics {
  width: (item: { text?: unknown; fontSize?: number }, text?: unknown) => number;
}
(vega as unknown as { textMetrics: TextMetrics }).textMetrics.width = estimateTextWidth;

/** Renders `spec` to an SVG string whose width/height follow its viewBox. */
export async function renderVegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const config = { ...CHART_CONFIG, ...(spec.config ?? {}) };
  const withConfig = { ...spec, config } as TopLevelSpec;
  const vegaSpec = compile(withConfig).spec;
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    assertSafeSvg(svg);
    return makeResponsive(roundCoordinates(svg));
  } finally {
    view.finalize();
  }
}

/**
 * Replaces the root element's fixed width and height by a max-width style so that the chart
 * shrinks with the page; the viewBox keeps its aspect ratio.
 */
function makeResponsive(svg: string): string {
  return svg.replace(/^<svg([^>]*)>/, (_whole, attributes: string) => {
    const width = /\swidth="([\d.]+)"/.exec(attributes)?.[1] ?? '';
    const rest = attributes
      .replace(/\s(width|height)="[\d.]+"/g, '')
      .replace(/\sxmlns(:xlink)?="[^"]*"/g, '');
    return `<svg${rest} width="100%" preserveAspectRatio="xMinYMin meet" role="img" ` +
      `style="max-width:${width}px">`;
  });
}

/**
 * Rounds numbers inside tags (path data, transforms, coordinates) to two decimals, a hundredth
 * of a pixel, which halves the size of dense charts. Text content is left alone: Vega escapes
 * '<' and '>' in text and attribute values, so every '<...>' match is a tag.
 */
function roundCoordinates(svg: string): string {
  return svg.replace(/<[^>]+>/g, (tag) => tag.replace(/(\d\.\d{2})\d+/g, '$1'));
}
