/**
 * Welch's power spectral density estimate (Welch 1967, IEEE Trans. Audio Electroacoust. 15(2),
 * 70-73), computed per epoch and channel exactly as scipy.signal.welch does with
 * `detrend='constant', scaling='density', return_onesided=True, average='mean'`:
 *
 * - the signal is cut into segments of `nperseg` samples starting every nperseg - noverlap
 *   samples; an incomplete tail is dropped;
 * - each segment has its own mean removed, is multiplied by a periodic window w, zero-padded
 *   to `nfft` and transformed;
 * - P_k = |X_k|^2 / (fs * sum_j w_j^2), doubled for 0 < k < nfft/2 (one-sided spectrum; DC
 *   and, for even nfft, the Nyquist bin are not doubled), in unit^2/Hz;
 * - the segments' P_k are averaged (arithmetic mean).
 *
 * Frequencies are f_k = k * fs / nfft for k = 0 .. floor(nfft/2).
 */
import type { Epochs } from '../../ingest/eeg/types.js';
import { InputError } from '../../util/errors.js';
import { createPowerSpectrumPlan, type PowerSpectrumPlan } from './realFft.js';
import { periodicWindow, WINDOW_NAMES, type WindowName } from './window.js';

/** User-facing Welch options; every one has a default (see `resolveWelchSettings`). */
export interface WelchOptions {
  /** Taper: periodic 'hann' (default, as scipy.signal.welch) or 'hamming' (MNE's default). */
  window?: WindowName;
  /** Samples per segment. Default min(256, samples per epoch), scipy's default and cap. */
  nperseg?: number;
  /** Samples shared by consecutive segments. Default floor(nperseg / 2), as scipy. */
  noverlap?: number;
  /** FFT length (>= nperseg; zero-padding beyond it). Default nperseg, as scipy. */
  nfft?: number;
}

/** Fully resolved Welch settings for one epoch length and sampling rate. */
export interface WelchSettings {
  window: WindowName;
  nperseg: number;
  noverlap: number;
  nfft: number;
  sfreqHz: number;
  /** Samples per signal (epoch length). */
  nSamples: number;
  /** Number of segments averaged: floor((nSamples - noverlap) / (nperseg - noverlap)). */
  nSegments: number;
  /** Bin frequencies in Hz, k * sfreqHz / nfft. */
  freqsHz: Float64Array;
}

/**
 * Applies defaults and checks the options against the epoch length. Throws InputError naming
 * the option (`field`) when a value is impossible (nperseg > samples, noverlap >= nperseg,
 * nfft < nperseg, non-integers).
 */
export function resolveWelchSettings(
  nSamples: number,
  sfreqHz: number,
  options: WelchOptions = {},
): WelchSettings {
  if (!Number.isInteger(nSamples) || nSamples < 2) {
    throw new InputError(`expected at least 2 samples per epoch, found ${nSamples}`, {
      field: 'nSamples',
    });
  }
  if (!(sfreqHz > 0) || !Number.isFinite(sfreqHz)) {
    throw new InputError(`expected a positive sampling rate, found ${sfreqHz}`, {
      field: 'sfreqHz',
    });
  }
  const window = options.window ?? 'hann';
  if (!WINDOW_NAMES.includes(window)) {
    throw new InputError(`expected one of ${WINDOW_NAMES.join(', ')}, found '${window}'`, {
      field: 'window',
    });
  }
  const nperseg = options.nperseg ?? Math.min(256, nSamples);
  checkInteger('nperseg', nperseg, 2);
  if (nperseg > nSamples) {
    throw new InputError(
      `expected at most the epoch length (${nSamples} samples), found ${nperseg}`,
      { field: 'nperseg' },
    );
  }
  const noverlap = options.noverlap ?? Math.floor(nperseg / 2);
  checkInteger('noverlap', noverlap, 0);
  if (noverlap >= nperseg) {
    throw new InputError(`expected less than nperseg (${nperseg}), found ${noverlap}`, {
      field: 'noverlap',
    });
  }
  const nfft = options.nfft ?? nperseg;
  checkInteger('nfft', nfft, 2);
  if (nfft < nperseg) {
    throw new InputError(`expected at least nperseg (${nperseg}), found ${nfft}`, {
      field: 'nfft',
    });
  }

  const step = nperseg - noverlap;
  const nSegments = Math.floor((nSamples - noverlap) / step);
  const nBins = Math.floor(nfft / 2) + 1;
  const freqsHz = new Float64Array(nBins);
  for (let k = 0; k < nBins; k++) freqsHz[k] = (k * sfreqHz) / nfft;
  return { window, nperseg, noverlap, nfft, sfreqHz, nSamples, nSegments, freqsHz };
}

