/** Section 6: the permutation null distribution of each cell with its observed AUC. */
import type { ReportInput } from '../types.js';
import { html, type SafeHtml } from '../html.js';
import { absent, figure } from '../figure.js';
import { permutationSpec, type PermutationPanel } from '../charts/permutation.js';
import { cellDisplayNames } from '../cellNames.js';

/** The permutation section. */
export async function permutationSection(input: ReportInput): Promise<SafeHtml> {
  const names = cellDisplayNames(input.cells);
  const panels: PermutationPanel[] = [];
  input.cells.forEach((cell, i) => {
    if (cell.permutationNull !== undefined && cell.permutationNull.length > 0) {
      panels.push({ name: names[i]!, nullAuc: cell.permutationNull, observedAuc: cell.auc });
    }
  });
  const body = panels.length === 0
    ? absent('No permutation null distributions in the results.')
    : await figure('permutation', permutationSpec(panels),
      'AUC under randomly permuted labels (grey histogram) and the observed AUC (red line). ' +
      'The p-value is the share of permutations at least as large as the observed AUC.');
  return html`<section id="permutation"><h2>6. Permutation null distributions</h2>${body}</section>`;
}
