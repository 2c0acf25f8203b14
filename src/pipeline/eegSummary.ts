/**
 * Group-average spectra and ERPs by IAT condition (mapping A and B) at a few midline channels,
 * for the report's "what the model learned" section: the raw group differences a reader can
 * set beside the model's weights. Means are over participants of their per-condition means
 * (each participant counts once, whatever its number of epochs).
 */
import { createWelchPlan, resolveWelchSettings } from '../features/spectral/welch.js';
import type { CohortParticipant } from '../ingest/cohort/types.js';
import type { GroupErp, GroupSpectrum } from '../report/types.js';

/** Channels shown, in order of preference; those a cohort lacks are skipped. */
export const SUMMARY_CHANNELS = ['Fz', 'Cz', 'Pz'];

/** Spectra (dB of µV²/Hz, 1-45 Hz) and ERPs (µV, baseline-corrected) by condition. */
export function groupEegSummary(participants: readonly CohortParticipant[]): {
  spectra: GroupSpectrum[];
  erps: GroupErp[];
} {
  const withEeg = participants.filter(
    (p) => p.epochs !== null && p.alignment !== null && p.session !== null,
  );
  const first = withEeg[0]?.epochs;
  if (first === undefined || first === null) return { spectra: [], erps: [] };
  const channels = SUMMARY_CHANNELS.filter((name) => first.channelNames.includes(name));
  const welch = createWelchPlan(resolveWelchSettings(first.nSamples, first.sfreqHz, {}));
  const freqs = welch.settings.freqsHz;
  const keepBins = Array.from(freqs.keys()).filter(
    (k) => (freqs[k] as number) >= 1 && (freqs[k] as number) <= 45,
  );
  const nBins = freqs.length;
  const baselineEnd = Math.min(
    first.nSamples,
    Math.max(1, Math.round(-first.tminS * first.sfreqHz) + 1),
  );

  const spectra: GroupSpectrum[] = [];
  const erps: GroupErp[] = [];
  for (const channel of channels) {
    for (const condition of ['A', 'B'] as const) {
      const spectrumSum = new Float64Array(nBins);
      const erpSum = new Float64Array(first.nSamples);
      let contributors = 0;
      for (const participant of withEeg) {
        const epochs = participant.epochs!;
        const c = epochs.channelNames.indexOf(channel);
        if (c < 0 || epochs.nSamples !== first.nSamples || epochs.sfreqHz !== first.sfreqHz)
          continue;
        // Report units are µV; epochs stored in volts are scaled (power by the square).
        const toMicrovolts = /^v\b/i.test(epochs.units[c] ?? '') ? 1e6 : 1;
        const psd = new Float64Array(nBins);
        const ownSpectrum = new Float64Array(nBins);
        const ownErp = new Float64Array(epochs.nSamples);
        let count = 0;
        for (let e = 0; e < epochs.nEpochs; e++) {
          const trial =
            participant.session!.trials[participant.alignment!.epochToTrial[e] as number];
          if (trial === undefined || trial.mapping !== condition) continue;
          const offset = (e * epochs.nChannels + c) * epochs.nSamples;
          welch.psdInto(epochs.data, offset, psd, 0);
          for (let k = 0; k < nBins; k++) ownSpectrum[k]! += (psd[k] as number) * toMicrovolts ** 2;
          let baseline = 0;
          for (let t = 0; t < baselineEnd; t++) baseline += epochs.data[offset + t] as number;
          baseline /= baselineEnd;
          for (let t = 0; t < epochs.nSamples; t++) {
            ownErp[t]! += ((epochs.data[offset + t] as number) - baseline) * toMicrovolts;
          }
          count++;
        }
        if (count === 0) continue;
        for (let k = 0; k < nBins; k++) spectrumSum[k]! += (ownSpectrum[k] as number) / count;
        for (let t = 0; t < epochs.nSamples; t++) erpSum[t]! += (ownErp[t] as number) / count;
        contributors++;
      }
      if (contributors === 0) continue;
      const label = condition === 'A' ? 'mapping A' : 'mapping B';
      spectra.push({
        condition: label,
        channel,
        freqHz: keepBins.map((k) => freqs[k] as number),
        powerDb: keepBins.map((k) => 10 * Math.log10((spectrumSum[k] as number) / contributors)),
      });
      erps.push({
        condition: label,
        channel,
        timeMs: Array.from(
          { length: first.nSamples },
          (_, t) => 1000 * (first.tminS + t / first.sfreqHz),
        ),
        amplitudeUv: Array.from(erpSum, (value) => value / contributors),
      });
    }
  }
  return { spectra, erps };
}
