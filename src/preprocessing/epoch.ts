/**
 * Cutting epochs around events of a continuous recording, with optional baseline correction
 * and peak-to-peak rejection, following MNE's `Epochs` conventions: the window runs from
 * round(tmin x sfreq) to round(tmax x sfreq) samples around the event sample, both ends
 * included; the baseline mean is taken over the samples whose times lie in [bmin, bmax] and
 * subtracted from EEG channels only (MNE leaves non-data channels such as misc or EOG as
 * they are); peak-to-peak rejection looks at EEG channels only.
 */
import type { Epochs, Raw } from '../ingest/eeg/types.js';
import { InputError } from '../util/errors.js';

/** An event to cut around: its sample on the recording and the trial it belongs to. */
export interface EpochAnchor {
  sample: number;
  trialId: string;
}

export interface EpochOptions {
  /** Start and end of the window relative to the event, seconds (end included). */
  tminS: number;
  tmaxS: number;
  /** Baseline window [start, end] in seconds, null ends meaning the window's start / 0. */
  baseline?: [number | null, number | null] | null;
  /** Drop an epoch when any EEG channel's max - min exceeds this, in the channel's unit. */
  rejectPeakToPeak?: number | null;
}

/** An epoch that was not kept, and why. */
export interface DroppedEpoch {
  trialId: string;
  reason: string;
}

export interface EpochResult {
  epochs: Epochs;
  dropped: DroppedEpoch[];
}

/** Sample of an onset in seconds on a recording sampled at sfreqHz (nearest sample). */
export function onsetToSample(onsetS: number, sfreqHz: number): number {
  return Math.round(onsetS * sfreqHz);
}

/**
 * Epochs of every non-stim channel around each anchor. Epochs reaching outside the recording
 * and (when a threshold is given) epochs whose peak-to-peak amplitude on an EEG channel
 * exceeds it are dropped and listed with their reason.
 */
export function epochRaw(raw: Raw, anchors: EpochAnchor[], options: EpochOptions): EpochResult {
  const { tminS, tmaxS } = options;
  if (!(tmaxS > tminS)) {
    throw new InputError(`tmax ${tmaxS} s must be after tmin ${tminS} s`, { field: '--tmax' });
  }
  if (raw.sfreqHz <= 0 || raw.channels.length === 0) {
    throw new InputError('the recording has no data channels to epoch', { file: raw.file });
  }
  const first = Math.round(tminS * raw.sfreqHz);
  const last = Math.round(tmaxS * raw.sfreqHz);
  const nSamples = last - first + 1;
  const picks = raw.channels.map((c, i) => (c.type === 'stim' ? -1 : i)).filter((i) => i >= 0);
  const isEeg = picks.map((c) => raw.channels[c]?.type === 'eeg');
  const baselineMask = baselineSamples(first, nSamples, raw.sfreqHz, options);
  const length = raw.samples[0]?.length ?? 0;

  const kept: { trialId: string; values: Float64Array }[] = [];
  const dropped: DroppedEpoch[] = [];
  for (const anchor of anchors) {
    const start = anchor.sample + first;
    if (start < 0 || start + nSamples > length) {
      dropped.push({
        trialId: anchor.trialId,
        reason: `window samples ${start}..${start + nSamples - 1} fall outside the recording ` +
          `(0..${length - 1})`,
      });
      continue;
    }
    const values = new Float64Array(picks.length * nSamples);
    picks.forEach((c, k) => {
      values.set((raw.samples[c] as Float64Array).subarray(start, start + nSamples), k * nSamples);
    });
    if (baselineMask !== null) subtractBaseline(values, isEeg, nSamples, baselineMask);
    const rejection = options.rejectPeakToPeak ?? null;
    const worst = rejection === null ? null
      : worstPeakToPeak(values, nSamples, isEeg, picks.map((c) => raw.channels[c]?.name ?? ''));
    if (rejection !== null && worst !== null && worst.ptp > rejection) {
      dropped.push({
        trialId: anchor.trialId,
        reason: `peak-to-peak ${worst.ptp.toPrecision(4)} on channel '${worst.channel}' ` +
          `exceeds ${rejection}`,
      });
      continue;
    }
    kept.push({ trialId: anchor.trialId, values });
  }

  const data = new Float64Array(kept.length * picks.length * nSamples);
  kept.forEach((e, i) => data.set(e.values, i * picks.length * nSamples));
  return {
    epochs: {
      channelNames: picks.map((c) => raw.channels[c]?.name ?? ''),
      units: picks.map((c) => raw.channels[c]?.unit ?? ''),
      sfreqHz: raw.sfreqHz,
      tminS: first / raw.sfreqHz,
      nEpochs: kept.length,
      nChannels: picks.length,
      nSamples,
      data,
      trialIds: kept.map((e) => e.trialId),
    },
    dropped,
  };
}

/** Which samples of the epoch form the baseline; null when there is no baseline correction. */
function baselineSamples(first: number, nSamples: number, sfreqHz: number,
  options: EpochOptions): Uint8Array | null {
  const baseline = options.baseline ?? null;
  if (baseline === null) return null;
  const from = baseline[0] ?? first / sfreqHz;
  const to = baseline[1] ?? 0;
  // Half a sample of tolerance so that bounds given in seconds include their own sample.
  const tolerance = 0.5 / sfreqHz;
  const mask = new Uint8Array(nSamples);
  let count = 0;
  for (let k = 0; k < nSamples; k += 1) {
    const t = (first + k) / sfreqHz;
    if (t >= from - tolerance && t <= to + tolerance) {
      mask[k] = 1;
      count += 1;
    }
  }
  if (count === 0 || to < from) {
    throw new InputError(
      `baseline [${from}, ${to}] s contains no sample of the epoch window ` +
        `[${first / sfreqHz}, ${(first + nSamples - 1) / sfreqHz}] s`,
      { field: '--baseline' },
    );
  }
  return mask;
}

/** Baseline correction of the EEG channels (MNE corrects data channels only). */
function subtractBaseline(values: Float64Array, isEeg: boolean[], nSamples: number,
  mask: Uint8Array): void {
  for (let c = 0; c < isEeg.length; c += 1) {
    if (!isEeg[c]) continue;
    const row = values.subarray(c * nSamples, (c + 1) * nSamples);
    let sum = 0;
    let count = 0;
    for (let k = 0; k < nSamples; k += 1) {
      if (mask[k] === 1) {
        sum += row[k] as number;
        count += 1;
      }
    }
    const mean = sum / count;
    for (let k = 0; k < nSamples; k += 1) row[k] = (row[k] as number) - mean;
  }
}

function worstPeakToPeak(values: Float64Array, nSamples: number, isEeg: boolean[],
  names: string[]): { ptp: number; channel: string } | null {
  let worst: { ptp: number; channel: string } | null = null;
  isEeg.forEach((eeg, c) => {
    if (!eeg) return;
    let min = Infinity;
    let max = -Infinity;
    for (let k = c * nSamples; k < (c + 1) * nSamples; k += 1) {
      const v = values[k] as number;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (worst === null || max - min > worst.ptp) {
      worst = { ptp: max - min, channel: names[c] ?? '' };
    }
  });
  return worst;
}
