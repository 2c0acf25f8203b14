/**
 * ERP mean amplitudes: per epoch and channel, the mean of the baseline-corrected signal over
 * a time window, in the epochs' units (e.g. uV).
 *
 * Sample times are t_i = tmin + i / fs. As MNE's `Epochs.crop` does, window edges are first
 * rounded to the nearest sample (ties to even, as Python's round); a window [start, end)
 * then holds the samples from the one at round(start * fs) up to, not including, the one at
 * round(end * fs). The baseline interval [bmin, bmax] includes both rounded ends, as MNE's
 * `apply_baseline` does for edges on the sample grid. Baseline correction subtracts each
 * epoch's and channel's own baseline mean (MNE's mode 'mean'), so the value is
 * mean(window) - mean(baseline).
 */
import type { Epochs } from '../../ingest/eeg/types.js';
import { InputError } from '../../util/errors.js';

/** A named latency window [startS, endS) in seconds from the event. */
export interface ErpWindow {
  name: string;
  startS: number;
  endS: number;
}

/**
 * Default windows for stimulus-locked ERPs: N2 200-300 ms, P3 300-500 ms and a late
 * positive / slow-wave window 500-800 ms. These are conventional spans for the components,
 * not fitted to any data set; set `windows` to suit the paradigm.
 */
export const DEFAULT_ERP_WINDOWS: readonly ErpWindow[] = [
  { name: 'N2', startS: 0.2, endS: 0.3 },
  { name: 'P3', startS: 0.3, endS: 0.5 },
  { name: 'late', startS: 0.5, endS: 0.8 },
];

/** Options of `erpMeans`. */
export interface ErpOptions {
  /** Windows, in output order. Default DEFAULT_ERP_WINDOWS. */
  windows?: readonly ErpWindow[];
  /**
   * Baseline [bmin, bmax] in seconds, null for an end meaning the epoch's first (bmin) or
   * last (bmax) sample; `null` as a whole for no baseline correction. Default [null, 0]:
   * from the epoch's start to the event (MNE's default (None, 0)).
   */
  baselineS?: readonly [number | null, number | null] | null;
}

/** Sample geometry of the epochs a plan is built for. */
export interface ErpGeometry {
  sfreqHz: number;
  tminS: number;
  nSamples: number;
}

/** ERP means for one epoch geometry; `apply` allocates nothing. */
export interface ErpPlan {
  readonly windows: readonly ErpWindow[];
  /** [first, end) sample indices of each window. */
  readonly windowSamples: ReadonlyArray<readonly [number, number]>;
  /** [first, end) sample indices of the baseline, or null for none. */
  readonly baselineSamples: readonly [number, number] | null;
  /**
   * Reads one channel's epoch from `data[offset .. offset + nSamples)` and writes one mean
   * per window to `out[outOffset + w * outStride]`.
   */
  apply(data: Float64Array, offset: number, out: Float64Array, outOffset: number,
    outStride: number): void;
}

/**
 * Resolves windows and baseline to sample ranges. Throws InputError (field 'windows' or
 * 'baseline') when a window is empty, reversed or reaches outside the epoch, or when the
 * default baseline has no pre-event samples (tmin >= 0).
 */
