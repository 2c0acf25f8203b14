/**
 * Section 2: forest plot of every cell's AUC beside the complete results table. The table is
 * plain HTML (complete without scripts); the page's inline script only adds sorting.
 */
import type { ReportInput } from '../types.js';
import { html, type SafeHtml } from '../html.js';
import { absent, figure } from '../figure.js';
import { forestSpec } from '../charts/forest.js';
import { cellDisplayNames } from '../cellNames.js';
import { formatInterval, formatNumber, formatP } from '../format.js';

/** The forest-plot and results-table section. */
export async function resultsSection(input: ReportInput): Promise<SafeHtml> {
  if (input.cells.length === 0) {
    return html`<section id="results"><h2>2. AUC of every comparison</h2>
${absent('No comparison cells in the results.')}</section>`;
  }
  const names = cellDisplayNames(input.cells);
  const level = Math.round(input.cells[0]!.ciLevel * 100);
  const chart = await figure('forest', forestSpec(input.cells),
    `AUC of each cell (dot) with its ${level}% confidence interval (thick) and ` +
    'false-coverage-rate adjusted interval (thin); the dashed line is chance (AUC 0.5). ' +
    'Right: q-value (p where no q).');
  const sortValue = (value: number | undefined): string =>
    value === undefined || !Number.isFinite(value) ? '' : String(value);
  const numberCell = (value: number | undefined, text: string): SafeHtml =>
    html`<td data-sort="${sortValue(value)}">${text}</td>`;
  const rows = input.cells.map((cell, i) => html`<tr id="cell-${i}" title="${names[i]}">
<td>${cell.method}</td><td>${cell.label}</td>
<td>${cell.featureSet ?? ''}${cell.task === undefined ? '' : html` (${cell.task})`}</td>
${numberCell(cell.n, `${cell.n} (${cell.nPositive})`)}
${numberCell(cell.auc, formatNumber(cell.auc))}
${numberCell(cell.ci[0], formatInterval(cell.ci))}
${numberCell(cell.ciAdjusted?.[0],
    cell.ciAdjusted === undefined ? 'n/a' : formatInterval(cell.ciAdjusted))}
${numberCell(cell.p, formatP(cell.p).replace(/^= /, ''))}
${numberCell(cell.q, cell.q === undefined ? 'n/a' : formatP(cell.q).replace(/^= /, ''))}</tr>`);
  return html`<section id="results"><h2>2. AUC of every comparison</h2>
<div class="side-by-side">${chart}
<div class="table-wrap"><table class="sortable results">
<caption>All ${input.cells.length} cells. n (label 1); CI: ${level}% confidence interval;
FCR CI: false-coverage-rate adjusted; p: permutation p-value; q: Benjamini–Hochberg q-value.
Click a column heading to sort.</caption>
<thead><tr><th scope="col">Method</th><th scope="col">Label</th>
<th scope="col">Features</th><th scope="col">n</th><th scope="col">AUC</th>
<th scope="col">CI</th><th scope="col">FCR CI</th><th scope="col">p</th>
<th scope="col">q</th></tr></thead>
<tbody>${rows}</tbody></table></div></div></section>`;
}
