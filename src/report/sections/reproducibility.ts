/**
 * Section 8: how to rerun the analysis: configuration, seed, versions, backend, timings, and
 * the methods paragraph with its references.
 */
import type { ReportInput } from '../types.js';
import { html, type SafeHtml } from '../html.js';
import { absent } from '../figure.js';
import { methodsParagraph } from '../methods.js';

/** The reproducibility section. */
export function reproducibilitySection(input: ReportInput): SafeHtml {
  const repro = input.reproducibility;
  const total = repro.timings.reduce((sum, t) => sum + t.seconds, 0);
  const methods = methodsParagraph(input);
  const config = JSON.stringify(repro.config ?? null, null, 2) ?? 'null';
  const optional = (term: string, value: string | number | undefined): SafeHtml | string =>
    value === undefined ? '' : html`<dt>${term}</dt><dd>${value}</dd>`;
  const versions = Object.entries(repro.versions).map(([name, version]) =>
    html`<tr><td>${name}</td><td>${version}</td></tr>`);
  const timings = repro.timings.map((t) =>
    html`<tr><td>${t.stage}</td><td class="num">${t.seconds.toFixed(1)} s</td></tr>`);
  return html`<section id="reproducibility"><h2>8. Reproducibility</h2>
<dl class="facts-list"><dt>Seed</dt><dd>${repro.seed}</dd>
<dt>Backend</dt><dd>${repro.backend}</dd>
${optional('Produced', repro.createdAt)}
${optional('Cross-validation', repro.crossValidation)}
${optional('Permutations', repro.nPermutations)}
${optional('Bootstrap resamples', repro.nBootstrap)}
</dl>
<div class="facts"><div><h3>Versions</h3><table><tbody>${versions}</tbody></table></div>
<div><h3>Timings</h3>${repro.timings.length === 0 ? absent('No timings recorded.')
    : html`<table><tbody>${timings}
<tr><th scope="row">Total</th><td class="num">${total.toFixed(1)} s</td></tr></tbody></table>`}
</div></div>
<h3>Study configuration</h3><pre class="config">${config}</pre>
<h3>Methods</h3><p class="methods">${methods.text}</p>
<h3>References</h3><ol class="references">
${methods.references.map((reference) => html`<li>${reference.text}</li>`)}</ol>
</section>`;
}
