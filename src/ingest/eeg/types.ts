/**
 * EEG records shared by every reader. Metadata travels with the samples (as MNE's `info`):
 * channel names, units and the sampling rate are never separated from the data.
 */

/** Kind of a channel, following MNE's channel types where they apply. */
export type ChannelType = 'eeg' | 'eog' | 'ecg' | 'emg' | 'stim' | 'misc' | 'resp' | 'other';

export interface ChannelInfo {
  name: string;
  type: ChannelType;
  /** Physical unit of the samples as stored in `Raw.samples` ('uV', 'V', ...). */
  unit: string;
}

/** An event or annotation, timed from the first sample of the recording. */
export interface RawEvent {
  onsetS: number;
  durationS: number;
  description: string;
}

/** A continuous recording in physical units. */
export interface Raw {
  /** Path of the file it was read from. */
  file: string;
  format: 'edf' | 'bdf' | 'brainvision' | 'xdf' | 'epochs';
  channels: ChannelInfo[];
  sfreqHz: number;
  /** One Float64Array per channel, all of equal length, in the channel's unit. */
  samples: Float64Array[];
  /** ISO 8601 date-time of the first sample, or null when the file does not say. */
  startTime: string | null;
  events: RawEvent[];
  /** What the reader left out or changed (annotation signals, ignored streams), one line each. */
  notes?: string[];
}

/**
 * Epochs: C-ordered (epoch, channel, sample) values in `units` (one per channel), as in the
 * ready-epochs format (JSON header beside a little-endian float64 body).
 */
export interface Epochs {
  channelNames: string[];
  units: string[];
  sfreqHz: number;
  /** Time of the first sample of each epoch relative to its event, in seconds (e.g. -0.2). */
  tminS: number;
  nEpochs: number;
  nChannels: number;
  nSamples: number;
  data: Float64Array;
  /** Trial id of each epoch (participant-level trial index), when known. */
  trialIds?: string[];
}
