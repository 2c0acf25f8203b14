/**
 * Frequency bands and log band power. A band [loHz, hiHz) holds the PSD bins with
 * loHz <= f < hiHz; its power is log10 of the mean density over those bins (unit^2/Hz), so a
 * band's value does not depend on how many bins it spans. Relative power is log10 of the
 * band's summed density over the summed density of a total range (default: from the lowest
 * band edge to the highest, 1-45 Hz for the default bands), a value <= 0.
 */
import { InputError } from '../../util/errors.js';
import type { PsdArray } from './spectrum.js';

/** A named frequency band, loHz <= f < hiHz. */
export interface Band {
  name: string;
  loHz: number;
  hiHz: number;
}

/**
 * Conventional EEG bands (e.g. Cohen 2014, "Analyzing Neural Time Series Data", ch. 11 uses
 * the same edges): delta 1-4, theta 4-8, alpha 8-13, beta 13-30, gamma 30-45 Hz. Gamma stops
 * at 45 Hz to stay below 50 Hz line noise.
 */
export const DEFAULT_BANDS: readonly Band[] = [
  { name: 'delta', loHz: 1, hiHz: 4 },
  { name: 'theta', loHz: 4, hiHz: 8 },
  { name: 'alpha', loHz: 8, hiHz: 13 },
  { name: 'beta', loHz: 13, hiHz: 30 },
  { name: 'gamma', loHz: 30, hiHz: 45 },
];

const BAND_PATTERN = /^([A-Za-z][A-Za-z0-9_]*):([0-9]*\.?[0-9]+)-([0-9]*\.?[0-9]+)$/;

/**
 * Parses "name:lo-hi,name:lo-hi" (Hz), e.g. "theta:4-8,alpha:8-13". Throws InputError (field
 * 'bands') for bad syntax, lo >= hi, repeated names or overlapping bands.
 */
export function parseBands(text: string): Band[] {
  const items = text.split(',').map((item) => item.trim());
  const bands = items.map((item) => {
    const match = BAND_PATTERN.exec(item);
    if (match === null) {
      throw new InputError(
        `expected name:lo-hi in Hz (e.g. theta:4-8), found '${item}'`,
        { field: 'bands' },
      );
    }
    return { name: match[1] as string, loHz: Number(match[2]), hiHz: Number(match[3]) };
  });
  validateBands(bands);
  return bands;
}

/** Checks names, edges (0 <= lo < hi, finite) and that no two bands overlap. */
export function validateBands(bands: readonly Band[]): void {
  if (bands.length === 0) {
    throw new InputError('expected at least one band, found none', { field: 'bands' });
  }
  const names = new Set<string>();
  for (const band of bands) {
    if (!(band.loHz >= 0) || !Number.isFinite(band.hiHz) || !(band.loHz < band.hiHz)) {
      throw new InputError(
        `expected 0 <= lo < hi for band '${band.name}', found ${band.loHz}-${band.hiHz} Hz`,
        { field: 'bands' },
      );
    }
    if (names.has(band.name)) {
      throw new InputError(`expected distinct band names, found '${band.name}' twice`, {
        field: 'bands',
      });
    }
    names.add(band.name);
  }
  const sorted = [...bands].sort((a, b) => a.loHz - b.loHz);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1] as Band;
    const current = sorted[i] as Band;
    if (current.loHz < previous.hiHz) {
      throw new InputError(
        `expected non-overlapping bands, found '${previous.name}' ` +
          `${previous.loHz}-${previous.hiHz} Hz overlapping '${current.name}' ` +
          `${current.loHz}-${current.hiHz} Hz`,
        { field: 'bands' },
      );
    }
  }
}

/** Options of `bandPower`. */
export interface BandPowerOptions {
  /** Bands to report, in output order. Default DEFAULT_BANDS. */
  bands?: readonly Band[];
  /** Report log10(band sum / total sum) instead of log10(mean density). Default false. */
  relative?: boolean;
  /** [lo, hi) in Hz of the total power for `relative`. Default [lowest lo, highest hi). */
  totalRangeHz?: readonly [number, number];
}