function checkInteger(field: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new InputError(`expected an integer >= ${min}, found ${value}`, { field });
  }
}

/** A reusable Welch estimator: tables and buffers are made once, `psdInto` allocates nothing. */
export interface WelchPlan {
  readonly settings: WelchSettings;
  /**
   * Writes the PSD (unit^2/Hz, one value per bin) of `signal[offset .. offset + nSamples)`
   * into `out[outOffset .. outOffset + nBins)`.
   */
  psdInto(signal: Float64Array, offset: number, out: Float64Array, outOffset: number): void;
}

/** Builds the window, the FFT plan and the work buffers for `settings`. */
export function createWelchPlan(settings: WelchSettings): WelchPlan {
  const { nperseg, noverlap, nfft, nSegments, sfreqHz } = settings;
  const window = periodicWindow(settings.window, nperseg);
  let windowEnergy = 0;
  for (let j = 0; j < nperseg; j++) windowEnergy += (window[j] as number) ** 2;

  const fft: PowerSpectrumPlan = createPowerSpectrumPlan(nfft);
  const nBins = fft.nBins;
  // Segments write only frame[0 .. nperseg); the zero padding after it is never touched.
  const frame = new Float64Array(nfft);
  const sum = new Float64Array(nBins);
  const step = nperseg - noverlap;

  // Density scale, the one-sided doubling and the segment mean folded into one factor per bin.
  const factor = new Float64Array(nBins);
  const base = 1 / (sfreqHz * windowEnergy * nSegments);
  const lastDoubled = nfft % 2 === 0 ? nBins - 2 : nBins - 1;
  for (let k = 0; k < nBins; k++) factor[k] = k >= 1 && k <= lastDoubled ? 2 * base : base;

  return {
    settings,
    psdInto(signal, offset, out, outOffset) {
      sum.fill(0);
      for (let s = 0; s < nSegments; s++) {
        const start = offset + s * step;
        // One pass windows the raw samples and sums them; a second, in-cache pass removes
        // the segment mean: (x - m) w = x w - m w.
        let total = 0;
        for (let j = 0; j < nperseg; j++) {
          const x = signal[start + j] as number;
          total += x;
          frame[j] = x * (window[j] as number);
        }
        const mean = total / nperseg;
        for (let j = 0; j < nperseg; j++) {
          frame[j] = (frame[j] as number) - mean * (window[j] as number);
        }
        fft.accumulatePower(frame, sum);
      }
      for (let k = 0; k < nBins; k++) {
        out[outOffset + k] = (sum[k] as number) * (factor[k] as number);
      }
    },
  };
}

/** Welch PSD of every epoch and channel. */
export interface EpochsPsd {
  settings: WelchSettings;
  freqsHz: Float64Array;
  nEpochs: number;
  nChannels: number;
  nFreqs: number;
  /** C-ordered (epoch, channel, frequency) densities in unit^2/Hz. */
  psd: Float64Array;
}

/** Welch PSD (scipy.signal.welch conventions, see the file comment) of each epoch x channel. */
export function welchPsd(epochs: Epochs, options: WelchOptions = {}): EpochsPsd {
  const settings = resolveWelchSettings(epochs.nSamples, epochs.sfreqHz, options);
  const plan = createWelchPlan(settings);
  const nFreqs = settings.freqsHz.length;
  const nSignals = epochs.nEpochs * epochs.nChannels;
  const psd = new Float64Array(nSignals * nFreqs);
  for (let i = 0; i < nSignals; i++) {
    plan.psdInto(epochs.data, i * epochs.nSamples, psd, i * nFreqs);
  }
  return {
    settings,
    freqsHz: settings.freqsHz,
    nEpochs: epochs.nEpochs,
    nChannels: epochs.nChannels,
    nFreqs,
    psd,
  };
}
