/**
 * Multitaper power spectral density (Thomson 1982, Proc. IEEE 70(9)) with DPSS tapers,
 * computed as MNE's `psd_array_multitaper(..., adaptive=False, normalization='full')` does:
 *
 * - the whole epoch's mean is removed; NW = bandwidth * n / (2 fs) (MNE's `bandwidth` is the
 *   full bandwidth in Hz; default NW = 4), Kmax = floor(2 NW) periodic tapers (dpss.ts);
 * - with `lowBias` (default) only tapers with concentration ratio lambda > 0.9 are kept;
 * - P_k = c_k sum_t lambda_t |X_t,k|^2 / (fs sum_t lambda_t), X_t the n-point DFT of the
 *   tapered epoch, c_k = 2 except DC and (even n) the Nyquist bin, unit^2/Hz;
 * - frequencies k fs / n, k = 0 .. floor(n/2).
 *
 * Limitation: Thomson's adaptive weights (MNE's adaptive=True) are not implemented; the fixed
 * eigenvalue weights above are used, which is MNE's default.
 */
import { InputError } from '../../util/errors.js';
import { dpssTapers } from './dpss.js';
import { createPowerSpectrumPlan } from './realFft.js';

/** Multitaper options. */
export interface MultitaperOptions {
  /** Full bandwidth in Hz (MNE's `bandwidth`); default 8 fs / n, i.e. NW = 4. */
  bandwidthHz?: number;
  /** Keep only tapers with concentration > 0.9 (MNE's low_bias). Default true. */
  lowBias?: boolean;
}

/** A reusable multitaper estimator for one epoch length; `psdInto` allocates nothing. */
export interface MultitaperPlan {
  readonly freqsHz: Float64Array;
  /** Time-half-bandwidth product NW. */
  readonly nw: number;
  /** Concentration ratios of the tapers used. */
  readonly ratios: Float64Array;
  psdInto(signal: Float64Array, offset: number, out: Float64Array, outOffset: number): void;
}

/**
 * Builds the tapers, FFT plan and buffers for epochs of `nSamples` at `sfreqHz`. Throws
 * InputError (field 'bandwidth') when NW is below 0.5 (MNE's limit) or not below n / 2.
 */
export function createMultitaperPlan(nSamples: number, sfreqHz: number,
  options: MultitaperOptions = {}): MultitaperPlan {
  const nw = options.bandwidthHz === undefined ? 4 : (options.bandwidthHz * nSamples) /
    (2 * sfreqHz);
  if (!(nw >= 0.5) || nw >= nSamples / 2) {
    throw new InputError(
      `bandwidth ${options.bandwidthHz} Hz gives NW = ${nw}; expected 0.5 <= NW < ` +
        `${nSamples / 2} (bandwidth between ${sfreqHz / nSamples} and ${sfreqHz} Hz)`,
      { field: 'bandwidth' },
    );
  }
  const all = dpssTapers(nSamples, nw, Math.floor(2 * nw), true);
  let keep = Array.from({ length: all.nTapers }, (_, t) => t);
  if (options.lowBias ?? true) {
    keep = keep.filter((t) => (all.ratios[t] as number) > 0.9);
    // As MNE: when no taper is concentrated enough, the best one is kept.
    if (keep.length === 0) {
      let best = 0;
      all.ratios.forEach((r, t) => { if (r > (all.ratios[best] as number)) best = t; });
      keep = [best];
    }
  }
  const nTapers = keep.length;
  const tapers = new Float64Array(nTapers * nSamples);
  const ratios = new Float64Array(nTapers);
  keep.forEach((t, i) => {
    tapers.set(all.tapers.subarray(t * nSamples, (t + 1) * nSamples), i * nSamples);
    ratios[i] = all.ratios[t] as number;
  });

  const fft = createPowerSpectrumPlan(nSamples);
  const nBins = fft.nBins;
  const freqsHz = Float64Array.from({ length: nBins }, (_, k) => (k * sfreqHz) / nSamples);
  const ratioSum = ratios.reduce((s, r) => s + r, 0);
  const factor = new Float64Array(nBins);
  const lastDoubled = nSamples % 2 === 0 ? nBins - 2 : nBins - 1;
  for (let k = 0; k < nBins; k++) {
    factor[k] = (k >= 1 && k <= lastDoubled ? 2 : 1) / (sfreqHz * ratioSum);
  }
  const frame = new Float64Array(nSamples);
  const power = new Float64Array(nBins);
  const sum = new Float64Array(nBins);

  return {
    freqsHz,
    nw,
    ratios,
    psdInto(signal, offset, out, outOffset) {
      let mean = 0;
      for (let j = 0; j < nSamples; j++) mean += signal[offset + j] as number;
      mean /= nSamples;
      sum.fill(0);
      for (let t = 0; t < nTapers; t++) {
        const base = t * nSamples;
        for (let j = 0; j < nSamples; j++) {
          frame[j] = ((signal[offset + j] as number) - mean) * (tapers[base + j] as number);
        }
        fft.power(frame, power);
        const weight = ratios[t] as number;
        for (let k = 0; k < nBins; k++) sum[k] = (sum[k] as number) + weight * (power[k] as number);
      }
      for (let k = 0; k < nBins; k++) {
        out[outOffset + k] = (sum[k] as number) * (factor[k] as number);
      }
    },
  };
}
