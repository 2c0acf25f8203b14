/**
 * Section 5: what the Bayesian model learned: posterior weights with credible intervals,
 * scalp maps of the EEG weights per frequency band, and group spectra and ERPs by condition.
 */
import type { ReportInput } from '../types.js';
import { html, type SafeHtml } from '../html.js';
import { absent, figure } from '../figure.js';
import { MAX_WEIGHTS_SHOWN, strongestWeights, weightsSpec } from '../charts/weights.js';
import { topomapSpec } from '../charts/topomap.js';
import { erpSpec, spectraSpec } from '../charts/eegCurves.js';

/** The model section. */
export async function modelSection(input: ReportInput): Promise<SafeHtml> {
  const weightFigures: SafeHtml[] = [];
  for (const model of input.models) {
    if (model.weights.length === 0) {
      weightFigures.push(absent(`Model for ${model.label}: no posterior weights in the results.`));
      continue;
    }
    const shown = strongestWeights(model.weights);
    const level = Math.round(model.credibleLevel * 100);
    const leftOut = model.weights.length - shown.length;
    weightFigures.push(await figure(`weights-${input.models.indexOf(model)}`,
      weightsSpec(shown, model.credibleLevel),
      `Posterior weights of the model for ${model.label} on standardised features: posterior ` +
      `median (dot) and ${level}% central credible interval (bar), largest |median| first` +
      (leftOut > 0 ? `; the ${leftOut} weights nearest zero are not shown.` : '.')));
  }

  const eeg = input.eeg;
  let scalp: SafeHtml;
  let spectra: SafeHtml;
  let erps: SafeHtml;
  if (eeg === undefined) {
    const none = absent('No EEG in this study: no scalp maps, spectra or ERPs.');
    [scalp, spectra, erps] = [none, html``, html``];
  } else {
    const usable = eeg.bandWeights.filter((band) =>
      band.weights.some((entry) => eeg.positions.some((p) => p.channel === entry.channel)));
    scalp = usable.length === 0
      ? absent('No scalp maps: no EEG band weights match the montage\'s channels.')
      : await figure('topomap', topomapSpec(eeg.positions, usable),
        `Scalp maps of the posterior median EEG weights per frequency band (model for ` +
        `${usable[0]!.label}), seen from above with the nose at the top, on the ` +
        `${eeg.montageName} montage: red raises, blue lowers the predicted probability of ` +
        'label 1. Values between electrodes are inverse-distance interpolated; all maps share ' +
        'one colour scale.');
    spectra = eeg.spectra.length === 0 ? absent('No group spectra in the results.')
      : await figure('spectra', spectraSpec(eeg.spectra),
        'Group-average power spectra by condition, per channel.');
    erps = eeg.erps.length === 0 ? absent('No group ERPs in the results.')
      : await figure('erps', erpSpec(eeg.erps),
        'Group-average event-related potentials by condition, per channel (stimulus at 0 ms).');
  }
  return html`<section id="model"><h2>5. What the model learned</h2>
<h3>Posterior weights</h3>${input.models.length === 0
    ? absent('No Bayesian model results: posterior weights are not available.') : weightFigures}
<p class="note">At most ${MAX_WEIGHTS_SHOWN} weights are drawn per model.</p>
<h3>Scalp maps</h3>${scalp}<h3>Group spectra and ERPs</h3>${spectra}${erps}</section>`;
}
