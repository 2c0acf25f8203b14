/**
 * Section 8: how to rerun the analysis: configuration, seed, versions, backend, timings, and
 * the methods paragraph with its references.
 */
import type { ReportInput } from '../types.js';
import { html, type SafeHtml } from '../html.js';
import { methodsParagraph } from '../methods.js';

/** The reproducibility section. */
export function reproducibilitySection(input: ReportInput): SafeHtml {
  const repro = input.reproducibility;
  const total = repro.timings.reduce((sum, t) => sum + t.seconds, 0);
  const methods = methodsParagraph(input);
  const config = JSON.stringify(repro.config ?? null, null, 2) ?? 'null';
  return html`<section id="reproducibility"><h2>8. Reproducibility</h2>
<dl class="facts-list"><dt>Seed</dt><dd>${repro.seed}</dd>
<dt>Backend</dt><dd>${repro.backend}</dd>
${repro.createdAt === undefined ? '' : html`<dt>Produced</dt><dd>${repro.createdAt}</dd>`}
${repro.crossValidation === undefined ? '' : html`<dt>Cross-validation</dt><dd>${repro.crossValidation}</dd>`}
${repro.nPermutations === undefined ? '' : html`<dt>Permutations</dt><dd>${repro.nPermutations}</dd>`}
${repro.nBootstrap === undefined ? '' : html`<dt>Bootstrap resamples</dt><dd>${repro.nBootstrap}</dd>`}
</dl>
<div class="facts"><div><h3>Versions</h3><table><tbody>
${Object.entries(repro.versions).map(([name, version]) => html`<tr><td>${name}</td><td>${version}</td></tr>`)}
</tbody></table></div>
<div><h3>Timings</h3>${repro.timings.length === 0 ? html`<p class="absent">No timings recorded.</p>`
    : html`<table><tbody>
${repro.timings.map((t) => html`<tr><td>${t.stage}</td><td class="num">${t.seconds.toFixed(1)} s</td></tr>`)}
<tr><th scope="row">Total</th><td class="num">${total.toFixed(1)} s</td></tr></tbody></table>`}</div></div>
<h3>Study configuration</h3><pre class="config">${config}</pre>
<h3>Methods</h3><p class="methods">${methods.text}</p>
<h3>References</h3><ol class="references">${methods.references.map((r) => html`<li>${r.text}</li>`)}</ol>
</section>`;
}
