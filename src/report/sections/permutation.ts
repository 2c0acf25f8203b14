/** Section 6: the permutation null distribution of each cell with its observed AUC. */
import type { ReportInput } from '../types.js';
import { html, type SafeHtml } from '../html.js';
import { absent, figure } from '../figure.js';
import {
  permutationSpec,
  permutationSummarySpec,
  type PermutationPanel,
  type PermutationSummaryRow,
} from '../charts/permutation.js';
import { cellDisplayNames } from '../cellNames.js';

/** The permutation section. */
export async function permutationSection(input: ReportInput): Promise<SafeHtml> {
  const names = cellDisplayNames(input.cells);
  const panels: PermutationPanel[] = [];
  const summaries: PermutationSummaryRow[] = [];
  input.cells.forEach((cell, i) => {
    if (cell.permutationNull !== undefined && cell.permutationNull.length > 0) {
      panels.push({ name: names[i]!, nullAuc: cell.permutationNull, observedAuc: cell.auc });
    } else if (cell.permutationSummary !== undefined) {
      summaries.push({ name: names[i]!, ...cell.permutationSummary, observedAuc: cell.auc });
    }
  });
  const parts: SafeHtml[] = [];
  if (panels.length > 0) {
    parts.push(await figure('permutation', permutationSpec(panels),
      'AUC under randomly permuted labels (grey histogram) and the observed AUC (red line). ' +
      'The p-value is the share of permutations at least as large as the observed AUC.'));
  }
  if (summaries.length > 0) {
    parts.push(await figure('permutation-summary', permutationSummarySpec(summaries),
      'The results keep only the mean and SD of each null distribution, not every permuted ' +
      'AUC: grey bar, mean ± 2 SD of the permuted AUCs (tick: mean); red dot, observed AUC.'));
  }
  const body = parts.length === 0
    ? absent('No permutation test in the results: no null distributions to show.')
    : parts;
  return html`<section id="permutation"><h2>6. Permutation null distributions</h2>
${body}</section>`;
}