/** A band-power evaluator for one frequency grid; `apply` allocates nothing. */
export interface BandPowerPlan {
  readonly bands: readonly Band[];
  readonly relative: boolean;
  readonly totalRangeHz: readonly [number, number];
  /**
   * Reads one spectrum from `psd[psdOffset ..]` and writes one value per band to
   * `out[outOffset + b * outStride]`.
   */
  apply(
    psd: Float64Array,
    psdOffset: number,
    out: Float64Array,
    outOffset: number,
    outStride: number,
  ): void;
}

/**
 * Resolves each band (and the total range) to its bins of `freqsHz`. Throws InputError when a
 * band reaches above the highest frequency (the Nyquist frequency) or contains no bin at this
 * frequency resolution.
 */
export function createBandPowerPlan(
  freqsHz: Float64Array,
  options: BandPowerOptions = {},
): BandPowerPlan {
  const bands = options.bands ?? DEFAULT_BANDS;
  validateBands(bands);
  const relative = options.relative ?? false;
  const totalRangeHz: readonly [number, number] = options.totalRangeHz ?? [
    Math.min(...bands.map((band) => band.loHz)),
    Math.max(...bands.map((band) => band.hiHz)),
  ];
  const nyquist = freqsHz[freqsHz.length - 1] as number;
  const resolution = freqsHz.length > 1 ? (freqsHz[1] as number) : Number.NaN;
  const binRange = (label: string, lo: number, hi: number): [number, number] => {
    if (hi > nyquist + resolution) {
      throw new InputError(
        `${label} ${lo}-${hi} Hz reaches above the highest frequency, ${nyquist} Hz`,
        { field: 'bands' },
      );
    }
    let first = 0;
    while (first < freqsHz.length && (freqsHz[first] as number) < lo) first++;
    let end = first;
    while (end < freqsHz.length && (freqsHz[end] as number) < hi) end++;
    if (end === first) {
      throw new InputError(
        `${label} ${lo}-${hi} Hz contains no frequency bin at ${resolution} Hz resolution`,
        { field: 'bands' },
      );
    }
    return [first, end];
  };
  const ranges = bands.map((band) => binRange(`band '${band.name}'`, band.loHz, band.hiHz));
  const [totalFirst, totalEnd] = relative
    ? binRange('total range', totalRangeHz[0], totalRangeHz[1])
    : [0, 0];

  return {
    bands,
    relative,
    totalRangeHz,
    apply(psd, psdOffset, out, outOffset, outStride) {
      let total = 0;
      for (let k = totalFirst; k < totalEnd; k++) total += psd[psdOffset + k] as number;
      for (let b = 0; b < ranges.length; b++) {
        const [first, end] = ranges[b] as [number, number];
        let sum = 0;
        for (let k = first; k < end; k++) sum += psd[psdOffset + k] as number;
        out[outOffset + b * outStride] = relative
          ? Math.log10(sum / total)
          : Math.log10(sum / (end - first));
      }
    },
  };
}

/** Log band power of every epoch and channel. */
export interface EpochsBandPower {
  bands: readonly Band[];
  relative: boolean;
  totalRangeHz: readonly [number, number];
  nEpochs: number;
  nChannels: number;
  /** C-ordered (epoch, channel, band) log10 values. */
  values: Float64Array;
}

/** log10 band power (or relative power) of each epoch x channel spectrum in `psd`. */
export function bandPower(psd: PsdArray, options: BandPowerOptions = {}): EpochsBandPower {
  const plan = createBandPowerPlan(psd.freqsHz, options);
  const nBands = plan.bands.length;
  const nSignals = psd.nEpochs * psd.nChannels;
  const values = new Float64Array(nSignals * nBands);
  for (let i = 0; i < nSignals; i++) plan.apply(psd.psd, i * psd.nFreqs, values, i * nBands, 1);
  return {
    bands: plan.bands,
    relative: plan.relative,
    totalRangeHz: plan.totalRangeHz,
    nEpochs: psd.nEpochs,
    nChannels: psd.nChannels,
    values,
  };
}
