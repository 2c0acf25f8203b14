/**
 * From participants' kept-trial epochs to EEGNet's input rows: every channel standardised
 * with the training trials' per-channel mean and SD, plus (optionally) one condition row that
 * is +1 for a mapping-B trial and -1 for a mapping-A trial at every sample, so the network
 * sees which IAT condition a trial came from. Each trial carries its participant's label and
 * a weight that gives every participant, and each class, an equal share of the loss.
 */
import type { ParticipantEpochs } from '../../model/estimator.js';
import { InputError } from '../../util/errors.js';

/** What every participant's epochs must share, taken from the first with trials. */
export interface EpochLayout {
  channelNames: string[];
  nSamples: number;
  sfreqHz: number;
}

/** Per-channel centre and scale, learned on the training trials. */
export interface ChannelScaling {
  mean: Float64Array;
  sd: Float64Array;
}

/** Trials ready for the network: (trial, row, sample) in C order, float32. */
export interface TrialBatchSource {
  data: Float32Array;
  nTrials: number;
  /** Input rows: channels, plus 1 with the condition row. */
  rows: number;
  nSamples: number;
  /** Dataset row (participant) of each trial. */
  owner: Int32Array;
}

/**
 * The shared channel layout of `sets` (participants without trials are skipped); InputError
 * naming the first participant whose channels, sampling rate or epoch length differ.
 */
export function epochLayout(sets: readonly ParticipantEpochs[],
  participantIds: readonly string[]): EpochLayout | null {
  let layout: EpochLayout | null = null;
  sets.forEach((set, s) => {
    if (set.nTrials === 0) return;
    if (set.data.length !== set.nTrials * set.nChannels * set.nSamples
      || set.mappingB.length !== set.nTrials || set.channelNames.length !== set.nChannels) {
      throw new InputError(`eegnet: participant '${participantIds[s]}' has ${set.data.length} `
        + `samples and ${set.mappingB.length} conditions for ${set.nTrials} trials x `
        + `${set.nChannels} channels x ${set.nSamples} samples`, { field: 'trials' });
    }
    if (layout === null) {
      layout = { channelNames: set.channelNames, nSamples: set.nSamples, sfreqHz: set.sfreqHz };
      return;
    }
    const same = set.sfreqHz === layout.sfreqHz && set.nSamples === layout.nSamples
      && set.channelNames.length === layout.channelNames.length
      && set.channelNames.every((name, c) => name === layout!.channelNames[c]);
    if (!same) {
      throw new InputError(`eegnet: participant '${participantIds[s]}' has epochs of `
        + `${set.nChannels} channels x ${set.nSamples} samples at ${set.sfreqHz} Hz `
        + `(${set.channelNames.slice(0, 4).join(', ')}, ...); expected `
        + `${layout.channelNames.length}`
        + ` x ${layout.nSamples} at ${layout.sfreqHz} Hz (${layout.channelNames.slice(0, 4)
          .join(', ')}, ...), the same channels in the same order`, { field: 'trials' });
    }
  });
  return layout;
}

/** Per-channel mean and population SD over the picked trials and all their samples. */
export function channelScaling(sets: readonly ParticipantEpochs[],
  picks: readonly Int32Array[], nChannels: number): ChannelScaling {
  const sum = new Float64Array(nChannels);
  const squares = new Float64Array(nChannels);
  let count = 0;
  sets.forEach((set, s) => {
    const T = set.nSamples;
    for (const trial of picks[s]!) {
      for (let c = 0; c < nChannels; c++) {
        const start = (trial * nChannels + c) * T;
        for (let t = 0; t < T; t++) {
          const value = set.data[start + t]!;
          sum[c] += value;
          squares[c] += value * value;
        }
      }
      count += T;
    }
  });
  const mean = new Float64Array(nChannels);
  const sd = new Float64Array(nChannels);
  for (let c = 0; c < nChannels; c++) {
    mean[c] = sum[c]! / count;
    const variance = Math.max(0, squares[c]! / count - mean[c]! ** 2);
    sd[c] = variance > 0 ? Math.sqrt(variance) : 1;
  }
  return { mean, sd };
}

/** The picked trials of `sets`, standardised, with the condition row when asked for. */
export function trialInputs(sets: readonly ParticipantEpochs[], picks: readonly Int32Array[],
  scaling: ChannelScaling, conditionRow: boolean): TrialBatchSource {
  const nChannels = scaling.mean.length;
  const rows = nChannels + (conditionRow ? 1 : 0);
  const nTrials = picks.reduce((total, pick) => total + pick.length, 0);
  const nSamples = sets.find((_, s) => picks[s]!.length > 0)?.nSamples ?? 0;
  const data = new Float32Array(nTrials * rows * nSamples);
  const owner = new Int32Array(nTrials);
  let k = 0;
  sets.forEach((set, s) => {
    for (const trial of picks[s]!) {
      const out = k * rows * nSamples;
      for (let c = 0; c < nChannels; c++) {
        const from = (trial * nChannels + c) * nSamples;
        const to = out + c * nSamples;
        const centre = scaling.mean[c]!;
        const scale = scaling.sd[c]!;
        for (let t = 0; t < nSamples; t++) data[to + t] = (set.data[from + t]! - centre) / scale;
      }
      if (conditionRow) {
        data.fill(set.mappingB[trial] === 1 ? 1 : -1, out + nChannels * nSamples,
          out + rows * nSamples);
      }
      owner[k] = s;
      k++;
    }
  });
  return { data, nTrials, rows, nSamples, owner };
}

/**
 * Trial weights giving each participant an equal share within its class and each class an
 * equal share overall: w = 1 / (2 * participants of the class * trials of the participant),
 * rescaled to mean 1 over the trials.
 */
export function balancedTrialWeights(owner: Int32Array, labels: Float64Array): Float32Array {
  const trialsOf = new Map<number, number>();
  for (const s of owner) trialsOf.set(s, (trialsOf.get(s) ?? 0) + 1);
  const participantsOf = [0, 0];
  for (const s of trialsOf.keys()) participantsOf[labels[s]!]! += 1;
  const weights = new Float32Array(owner.length);
  let total = 0;
  owner.forEach((s, k) => {
    const weight = 1 / (2 * participantsOf[labels[s]!]! * trialsOf.get(s)!);
    weights[k] = weight;
    total += weight;
  });
  const mean = total / Math.max(1, owner.length);
  for (let k = 0; k < weights.length; k++) weights[k] = weights[k]! / mean;
  return weights;
}
