/**
 * Section 7: data quality: every exclusion with its reason and count, trials and epochs kept
 * per participant, and the diagnostics of the variational fits (ELBO traces, Pareto k-hat).
 */
import type { ReportInput } from '../types.js';
import { html, type SafeHtml } from '../html.js';
import { absent, figure } from '../figure.js';
import { elboSpec, khatSpec, KHAT_THRESHOLD, participantDataSpec } from '../charts/diagnostics.js';

/** The data-quality section. */
export async function qualitySection(input: ReportInput): Promise<SafeHtml> {
  const exclusions = input.exclusions.length === 0
    ? absent('No exclusions were recorded: every trial, epoch and participant was kept.')
    : html`<table class="exclusions"><thead><tr><th scope="col">Level</th>
<th scope="col">Reason</th><th scope="col">Count</th></tr></thead><tbody>
${input.exclusions.map((e) =>
    html`<tr><td>${e.level}</td><td>${e.reason}</td><td>${e.count}</td></tr>`)}
</tbody></table>`;

  const hasEpochs = input.participants.some((p) => p.epochsKept !== undefined);
  const perParticipant = input.participants.length === 0
    ? absent('No per-participant counts in the results.')
    : html`${await figure('participants', participantDataSpec(input.participants),
      'Distribution over participants of the IAT trials' + (hasEpochs ? ' and EEG epochs' : '') +
      ' kept after exclusions.')}
<div class="table-wrap tall"><table class="sortable participants"><caption>Kept / total per
participant.</caption><thead><tr><th scope="col">Participant</th><th scope="col">Trials</th>
${hasEpochs ? html`<th scope="col">Epochs</th>` : ''}</tr></thead><tbody>
${input.participants.map((p) => html`<tr><td>${p.participantId}</td>
<td data-sort="${p.trialsKept}">${p.trialsKept} / ${p.trialsTotal}</td>${hasEpochs
    ? html`<td data-sort="${p.epochsKept ?? ''}">${p.epochsKept ?? 'n/a'} /
${p.epochsTotal ?? 'n/a'}</td>` : ''}</tr>`)}
</tbody></table></div>`;

  const diagnostics: SafeHtml[] = [];
  for (const [index, model] of input.models.entries()) {
    diagnostics.push(html`<h4>Model for ${model.label}</h4>`);
    diagnostics.push(model.elbo.length === 0 ? absent('No ELBO traces recorded.')
      : await figure(`elbo-${index}`, elboSpec(model.elbo),
        'Evidence lower bound (ELBO) per optimiser iteration for each fit; a trace that has ' +
        'levelled off indicates the optimiser converged.'));
    const high = model.paretoKhat.filter((k) => k.khat > KHAT_THRESHOLD);
    diagnostics.push(model.paretoKhat.length === 0 ? absent('No Pareto k-hat recorded.')
      : await figure(`khat-${index}`, khatSpec(model.paretoKhat),
        `Pareto k-hat per fit. ${high.length === 0 ? 'All fits'
          : `${model.paretoKhat.length - high.length} of ${model.paretoKhat.length} fits`} ` +
        `are at or below ${KHAT_THRESHOLD}` +
        (high.length === 0 ? '.' : `; above it: ${high.map((k) => k.fit).join(', ')}.`)));
  }
  return html`<section id="quality"><h2>7. Data quality</h2>
<h3>Exclusions</h3>${exclusions}
<h3>Trials and epochs per participant</h3>${perParticipant}
<h3>Variational inference diagnostics</h3>
<p>The variational approximation is checked by Pareto-smoothed importance sampling: k-hat
estimates the tail shape of the importance ratios between the true posterior and the
approximation. Below ${KHAT_THRESHOLD} the approximation is usable and importance-sampling
corrections are reliable; above ${KHAT_THRESHOLD} the approximation misses part of the
posterior and its credible intervals should not be trusted (Yao et al., 2018; Vehtari et
al., 2024).</p>
${input.models.length === 0 ? absent('No Bayesian model results: no VI diagnostics.')
    : diagnostics}</section>`;
}
