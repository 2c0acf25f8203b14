/**
 * A chart as an HTML figure: the SVG rendered from a Vega-Lite spec and a caption that says
 * what is drawn. `data-chart` names the chart for the browser check.
 */
import type { TopLevelSpec } from 'vega-lite';
import { html, trusted, type SafeHtml } from './html.js';
import { renderVegaLiteSvg } from './vegaSvg.js';

/** Renders `spec` into `<figure data-chart="name">` with `caption` (escaped text or SafeHtml). */
export async function figure(
  name: string,
  spec: TopLevelSpec,
  caption: string | SafeHtml,
): Promise<SafeHtml> {
  const svg = await renderVegaLiteSvg(spec);
  return html`<figure class="chart" data-chart="${name}">${trusted(svg)}
<figcaption>${caption}</figcaption></figure>`;
}

/** One line saying a part of the report has no data, and why it matters. */
export function absent(text: string): SafeHtml {
  return html`<p class="absent">${text}</p>`;
}
