/**
 * One entry point for the PSD estimators: Welch (default; welch.ts) or multitaper
 * (multitaper.ts), chosen by `method`, behind one reusable-plan interface.
 */
import type { Epochs } from '../../ingest/eeg/types.js';
import { InputError } from '../../util/errors.js';
import { createMultitaperPlan, type MultitaperOptions } from './multitaper.js';
import { createWelchPlan, resolveWelchSettings, type WelchOptions } from './welch.js';

/** PSD estimators available. */
export type SpectralMethod = 'welch' | 'multitaper';

/** The method names accepted on the command line and in options. */
export const SPECTRAL_METHODS: readonly SpectralMethod[] = ['welch', 'multitaper'];

/** Options of either estimator; Welch's apply only to 'welch', bandwidthHz/lowBias only to
 * 'multitaper'. */
export interface SpectrumOptions extends WelchOptions, MultitaperOptions {
  /** Default 'welch'. */
  method?: SpectralMethod;
}

/** A reusable PSD estimator for one epoch length and rate; `psdInto` allocates nothing. */
export interface SpectrumPlan {
  readonly method: SpectralMethod;
  readonly freqsHz: Float64Array;
  /** The resolved settings, in words, for logs and reports. */
  readonly description: string;
  /** PSD (unit^2/Hz) of `signal[offset .. offset + nSamples)` into `out[outOffset ..]`. */
  psdInto(signal: Float64Array, offset: number, out: Float64Array, outOffset: number): void;
}

/** PSD of every epoch x channel, C-ordered (epoch, channel, frequency), unit^2/Hz. */
export interface PsdArray {
  freqsHz: Float64Array;
  nEpochs: number;
  nChannels: number;
  nFreqs: number;
  psd: Float64Array;
}

/**
 * Builds the plan for `options.method`. Throws InputError (field named) for impossible
 * options or options of the other method.
 */
export function createSpectrumPlan(nSamples: number, sfreqHz: number,
  options: SpectrumOptions = {}): SpectrumPlan {
  const method = options.method ?? 'welch';
  if (!SPECTRAL_METHODS.includes(method)) {
    throw new InputError(`expected one of ${SPECTRAL_METHODS.join(', ')}, found '${method}'`, {
      field: 'method',
    });
  }
  const foreign = method === 'welch'
    ? (['bandwidthHz', 'lowBias'] as const).filter((key) => options[key] !== undefined)
    : (['window', 'nperseg', 'noverlap', 'nfft'] as const).filter(
      (key) => options[key] !== undefined);
  if (foreign.length > 0) {
    throw new InputError(`${foreign.join(', ')} does not apply to method '${method}'`, {
      field: foreign[0] === 'bandwidthHz' ? 'bandwidth' : foreign[0],
    });
  }
  if (method === 'multitaper') {
    const plan = createMultitaperPlan(nSamples, sfreqHz, options);
    return {
      method,
      freqsHz: plan.freqsHz,
      description: `multitaper, NW ${plan.nw}, ${plan.ratios.length} DPSS tapers, ` +
        `resolution ${sfreqHz / nSamples} Hz`,
      psdInto: plan.psdInto,
    };
  }
  const plan = createWelchPlan(resolveWelchSettings(nSamples, sfreqHz, options));
  const s = plan.settings;
  return {
    method,
    freqsHz: s.freqsHz,
    description: `Welch ${s.window}, nperseg ${s.nperseg}, noverlap ${s.noverlap}, ` +
      `nfft ${s.nfft}, ${s.nSegments} segment(s), resolution ${sfreqHz / s.nfft} Hz`,
    psdInto: plan.psdInto,
  };
}

/** PSD of every epoch and channel with the chosen method. */
export function epochsPsd(epochs: Epochs, options: SpectrumOptions = {}): PsdArray & {
  description: string;
} {
  const plan = createSpectrumPlan(epochs.nSamples, epochs.sfreqHz, options);
  const nFreqs = plan.freqsHz.length;
  const nSignals = epochs.nEpochs * epochs.nChannels;
  const psd = new Float64Array(nSignals * nFreqs);
  for (let i = 0; i < nSignals; i++) {
    plan.psdInto(epochs.data, i * epochs.nSamples, psd, i * nFreqs);
  }
  return {
    freqsHz: plan.freqsHz,
    nEpochs: epochs.nEpochs,
    nChannels: epochs.nChannels,
    nFreqs,
    psd,
    description: plan.description,
  };
}