export function createErpPlan(geometry: ErpGeometry, options: ErpOptions = {}): ErpPlan {
  const { sfreqHz, tminS, nSamples } = geometry;
  const windows = options.windows ?? DEFAULT_ERP_WINDOWS;
  validateWindows(windows);
  const firstIndex = roundHalfEven(tminS * sfreqHz);
  const lastTimeS = (firstIndex + nSamples - 1) / sfreqHz;
  const toSample = (timeS: number): number => roundHalfEven(timeS * sfreqHz) - firstIndex;

  const windowSamples = windows.map((window): [number, number] => {
    const first = toSample(window.startS);
    const end = toSample(window.endS);
    if (first < 0 || end > nSamples || end <= first) {
      throw new InputError(
        `window '${window.name}' ${window.startS}-${window.endS} s covers samples ` +
          `[${first}, ${end}); expected a non-empty range inside the epoch ` +
          `(${tminS} to ${lastTimeS} s, ${nSamples} samples at ${sfreqHz} Hz)`,
        { field: 'windows' },
      );
    }
    return [first, end];
  });

  const baselineSamples = resolveBaseline(options, geometry, toSample, lastTimeS);
  const nWindows = windows.length;

  return {
    windows,
    windowSamples,
    baselineSamples,
    apply(data, offset, out, outOffset, outStride) {
      let baseline = 0;
      if (baselineSamples !== null) {
        const [first, end] = baselineSamples;
        for (let i = first; i < end; i++) baseline += data[offset + i] as number;
        baseline /= end - first;
      }
      for (let w = 0; w < nWindows; w++) {
        const [first, end] = windowSamples[w] as [number, number];
        let sum = 0;
        for (let i = first; i < end; i++) sum += data[offset + i] as number;
        out[outOffset + w * outStride] = sum / (end - first) - baseline;
      }
    },
  };
}

/**
 * Nearest integer, ties to even: Python's round(), which MNE uses to put window edges on the
 * sample grid (0.25 s at 250 Hz is sample 62.5 -> 62, where Math.round would give 63).
 */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

function resolveBaseline(
  options: ErpOptions,
  geometry: ErpGeometry,
  toSample: (timeS: number) => number,
  lastTimeS: number,
): [number, number] | null {
  if (options.baselineS === null) return null;
  const usesDefault = options.baselineS === undefined;
  const [bmin, bmax] = options.baselineS ?? [null, 0];
  const first = bmin === null ? 0 : toSample(bmin);
  const end = bmax === null ? geometry.nSamples : toSample(bmax) + 1;
  const describe = `${bmin ?? geometry.tminS} to ${bmax ?? lastTimeS} s`;
  if (usesDefault && geometry.tminS >= 0) {
    throw new InputError(
      `the default baseline (epoch start to 0 s) needs epochs that start before the event; ` +
        `found tmin = ${geometry.tminS} s. Give a baseline interval or none`,
      { field: 'baseline' },
    );
  }
  if (first < 0 || end > geometry.nSamples || end <= first) {
    throw new InputError(
      `baseline ${describe} covers samples [${first}, ${end}); expected a non-empty ` +
        `range inside the epoch (${geometry.nSamples} samples)`,
      { field: 'baseline' },
    );
  }
  return [first, end];
}

/** Checks window names are distinct and edges finite with start < end. */
export function validateWindows(windows: readonly ErpWindow[]): void {
  if (windows.length === 0) {
    throw new InputError('expected at least one ERP window, found none', { field: 'windows' });
  }
  const names = new Set<string>();
  for (const window of windows) {
    if (!Number.isFinite(window.startS) || !Number.isFinite(window.endS) ||
      !(window.startS < window.endS)) {
      throw new InputError(
        `expected start < end for window '${window.name}', found ` +
          `${window.startS}-${window.endS} s`,
        { field: 'windows' },
      );
    }
    if (names.has(window.name)) {
      throw new InputError(`expected distinct window names, found '${window.name}' twice`, {
        field: 'windows',
      });
    }
    names.add(window.name);
  }
}

/** ERP window means of every epoch and channel. */
export interface EpochsErpMeans {
  windows: readonly ErpWindow[];
  nEpochs: number;
  nChannels: number;
  /** C-ordered (epoch, channel, window) means in each channel's unit. */
  values: Float64Array;
}

/** Baseline-corrected mean amplitude of each epoch x channel in each window. */
export function erpMeans(epochs: Epochs, options: ErpOptions = {}): EpochsErpMeans {
  const plan = createErpPlan(epochs, options);
  const nWindows = plan.windows.length;
  const nSignals = epochs.nEpochs * epochs.nChannels;
  const values = new Float64Array(nSignals * nWindows);
  for (let i = 0; i < nSignals; i++) {
    plan.apply(epochs.data, i * epochs.nSamples, values, i * nWindows, 1);
  }
  return { windows: plan.windows, nEpochs: epochs.nEpochs, nChannels: epochs.nChannels, values };
}
