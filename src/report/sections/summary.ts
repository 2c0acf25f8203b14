/** Section 1: who was studied, what was compared, and the headline result in one sentence. */
import type { LabelSummary, ReportInput } from '../types.js';
import { html, type SafeHtml } from '../html.js';
import { headlineCell, headlineSentence } from '../headline.js';
import { absent } from '../figure.js';
import { formatPercent } from '../format.js';

/** The summary section. */
export function summarySection(input: ReportInput): SafeHtml {
  const cell = headlineCell(input);
  const label = input.labels.find((entry) => entry.name === cell?.label);
  const total = input.totalParticipants
    ?? input.cohorts.reduce((sum, cohort) => sum + cohort.nParticipants, 0);
  const methods = [...new Set(input.cells.map((entry) => entry.method))];
  const featureSets = [...new Set(input.cells.flatMap((entry) => entry.featureSet ?? []))];
  const why = cell === undefined ? ''
    : cell.id === input.headlineCellId ? 'the cell named as headline in the study configuration'
      : cell.primary === true ? 'the primary (pre-specified) comparison'
        : 'the first cell; no primary comparison was named';
  const cohortList = input.cohorts.length === 0 ? absent('No cohorts listed.')
    : html`<ul>${input.cohorts.map((c) =>
      html`<li>${c.name}: ${c.nParticipants} participants</li>`)}
</ul><p>Total: ${total} distinct participants.</p>`;
  const share = (l: LabelSummary): string =>
    formatPercent(l.nPositive / Math.max(1, l.nPositive + l.nNegative));
  const labelList = input.labels.length === 0 ? absent('No labels listed.')
    : html`<ul>${input.labels.map((l) => html`<li><strong>${l.name}</strong>:
${l.nPositive} ${l.positiveName ?? 'label 1'} (${share(l)}), ${l.nNegative}
${l.negativeName ?? 'label 0'}</li>`)}</ul>`;
  const cv = input.reproducibility.crossValidation;
  const compared = html`${input.cells.length} cells: methods ${methods.join(', ')}${
    featureSets.length > 0 ? html`; feature sets ${featureSets.join(', ')}` : ''}; labels
${input.labels.map((l) => l.name).join(', ')}.${
    cv === undefined ? '' : html` Evaluated with ${cv}.`}`;
  return html`<section id="summary"><h2>1. Summary</h2>
${cell === undefined ? absent('No comparison cells in the results: nothing was evaluated.')
    : html`<p class="headline">${headlineSentence(cell, label, input.cells.length)}</p>
<p class="note">Headline: ${why}.</p>`}
<div class="facts">
<div><h3>Cohorts and tasks</h3>${cohortList}</div>
<div><h3>Labels and class balance</h3>${labelList}</div>
<div><h3>What was compared</h3><p>${compared}</p></div>
</div></section>`;
}
